"""The drift report: ``drift.md`` and its charts, from asv's result files.

The page (MyST Markdown, for the documentation's results) has: what was measured (each
environment's scipy and numpy, the other packages pinned, the time asv spent); the
seed's table release by release beside the seed's own numbers, and the first measured
release with each changed count; a summary of the changes per method; and for each
method that changed, its chart and every change with its cause or "unexplained".
Every number on it comes from the result files (and the optional timings the command
measured); nothing is typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optbench.drift.causes import CAUSES, causes_of
from optbench.drift.changes import ACCURACY_DECADES, ACCURACY_FLOOR, METRICS, find_changes
from optbench.drift.charts import write_chart
from optbench.drift.results import Environment, read_results
from optbench.drift.seed import (
    COUNTS,
    SEED_SOLVERS,
    SEED_TABLE,
    FirstChange,
    first_changes,
    seed_runs,
)
from optbench.report.docs_pages import INDEX, index_page
from optbench.report.tables import records_markdown

#: The page's file name, and the folder of its charts beside it.
PAGE = "drift.md"
CHARTS = "drift"

#: The earliest scipy release with a wheel for Python 3.11 (cp311) on PyPI; the seed's
#: old releases (1.3 to 1.8) have none, so they cannot be measured on the project's Python.
FIRST_CP311 = "1.9.2"


@dataclass(frozen=True)
class Timings:
    """What the command measured: seconds to build the environments (``asv setup``),
    to run the benchmarks (``asv run``), and the whole command, and how many
    environments ``asv setup`` created (the others existed); ``None`` where not measured
    (a report of existing results)."""

    setup_s: float | None = None
    run_s: float | None = None
    total_s: float | None = None
    built: int | None = None


def _number(value: float) -> str:
    """A count or value for a table: integers bare, others to 10 significant digits."""
    if math.isnan(value):
        return "-"
    return str(int(value)) if value.is_integer() else f"{value:.10g}"


def _change(metric: str, before: float, after: float) -> str:
    """How much a metric changed, in words.

    Examples
    --------
    >>> _change("nfev", 53.0, 51.0)
    '-2 (-3.8 %)'
    >>> _change("log10_f_error", -8.0, -4.5)
    '+3.5 decades'
    >>> _change("success", 1.0, 0.0)
    'solved → not solved'
    >>> _change("ran", 0.0, 1.0), _change("nit", float("nan"), 2.0)
    ('now runs', 'now reported')
    """
    if metric == "ran":
        return "now runs" if after else "no longer runs (skipped or an error)"
    if math.isnan(before):
        return "now reported"
    if math.isnan(after):
        return "no longer reported"
    if metric == "success":
        word = {1.0: "solved", 0.0: "not solved"}
        return f"{word[before]} → {word[after]}"
    if metric == "log10_f_error":
        return f"{after - before:+.1f} decades"
    percent = f" ({100 * (after - before) / before:+.1f} %)" if before else ""
    return f"{after - before:+.0f}{percent}"


def _cause_cell(solver: str, metric: str, before: str | None, after: str) -> str:
    """The causes of a change as Markdown links, or "unexplained"."""
    found = causes_of(solver, metric, before, after)
    if not found:
        return "unexplained"
    return "; ".join(f"[{cause.summary}]({cause.link})"
                     + ("" if cause.confirmed else " (candidate)") for cause in found)


def _numpy_steps(environments: list[Environment]) -> str:
    """A sentence naming the consecutive environments that differ in numpy alone.

    Examples
    --------
    >>> env = lambda s, n: Environment(s, n, 0.0, 0.0, 0, "", "")
    >>> _numpy_steps([env("1.10.1", "1.25.2"), env("1.10.1", "1.26.4")])
    'Between scipy 1.10.1 with numpy 1.25.2 and with numpy 1.26.4 only numpy changes.'
    """
    steps = [f"scipy {a.scipy} with numpy {a.numpy} and with numpy {b.numpy}"
             for a, b in zip(environments, environments[1:], strict=False)
             if a.scipy == b.scipy]
    if not steps:
        return ""
    return f"Between {', and between '.join(steps)} only numpy changes."


def _grids(table: pd.DataFrame, environments: list[Environment]) -> list[str]:
    """Each environment's grids: "all" where it measured every grid of the table."""
    every = sorted(set(table["grid"]))
    found = table.groupby("environment")["grid"].agg(lambda grids: sorted(set(grids)))
    return ["all" if found[env.label] == every else ", ".join(found[env.label])
            for env in environments]


def environments_section(table: pd.DataFrame, environments: list[Environment],
                         timings: Timings) -> str:
    """What was measured, on which machine, and how long it took."""
    grids = _grids(table, environments)
    frame = pd.DataFrame({
        "scipy": [env.scipy for env in environments],
        "numpy": [env.numpy for env in environments],
        "grid (s)": [f"{env.grid_s:.0f}" for env in environments],
        "optbench build (s)": [f"{env.build_s:.0f}" if env.build_s else "-"
                               for env in environments],
        "optbench commit": [f"`{env.commit[:8]}`" for env in environments],
        "grids": grids,
    })
    pinned = ", ".join(f"{name} {version}" for name, version in environments[-1].others)
    newest = environments[-1]
    lines = [
        "## What was measured", "",
        f"{len(environments)} environments: the latest patch of each scipy release line "
        "with a wheel for Python 3.11, each with a numpy it supports (some with two); the "
        "earliest measured is "
        f"scipy {environments[0].scipy}. scipy's first release with a Python 3.11 wheel is "
        f"{FIRST_CP311}, so the seed's older scipy (and every release from 1.3 to 1.8) "
        "cannot be measured on the project's Python: the seed's numbers are its own "
        f"column below. {_numpy_steps(environments)} Each environment also holds optbench "
        f"(the commit asv built) and the same pinned packages: {pinned}. asv's machine: "
        f"`{newest.machine}`.", "",
        records_markdown(frame), "",
        "*grid*: the seconds asv spent making every run of the grid in that environment "
        "(each class's `setup_cache`); *optbench build*: building and installing optbench "
        "into it (-: asv reused a build and recorded none); *grids*: the grids measured "
        "(a grid is compared between the environments that measured it).",
    ]
    if timings.total_s is not None:
        built = ("" if timings.built is None else
                 f" ({timings.built} created, the others there from an earlier run)")
        lines += ["", f"The command that made these results took {timings.total_s / 60:.1f} "
                  f"minutes before writing this page: `asv setup` "
                  f"{(timings.setup_s or 0) / 60:.1f} minutes{built}, `asv run` "
                  f"{(timings.run_s or 0) / 60:.1f} minutes (the grids, a process forked "
                  "per benchmark and parameter combination, building optbench into each "
                  "environment)."]
    return "\n".join(lines)


def _seed_solver_table(runs: pd.DataFrame, solver: str, labels: list[str]) -> str:
    """One seed solver's counts and x: the seed's row, then one row per environment,
    bold where a count differs from the seed's."""
    seed = SEED_TABLE[solver]
    rows = [["seed (an old scipy)", *(_number(float(v)) if v is not None else "-"
                                      for v in seed[:3]), repr(seed[3])]]
    for label in labels:
        cells = []
        for index, metric in enumerate(COUNTS.values()):
            value = float(runs.loc[(solver, label), metric])
            text = _number(value)
            seed_value = seed[index]
            differs = not math.isnan(value) and (seed_value is None or value != seed_value)
            cells.append(f"**{text}**" if differs else text)
        x = float(runs.loc[(solver, label), "x"])
        rows.append([label, *cells, "-" if math.isnan(x) else f"{x:.12g}"])
    frame = pd.DataFrame(rows, columns=["scipy", *COUNTS, "x"])
    return records_markdown(frame)


def _first_change_table(found: list[FirstChange]) -> str:
    """The first measured release with each changed seed count."""
    rows = []
    for change in found:
        where = (f"{change.first} or older (the earliest release measured)"
                 if change.at_earliest else
                 f"{change.first} ({change.before}: {_number(change.before_value or math.nan)})")
        causes = _cause_cell(change.solver, COUNTS[change.count], change.before, change.first)
        rows.append([change.solver, change.count,
                     "-" if change.seed is None else str(change.seed),
                     _number(change.newest), where, causes])
    frame = pd.DataFrame(rows, columns=["solver", "count", "seed", "measured now",
                                        "first release with it", "cause"])
    return records_markdown(frame)


def seed_section(table: pd.DataFrame, environments: list[Environment]) -> str:
    """The seed's table, release by release, and when each changed count first shows."""
    runs = seed_runs(table, environments)
    labels = [env.label for env in environments]
    lines = ["## The seed's table, release by release", "",
             "The seed's experiment: `x**2 - 4x + 8` from `x0 = 1.3` with the legacy "
             "functions it called (`fmin`, `fmin_powell`, and `fmin_bfgs`, `fmin_cg` "
             "without `fprime`). *njev* is the gradient evaluations scipy reports (the "
             "seed's column: finite-difference estimates). Bold: a count other than the "
             "seed's."]
    for solver in SEED_SOLVERS:
        lines += ["", f"### {solver}", "", _seed_solver_table(runs, solver, labels)]
    found = first_changes(runs, environments)
    lines += ["", "### The first release with each new count", "",
              "Counted back from the newest release measured while the count holds. Where "
              "it already holds in the earliest release measured, the change is at that "
              "release or older, and the measurement cannot say which: releases before "
              f"{FIRST_CP311} have no Python 3.11 wheel.", ""]
    lines.append(_first_change_table(found) if found else "No count differs from the seed's.")
    return "\n".join(lines)


def _changes_table(changes: pd.DataFrame) -> str:
    """One method's changes, with their causes."""
    rows = [[row.problem, METRICS[row.metric], f"{row.before_env} → {row.after_env}",
             _number(row.before), _number(row.after), _change(row.metric, row.before,
                                                                row.after),
             _cause_cell(row.solver, row.metric, row.before_scipy, row.after_scipy)]
            for row in changes.itertuples(index=False)]
    frame = pd.DataFrame(rows, columns=["problem", "metric", "between", "before", "after",
                                        "change", "cause"])
    return records_markdown(frame)


def _explained(changes: pd.DataFrame) -> int:
    """How many of ``changes`` a documented cause explains."""
    return sum(bool(causes_of(row.solver, row.metric, row.before_scipy, row.after_scipy))
               for row in changes.itertuples(index=False))


def _summary_table(changes: pd.DataFrame, solvers: list[str]) -> str:
    """Per method: how many changes, how many runs, between which releases."""
    rows = []
    for solver in solvers:
        mine = changes[changes["solver"] == solver]
        explained = _explained(mine)
        between = sorted(set(mine["after_env"]),
                         key=lambda label: list(mine["after_env"]).index(label))
        rows.append([solver, len(mine), len(mine) - explained,
                     mine["problem"].nunique(),
                     ", ".join(f"by {label}" for label in between) or "-"])
    frame = pd.DataFrame(rows, columns=["method", "changes", "unexplained",
                                        "problems changed", "changed"])
    return records_markdown(frame)


def changes_section(table: pd.DataFrame, environments: list[Environment],
                    out: Path) -> tuple[str, list[Path]]:
    """The changes of every method, with a chart each; the section and the charts."""
    changes = find_changes(table, environments)
    labels = [env.label for env in environments]
    solvers = sorted(set(table["solver"]))
    lines = ["## Changes by method", "",
             "A change is a difference between two consecutive environments: any in nit, "
             "nfev, njev (optbench's count of analytic gradient calls), scipy's njev "
             "(finite-difference estimates included) and solved; in log10(f - f*), a move "
             f"of at least {ACCURACY_DECADES:g} decade unless both values are at or below "
             f"{ACCURACY_FLOOR:g} (f* reached to rounding). Each run is seeded, so every "
             "count is exact for one scipy and numpy; a change between two environments of "
             "one scipy is numpy's.", "",
             _summary_table(changes, solvers), "",
             f"{len(changes)} changes; the {len(CAUSES)} documented causes "
             f"(`optbench/drift/causes.py`) explain {_explained(changes)} of them; the rest "
             "are listed as unexplained."]
    written = []
    for solver in solvers:
        mine = changes[changes["solver"] == solver]
        if mine.empty:
            continue
        chart = write_chart(solver, table, mine, labels, out / CHARTS)
        lines += ["", f"### {solver}", ""]
        if chart is not None:
            written.append(chart)
            lines += [f"![{solver}: nfev and accuracy of the runs that changed]"
                      f"({CHARTS}/{chart.name})", ""]
        lines.append(_changes_table(mine))
    return "\n".join(lines), written


def drift_page(table: pd.DataFrame, environments: list[Environment], out: Path,
               command: str, timings: Timings) -> tuple[str, list[Path]]:
    """The whole page's Markdown and the charts written for it."""
    changes_md, charts = changes_section(table, environments, out)
    head = ["# scipy's drift, release by release", "",
            f"Generated by `{command}` from asv's result files of "
            "`drift_benchmarks/drift.py` (configuration `asv.drift.conf.json`), never typed: "
            "what scipy's methods report (nit, nfev, njev, the accuracy reached, solved or "
            "not) on a fixed, seeded grid, in one environment per scipy release. The grid: "
            "the seed's experiment, the Moré-Garbow-Hillstrom problems from x0 with the "
            "main `minimize` methods, NIST StRD with `least_squares` and `leastsq`, eight "
            "Hock-Schittkowski problems with SLSQP, COBYLA and trust-constr, and scalar "
            "equations and systems with the root finders ([the command](../user-guide/"
            "asv.md#scipy-releases-drift))."]
    text = "\n\n".join(["\n".join(head), environments_section(table, environments, timings),
                        seed_section(table, environments), changes_md]) + "\n"
    return text, charts


def write_drift_page(results: Path, out: Path, command: str,
                     timings: Timings | None = None) -> list[Path]:
    """Read asv's results under ``results``; write ``out/drift.md``, its charts in
    ``out/drift/`` and ``out/index.md``; return the paths written.

    Raises
    ------
    OptbenchError
        If the results folder is missing or holds no readable drift results.
    """
    table, environments = read_results(results)
    out.mkdir(parents=True, exist_ok=True)
    for old in (out / CHARTS).glob("drift-*.svg"):
        old.unlink()
    text, charts = drift_page(table, environments, out, command, timings or Timings())
    page = out / PAGE
    page.write_text(text, encoding="utf-8")
    index = out / INDEX
    index.write_text(index_page(out), encoding="utf-8")
    return [page, *charts, index]

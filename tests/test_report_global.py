"""The global report section on a hand-built runs/traces table (values hand-computed).

Runs (family ``global``; success = best f within 1e-6 * max(1, |f*|) of f*):

- problem ``p`` (f* = 0), solver ``s<b>``, three starts:
  ``a``: f = 5, 1e-3, 1e-7 -> succeeds at evaluation 3 (spent 3), final f 1e-7;
  ``b``: f = 2, 0.5, 0.5, 0.5 -> never (spent 4), final f 0.5;
  ``c``: f = 1e-8, 1e-8 -> succeeds at evaluation 1 (spent 2), final f 1e-8.
  Success 2/3; ERT = (3 + 4 + 1) / 2 = 4.0; best f 1e-8; median f = median(1e-7, 0.5,
  1e-8) = 1e-7.
- problem ``q`` (f* = -10), solver ``s<b>``: ``f``: f = -9, -9.999999 -> gap 1e-7 <= 1e-6,
  succeeds at evaluation 2: 1/1, ERT 2.0.
- problem ``p``, solver ``t|u``: ``d`` found f = -1 below f* (status ``error``: never a
  success): 0/1, ERT inf; ``e`` skipped (left out).
- an MGH run on ``p``: the report hands the section the global family's runs only
  (`optbench.report.family_sections`), so it is not in the section's tables.

Per solver: ``s<b>`` solved q in all runs and p in some -> all 1, some 2, 3 of 4 runs
(75%), median evaluations median(3, 4, 2, 2) = 2.5; ``t|u``: 0, 0, 0 of 1, median 1.
"""

import math
import re

import numpy as np
import pandas as pd
import pytest
from analysis_frames import make_runs, make_traces

from optbench.report import family_sections
from optbench.report.global_section import (
    global_html,
    global_markdown,
    solver_summary,
    success_table,
)

S, T = "s<b>", "t|u"
_NO_PROBLEMS = pd.DataFrame(columns=["problem", "f_opt", "x_opt", "reference"])


@pytest.fixture
def runs():
    frame = _runs()
    return frame[frame["family"] == "global"].reset_index(drop=True)


def _runs():
    rows = [
        {"run_id": "a", "problem": "p", "solver": S, "start": 0, "nfev": 3, "fun": 1e-7},
        {"run_id": "b", "problem": "p", "solver": S, "start": 1, "nfev": 4, "fun": 0.5},
        {"run_id": "c", "problem": "p", "solver": S, "start": 2, "nfev": 2, "fun": 1e-8},
        {"run_id": "f", "problem": "q", "solver": S, "nfev": 2, "fun": -9.999999,
         "f_opt": -10.0},
        {"run_id": "d", "problem": "p", "solver": T, "nfev": 1, "fun": -1.0, "status": "error"},
        {"run_id": "e", "problem": "p", "solver": T, "start": 1, "nfev": np.nan,
         "status": "skipped"},
    ]
    frame = make_runs(*({"family": "global", **row} for row in rows),
                      {"run_id": "m", "problem": "p", "solver": S, "nfev": 1, "fun": 0.0})
    return frame


@pytest.fixture
def traces():
    return make_traces({
        "a": [(1, 5.0, 0, 0.1), (2, 1e-3, 0, 0.2), (3, 1e-7, 0, 0.3)],
        "b": [(1, 2.0, 0, 0.1), (2, 0.5, 0, 0.2), (3, 0.5, 0, 0.3), (4, 0.5, 0, 0.4)],
        "c": [(1, 1e-8, 0, 0.1), (2, 1e-8, 0, 0.2)],
        "f": [(1, -9.0, 0, 0.1), (2, -9.999999, 0, 0.2)],
        "d": [(1, -1.0, 0, 0.1)],
        "m": [(1, 0.0, 0, 0.1)],
    })


def test_success_rate_and_ert_by_hand(runs, traces):
    table = success_table(runs, traces).set_index(["problem", "solver"])
    assert list(table.index) == [("p", S), ("q", S), ("p", T)]
    assert table.loc[("p", S), "success"] == "2/3"
    assert table.loc[("p", S), "success_rate"] == pytest.approx(2 / 3)
    assert table.loc[("p", S), "ert"] == 4.0
    assert table.loc[("p", S), "best_f"] == 1e-8 and table.loc[("p", S), "median_f"] == 1e-7
    assert table.loc[("q", S), "success"] == "1/1" and table.loc[("q", S), "ert"] == 2.0
    assert table.loc[("p", T), "success"] == "0/1" and math.isinf(table.loc[("p", T), "ert"])


def test_solver_summary_by_hand(runs, traces):
    summary = solver_summary(runs, traces).set_index("solver")
    assert summary.loc[S, ["problems", "solved_all", "solved_some", "runs",
                           "successes"]].tolist() == [2, 1, 2, 4, 3]
    assert summary.loc[S, "success_rate"] == 0.75 and summary.loc[S, "median_nfev"] == 2.5
    assert summary.loc[T, ["solved_all", "solved_some", "successes"]].tolist() == [0, 0, 0]
    assert summary.loc[T, "median_nfev"] == 1.0


def test_html_is_a_sortable_escaped_fragment(runs, traces):
    fragment = global_html(runs, traces)
    assert fragment.count("<table class='sortable'>") == 2
    assert "s&lt;b&gt;" in fragment and "<b>" not in fragment
    assert "<td data-sort='0.6666666666666666'>2/3</td>" in fragment
    assert "<td data-sort='4.0'>4</td>" in fragment
    assert "<td data-sort='1e999'>inf</td>" in fragment  # no success: ERT inf sorts last
    assert "<td data-sort='0.75'>75%</td>" in fragment


def test_markdown_tables(runs, traces):
    # Names are escaped: summary.md carries no markup from a store (issue 15).
    text = global_markdown(runs, traces).replace("&lt;b&gt;", "<b>")
    assert "s<b>" not in global_markdown(runs, traces)
    assert "| s<b> | 2 | 1 | 2 | 75% | 2.5 |" in text
    assert "| p | t\\|u | 0/1 | inf |" in text
    assert re.search(r"\| p \| s<b> \| 2/3 \| 4 \| \S+ - \S+ \| 1e-08 \| 1e-07 \| 0 \|", text)
    # q has one run, hit at evaluation 2: every resample is that run, the interval 2 - 2;
    # t|u never hit: inf - inf.
    assert "| q | s<b> | 1/1 | 2 | 2 - 2 | -9.999999 | -9.999999 | -10 |" in text
    assert "| p | t\\|u | 0/1 | inf | inf - inf |" in text


def test_ert_intervals_are_seeded_and_bracket_the_ert(runs, traces):
    # p, s<b>: runs cost 3 (hit), 4 (never), 1 (hit): ERT (3 + 4 + 1) / 2 = 4; the
    # 10th-90th percentile interval of 200 seeded resamples holds it, the same each time.
    first = success_table(runs, traces).set_index(["problem", "solver"])
    again = success_table(runs, traces).set_index(["problem", "solver"])
    low, high = first.loc[("p", S), ["ert_low", "ert_high"]]
    assert low <= 4.0 <= high
    assert (low, high) == tuple(again.loc[("p", S), ["ert_low", "ert_high"]])


def test_without_traces_each_run_is_read_at_its_end(runs):
    # a: final 1e-7 (hit, cost = nfev 3); b: 4 spent; c: hit at its end, 2 -> ERT 9 / 2.
    table = success_table(runs).set_index(["problem", "solver"])
    assert table.loc[("p", S), "ert"] == 4.5


def test_no_global_runs():
    frame = make_runs({"run_id": "m", "problem": "p", "solver": "s", "status": "skipped"})
    assert success_table(frame).empty
    assert global_html(frame) == "<p>No global runs.</p>"
    assert global_markdown(frame) == "No global runs."


def test_the_report_gives_each_family_section_its_own_runs(traces):
    # The global family's section (declared in optbench.families) sees the five global
    # runs that ran, not the MGH run beside them; MGH declares no section.
    runs = _runs()
    html, markdown = family_sections(runs, traces.assign(
        family=traces["run_id"].map(runs.set_index("run_id")["family"])), _NO_PROBLEMS)
    assert list(html) == ["global"] and list(markdown) == ["Global: success over seeds"]
    assert markdown["Global: success over seeds"] == global_markdown(
        runs[runs["family"] == "global"], traces)

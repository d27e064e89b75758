"""The command line: ``python -m optbench {list, check, run, report}``.

``check`` exits 1 when a problem's derivative disagrees with finite differences.

Exit codes: 0 when every run of the selection ended (converged or not), 1 when any of
them broke (status ``error`` or ``timeout``; all are stored and reported all the same),
2 for bad input (one line on stderr; nothing stored is changed).
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from optbench import executors, plugins
from optbench.analysis.targets import COSTS, check_cost
from optbench.checks import TOLERANCE, check_problem
from optbench.config import read_config
from optbench.drift.command import add_arguments as add_drift_arguments
from optbench.drift.command import run_drift
from optbench.errors import OptbenchError
from optbench.eta import Estimate
from optbench.executors import Executor
from optbench.families import FAMILIES
from optbench.problems import PROBLEMS, get_problem
from optbench.problems.features import describe_features
from optbench.record import Record
from optbench.report import write_report
from optbench.report.docs_pages import write_docs_pages
from optbench.result import FAILED
from optbench.runner import (
    DEFAULT_MAX_FEV,
    Task,
    missing,
    plan,
    run_missing,
    superseded,
    variables,
)
from optbench.solvers import SOLVERS
from optbench.spec import join_selections, split_outside_brackets
from optbench.store import Store
from optbench.suites import get_suite, suites

#: The progress bar: runs done, time so far, then the estimated time left (`Estimate`),
#: the failures so far and the last run. tqdm's own ETA extrapolates the first runs,
#: the largest problems', and overestimates what is left several times over.
BAR_FORMAT = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]"

DEFAULT_RESULTS = Path("results") / "optbench.sqlite"
DEFAULT_OUT = Path("results")
DEFAULT_TIMEOUT = 600.0


def split_names(values: Sequence[str]) -> list[str]:
    """Split names given with spaces or commas, keeping commas inside brackets.

    Examples
    --------
    >>> split_names(["bfgs,gd[step=0.1,maxiter=5]", "cg"])
    ['bfgs', 'gd[step=0.1,maxiter=5]', 'cg']
    """
    names = [name for value in values
             for name in join_selections(split_outside_brackets(value, ","))]
    return [name.strip() for name in names if name.strip()]


#: What a setting is when neither the command line nor a benchmark file gives it.
DEFAULTS = {"suite": "default", "seed": 0, "max_fev": DEFAULT_MAX_FEV,
            "results": DEFAULT_RESULTS, "jobs": 1, "timeout": DEFAULT_TIMEOUT,
            "out": DEFAULT_OUT, "cost": "fev"}


def _plugin_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plugin", action="append", default=[], metavar="MODULE_OR_FILE",
                        help="load a plug-in (a module, or a .py file) that registers "
                             "problems, solvers or suites; repeatable")


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="a benchmark file (TOML) naming problems, solvers, starts, "
                             "seed, budget, timeout and plug-ins; flags given win")
    _plugin_argument(parser)
    parser.add_argument("--suite", "--family",
                        help=f"named selection ({', '.join(suites())}); default: default")
    parser.add_argument("--problems", nargs="+", metavar="NAME",
                        help="problems instead of the suite's, e.g. quadratic rosenbrock[n=10]")
    parser.add_argument("--solvers", nargs="+", metavar="NAME",
                        help="solvers instead of the suite's, e.g. bfgs 'gd[step=0.05]'")
    parser.add_argument("--starts", type=int,
                        help="starting points per problem: x0, published ones, then seeded "
                             "ones; default: the suite's (1, 3 for unconstrained)")
    parser.add_argument("--seed", type=int, help="suite seed; default 0")
    parser.add_argument("--max-fev", type=int,
                        help=f"function evaluation budget per run; default {DEFAULT_MAX_FEV}")
    parser.add_argument("--results", type=Path,
                        help=f"SQLite results store; default {DEFAULT_RESULTS}")
    parser.add_argument("--force", action="store_true", help="rerun runs already stored")
    parser.add_argument("--jobs", type=int,
                        help="local worker processes running at once; default 1")
    parser.add_argument("--timeout", type=float,
                        help=f"wall-clock seconds per run before it is killed; "
                             f"default {DEFAULT_TIMEOUT:g}")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run on a Dask cluster (scheduler address, or 'local' for a "
                             "LocalCluster of --jobs workers); needs optbench[dask]")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary line")


def settle(args: argparse.Namespace) -> None:
    """Fill the settings left out on the command line: from the benchmark file
    (``--config``) where it gives them, else from `DEFAULTS`; the file's plug-ins load
    before the command line's."""
    config = read_config(args.config) if getattr(args, "config", None) else {}
    for key in ("problems", "solvers", "starts", *DEFAULTS):
        if getattr(args, key, "absent") is None:
            setattr(args, key, config.get(key, DEFAULTS.get(key)))
    for key in ("results", "out"):
        if isinstance(getattr(args, key, None), str):
            setattr(args, key, Path(getattr(args, key)))
    args.plugin = [*config.get("plugins", []), *args.plugin]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and a pointer to ``--help``)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"optbench: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = _Parser(
        prog="optbench",
        description="Benchmark optimisers on problems with known answers.",
        epilog="exit codes: 0 all runs ended, 1 some run errored or timed out, 2 bad input",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    list_parser = commands.add_parser("list", help="list problems, solvers and suites, one "
                                      "per line")
    _plugin_argument(list_parser)
    check_parser = commands.add_parser(
        "check", help="check every problem's gradient and Hessian against finite differences")
    _plugin_argument(check_parser)
    check_parser.add_argument("--problems", nargs="+", metavar="NAME",
                              help="problems to check (default: all registered)")
    check_parser.add_argument("--seed", type=int, default=0,
                              help="seed of the points checked besides x0; default 0")
    run_parser = commands.add_parser("run", help="run what is not stored yet")
    _selection_arguments(run_parser)
    report_parser = commands.add_parser("report", help="run what is missing, then write "
                                        "tables, charts and report.html")
    _selection_arguments(report_parser)
    report_parser.add_argument("--out", type=Path,
                               help=f"folder for the report files; default {DEFAULT_OUT}")
    report_parser.add_argument("--no-run", action="store_true",
                               help="report only what is stored; run nothing")
    report_parser.add_argument("--docs", type=Path, metavar="DIR",
                               help="instead of the report, write the documentation's "
                                    "results pages into DIR: a MyST page per family "
                                    "(DIR/<family>.md, charts in DIR/<family>/) stating "
                                    "the store's machine, versions and date, and "
                                    "DIR/index.md")
    report_parser.add_argument("--png", action="store_true",
                               help="also write each chart as a PNG beside its SVG")
    report_parser.add_argument("--cost",
                               help="what leaderboards (ERT), performance profiles and "
                                    "runtime ECDFs count: function evaluations, function + "
                                    f"n x gradient evaluations, or seconds ({', '.join(COSTS)}); "
                                    "default fev")
    report_parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                               help="draw the log-ratio profiles of solvers A and B (by "
                                    "default the report's two solvers when it has two)")
    drift_parser = commands.add_parser(
        "drift", help="measure scipy's methods release by release with asv "
                      "(asv.drift.conf.json; minutes, from the repository's root) and "
                      "write docs/results/drift.md")
    add_drift_arguments(drift_parser)
    return parser


def list_everything() -> None:
    """Print problems, solvers, robustness features (``problem@feature``), suites and
    families, one line each."""
    for kind, registry in (("problem", PROBLEMS), ("solver", SOLVERS)):
        for entry in registry:
            options = ", ".join(f"{name}={p.default}" for name, p in entry.parameters.items())
            suffix = f" [{options}]" if options else ""
            print(f"{kind:8} {entry.name:14} {entry.summary}{suffix}")
    for name, summary, options in describe_features():
        suffix = f" [{options}]" if options else ""
        print(f"{'feature':8} {'@' + name:14} {summary}{suffix}")
    for suite in suites().values():
        print(f"{'suite':8} {suite.name:14} {suite.description}")
    for family in FAMILIES.values():
        count = len(PROBLEMS.names(family))
        if not count:
            continue
        runs_in = f"; suites: {', '.join(family.suites)}" if family.suites else ""
        print(f"{'family':8} {family.name:14} {family.summary} ({count} problems{runs_in})")


def check_derivatives(names: list[str], seed: int) -> int:
    """Print one line per problem with its worst derivative errors; 1 if any is off."""
    print(f"{'problem':34} {'n':>5} {'points':>6} {'grad':>9} {'check_grad':>10} "
          f"{'hess':>9}  result")
    failed = 0
    for name in names:
        get_problem(name)  # an unknown name, option or feature is bad input: exit 2
    for name in names:
        problem = get_problem(name)
        result = check_problem(problem, seed=seed)
        if result is None:
            print(f"{problem.name:34} {problem.n:>5} no analytic derivatives")
            continue
        failed += not result.ok
        hess = "-" if result.hess_error is None else f"{result.hess_error:.1e}"
        forward = ("-" if math.isnan(result.forward_grad_error)
                   else f"{result.forward_grad_error:.1e}")
        print(f"{result.problem:34} {result.n:>5} {result.points:>6} "
              f"{result.grad_error:>9.1e} {forward:>10} {hess:>9}  "
              f"{'ok' if result.ok else 'MISMATCH'}")
    print(f"{len(names)} problems checked; {failed} with a derivative off by more than "
          f"{TOLERANCE:g} (relative, against central differences)")
    return 1 if failed else 0


def check_writable_folder(out: Path) -> None:
    """Make sure the report can be written to ``out`` before anything is computed.

    Raises
    ------
    OptbenchError
        If ``out`` is a file, cannot be created, or cannot be written to.
    """
    if out.exists() and not out.is_dir():
        raise OptbenchError(f"output folder {out} is a file; give a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        raise OptbenchError(f"output folder {out} cannot be written: "
                            f"{error.strerror or error}") from None


def docs_command(args: argparse.Namespace) -> str:
    """The command that regenerates the results pages ``args`` asked for, as the pages
    state it: the selection, the store and the folder, reporting what is stored.

    Examples
    --------
    >>> args = build_parser().parse_args(["report", "--suite", "nist", "--results",
    ...                                   "s.sqlite", "--docs", "docs/results"])
    >>> settle(args)
    >>> docs_command(args)
    'python -m optbench report --suite nist --results s.sqlite --no-run --docs docs/results'
    """
    words = ["python -m optbench report"]
    if args.config is not None:  # its plug-ins are in it (settle merged them)
        words.append(f"--config {shlex.quote(args.config.as_posix())}")
    else:
        words += [f"--plugin {shlex.quote(plugin)}" for plugin in args.plugin]
    words.append(f"--suite {shlex.quote(args.suite)}")
    for option in ("problems", "solvers"):
        if getattr(args, option):
            names = " ".join(shlex.quote(name) for name in split_names(getattr(args, option)))
            words.append(f"--{option} {names}")
    for option, default in (("starts", None), ("seed", DEFAULTS["seed"]),
                            ("max_fev", DEFAULTS["max_fev"]), ("cost", DEFAULTS["cost"])):
        value = getattr(args, option)
        if value is not None and value != default:
            words.append(f"--{option.replace('_', '-')} {shlex.quote(str(value))}")
    words += [f"--results {shlex.quote(args.results.as_posix())}", "--no-run",
              f"--docs {shlex.quote(args.docs.as_posix())}"]
    return " ".join(words)


def _tasks(args: argparse.Namespace) -> list[Task]:
    suite = get_suite(args.suite)
    starts = suite.starts if args.starts is None else args.starts
    if not args.problems and not args.solvers:
        return suite.tasks(starts=starts, seed=args.seed, max_fev=args.max_fev)
    problems = split_names(args.problems) if args.problems else list(suite.problems)
    solvers = split_names(args.solvers) if args.solvers else list(suite.solvers)
    return plan(problems, solvers, starts=starts, seed=args.seed, max_fev=args.max_fev)


def _executor(args: argparse.Namespace) -> Executor:
    if args.dask:
        return executors.dask(args.dask, jobs=args.jobs, timeout=args.timeout)
    return executors.local(jobs=args.jobs, timeout=args.timeout)


def _run(args: argparse.Namespace, store: Store, tasks: list[Task], executor: Executor) -> int:
    note = None if args.force else superseded(tasks, store)
    if note is not None:
        print(f"optbench: note: {note}", file=sys.stderr)
    show = not args.quiet and sys.stderr.isatty()
    todo = missing(tasks, store, args.force)
    eta = Estimate([(task.problem, task.solver, variables(task)) for task in todo],
                   workers=args.jobs)
    with tqdm(total=len(todo), unit="run", disable=not show, file=sys.stderr,
              dynamic_ncols=True, bar_format=BAR_FORMAT) as bar:
        failed = 0

        def advance(record: Record) -> None:
            nonlocal failed
            failed += record.status in FAILED
            eta.finished(record.problem, record.solver, record.n, record.time_s or 0.0)
            left = eta.seconds_left()
            bar.set_postfix_str(f"eta {tqdm.format_interval(left or 0.0)}, failed {failed}, "
                                f"last {record.problem} {record.solver}", refresh=False)
            bar.update()

        records = run_missing(tasks, store, executor, force=args.force, on_record=advance)
    statuses = store.runs([t.run_id for t in tasks])["status"]
    broken = int(statuses.isin([s.value for s in FAILED]).sum())
    if not args.quiet:
        print(f"ran {len(records)} of {len(tasks)} runs ({len(tasks) - len(records)} already "
              f"stored in {args.results}); {broken} errored or timed out", file=sys.stderr)
    return 1 if broken else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Ctrl-C ends it with one line and exit code 130 (the runs that ended are stored);
    output into a closed pipe (``optbench list | head``) ends it quietly.
    """
    args = build_parser().parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("optbench: interrupted: the runs that ended are stored; run the same command "
              "to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(args: argparse.Namespace) -> int:
    """`main` once the arguments are parsed."""
    try:
        if args.command == "drift":
            written = run_drift(args)
            print(f"wrote {written[0]} and {len(written) - 2} charts", file=sys.stderr)
            return 0
        settle(args)
        plugins.load_all(args.plugin)
        if args.command == "list":
            list_everything()
            return 0
        if args.command == "check":
            names = split_names(args.problems) if args.problems else PROBLEMS.names()
            return check_derivatives(names, args.seed)
        tasks = _tasks(args)
        executor = _executor(args)
        if args.command == "report":
            check_cost(args.cost)
            check_writable_folder(args.out if args.docs is None else args.docs)
            if args.no_run and not args.results.exists():
                raise OptbenchError(f"no results store at {args.results}: nothing to report "
                                    "(run without --no-run to make the runs)")
        with Store(args.results) as store:
            if args.command == "run":
                return _run(args, store, tasks, executor)
            code = 0 if args.no_run else _run(args, store, tasks, executor)
            stored = store.run_ids()
            ids = [t.run_id for t in tasks if t.run_id in stored]
            if args.docs is not None:
                scope = "" if args.problems or args.solvers else f"suite {args.suite}"
                pages = write_docs_pages(store, ids, args.docs, docs_command(args), args.cost,
                                         scope=scope)
                if not args.quiet:
                    count = sum(p.suffix == ".md" for p in pages)
                    print(f"wrote {count} pages and {len(pages) - count} charts to "
                          f"{args.docs}", file=sys.stderr)
                return code
            written = write_report(store, ids, args.out, args.cost, png=args.png,
                                   compare=args.compare)
        if not args.quiet:
            charts = sum(p.suffix == ".svg" and p.parent == args.out for p in written)
            print(f"wrote {len(written)} files to {args.out}: report.html, summary.md, "
                  f"summary.csv, {charts} charts, export/", file=sys.stderr)
        return code
    except OptbenchError as error:
        print(f"optbench: error: {error}", file=sys.stderr)
        return 2

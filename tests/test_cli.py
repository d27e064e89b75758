"""The command line, as a user runs it: list, run, report, and bad input."""

import re
import subprocess
import sys

import pandas as pd
import pytest

from optbench.analysis import SUMMARY_COLUMNS
from optbench.cli import main


def optbench(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "optbench", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_list_prints_one_line_each():
    result = optbench("list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert any(re.match(r"problem +quadratic ", line) for line in lines)
    for solver in ("nelder-mead", "powell", "bfgs", "cg", "gd"):
        assert any(re.match(rf"solver +{solver} ", line) for line in lines)


def test_unknown_solver_is_one_line_and_exit_2(tmp_path):
    store = tmp_path / "s.sqlite"
    result = optbench("run", "--solvers", "nope", "--results", str(store))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("optbench: error: unknown solver 'nope'; valid: gd, ")
    assert not store.exists()


def test_bad_input_leaves_the_store_untouched(tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    assert main(["run", "--problems", "quadratic", "--solvers", "bfgs", "--results",
                 str(store), "--quiet"]) == 0
    before = store.read_bytes()
    assert main(["run", "--problems", "quadratic", "--solvers", "gd[step=abc]",
                 "--results", str(store)]) == 2
    assert main(["run", "--suite", "everything", "--results", str(store)]) == 2
    assert store.read_bytes() == before
    errors = capsys.readouterr().err.splitlines()
    assert errors[-2:] == [
        "optbench: error: solver 'gd': option step expects float; got 'abc'",
        "optbench: error: unknown suite 'everything'; valid: seed, default, unconstrained, "
        "nist, lmder, nnls, constrained, global, scalar, scalar-roots, equations, "
        "equations-large, robustness, libraries, cutest-small, cutest-dfo, full",
    ]


def test_a_failing_run_sets_exit_code_1(tmp_path):
    code = main(["run", "--problems", "quadratic", "--solvers", "bfgs", "test-raise",
                 "--results", str(tmp_path / "s.sqlite"), "--quiet"])
    assert code == 1


def test_report_writes_everything_and_reruns_nothing(tmp_path):
    out, store = tmp_path / "out", tmp_path / "s.sqlite"
    args = ["report", "--problems", "quadratic", "rosenbrock", "--solvers", "nelder-mead",
            "bfgs", "gd", "--results", str(store), "--out", str(out)]
    first = optbench(*args)
    assert first.returncode == 0, first.stderr
    assert "ran 6 of 6 runs (0 already stored" in first.stderr
    names = {p.name for p in out.iterdir()}
    assert {"summary.csv", "summary.md", "report.html", "convergence-quadratic.svg",
            "convergence-rosenbrock.svg"} <= names
    assert not any(name.endswith(".png") for name in names)  # PNGs only with --png
    table = pd.read_csv(out / "summary.csv")
    assert tuple(table.columns) == SUMMARY_COLUMNS
    assert len(table) == 6
    page = (out / "report.html").read_text()
    # Two convergence charts, and the performance profiles (to a target and under Moré &
    # Wild's test), data profile, runtime ECDF, quality profiles (and zoomed) and solver
    # honesty of the one family (seed) these problems belong to; three solvers: no
    # log-ratio profile.
    assert page.count("<svg ") == 2 + 7
    for chart in ("performance-profile-all-problems.svg", "data-profile-all-problems.svg",
                  "ecdf-all-problems.svg", "performance-profile-convergence-all-problems.svg",
                  "quality-profile-all-problems.svg", "quality-zoomed-all-problems.svg",
                  "honesty-all-problems.svg"):
        assert (out / chart).stat().st_size > 0
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)  # sorter, charts
    assert len(scripts) == 2
    for script in scripts:
        assert not re.search(r"https?:|fetch|XMLHttpRequest|import|src", script)
        page = page.replace(script, "")
    # what remains names no address: the inline SVGs' namespaces are names, not fetched,
    # and their url(#...) are their own clip paths
    text = re.sub(r'xmlns(:\w+)?="[^"]*"', "", page)
    assert not re.search(r"https?:|//|<script src|<link|url\((?!#)", text)
    markdown = (out / "summary.md").read_text()
    assert "| quadratic | 32 | 3 | 65 |" in markdown  # nfev of nelder-mead, bfgs, gd
    second = optbench(*args)
    assert second.returncode == 0 and "ran 0 of 6 runs (6 already stored" in second.stderr
    again = pd.read_csv(out / "summary.csv")
    assert again.drop(columns="time_s").equals(table.drop(columns="time_s"))


def test_report_no_run_on_an_empty_store_says_so(tmp_path):
    # A store that exists but holds none of the runs asked for.
    from optbench.store import Store

    Store(tmp_path / "s.sqlite").close()
    result = optbench("report", "--no-run", "--problems", "quadratic", "--results",
                      str(tmp_path / "s.sqlite"), "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == ("optbench: error: no runs to report; run some first "
                                     "(optbench run)")


@pytest.mark.slow
def test_default_report_end_to_end(tmp_path):
    result = optbench("report", "--results", str(tmp_path / "s.sqlite"), "--out",
                      str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "out" / "summary.csv")
    # 3 problems x 7 solvers, less Nelder-Mead on logreg-seed (excluded from default).
    assert len(table) == 20
    pairs = set(zip(table["problem"], table["solver"], strict=True))
    assert ("logreg-seed", "nelder-mead") not in pairs and ("logreg-seed", "gd") in pairs
    gd = table[(table["problem"] == "logreg-seed") & (table["solver"] == "gd")].iloc[0]
    assert gd["status"] == "converged" and 0 <= gd["f_error"] < 1e-8 and gd["accuracy"] == 1.0


def test_every_summary_column_is_explained():
    from optbench.report.tables import COLUMN_HELP

    assert tuple(COLUMN_HELP) == SUMMARY_COLUMNS


def test_the_docs_explain_every_summary_column():
    from pathlib import Path

    from optbench.report.tables import COLUMN_HELP

    # The table of columns moved from the README to the user guide (issue 17); a "|" in
    # a meaning is escaped there, as a Markdown table cell needs.
    page = (Path(__file__).resolve().parents[1] / "docs" / "user-guide" / "exports.md")
    text = page.read_text()
    for name, meaning in COLUMN_HELP.items():
        assert f"| `{name}` | {meaning.replace('|', chr(92) + '|')} |" in text

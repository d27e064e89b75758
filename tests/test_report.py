"""The report: a view per family with its leaderboard and profile charts, the NIST table,
the exports, and --cost; numbers checked against the stored runs and traces."""

import re

import numpy as np
import pandas as pd
import pytest

from optbench.cli import main
from optbench.store import Store

PROBLEMS = ["quadratic", "mgh-beale", "nist-misra1a"]
SOLVERS = ["bfgs", "least-squares"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report of three families (seed, MGH, NIST StRD) x two solvers; least-squares
    skips the quadratic, which is not a sum of squares."""
    folder = tmp_path_factory.mktemp("report")
    store, out = folder / "s.sqlite", folder / "out"
    assert main(["report", "--problems", *PROBLEMS, "--solvers", *SOLVERS, "--results",
                 str(store), "--out", str(out), "--quiet"]) == 0
    return store, out


def _leaderboard(markdown: str, view: str) -> pd.DataFrame:
    """The leaderboard table under ``### view`` in summary.md."""
    block = markdown.split(f"### {view}\n\n", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip("|").split("|") for line in block.splitlines() if line.strip()]
    header, rows = [c.strip() for c in lines[0]], lines[2:]
    return pd.DataFrame([[c.strip() for c in row] for row in rows], columns=header)


def test_each_family_gets_its_charts_and_a_contents_entry(report):
    _, out = report
    page = (out / "report.html").read_text()
    for view in ("all-problems", "seed", "mgh", "nist-strd"):
        for chart in ("performance-profile", "data-profile", "ecdf"):
            assert (out / f"{chart}-{view}.svg").stat().st_size > 0
        assert f"<a href='#family-{view}'>" in page and f"id='family-{view}'" in page
    # 3 convergence charts + 4 views x 7 charts (performance, Moré-Wild performance,
    # data, ECDF, quality, zoomed quality, honesty) + the log-ratio profile of the two
    # solvers in the 3 views that have both, all embedded
    assert page.count("<svg ") == 3 + 4 * 7 + 3
    assert page.count("<figcaption>") == 3 + 4 * 7 + 3
    assert "class='sortable'" in page and "NIST StRD: correct digits (LRE)" in page


def test_leaderboards_agree_with_the_stored_runs_and_traces(report):
    store_path, out = report
    with Store(store_path) as store:
        runs, traces = store.runs(), store.traces()
    markdown = (out / "summary.md").read_text()
    mgh = _leaderboard(markdown, "MGH")
    assert mgh.columns.tolist() == ["solver", "runs", "solved", "median_evaluations", "ert",
                                    "median_time_s"]
    for solver in SOLVERS:
        run = runs[(runs["problem"] == "mgh-beale") & (runs["solver"] == solver)].iloc[0]
        row = mgh[mgh["solver"] == solver].iloc[0]
        # One run each, solved: median evaluations is its nfev, and its ERT its first
        # evaluation with best f - f* <= 1e-5 max(1, |f*|) (f* = 0 for Beale, MGH 5).
        trace = traces[traces["run_id"] == run["run_id"]]
        first = int(trace["evaluation"][trace["best_f"] <= 1e-5].min())
        assert row["solved"] == "1" and row["median_evaluations"] == str(int(run["nfev"]))
        assert row["ert"] == str(first)
    seed = _leaderboard(markdown, "seed")
    # least-squares skipped the quadratic: it has no run in that family
    assert seed["solver"].tolist() == ["bfgs"]


def test_cost_counts_gradients_when_asked(report, tmp_path):
    store_path, _ = report
    out = tmp_path / "out"
    assert main(["report", "--no-run", "--problems", "mgh-beale", "--solvers", "bfgs",
                 "--results", str(store_path), "--out", str(out), "--cost", "fev+n*gev",
                 "--quiet"]) == 0
    with Store(store_path) as store:
        runs, traces = store.runs(), store.traces()
    run = runs[(runs["problem"] == "mgh-beale") & (runs["solver"] == "bfgs")].iloc[0]
    trace = traces[traces["run_id"] == run["run_id"]]
    hit = trace[trace["best_f"] <= 1e-5].iloc[0]
    # n = 2: the cost at the hit is its evaluation plus 2 x the gradients made so far
    expected = int(hit["evaluation"] + 2 * hit["njev"])
    markdown = (out / "summary.md").read_text()
    assert "## Leaderboards (ERT in function + n x gradient evaluations)" in markdown
    assert _leaderboard(markdown, "all problems")["ert"].tolist() == [str(expected)]
    assert expected > hit["evaluation"]


def test_exports_are_beside_the_page_and_listed(report):
    store_path, out = report
    exported = out / "export"
    runs = pd.read_parquet(exported / "runs.parquet")
    with Store(store_path) as store:
        assert sorted(runs["run_id"]) == sorted(store.runs()["run_id"])
    assert (exported / "iohprofiler").is_dir()
    page = (out / "report.html").read_text()
    for name in ("runs.csv", "traces.csv.gz", "runs.parquet", "traces.parquet", "iohprofiler"):
        assert f"<a href='export/{name}'>" in page


def test_sortable_cells_carry_exact_numbers(report):
    _, out = report
    page = (out / "report.html").read_text()
    keys = re.findall(r"<td data-sort='([^']*)'>", page)
    assert keys and all(np.isfinite(float(k)) or abs(float(k)) == np.inf for k in keys)


def test_charts_drawn_in_workers_are_the_files_drawn_here(report, tmp_path):
    # The canvas draws charts and writes the exports in forked workers (issue 16); each
    # file is a pure function of its data, so it is the same byte for byte.
    from optbench.report import write_report

    store, _ = report
    with Store(store) as opened:
        ids = opened.runs()["run_id"].tolist()
        here = write_report(opened, ids, tmp_path / "here", workers=1)
        there = write_report(opened, ids, tmp_path / "there", workers=2)
    names = [path.relative_to(tmp_path / "here") for path in here]
    assert names == [path.relative_to(tmp_path / "there") for path in there]
    assert len(names) > 20
    for name in names:
        if (tmp_path / "here" / name).is_file():
            assert (tmp_path / "here" / name).read_bytes() == (
                tmp_path / "there" / name).read_bytes(), name


TWELVE = ["nelder-mead", "powell", "cg", "bfgs", "l-bfgs-b", "tnc", "cobyla", "slsqp",
          "trust-constr", "gd", "gd-armijo", "adam"]


def test_many_solvers_get_panels_and_a_best_of_chart(tmp_path):
    # Issue 16: with 11 solvers the 11th repeated the first colour, with 29 the legend
    # was cut off. Past 8 solvers a convergence chart has a panel per group (12 -> 6 + 6)
    # and a view past 10 a performance profile of its best 8, the rest in grey.
    import struct

    out = tmp_path / "out"
    assert main(["report", "--problems", "quadratic", "--solvers", *TWELVE, "--results",
                 str(tmp_path / "s.sqlite"), "--out", str(out), "--quiet", "--png"]) == 0
    png = (out / "convergence-quadratic.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert height == round((0.9 + 3.2 * 2) * 100)  # two panels of 3.2 in, at 100 dpi
    for chart in ("performance-profile-all-problems-best", "convergence-quadratic"):
        assert (out / f"{chart}.png").stat().st_size > 0  # --png: a PNG beside each SVG
        assert (out / f"{chart}.svg").stat().st_size > 0
    page = (out / "report.html").read_text()
    assert "Performance profiles: the best 8" in page

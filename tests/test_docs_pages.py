"""The documentation's results pages (``optbench report --docs``): generated from a
store, byte for byte the same each time, stating the store they were made from."""

import re
import shutil
from pathlib import Path

import pandas as pd

from optbench.cli import build_parser, docs_command, main, settle
from optbench.report.docs_pages import META_FIELDS, index_page, write_docs_pages
from optbench.report.nist import nist_missed_markdown
from optbench.store import Store
from optbench.suites import get_suite

ROOT = Path(__file__).resolve().parent.parent
#: The scalar family's committed store and its page (tools/results_pages.sh makes both).
STORE = ROOT / "tests" / "data" / "docs-scalar.sqlite"
PAGES = ROOT / "docs" / "results"


def _suite_ids(name):
    suite = get_suite(name)
    return [task.run_id for task in suite.tasks(starts=suite.starts, seed=0, max_fev=20_000)]


def _committed_command():
    """The command the committed page states (the one tools/results_pages.sh runs)."""
    args = build_parser().parse_args(["report", "--suite", "scalar", "--results",
                                      "tests/data/docs-scalar.sqlite", "--docs",
                                      "docs/results"])
    settle(args)
    return docs_command(args)


def test_the_scalar_page_regenerates_byte_for_byte_from_its_store(tmp_path):
    store_path = tmp_path / "scalar.sqlite"
    shutil.copyfile(STORE, store_path)  # the committed store is only read
    with Store(store_path) as store:
        written = write_docs_pages(store, _suite_ids("scalar"), tmp_path / "pages",
                                   _committed_command(), workers=1, scope="suite scalar")
    page = tmp_path / "pages" / "scalar.md"
    assert page in written
    committed = PAGES / "scalar.md"
    assert page.read_bytes() == committed.read_bytes(), (
        "docs/results/scalar.md is not what its store gives: run tools/results_pages.sh "
        "(or the command on the page) and commit the page")
    # Every chart the page links is written beside it, and committed beside the page.
    links = re.findall(r"!\[[^]]*\]\(([^)]+)\)", page.read_text(encoding="utf-8"))
    assert {Path(link).name for link in links} >= {
        "performance-profile-scalar.svg", "data-profile-scalar.svg", "ecdf-scalar.svg"}
    for link in links:
        assert (tmp_path / "pages" / link).stat().st_size > 0
        assert (PAGES / link).is_file()
    assert "scalar" in (PAGES / "index.md").read_text(encoding="utf-8").split("```{toctree}")[1]


def test_the_header_states_the_stores_machine_versions_and_date(tmp_path):
    store_path = tmp_path / "scalar.sqlite"
    shutil.copyfile(STORE, store_path)
    out = tmp_path / "pages"
    assert main(["report", "--suite", "scalar", "--results", str(store_path), "--no-run",
                 "--docs", str(out), "--quiet"]) == 0
    text = (out / "scalar.md").read_text(encoding="utf-8")
    with Store(store_path) as store:
        meta = store.meta()
    stated = dict(re.findall(r"^\| ([^|]+) \| ([^|]+) \|$", text, flags=re.M))
    for key, label in META_FIELDS:
        assert stated[label] == meta[key], label
    assert {"python", "numpy", "scipy", "optbench", "machine", "date"} <= set(meta)
    assert (f"`python -m optbench report --suite scalar --results {store_path.as_posix()} "
            f"--no-run --docs {out.as_posix()}`") in text
    assert text.startswith("# Results: scalar (suite scalar)\n")
    # Nothing of the time of writing: the same store gives the same bytes again.
    again = tmp_path / "again"
    assert main(["report", "--suite", "scalar", "--results", str(store_path), "--no-run",
                 "--docs", str(again), "--quiet"]) == 0
    assert (again / "scalar.md").read_text(encoding="utf-8") == text.replace(
        f"--docs {out.as_posix()}", f"--docs {again.as_posix()}")
    for chart in (out / "scalar").iterdir():
        assert (again / "scalar" / chart.name).read_bytes() == chart.read_bytes()


def test_the_nist_page_lists_the_runs_that_missed_with_their_stored_status(tmp_path):
    store_path, out = tmp_path / "nist.sqlite", tmp_path / "pages"
    solvers = ["least-squares[method=lm,tol=1e-15]", "least-squares[tol=1e-15]"]
    assert main(["run", "--problems", "nist-boxbod", "nist-misra1a", "--solvers", *solvers,
                 "--starts", "1", "--results", str(store_path), "--quiet"]) == 0
    assert main(["report", "--problems", "nist-boxbod", "nist-misra1a", "--solvers",
                 *solvers, "--starts", "1", "--results", str(store_path), "--no-run",
                 "--docs", str(out), "--quiet"]) == 0
    text = (out / "nist-strd.md").read_text(encoding="utf-8")
    with Store(store_path) as store:
        runs = store.runs().set_index(["problem", "solver"])
    # From start 1 lm stops on BoxBOD far from the certified values (RSS 9771 against
    # 1168); the page says so with the status the store holds, whatever it is.
    status = runs.loc[("nist-boxbod", solvers[0]), "status"]
    assert "From NIST's start 1, " in text
    assert f"- {solvers[0]}: BoxBOD ({status})" in text
    assert "Misra1a (" not in text  # reached: not listed
    assert "| least-squares[method=lm,tol=1e-15] | 1 / 2 |" in text
    assert text.startswith("# Results: NIST StRD\n")  # no suite: no scope in the title


def test_the_missed_runs_sentence_counts_statuses_as_stored():
    table = pd.DataFrame({
        "dataset": ["MGH09", "BoxBOD", "Bennett5", "Misra1a", "MGH09"],
        "solver": ["lm", "lm", "trf", "trf", "lm"], "start": [0, 0, 0, 0, 1],
        "min_lre": [0.0, float("nan"), 1.9, 8.0, 9.0],
        "status": ["maxiter", "converged", "maxiter", "converged", "converged"]})
    text = nist_missed_markdown(table)
    assert text.splitlines()[0] == (
        "From NIST's start 1, 3 of 4 runs did not reach 6 correct digits on every "
        "certified parameter; they stopped with status maxiter 2, converged 1:")
    assert "- lm: MGH09 (maxiter), BoxBOD (converged)" in text
    assert "- trf: Bennett5 (maxiter)" in text
    assert text.endswith("From NIST's start 2, every run (1) reached 6 correct digits on "
                         "every certified parameter.")


def test_docs_into_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    target = tmp_path / "file.md"
    target.write_text("x")
    assert main(["report", "--suite", "scalar", "--results", str(STORE), "--no-run",
                 "--docs", str(target), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error == f"optbench: error: output folder {target} is a file; give a folder\n"


def test_the_index_lists_every_page_and_every_sub_folders_index(tmp_path):
    for page in ("nist-strd.md", "mgh.md", "lmder/index.md", "lmder/mgh.md"):
        (tmp_path / page).parent.mkdir(exist_ok=True)
        (tmp_path / page).write_text("# page\n")
    toctree = index_page(tmp_path).split("```{toctree}\n")[1].split("```")[0]
    assert toctree.split() == [":maxdepth:", "1", "mgh", "nist-strd", "lmder/index"]
    assert index_page(tmp_path).startswith(f"# Results: {tmp_path.name}\n")
    assert index_page(tmp_path / "lmder").splitlines()[0] == "# Results: lmder"

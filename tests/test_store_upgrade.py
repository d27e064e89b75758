"""Schema 4 (issue 16): traces as one block of essential rows per run. A store written
by the code before (schema 3, one row per evaluation; ``tests/data/store-v3.sqlite``,
made by optbench at 9068bb3 + issue 15 with ``report --problems quadratic rosenbrock
mgh-beale hs-071 aps-02 --solvers nelder-mead bfgs cg slsqp cobyla brentq --starts 2``)
is upgraded in place, and its report is the one that code wrote.
"""

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optbench.analysis import (
    cost_table,
    cost_to_target,
    data_profile,
    leaderboard,
    performance_profile,
    reference_values,
    runtime_ecdf,
)
from optbench.analysis.tables import best_so_far_curves
from optbench.analysis.targets import improvement_rows
from optbench.cli import main
from optbench.errors import OptbenchError
from optbench.runner import plan, run_missing
from optbench.store import SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data"
SELECTION = ["--problems", "quadratic", "rosenbrock", "mgh-beale", "hs-071", "aps-02",
             "--solvers", "nelder-mead", "bfgs", "cg", "slsqp", "cobyla", "brentq",
             "--starts", "2"]


@pytest.fixture
def old_store(tmp_path):
    path = tmp_path / "v3.sqlite"
    shutil.copy(DATA / "store-v3.sqlite", path)
    return path


def _old_tables(path):
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
        runs = pd.read_sql_query("SELECT * FROM runs ORDER BY rowid", connection)
        traces = pd.read_sql_query("SELECT run_id, evaluation, f, best_f, time_s, njev, "
                                   "violation FROM traces ORDER BY rowid", connection)
    return runs, traces


def test_a_schema_3_store_is_upgraded_in_place(old_store):
    runs, traces = _old_tables(old_store)
    assert len(traces) == 3960
    with Store(old_store) as store:
        upgraded_runs, kept = store.runs(), store.traces()
    with sqlite3.connect(old_store) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "traces" not in tables and "trace_blocks" in tables
    runs["success"] = runs["success"].astype(bool)
    pd.testing.assert_frame_equal(upgraded_runs, runs)
    # the kept rows are the old rows' essential ones, values unchanged
    expected = improvement_rows(traces)
    pd.testing.assert_frame_equal(kept.astype({"run_id": str}), expected,  # ids categorical
                                  check_dtype=False)
    assert len(kept) < len(traces)
    # and the dense curves read back are the old ones
    old_curves, new_curves = best_so_far_curves(traces), best_so_far_curves(kept)
    assert old_curves.keys() == new_curves.keys()
    for run_id, curve in old_curves.items():
        np.testing.assert_array_equal(new_curves[run_id], curve)


def _sections(markdown: str) -> dict[str, str]:
    """A Markdown page's sections by heading (the text before the first, under "")."""
    parts = ("\n" + markdown).split("\n## ")
    return {"": parts[0], **{part.split("\n", 1)[0]: part for part in parts[1:]}}


def test_the_upgraded_stores_report_is_the_one_the_old_code_wrote(old_store, tmp_path):
    out = tmp_path / "report"
    assert main(["report", "--no-run", *SELECTION, "--results", str(old_store),
                 "--out", str(out), "--quiet"]) == 0
    assert (out / "summary.csv").read_text() == (DATA / "store-v3-summary.csv").read_text()
    # summary.md: every section the old code wrote is there, the same to the byte; the
    # analyses added since (issue 18's solver honesty, ...) add sections of their own
    old = _sections((DATA / "store-v3-summary.md").read_text())
    new = _sections((out / "summary.md").read_text())
    assert {title: new.get(title) for title in old} == old
    assert list(new)[:2] == list(old)[:2]  # the title and the first table lead


def test_a_read_only_old_store_is_one_line(old_store, monkeypatch):
    # The upgrade needs to write; a store it cannot write is refused, left as it was.
    before = old_store.read_bytes()
    real = sqlite3.connect

    def read_only(path, *args, **kwargs):
        return real(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    with pytest.raises(OptbenchError, match="cannot be written .attempt to write a "
                                            "readonly database."):
        Store(old_store)
    assert old_store.read_bytes() == before


def test_metrics_from_whole_and_essential_traces_are_equal(tmp_path):
    # The same runs, their traces whole (as the instrument made them) and as stored:
    # every measure the report computes is the same.
    with Store(None) as store:
        records = run_missing(plan(["quadratic", "rosenbrock", "mgh-beale", "hs-071"],
                                   ["nelder-mead", "bfgs", "cg", "cobyla"], starts=2),
                              store)
        runs, stored = store.runs(), store.traces()
    whole = pd.concat([pd.DataFrame({
        "run_id": record.run_id, "evaluation": record.trace.evaluation, "f": record.trace.f,
        "best_f": record.trace.best_f, "time_s": record.trace.time_s,
        "njev": record.trace.njev.astype(float), "violation": record.trace.violation})
        for record in records if record.trace is not None], ignore_index=True)
    assert len(stored) < len(whole)  # 2 296 of 3 779 rows here
    for traces in (whole, stored):
        traces["family"] = traces["run_id"].map(runs.set_index("run_id")["family"])
    measures = []
    for traces in (whole, stored):
        rows = improvement_rows(traces)
        reference = reference_values(runs, traces)
        hits = cost_to_target(runs, rows, (1e-1, 1e-5), "fev", reference)
        measures.append({
            "reference": reference, "hits": hits,
            "board": leaderboard(runs, rows, 1e-5, "fev", reference, hits),
            "data": data_profile(runs, rows, 1e-5, (1.0, 10.0, 100.0)),
            "performance": performance_profile(cost_table(hits, 1e-5), (1.0, 2.0, 10.0)),
            "ecdf": runtime_ecdf(runs, rows, cost="fev", reference=reference),
        })
    for name in measures[0]:
        pd.testing.assert_frame_equal(measures[0][name], measures[1][name], obj=name)

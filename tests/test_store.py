"""The SQLite store: round trips, one transaction per run, refusing what it cannot read."""

import sqlite3

import numpy as np
import pytest

from optbench.errors import OptbenchError
from optbench.runner import Task, execute
from optbench.store import SCHEMA_VERSION, Store


def test_round_trip(tmp_path):
    record = execute(Task("quadratic", "bfgs", 0, 0, 100))
    with Store(tmp_path / "s.sqlite") as store:
        store.add(record)
        store.write_meta()
    with Store(tmp_path / "s.sqlite") as store:
        runs = store.runs()
        assert store.run_ids() == {record.run_id}
        assert runs.loc[0, "nfev"] == record.nfev and runs.loc[0, "fun"] == record.fun
        traces = store.traces()
        np.testing.assert_array_equal(traces["f"], record.trace.f)
        assert traces["evaluation"].tolist() == [1, 2, 3]
        np.testing.assert_array_equal(traces["njev"], record.trace.njev)
        meta = store.meta()
        assert {"python", "numpy", "scipy", "optbench", "machine", "date"} <= set(meta)


def test_replacing_a_run_replaces_its_trace():
    record = execute(Task("quadratic", "bfgs", 0, 0, 100))
    store = Store(None)
    store.add(record)
    store.add(record)
    assert len(store.runs()) == 1 and len(store.traces()) == len(record.trace)


def test_non_finite_values_survive(tmp_path):
    record = execute(Task("rosenbrock", "gd", 0, 0, 100))
    with Store(tmp_path / "s.sqlite") as store:
        store.add(record)
        row = store.runs().iloc[0]
    assert row["status"] == "diverged" and not np.isfinite(row["fun"])


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(OptbenchError, match="is a directory"):
        Store(tmp_path)


def test_a_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database")
    with pytest.raises(OptbenchError, match="not an optbench results store"):
        Store(path)
    assert path.read_text() == "not a database"


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(OptbenchError, match="not an optbench results store"):
        Store(path)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OptbenchError, match="newer optbench"):
        Store(path)


def test_an_older_schema_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 1")
    with pytest.raises(OptbenchError, match="older optbench .schema 1; this one reads 2.; "
                                            "move it aside and run again"):
        Store(path)


def test_best_so_far_reads_each_runs_curve():
    store = Store(None)
    records = [execute(Task(p, "bfgs", 0, 0, 100)) for p in ("quadratic", "rosenbrock")]
    for record in records:
        store.add(record)
    curves = store.best_so_far()
    for record in records:
        np.testing.assert_array_equal(curves[record.run_id].best_f, record.trace.best_f)
        assert curves[record.run_id].evaluation.tolist() == list(range(1, record.nfev + 1))
    assert set(store.best_so_far([records[0].run_id])) == {records[0].run_id}


def test_best_so_far_refuses_traces_optbench_did_not_write():
    store = Store(None)
    store.add(execute(Task("quadratic", "bfgs", 0, 0, 100)))
    store._connection.execute(
        "INSERT INTO traces (run_id, evaluation, f, best_f, time_s) VALUES ('x', 5, 1, 1, 0)")
    with pytest.raises(OptbenchError, match="not stored as evaluations 1 to nfev"):
        store.best_so_far()


def test_improvements_keep_first_last_and_every_new_best():
    # quadratic from x0 = 1.3 with Nelder-Mead: its trace has evaluations that are
    # not improvements; the kept rows are exactly evaluation 1, the last one, and the
    # rows whose f set a new best (f == best_f), checked against the full trace.
    record = execute(Task("quadratic", "nelder-mead", 0, 0, 100))
    with Store(None) as store:
        store.add(record)
        full = store.traces()
        kept = store.improvements()
    expected = full[(full["evaluation"] == 1) | (full["f"] == full["best_f"])
                    | (full["evaluation"] == record.nfev)]
    assert len(kept) < len(full)
    assert kept["evaluation"].tolist() == expected["evaluation"].tolist()
    assert kept.columns.tolist() == full.columns.tolist()
    # Every best-so-far level of the full trace is still reached, at its first evaluation.
    first_at = full.groupby("best_f")["evaluation"].min()
    kept_at = kept.groupby("best_f")["evaluation"].min()
    assert first_at.to_dict() == kept_at.to_dict()

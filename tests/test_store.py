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
    with pytest.raises(OptbenchError, match="older optbench .schema 1; this one reads 4.; "
                                            "move it aside and run again"):
        Store(path)


def test_a_store_with_other_run_columns_is_refused(tmp_path):
    # A store of the same schema number written before a column was added (kind):
    # refused with what is missing, never written into half-way.
    path = tmp_path / "drift.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE runs DROP COLUMN kind")
    with pytest.raises(OptbenchError, match=r"another version of optbench \(runs lacks: kind\); "
                                            "move it aside and run again"):
        Store(path)

"""The SQLite store: tables ``runs``, ``trace_blocks``, ``problems`` and ``meta``; one
writer, append-only.

A run's trace is one row of ``trace_blocks``: its essential evaluations
(`optbench.improvements`: the first, every new best, the last) as one little-endian
array per column, so a trace costs one row and grows with its improvements, not its
evaluations. `Store.traces` gives them back in long format.

Each run is written with its trace and its problem's row in one transaction, so a
crash loses at most the run in flight, and a store is either readable whole or refused
with one clear line. The ``problems`` table keeps each problem's certified answer and
report facts (`optbench.record.ProblemRow`), so reports read the store alone; this
module imports no problem code.
"""

from __future__ import annotations

import datetime
import os
import platform
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

from optbench import __version__
from optbench.errors import OptbenchError
from optbench.frames import among
from optbench.improvements import essential, essential_trace
from optbench.record import PROBLEM_COLUMNS, RUN_COLUMNS, Record

#: The schema this optbench writes (SQLite's ``user_version``); newer stores are refused.
#: 3: counted constraint evaluations, ``nit_source``, trace violations, ``problems``.
#: 4: traces as one block of essential rows per run (``trace_blocks``); a store of
#: schema 3 is upgraded in place when it is opened for writing (`upgrade`).
SCHEMA_VERSION = 4

#: The trace columns and how their blocks are encoded.
TRACE_COLUMNS: dict[str, np.dtype] = {
    "evaluation": np.dtype("<i8"), "f": np.dtype("<f8"), "best_f": np.dtype("<f8"),
    "time_s": np.dtype("<f8"), "njev": np.dtype("<f8"), "violation": np.dtype("<f8")}

_INTEGER = {"start", "seed", "max_fev", "n", "nit", "nfev", "njev", "nhev", "ncev", "ncjev",
            "solver_nit", "solver_nfev", "solver_njev", "solver_nhev", "solver_ncev",
            "solver_ncjev", "success", "has_bounds_or_constraints"}
_REAL = {"fun", "f_opt", "f_error", "x_error", "max_violation", "accuracy", "time_s"}
_TABLES = {"runs", "trace_blocks", "problems", "meta"}


def _column_type(name: str) -> str:
    if name in _INTEGER:
        return "INTEGER"
    return "REAL" if name in _REAL else "TEXT"


_TRACE_BLOCKS = f"""CREATE TABLE IF NOT EXISTS trace_blocks (
    run_id TEXT PRIMARY KEY REFERENCES runs(run_id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    {', '.join(f'{column} BLOB NOT NULL' for column in TRACE_COLUMNS)}
);"""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS runs (
    {', '.join(f'{c} {_column_type(c)}' for c in RUN_COLUMNS)},
    PRIMARY KEY (run_id)
);
{_TRACE_BLOCKS}
CREATE TABLE IF NOT EXISTS problems (
    {', '.join(f'{c} {_column_type(c)}' for c in PROBLEM_COLUMNS)},
    PRIMARY KEY (problem)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
PRAGMA user_version = {SCHEMA_VERSION};
"""


def _is_empty(connection: sqlite3.Connection) -> bool:
    """Whether a file is an empty database (no tables, no schema version): a store
    another process has just begun to make, or an empty file."""
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    return tables == 0 and version == 0


def environment() -> dict[str, str]:
    """Versions and machine facts written to ``meta`` by each session that runs."""
    return {
        "optbench": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


#: Seconds a write waits for another process's lock on the store before giving up.
LOCK_TIMEOUT = 30.0


class Store:
    """A results store at ``path`` (``None`` keeps it in memory).

    Raises
    ------
    OptbenchError
        If the path is a directory or cannot be created, or the file is not an optbench
        store (not SQLite, foreign tables, or a newer schema). Nothing is written then.

    Examples
    --------
    >>> store = Store(None)
    >>> store.run_ids()
    set()
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            connection = sqlite3.connect(":memory:")
            connection.executescript(_SCHEMA)
            return connection
        if self.path.is_dir():
            raise OptbenchError(f"results path {self.path} is a directory; give a file path")
        exists = self.path.exists()
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise OptbenchError(f"cannot create results folder {self.path.parent}: "
                                    f"{error.strerror}") from None
        try:
            connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
            if exists and not _is_empty(connection):
                self._check(connection)
            else:
                # One transaction, so that two processes making the same new store at once
                # make it once: the second waits for the lock, then finds the tables.
                connection.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")
                self._check(connection)
        except sqlite3.OperationalError as error:
            raise self._write_error(error) from None
        except sqlite3.DatabaseError as error:
            raise OptbenchError(
                f"{self.path} is not an optbench results store ({error})"
            ) from None
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _write_error(self, error: sqlite3.OperationalError) -> OptbenchError:
        """One line for a failed write: a lock held past `LOCK_TIMEOUT`, a full disk, a
        read-only file or folder. What was stored before is kept (each run is its own
        transaction)."""
        text = str(error)
        if "locked" in text:
            why = (f"stayed locked by another process for {LOCK_TIMEOUT:g} s; wait for it "
                   "to finish and run the same command again")
        elif "full" in text:
            why = "cannot grow: the disk is full; free space and run the same command again"
        else:
            why = f"cannot be written ({text})"
        return OptbenchError(f"results store {self.path} {why} (the runs stored before are "
                             "kept)")

    def _check(self, connection: sqlite3.Connection) -> None:
        damage = connection.execute("PRAGMA quick_check").fetchone()[0]
        if damage != "ok":
            damage = " ".join(str(damage).split())
            raise OptbenchError(f"{self.path} is damaged (SQLite's quick_check: {damage}); "
                                "move it aside and run again, or restore it from a copy")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:
            raise OptbenchError(f"{self.path} was written by a newer optbench (schema "
                                f"{version}; this one reads {SCHEMA_VERSION}); upgrade optbench")
        if version == 3 and {"runs", "traces", "problems", "meta"} <= tables:
            upgrade(connection)
            version, tables = SCHEMA_VERSION, tables - {"traces"} | {"trace_blocks"}
        if 0 < version < SCHEMA_VERSION and {"runs", "meta"} <= tables:
            raise OptbenchError(f"{self.path} was written by an older optbench (schema "
                                f"{version}; this one reads {SCHEMA_VERSION}); move it aside "
                                "and run again")
        if not _TABLES <= tables or version != SCHEMA_VERSION:
            raise OptbenchError(f"{self.path} is an SQLite file but not an optbench results "
                                f"store (tables: {', '.join(sorted(tables)) or 'none'})")
        columns = {row[1] for row in connection.execute("PRAGMA table_info(runs)")}
        if columns != set(RUN_COLUMNS):
            missing = ", ".join(sorted(set(RUN_COLUMNS) - columns)) or "none"
            raise OptbenchError(f"{self.path} was written by another version of optbench "
                                f"(runs lacks: {missing}); move it aside and run again")

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_meta(self, values: dict[str, str] | None = None) -> None:
        """Record the running environment (or ``values``) in ``meta``.

        Raises
        ------
        OptbenchError
            If the store cannot be written (`add`).
        """
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (values or environment()).items(),
                )
        except sqlite3.OperationalError as error:
            raise self._write_error(error) from None

    def meta(self) -> dict[str, str]:
        """The ``meta`` table as a dict."""
        return dict(self._connection.execute("SELECT key, value FROM meta"))

    def run_ids(self) -> set[str]:
        """The ids of all stored runs."""
        return {row[0] for row in self._connection.execute("SELECT run_id FROM runs")}

    def add(self, record: Record) -> None:
        """Store a run, its trace and its problem's row in one transaction, replacing a
        run of the same id (and the problem's row).

        Raises
        ------
        OptbenchError
            If the store cannot be written: locked past `LOCK_TIMEOUT`, a full disk, a
            read-only file. Nothing of the record is stored then, and nothing before it
            is lost.
        """
        try:
            self._add(record)
        except sqlite3.OperationalError as error:
            raise self._write_error(error) from None

    def _add(self, record: Record) -> None:
        row = record.row()
        with self._connection:
            self._connection.execute("DELETE FROM trace_blocks WHERE run_id = ?",
                                     (record.run_id,))
            self._insert("runs", row)
            if record.problem_row is not None:
                self._insert("problems", vars(record.problem_row))
            if record.trace is not None and len(record.trace):
                kept = essential_trace(record.trace)
                self._insert_block(record.run_id, {
                    column: getattr(kept, column) for column in TRACE_COLUMNS})

    def _insert_block(self, run_id: str, columns: dict[str, np.ndarray]) -> None:
        """One run's trace rows as one ``trace_blocks`` row (`insert_block`)."""
        insert_block(self._connection, run_id, columns)

    def _insert(self, table: str, row: dict[str, object]) -> None:
        placeholders = ", ".join("?" for _ in row)
        self._connection.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({placeholders})",
            [_plain(v) for v in row.values()])

    def problems(self) -> pd.DataFrame:
        """The ``problems`` table: one row per problem with stored runs
        (`optbench.record.ProblemRow`'s columns), ``has_bounds_or_constraints`` a bool."""
        frame = pd.read_sql_query("SELECT * FROM problems ORDER BY rowid", self._connection)
        frame["has_bounds_or_constraints"] = frame["has_bounds_or_constraints"].astype(bool)
        return frame

    def run_keys(self) -> pd.DataFrame:
        """What identifies each stored run, without its results: ``run_id``, ``problem``,
        ``solver``, ``start``, ``seed``, ``max_fev`` and ``optbench_version``."""
        return pd.read_sql_query(
            "SELECT run_id, problem, solver, start, seed, max_fev, optbench_version FROM runs "
            "ORDER BY rowid", self._connection)

    def runs(self, run_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The ``runs`` table (or the given runs) as a DataFrame, in insertion order."""
        frame = pd.read_sql_query("SELECT * FROM runs ORDER BY rowid", self._connection)
        frame["success"] = frame["success"].astype(bool)
        if run_ids is not None:
            frame = frame[among(frame["run_id"], run_ids)].reset_index(drop=True)
        return frame

    def traces(self, run_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The stored trace rows (of the given runs) in long format: ``run_id`` (a
        categorical, one category per run), then `TRACE_COLUMNS`, each run's rows
        together in evaluation order, runs in the order they were stored. A run keeps
        its essential rows only (`optbench.improvements`)."""
        index = self._connection.execute(
            "SELECT run_id, size FROM trace_blocks ORDER BY rowid").fetchall()
        wanted = None if run_ids is None else set(run_ids)
        kept = [(run_id, size) for run_id, size in index if wanted is None or run_id in wanted]
        sizes = np.array([size for _, size in kept], dtype=np.int64)
        # one code per row, one string per run: categorical ids cost 4 bytes a row, and
        # grouping or factorising them reads the codes
        codes = np.repeat(np.arange(len(kept), dtype=np.int32), sizes)
        ids = pd.Index([run_id for run_id, _ in kept], dtype=object)
        columns = {name: np.empty(int(sizes.sum()), dtype=dtype)
                   for name, dtype in TRACE_COLUMNS.items()}
        cursor = self._connection.execute(
            f"SELECT run_id, {', '.join(TRACE_COLUMNS)} FROM trace_blocks ORDER BY rowid")
        done = 0  # rows copied; blocks are read a few hundred at a time, straight into
        # the columns, so the blobs of the whole store are never held at once
        for chunk in iter(lambda: cursor.fetchmany(256), []):
            if wanted is not None:
                chunk = [block for block in chunk if block[0] in wanted]
            added = 0
            for i, values in enumerate(columns.values(), start=1):
                joined = np.frombuffer(b"".join([block[i] for block in chunk]),
                                       dtype=values.dtype)
                values[done:done + joined.size] = joined
                added = joined.size
            done += added
        frame = {"run_id": pd.Categorical.from_codes(codes, categories=ids), **columns}
        return pd.DataFrame(frame, copy=False)


def insert_block(connection: sqlite3.Connection, run_id: str,
                 columns: dict[str, np.ndarray]) -> None:
    """Write one run's trace rows (`TRACE_COLUMNS`, NaN where missing) as one
    ``trace_blocks`` row, each column as its little-endian array."""
    blobs = [np.ascontiguousarray(columns[name], dtype=dtype).tobytes()
             for name, dtype in TRACE_COLUMNS.items()]
    connection.execute(
        f"INSERT INTO trace_blocks (run_id, size, {', '.join(TRACE_COLUMNS)}) "
        f"VALUES (?, ?, {', '.join('?' for _ in TRACE_COLUMNS)})",
        [run_id, len(columns["evaluation"]), *blobs])


def upgrade(connection: sqlite3.Connection) -> None:
    """Upgrade a store of schema 3 to `SCHEMA_VERSION` in place, in one transaction.

    Each run's rows of the old ``traces`` table (one per evaluation) become one
    ``trace_blocks`` row of its essential rows (`optbench.improvements.essential`); the
    old table is dropped and the file compacted. Every figure of a report is the same
    before and after. Runs are read a thousand at a time, so the memory it takes does
    not grow with the store.

    Raises
    ------
    sqlite3.OperationalError
        If the store cannot be written (read-only, locked, full); it is left as it was.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(_TRACE_BLOCKS)
        run_ids = [row[0] for row in connection.execute(
            "SELECT run_id FROM traces GROUP BY run_id ORDER BY min(rowid)")]
        for first in range(0, len(run_ids), 1000):
            chunk = run_ids[first:first + 1000]
            old = pd.read_sql_query(
                "SELECT run_id, evaluation, f, best_f, time_s, njev, violation FROM traces "
                f"WHERE run_id IN ({', '.join('?' for _ in chunk)}) "
                "ORDER BY rowid", connection, params=chunk)
            columns = {name: old[name].to_numpy(dtype=float, na_value=np.nan)
                       for name in TRACE_COLUMNS}
            keep = essential(old["run_id"].to_numpy(), columns["evaluation"], columns["f"],
                             columns["best_f"], columns["violation"])
            kept = {name: values[keep] for name, values in columns.items()}
            runs = old["run_id"].to_numpy()[keep]  # each run's rows together (rowid order)
            bounds = np.flatnonzero(np.r_[True, runs[1:] != runs[:-1], True])
            for a, b in zip(bounds[:-1], bounds[1:], strict=True):
                insert_block(connection, str(runs[a]),
                             {name: values[a:b] for name, values in kept.items()})
        connection.execute("DROP TABLE traces")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    try:
        connection.execute("VACUUM")  # give the old rows' pages back
    except sqlite3.OperationalError:
        pass  # a full disk: the upgraded store is whole, only not compacted


def _plain(value: object) -> object:
    """SQLite stores NaN as NULL; keep infinities, which it stores as REAL."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


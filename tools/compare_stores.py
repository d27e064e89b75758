"""Compare two results stores run by run: the check that a refactoring changed no result.

``python tools/compare_stores.py BEFORE AFTER`` reads both stores' ``runs`` and
``traces`` tables with SQLite alone (no optbench code, so either store can come from
any version) and compares, for the run ids of BEFORE, every column the two have in
common except the times (``time_s`` of runs and traces, ``optbench_version``). Values
are compared exactly (NULLs equal NULLs). It prints one line per column with
differences and a last line with the totals, and exits 1 if any difference is not
one of the documented ones (``--allow``):

- ``nit-from-solver``: BEFORE's ``nit`` is NULL and AFTER's equals its ``solver_nit``
  with ``nit_source = 'solver'`` (solvers without an iteration callback now store their
  own count, as the contract says);
- ``nit-unknown``: BEFORE's ``nit`` is 0, a counter no callback and no report ever set
  (``fixed_point`` reports no iterations), and AFTER's is NULL with no ``nit_source``;
- ``skip-message``: the ``message`` of a ``skipped`` run (the runner now writes skip
  reasons from the solvers' declarations).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter

_IGNORED = {"time_s", "optbench_version"}
ALLOWANCES = ("nit-from-solver", "nit-unknown", "skip-message")


def _rows(path: str, table: str, key: str) -> tuple[list[str], dict]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
    columns = [d[0] for d in cursor.description]
    rows = {record[key]: record for record in
            (dict(zip(columns, row, strict=True)) for row in cursor)}
    connection.close()
    return columns, rows


def _compare_traces(before_path: str, after_path: str,
                    run_ids: list[str]) -> tuple[list[str], int, Counter[str]]:
    """Trace rows of ``run_ids`` in one store and not the other, by SQL ``EXCEPT`` on
    the shared columns but ``time_s`` (NULLs compare equal, floats exactly)."""
    connection = sqlite3.connect(f"file:{before_path}?mode=ro", uri=True)
    connection.execute("ATTACH DATABASE ? AS after", (f"file:{after_path}?mode=ro",))
    def names(schema: str) -> list[str]:
        return [row[1] for row in connection.execute(f"PRAGMA {schema}.table_info(traces)")]
    common = [c for c in names("main") if c in names("after") and c not in _IGNORED]
    connection.execute("CREATE TEMP TABLE ids (run_id TEXT PRIMARY KEY)")
    connection.executemany("INSERT INTO ids VALUES (?)", [(i,) for i in run_ids])
    select = ", ".join(common)
    def only(first: str, second: str) -> int:
        query = (f"SELECT count(*) FROM (SELECT {select} FROM {first}.traces WHERE run_id IN "
                 f"(SELECT run_id FROM ids) EXCEPT SELECT {select} FROM {second}.traces "
                 "WHERE run_id IN (SELECT run_id FROM ids))")
        return int(connection.execute(query).fetchone()[0])
    rows = int(connection.execute("SELECT count(*) FROM main.traces").fetchone()[0])
    differences: Counter[str] = Counter()
    for side, (first, second) in {"only before": ("main", "after"),
                                  "only after": ("after", "main")}.items():
        count = only(first, second)
        if count:
            differences[side] = count
    connection.close()
    return common, rows, differences


def _allowed(column: str, before: dict, after: dict, allow: set[str]) -> str | None:
    """The allowance that explains a difference, or ``None``."""
    if (column == "nit" and "nit-from-solver" in allow and before["nit"] is None
            and after.get("nit_source") == "solver" and after["nit"] == after["solver_nit"]):
        return "nit-from-solver"
    if (column == "nit" and "nit-unknown" in allow and before["nit"] == 0
            and after["nit"] is None and after.get("nit_source") is None
            and after["solver_nit"] is None):
        return "nit-unknown"
    if column == "message" and "skip-message" in allow and before["status"] == "skipped":
        return "skip-message"
    return None


def compare(before_path: str, after_path: str, allow: set[str]) -> int:
    """Print the differences; return the number not explained by ``allow``."""
    unexplained = 0
    columns_before, runs_before = _rows(before_path, "runs", "run_id")
    columns_after, runs_after = _rows(after_path, "runs", "run_id")
    missing = [run_id for run_id in runs_before if run_id not in runs_after]
    print(f"runs: {len(runs_before)} before, {len(runs_after)} after, "
          f"{len(missing)} of before's missing after")
    unexplained += len(missing)
    common = [c for c in columns_before if c in columns_after and c not in _IGNORED]
    differences: Counter[str] = Counter()
    explained: Counter[tuple[str, str]] = Counter()
    for run_id, before in runs_before.items():
        after = runs_after.get(run_id)
        if after is None:
            continue
        for column in common:
            if before[column] != after[column]:
                reason = _allowed(column, before, after, allow)
                if reason is None:
                    differences[column] += 1
                    if differences[column] <= 3:
                        print(f"  {column} differs in {run_id} ({before['problem']}, "
                              f"{before['solver']}): {before[column]!r} -> {after[column]!r}")
                else:
                    explained[(column, reason)] += 1
    for column, count in differences.items():
        print(f"runs.{column}: {count} runs differ")
    for (column, reason), count in explained.items():
        print(f"runs.{column}: {count} runs differ as allowed ({reason})")
    unexplained += sum(differences.values())
    trace_common, rows, trace_differences = _compare_traces(before_path, after_path,
                                                           list(runs_before))
    for side, count in trace_differences.items():
        print(f"traces: {count} rows {side}")
    unexplained += sum(trace_differences.values())
    print(f"compared {len(runs_before)} runs in {len(common)} columns and "
          f"{rows} trace rows in {len(trace_common)} columns: "
          f"{unexplained} unexplained differences, {sum(explained.values())} allowed")
    return unexplained


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--allow", nargs="*", default=list(ALLOWANCES), choices=ALLOWANCES,
                        help="documented differences to accept (default: all)")
    arguments = parser.parse_args(argv)
    return 1 if compare(arguments.before, arguments.after, set(arguments.allow)) else 0


if __name__ == "__main__":
    sys.exit(main())

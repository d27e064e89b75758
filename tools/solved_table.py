"""Print a suite's solved table from a results store, as the README shows it.

``python tools/solved_table.py STORE --suite libraries`` prints, for each solver of the
suite, how many runs it solved of those it ran in each family (``success``: within
1e-6 of the certified f*, feasible), the median ``nfev`` of its solved runs, and how
many of its runs report an evaluation count of their own that equals the instrument's
(``solver_nfev == nfev``), in markdown. Skipped runs are left out; the tasks are the
suite's, so runs of other suites in the store are not read.
"""

from __future__ import annotations

import argparse

import pandas as pd

from optbench.store import Store
from optbench.suites import get_suite


def solved_table(runs: pd.DataFrame, solvers: list[str]) -> str:
    """The markdown table of ``runs`` (the runs table's columns), solvers in order.

    Examples
    --------
    >>> runs = pd.DataFrame({"solver": ["a", "a"], "family": ["MGH", "global"],
    ...                      "status": "converged", "success": [True, False],
    ...                      "nfev": [10, 50], "solver_nfev": [10, None]})
    >>> print(solved_table(runs, ["a"]))
    | solver | MGH | global | median nfev (solved) | own nfev = instrument's |
    |---|---|---|---|---|
    | a | 1 / 1 | 0 / 1 | 10 | 1 / 1 |
    """
    ran = runs[runs["status"] != "skipped"]
    families = list(dict.fromkeys(ran["family"]))
    lines = ["| solver | " + " | ".join(families) + " | median nfev (solved) | "
             "own nfev = instrument's |", "|---" * (len(families) + 3) + "|"]
    for solver in solvers:
        mine = ran[ran["solver"] == solver]
        if mine.empty:
            continue
        cells = []
        for family in families:
            part = mine[mine["family"] == family]
            cells.append(f"{int(part['success'].sum())} / {len(part)}" if len(part) else "-")
        solved = mine[mine["success"]]
        median = f"{solved['nfev'].median():.0f}" if len(solved) else "-"
        reported = mine[mine["solver_nfev"].notna()]
        agree = int((reported["solver_nfev"] == reported["nfev"]).sum())
        own = f"{agree} / {len(reported)}" if len(reported) else "none reported"
        lines.append(f"| {solver} | " + " | ".join(cells) + f" | {median} | {own} |")
    return "\n".join(lines)


def main() -> None:
    """The command line: ``STORE --suite NAME``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--suite", required=True)
    args = parser.parse_args()
    suite = get_suite(args.suite)
    tasks = suite.tasks(starts=suite.starts, seed=0, max_fev=20_000)
    with Store(args.store) as store:
        runs = store.runs([task.run_id for task in tasks])
    print(solved_table(runs, list(dict.fromkeys(task.solver for task in tasks))))


if __name__ == "__main__":
    main()

"""Print a suite's solved table from a results store, as the README shows it.

``python tools/solved_table.py STORE --suite libraries`` prints, for each solver of the
suite, how many runs it solved of those it ran in each family (``success``: within
1e-6 of the certified f*, feasible), the median ``nfev`` of its solved runs, and how
many of its runs report an evaluation count of their own that equals the instrument's
(``solver_nfev == nfev``), in markdown (`optbench.report.docs_pages.solved_table`,
which the results pages show too). Skipped runs are left out; the tasks are the
suite's, so runs of other suites in the store are not read.
"""

from __future__ import annotations

import argparse

from optbench.report.docs_pages import solved_table
from optbench.store import Store
from optbench.suites import get_suite


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

"""Pure functions over the ``runs`` and ``traces`` tables: no I/O, no plotting.

``tables`` shapes runs into the report's tables; the other modules compute the
benchmarking metrics (targets, profiles, ECDFs, ERT).
"""

from optbench.analysis.tables import (
    SUMMARY_COLUMNS,
    error_curve,
    error_quantiles,
    failures,
    log_grid,
    pivot,
    status_table,
    summary,
)

__all__ = [
    "SUMMARY_COLUMNS",
    "error_curve",
    "error_quantiles",
    "failures",
    "log_grid",
    "pivot",
    "status_table",
    "summary",
]

"""Pure functions over the ``runs`` and ``traces`` tables: no I/O, no plotting.

``tables`` shapes runs into the report's tables; the other modules compute the
benchmarking metrics (targets, profiles, ECDFs, ERT).
"""

from optbench.analysis.ecdf import ECDF_TARGETS, ecdf_of, ecdf_runtimes, runtime_ecdf
from optbench.analysis.ert import ert, ert_interval, ert_table, success_rate
from optbench.analysis.honesty import HONESTY_TARGETS, honesty_at, honesty_table
from optbench.analysis.leaderboard import LEADERBOARD_COLUMNS, leaderboard
from optbench.analysis.log_ratio import log_ratio_profile
from optbench.analysis.metrics import RunMetrics
from optbench.analysis.profiles import (
    convergence_cost_table,
    convergence_evaluations,
    convergence_performance_profile,
    cost_table,
    data_profile,
    data_profile_of,
    instance_table,
    performance_profile,
    performance_ratios,
)
from optbench.analysis.quality import (
    quality_profile,
    quality_ratios,
    quality_table,
    start_values,
    test_set_profile,
    zoomed_quality_profile,
)
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
from optbench.analysis.targets import (
    COSTS,
    TARGETS,
    cost_to_target,
    reference_values,
    solved,
    trace_costs,
    within_target,
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
    "COSTS",
    "ECDF_TARGETS",
    "HONESTY_TARGETS",
    "LEADERBOARD_COLUMNS",
    "RunMetrics",
    "TARGETS",
    "convergence_cost_table",
    "convergence_evaluations",
    "convergence_performance_profile",
    "cost_table",
    "cost_to_target",
    "data_profile",
    "data_profile_of",
    "ecdf_of",
    "ecdf_runtimes",
    "ert",
    "ert_interval",
    "ert_table",
    "honesty_at",
    "honesty_table",
    "instance_table",
    "leaderboard",
    "log_ratio_profile",
    "performance_profile",
    "performance_ratios",
    "quality_profile",
    "quality_ratios",
    "quality_table",
    "reference_values",
    "runtime_ecdf",
    "solved",
    "start_values",
    "success_rate",
    "test_set_profile",
    "trace_costs",
    "within_target",
    "zoomed_quality_profile",
]

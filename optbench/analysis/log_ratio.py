"""Log-ratio profiles: two solvers compared instance by instance.

For solvers s1, s2 and each instance p with costs c1, c2 (the cost to solve it, inf or
NaN where the solver did not), OptiProfiler's log-ratio profile takes

    r[p] = log2(c1 / c2)                 where both solved,
    r[p] = +1.1 * M                      where only s2 solved,
    r[p] = -1.1 * M                      where only s1 solved,
    r[p] = 0                             where neither did,

with M the largest |r| over the instances both solved (machine epsilon if none), and
draws the r sorted ascending as bars: below 0, s1 was cheaper (or alone to solve);
above 0, s2. The area of each side tells how much better each solver is where it is.

References
----------
J. L. Morales, "A numerical study of limited memory BFGS methods", Appl. Math. Lett.
15 (2002) 481-487. H.-J. M. Shi, M. Q. Xuan, F. Oztoprak and J. Nocedal, "On the
numerical performance of finite-difference-based methods for derivative-free
optimization", Optim. Methods Softw. 38 (2023) 289-311. OptiProfiler (C. Huang, T. M.
Ragonneau, Z. Zhang): ``getLogRatioProfileAxes.m`` in github.com/optiprofiler/optiprofiler,
``matlab/optiprofiler/src/private``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optbench.errors import OptbenchError

#: The outcome of an instance in a log-ratio profile.
OUTCOMES = ("both", "first only", "second only", "neither")


def log_ratio_profile(costs: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """The log-ratio profile of solvers ``first`` and ``second`` (module docstring).

    Parameters
    ----------
    costs : DataFrame
        Instances x solvers, the cost to solve (inf or NaN: not solved), e.g.
        `optbench.analysis.profiles.cost_table` or `convergence_cost_table`.
    first, second : str
        Two columns of ``costs``.

    Returns
    -------
    DataFrame
        One row per instance, sorted by ``log_ratio`` (stable, so ties keep the
        instances' order): the instance's index, ``log_ratio`` and ``outcome``
        (`OUTCOMES`: which solvers solved it).

    Examples
    --------
    Costs a: 10, 40, 8, -, -; b: 20, 10, -, 5, -. Both solved the first two:
    log2(10/20) = -1, log2(40/10) = 2, so M = 2; a alone solved the third (-2.2), b
    alone the fourth (+2.2), neither the fifth (0).

    >>> costs = pd.DataFrame({"a": [10.0, 40.0, 8.0, np.inf, np.nan],
    ...                       "b": [20.0, 10.0, np.inf, 5.0, np.inf]},
    ...                      index=["p", "q", "r", "s", "t"])
    >>> profile = log_ratio_profile(costs, "a", "b")
    >>> profile.index.tolist(), profile["log_ratio"].round(3).tolist()
    (['r', 'p', 't', 'q', 's'], [-2.2, -1.0, 0.0, 2.0, 2.2])
    >>> profile["outcome"].tolist()
    ['first only', 'both', 'neither', 'both', 'second only']
    """
    for solver in (first, second):
        if solver not in costs.columns:
            raise OptbenchError(f"no solver {solver!r} among {', '.join(map(str, costs))}")
    c1 = costs[first].to_numpy(dtype=float)
    c2 = costs[second].to_numpy(dtype=float)
    ok1, ok2 = np.isfinite(c1), np.isfinite(c2)
    both = ok1 & ok2
    ratio = np.zeros(c1.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log2(np.maximum(c1, 1e-300)) - np.log2(np.maximum(c2, 1e-300))  # 0: tiny
    ratio[both] = logs[both]
    largest = float(np.max(np.abs(ratio[both]), initial=0.0))
    largest = max(largest, float(np.finfo(float).eps))
    ratio[ok1 & ~ok2] = -1.1 * largest
    ratio[~ok1 & ok2] = 1.1 * largest
    outcome = np.select([both, ok1, ok2], list(OUTCOMES[:3]), OUTCOMES[3])
    frame = pd.DataFrame({"log_ratio": ratio, "outcome": outcome}, index=costs.index)
    return frame.iloc[np.argsort(ratio, kind="stable")]

"""Every MGH problem is solved to its published f* by some optbench solver from x0.

"Solved" is the issue's test: relative error 1e-6, or absolute 1e-10 where f* = 0. The
solvers are scipy's run tight (``tol=1e-14``) through optbench; with scipy's default
tolerances several problems stop short (the results pages, docs/results/).
The only exception is a documented local minimum, listed with the value reached.
"""

import pytest

from optbench.problems import PROBLEMS
from optbench.runner import Task, execute

TIGHT = ["bfgs[tol=1e-14]", "trust-exact[hess=fd,tol=1e-14]", "l-bfgs-b[tol=1e-15]",
         "newton-cg[hess=fd,tol=1e-14]"]
OTHER_PUBLISHED_SIZES = ["mgh-watson[n=9]", "mgh-watson[n=12]", "mgh-penalty-1[n=4]",
                         "mgh-penalty-2[n=4]", "mgh-chebyquad[n=8]"]
#: Problems whose every tight solve from x0 ends in a known local minimum (MGH 1981:
#: problem 2, Freudenstein-Roth, local minimum 48.9842...; problem 26, trigonometric,
#: f = 2.79506e-5 at n = 10, the value MINPACK-style solvers reach from x0).
LOCAL_MINIMA = {"mgh-freudenstein-roth": 48.98425, "mgh-trigonometric": 2.79506e-5}
REPRESENTATIVE = {"mgh-rosenbrock", "mgh-beale", "mgh-helical-valley", "mgh-bard",
                  "mgh-watson", "mgh-trigonometric"}


def _problems():
    names = [n for n in PROBLEMS.names() if n.startswith("mgh-")] + OTHER_PUBLISHED_SIZES
    for name in names:
        marks = [] if name in REPRESENTATIVE else [pytest.mark.slow]
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("problem", list(_problems()))
def test_some_solver_reaches_the_published_optimum(problem):
    records = [execute(Task(problem, solver, 0, 0, max_fev=20_000)) for solver in TIGHT]
    ran = [r for r in records if r.f_error is not None]
    best = min(ran, key=lambda r: r.f_error)
    if problem in LOCAL_MINIMA:
        assert best.fun == pytest.approx(LOCAL_MINIMA[problem], rel=1e-5)
        return
    tolerance = 1e-10 if best.f_opt == 0.0 else 1e-6 * abs(best.f_opt)
    assert best.f_error <= tolerance, (best.solver, best.f_error)

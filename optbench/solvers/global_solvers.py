"""Adapters for scipy's global optimisers, and multistart L-BFGS-B as a baseline.

They accept problems of kind ``global`` (a box with finite sides) and skip the rest.
Each runs on the instrument's counted ``fun`` (and ``grad``, for the local searches,
where the problem has an analytic gradient; otherwise L-BFGS-B's finite differences,
whose calls the instrument counts in ``nfev``), within the problem's bounds. Stochastic
ones (dual annealing, basin-hopping, differential evolution, multistart) draw all their
randomness from the run's ``seed`` (scipy's ``rng=``), so a run is reproducible and
each start of a suite is another seed. shgo, DIRECT and brute are deterministic and
ignore it; none of them uses x0 but basin-hopping. The seed's ``anneal`` was removed
from scipy (0.16); ``dual_annealing`` is its successor.

Statuses and counts, read from scipy 1.17.1's sources (``scipy/optimize/``):

====================  =========================================================  ========
solver                how it ends                                                status
====================  =========================================================  ========
dual-annealing        ``maxiter`` iterations; ``maxfun`` calls (success False);  m, m,
                      no finite value after retries (success False, fewer than   d
                      ``maxfun`` calls) (``_dual_annealing.py``; its ``status``
                      is always 0)
basinhopping          ``niter`` hops (no convergence test of its own)            m
differential-         ``tol`` met (success True); ``maxiter`` or ``maxfun``      c, m
evolution             (``_differentialevolution.py``)
shgo                  success; no feasible minimiser found (``_shgo.py``)        c, s
direct                1 maxfun; 2 maxiter; 3 f_min; 4 vol_tol; 5 len_tol;       m, m, c,
                      -6 maximum levels; other negatives: invalid input or a     c, c, s,
                      failure (``_direct_py.py``)                                e
brute                 the grid done and the L-BFGS-B finish's status (or         c
                      ``converged`` without a finish)
multistart-l-bfgs-b   the L-BFGS-B status of the best start (``l-bfgs-b``'s
                      table)
====================  =========================================================  ========

(c converged, m maxiter, s stalled, d diverged, e error.) Counts: dual annealing,
basin-hopping, differential evolution (its L-BFGS-B polish included), shgo (sampling
plus local searches, ``nfev`` = its ``nfev``, which already adds ``nlfev``), DIRECT
(which checks ``maxfun`` only between divisions, so overshoots it: 2009 calls for
2000 on Branin) and multistart (the sum over its L-BFGS-B runs) each report every
call they make, and the instrument counts the same calls: ``nfev == solver_nfev``
(``tests/test_global_solvers.py``). brute reports no count: it makes ``Ns**n`` grid
calls plus its finish's, and its ``solver_nfev`` is left ``None``. Iterations (``nit``)
are the solvers' own (dual annealing's temperature steps, hops, generations, shgo's
refinements, DIRECT's divisions; ``nit_source`` "solver"): the instrument has no
per-iteration hook for them. Multistart's ``nit`` is the instrument's count of
L-BFGS-B's callbacks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import numpy as np
from scipy.optimize import (
    OptimizeResult,
    basinhopping,
    brute,
    differential_evolution,
    direct,
    dual_annealing,
    minimize,
    shgo,
)

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.limits import MAX_STARTS
from optbench.problems.base import Problem, Vector
from optbench.registry import Count, Positive, PositiveCount, Range
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations
from optbench.solvers.scipy_minimize import l_bfgs_b

#: Members of differential evolution's population, per variable.
Population = Annotated[int, Range(1, 10_000)]
#: Sampling points of SHGO per iteration.
Samples = Annotated[int, Range(1, 100_000)]
#: Iterations of SHGO's complex refinement.
Refinements = Annotated[int, Range(1, 1_000)]
#: brute's points per side (0: as the budget allows, `brute_points`).
GridSide = Annotated[int, Range(0, 1_000)]
#: Starts of the multistart baseline.
Starts = Annotated[int, Range(1, MAX_STARTS)]

_C, _M, _S, _D, _E = (Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.DIVERGED,
                      Status.ERROR)
#: DIRECT's ``ret_code`` (``_direct_py.py``: ``ERROR_MESSAGES``, ``SUCCESS_MESSAGES``).
DIRECT_STATUS: Mapping[int, Status] = {1: _M, 2: _M, 3: _C, 4: _C, 5: _C, -6: _S}
#: L-BFGS-B's status codes, as the ``l-bfgs-b`` solver maps them.
LBFGSB_STATUS: Mapping[int, Status] = l_bfgs_b().status_codes
#: dual_annealing's default ``maxfun`` (passed explicitly, so the status test can use it).
ANNEALING_MAXFUN = 10_000_000
#: brute's grid size when the run has no evaluation budget.
BRUTE_DEFAULT_GRID = 10_000
#: Share of the budget brute's grid may take; the rest is left to its finish.
BRUTE_GRID_SHARE = 0.9

Call = Callable[..., Result]


def box(problem: Problem) -> list[tuple[float, float]]:
    """The problem's bounds as a list of (low, high) pairs.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> box(get_problem("global-branin"))
    [(-5.0, 10.0), (0.0, 15.0)]
    """
    assert problem.bounds is not None
    pairs = []
    for low, high in problem.bounds:
        assert low is not None and high is not None  # the solvers need finite bounds
        pairs.append((float(low), float(high)))
    return pairs


def local_kwargs(objective: Instrument) -> dict[str, Any]:
    """``minimize`` arguments for a local L-BFGS-B search in the box.

    The analytic gradient (counted) where the problem has one, else L-BFGS-B's own
    finite differences (``jac=None``), whose function calls the instrument counts.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> sorted(local_kwargs(Instrument(get_problem("global-bukin-6"))))
    ['bounds', 'jac', 'method']
    """
    problem = objective.problem
    return {"method": "L-BFGS-B", "bounds": box(problem),
            "jac": objective.grad if problem.grad is not None else None}


@dataclass(frozen=True)
class GlobalSolver:
    """One global method on the instrument's callables.

    Parameters
    ----------
    method : str
        The scipy function (or ``multistart``), for messages.
    call : callable
        ``call(objective, x0, seed, **options) -> Result``.
    options : mapping
        Keyword options for ``call`` (the registered factory's).
    iterations : Iterations
        Where ``nit`` comes from: the method's own count (no per-iteration callback),
        or, for multistart, L-BFGS-B's callbacks.
    name : str
        The canonical solver spec, set by the registry.
    """

    method: str
    call: Call
    options: Mapping[str, Any] = field(default_factory=dict)
    iterations: Iterations = Iterations.SOLVER
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """``global`` problems in a finite box."""
        return Accepts(self.method, frozenset({Kind.GLOBAL}), needs=(Capability.FINITE_BOUNDS,),
                       iterations=self.iterations)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the method on the counted callables, seeded by ``seed``."""
        return self.call(objective, x0, seed, **self.options)


def _result(res: OptimizeResult, status: Status, njev: int | None = None) -> Result:
    message = res.message if isinstance(res.message, str) else "; ".join(res.message)
    return Result(x=np.asarray(res.x, dtype=float), fun=float(res.fun),
                  nit=int(res.nit) if "nit" in res else None, nfev=int(res.nfev),
                  njev=njev, status=status, message=message)


def _analytic_njev(objective: Instrument, res: OptimizeResult) -> int | None:
    """scipy's gradient count where the gradient is analytic (with finite differences
    its ``njev`` counts difference gradients, which the instrument counts as ``nfev``)."""
    if objective.problem.grad is None or "njev" not in res:
        return None
    return int(res.njev)


def _dual_annealing(objective: Instrument, x0: Vector, seed: int, maxiter: int,
                    local: bool) -> Result:
    bounds = box(objective.problem)
    kwargs = local_kwargs(objective) | {"options": {"maxiter": _annealing_local_maxiter(
        len(bounds))}}
    res = dual_annealing(objective.fun, bounds, maxiter=maxiter, maxfun=ANNEALING_MAXFUN, rng=seed,
                         minimizer_kwargs=kwargs, no_local_search=not local)
    if res.success:
        status = _M
    else:  # maxfun, or no finite value after retries (the only other stop)
        status = _M if res.nfev >= ANNEALING_MAXFUN else _D
    return _result(res, status, _analytic_njev(objective, res))


def _annealing_local_maxiter(n: int) -> int:
    """dual_annealing's own local-search iteration limit (``LocalSearchWrapper``:
    ``min(max(6 n, 100), 1000)``), kept when we hand it our gradient."""
    return min(max(6 * n, 100), 1000)


class BoxStep:
    """basin-hopping's step: uniform in ``±stepsize`` times each side, clipped to the box.

    basinhopping adapts ``stepsize`` towards its target acceptance rate.

    Examples
    --------
    >>> step = BoxStep([(0.0, 1.0)], 0.5, np.random.default_rng(0))
    >>> 0.0 <= float(step(np.array([0.9]))[0]) <= 1.0
    True
    """

    def __init__(self, bounds: list[tuple[float, float]], stepsize: float,
                 rng: np.random.Generator) -> None:
        self.low, self.high = np.array(bounds, dtype=float).T
        self.stepsize = stepsize
        self.rng = rng

    def __call__(self, x: Vector) -> Vector:
        width = self.high - self.low
        step = self.rng.uniform(-self.stepsize, self.stepsize, x.size) * width
        return np.clip(x + step, self.low, self.high)


def _basinhopping(objective: Instrument, x0: Vector, seed: int, niter: int,
                  stepsize: float) -> Result:
    bounds = box(objective.problem)
    take_step = BoxStep(bounds, stepsize, np.random.default_rng([seed, 1]))
    res = basinhopping(objective.fun, x0, niter=niter, minimizer_kwargs=local_kwargs(objective),
                       take_step=take_step, rng=seed)
    return _result(res, _M, _analytic_njev(objective, res))


def _differential_evolution(objective: Instrument, x0: Vector, seed: int, maxiter: int,
                            popsize: int, polish: bool) -> Result:
    res = differential_evolution(objective.fun, box(objective.problem), maxiter=maxiter,
                                 popsize=popsize, polish=polish, rng=seed)
    return _result(res, _C if res.success else _M)


def _shgo(objective: Instrument, x0: Vector, seed: int, n: int, iters: int,
          sampling: str) -> Result:
    kwargs = local_kwargs(objective)
    jac = kwargs.pop("jac")
    options = {"jac": jac} if jac is not None else {}
    res = shgo(objective.fun, kwargs.pop("bounds"), n=n, iters=iters, sampling_method=sampling,
               minimizer_kwargs=kwargs, options=options)
    return _result(res, _C if res.success else _S,
                   int(res.nljev) if jac is not None and "nljev" in res else None)


def _direct(objective: Instrument, x0: Vector, seed: int, maxfun: int,
            locally_biased: bool) -> Result:
    bounds = box(objective.problem)
    res = direct(objective.fun, bounds, maxfun=maxfun or 1000 * len(bounds),
                 locally_biased=locally_biased)
    return _result(res, DIRECT_STATUS.get(int(res.status), _E))


def brute_points(n: int, max_fev: int | None, ns: int = 0) -> int:
    """brute's ``Ns``: points per side, so that the grid's ``Ns**n`` calls fit the budget.

    ``ns`` > 0 is taken as is. Otherwise ``Ns = floor((0.9 budget)**(1/n))``, at least 2,
    the budget being ``max_fev`` (10 000 without one): the grid takes at most 90% of it
    and leaves the rest to the L-BFGS-B finish.

    Examples
    --------
    >>> brute_points(2, 20_000), brute_points(6, 20_000), brute_points(2, None, ns=7)
    (134, 5, 7)
    """
    if ns > 0:
        return ns
    budget = BRUTE_DEFAULT_GRID if max_fev is None else max_fev
    side = int(math.floor((BRUTE_GRID_SHARE * budget) ** (1.0 / n) + 1e-9))
    return max(side, 2)


def _brute(objective: Instrument, x0: Vector, seed: int, ns: int, finish: bool) -> Result:
    bounds = box(objective.problem)
    points = brute_points(len(bounds), objective.max_fev, ns)
    finished: list[OptimizeResult] = []

    def polish(func: Callable[[Vector], float], x: Vector, args: tuple = ()) -> OptimizeResult:
        res = minimize(func, np.atleast_1d(x), args=args, **local_kwargs(objective))
        finished.append(res)
        return res

    x, fun, _, _ = brute(objective.fun, bounds, Ns=points, full_output=True,
                         finish=polish if finish else None)
    status = LBFGSB_STATUS.get(int(finished[0].status), _E) if finished else _C
    message = (f"grid of {points}**{len(bounds)} points"
               + (f"; L-BFGS-B finish: {finished[0].message}" if finished else ""))
    return Result(x=np.atleast_1d(np.asarray(x, dtype=float)), fun=float(fun), nit=None,
                  nfev=None, status=status, message=message)


def _multistart(objective: Instrument, x0: Vector, seed: int, k: int) -> Result:
    bounds = box(objective.problem)
    low, high = np.array(bounds).T
    rng = np.random.default_rng(seed)
    runs = []
    for _ in range(k):
        start = rng.uniform(low, high)
        runs.append(minimize(objective.fun, start, callback=objective.iteration,
                             **local_kwargs(objective)))
    best = min(runs, key=lambda res: res.fun)
    njev = (sum(int(res.njev) for res in runs) if objective.problem.grad is not None else None)
    return Result(x=np.asarray(best.x, dtype=float), fun=float(best.fun),
                  nit=sum(int(res.nit) for res in runs), nfev=sum(int(res.nfev) for res in runs),
                  njev=njev, status=LBFGSB_STATUS.get(int(best.status), _E),
                  message=f"best of {k} L-BFGS-B runs: {best.message}")



@SOLVERS.register("dual-annealing", "generalised simulated annealing with local search "
                  "(scipy dual_annealing; the successor of the seed's anneal)")
def dual_annealing_solver(maxiter: PositiveCount = 1000, local: bool = True) -> GlobalSolver:
    """Xiang et al. (1997) generalised simulated annealing, ``scipy.optimize.dual_annealing``.

    scipy's ``anneal`` (in the seed) was removed in scipy 0.16; dual annealing replaces
    it. Its local searches are L-BFGS-B with the problem's gradient (or differences).

    Examples
    --------
    >>> dual_annealing_solver().method
    'dual_annealing'
    """
    return GlobalSolver("dual_annealing", _dual_annealing, {"maxiter": maxiter, "local": local})


@SOLVERS.register("basinhopping", "basin-hopping: random hops and L-BFGS-B in the box")
def basinhopping_solver(niter: PositiveCount = 100, stepsize: Positive = 0.1) -> GlobalSolver:
    """Wales & Doye (1997) basin-hopping from x0, ``scipy.optimize.basinhopping``.

    Hops are uniform in ``±stepsize`` times each side of the box (clipped to it;
    scipy adapts the size), each followed by L-BFGS-B in the box.

    Examples
    --------
    >>> basinhopping_solver(niter=10).options["niter"]
    10
    """
    return GlobalSolver("basinhopping", _basinhopping, {"niter": niter, "stepsize": stepsize})


@SOLVERS.register("differential-evolution", "Storn-Price differential evolution, "
                  "L-BFGS-B polish (scipy differential_evolution)")
def differential_evolution_solver(maxiter: PositiveCount = 1000, popsize: Population = 15,
                                  polish: bool = True) -> GlobalSolver:
    """Storn & Price (1997) differential evolution (best1bin), then an L-BFGS-B polish.

    Examples
    --------
    >>> differential_evolution_solver().options["popsize"]
    15
    """
    return GlobalSolver("differential_evolution", _differential_evolution,
                        {"maxiter": maxiter, "popsize": popsize, "polish": polish})


@SOLVERS.register("shgo", "simplicial homology global optimisation (scipy shgo)")
def shgo_solver(n: Samples = 100, iters: Refinements = 1,
                sampling: str = "simplicial") -> GlobalSolver:
    """Endres, Sandrock & Focke (2018) SHGO with L-BFGS-B local searches; deterministic.

    ``sampling=sobol`` can be very slow in higher dimensions: one run on the 10-d
    Michalewicz function had not finished after 9 minutes (scipy 1.17.1, 207
    evaluations made), where the default simplicial sampling takes about 2 s.

    Examples
    --------
    >>> shgo_solver(sampling="sobol").options["sampling"]
    'sobol'
    """
    if sampling not in ("simplicial", "sobol", "halton"):
        raise OptbenchError(f"solver 'shgo': sampling={sampling!r}; valid: simplicial, "
                            "sobol, halton")
    return GlobalSolver("shgo", _shgo, {"n": n, "iters": iters, "sampling": sampling})


@SOLVERS.register("direct", "DIRECT, dividing rectangles (scipy direct, locally biased)")
def direct_solver(maxfun: Count = 0, locally_biased: bool = True) -> GlobalSolver:
    """Jones, Perttunen & Stuckman (1993) DIRECT, Gablonsky's locally biased DIRECT-L by
    default; ``maxfun=0`` keeps scipy's 1000 n. Deterministic.

    Examples
    --------
    >>> direct_solver().options["locally_biased"]
    True
    """
    return GlobalSolver("direct", _direct, {"maxfun": maxfun, "locally_biased": locally_biased})


@SOLVERS.register("brute", "brute-force grid sized to the budget, L-BFGS-B finish (scipy brute)")
def brute_solver(ns: GridSide = 0, finish: bool = True) -> GlobalSolver:
    """``scipy.optimize.brute`` on an ``Ns**n`` grid over the box (see `brute_points`),
    then (``finish=True``) L-BFGS-B in the box from the best grid point, instead of
    scipy's default ``fmin``, which ignores bounds. Deterministic.

    Examples
    --------
    >>> brute_solver(ns=5).options
    {'ns': 5, 'finish': True}
    """
    return GlobalSolver("brute", _brute, {"ns": ns, "finish": finish})


@SOLVERS.register("multistart-l-bfgs-b", "L-BFGS-B from k seeded uniform starts in the box, "
                  "best kept (baseline)")
def multistart_solver(k: Starts = 10) -> GlobalSolver:
    """The baseline: L-BFGS-B from ``k`` points drawn uniformly in the box (seeded), the
    best result kept. Finite-difference gradients where the problem has none.

    Examples
    --------
    >>> multistart_solver(k=3).options
    {'k': 3}
    """
    return GlobalSolver("multistart", _multistart, {"k": k}, Iterations.INSTRUMENT)

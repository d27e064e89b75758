"""Adapters for two derivative-free trust-region solvers of Cartis, Fiala, Marteau and
Roberts (2019), the optional extra ``optbench[dfo]``:

- ``py-bobyqa``: Py-BOBYQA (``pybobyqa.solve``), Powell's BOBYQA rewritten with
  quadratic interpolation models of the objective, within the problem's bounds
  (Cartis, Fiala, Marteau & Roberts, "Improving the flexibility and robustness of
  model-based derivative-free optimization solvers", ACM TOMS 45(3), 2019);
- ``dfo-ls``: DFO-LS (``dfols.solve``), a derivative-free Gauss-Newton method with
  linear interpolation models of each residual, run on the counted residual form of a
  least-squares problem (`optbench.problems.sumsq.LeastSquaresProblem`, as
  `optbench.solvers.least_squares` reads it), so it skips problems without residuals.

Both are handed the problem's bounds (a missing side as the libraries' own ``-1e20``
or ``1e20``, as their ``solve`` fills it in) and refuse general constraints. Py-BOBYQA
takes kinds ``minimize`` and ``constrained`` (bounds only); DFO-LS declares
``minimize`` alone, the only kind whose problems carry residuals (none of them has
bounds today; bounds would be passed on). Neither has a per-iteration callback.

Status table (the ``soln.flag`` codes, ``EXIT_*`` in ``pybobyqa/controller.py`` and
``dfols/controller.py`` of Py-BOBYQA 1.5.0 and DFO-LS 1.6.5; messages from their
``solver.py``):

====  ==========================================================================  =========
flag  meaning                                                                     status
====  ==========================================================================  =========
0     ``EXIT_SUCCESS``: rho reached rhoend; objective sufficiently small (DFO-LS  converged
      stops at ``||r||**2 <= 1e-12``, ``model.abs_tol``); all points within the
      noise level; maximum of consecutive unsuccessful restarts (seek_global)
1     ``EXIT_MAXFUN_WARNING``: the objective was called ``maxfun`` times          maxiter
2     ``EXIT_SLOW_WARNING``: maximum number of slow iterations                    stalled
3     ``EXIT_FALSE_SUCCESS_WARNING``: maximum of "fake" successful steps          stalled
4     ``EXIT_AUTO_DETECT_RESTART_WARNING``: a restart detected, none allowed      stalled
5     ``EXIT_TR_INCREASE_WARNING`` (DFO-LS): a trust-region step increased the    stalled
      model with several constraints active
-1    ``EXIT_INPUT_ERROR``: bad input (parameters, bounds closer than 2 rhobeg)   error
-2    ``EXIT_TR_INCREASE_ERROR``: a trust-region step increased the model value   stalled
-3    ``EXIT_LINALG_ERROR``: a singular interpolation system                      stalled
-4    ``EXIT_EVAL_ERROR`` (DFO-LS): NaN among the residuals at a step             diverged
====  ==========================================================================  =========

As in `optbench.solvers.scipy_minimize`, ``stalled`` is a stop the method makes itself
short of its convergence test (its own numerical breakdowns included) and ``error`` is
kept for input the library refuses; an unknown flag maps to ``error``.

Counts: both libraries make every evaluation through one counted call (x0 in
``solve_main``, every further point in ``Controller.evaluate_objective``, each adding
one to ``nf`` first) and evaluate nothing at the end, so ``nfev == soln.nf`` exactly:
no offset (``tests/test_dfo.py``). DFO-LS's evaluation is one residual vector, one
``nfev`` on the counted form. Their default ``maxfun`` is ``min(100 (n + 1), 1000)``
(both ``solve``); ``maxfun=0`` keeps it. Both check ``maxfun`` before each evaluation.
When optbench's budget (``max_fev``) is the smaller, the instrument's `BudgetExhausted`
propagates out of the library (which catches only ``OverflowError`` around the
objective, ``util.eval_objective`` and ``eval_least_squares_with_regularisation``) and
the runner records ``budget``.

Iterations: neither library has a per-iteration callback or reports an iteration
count in its result, so ``nit`` is ``None`` (``Iterations.SOLVER``). Their diagnostic
information (``logging.save_diagnostic_info``, one row per iteration) is left off: it
is not read-only bookkeeping, since it takes ``scipy.linalg.norm`` of the model
gradient, which raises on a non-finite one, and ``numpy.linalg.cond``, whose LAPACK
prints to the terminal; DFO-LS on NIST Gauss1 raises there ("array must not contain
infs or NaNs") while the plain run reaches the certified RSS.

Randomness: both libraries draw from numpy's global random state, but only in paths
the adapters leave off: random initial directions (``init.random_initial_directions``,
off by default in both), DFO-LS's growing phase (when it starts with fewer than n
directions), some of its restart steps (restarts are on for noisy objectives only)
and its random sign choices under general constraints. Py-BOBYQA's restarts, those of
``seek_global`` included, are geometry steps without randomness. Runs are therefore
deterministic; still, for the length of the call the global state is seeded from
``seed`` and restored after (`isolated`), so a path that draws is reproducible and the
caller's state is untouched. The libraries run with ``do_logging=False`` and
``print_progress=False``; for the call their loggers also drop every record (DFO-LS
logs a warning on a NaN residual whatever ``do_logging`` says) and warnings (x0 moved
into the bounds, a small ``maxfun``) are ignored; nothing of the logging configuration
outlives the call.

The initial trust-region radius is the libraries' default ``0.1 max(||x0||_inf, 1)``,
except where a box side is shorter than twice that (which both refuse as bad input):
then it is half the shortest side. ``scale=x0`` runs the library on ``y = x / s`` with
``s_i = |x0_i|`` (1 where ``x0_i = 0``), so that every variable starts at magnitude 1:
the scaling their documentation recommends for variables of different magnitudes.
NIST Misra1a from its first start (500, 1e-4) shows why: DFO-LS's first step of radius
50 makes ``exp(-b2 x)`` overflow, and the run ends in a linear-algebra error
(``stalled``); scaled, it reaches the certified RSS.

``py-bobyqa[seek_global=true]`` is Py-BOBYQA's ``seek_global_minimum``: restarts with a
growing radius until 10 consecutive (20 in all) restarts bring no improvement. The
library requires finite bounds for it, so that variant needs them, and it then also
takes problems of kind ``global``; the plain ``py-bobyqa`` is a local method and skips
them.
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Problem, Vector
from optbench.problems.sumsq import LeastSquaresProblem
from optbench.registry import Count
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations
from optbench.solvers.optional import require

#: How the variables are scaled for the library: not at all, or by ``|x0|``.
Scale = Literal["none", "x0"]

_C, _M, _S, _D, _E = (Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.DIVERGED,
                      Status.ERROR)
#: ``soln.flag`` to status, for both libraries (the module's table).
EXIT_STATUS: Mapping[int, Status] = {0: _C, 1: _M, 2: _S, 3: _S, 4: _S, 5: _S, -1: _E,
                                     -2: _S, -3: _S, -4: _D}
#: The libraries' own "no bound".
NO_BOUND = 1e20
#: The libraries' own switches for their logging and progress table, off.
_QUIET: Mapping[str, bool] = {"do_logging": False, "print_progress": False}
_SEED_RANGE = 2**32


def status_of(flag: int) -> Status:
    """The optbench status of a library's exit flag (the module's table).

    Examples
    --------
    >>> status_of(0).value, status_of(1).value, status_of(-3).value, status_of(99).value
    ('converged', 'maxiter', 'stalled', 'error')
    """
    return EXIT_STATUS.get(int(flag), _E)


def _side(values: list[float | None], missing: float) -> Vector:
    """One side of the box, ``None`` and NaN as ``missing`` (an infinity stays)."""
    side = np.array([missing if value is None else value for value in values], dtype=float)
    return np.where(np.isnan(side), missing, side)


def initial_radius(x0: Vector, low: Vector, high: Vector) -> float | None:
    """``rhobeg``: ``None`` (the libraries' default ``0.1 max(||x0||_inf, 1)``) unless a
    side of the box is shorter than twice that default; then half the shortest side.

    Examples
    --------
    >>> print(initial_radius(np.array([3.0]), np.array([0.0]), np.array([10.0])))
    None
    >>> initial_radius(np.array([3.0]), np.array([2.9]), np.array([3.4]))
    0.25
    """
    default = 0.1 * max(float(np.max(np.abs(x0))), 1.0)
    shortest = float(np.min(high - low))
    return None if shortest >= 2.0 * default else shortest / 2.0


@dataclass(frozen=True)
class LibraryView:
    """The problem as a library sees it: variables ``y = x / scale``, its box with the
    libraries' ``1e20`` for a missing side, and the initial radius.

    Parameters
    ----------
    scale : ndarray
        Positive scale of each variable (ones: unscaled).
    x0 : ndarray
        The start, scaled.
    bounds : tuple of ndarray, optional
        ``(lower, upper)`` scaled, as the libraries take them; ``None`` without bounds.
    rhobeg : float, optional
        The initial radius (`initial_radius`; ``None``: the library's default).
    """

    scale: Vector
    x0: Vector
    bounds: tuple[Vector, Vector] | None
    rhobeg: float | None

    @classmethod
    def of(cls, problem: Problem, x0: Vector, scale: Scale) -> LibraryView:
        """The view of ``problem`` from ``x0``.

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> view = LibraryView.of(get_problem("hs-001"), np.array([-2.0, 1.0]), "x0")
        >>> view.x0.tolist(), view.bounds[0].tolist(), view.bounds[1].tolist()
        ([-1.0, 1.0], [-1e+20, -1.5], [1e+20, 1e+20])
        """
        x0 = np.asarray(x0, dtype=float)
        factor = np.where(x0 != 0.0, np.abs(x0), 1.0) if scale == "x0" else np.ones_like(x0)
        start = x0 / factor
        if problem.bounds is None:
            return cls(factor, start, None, None)
        low = _side([low for low, _ in problem.bounds], -np.inf) / factor
        high = _side([high for _, high in problem.bounds], np.inf) / factor
        low = np.where(np.isfinite(low), low, -NO_BOUND)
        high = np.where(np.isfinite(high), high, NO_BOUND)
        return cls(factor, start, (low, high), initial_radius(start, low, high))

    @property
    def unscaled(self) -> bool:
        """Whether the library sees the problem's own variables."""
        return bool(np.all(self.scale == 1.0))

    def wrap(self, fun: Callable[[Vector], Any]) -> Callable[[Vector], Any]:
        """``fun`` of the library's variables (``fun`` itself where unscaled)."""
        if self.unscaled:
            return fun
        return lambda y: fun(y * self.scale)

    def result(self, soln: Any, fun: float | None, x0: Vector) -> Result:
        """The library's solution as a `Result`: its x (in the problem's variables), f,
        ``nf`` and flag; no ``nit`` (the libraries report none)."""
        status = status_of(soln.flag)
        if soln.x is None:  # bad input: the library evaluated nothing
            return Result(x=np.asarray(x0, dtype=float), fun=math.nan, nit=None,
                          nfev=int(soln.nf), status=status, message=str(soln.msg))
        return Result(x=np.asarray(soln.x, dtype=float) * self.scale,
                      fun=math.nan if fun is None else float(fun), nit=None,
                      nfev=int(soln.nf), status=status, message=str(soln.msg))


def _drop(record: logging.LogRecord) -> bool:
    """A logging filter that drops every record."""
    return False


@contextlib.contextmanager
def isolated(seed: int, package: str) -> Iterator[None]:
    """For the length of a library call: numpy's global random state seeded from
    ``seed``, the loggers of ``package`` silent and warnings ignored; all restored after.

    Examples
    --------
    >>> before = np.random.get_state()[1].copy()
    >>> with isolated(7, "pybobyqa"):
    ...     first = np.random.random()
    >>> with isolated(7, "pybobyqa"):
    ...     second = np.random.random()
    >>> first == second, bool(np.all(np.random.get_state()[1] == before))
    (True, True)
    """
    loggers = [logger for name, logger in logging.root.manager.loggerDict.items()
               if isinstance(logger, logging.Logger)
               and (name == package or name.startswith(package + "."))]
    state = np.random.get_state()  # noqa: NPY002  (the libraries draw from it)
    for logger in loggers:
        logger.addFilter(_drop)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.random.seed(seed % _SEED_RANGE)  # noqa: NPY002
            yield
    finally:
        np.random.set_state(state)  # noqa: NPY002
        for logger in loggers:
            logger.removeFilter(_drop)


@dataclass(frozen=True)
class PyBobyqa:
    """Py-BOBYQA on the instrument's counted objective, within the problem's bounds.

    Parameters
    ----------
    maxfun : int
        The library's evaluation limit (0: its default ``min(100 (n + 1), 1000)``).
    seek_global : bool
        Py-BOBYQA's ``seek_global_minimum`` (restarts; needs finite bounds).
    scale : {"none", "x0"}
        Variables as they are, or scaled by ``|x0|`` (`LibraryView`).
    name : str
        The canonical solver spec, set by the registry.
    """

    maxfun: Count = 0
    seek_global: bool = False
    scale: Scale = "none"
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """Bounds but no constraints; with ``seek_global``, finite bounds and kind
        ``global`` too."""
        label = self.name or "py-bobyqa"
        if self.seek_global:
            return Accepts(label, frozenset({Kind.MINIMIZE, Kind.CONSTRAINED, Kind.GLOBAL}),
                           needs=(Capability.FINITE_BOUNDS,),
                           refuses=(Capability.CONSTRAINTS,),
                           remedies={Capability.FINITE_BOUNDS:
                                     "use py-bobyqa without seek_global"},
                           iterations=Iterations.SOLVER)
        return Accepts(label, frozenset({Kind.MINIMIZE, Kind.CONSTRAINED}),
                       refuses=(Capability.CONSTRAINTS,), iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run ``pybobyqa.solve`` on the counted objective, seeded by ``seed``."""
        pybobyqa = require("pybobyqa", "dfo", "py-bobyqa")
        view = LibraryView.of(objective.problem, x0, self.scale)
        with isolated(seed, "pybobyqa"):
            soln = pybobyqa.solve(view.wrap(objective.fun), view.x0, bounds=view.bounds,
                                  rhobeg=view.rhobeg, maxfun=self.maxfun or None,
                                  seek_global_minimum=self.seek_global, **_QUIET)
        return view.result(soln, soln.f, x0)


@dataclass(frozen=True)
class DfoLs:
    """DFO-LS on the instrument's counted residuals (one ``nfev`` per residual vector).

    Parameters
    ----------
    maxfun : int
        The library's evaluation limit (0: its default ``min(100 (n + 1), 1000)``).
    scale : {"none", "x0"}
        Variables as they are, or scaled by ``|x0|`` (`LibraryView`).
    name : str
        The canonical solver spec, set by the registry.
    """

    maxfun: Count = 0
    scale: Scale = "none"
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """``minimize`` problems with residuals (the only kind that offers them; bounds
        would be passed on); no constraints."""
        return Accepts(self.name or "dfo-ls", frozenset({Kind.MINIMIZE}),
                       needs=(Capability.RESIDUALS,), refuses=(Capability.CONSTRAINTS,),
                       remedies={Capability.RESIDUALS: "use py-bobyqa"},
                       iterations=Iterations.SOLVER)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run ``dfols.solve`` on the counted residuals, seeded by ``seed``."""
        dfols = require("dfols", "dfo", "dfo-ls")
        residuals = objective.form_as(LeastSquaresProblem).sumsq.residuals
        view = LibraryView.of(objective.problem, x0, self.scale)
        with isolated(seed, "dfols"):
            soln = dfols.solve(view.wrap(residuals), view.x0, bounds=view.bounds,
                               rhobeg=view.rhobeg, maxfun=self.maxfun or None, **_QUIET)
        return view.result(soln, soln.obj, x0)


@SOLVERS.register("py-bobyqa", "Py-BOBYQA: derivative-free quadratic models, with bounds")
def py_bobyqa(maxfun: Count = 0, seek_global: bool = False, scale: Scale = "none") -> PyBobyqa:
    """Py-BOBYQA (Cartis, Fiala, Marteau & Roberts 2019): model-based derivative-free
    minimisation with bounds; ``seek_global`` turns on its global-search restarts."""
    require("pybobyqa", "dfo", "py-bobyqa")
    return PyBobyqa(maxfun, seek_global, scale)


@SOLVERS.register("dfo-ls", "DFO-LS: derivative-free Gauss-Newton on the residuals")
def dfo_ls(maxfun: Count = 0, scale: Scale = "none") -> DfoLs:
    """DFO-LS (Cartis, Fiala, Marteau & Roberts 2019): derivative-free Gauss-Newton for
    nonlinear least squares, on the problem's residuals."""
    require("dfols", "dfo", "dfo-ls")
    return DfoLs(maxfun, scale)

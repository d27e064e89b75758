"""Powell's derivative-free solvers UOBYQA, NEWUOA, BOBYQA, LINCOA and COBYLA, as PDFO
(Ragonneau & Zhang 2023, the ``pdfo`` package, optional extra ``optbench[pdfo]``) wraps
Powell's Fortran: one `PdfoSolver` per method, from the table `ALGORITHMS`.

Every run calls ``pdfo.pdfo(fun, x0, method=..., bounds=..., constraints=..., options=...)``
on the instrument's counted callables, with ``quiet=True`` and pdfo's other defaults
(``classical=False``: PDFO's revised Fortran, not Powell's verbatim code;
``debug=False``, ``chkfunval=False``: no extra evaluation at the end; ``scale=False``).

What each method takes (Powell's designs; pdfo's ``_prob_solv_match`` in ``_common.py``)
and what optbench hands it:

======  ================================  ============================================
solver  takes                             optbench passes / the runner skips
======  ================================  ============================================
uobyqa  unconstrained                     skips bounds and constraints
newuoa  unconstrained                     skips bounds and constraints
bobyqa  bounds                            bounds; skips constraints
lincoa  bounds and linear constraints     bounds; skips constraints (optbench's are
                                          general callables, which LINCOA cannot take)
cobyla  bounds and nonlinear constraints  bounds and the constraints, as scipy-style
                                          dicts (``fun(x) >= 0`` for ``"ineq"``; pdfo
                                          splits an ``"eq"`` into two inequalities)
======  ================================  ============================================

pdfo does not hold to the method it is given: where the problem is of a type the
method cannot take, ``_solver_selection`` picks another one with only a warning. The
declarations above keep every problem a method cannot take away from it, and `solve`
checks pdfo's own report of what ran (``OptimizeResult.method``): a run of another
method raises, and the run is recorded as ``error``.

Preprocessing (``prepdfo`` in ``_common.py``, pdfo 2.2.0) that changes what runs; where
pdfo warns of it (the x0 revisions, a changed ``maxfev``, UOBYQA's ``n = 1``, the
extreme barrier), `solve` appends the warning to the run's message:

- LINCOA, BOBYQA and COBYLA on a problem with bounds only project x0 onto them
  (``_project``); BOBYQA then moves every component of x0 that lies within ``rhobeg``
  of a bound onto that bound or ``rhobeg`` away from it (``_pre_rhobeg_x0``,
  ``honour_x0=False``), and takes ``rhobeg = min(1, min(ub - lb) / 4)``.
- A variable fixed by its bounds (``lb == ub``) is removed; if all are, pdfo evaluates
  f once at the fixed point and returns status 13. Inconsistent bounds (``lb > ub``)
  end at x0 with one evaluation and status -4.
- f values that are NaN, infinite or above ``hugefun = 2**100`` reach the Fortran as
  ``hugefun`` (an extreme barrier; constraint values likewise), so a NaN does not stop
  the run (status -2 arises only with ``classical=True``); the instrument traces the
  true values.
- pdfo writes into the x0 it is given where it has not projected it (BOBYQA's
  ``_pre_rhobeg_x0`` assigns into it, and raises "assignment destination is
  read-only" on the problems' read-only x0), so `solve` hands it a copy.
- UOBYQA and NEWUOA take ``n = 1`` (pdfo sets NEWUOA's ``npt = 2n + 1 = 3``, which is
  then also ``(n+1)(n+2)/2``); UOBYQA warns "a univariate problem received; uobyqa may
  fail" and on the ``quadratic`` problem ends with status 2 (``stalled``) at x*. optbench
  lets pdfo's behaviour through rather than refusing ``n = 1``, which `Accepts` cannot
  express.

Exit statuses (``pdfo/_settings.py`` ``ExitStatus``; the codes are set in the Fortran
sources ``fsrc/<method>/*.f`` of the pdfo 2.2.0 sdist, the messages in ``postpdfo``):

====  ==================================================================  ==========
code  meaning                                                             status
====  ==================================================================  ==========
0     the lower bound of the trust-region radius (``rhoend``) reached     converged
1     the target value ``ftarget`` reached (optbench sets none: -inf)     converged
2     a trust-region step failed to reduce the quadratic model            stalled
3     ``maxfev`` evaluations made                                         maxiter
4     much cancellation in a denominator (BOBYQA)                         stalled
5     ``npt`` outside ``[n+2, (n+1)(n+2)/2]``                             error
6     an ``ub - lb`` smaller than ``2 rhobeg`` (BOBYQA)                   error
7     rounding errors becoming damaging (COBYLA)                          stalled
8     rounding errors prevent reasonable changes to x (LINCOA)            stalled
9     the denominator of the updating formula is zero (LINCOA)            stalled
10    ``n < 2``                                                           error
11    ``maxfev < npt + 1`` (LINCOA)                                       error
12    the gradient of a constraint is zero (LINCOA)                       error
13    all variables fixed by the bounds (no Fortran call)                 converged
14    a linear feasibility problem solved (no objective: never here)      converged
15    a linear feasibility problem not solved (never here)                error
-1    NaN in x                                                            diverged
-2    NaN in f or a constraint (``classical=True`` only)                  diverged
-3    NaN in the model                                                    diverged
-4    the constraints are infeasible (found in preprocessing)             error
====  ==================================================================  ==========

As in `optbench.solvers.scipy_minimize`, ``stalled`` is a stop the method makes itself
short of its convergence test, and ``error`` is invalid input; a code outside the table
maps to ``error``.

Counts. ``Result.nfev`` is pdfo's ``nfev`` (the Fortran's ``nf``, or 1 where pdfo
evaluates f itself for a fixed or infeasible problem); it equals the instrument's
count exactly (``tests/test_pdfo.py``). pdfo reports no iterations and has no
per-iteration callback, so ``nit`` is ``None`` (`Iterations.SOLVER`). It reports no
constraint count either (``ncev`` is ``None``): COBYLA evaluates each constraint once
with each value of f (pdfo's ``cobyla`` evaluates them at x0 before the Fortran starts,
``conval_x0``, and the Fortran takes those for x0), so the instrument counts
``ncev = m nfev`` for ``m`` constraints (HS 71: 184 for 92 values of f).

Budget. pdfo's own limit is the factory's ``maxfev`` (0: pdfo's default,
``max(500 n, npt + 1)``; pdfo raises a ``maxfev <= npt`` to ``npt + 1``, with
``npt = (n+1)(n+2)/2`` for UOBYQA, ``2n + 1`` for NEWUOA, BOBYQA and LINCOA, ``n + 1``
for COBYLA). optbench's budget is not passed to pdfo: the instrument's
`~optbench.instrument.BudgetExhausted`, raised inside the f2py callback, propagates out
of the Fortran and out of ``pdfo.pdfo`` (f2py prints "capi_return is NULL /
Call-back cb_fun_in_calfun__user__routines failed." on stderr as it unwinds), and the
runner records ``budget``. At the boundary: with ``maxfev`` equal to the budget, pdfo
makes exactly that many evaluations and stops itself (``maxiter``); with the budget
below it, the request for evaluation ``max_fev + 1`` raises (``budget``).

Speed. pdfo checks who called each of its functions with ``inspect.stack()``, 54
times a call, and each builds (and reads the source line of) every frame of the
calling stack: 40 frames deep (a run under pytest) that cost 5 to 10 s a run, and
0.3 s at the top level, of pure overhead counted in ``time_s``, against 10 ms for the
whole run with the substitute (measured on a loaded two-core machine). For the duration of
each call, `solve` gives pdfo's modules (``_common``, ``_pdfo``'s solvers) a ``stack``
that returns the same frames and function names (all pdfo reads: ``stack()[i][3]``
and ``len(stack())``) without source lines, and restores ``inspect.stack`` after; the
runs are the same, evaluation for evaluation (``tests/test_pdfo.py``).

pdfo keeps the Fortran's state (``nf``, the history) in module variables, and the
substitute ``stack`` is set on pdfo's modules for the whole process, so two pdfo runs
must not share a process's threads at once; optbench's local executors run one run
per single-threaded process.

pdfo 2.2.0 quirks seen here: PDFO's COBYLA returns the point of its history that its
own rule selects, which prefers exact feasibility: on HS 26, whose x0 satisfies the
equality exactly, it runs to ``maxfev`` (1 500) with f down to 7e-8 at violations near
5e-10 and returns x0 (f = 21.16); its ``__version__`` says ``'2.1.0'``; its PyPI wheels are
built against NumPy 1.x (its build requires ``oldest-supported-numpy``), so under
NumPy 2 ``import pdfo`` works but every call fails with "gethuge is missing" (the
factories refuse such an install in one line, `require_pdfo`); a wheel built from the
sdist against NumPy 2 (``pip install --no-build-isolation --no-binary pdfo pdfo``,
with gfortran, meson-python, meson and ninja) works.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import FrameType, ModuleType
from typing import Any

import numpy as np

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Problem, Vector
from optbench.registry import Count
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations
from optbench.solvers.optional import MissingExtra, require

_C, _M, _S, _D, _E = (Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.DIVERGED,
                      Status.ERROR)
#: pdfo's exit statuses (``pdfo/_settings.py``), as the module's table maps them.
EXIT_STATUS: Mapping[int, Status] = {
    0: _C, 1: _C, 2: _S, 3: _M, 4: _S, 5: _E, 6: _E, 7: _S, 8: _S, 9: _S, 10: _E, 11: _E,
    12: _E, 13: _C, 14: _C, 15: _E, -1: _D, -2: _D, -3: _D, -4: _E,
}


@dataclass(frozen=True)
class Algorithm:
    """One of Powell's methods as pdfo runs it: what it takes, as data.

    Parameters
    ----------
    label : str
        The method as skip reasons name it.
    summary : str
        The registry's one-line summary.
    bounds : bool
        Whether optbench hands it the problem's bounds (a method without them skips a
        bounded problem).
    constraints : bool
        Whether optbench hands it the problem's general constraints.
    reference : str
        Powell's paper.
    """

    label: str
    summary: str
    bounds: bool
    constraints: bool
    reference: str


#: The five methods, by pdfo's name for them.
ALGORITHMS: Mapping[str, Algorithm] = {
    "uobyqa": Algorithm(
        "UOBYQA (unconstrained)", "Powell's UOBYQA, full quadratic models (PDFO, Fortran)",
        bounds=False, constraints=False,
        reference="Powell (2002), UOBYQA: unconstrained optimization by quadratic "
                  "approximation, Math. Program. 92:555-582"),
    "newuoa": Algorithm(
        "NEWUOA (unconstrained)", "Powell's NEWUOA, least-Frobenius quadratic models (PDFO)",
        bounds=False, constraints=False,
        reference="Powell (2006), The NEWUOA software for unconstrained optimization "
                  "without derivatives, Large-Scale Nonlinear Optimization 83:255-297"),
    "bobyqa": Algorithm(
        "BOBYQA (bounds only)", "Powell's BOBYQA, quadratic models within bounds (PDFO)",
        bounds=True, constraints=False,
        reference="Powell (2009), The BOBYQA algorithm for bound constrained "
                  "optimization without derivatives, DAMTP 2009/NA06"),
    "lincoa": Algorithm(
        "LINCOA (bounds and linear constraints only)",
        "Powell's LINCOA, linearly constrained quadratic models (PDFO; bounds here)",
        bounds=True, constraints=False,
        reference="Powell (2015), On fast trust region methods for quadratic models "
                  "with linear constraints, Math. Program. Comput. 7:237-267"),
    "cobyla": Algorithm(
        "COBYLA", "Powell's COBYLA, linear models, general constraints (PDFO, Fortran)",
        bounds=True, constraints=True,
        reference="Powell (1994), A direct search optimization method that models the "
                  "objective and constraint functions by linear interpolation, "
                  "Advances in Optimization and Numerical Analysis 51-67"),
}


@dataclass(frozen=True)
class PdfoSolver:
    """One of Powell's methods run by ``pdfo.pdfo`` on the instrument's callables.

    Parameters
    ----------
    method : str
        pdfo's name of the method, a key of `ALGORITHMS`.
    maxfev : int
        pdfo's evaluation limit; 0 keeps pdfo's default (``max(500 n, npt + 1)``).
    name : str
        The canonical solver spec, set by the registry.

    Examples
    --------
    >>> PdfoSolver("bobyqa").accepts.refuses
    (<Capability.CONSTRAINTS: 'constraints'>,)
    >>> PdfoSolver("newuoa", maxfev=200).options()
    {'quiet': True, 'maxfev': 200}
    """

    method: str
    maxfev: Count = 0
    name: str = ""

    @property
    def algorithm(self) -> Algorithm:
        """The method's row of `ALGORITHMS`."""
        return ALGORITHMS[self.method]

    @property
    def accepts(self) -> Accepts:
        """Unconstrained problems, and bounded or constrained ones where the method takes
        them; pdfo reports no iterations."""
        algorithm = self.algorithm
        refuses = tuple(capability for capability, handled in (
            (Capability.CONSTRAINTS, algorithm.constraints),
            (Capability.BOUNDS, algorithm.bounds)) if not handled)
        kinds = {Kind.MINIMIZE} | ({Kind.CONSTRAINED} if algorithm.bounds else set())
        return Accepts(algorithm.label, frozenset(kinds), refuses=refuses,
                       iterations=Iterations.SOLVER)

    def options(self) -> dict[str, Any]:
        """pdfo's ``options``: quiet, and ``maxfev`` where one is set."""
        return {"quiet": True} | ({"maxfev": self.maxfev} if self.maxfev > 0 else {})

    def arguments(self, objective: Instrument) -> dict[str, Any]:
        """pdfo's ``bounds`` and ``constraints``, as far as the method takes them.

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> arguments = PdfoSolver("cobyla").arguments(Instrument(get_problem("hs-071")))
        >>> arguments["bounds"].tolist()[0], [c["type"] for c in arguments["constraints"]]
        ([1.0, 5.0], ['eq', 'ineq'])
        """
        algorithm = self.algorithm
        arguments: dict[str, Any] = {}
        if algorithm.bounds and objective.problem.bounds is not None:
            arguments["bounds"] = bounds_array(objective.problem)
        if algorithm.constraints and objective.constraints:
            arguments["constraints"] = [{"type": c.kind, "fun": c.fun}
                                        for c in objective.constraints]
        return arguments

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the method from a copy of ``x0`` (pdfo writes into it); deterministic,
        so ``seed`` is unused."""
        pdfo = require_pdfo(self.name or f"pdfo-{self.method}")
        with warnings.catch_warnings(), frame_names_only():
            warnings.simplefilter("ignore")  # pdfo's warnings come back in res.warnings
            res = pdfo.pdfo(objective.fun, np.array(x0, dtype=float), method=self.method,
                            options=self.options(), **self.arguments(objective))
        if res.method != self.method:
            raise OptbenchError(f"pdfo ran {res.method} instead of {self.method}: "
                                f"{_message(res)}")
        return Result(
            x=np.asarray(res.x, dtype=float),
            fun=float(res.fun),
            nit=None,
            nfev=int(res.nfev),
            status=EXIT_STATUS.get(int(res.status), Status.ERROR),
            message=_message(res),
        )


def require_pdfo(solver: str) -> ModuleType:
    """pdfo, for ``solver``, with its compiled extension loaded.

    Raises
    ------
    MissingExtra
        If pdfo is not installed (`require`), or is installed but its Fortran
        extension does not load: pdfo imports without it and would fail each run with
        "gethuge is missing"; this says so once, when the solver is built (pdfo 2.2.0's
        PyPI wheels under NumPy 2). Either way the extra is not usable, and the
        conformance tests skip the solver with this message.
    """
    pdfo = require("pdfo", "pdfo", solver)
    try:
        importlib.import_module("pdfo.gethuge")
    except ImportError as error:
        raise MissingExtra(
            f"solver {solver!r}: pdfo is installed but its compiled extension does not load "
            f"under NumPy {np.__version__} ({error}); build pdfo against this NumPy: pip "
            "install --no-cache-dir --force-reinstall --no-deps --no-build-isolation "
            "--no-binary pdfo pdfo (needs gfortran, meson-python, meson and ninja)",
            "pdfo") from None
    return pdfo


def bounds_array(problem: Problem) -> np.ndarray:
    """The problem's bounds as pdfo's ``(n, 2)`` array, a missing bound infinite.

    Examples
    --------
    >>> from optbench.problems.base import Problem
    >>> p = Problem("p", lambda x: float(x @ x), [0.5, 0.5], 0.0, "test",
    ...             bounds=((0.0, None), (None, 1.0)))
    >>> bounds_array(p).tolist()
    [[0.0, inf], [-inf, 1.0]]
    """
    bounds = problem.bounds or ()
    return np.array([[-np.inf if low is None else low, np.inf if high is None else high]
                     for low, high in bounds], dtype=float)


#: pdfo's modules that call ``inspect.stack`` (``from inspect import stack``).
_STACK_MODULES = ("pdfo._common", "pdfo._uobyqa", "pdfo._newuoa", "pdfo._bobyqa",
                  "pdfo._lincoa", "pdfo._cobyla")


def _frames(context: int = 1) -> list[tuple[FrameType, str, int, str, None, None]]:
    """``inspect.stack()`` without source lines: for each frame from the caller's
    outwards, ``(frame, filename, lineno, function, None, None)``; ``context`` is taken
    and ignored (pdfo passes none).

    Examples
    --------
    >>> def caller():
    ...     return _frames()[0][3], inspect.stack()[0][3], len(_frames()) == len(inspect.stack())
    >>> caller()
    ('caller', 'caller', True)
    """
    frames = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        frames.append((frame, frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name,
                       None, None))
        frame = frame.f_back
    return frames


@contextlib.contextmanager
def frame_names_only() -> Iterator[None]:
    """For the duration, pdfo's modules call `_frames` where they call ``inspect.stack``
    (the module docstring's "Speed"); a module that is absent or calls something else
    is left alone."""
    patched = []
    for name in _STACK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "stack", None) is inspect.stack:
            vars(module)["stack"] = _frames
            patched.append(module)
    try:
        yield
    finally:
        for module in patched:
            vars(module)["stack"] = inspect.stack


def _message(res: Any) -> str:
    """pdfo's message, with the warnings it raised (its preprocessing's changes)."""
    notes = list(res.get("warnings", ()))
    return "; ".join([str(res.message), *map(str, notes)])


def _register(method: str) -> None:
    """Register ``pdfo-<method>``, a factory with one option, ``maxfev``."""
    algorithm = ALGORITHMS[method]
    spec = f"pdfo-{method}"

    def factory(maxfev: Count = 0) -> PdfoSolver:
        require_pdfo(spec)
        return PdfoSolver(method, maxfev=maxfev)

    factory.__name__ = factory.__qualname__ = spec.replace("-", "_")
    factory.__doc__ = (f"{algorithm.reference}, by PDFO; ``maxfev=0`` keeps pdfo's "
                       "default evaluation limit, max(500 n, npt + 1).")
    SOLVERS.register(spec, algorithm.summary)(factory)


for _method in ALGORITHMS:
    _register(_method)

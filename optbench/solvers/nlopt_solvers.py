"""Adapters for fourteen algorithms of NLopt (Johnson, "The NLopt nonlinear-optimization
package", https://github.com/stevengj/nlopt), the optional extra ``optbench[nlopt]``.

Each algorithm is one row of `ALGORITHMS` (an `Algorithm`: what it takes) and one
registered solver ``nlopt-<name>``, the algorithm's NLopt name without its ``LD_``,
``LN_``, ``GN_`` or ``G_`` prefix, in lower case with dashes (``LD_TNEWTON_PRECOND_RESTART``
is ``nlopt-tnewton-precond-restart``); every row runs through the one `NloptSolver`.

What each takes (NLopt 2.11.0: ``inequality_ok`` and ``equality_ok`` in
``src/api/options.c``, and ``doc/docs/NLopt_Algorithms.md``):

=========================  ========  ====================  ===========================
solver                     f, grad   constraints           kinds
=========================  ========  ====================  ===========================
nlopt-lbfgs, -tnewton-     both      bounds                minimize, constrained
precond-restart                                            (bounds only)
nlopt-slsqp                both      bounds, ineq and eq   minimize, constrained
nlopt-mma, nlopt-ccsaq     both      bounds, ineq only     minimize, constrained
nlopt-bobyqa, -newuoa-     f         bounds                minimize, constrained
bound, -sbplx, -neldermead                                 (bounds only)
nlopt-cobyla               f         bounds, ineq and eq   minimize, constrained
nlopt-direct-l, -crs2-lm   f         finite bounds         global
nlopt-isres                f         finite bounds, ineq   global, constrained
                                     and eq                (finite bounds)
nlopt-mlsl-lds             f         finite bounds         global
=========================  ========  ====================  ===========================

The gradient-based (``LD_``) algorithms need the problem's analytic gradient and, for
constraints, each constraint's Jacobian. A problem with equality constraints given to
MMA or CCSAQ (NLopt refuses them: ``add_equality_mconstraint`` fails with "invalid
argument"), or with a constraint that has no Jacobian given to a gradient-based one, is
not a failure of the method: `NloptSolver.solve` returns it ``skipped`` with the reason,
evaluating nothing (optbench's capabilities do not tell equality constraints or
constraint Jacobians apart, so `Accepts` cannot say it).

The problem's bounds go to ``set_lower_bounds`` and ``set_upper_bounds`` (a missing
side as an infinity), and the start is clipped into them first: NLopt refuses a start
outside its bounds (``nlopt_optimize_``, ``src/api/optimize.c``: "bounds %d fail",
``NLOPT_INVALID_ARGS``). Constraints go to ``add_inequality_mconstraint`` and
``add_equality_mconstraint``, one vector constraint per optbench `Constraint`, with
tolerance ``ctol`` per component. NLopt's inequalities are ``c(x) <= 0`` and
optbench's (scipy's) ``c(x) >= 0``, so an inequality is handed over negated, its
Jacobian too. A vector constraint's length must be known when it is added: it is read
from the problem's own (uncounted) constraint function at the start, which NLopt never
sees; all the constraint evaluations NLopt makes go through the counted ones.

Stopping: NLopt has no default stopping criterion at all (every tolerance is 0 and
``maxeval`` unlimited), so the adapter sets one. The local algorithms get
``ftol_rel = 2.2e-9`` (scipy's L-BFGS-B default, ``factr = 1e7`` times machine epsilon,
also a relative test of the decrease of f) and ``xtol_rel = 1e-8`` (scipy's Powell and
Newton-CG ``xtol``, and close to Py-BOBYQA's final radius); for BOBYQA, NEWUOA and
COBYLA, NLopt turns ``xtol_rel`` times the initial step into the final trust-region
radius. ``maxeval=0`` leaves their evaluations unlimited (optbench's budget stops them).
The global algorithms run until ``maxeval`` evaluations, 1000 n by default (scipy's
``direct``'s ``maxfun`` default), NLopt's documented way of stopping them, and get no
tolerances. G_MLSL_LDS (multi-level single linkage on a Sobol' sequence) needs a local
optimiser: LN_BOBYQA by default, derivative-free so that it takes every global problem
(``local=lbfgs`` uses LD_LBFGS and needs the gradient), with the local tolerances above
(NLopt's own defaults for MLSL's local searches are ``ftol_rel = 1e-15`` and
``xtol_rel = 1e-7``).

Statuses, from NLopt's result codes (``nlopt_result`` in ``src/api/nlopt.h`` of NLopt
2.11.0; ``opt.last_optimize_result()``, with exceptions disabled, see below):

=====  ========================  ==================================================  =====
code   name                      meaning                                             status
=====  ========================  ==================================================  =====
1      SUCCESS                   generic success (e.g. LBFGS's gradient test)        c
2      STOPVAL_REACHED           f <= stopval (never set here)                       c
3      FTOL_REACHED              ``ftol_rel`` or ``ftol_abs`` met                    c
4      XTOL_REACHED              ``xtol_rel`` or ``xtol_abs`` met                    c
5      MAXEVAL_REACHED           ``maxeval`` evaluations (the end of a global run)   m
6      MAXTIME_REACHED           ``maxtime`` (never set here)                        m
-1     FAILURE                   generic failure: the method broke down (e.g. a      s
                                 failed line search in the Luksan codes)
-2     INVALID_ARGS              bad input (bounds, dimensions, algorithm)           e
-3     OUT_OF_MEMORY             out of memory                                       e
-4     ROUNDOFF_LIMITED          roundoff errors limited progress                    s
-5     FORCED_STOP               a stop forced by the adapter (below)                e
=====  ========================  ==================================================  =====

(c converged, m maxiter, s stalled, e error), as in `optbench.solvers.scipy_minimize`:
``stalled`` is a stop the method makes itself short of its convergence test, ``error``
input the library refuses; any other code maps to ``error``.

Exceptions. NLopt's Python wrapper turns an exception raised in a callback into a stop
(``func_python`` in ``src/swig/nlopt-python.i`` throws ``forced_stop`` with the Python
error still set, and ``optimize`` re-raises it), but an algorithm may call back again
before it tests the stop, with the error still set: measured with an exception at the
11th evaluation, LD_LBFGS made 32 calls and raised ``RuntimeError``, GN_CRS2_LM raised
``SystemError``. So the adapter's callbacks catch every exception themselves, ask
NLopt to stop (``opt.force_stop()``) and evaluate nothing from then on: each later
call gets a stand-in (the largest finite f seen, or 0) and a zero gradient, so that no
model sees a NaN and the algorithm reaches its next stop test. The adapter re-raises
the exception once ``optimize`` has returned, and optbench's `BudgetExhausted` reaches
the runner, which records ``budget`` (``tests/test_nlopt.py``, every algorithm).
Luksan's codes (LBFGS, TNEWTON) test the stop once per iteration, and CRS2 not while it
builds its population, so they called back up to 16 and 30 more times after a stop in
the measurements; these calls (``Callbacks.idle``) evaluated nothing, and a reported
count leaves them out. ``set_exceptions_enabled(False)`` (NLopt 2.10 and later; it
affects ``optimize`` only) makes ``optimize`` return its best x with the result code
instead of raising ``RoundoffLimited`` or ``RuntimeError`` and losing x.

Non-finite values. NLopt has no rule for NaN or infinite values of f, and its
algorithms differ. Measured on Rosenbrock with f = NaN from some evaluation on, and on
the NIST and MGH problems whose first steps overflow: LN_COBYLA and LN_NEWUOA_BOUND
never return once they have seen NaN or inf (their subproblem solvers loop;
NEWUOA_BOUND even after ``force_stop``, whose test comes only before the next
evaluation; NLopt issues #118 and #370 report COBYLA hangs). The others return, and
some recover from an overflow: SLSQP comes within 1e-7 of f* on nist-gauss2 and
nist-nelson after 8 infinite values each, LBFGS ends XTOL_REACHED on
mgh-powell-badly-scaled; LD_LBFGS, LD_TNEWTON_PRECOND_RESTART and GN_DIRECT_L may end
in FAILURE, and SLSQP, MMA, CCSAQ, CRS2 and ISRES evaluate NaN until a limit stops
them (their ``maxeval``, optbench's budget or the wall-clock limit). So the values go
to NLopt as they are, except for COBYLA and NEWUOA_BOUND
(`Algorithm.hangs_on_nonfinite`): their first non-finite f stops the run, through the
same stop as an exception, as ``diverged`` at NLopt's best point. Non-finite
constraint values go to every algorithm as they are (none hung on them). Where no
evaluation gave a finite f, NLopt has no best point and the x it returns means nothing
(LD_TNEWTON_PRECOND_RESTART returned [0, 0], never evaluated; COBYLA an uninitialised
x), so the adapter returns x0 with f = NaN.

Counts: ``opt.get_numevals()`` is NLopt's count of objective calls, one increment per
call (``++ *(stop->nevals_p)``, e.g. in ``newuoa.c``, ``slsqp.c`` and ``mlsl.c``),
MLSL's local searches included (its local optimiser's objective is ``fcount``, which
adds to the outer count). The calls answered after a stop (``Callbacks.idle``) are
left out of it; a stop comes from an exception, whose run reports no counts, or from
COBYLA's or NEWUOA_BOUND's first non-finite f, after which neither called back again.
So it equals the instrument's ``nfev`` for every algorithm on every registered problem
(measured; ``tests/test_nlopt.py`` asserts it). LBFGS, TNEWTON, MMA and CCSAQ ask for
the gradient at every call (`Algorithm.counts_gradients`; MMA's and CCSAQ's inner
iterations too, by the default ``inner_gradients = 1`` of ``optimize.c``), where the
adapter makes one counted ``fun_and_grad`` call, so their ``njev`` is the same count.
SLSQP's line search evaluates f alone after its first step (``slsqp.c``: ``want_grad``)
and MLSL with LD_LBFGS evaluates f alone at its sample points: NLopt reports no
gradient count for them (``njev`` ``None``). NLopt counts no constraint evaluations
and no iterations, and has no per-iteration callback: ``nit`` is ``None``
(``Iterations.SOLVER``).

Randomness: NLopt's stochastic algorithms (CRS2, ISRES, and MLSL's non-LDS variant)
draw from one global generator that ``nlopt_optimize`` seeds from the clock unless
``nlopt_srand`` was called; every run here calls ``nlopt.srand(seed)`` just before
``optimize``, so the same seed gives the same run. G_MLSL_LDS draws its starts from a
Sobol' sequence: with LN_BOBYQA its runs did not depend on the seed.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Constraint, Problem, Vector
from optbench.registry import Count, NonNegative
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations
from optbench.solvers.optional import require

#: The local algorithms' default tolerances (see the module docstring).
FTOL_REL = 2.2e-9
XTOL_REL = 1e-8
#: The default tolerance of each constraint component (NLopt's own default is 0).
CTOL = 1e-8
#: A global algorithm's default ``maxeval``, per variable.
MAXEVAL_PER_VARIABLE = 1000

_C, _M, _S, _E = Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.ERROR
#: ``nlopt_result`` codes (``src/api/nlopt.h``): name and status.
RESULT_CODES: Mapping[int, tuple[str, Status]] = {
    1: ("SUCCESS", _C), 2: ("STOPVAL_REACHED", _C), 3: ("FTOL_REACHED", _C),
    4: ("XTOL_REACHED", _C), 5: ("MAXEVAL_REACHED", _M), 6: ("MAXTIME_REACHED", _M),
    -1: ("FAILURE", _S), -2: ("INVALID_ARGS", _E), -3: ("OUT_OF_MEMORY", _E),
    -4: ("ROUNDOFF_LIMITED", _S), -5: ("FORCED_STOP", _E),
}
_LOCAL_KINDS = frozenset({Kind.MINIMIZE, Kind.CONSTRAINED})
#: MLSL's local optimisers, by option value.
LocalChoice = Literal["bobyqa", "lbfgs"]
_MLSL_LOCAL: Mapping[str, str] = {"bobyqa": "LN_BOBYQA", "lbfgs": "LD_LBFGS"}


@dataclass(frozen=True)
class Algorithm:
    """One NLopt algorithm, as data: what it takes.

    Parameters
    ----------
    code : str
        NLopt's name (``"LD_LBFGS"``), an attribute of the ``nlopt`` module.
    summary : str
        The registry's one-line summary.
    gradient : bool
        Whether it uses the gradient (``LD_``: the objective is asked for one).
    inequality, equality : bool
        Whether it takes nonlinear inequality or equality constraints.
    is_global : bool
        Whether it is a global method: it needs finite bounds and stops at ``maxeval``.
    local : bool
        Whether it needs a local optimiser (``set_local_optimizer``: MLSL).
    min_variables : int
        The fewest variables it takes (NEWUOA: 2, ``newuoa.c``: "dimension %d must be
        >= 2").
    counts_gradients : bool
        Whether every objective call asks for the gradient, so that NLopt's evaluation
        count is its gradient count too (not SLSQP, whose line search evaluates f alone).
    hangs_on_nonfinite : bool
        Whether NLopt's code never returns once f was NaN or infinite (COBYLA,
        NEWUOA_BOUND), so that the adapter stops it at the first such value.

    Examples
    --------
    >>> ALGORITHMS["LD_TNEWTON_PRECOND_RESTART"].solver_name
    'nlopt-tnewton-precond-restart'
    """

    code: str
    summary: str
    gradient: bool = False
    inequality: bool = False
    equality: bool = False
    is_global: bool = False
    local: bool = False
    min_variables: int = 1
    counts_gradients: bool = False
    hangs_on_nonfinite: bool = False

    @property
    def solver_name(self) -> str:
        """``nlopt-`` and the name without its ``LD_``/``LN_``/``GN_``/``G_`` prefix."""
        return "nlopt-" + self.code.split("_", 1)[1].lower().replace("_", "-")

    @property
    def constraints(self) -> bool:
        """Whether it takes nonlinear constraints of some kind."""
        return self.inequality or self.equality

    def unsupported(self, problem: Problem) -> str | None:
        """Why it cannot take ``problem`` (its size or its constraints), or ``None``.

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> ALGORITHMS["LD_MMA"].unsupported(get_problem("hs-006"))
        "NLopt's LD_MMA takes inequality constraints only; hs-006 has equality constraints"
        """
        if problem.n < self.min_variables:
            return (f"NLopt's {self.code} takes at least {self.min_variables} variables; "
                    f"{problem.name} has {problem.n}")
        kinds = {constraint.kind for constraint in problem.constraints}
        if "eq" in kinds and not self.equality:
            return (f"NLopt's {self.code} takes inequality constraints only; "
                    f"{problem.name} has equality constraints")
        if self.gradient and any(c.jac is None for c in problem.constraints):
            return (f"NLopt's {self.code} needs constraint Jacobians; {problem.name} has a "
                    "constraint without one")
        return None


def _rows(*rows: Algorithm) -> dict[str, Algorithm]:
    return {row.code: row for row in rows}


ALGORITHMS: Mapping[str, Algorithm] = _rows(
    Algorithm("LD_LBFGS", "NLopt LD_LBFGS: Luksan's limited-memory BFGS, bounds", gradient=True,
              counts_gradients=True),
    Algorithm("LD_SLSQP", "NLopt LD_SLSQP: Kraft's SQP, bounds and constraints", gradient=True,
              inequality=True, equality=True),
    Algorithm("LD_MMA", "NLopt LD_MMA: Svanberg's moving asymptotes, inequality constraints",
              gradient=True, inequality=True, counts_gradients=True),
    Algorithm("LD_CCSAQ", "NLopt LD_CCSAQ: CCSA with quadratic approximations, inequalities",
              gradient=True, inequality=True, counts_gradients=True),
    Algorithm("LD_TNEWTON_PRECOND_RESTART",
              "NLopt LD_TNEWTON_PRECOND_RESTART: Luksan's preconditioned truncated Newton",
              gradient=True, counts_gradients=True),
    Algorithm("LN_BOBYQA", "NLopt LN_BOBYQA: Powell's BOBYQA, quadratic models, bounds"),
    Algorithm("LN_NEWUOA_BOUND", "NLopt LN_NEWUOA_BOUND: Powell's NEWUOA, Johnson's bounds",
              min_variables=2, hangs_on_nonfinite=True),
    Algorithm("LN_COBYLA", "NLopt LN_COBYLA: Powell's COBYLA, linear models, constraints",
              inequality=True, equality=True, hangs_on_nonfinite=True),
    Algorithm("LN_SBPLX", "NLopt LN_SBPLX: Rowan's subplex (Nelder-Mead on subspaces)"),
    Algorithm("LN_NELDERMEAD", "NLopt LN_NELDERMEAD: Nelder-Mead simplex, bounds"),
    Algorithm("GN_DIRECT_L", "NLopt GN_DIRECT_L: locally biased DIRECT (Gablonsky-Kelley)",
              is_global=True),
    Algorithm("GN_CRS2_LM", "NLopt GN_CRS2_LM: controlled random search, local mutation",
              is_global=True),
    Algorithm("GN_ISRES", "NLopt GN_ISRES: improved stochastic ranking evolution strategy",
              inequality=True, equality=True, is_global=True),
    Algorithm("G_MLSL_LDS", "NLopt G_MLSL_LDS: multi-level single linkage, Sobol' starts",
              is_global=True, local=True),
)


@dataclass(frozen=True)
class NloptSolver:
    """One NLopt algorithm on the instrument's callables.

    Parameters
    ----------
    algorithm : Algorithm
        The row of `ALGORITHMS`.
    ftol_rel, xtol_rel : float
        NLopt's relative tolerances on f and x (local algorithms, and MLSL's local
        searches); 0 turns one off.
    maxeval : int
        NLopt's evaluation limit; 0: none for a local algorithm, 1000 n for a global one.
    ctol : float
        The tolerance of each constraint component.
    local : Algorithm or None
        MLSL's local optimiser.
    name : str
        The canonical solver spec, set by the registry.
    """

    algorithm: Algorithm
    ftol_rel: NonNegative = FTOL_REL
    xtol_rel: NonNegative = XTOL_REL
    maxeval: Count = 0
    ctol: NonNegative = CTOL
    local: Algorithm | None = None
    name: str = ""

    def __post_init__(self) -> None:
        name = self.name or self.algorithm.solver_name
        nlopt = require("nlopt", "nlopt", name)
        if not hasattr(nlopt.opt, "set_exceptions_enabled"):
            raise OptbenchError(f"solver {name!r} needs nlopt 2.10 or later "
                                f"(opt.set_exceptions_enabled); installed: {nlopt.__version__}")

    @property
    def uses_gradient(self) -> bool:
        """Whether the algorithm, or its local optimiser, asks for gradients."""
        return self.algorithm.gradient or (self.local is not None and self.local.gradient)

    @property
    def accepts(self) -> Accepts:
        """The kinds it solves, what it needs and refuses; ``nit`` is NLopt's (none)."""
        algorithm = self.algorithm
        needs: list[Capability] = []
        if algorithm.is_global:
            needs.append(Capability.FINITE_BOUNDS)
        if self.uses_gradient:
            needs.append(Capability.GRADIENT)
        if algorithm.is_global:
            kinds = frozenset({Kind.GLOBAL} | ({Kind.CONSTRAINED} if algorithm.constraints
                                               else set()))
        else:
            kinds = _LOCAL_KINDS
        refuses = () if algorithm.constraints else (Capability.CONSTRAINTS,)
        return Accepts(f"NLopt {algorithm.code}", kinds, needs=tuple(needs), refuses=refuses,
                       iterations=Iterations.SOLVER, check=algorithm.unsupported)

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run the algorithm from ``x0`` (clipped into the bounds), seeded by ``seed``."""
        nlopt = require("nlopt", "nlopt", self.name or self.algorithm.solver_name)
        problem = objective.problem
        low, high = box(problem)
        start = np.clip(np.asarray(x0, dtype=float), low, high)
        opt = nlopt.opt(getattr(nlopt, self.algorithm.code), problem.n)
        opt.set_exceptions_enabled(False)
        callbacks = Callbacks(objective, opt.force_stop, self.algorithm.hangs_on_nonfinite)
        opt.set_min_objective(callbacks.objective)
        opt.set_lower_bounds(low)
        opt.set_upper_bounds(high)
        self._stopping(opt, problem.n)
        if self.local is not None:
            opt.set_local_optimizer(self._local_optimizer(nlopt, problem.n))
        self._constrain(opt, callbacks, problem)
        nlopt.srand(seed)
        x = np.array(opt.optimize(start), dtype=float)
        callbacks.reraise()
        return self._result(opt, x, start, callbacks)

    def _stopping(self, opt: Any, n: int) -> None:
        """NLopt's stopping criteria: tolerances (local), ``maxeval`` (global)."""
        if self.algorithm.is_global:
            opt.set_maxeval(self.maxeval or MAXEVAL_PER_VARIABLE * n)
            return
        _tolerances(opt, self.ftol_rel, self.xtol_rel)
        if self.maxeval > 0:
            opt.set_maxeval(self.maxeval)

    def _local_optimizer(self, nlopt: ModuleType, n: int) -> Any:
        """MLSL's local optimiser with the local tolerances (MLSL sets its objective,
        bounds and evaluation limit itself, ``mlsl.c``)."""
        assert self.local is not None
        local = nlopt.opt(getattr(nlopt, self.local.code), n)
        _tolerances(local, self.ftol_rel, self.xtol_rel)
        return local

    def _constrain(self, opt: Any, callbacks: Callbacks, problem: Problem) -> None:
        """Hand NLopt each counted constraint as one vector constraint."""
        counted = callbacks.instrument.constraints
        for own, constraint in zip(problem.constraints, counted, strict=True):
            size = int(np.size(own.fun(problem.x0)))
            tolerance = [self.ctol] * size
            if constraint.kind == "eq":
                opt.add_equality_mconstraint(callbacks.constraint(constraint, 1.0), tolerance)
            else:
                opt.add_inequality_mconstraint(callbacks.constraint(constraint, -1.0), tolerance)

    def _result(self, opt: Any, x: Vector, start: Vector, callbacks: Callbacks) -> Result:
        """The run's `Result` from NLopt's own code, value and counts."""
        code = int(opt.last_optimize_result())
        # Calls after the adapter's stop evaluated nothing (`Callbacks`): NLopt's count
        # less them is the count of evaluations it made.
        nfev = int(opt.get_numevals()) - callbacks.idle
        njev = nfev if self.algorithm.counts_gradients else None
        fun = float(opt.last_optimum_value())
        if not callbacks.seen_finite:  # NLopt has no best point: its x is not meaningful
            x, fun = start, math.nan
        if callbacks.nonfinite is not None:
            return Result(x=x, fun=fun, nit=None, nfev=nfev, njev=njev, status=Status.DIVERGED,
                          message=f"NLopt {self.algorithm.code} stopped at "
                                  f"{callbacks.nonfinite} (it never returns once f is not finite)")
        label, status = RESULT_CODES.get(code, (f"code {code}", Status.ERROR))
        message = f"NLopt {self.algorithm.code}: {label}"
        if code < 0 and opt.get_errmsg():
            message += f" ({opt.get_errmsg()})"
        return Result(x=x, fun=fun, nit=None, nfev=nfev, njev=njev, status=status,
                      message=message)


def _tolerances(opt: Any, ftol_rel: float, xtol_rel: float) -> None:
    opt.set_ftol_rel(ftol_rel)
    opt.set_xtol_rel(xtol_rel)


def box(problem: Problem) -> tuple[Vector, Vector]:
    """The problem's bounds as NLopt's two arrays, a missing side as an infinity.

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> [side.tolist() for side in box(get_problem("rosenbrock"))]
    [[-inf, -inf], [inf, inf]]
    """
    n = problem.n
    if problem.bounds is None:
        return np.full(n, -np.inf), np.full(n, np.inf)
    low = [-np.inf if lo is None else float(lo) for lo, _ in problem.bounds]
    high = [np.inf if hi is None else float(hi) for _, hi in problem.bounds]
    return np.array(low, dtype=float), np.array(high, dtype=float)


@dataclass
class Callbacks:
    """The objective and constraint callbacks of one run, in NLopt's signatures.

    The first exception an evaluation raises (optbench's `BudgetExhausted` included)
    asks NLopt to stop (``stop``, the run's ``opt.force_stop``), and so does the first
    non-finite value of f where ``stop_on_nonfinite``. From then on no callback
    evaluates anything: each returns `stand_in` and zero derivatives, and the objective
    counts the call in ``idle``. `reraise` raises the exception after ``optimize``
    returned. ``calls`` counts the objective calls that evaluated (or tried to).

    Examples
    --------
    >>> from optbench.problems import get_problem
    >>> calls = Callbacks(Instrument(get_problem("quadratic")), lambda: None, False)
    >>> calls.objective(np.array([1.0]), np.empty(0)), calls.instrument.nfev
    (5.0, 1)
    """

    instrument: Instrument
    stop: Callable[[], Any]
    stop_on_nonfinite: bool
    error: BaseException | None = None
    nonfinite: str | None = None
    largest: float = -math.inf
    calls: int = 0
    idle: int = 0
    stopped: bool = field(default=False, init=False)

    @property
    def seen_finite(self) -> bool:
        """Whether some evaluation gave a finite value of f."""
        return math.isfinite(self.largest)

    @property
    def stand_in(self) -> float:
        """What a stopped run's objective returns: the largest finite f seen (0 before
        any), never better than a value NLopt saw."""
        return self.largest if self.seen_finite else 0.0

    def objective(self, x: NDArray[np.float64], grad: NDArray[np.float64]) -> float:
        """NLopt's ``f(x, grad)``: one counted ``fun_and_grad`` call where NLopt asks for
        the gradient (``grad.size > 0``, filled in place), else one counted ``fun``."""
        if self.stopped:
            self.idle += 1
            grad[:] = 0.0
            return self.stand_in
        self.calls += 1
        value = math.nan
        with self._guard():
            value = self._evaluate(np.array(x, dtype=float), grad)
        if self.stopped:  # this evaluation raised, or stopped the run at a non-finite f
            grad[:] = 0.0
            return self.stand_in
        return value

    def _evaluate(self, point: Vector, grad: NDArray[np.float64]) -> float:
        if grad.size > 0:
            value, gradient = self.instrument.fun_and_grad(point)
            grad[:] = gradient
        else:
            value = self.instrument.fun(point)
        value = float(value)
        if math.isfinite(value):
            self.largest = max(self.largest, value)
        elif self.stop_on_nonfinite and self.nonfinite is None:
            self.nonfinite = f"f = {value!r} at evaluation {self.calls}"
            self._halt()
        return value

    def constraint(self, constraint: Constraint, sign: float,
                   ) -> Callable[[NDArray[np.float64], NDArray[np.float64],
                                  NDArray[np.float64]], None]:
        """NLopt's ``c(result, x, grad)`` for ``sign * constraint`` (``-1``: optbench's
        ``c >= 0`` as NLopt's ``-c <= 0``); the Jacobian only where NLopt asks for it."""

        def evaluate(result: NDArray[np.float64], x: NDArray[np.float64],
                     grad: NDArray[np.float64]) -> None:
            result[:] = 0.0
            if grad.size > 0:
                grad[:] = 0.0
            if self.stopped:
                return
            point = np.array(x, dtype=float)
            with self._guard():
                values = np.ravel(np.asarray(constraint.fun(point), dtype=float))
                if grad.size > 0:
                    assert constraint.jac is not None  # `Algorithm.unsupported` checked it
                    jacobian = np.asarray(constraint.jac(point), dtype=float)
                    grad[:] = sign * np.reshape(jacobian, grad.shape)
                result[:] = sign * values

        return evaluate

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Catch any exception of an evaluation, keep the first and stop NLopt."""
        try:
            yield
        except BaseException as error:  # noqa: BLE001  (re-raised by `reraise`)
            if self.error is None:
                self.error = error
            self._halt()

    def _halt(self) -> None:
        self.stopped = True
        self.stop()

    def reraise(self) -> None:
        """Raise the exception a callback caught, if any (after ``optimize`` returned)."""
        if self.error is not None:
            raise self.error


Factory = Callable[..., NloptSolver]


def _local_factory(row: Algorithm) -> Factory:
    def factory(ftol_rel: NonNegative = FTOL_REL, xtol_rel: NonNegative = XTOL_REL,
                maxeval: Count = 0) -> NloptSolver:
        return NloptSolver(row, ftol_rel=ftol_rel, xtol_rel=xtol_rel, maxeval=maxeval)

    return factory


def _constrained_factory(row: Algorithm) -> Factory:
    def factory(ftol_rel: NonNegative = FTOL_REL, xtol_rel: NonNegative = XTOL_REL,
                maxeval: Count = 0, ctol: NonNegative = CTOL) -> NloptSolver:
        return NloptSolver(row, ftol_rel=ftol_rel, xtol_rel=xtol_rel, maxeval=maxeval,
                           ctol=ctol)

    return factory


def _global_factory(row: Algorithm) -> Factory:
    def factory(maxeval: Count = 0) -> NloptSolver:
        return NloptSolver(row, maxeval=maxeval)

    return factory


def _global_constrained_factory(row: Algorithm) -> Factory:
    def factory(maxeval: Count = 0, ctol: NonNegative = CTOL) -> NloptSolver:
        return NloptSolver(row, maxeval=maxeval, ctol=ctol)

    return factory


def _multistart_factory(row: Algorithm) -> Factory:
    def factory(maxeval: Count = 0, local: LocalChoice = "bobyqa",
                ftol_rel: NonNegative = FTOL_REL,
                xtol_rel: NonNegative = XTOL_REL) -> NloptSolver:
        return NloptSolver(row, ftol_rel=ftol_rel, xtol_rel=xtol_rel, maxeval=maxeval,
                           local=ALGORITHMS[_MLSL_LOCAL[local]])

    return factory


_OPTIONS = {
    "ftol_rel": "NLopt's relative tolerance on f (default 2.2e-9; 0 turns it off)",
    "xtol_rel": "NLopt's relative tolerance on x (default 1e-8; 0 turns it off)",
    "maxeval": "NLopt's evaluation limit (0: none for a local algorithm, 1000 n for a "
               "global one)",
    "ctol": "the tolerance of each constraint component (default 1e-8)",
    "local": "MLSL's local optimiser: LN_BOBYQA (default) or LD_LBFGS (needs the gradient)",
}


def factory_for(row: Algorithm) -> Factory:
    """The registered factory of ``row``: its options are those the algorithm uses.

    Examples
    --------
    >>> import inspect
    >>> list(inspect.signature(factory_for(ALGORITHMS["LN_COBYLA"])).parameters)
    ['ftol_rel', 'xtol_rel', 'maxeval', 'ctol']
    >>> list(inspect.signature(factory_for(ALGORITHMS["GN_DIRECT_L"])).parameters)
    ['maxeval']
    """
    if row.local:
        make = _multistart_factory
    elif row.is_global:
        make = _global_constrained_factory if row.constraints else _global_factory
    else:
        make = _constrained_factory if row.constraints else _local_factory
    factory = make(row)
    factory.__name__ = factory.__qualname__ = row.solver_name.replace("-", "_")
    lines = [f"{row.summary}.", "", "Parameters", "----------"]
    for key in inspect.signature(factory).parameters:
        lines += [f"{key}", f"    {_OPTIONS[key]}."]
    factory.__doc__ = "\n".join(lines)
    return factory


for _row in ALGORITHMS.values():
    SOLVERS.register(_row.solver_name, _row.summary)(factory_for(_row))

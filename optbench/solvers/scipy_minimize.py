"""Adapters for the ``scipy.optimize.minimize`` methods: unconstrained, bound-constrained
and (SLSQP, COBYLA, COBYQA, trust-constr) generally constrained problems.

Each method is one `MinimizeSolver`: a row of data saying what the method is handed
(gradient, Hessian matrix or Hessian-vector product, bounds), how its ``status`` codes map
onto optbench's statuses, and whether its callback runs once per iteration. Derivatives
are analytic by default; ``grad=fd`` and ``hess=fd`` hand the method scipy's own finite
differences instead, whose calls the instrument counts (function calls in ``nfev``,
gradient calls in ``njev``).

Status tables (read from scipy 1.17.1's sources, ``scipy/optimize/``):

============  ==============================================================  =========
method        code: meaning                                                   status
============  ==============================================================  =========
Nelder-Mead   0 success; 1 maxfev; 2 maxiter (``_optimize.py``)               c, m, m
Powell        0; 1 maxfev; 2 maxiter; 3 NaN; 4 x out of bounds                c, m, m, d, e
CG, BFGS      0; 1 maxiter; 2 precision loss (line search); 3 NaN             c, m, s, d
Newton-CG     0; 1 maxiter; 2 line search failed; 3 CG did not converge        c, m, s, s
              (Hessian not positive definite) or NaN (the runner's divergence
              rule turns a NaN end into ``diverged``)
L-BFGS-B      0 converged; 1 maxfun or maxiter; 2 other (abnormal line        c, m, s
              search, ...) (``_lbfgsb_py.py``)
TNC           -1 infeasible bounds; 0 local minimum; 1 f converged;            e, c, c, c,
              2 x converged; 3 maxfun; 4 line search failed; 5 all variables   m, s, c, s
              fixed; 6 no progress (``_tnc.py``)
COBYLA        PRIMA's infos (``scipy/_lib/pyprima/common/infos.py``): 0 small  c, c, s, m,
              radius; 1 target; 2 subproblem failed; 3 maxfun; 20 max trust-   m, d, d, d,
              region iterations; -1/-2/-3 NaN or Inf in x, f or the model;     e, s, e
              6 no space between bounds; 7 damaging rounding; 8 zero linear
              constraint
COBYQA        0 radius; 1 target; 2 all fixed; 4 feasible; 5 maxfev;           c, c, c, c,
              6 maxiter; -1 infeasible bounds; -2 linear algebra error         m, m, e, s
              (``scipy/_lib/cobyqa/main.py``)
SLSQP         0 success; 9 iteration limit; 8 positive directional            c, m, s, s,
              derivative in the line search; 3 LSQ iteration limit; 2, 4 more  e, e,
              equality constraints than variables, incompatible inequality    s, s, s
              constraints; 5, 6, 7 singular or rank-deficient LSQ subproblems
              (``_slsqp_py.py``)
trust-constr  0 maxiter; 1 gtol; 2 xtol; 4 constraint violation exceeds gtol  m, c, c, s
dogleg,       0 gtol; 1 maxiter; 2 the model failed to predict improvement;   c, m, s, s
trust-ncg,    3 linear algebra error, e.g. a Hessian that is not positive
trust-exact,  definite (``_trustregion.py``)
trust-krylov
============  ==============================================================  =========

(c converged, m maxiter, s stalled, d diverged, e error.) ``stalled`` is any stop the
method makes itself short of its convergence test: a failed line search, no progress, an
exhausted inner CG loop, or a linear-algebra breakdown it reports (a singular or
indefinite matrix; the message says which). ``error`` is kept for what is not the
method's doing: invalid input (infeasible bounds, inconsistent constraints) and runs that
raised, so that the exit code's "some run errored" means something broke. Any other
code, such as a callback's request to stop, which optbench's callback never makes, maps
to ``error``.

Constraints (``Problem.constraints``, scipy's convention) go to SLSQP, COBYLA, COBYQA and
trust-constr as ``minimize``'s constraint dicts, with their analytic Jacobians for the
derivative-based two (unless ``grad=fd``: then scipy differences them too); every other
method skips a problem that has constraints. The instrument counts every call of a
constraint function (``ncev``) and of its Jacobian (``ncjev``), finite-difference calls
included. Of the methods (scipy 1.17.1), trust-constr reports ``constr_nfev`` and
``constr_njev`` per constraint in its ``OptimizeResult``; their sums are ``solver_ncev``
and ``solver_ncjev`` and equal the instrument's (``tests/test_constraint_counts.py``).
SLSQP, COBYLA and COBYQA report none; the tests compare the instrument's counts with
scipy called directly through counting closures. COBYLA evaluates every constraint with
every function value (one evaluation per ``nfev`` and constraint); COBYQA evaluates its
nonlinear constraints apart from f as well (HS 71: 1 186 constraint evaluations for 50
values of f); SLSQP evaluates the constraints at each point it evaluates f and their
Jacobians once per iteration.

The instrument's ``nit`` counts callbacks, and equals scipy's ``nit`` for every method
that reports one, with one exception: Nelder-Mead (and ``fmin``) stopped by ``maxfev``
in the middle of an iteration calls back once more for the unfinished iteration, which
it does not count (``_minimize_neldermead``: ``except _MaxFuncCallError: pass`` skips
``iterations += 1``, not the callback), so the instrument counts one more. COBYLA
reports no ``nit``; its callback runs once per PRIMA trust-region iteration.

Dogleg needs a positive-definite Hessian at every iterate. It is not skipped by a test
at x0: ``skip`` sees the problem, not the start, and a Hessian that is positive definite
at x0 can be indefinite later. scipy's own Cholesky factorisation decides instead: its
failure ends the run with status 3, which optbench records as ``stalled`` with scipy's
message ("A linalg error occurred, such as a non-psd Hessian.").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.optimize import approx_fprime, minimize

from optbench.errors import OptbenchError
from optbench.instrument import Instrument
from optbench.kinds import Capability, Kind
from optbench.problems.base import Constraint, Vector
from optbench.registry import Count, NonNegative
from optbench.result import Result, Status
from optbench.solvers.base import SOLVERS, Accepts, Iterations
from optbench.spec import format_spec, parse_spec

GradSource = Literal["analytic", "fd"]
#: For methods that take a Hessian matrix: the problem's, or finite differences.
HessSource = Literal["analytic", "fd"]
#: For methods that also take Hessian-vector products: "analytic" hands the problem's
#: Hessian matrix where it has one and its product otherwise; "hessp" always the product.
HesspSource = Literal["analytic", "hessp", "fd"]
#: What a method takes of second derivatives.
Curvature = Literal["none", "matrix", "product"]

_C, _M, _S, _D, _E = (Status.CONVERGED, Status.MAXITER, Status.STALLED, Status.DIVERGED,
                      Status.ERROR)
_SIMPLEX_STATUS = {0: _C, 1: _M, 2: _M}
_POWELL_STATUS = {0: _C, 1: _M, 2: _M, 3: _D, 4: _E}
_GRADIENT_STATUS = {0: _C, 1: _M, 2: _S, 3: _D}
_NEWTON_CG_STATUS = {0: _C, 1: _M, 2: _S, 3: _S}
_LBFGSB_STATUS = {0: _C, 1: _M, 2: _S}
_TNC_STATUS = {-1: _E, 0: _C, 1: _C, 2: _C, 3: _M, 4: _S, 5: _C, 6: _S}
_COBYLA_STATUS = {0: _C, 1: _C, 2: _S, 3: _M, 20: _M, -1: _D, -2: _D, -3: _D, 6: _E, 7: _S,
                  8: _E}
_COBYQA_STATUS = {0: _C, 1: _C, 2: _C, 4: _C, 5: _M, 6: _M, -1: _E, -2: _S}
_SLSQP_STATUS = {0: _C, 9: _M, 8: _S, 3: _S, 2: _E, 4: _E, 5: _S, 6: _S, 7: _S}
_TRUST_CONSTR_STATUS = {0: _M, 1: _C, 2: _C, 4: _S}
_TRUST_REGION_STATUS = {0: _C, 1: _M, 2: _S, 3: _S}
#: The problem kinds a ``minimize`` method with bounds or constraints accepts (its
#: support permitting); methods with neither accept ``minimize`` alone.
_KINDS = frozenset({Kind.MINIMIZE, Kind.CONSTRAINED})
_UNCONSTRAINED = frozenset({Kind.MINIMIZE})


def _method_default(objective: Instrument) -> dict[str, Any]:
    """No ``hess``: the method estimates products from gradient differences (Newton-CG)."""
    return {}


def _two_point(objective: Instrument) -> dict[str, Any]:
    """scipy's ``hess='2-point'``: forward differences of the gradient, as products."""
    return {"hess": "2-point"}


def _gradient_jacobian(objective: Instrument) -> dict[str, Any]:
    """A Hessian matrix from ``scipy.optimize.approx_fprime`` on the counted gradient.

    For dogleg and trust-exact, which scipy gives no finite-difference option: each
    Hessian costs n + 1 gradient calls (forward differences, absolute step sqrt(eps)),
    symmetrised as ``(J + J.T) / 2``.
    """

    def hess(x: Vector) -> np.ndarray:
        jacobian = approx_fprime(x, objective.grad)
        return (jacobian + jacobian.T) / 2.0

    return {"hess": hess}


@dataclass(frozen=True)
class MinimizeSolver:
    """One ``scipy.optimize.minimize`` method on the instrument's callables.

    Parameters
    ----------
    method : str
        The ``minimize`` method name.
    status_codes : mapping of int to Status
        The method's ``OptimizeResult.status`` codes (the module's tables).
    uses_grad : bool
        Whether the method uses a gradient.
    grad_fd : bool
        Whether scipy can estimate the gradient by finite differences for this method
        (Newton-CG and the trust-region methods require a callable).
    grad : {"analytic", "fd"}
        Gradient source: the problem's analytic gradient, or the method's own finite
        differences (``jac=None``; their function calls are counted in ``nfev``).
    curvature : {"none", "matrix", "product"}
        What the method takes of second derivatives: nothing, a Hessian matrix only
        (dogleg, trust-exact), or a matrix or Hessian-vector products.
    hess : {"analytic", "hessp", "fd"}
        Second-derivative source (see `HesspSource`); ``fd`` uses ``fd_hess``.
    fd_hess : callable
        ``fd_hess(objective) -> minimize keyword arguments`` for ``hess="fd"``.
    accepts_bounds : bool
        Whether ``minimize`` passes bounds to the method; a method that does not is
        skipped on a bounded problem.
    accepts_constraints : bool
        Whether the method takes equality and inequality constraints; a method that does
        not is skipped on a problem that has some.
    options : mapping
        Extra ``options`` for ``minimize``.
    tol : float
        ``minimize``'s ``tol``, which sets the method's own tolerances (0: scipy's
        defaults); ``bfgs[tol=1e-12]`` asks for a tight solve.
    initial_iterations : int
        Iterations scipy counts before its first callback (Nelder-Mead counts building
        the initial simplex as iteration 1), so that the instrument's iteration count
        equals scipy's ``nit`` also for runs the budget stops.
    iteration_callback : bool
        Whether the method calls its callback once per iteration. COBYQA calls it once
        per function evaluation (``scipy/_lib/cobyqa/problem.py``), so it gets none: the
        instrument takes COBYQA's own ``nit`` when the run returns and has none (``None``)
        when the budget stops it.
    clip_x0 : bool
        Whether to clip x0 into the bounds before the call. For COBYLA: PRIMA projects
        an x0 outside the bounds onto them, by clipping where there are no linear
        constraints (``scipy/_lib/pyprima/common/_project.py``; optbench passes
        constraints as nonlinear), but scipy's ``ScalarFunction`` first evaluates f at
        the unprojected x0, a call that COBYLA's ``nfev`` leaves out (HS 2: 30 calls,
        ``nfev`` 29). Clipping first runs the same iterations without that call.
    nit_from_result : bool
        Whether a returned run's ``nit`` is the method's own rather than the callbacks
        counted. SLSQP calls back once per pass of its reverse-communication loop in
        which its iteration counter has grown, and that counter sometimes grows by two
        in one pass (scipy 1.17.1, ``_minimize_slsqp``; seen on HS 23 and HS 29: 6
        callbacks, ``nit`` 7), so the callbacks undercount; a budget-stopped run keeps the
        callback count.
    name : str
        The canonical solver spec, set by the registry.
    """

    method: str
    status_codes: Mapping[int, Status]
    uses_grad: bool = False
    grad_fd: bool = True
    grad: GradSource = "analytic"
    curvature: Curvature = "none"
    hess: HesspSource = "analytic"
    fd_hess: Callable[[Instrument], dict[str, Any]] = _two_point
    accepts_bounds: bool = False
    accepts_constraints: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    tol: NonNegative = 0.0
    initial_iterations: int = 0
    iteration_callback: bool = True
    clip_x0: bool = False
    nit_from_result: bool = False
    name: str = ""

    @property
    def accepts(self) -> Accepts:
        """The kinds it solves, what it needs and refuses, and where its nit comes from."""
        refuses = tuple(capability for capability, handled in (
            (Capability.CONSTRAINTS, self.accepts_constraints),
            (Capability.BOUNDS, self.accepts_bounds)) if not handled)
        needs: list[Capability] = []
        remedies: dict[Capability, str] = {}
        if self.uses_grad and self.grad == "analytic":
            needs.append(Capability.GRADIENT)
            remedies[Capability.GRADIENT] = (f"use {self._with(grad='fd')}" if self.grad_fd
                                             else f"scipy's {self.method} needs one")
        curvature = self._curvature_need()
        if curvature is not None:
            needs.append(curvature)
            remedies[curvature] = f"use {self._with(hess='fd')}"
        if not self.iteration_callback:
            iterations = Iterations.SOLVER
        elif self.nit_from_result:
            iterations = Iterations.SOLVER_ELSE_INSTRUMENT
        else:
            iterations = Iterations.INSTRUMENT
        kinds = _KINDS if self.accepts_bounds or self.accepts_constraints else _UNCONSTRAINED
        return Accepts(self.method, kinds, needs=tuple(needs), refuses=refuses,
                       remedies=remedies, iterations=iterations,
                       initial_iterations=self.initial_iterations)

    def _with(self, **options: str) -> str:
        """This solver's spec with ``options`` set, e.g. ``dogleg[hess=fd]``."""
        name, current = parse_spec(self.name or self.method)
        return format_spec(name, current | options)

    def _curvature_need(self) -> Capability | None:
        """The second derivatives the method is set to take from the problem, or ``None``."""
        if self.curvature == "none" or self.hess == "fd":
            return None
        if self.curvature == "matrix":
            return Capability.HESSIAN
        return Capability.HESSP if self.hess == "hessp" else Capability.CURVATURE

    def derivatives(self, objective: Instrument) -> dict[str, Any]:
        """The ``jac``, ``hess`` and ``hessp`` arguments of ``minimize``."""
        kwargs: dict[str, Any] = {}
        if self.uses_grad:
            kwargs["jac"] = objective.grad if self.grad == "analytic" else None
        if self.curvature == "none":
            return kwargs
        if self.hess == "fd":
            return kwargs | self.fd_hess(objective)
        problem = objective.problem
        use_matrix = self.curvature == "matrix" or (
            self.hess == "analytic" and problem.hess is not None
        )
        if use_matrix:
            return kwargs | {"hess": objective.hess}
        return kwargs | {"hessp": objective.hessp}

    def constraints(self, constraints: Sequence[Constraint]) -> list[dict[str, Any]]:
        """``minimize``'s constraint dicts; Jacobians where the method uses derivatives.

        Examples
        --------
        >>> from optbench.problems import get_problem
        >>> [sorted(c) for c in slsqp().constraints(get_problem("hs-006").constraints)]
        [['fun', 'jac', 'type']]
        >>> [sorted(c) for c in cobyla().constraints(get_problem("hs-006").constraints)]
        [['fun', 'type']]
        """
        analytic = self.uses_grad and self.grad == "analytic"
        return [{"type": c.kind, "fun": c.fun} | ({"jac": c.jac} if analytic and c.jac else {})
                for c in constraints]

    def solve(self, objective: Instrument, x0: Vector, seed: int) -> Result:
        """Run ``minimize`` on the counted callables."""
        kwargs = self.derivatives(objective)
        if self.accepts_bounds and objective.problem.bounds is not None:
            kwargs["bounds"] = objective.problem.bounds
            if self.clip_x0:
                low, high = np.array(objective.problem.bounds, dtype=float).T
                x0 = np.clip(x0, np.nan_to_num(low, nan=-np.inf),
                             np.nan_to_num(high, nan=np.inf))
        if self.accepts_constraints and objective.constraints:
            kwargs["constraints"] = self.constraints(objective.constraints)
        if self.iteration_callback:
            kwargs["callback"] = objective.iteration
        res = minimize(objective.fun, x0, method=self.method, options=dict(self.options),
                       tol=self.tol or None, **kwargs)
        return Result(
            x=res.x,
            fun=float(res.fun),
            nit=int(res.nit) if "nit" in res else None,
            nfev=int(res.nfev),
            njev=int(res.njev) if "njev" in res else None,
            nhev=int(res.nhev) if "nhev" in res else None,
            status=self.status_codes.get(int(res.status), Status.ERROR),
            message=str(res.message),
            ncev=_summed(res, "constr_nfev"),
            ncjev=_summed(res, "constr_njev"),
        )


def _summed(res: Any, key: str) -> int | None:
    """trust-constr's per-constraint counts (``constr_nfev``, ``constr_njev``) added up;
    ``None`` for methods that report none. Each constraint dict is one constraint object
    in trust-constr, so the sum counts every call of every constraint function."""
    if key not in res or res[key] is None:
        return None
    return int(sum(int(count) for count in res[key]))


def _options(**limits: int) -> dict[str, int]:
    """scipy options from limits, leaving out those at 0 (scipy's default)."""
    return {key: value for key, value in limits.items() if value > 0}


@SOLVERS.register("nelder-mead", "Nelder-Mead simplex (minimize method, legacy fmin)")
def nelder_mead(maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Nelder & Mead (1965) simplex search; ``maxiter=0`` keeps scipy's default (200 n)."""
    return MinimizeSolver("Nelder-Mead", _SIMPLEX_STATUS, tol=tol, accepts_bounds=True,
                          options=_options(maxiter=maxiter), initial_iterations=1)


@SOLVERS.register("powell", "Powell's conjugate directions (minimize method, legacy fmin_powell)")
def powell(maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Powell (1964) conjugate-direction search; ``maxiter=0`` keeps scipy's default."""
    return MinimizeSolver("Powell", _POWELL_STATUS, tol=tol, accepts_bounds=True,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("bfgs", "BFGS quasi-Newton (minimize method, legacy fmin_bfgs)")
def bfgs(grad: GradSource = "analytic", maxiter: Count = 0,
         tol: NonNegative = 0.0) -> MinimizeSolver:
    """Broyden-Fletcher-Goldfarb-Shanno quasi-Newton with a Wolfe line search."""
    return MinimizeSolver("BFGS", _GRADIENT_STATUS, tol=tol, uses_grad=True, grad=grad,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("cg", "Polak-Ribiere nonlinear conjugate gradient (legacy fmin_cg)")
def cg(grad: GradSource = "analytic", maxiter: Count = 0,
       tol: NonNegative = 0.0) -> MinimizeSolver:
    """Nonlinear conjugate gradient (Polak-Ribiere) with a Wolfe line search."""
    return MinimizeSolver("CG", _GRADIENT_STATUS, tol=tol, uses_grad=True, grad=grad,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("newton-cg", "truncated Newton, CG inner solves (legacy fmin_ncg)")
def newton_cg(hess: HesspSource = "analytic",
              maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Line-search Newton-CG (Nocedal & Wright 2006, alg. 7.1).

    scipy requires an analytic gradient. ``hess=fd`` is the method's own default:
    Hessian-vector products from forward differences of the gradient.
    """
    return MinimizeSolver("Newton-CG", _NEWTON_CG_STATUS, tol=tol, uses_grad=True, grad_fd=False,
                          curvature="product", hess=hess, fd_hess=_method_default,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("l-bfgs-b", "limited-memory BFGS with bounds (legacy fmin_l_bfgs_b)")
def l_bfgs_b(grad: GradSource = "analytic", maxiter: Count = 0,
             tol: NonNegative = 0.0) -> MinimizeSolver:
    """Byrd, Lu, Nocedal & Zhu (1995) L-BFGS-B; passes the problem's bounds."""
    return MinimizeSolver("L-BFGS-B", _LBFGSB_STATUS, tol=tol, uses_grad=True, grad=grad,
                          accepts_bounds=True, options=_options(maxiter=maxiter))


@SOLVERS.register("tnc", "truncated Newton with bounds, Nash's TNC (legacy fmin_tnc)")
def tnc(grad: GradSource = "analytic", maxfun: Count = 0,
        tol: NonNegative = 0.0) -> MinimizeSolver:
    """Nash (1984) truncated Newton; TNC limits evaluations (``maxfun``), not iterations."""
    return MinimizeSolver("TNC", _TNC_STATUS, tol=tol,
                          uses_grad=True, grad=grad, accepts_bounds=True,
                          options=_options(maxfun=maxfun))


@SOLVERS.register("cobyla", "Powell's COBYLA, linear models (PRIMA; legacy fmin_cobyla)")
def cobyla(maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Powell (1994) COBYLA as PRIMA implements it; scipy's ``maxiter`` limits evaluations."""
    return MinimizeSolver("COBYLA", _COBYLA_STATUS, tol=tol, accepts_bounds=True,
                          accepts_constraints=True, clip_x0=True,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("cobyqa", "Ragonneau's COBYQA, quadratic models, derivative-free")
def cobyqa(maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Ragonneau (2022) COBYQA; its callback runs per evaluation, so nit is COBYQA's own."""
    return MinimizeSolver("COBYQA", _COBYQA_STATUS, tol=tol, accepts_bounds=True,
                          accepts_constraints=True, options=_options(maxiter=maxiter),
                          iteration_callback=False)


@SOLVERS.register("slsqp", "sequential least squares programming (legacy fmin_slsqp)")
def slsqp(grad: GradSource = "analytic", maxiter: Count = 0,
          tol: NonNegative = 0.0) -> MinimizeSolver:
    """Kraft (1988) SLSQP; passes the problem's bounds and constraints."""
    return MinimizeSolver("SLSQP", _SLSQP_STATUS, tol=tol, uses_grad=True, grad=grad,
                          accepts_bounds=True, accepts_constraints=True, nit_from_result=True,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("trust-constr", "trust-region SQP / interior point (minimize method)")
def trust_constr(grad: GradSource = "analytic", hess: HesspSource = "analytic",
                 maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Byrd-Omojokun trust-region SQP (Conn, Gould & Toint 2000); with bounds, the
    interior-point variant.

    ``hess=fd`` is ``'2-point'``; scipy refuses it with ``grad=fd`` (it then needs a
    quasi-Newton Hessian), and so does this factory.
    """
    if grad == "fd" and hess == "fd":
        raise OptbenchError("solver 'trust-constr': grad=fd needs an analytic Hessian "
                            "(scipy estimates a Hessian by differences of an analytic "
                            "gradient only)")
    return MinimizeSolver("trust-constr", _TRUST_CONSTR_STATUS, tol=tol, uses_grad=True, grad=grad,
                          curvature="product", hess=hess, accepts_bounds=True,
                          accepts_constraints=True, options=_options(maxiter=maxiter))


def _trust_region(method: str, curvature: Curvature, hess: HesspSource,
                  maxiter: int, tol: float) -> MinimizeSolver:
    """A trust-region method of ``_trustregion.py``; scipy requires analytic gradients."""
    fd_hess = _gradient_jacobian if curvature == "matrix" else _two_point
    return MinimizeSolver(method, _TRUST_REGION_STATUS, tol=tol, uses_grad=True, grad_fd=False,
                          curvature=curvature, hess=hess, fd_hess=fd_hess,
                          options=_options(maxiter=maxiter))


@SOLVERS.register("dogleg", "dog-leg trust region (needs a positive-definite Hessian)")
def dogleg(hess: HessSource = "analytic", maxiter: Count = 0,
           tol: NonNegative = 0.0) -> MinimizeSolver:
    """Powell's dog-leg trust-region method (Nocedal & Wright 2006, sec. 4.1).

    A Hessian that is not positive definite at an iterate ends the run as ``stalled``.
    """
    return _trust_region("dogleg", "matrix", hess, maxiter, tol)


@SOLVERS.register("trust-ncg", "trust region, Steihaug's truncated CG subproblems")
def trust_ncg(hess: HesspSource = "analytic",
              maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Newton conjugate-gradient trust-region method (Nocedal & Wright 2006, alg. 7.2)."""
    return _trust_region("trust-ncg", "product", hess, maxiter, tol)


@SOLVERS.register("trust-exact", "trust region, nearly exact subproblems (More-Sorensen)")
def trust_exact(hess: HessSource = "analytic",
                maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Nearly exact trust-region method (Conn, Gould & Toint 2000, sec. 7.3)."""
    return _trust_region("trust-exact", "matrix", hess, maxiter, tol)


@SOLVERS.register("trust-krylov", "trust region, GLTR Krylov subproblems (trlib)")
def trust_krylov(hess: HesspSource = "analytic",
                 maxiter: Count = 0, tol: NonNegative = 0.0) -> MinimizeSolver:
    """Generalised Lanczos trust-region method (Gould, Lucidi, Roma & Toint 1999)."""
    return _trust_region("trust-krylov", "product", hess, maxiter, tol)

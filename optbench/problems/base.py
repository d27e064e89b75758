"""The `Problem` value: callables, starting points and the certified answer."""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from optbench.counting import Counter, Meter, counted
from optbench.errors import OptbenchError
from optbench.kinds import Capability, Kind, as_kind

if TYPE_CHECKING:
    from optbench.problems.features import FeatureChain
    from optbench.problems.forms import Form

Vector = NDArray[np.float64]
Fun = Callable[[Vector], float]
Grad = Callable[[Vector], Vector]
FunAndGrad = Callable[[Vector], tuple[float, Vector]]
Hess = Callable[[Vector], NDArray[np.float64]]
Hessp = Callable[[Vector, Vector], Vector]


def _frozen(array: NDArray[np.float64] | list[float]) -> Vector:
    out = np.array(array, dtype=float)
    out.setflags(write=False)
    return out


def _bounds(bounds: Any, name: str) -> tuple[tuple[float | None, float | None], ...]:
    """Bounds as a tuple of ``(low, high)`` pairs (``None`` or an infinity: no bound)."""
    try:
        pairs = tuple((None if low is None else float(low), None if high is None else float(high))
                      for low, high in bounds)
    except (TypeError, ValueError):
        raise OptbenchError(f"problem {name!r}: bounds must be a sequence of (low, high) "
                            "pairs, one per variable") from None
    return pairs


@dataclass(frozen=True, eq=False)
class Constraint:
    """Equality ``fun(x) = 0`` or inequality ``fun(x) >= 0`` constraints, scipy's convention.

    Parameters
    ----------
    kind : {"eq", "ineq"}
        Equality or inequality.
    fun : callable
        ``fun(x) -> array of shape (m,)``.
    jac : callable, optional
        ``jac(x) -> array of shape (m, n)``, the Jacobian of ``fun``.

    Examples
    --------
    >>> c = Constraint("ineq", lambda x: np.array([1.0 - x @ x]))
    >>> c.violation(np.array([2.0, 0.0]))
    3.0
    """

    kind: str
    fun: Callable[[Vector], NDArray[np.float64]]
    jac: Callable[[Vector], NDArray[np.float64]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in {"eq", "ineq"}:
            raise OptbenchError(f"constraint kind must be 'eq' or 'ineq', not {self.kind!r}")

    @classmethod
    def of(cls, constraint: Constraint | Mapping[str, Any]) -> Constraint:
        """A `Constraint`, or scipy's dict form ``{"type": "ineq", "fun": c, "jac": J}``.

        Examples
        --------
        >>> Constraint.of({"type": "eq", "fun": lambda x: x[:1]}).kind
        'eq'
        >>> Constraint.of({"kind": "ineq"})
        Traceback (most recent call last):
        ...
        optbench.errors.OptbenchError: a constraint dict has keys 'type', 'fun' and \
optionally 'jac' (scipy's form); got 'kind'
        """
        if isinstance(constraint, Constraint):
            return constraint
        keys = set(constraint)
        if not {"type", "fun"} <= keys <= {"type", "fun", "jac"}:
            raise OptbenchError("a constraint dict has keys 'type', 'fun' and optionally 'jac' "
                                f"(scipy's form); got {', '.join(map(repr, sorted(keys)))}")
        return cls(constraint["type"], constraint["fun"], constraint.get("jac"))

    def counted(self, meter: Meter) -> Constraint:
        """The constraint with its callables counted: ``fun`` in ``ncev``, ``jac`` in
        ``ncjev``."""
        jac = None if self.jac is None else counted(self.jac, meter, Counter.NCJEV,
                                                     "constraint Jacobian")
        return Constraint(self.kind, counted(self.fun, meter, Counter.NCEV, "constraint"), jac)

    def violation(self, x: Vector) -> float:
        """The largest violation at ``x``: ``max |c|`` (eq) or ``max(0, -c)`` (ineq)."""
        values = np.atleast_1d(np.asarray(self.fun(x), dtype=float))
        worst = np.abs(values) if self.kind == "eq" else np.maximum(0.0, -values)
        return float(worst.max()) if worst.size else 0.0


@dataclass(frozen=True, eq=False)
class Problem:
    """A minimisation problem with a known answer.

    Parameters
    ----------
    name : str
        The canonical name, options included (``logreg-seed[seed=1234]``).
    fun : callable
        ``fun(x) -> float``.
    x0 : array_like
        The standard starting point (start 0).
    f_opt : float or None
        The certified optimal value f*; ``None`` (stored as NaN) where none is known:
        the analysis then measures targets from the best value any solver found, and
        marks them estimated.
    source : str
        Where f* and the problem come from (paper, table, data file).
    grad, hess, hessp : callable, optional
        Analytic gradient, Hessian ``hess(x)`` and Hessian-vector product ``hessp(x, p)``.
    fun_and_grad : callable, optional
        ``fun_and_grad(x) -> (f, g)``, sharing work between the two.
    x_opt : sequence of array_like, optional
        Known minimisers; ``x_error`` is the distance to the nearest.
    bounds : sequence of (low, high), optional
        Box constraints, one pair per coordinate.
    accuracy : callable, optional
        For classifiers, ``accuracy(x) -> float`` on the training data.
    extra_starts : sequence of array_like, optional
        Published further starts (e.g. MGH's 10 x0 and 100 x0): starts 1, 2, ... use
        these before any seeded perturbation.
    start_scale : float
        Standard deviation of the seeded perturbation that makes further starts.
    kind : Kind or str
        The problem kind (`optbench.kinds.Kind`; a string is converted, and
        one that names no kind raises `OptbenchError`); solvers declare the kinds they
        accept.
    family : str
        The name of the problem set it belongs to (``"MGH"``, ``"NIST StRD"``); set by
        the registry from the family the problem was registered in
        (`optbench.families`).
    constraints : sequence of Constraint or dict
        Equality and inequality constraints besides the bounds, as `Constraint` or in
        scipy's dict form (``{"type": "ineq", "fun": c, "jac": J}``, ``c(x) >= 0``); a
        problem of kind ``minimize`` with constraints is made kind ``constrained``.
    f_opt_is_global : bool
        Whether f* is the certified global minimum over the feasible set: a run that
        finds a feasible value below it then shows the problem's definition is wrong,
        and is recorded as an ``error`` saying so.
    bracket : (float, float, float), optional
        For scalar problems, a triple ``a < b < c`` with ``f(b) < f(a), f(c)`` (kind ``"scalar"``).
    x_canonical : callable, optional
        Maps a point to the representative of the points equivalent to it, before
        distances to ``x_opt`` are taken: where every permutation of a solution is one
        (Chebyquad's nodes), ``np.sort``, and ``x_opt`` lists the sorted solutions.
    form : Form, optional
        The problem in its own terms, for the solvers that use them: residuals and their
        Jacobian, a matrix, a scalar equation, a square system
        (`optbench.problems.forms`). The `Problem` itself is the objective view every
        form has.
    reference : mapping
        Certified facts besides f* and x* that a report section reads (NIST's dataset
        name and difficulty); stored with the runs, so a report of an old store needs
        no problem code. JSON-serialisable values only.
    version : str
        A version of the problem's code, which its run ids include: a problem from user
        code also gets a fingerprint of its callables (`optbench.fingerprint`), so an
        edit reruns it either way.
    true_fun : callable, optional
        The exact function where ``fun`` is a perturbed view of it (a noisy, truncated,
        quantized or NaN-riddled problem, `optbench.problems.features`): a run's final
        point is measured with it (`true_value`), so ``fun``, ``f_error`` and
        ``success`` of the record are of the true function. ``None``: ``fun`` is exact.
    features : FeatureChain, optional
        For a problem named ``base@feature[...]``: the robustness features that build
        each run's instance from the run's seed and start (`optbench.problems.features`).

    Examples
    --------
    >>> p = Problem("sphere", lambda x: float(x @ x), [1.0, 2.0], 0.0, "textbook",
    ...             x_opt=([0.0, 0.0],))
    >>> p.n, p.x_error(np.array([3.0, 4.0]))
    (2, 5.0)
    """

    name: str
    fun: Fun
    x0: Vector
    f_opt: float = math.nan
    source: str = ""
    grad: Grad | None = None
    hess: Hess | None = None
    hessp: Hessp | None = None
    fun_and_grad: FunAndGrad | None = None
    x_opt: tuple[Vector, ...] = ()
    bounds: tuple[tuple[float | None, float | None], ...] | None = None
    accuracy: Callable[[Vector], float] | None = None
    extra_starts: tuple[Vector, ...] = ()
    start_scale: float = 1.0
    kind: Kind = Kind.MINIMIZE
    family: str = "other"
    constraints: tuple[Constraint, ...] = ()
    f_opt_is_global: bool = False
    description: str = field(default="")
    bracket: tuple[float, float, float] | None = None
    x_canonical: Callable[[Vector], Vector] | None = None
    form: Form | None = None
    reference: Mapping[str, Any] = field(default_factory=dict)
    version: str = ""
    true_fun: Fun | None = None
    features: FeatureChain | None = None

    def __post_init__(self) -> None:
        if self.f_opt is None:
            object.__setattr__(self, "f_opt", math.nan)
        object.__setattr__(self, "f_opt", float(self.f_opt))
        constraints = tuple(map(Constraint.of, self.constraints))
        object.__setattr__(self, "constraints", constraints)
        kind = as_kind(self.kind)
        if kind is Kind.MINIMIZE and constraints:
            kind = Kind.CONSTRAINED
        object.__setattr__(self, "kind", kind)
        if self.bounds is not None:
            object.__setattr__(self, "bounds", _bounds(self.bounds, self.name))
        x0 = _frozen(self.x0)
        if x0.ndim != 1 or x0.size == 0:
            raise OptbenchError(f"problem {self.name!r}: x0 must be a non-empty 1-d array")
        object.__setattr__(self, "x0", x0)
        object.__setattr__(self, "x_opt", tuple(_frozen(x) for x in self.x_opt))
        object.__setattr__(self, "extra_starts", tuple(_frozen(x) for x in self.extra_starts))
        for x in (*self.x_opt, *self.extra_starts):
            if x.shape != x0.shape:
                raise OptbenchError(f"problem {self.name!r}: x_opt, extra_starts and x0 "
                                    "must have the same shape")
        if self.bounds is not None and len(self.bounds) != x0.size:
            raise OptbenchError(f"problem {self.name!r}: {len(self.bounds)} bounds for "
                                f"{x0.size} variables")

    @classmethod
    def least_squares(cls, name: str, residuals: Callable[[Vector], Vector], x0: Any, *,
                      jacobian: Callable[[Vector], NDArray[np.float64]] | None = None,
                      f_opt: float | None = None, source: str = "", x_opt: Any = (),
                      family: str = "other", description: str = "",
                      version: str = "") -> Problem:
        """A nonlinear least-squares problem ``min ||r(x)||**2``, from its residuals.

        Least-squares solvers (``least-squares``, ``leastsq``, ``dfo-ls``) take its
        residuals, and the others its objective view ``f = ||r||**2``, whose gradient
        ``2 J.T r`` exists where ``jacobian`` is given.

        Examples
        --------
        >>> p = Problem.least_squares("line-fit", lambda x: np.array([x[0] - 1.0, x[1]]),
        ...                           [0.0, 1.0], f_opt=0.0)
        >>> p.fun(np.array([3.0, 0.0])), sorted(c.name for c in p.capabilities())
        (4.0, ['RESIDUALS'])
        """
        from optbench.problems.sumsq import LeastSquaresProblem, SumOfSquares

        form = LeastSquaresProblem(name, SumOfSquares(residuals, jacobian), x0,
                                   math.nan if f_opt is None else f_opt, source, x_opt)
        return replace(form.to_problem(), family=family, description=description,
                       version=version)

    @classmethod
    def equations(cls, name: str, equations: Callable[[Vector], Vector], x0: Any, *,
                  jacobian: Callable[[Vector], NDArray[np.float64]] | None = None,
                  solutions: Any = (), source: str = "", family: str = "other",
                  description: str = "", version: str = "") -> Problem:
        """A square system ``F(x) = 0`` (kind ``root``), from its equations.

        Examples
        --------
        >>> p = Problem.equations("circle-line", lambda x: np.array([x @ x - 1.0,
        ...                       x[0] - x[1]]), [1.0, 0.0])
        >>> p.kind.value, p.f_opt
        ('root', 0.0)
        """
        from optbench.problems.roots import EquationSystem

        form = EquationSystem(name, equations, x0, source, jacobian, solutions)
        return replace(form.to_problem(), family=family, description=description,
                       version=version)

    @property
    def n(self) -> int:
        """The number of variables."""
        return int(self.x0.size)

    @property
    def f_opt_known(self) -> bool:
        """Whether f* is known (finite); targets of a problem without one are estimated.

        Examples
        --------
        >>> Problem("mine", lambda x: float(x @ x), [1.0]).f_opt_known
        False
        """
        return math.isfinite(self.f_opt)

    def capabilities(self) -> frozenset[Capability]:
        """What the problem offers a solver: its derivatives, box, constraints and form.

        Examples
        --------
        >>> p = Problem("sphere", lambda x: float(x @ x), [1.0], 0.0, "textbook",
        ...             grad=lambda x: 2.0 * x, bounds=((-1.0, 1.0),))
        >>> sorted(c.name for c in p.capabilities())
        ['BOUNDS', 'FINITE_BOUNDS', 'GRADIENT']
        """
        offered = {
            Capability.GRADIENT: self.grad is not None,
            Capability.HESSIAN: self.hess is not None,
            Capability.HESSP: self.hessp is not None,
            Capability.CURVATURE: self.hess is not None or self.hessp is not None,
            Capability.BOUNDS: self.bounds is not None,
            Capability.FINITE_BOUNDS: self.bounds is not None and all(
                low is not None and high is not None and math.isfinite(low)
                and math.isfinite(high) for low, high in self.bounds),
            Capability.CONSTRAINTS: bool(self.constraints),
            Capability.BRACKET: self.bounds is not None and self.bracket is not None,
        }
        own = frozenset(capability for capability, has in offered.items() if has)
        return own | (self.form.capabilities() if self.form is not None else frozenset())

    def trace_violation(self) -> Callable[[Vector], float] | None:
        """What the trace records as each point's violation: `max_violation` (NaN where
        unknown) for kinds that need feasibility, ``None`` (nothing) for the others."""
        if not self.kind.needs_feasibility:
            return None

        def violation(x: Vector) -> float:
            worst = self.max_violation(x)
            return math.nan if worst is None else worst

        return violation

    def root_scale(self, x: Vector | None) -> float | None:
        """For an equation, the size ``||x*||`` of the known root nearest ``x``, by which
        the success test scales its distance; ``None`` for other kinds or unknown roots.

        Examples
        --------
        >>> Problem("eq", lambda x: abs(x[0] - 3.0), [0.0], 0.0, "test", x_opt=([3.0],),
        ...         kind="root-scalar").root_scale(np.array([2.0]))
        3.0
        """
        if not self.kind.is_equation or x is None:
            return None
        nearest = self.nearest_x_opt(x)
        return None if nearest is None else float(np.linalg.norm(nearest))

    def starts(self, count: int, seed: int) -> list[Vector]:
        """Return ``count`` starting points: x0, the published extra starts, then seeded ones.

        A start ``k`` past the published ones is ``x0 + start_scale * z`` with ``z``
        standard normal drawn from a generator seeded by ``(seed, problem name, k)``, so
        each start is the same whatever other starts or problems are asked for.

        Examples
        --------
        >>> p = Problem("line", lambda x: float(x[0] ** 2), [1.0], 0.0, "textbook")
        >>> [s.tolist() for s in p.starts(1, seed=0)]
        [[1.0]]
        >>> bool(np.all(p.starts(3, seed=0)[2] == p.starts(3, seed=0)[2]))
        True
        """
        points = [x.copy() for x in (self.x0, *self.extra_starts)][:count]
        name_key = zlib.crc32(self.name.encode())
        for k in range(len(points), count):
            rng = np.random.default_rng(np.random.SeedSequence([seed, name_key, k]))
            points.append(self.x0 + self.start_scale * rng.standard_normal(self.n))
        return points

    def validate(self) -> None:
        """Check the callables' output shapes at x0: f a scalar, the gradient of shape (n,).

        Raises
        ------
        OptbenchError
            Naming the callable and the shape it returned.

        Examples
        --------
        >>> Problem("bad", lambda x: x * 2.0, [1.0, 2.0], 0.0, "test").validate()
        Traceback (most recent call last):
        ...
        optbench.errors.OptbenchError: problem 'bad': fun(x0) returned shape (2,); ...
        """
        value = np.asarray(self.fun(self.x0.copy()))
        if value.ndim != 0 or not np.issubdtype(value.dtype, np.number):
            raise OptbenchError(f"problem {self.name!r}: fun(x0) returned shape "
                                f"{value.shape}; expected a scalar")
        vector, matrix = (self.n,), (self.n, self.n)
        checks = [("grad(x0)", self.grad, (self.x0.copy(),), vector),
                  ("hess(x0)", self.hess, (self.x0.copy(),), matrix),
                  ("hessp(x0, x0)", self.hessp, (self.x0.copy(), self.x0.copy()), vector)]
        for label, function, args, expected in checks:
            if function is not None:
                shape = np.shape(function(*args))
                if shape != expected:
                    raise OptbenchError(f"problem {self.name!r}: {label} returned shape "
                                        f"{shape}; expected {expected}")

    def true_value(self, x: Vector) -> float:
        """f at ``x`` of the exact function (`true_fun`, else ``fun``): what a run's
        final point is measured with.

        Examples
        --------
        >>> p = Problem("noisy", lambda x: float(x @ x) + 0.5, [1.0], 0.0, "test",
        ...             true_fun=lambda x: float(x @ x))
        >>> p.fun(np.array([1.0])), p.true_value(np.array([1.0]))
        (1.5, 1.0)
        """
        return float((self.true_fun or self.fun)(x))

    def f_error(self, fun: float) -> float:
        """``fun - f_opt``: how far a value is above the certified optimum."""
        return float(fun - self.f_opt)

    def max_violation(self, x: Vector) -> float | None:
        """The largest violation of a bound or constraint at ``x`` (``None``: unconstrained).

        Bounds count as ``max(low - x, x - high, 0)``; equality constraints as ``|c(x)|``;
        inequality constraints (``c(x) >= 0``) as ``max(0, -c(x))``; NaN where a
        constraint cannot be evaluated to a finite value.

        Examples
        --------
        >>> p = Problem("box", lambda x: float(x @ x), [0.5], 0.0, "test", bounds=((0.0, 1.0),),
        ...             constraints=(Constraint("eq", lambda x: np.array([x[0] - 0.25])),))
        >>> p.max_violation(np.array([1.5]))
        1.25
        >>> Problem("free", lambda x: float(x @ x), [0.5], 0.0, "test").max_violation(
        ...     np.array([3.0])) is None
        True
        """
        if self.bounds is None and not self.constraints:
            return None
        x = np.asarray(x, dtype=float)
        worst = [0.0]
        if self.bounds is not None:
            low = np.array([-np.inf if lo is None else lo for lo, _ in self.bounds], dtype=float)
            high = np.array([np.inf if hi is None else hi for _, hi in self.bounds], dtype=float)
            worst.append(float(np.max(np.maximum(low - x, x - high), initial=0.0)))
        with np.errstate(all="ignore"):
            worst += [constraint.violation(x) for constraint in self.constraints]
        if not all(np.isfinite(worst)):
            return float("nan")
        return max(worst)

    def _nearest(self, x: Vector) -> tuple[Vector, float] | None:
        """The known minimiser nearest ``x`` (after `x_canonical`) and its distance."""
        if not self.x_opt:
            return None
        point = np.asarray(x, dtype=float)
        if self.x_canonical is not None:
            point = np.asarray(self.x_canonical(point), dtype=float)
        distances = [float(np.linalg.norm(point - x_opt)) for x_opt in self.x_opt]
        k = int(np.argmin(distances))
        return self.x_opt[k], distances[k]

    def nearest_x_opt(self, x: Vector) -> Vector | None:
        """The known minimiser nearest ``x`` (after `x_canonical`), or ``None`` if none.

        Examples
        --------
        >>> p = Problem("nodes", lambda x: 0.0, [0.0, 0.0], 0.0, "test",
        ...             x_opt=([0.25, 0.75],), x_canonical=np.sort)
        >>> p.nearest_x_opt(np.array([0.75, 0.25])).tolist(), p.x_error(np.array([0.75, 0.25]))
        ([0.25, 0.75], 0.0)
        """
        nearest = self._nearest(x)
        return None if nearest is None else nearest[0]

    def x_error(self, x: Vector) -> float:
        """Euclidean distance from ``x`` (after `x_canonical`) to the nearest known
        minimiser (NaN if none)."""
        nearest = self._nearest(x)
        return float("nan") if nearest is None else nearest[1]

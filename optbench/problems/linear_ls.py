"""Bound-constrained linear least squares: min ||A x - b||**2 subject to l <= x <= u.

A `LinearLeastSquares` keeps the matrix ``A``, the right-hand side ``b`` and the bounds,
so that ``scipy.optimize.nnls`` and ``lsq_linear`` (which take matrices, not callables)
can be run on it: it is a problem form (`optbench.problems.forms`) whose `Problem` view
is the ``minimize`` problem ``f = ||A x - b||**2``, ``grad = 2 A.T (A x - b)``,
``hess = 2 A.T A``, with the bounds, so that general minimisers with bounds run on them
too; `register_linear_least_squares` registers a factory of the form in ``PROBLEMS``. As for the
MGH and NIST problems, f is the sum of squares itself, not half of it.

The problems:

``lls-nonnegative[m, n, seed, cond]``, ``lls-box[m, n, seed]``
    Constructed with a seed so that the solution is known exactly (`constructed`).
``lls-lsqnonneg``
    The example of MATLAB's ``lsqnonneg`` documentation (MathWorks, Optimization
    Toolbox, "lsqnonneg: Solve nonnegative linear least-squares problem", example
    "Nonnegative Linear Least Squares", https://www.mathworks.com/help/optim/ug/lsqnonneg.html),
    whose published solution x = (0, 0.6929) is certified here by its KKT conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
from numpy.typing import ArrayLike

from optbench.counting import Meter
from optbench.families import LINEAR_LEAST_SQUARES as FAMILY
from optbench.kinds import Capability
from optbench.limits import Columns, Rows, Seed
from optbench.problems.base import Problem, Vector
from optbench.problems.forms import ObjectiveForm
from optbench.problems.options import require, require_at_least
from optbench.problems.registry import get_form, register_form
from optbench.problems.sumsq import Matrix
from optbench.registry import Range

#: A generated matrix's condition number.
Conditioning = Annotated[float, Range(1.0)]


def _frozen(array: ArrayLike) -> np.ndarray:
    out = np.array(array, dtype=float)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class LinearLeastSquares(ObjectiveForm):
    """``min ||A x - b||**2`` subject to ``lower <= x <= upper``, with its certified answer.

    Parameters
    ----------
    name : str
        The registered name.
    matrix : array_like
        ``A``, of shape (m, n).
    rhs : array_like
        ``b``, of shape (m,).
    lower, upper : array_like
        The bounds, of shape (n,); ``-inf`` and ``inf`` where there is none.
    x_opt : array_like
        The certified solution.
    f_opt : float
        The certified optimal value ``||A x_opt - b||**2``.
    source : str
        Where the problem and its solution come from.

    Examples
    --------
    >>> p = LinearLeastSquares("tiny", [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], [2.0, 1.0, 1.0],
    ...                        [0.0, 0.0], [np.inf, np.inf], [1.5, 1.0], 0.5, "scipy nnls docs")
    >>> p.fun(p.x_opt), p.kkt_violation(p.x_opt), p.nonnegative
    (0.5, 0.0, True)
    """

    name: str
    matrix: Matrix
    rhs: Vector
    lower: Vector
    upper: Vector
    x_opt: Vector
    f_opt: float
    source: str
    description: str = field(default="")

    def __post_init__(self) -> None:
        for key in ("matrix", "rhs", "lower", "upper", "x_opt"):
            object.__setattr__(self, key, _frozen(getattr(self, key)))
        m, n = self.matrix.shape
        if self.rhs.shape != (m,) or any(v.shape != (n,) for v in
                                         (self.lower, self.upper, self.x_opt)):
            raise ValueError(f"problem {self.name!r}: A is {m} x {n}; b must have shape "
                             f"({m},), the bounds and x_opt ({n},)")

    @property
    def nonnegative(self) -> bool:
        """Whether the bounds are exactly ``x >= 0`` (what ``nnls`` solves)."""
        return bool(np.all(self.lower == 0.0) and np.all(np.isposinf(self.upper)))

    def residuals(self, x: Vector) -> Vector:
        """``A x - b``."""
        return self.matrix @ x - self.rhs

    def fun(self, x: Vector) -> float:
        """``||A x - b||**2``."""
        r = self.residuals(x)
        return float(r @ r)

    def grad(self, x: Vector) -> Vector:
        """``2 A.T (A x - b)``."""
        return 2.0 * (self.matrix.T @ self.residuals(x))

    def fun_and_grad(self, x: Vector) -> tuple[float, Vector]:
        """Value and gradient from one residual vector."""
        r = self.residuals(x)
        return float(r @ r), 2.0 * (self.matrix.T @ r)

    def hess(self, x: Vector) -> Matrix:
        """``2 A.T A`` (constant)."""
        return 2.0 * (self.matrix.T @ self.matrix)

    def hessp(self, x: Vector, p: Vector) -> Vector:
        """``2 A.T (A p)``."""
        return 2.0 * (self.matrix.T @ (self.matrix @ p))

    def kkt_violation(self, x: ArrayLike) -> float:
        """The KKT residual ``||x - clip(x - g, lower, upper)||_inf`` with ``g = A.T (A x - b)``.

        It is 0 exactly when ``x`` is feasible and satisfies the KKT conditions of the
        convex problem: ``g_i = 0`` where ``lower_i < x_i < upper_i``, ``g_i >= 0`` at a
        lower bound, ``g_i <= 0`` at an upper bound. An infeasible x counts its distance
        to the box.
        """
        z = np.asarray(x, dtype=float)
        g = self.matrix.T @ self.residuals(z)
        return float(np.max(np.abs(z - np.clip(z - g, self.lower, self.upper)), initial=0.0))

    def start(self) -> Vector:
        """A feasible start for the ``minimize`` view: ones, clipped into the bounds."""
        return np.clip(np.ones(self.matrix.shape[1]), self.lower, self.upper)

    def counted(self, meter: Meter) -> LinearLeastSquares:
        """The form itself: it has data, no callables (its solvers' matrix products are
        invisible to the instrument)."""
        return self

    def capabilities(self) -> frozenset[Capability]:
        """The matrix form, and ``x >= 0`` where those are exactly the bounds."""
        nonnegative = {Capability.NONNEGATIVE} if self.nonnegative else set()
        return frozenset({Capability.MATRIX, *nonnegative})

    def to_problem(self) -> Problem:
        """The ``minimize`` view with the bounds: ``f = ||A x - b||**2``, exact derivatives."""
        bounds = tuple((float(lo), float(hi)) for lo, hi in zip(self.lower, self.upper,
                                                                strict=True))
        return Problem(name=self.name, fun=self.fun, x0=self.start(), f_opt=self.f_opt,
                       source=self.source, grad=self.grad, hess=self.hess,
                       hessp=self.hessp, fun_and_grad=self.fun_and_grad,
                       x_opt=(self.x_opt,), bounds=bounds, form=self,
                       description=self.description)


Factory = Callable[..., LinearLeastSquares]


def register_linear_least_squares(name: str, summary: str) -> Callable[[Factory], Factory]:
    """Register a `LinearLeastSquares` factory in ``PROBLEMS`` (its `Problem` view)."""
    return register_form(name, summary, FAMILY)


def get_linear_least_squares(spec: str) -> LinearLeastSquares:
    """The matrix form of the problem that ``spec`` names, its name the canonical spec.

    Raises
    ------
    OptbenchError
        If ``spec`` names no linear least-squares problem.

    Examples
    --------
    >>> p = get_linear_least_squares("lls-nonnegative[m=8,n=4,seed=3]")
    >>> p.name, p.matrix.shape
    ('lls-nonnegative[m=8,n=4,seed=3]', (8, 4))
    """
    return get_form(spec, LinearLeastSquares)


CONSTRUCTED = ("constructed with a seed so that the KKT conditions certify x* and f* "
               "(optbench.problems.linear_ls.constructed)")


def constructed(name: str, m: int, n: int, seed: int, box: bool = False,
                cond: float = 1.0) -> LinearLeastSquares:
    """A seeded problem whose solution and optimal value are known by construction.

    The construction works backwards from the KKT conditions of the convex problem
    ``min ||A x - b||**2, l <= x <= u`` (with ``g = A.T (A x - b)``: ``g_i = 0`` for a
    free x_i, ``g_i > 0`` at a lower bound, ``g_i < 0`` at an upper bound):

    1. ``A`` (m x n, m > n) is ``U diag(s) V.T`` with ``U``, ``V`` the orthonormal
       factors of seeded Gaussian matrices and ``s`` spaced logarithmically from 1 to
       ``1/cond``, so A has full column rank and condition number ``cond``.
    2. ``x*`` has about a third of its entries at the lower bound 0 (and, with ``box``,
       a sixth at the upper bound u_i) and the rest strictly inside.
    3. The multipliers ``g`` are 0 on the free entries, drawn from [0.5, 1.5] at a
       lower bound and from [-1.5, -0.5] at an upper bound (strict complementarity),
       times ``1/cond`` so that the residual below stays of order 1.
    4. The residual ``r = A x* - b`` must satisfy ``A.T r = g``: take
       ``r = U diag(1/s) V.T g + (I - U U.T) z`` with seeded z; the first term is the
       least-norm solution, the second lies in the orthogonal complement of range(A)
       (``A.T`` maps it to 0) and makes the problem inconsistent (f* > 0).
    5. ``b = A x* - r``. Then x* is feasible and satisfies KKT, hence is the minimiser
       (unique: ``A.T A`` is positive definite), and ``f* = ||r||**2``, computed as
       ``||A x* - b||**2`` in double precision.

    Parameters
    ----------
    name : str
        The problem's name.
    m, n : int
        Rows and columns of A, m > n >= 3.
    seed : int
        Seeds every random draw.
    box : bool
        Upper bounds too (u_i in [1, 2], some of them active); otherwise ``x >= 0``.
    cond : float
        The condition number of A, at least 1.

    Examples
    --------
    >>> p = constructed("example", 12, 5, seed=0)
    >>> p.kkt_violation(p.x_opt) < 1e-12, bool(np.any(p.x_opt == 0.0)), p.f_opt > 0
    (True, True, True)
    """
    require_at_least(name, "n", n, 3)
    require(m > n, name, f"option m must be greater than n = {n}; got {m}")
    rng = np.random.default_rng(np.random.SeedSequence([seed, m, n, int(box)]))
    u, _ = np.linalg.qr(rng.standard_normal((m, n)))
    v, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = np.logspace(0.0, -np.log10(cond), n)
    matrix = (u * s) @ v.T
    lower = np.zeros(n)
    upper = rng.uniform(1.0, 2.0, n) if box else np.full(n, np.inf)
    role = rng.permutation(n) % 6  # 0, 1: at the lower bound; 2: at the upper (box)
    at_lower, at_upper = role <= 1, (role == 2) & box
    free = ~(at_lower | at_upper)
    x_opt = np.where(at_lower, 0.0, np.where(at_upper, upper, 0.0))
    x_opt[free] = rng.uniform(0.2, 0.8, free.sum()) * np.minimum(upper[free], 1.0)
    g = np.zeros(n)
    g[at_lower] = rng.uniform(0.5, 1.5, at_lower.sum())
    g[at_upper] = -rng.uniform(0.5, 1.5, at_upper.sum())
    g /= cond
    z = rng.standard_normal(m)
    residual = u @ ((v.T @ g) / s) + (z - u @ (u.T @ z))
    rhs = matrix @ x_opt - residual
    r = matrix @ x_opt - rhs
    kind = "l <= x <= u" if box else "x >= 0"
    return LinearLeastSquares(name, matrix, rhs, lower, upper, x_opt, float(r @ r),
                              f"{CONSTRUCTED}; m = {m}, n = {n}, seed = {seed}, "
                              f"cond(A) = {cond:g}, {kind}")


@register_linear_least_squares(
    "lls-nonnegative", "constructed NNLS min ||Ax - b||^2, x >= 0, m x n (40 x 20), "
    "cond(A) (100), seeded, known x* with zeros")
def lls_nonnegative(m: Rows = 40,
                    n: Columns = 20, seed: Seed = 0,
                    cond: Conditioning = 100.0) -> LinearLeastSquares:
    """A seeded non-negative least-squares problem with known solution (see `constructed`).

    Parameters
    ----------
    m, n : int
        Rows and columns of A (m > n >= 3).
    seed : int
        The construction's seed.
    cond : float
        The condition number of A (with 1, A has orthonormal columns and one projected
        gradient step solves the problem).

    Examples
    --------
    >>> p = lls_nonnegative(m=10, n=4)
    >>> p.nonnegative, p.matrix.shape
    (True, (10, 4))
    """
    return constructed("lls-nonnegative", m, n, seed, box=False, cond=cond)


@register_linear_least_squares(
    "lls-box", "constructed bounded LS min ||Ax - b||^2, 0 <= x <= u, m x n (40 x 20), "
    "cond(A) (100), seeded, known x* on both bounds")
def lls_box(m: Rows = 40,
            n: Columns = 20, seed: Seed = 0,
            cond: Conditioning = 100.0) -> LinearLeastSquares:
    """A seeded box-constrained least-squares problem with known solution (`constructed`).

    Some entries of x* sit at the lower bound 0, some at the upper bound u_i; ``nnls``
    cannot solve it (upper bounds), ``lsq_linear`` can.

    Parameters
    ----------
    m, n : int
        Rows and columns of A (m > n >= 3).
    seed : int
        The construction's seed.
    cond : float
        The condition number of A.

    Examples
    --------
    >>> p = lls_box(m=10, n=6)
    >>> p.nonnegative, bool(np.any(p.x_opt == p.upper))
    (False, True)
    """
    return constructed("lls-box", m, n, seed, box=True, cond=cond)


#: MATLAB's lsqnonneg example (MathWorks documentation, see the module docstring).
LSQNONNEG_C = ((0.0372, 0.2869), (0.6861, 0.7071), (0.6233, 0.6245), (0.6344, 0.6170))
LSQNONNEG_D = (0.8587, 0.1781, 0.0747, 0.8405)
#: The published (4-digit) solution and residual norm ``norm(C*x - d)``.
LSQNONNEG_PUBLISHED_X = (0.0, 0.6929)
LSQNONNEG_PUBLISHED_NORM = 0.9118


@register_linear_least_squares(
    "lls-lsqnonneg", "MATLAB lsqnonneg documentation example, 4 x 2, x* = (0, 0.6929)")
def lls_lsqnonneg() -> LinearLeastSquares:
    """The NNLS example of MATLAB's ``lsqnonneg`` documentation, x* certified by KKT.

    ``C`` (4 x 2) and ``d`` as printed there; the published solution is x = (0, 0.6929)
    with ``norm(C*x - d) = 0.9118`` (the unconstrained solution, (-2.5627, 3.1108), is
    infeasible). With x_1 = 0 the KKT conditions give ``x_2 = c_2.d / c_2.c_2`` (the
    1-d least-squares fit on column 2) and require ``g_1 = c_1.(x_2 c_2 - d) >= 0``,
    which holds (g_1 = 0.1506...): x* is that point to full precision, and
    f* = ||C x* - d||**2 = 0.83146... (0.9118**2 to the published digits).

    Examples
    --------
    >>> p = lls_lsqnonneg()
    >>> np.round(p.x_opt, 4).tolist(), round(float(np.sqrt(p.f_opt)), 4)
    ([0.0, 0.6929], 0.9118)
    """
    c, d = np.array(LSQNONNEG_C), np.array(LSQNONNEG_D)
    column = c[:, 1]
    x_opt = np.array([0.0, column @ d / (column @ column)])
    r = c @ x_opt - d
    return LinearLeastSquares(
        "lls-lsqnonneg", c, d, np.zeros(2), np.full(2, np.inf), x_opt, float(r @ r),
        "MathWorks, Optimization Toolbox documentation, lsqnonneg, example 'Nonnegative "
        "Linear Least Squares' (https://www.mathworks.com/help/optim/ug/lsqnonneg.html): "
        "x = (0, 0.6929), norm(C*x - d) = 0.9118; x* and f* recomputed to full precision "
        "from the KKT conditions")

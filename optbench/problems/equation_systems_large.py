"""Large sparse systems ``F(x) = 0`` (n >= 1000) for the Krylov methods, with computed solutions.

- ``eq-broyden-tridiagonal-large[n=1000|5000]`` and ``eq-discrete-boundary-value-large``
  (n = 1000): MINPACK-1's vecfcn problems 13 and 9 (MGH problems 30 and 28) at large n,
  F the MGH residuals of optbench's MGH module;
- ``eq-bratu-large``: Bratu's problem on a 32 x 32 interior grid (n = 1024), λ = 6.

No closed-form solution is known, so each solution is computed when the system is first
built, by `sparse_newton` (Newton's method with the exact sparse Jacobian solved by
``scipy.sparse.linalg.spsolve``) from x0 to ``||F|| <= 1e-13``, and cached per system
(``functools.cache``; a few hundredths of a second each).

Each is a `SparseEquationSystem`: its ``sparse_jacobian`` gives J as a
``scipy.sparse`` CSR matrix. ``jacobian`` gives it dense only where ``n <= DENSE_LIMIT``
(2000: 32 MB); above, it is None (the dense J at n = 5000 would take 200 MB): hybr,
lm and fsolve then run only with their own forward differences (``jac=fd``, n
evaluations of F a Jacobian), while the Krylov and quasi-Newton methods need no J.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.sparse.linalg import spsolve

from optbench.counting import Counter, Derivative, Meter
from optbench.limits import Variables
from optbench.problems.base import Vector
from optbench.problems.equation_systems import GUIDE, minpack_starts, require_size
from optbench.problems.mgh_common import PAPER
from optbench.problems.roots import EquationSystem, register_equation_system
from optbench.problems.sumsq import Matrix, get_sum_of_squares

#: The largest n whose `EquationSystem.jacobian` returns a dense matrix.
DENSE_LIMIT = 2000
#: The residual norm the solutions are computed to.
SOLVE_TOL = 1e-13
#: The sizes of the large Broyden tridiagonal system.
BROYDEN_SIZES = (1000, 5000)

SparseMatrix: TypeAlias = sparse.csr_matrix
SparseJacobian = Callable[[Vector], SparseMatrix]


@dataclass(frozen=True)
class SparseEquationSystem(EquationSystem):
    """An `EquationSystem` whose exact Jacobian is also given as a ``scipy.sparse`` matrix.

    Parameters
    ----------
    sparse_jacobian : callable, optional
        ``sparse_jacobian(x) -> J``, a CSR matrix of shape (n, n).
    """

    sparse_jacobian: SparseJacobian | None = None

    def counted(self, meter: Meter) -> SparseEquationSystem:
        """The system's counted F and Jacobian (`EquationSystem.counted`), and its sparse
        Jacobian counted in ``njev`` as well."""
        system = super().counted(meter)
        if self.sparse_jacobian is None:
            return system
        return dataclasses.replace(
            system, sparse_jacobian=Derivative(self.sparse_jacobian, meter, Counter.NJEV))


def sparse_newton(equations: Callable[[Vector], Vector], jacobian: SparseJacobian,
                  x0: ArrayLike, tol: float = SOLVE_TOL, max_iter: int = 50) -> Vector:
    """Newton's method ``x <- x - J(x)^-1 F(x)`` with a sparse direct solve, to ``||F|| <= tol``.

    Raises
    ------
    RuntimeError
        If ``max_iter`` steps do not reach ``tol`` (a wrong system, not user input).

    Examples
    --------
    >>> root = sparse_newton(lambda x: x**2 - 4.0, lambda x: sparse.diags(2.0 * x).tocsr(),
    ...                      [1.0, 3.0])
    >>> root.round(12).tolist()
    [2.0, 2.0]
    """
    x = np.array(x0, dtype=float)
    for _ in range(max_iter):
        f = equations(x)
        if np.linalg.norm(f) <= tol:
            return x
        x = x - spsolve(jacobian(x).tocsc(), f)
    raise RuntimeError(f"sparse Newton did not reach ||F|| <= {tol} in {max_iter} steps")


def _dense(jacobian: SparseJacobian, x: Vector) -> Matrix:
    return jacobian(x).toarray()


def _frozen_root(equations: Callable[[Vector], Vector], jacobian: SparseJacobian,
                 x0: ArrayLike) -> Vector:
    root = sparse_newton(equations, jacobian, x0)
    root.flags.writeable = False
    return root


def _large_system(name: str, equations: Callable[[Vector], Vector], jacobian: SparseJacobian,
                  x0: ArrayLike, solution: Vector, source: str) -> SparseEquationSystem:
    """The system with its sparse J, the dense one up to `DENSE_LIMIT`, initpt's factors."""
    start = np.asarray(x0, dtype=float)
    dense = functools.partial(_dense, jacobian) if start.size <= DENSE_LIMIT else None
    return SparseEquationSystem(
        name=name, equations=equations, x0=start, source=source, jacobian=dense,
        solutions=(solution,), extra_starts=minpack_starts(start) if np.any(start) else (),
        sparse_jacobian=jacobian)


def _grid(n: int) -> tuple[float, Vector]:
    h = 1.0 / (n + 1.0)
    return h, h * np.arange(1.0, n + 1.0)


def broyden_tridiagonal_jacobian(x: Vector) -> SparseMatrix:
    """Broyden's tridiagonal system's Jacobian, CSR: ``3 - 4 x_i``, -1 below, -2 above.

    Examples
    --------
    >>> broyden_tridiagonal_jacobian(np.zeros(3)).toarray().tolist()
    [[3.0, -2.0, 0.0], [-1.0, 3.0, -2.0], [0.0, -1.0, 3.0]]
    """
    off = np.ones(x.size - 1)
    return sparse.diags([-off, 3.0 - 4.0 * x, -2.0 * off], [-1, 0, 1], format="csr")


def boundary_value_jacobian(x: Vector) -> SparseMatrix:
    """The discrete boundary value system's Jacobian, CSR: tridiagonal, -1 off the diagonal.

    The diagonal is ``2 + 3 h**2 (x_i + t_i + 1)**2 / 2``.

    Examples
    --------
    >>> boundary_value_jacobian(np.array([-1.5])).toarray().tolist()  # h = t = 1/2
    [[2.0]]
    """
    h, t = _grid(x.size)
    off = np.ones(x.size - 1)
    diagonal = 2.0 + 1.5 * h * h * (x + t + 1.0) ** 2
    return sparse.diags([-off, diagonal, -off], [-1, 0, 1], format="csr")


@functools.cache
def _mgh_solution(spec: str, jacobian: SparseJacobian) -> Vector:
    lsq = get_sum_of_squares(spec)
    return _frozen_root(lsq.sumsq.residuals, jacobian, lsq.x0)


def _large_mgh(name: str, n: int, mgh_name: str, number: int, mgh: int,
               jacobian: SparseJacobian) -> SparseEquationSystem:
    """MGH's square system ``mgh_name`` at a large n, its solution by `sparse_newton`."""
    spec = f"{mgh_name}[n={n}]"
    lsq = get_sum_of_squares(spec)
    source = (f"{PAPER}, problem ({mgh}), and {GUIDE}, problem {number}, at n = {n}; F is "
              f"{mgh_name}'s residuals; x0 and the starts 10 x0, 100 x0 as MINPACK's initpt; "
              f"the solution is computed at construction by Newton's method with the exact "
              f"sparse Jacobian (scipy.sparse.linalg.spsolve) from x0 to ||F|| <= "
              f"{SOLVE_TOL:g}")
    return _large_system(name, lsq.sumsq.residuals, jacobian, lsq.x0,
                         _mgh_solution(spec, jacobian), source)


@register_equation_system("eq-broyden-tridiagonal-large",
                          "Broyden tridiagonal, n = 1000 or 5000, sparse, computed solution")
def eq_broyden_tridiagonal_large(n: Variables = 1000) -> SparseEquationSystem:
    """Broyden's tridiagonal system (MINPACK-1 vecfcn 13, MGH 30) at large n, x0 = -1.

    ``f_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1``, ``x_0 = x_{n+1} = 0``; the
    solution is computed (module docstring); away from the ends it is near -1/sqrt(2),
    the root of ``-2 x**2 + 1 = 0``.

    Parameters
    ----------
    n : int
        1000 or 5000.

    Examples
    --------
    >>> s = eq_broyden_tridiagonal_large()
    >>> round(float(s.solutions[0][500]), 6)
    -0.707107
    """
    name = "eq-broyden-tridiagonal-large"
    require_size(name, n, BROYDEN_SIZES, "the sizes whose solution optbench computes")
    return _large_mgh(name, n, "mgh-broyden-tridiagonal", 13, 30,
                      broyden_tridiagonal_jacobian)


@register_equation_system("eq-discrete-boundary-value-large",
                          "discrete boundary value, n = 1000, sparse, computed solution")
def eq_discrete_boundary_value_large() -> SparseEquationSystem:
    """The discrete boundary value system (MINPACK-1 vecfcn 9, MGH 28) at n = 1000.

    ``f_i = 2 x_i - x_{i-1} - x_{i+1} + h**2 (x_i + t_i + 1)**3 / 2``, ``h = 1/(n+1)``,
    ``t_i = i h``, ``x_0 = x_{n+1} = 0``: the two-point problem ``u'' = (u + t + 1)**3 / 2``,
    ``u(0) = u(1) = 0``, by central differences times h**2; x0 with ``x_j = t_j (t_j - 1)``.

    Pitfall: the factor h**2 makes F small. ||F(x0)|| is 3.6e-5, and the Jacobian's
    smallest singular value 1.3e-5 (near pi**2 h**2), so ||F|| <= 1e-6 (optbench's success
    test) allows x far from x*, and absolute tolerances on F (the nonlin methods' f_tol
    6e-6 on the max norm) may stop early: read x_error too. At n = 5000 ||F(x0)|| is
    3.2e-6, too near 1e-6 to measure anything, so that size is not offered.

    Examples
    --------
    >>> s = eq_discrete_boundary_value_large()
    >>> round(float(s.solutions[0].min()), 4)
    -0.1716
    """
    return _large_mgh("eq-discrete-boundary-value-large", 1000, "mgh-discrete-boundary-value",
                      9, 28, boundary_value_jacobian)


@functools.cache
def _laplacian(grid: int) -> SparseMatrix:
    """The 5-point Laplacian times h**2 on a grid x grid interior grid, zero boundary values."""
    ones = np.ones(grid)
    second = sparse.diags([-ones[1:], 2.0 * ones, -ones[1:]], [-1, 0, 1])
    eye = sparse.identity(grid)
    return (sparse.kron(eye, second) + sparse.kron(second, eye)).tocsr()


@dataclass(frozen=True)
class Bratu:
    """Bratu's problem ``-Δu - λ exp(u) = 0`` on the unit square, u = 0 on the boundary.

    Discretised by 5-point differences on a ``grid x grid`` interior grid, ``h = 1 /
    (grid + 1)``, and scaled by h**2: ``F_ij = 4 u_ij - u_{i-1,j} - u_{i+1,j} - u_{i,j-1}
    - u_{i,j+1} - h**2 λ exp(u_ij)``, unknowns ordered row by row.

    Parameters
    ----------
    grid : int
        Interior points on a side (n = grid**2).
    lam : float
        λ; solutions exist for λ up to about 6.808.

    Examples
    --------
    >>> b = Bratu(grid=1, lam=0.0)
    >>> b.equations(np.array([1.0])).tolist(), b.jacobian(np.array([1.0])).toarray().tolist()
    ([4.0], [[4.0]])
    """

    grid: int = 32
    lam: float = 6.0

    @property
    def weight(self) -> float:
        """``h**2 λ``."""
        return self.lam / (self.grid + 1.0) ** 2

    def equations(self, u: Vector) -> Vector:
        """``h**2 (-Δ_h u) - h**2 λ exp(u)``."""
        return _laplacian(self.grid) @ u - self.weight * np.exp(u)

    def jacobian(self, u: Vector) -> SparseMatrix:
        """``h**2 (-Δ_h) - diag(h**2 λ exp(u))``, CSR."""
        return (_laplacian(self.grid) - sparse.diags(self.weight * np.exp(u))).tocsr()


@functools.cache
def _bratu_solution(bratu: Bratu) -> Vector:
    return _frozen_root(bratu.equations, bratu.jacobian, np.zeros(bratu.grid**2))


BRATU_SOURCE = (
    "Bratu's problem -Δu - λ exp(u) = 0 on (0, 1)**2, u = 0 on the boundary (the solid fuel "
    "ignition problem): Moré (1989), A collection of nonlinear model problems, Argonne "
    "MCS-P60-0289, problem 3, as CUTEst's BRATU2D; 5-point differences on a 32 x 32 interior "
    "grid (n = 1024, h = 1/33), F scaled by h**2 as in BRATU2D; λ = 6, below the critical "
    "λ* = 6.80812 beyond which no solution exists (CUTEst's BRATU2DT, 'at the turning "
    "point'); x0 = 0 (BRATU2D's start); the solution, the lower (stable) branch, is computed "
    "at construction by Newton's method with the exact sparse Jacobian "
    f"(scipy.sparse.linalg.spsolve) from x0 to ||F|| <= {SOLVE_TOL:g}")


@register_equation_system("eq-bratu-large",
                          "Bratu -Δu = 6 exp(u), 32 x 32 grid, n = 1024, sparse, computed")
def eq_bratu_large() -> SparseEquationSystem:
    """Bratu's problem (`Bratu`) on a 32 x 32 interior grid with λ = 6, x0 = 0.

    The solution is the lower-branch one that Newton's method reaches from 0; λ = 6 is
    below the critical 6.80812... (beyond it there is no solution, at it two branches
    meet), so the Jacobian there is nonsingular but the problem is markedly nonlinear.

    Examples
    --------
    >>> s = eq_bratu_large()
    >>> s.x0.size, round(float(s.solutions[0].max()), 4)
    (1024, 0.7954)
    """
    bratu = Bratu()
    return _large_system("eq-bratu-large", bratu.equations, bratu.jacobian,
                         np.zeros(bratu.grid**2), _bratu_solution(bratu), BRATU_SOURCE)


#: The canonical specs of the large sparse systems.
LARGE_SYSTEMS: tuple[str, ...] = (
    "eq-broyden-tridiagonal-large", "eq-broyden-tridiagonal-large[n=5000]",
    "eq-discrete-boundary-value-large", "eq-bratu-large")

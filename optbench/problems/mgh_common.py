"""What the Moré, Garbow & Hillstrom problems share: citation, starts and option checks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from optbench.problems.sumsq import Jacobian, LeastSquaresProblem, Residuals, SumOfSquares

PAPER = ("Moré, Garbow & Hillstrom (1981), Testing unconstrained optimization software, "
         "ACM TOMS 7(1):17-41")

#: How optbench computed f* where the paper prints only its leading digits.
REFINED = ("refined by optbench to full precision: the best of scipy's least_squares (lm "
           "and trf, tolerances 1e-15) from x0, evaluated and polished by damped "
           "Gauss-Newton in 40-digit arithmetic (mpmath); it agrees with the published digits")


def mgh_problem(name: str, number: int, residuals: Residuals, jacobian: Jacobian,
                x0: ArrayLike, f_opt: float, note: str,
                x_opt: Sequence[ArrayLike] = ()) -> LeastSquaresProblem:
    """An MGH problem with the standard start and MINPACK's further starts 10 x0 and 100 x0.

    Where x0 = 0 (Watson's function) the scaled starts would repeat x0 and are left
    out, so further starts are the seeded perturbations of `Problem.starts`.

    Parameters
    ----------
    name : str
        The registered name.
    number : int
        The problem's number (and equation) in the paper's section 3.
    residuals, jacobian : callable
        ``r(x)`` and ``J(x)``; the problem is ``f = sum r_i**2``.
    x0 : array_like
        The paper's standard start.
    f_opt : float
        The certified f*.
    note : str
        Where f* comes from, appended to the citation in ``source``.
    x_opt : sequence of array_like
        Known minimisers.

    Examples
    --------
    >>> p = mgh_problem("line", 0, lambda x: x, lambda x: np.eye(1), [1.0], 0.0, "f* = 0")
    >>> [s.tolist() for s in p.extra_starts], p.source.endswith("problem (0); f* = 0")
    ([[10.0], [100.0]], True)
    """
    start = np.asarray(x0, dtype=float)
    scaled = (10.0 * start, 100.0 * start) if np.any(start) else ()
    return LeastSquaresProblem(
        name=name,
        sumsq=SumOfSquares(residuals, jacobian),
        x0=start,
        f_opt=f_opt,
        source=f"{PAPER}, problem ({number}); {note}",
        x_opt=tuple(x_opt),
        extra_starts=scaled,
    )

"""The 27 NIST StRD nonlinear regression problems, with analytic Jacobians.

Each dataset is a sum of squares ``f(b) = sum r_i(b)**2 = RSS`` (NIST's residual sum
of squares, not half of it), so that f* is NIST's certified RSS exactly. The residuals
are ``r_i = y_i - model(b, x_i)``; for Nelson ``r_i = log(y_i) - model(b, x_i)``, as
NIST fits ``log[y]``. x0 is NIST's start 1 and the one extra start is start 2; x* is
the certified parameter vector. Data and certified values: `optbench.problems.nist_data`,
from the ``.dat`` files of https://www.itl.nist.gov/div898/strd/nls/ (public domain).

Lanczos1's certified RSS, 1.4307867721e-25, cannot be reproduced from its 11-digit
certified parameters (they give about 1e-21 in double precision): judge it by parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypedDict, cast

import numpy as np
from numpy.typing import NDArray

from optbench.families import NIST
from optbench.problems.base import Vector
from optbench.problems.nist_data import DATASETS
from optbench.problems.sumsq import (
    LeastSquaresProblem,
    Matrix,
    SumOfSquares,
    register_sum_of_squares,
)

#: Registers a sum of squares of this module's family.
register = functools.partial(register_sum_of_squares, NIST)

Data = NDArray[np.float64]
#: ``model(b, x) -> (values, Jacobian of the values with respect to b)``.
Model = Callable[[Vector, Data], tuple[Vector, Matrix]]


class _Dataset(TypedDict):
    """One entry of the generated `optbench.problems.nist_data.DATASETS` (see there)."""

    level: str
    model: str
    y: tuple[float, ...]
    x: tuple[float, ...] | tuple[tuple[float, ...], ...]
    start1: tuple[float, ...]
    start2: tuple[float, ...]
    certified: tuple[float, ...]
    std_dev: tuple[float, ...]
    rss: float


#: The generated data with its schema; mypy infers the entries as ``dict[str, object]``.
_DATASETS = cast(Mapping[str, _Dataset], DATASETS)

SOURCE = ("NIST Statistical Reference Datasets, nonlinear regression, "
          "https://www.itl.nist.gov/div898/strd/nls/ (file {file}.dat): certified "
          "parameters and residual sum of squares; f = RSS = sum r_i**2")


def _exponential_rise(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e = np.exp(-b[1] * x)
    return b[0] * (1.0 - e), np.column_stack([1.0 - e, b[0] * x * e])


def _chwirut(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e, d = np.exp(-b[0] * x), b[1] + b[2] * x
    value = e / d
    return value, np.column_stack([-x * value, -value / d, -x * value / d])


def _exponentials(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    """``sum_k b[2k] exp(-b[2k+1] x)`` (Lanczos)."""
    columns, value = [], np.zeros_like(x)
    for a, rate in zip(b[0::2], b[1::2], strict=True):
        e = np.exp(-rate * x)
        value = value + a * e
        columns += [e, -a * x * e]
    return value, np.column_stack(columns)


def _gauss(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e = np.exp(-b[1] * x)
    value, columns = b[0] * e, [e, -b[0] * x * e]
    for a, centre, width in (b[2:5], b[5:8]):
        u = (x - centre) / width
        g = np.exp(-u * u)
        value = value + a * g
        columns += [g, a * g * 2.0 * u / width, a * g * 2.0 * u * u / width]
    return value, np.column_stack(columns)


def _misra1b(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    s = 1.0 + b[1] * x / 2.0
    return b[0] * (1.0 - s**-2), np.column_stack([1.0 - s**-2, b[0] * x * s**-3])


def _misra1c(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    s = 1.0 + 2.0 * b[1] * x
    return b[0] * (1.0 - s**-0.5), np.column_stack([1.0 - s**-0.5, b[0] * x * s**-1.5])


def _misra1d(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    s = 1.0 + b[1] * x
    return b[0] * b[1] * x / s, np.column_stack([b[1] * x / s, b[0] * x / s**2])


def _rational(degree: int) -> Model:
    """``(b1 + ... + b_{d+1} x**d) / (1 + b_{d+2} x + ...)`` with numerator degree d."""

    def model(b: Vector, x: Data) -> tuple[Vector, Matrix]:
        powers = np.vander(x, b.size - degree, increasing=True)
        numerator = powers[:, : degree + 1] @ b[: degree + 1]
        denominator = 1.0 + powers[:, 1:] @ b[degree + 1:]
        value = numerator / denominator
        return value, np.column_stack([powers[:, : degree + 1] / denominator[:, None],
                                       -powers[:, 1:] * (value / denominator)[:, None]])

    return model


def _nelson(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    x1, x2 = x[:, 0], x[:, 1]
    e = np.exp(-b[2] * x2)
    return b[0] - b[1] * x1 * e, np.column_stack([np.ones_like(x1), -x1 * e, b[1] * x1 * x2 * e])


def _mgh17(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e4, e5 = np.exp(-x * b[3]), np.exp(-x * b[4])
    return (b[0] + b[1] * e4 + b[2] * e5,
            np.column_stack([np.ones_like(x), e4, e5, -b[1] * x * e4, -b[2] * x * e5]))


def _roszman1(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    d = x - b[3]
    q = 1.0 / (np.pi * (d * d + b[2] ** 2))
    return (b[0] - b[1] * x - np.arctan(b[2] / d) / np.pi,
            np.column_stack([np.ones_like(x), -x, -d * q, -b[2] * q]))


def _enso(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    w = 2.0 * np.pi * x
    c0, s0 = np.cos(w / 12.0), np.sin(w / 12.0)
    value, columns = b[0] + b[1] * c0 + b[2] * s0, [np.ones_like(x), c0, s0]
    for period, a, s in (b[3:6], b[6:9]):
        c, sn = np.cos(w / period), np.sin(w / period)
        value = value + a * c + s * sn
        columns += [(a * sn - s * c) * w / period**2, c, sn]
    return value, np.column_stack(columns)


def _mgh09(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    numerator, denominator = x * x + x * b[1], x * x + x * b[2] + b[3]
    value = b[0] * numerator / denominator
    return value, np.column_stack([numerator / denominator, b[0] * x / denominator,
                                   -value * x / denominator, -value / denominator])


def _rat42(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e = np.exp(b[1] - b[2] * x)
    value = b[0] / (1.0 + e)
    g = value * e / (1.0 + e)
    return value, np.column_stack([1.0 / (1.0 + e), -g, x * g])


def _mgh10(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    s = x + b[2]
    value = b[0] * np.exp(b[1] / s)
    return value, np.column_stack([value / b[0], value / s, -value * b[1] / s**2])


def _eckerle4(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    u = (x - b[2]) / b[1]
    value = b[0] / b[1] * np.exp(-0.5 * u * u)
    return value, np.column_stack([value / b[0], value * (u * u - 1.0) / b[1],
                                   value * u / b[1]])


def _rat43(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    e = np.exp(b[1] - b[2] * x)
    s = 1.0 + e
    value = b[0] * s ** (-1.0 / b[3])
    g = -value / b[3] * e / s
    return value, np.column_stack([value / b[0], g, -x * g, value * np.log(s) / b[3] ** 2])


def _bennett5(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    s = b[1] + x
    value = b[0] * s ** (-1.0 / b[2])
    return value, np.column_stack([value / b[0], -value / (b[2] * s),
                                   value * np.log(s) / b[2] ** 2])


def _danwood(b: Vector, x: Data) -> tuple[Vector, Matrix]:
    p = x ** b[1]
    return b[0] * p, np.column_stack([p, b[0] * p * np.log(x)])


#: NIST's file name -> the model ``y = model(b, x)`` (Nelson: ``log y``).
MODELS: dict[str, Model] = {
    "Misra1a": _exponential_rise, "Chwirut2": _chwirut, "Chwirut1": _chwirut,
    "Lanczos3": _exponentials, "Gauss1": _gauss, "Gauss2": _gauss, "DanWood": _danwood,
    "Misra1b": _misra1b, "Kirby2": _rational(2), "Hahn1": _rational(3), "Nelson": _nelson,
    "MGH17": _mgh17, "Lanczos1": _exponentials, "Lanczos2": _exponentials, "Gauss3": _gauss,
    "Misra1c": _misra1c, "Misra1d": _misra1d, "Roszman1": _roszman1, "ENSO": _enso,
    "MGH09": _mgh09, "Thurber": _rational(3), "BoxBOD": _exponential_rise, "Rat42": _rat42,
    "MGH10": _mgh10, "Eckerle4": _eckerle4, "Rat43": _rat43, "Bennett5": _bennett5,
}


@dataclass(frozen=True)
class NistFit:
    """The residuals ``r = y - model(b, x)`` of one dataset and their Jacobian ``-dmodel/db``.

    Examples
    --------
    >>> fit = NistFit(_danwood, np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    >>> b = np.array([1.0, 2.0])
    >>> fit.residuals(b).tolist(), np.round(fit.jacobian(b)[1], 6).tolist()
    ([0.0, 0.0], [-4.0, -2.772589])
    """

    model: Model
    x: Data
    y: Data

    def residuals(self, b: Vector) -> Vector:
        """``y - model(b, x)``."""
        return self.y - self.model(np.asarray(b, dtype=float), self.x)[0]

    def jacobian(self, b: Vector) -> Matrix:
        """``d r / d b = -d model / d b``, of shape (observations, parameters)."""
        return -self.model(np.asarray(b, dtype=float), self.x)[1]


#: Datasets whose certified RSS is not comparable (see the module docstring): a report
#: judges them by their parameters only.
RSS_BY_PARAMETERS = frozenset({"Lanczos1"})


def problem_name(dataset: str) -> str:
    """The registered name of a NIST dataset: ``nist-`` and its file name in lower case."""
    return f"nist-{dataset.lower()}"


def nist_problem(dataset: str) -> LeastSquaresProblem:
    """The residual form of the NIST StRD dataset ``dataset`` (its file name, e.g. ``Misra1a``).

    Examples
    --------
    >>> p = nist_problem("Misra1a")
    >>> p.name, p.f_opt, [s.tolist() for s in p.extra_starts]
    ('nist-misra1a', 0.12455138894, [[250.0, 0.0005]])
    """
    data = _DATASETS[dataset]
    y = np.array(data["y"], dtype=float)
    fit = NistFit(MODELS[dataset], np.array(data["x"], dtype=float),
                  np.log(y) if dataset == "Nelson" else y)
    return LeastSquaresProblem(
        name=problem_name(dataset),
        sumsq=SumOfSquares(fit.residuals, fit.jacobian),
        x0=np.array(data["start1"], dtype=float),
        f_opt=float(data["rss"]),
        source=SOURCE.format(file=dataset),
        x_opt=(np.array(data["certified"], dtype=float),),
        extra_starts=(np.array(data["start2"], dtype=float),),
        reference={"dataset": dataset, "level": data["level"],
                   "order": list(MODELS).index(dataset),
                   "rss_comparable": dataset not in RSS_BY_PARAMETERS},
    )


def _register(dataset: str) -> None:
    data = _DATASETS[dataset]
    summary = (f"NIST StRD {dataset} ({data['level']}), n = {len(data['start1'])}, "
               f"m = {len(data['y'])}, RSS* = {data['rss']:.11g}")

    def factory() -> LeastSquaresProblem:
        return nist_problem(dataset)

    factory.__doc__ = f"NIST StRD {dataset}: {data['model']}"
    register(problem_name(dataset), summary)(factory)


for _dataset in MODELS:
    _register(_dataset)

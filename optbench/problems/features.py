"""Robustness features: transforms of any registered problem, named after ``@``.

``mgh-rosenbrock@noisy[sigma=1e-3,kind=additive]`` is MGH's Rosenbrock function with
Gaussian noise; ``mgh-rosenbrock@rotated`` the same function in a seeded orthogonal
change of variables; features chain from left to right (``p@rotated@noisy``). They
follow OptiProfiler's features (Huang, Ragonneau & Zhang: ``plain``, ``perturbed_x0``,
``noisy``, ``truncated``, ``permuted``, ``linearly_transformed``, ``random_nan``,
``quantized``; https://github.com/optiprofiler/optiprofiler,
``python/optiprofiler/feature_definitions.py``), with optbench's certified answers and
derivative counts kept:

================  ==========================================================  ==========
feature           definition (f, g: the base problem's value and gradient)    f*
================  ==========================================================  ==========
plain             f unchanged                                                 certified
perturbed-x0      x0 + sigma max(1, ||x0||) d / ||d||, d ~ N(0, I)            certified
permuted          f~(y) = f(y[p]), p a seeded permutation                     certified
rotated           f~(y) = f(Q y), Q orthogonal: QR of a Gaussian matrix       certified
noisy             additive f + sigma e; multiplicative f (1 + sigma e)         true f
truncated         f rounded to ``digits`` significant digits                  true f
random-nan        NaN with probability p, else f                              true f
quantized         f~(x) = f(step round(x / step))                             true f
================  ==========================================================  ==========

**Seeds.** A run's instance is drawn from its *feature seed* (`optbench.runner.Task.
feature_seed`: the first 8 bytes of SHA-256 of ``[seed, problem, start]``, the solver
left out, so every solver meets the same instance of a start); feature ``i`` of the
chain draws from ``SeedSequence([feature_seed, i])``. Values that vary with the point
(noise, NaNs) draw from ``SeedSequence([feature_seed, i, h(x)])``, ``h(x)`` the first 8
bytes of BLAKE2b of x's float64 bytes: f~ is a fixed function of x (the same point
gives the same value within a run, and in a repeat with the same seed), as
OptiProfiler seeds its noise from the point.

**Derivatives.** Changes of variables transform them exactly (``Q.T g(Q y)``,
``Q.T H(Q y) Q``) and keep the residual form (``r(Q y)``, ``J(Q y) Q``). ``noisy``
perturbs the gradient with the same kind of noise, independent per component
(additive ``g + sigma e_g``, multiplicative ``g * (1 + sigma e_g)``, ``e_g`` the next n
normals after f's); ``truncated`` rounds each gradient component to the same digits;
``random-nan`` makes the gradient NaN where f is; ``quantized`` gives ``g`` at the
quantized point. Those four drop Hessians and the residual form, which the perturbed f
no longer is the sum of squares of.

**Accuracy.** A run is measured on the true function
(`optbench.problems.base.Problem.true_value`): under the four value features the
record's ``fun``, ``f - f*`` and ``success`` are of the exact f at the returned point,
and its trace records the exact f at each point the solver evaluated (as OptiProfiler's
histories record the original problem's values; `optbench.instrument.Instrument`), so
targets, profiles and ECDFs read progress on the true function, not lucky noise.
``x_error`` maps the point back to the base problem's coordinates, in which the stored
x* is given.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from optbench.errors import OptbenchError
from optbench.families import ROBUSTNESS
from optbench.kinds import Kind
from optbench.limits import Digits, GridStep, NoiseLevel, Probability
from optbench.problems.base import Problem, Vector
from optbench.registry import Registry
from optbench.spec import split_outside_brackets

Matrix = NDArray[np.float64]
#: A feature's random stream: ``(feature seed, position in the chain)``.
Key = tuple[int, int]


@dataclass(frozen=True)
class Feature:
    """A transform of a problem (`FEATURES` builds them from ``name[options]``).

    ``definition`` is the one line that `optbench list` and the docs show;
    ``keeps_f`` says whether the solver sees the exact f (the value is certified as it
    is: plain, perturbed-x0, permuted, rotated) or a perturbed one, whose runs are
    measured on the true function.
    """

    name: str = ""
    definition: str = ""
    keeps_f: bool = True
    stochastic: bool = True

    def apply(self, problem: Problem, x0: Vector, key: Key) -> tuple[Problem, Vector]:
        """The problem and start under this feature, from the random stream ``key``."""
        return problem, x0

    def check(self, problem: Problem) -> None:
        """Refuse a problem the feature cannot transform (`OptbenchError`, one line)."""
        if problem.kind not in {Kind.MINIMIZE, Kind.CONSTRAINED, Kind.GLOBAL}:
            raise OptbenchError(f"feature {self.name!r} applies to minimisation problems; "
                                f"{problem.name!r} is of kind {problem.kind.value}")


#: Every robustness feature, by name; options are typed and ranged as solvers' are.
FEATURES: Registry[Feature] = Registry("feature")


def point_hash(x: Vector) -> int:
    """The first 8 bytes of BLAKE2b of ``x``'s float64 bytes, as an integer: what seeds
    the values that vary with the point.

    Examples
    --------
    >>> point_hash(np.array([1.0, 2.0])) == point_hash(np.array([1.0, 2.0]))
    True
    """
    data = np.ascontiguousarray(x, dtype=np.float64).tobytes()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def point_rng(key: Key, x: Vector) -> np.random.Generator:
    """The generator of the values a feature draws at ``x``: ``SeedSequence([*key, h(x)])``."""
    return np.random.default_rng(np.random.SeedSequence([*key, point_hash(x)]))


def stage_rng(key: Key) -> np.random.Generator:
    """The generator of what a feature draws once per instance: ``SeedSequence(key)``."""
    return np.random.default_rng(np.random.SeedSequence(list(key)))


# --- features that keep f ----------------------------------------------------------


@dataclass(frozen=True)
class Plain(Feature):
    """The problem unchanged (OptiProfiler's ``plain``): the baseline of a comparison."""

    def apply(self, problem: Problem, x0: Vector, key: Key) -> tuple[Problem, Vector]:
        return problem, x0


@FEATURES.register("plain", "the problem unchanged: the baseline (f* certified)")
def plain() -> Feature:
    """The problem unchanged; ``base@plain`` runs in the robustness family beside its
    transforms."""
    return Plain(definition="f~ = f", stochastic=False)


@dataclass(frozen=True)
class PerturbedX0(Feature):
    """The start moved by ``sigma * max(1, ||x0||)`` in a uniformly random direction."""

    sigma: float = 1e-3

    def apply(self, problem: Problem, x0: Vector, key: Key) -> tuple[Problem, Vector]:
        d = stage_rng(key).standard_normal(x0.size)
        norm = float(np.linalg.norm(d))
        step = d / norm if norm > 0 else d
        return problem, x0 + self.sigma * max(1.0, float(np.linalg.norm(x0))) * step


@FEATURES.register("perturbed-x0", "the start moved by sigma max(1, ||x0||) in a random "
                   "direction (f* certified)")
def perturbed_x0(sigma: NoiseLevel = 1e-3) -> Feature:
    """OptiProfiler's ``perturbed_x0`` (spherical): ``x0 + sigma max(1, ||x0||) d/||d||``,
    ``d`` standard normal from the feature seed; f, its derivatives and f* unchanged.

    Parameters
    ----------
    sigma : float
        The relative size of the move (OptiProfiler's default 1e-3).
    """
    return PerturbedX0(definition="x0~ = x0 + sigma max(1, ||x0||) d / ||d||, d ~ N(0, I)",
                       sigma=sigma)


@dataclass(frozen=True)
class ChangeOfVariables(Feature):
    """``f~(y) = f(B y)`` for a seeded orthogonal ``B`` (`matrix`): f* is kept, x* is
    ``B.T x*``, and every derivative and the residual form are transformed exactly."""

    def matrix(self, n: int, key: Key) -> Matrix:
        """The orthogonal matrix ``B`` of an instance."""
        raise NotImplementedError

    def check(self, problem: Problem) -> None:
        super().check(problem)
        if problem.constraints:
            raise OptbenchError(f"feature {self.name!r} does not transform constraints; "
                                f"{problem.name!r} has some")

    def new_bounds(self, problem: Problem,
                   b: Matrix) -> tuple[tuple[float | None, float | None], ...] | None:
        """The bounds in the new variables."""
        if problem.bounds is not None:
            raise OptbenchError(f"feature {self.name!r} does not keep a box; "
                                f"{problem.name!r} has bounds")
        return None

    def apply(self, problem: Problem, x0: Vector, key: Key) -> tuple[Problem, Vector]:
        b = self.matrix(x0.size, key)
        return changed_variables(problem, b, self.new_bounds(problem, b)), b.T @ x0


@dataclass(frozen=True)
class Permuted(ChangeOfVariables):
    """The variables in a seeded order: ``B = I[p]``, ``(B y)_i = y_{p_i}``."""

    def matrix(self, n: int, key: Key) -> Matrix:
        return np.eye(n)[stage_rng(key).permutation(n)]

    def new_bounds(self, problem: Problem,
                   b: Matrix) -> tuple[tuple[float | None, float | None], ...] | None:
        if problem.bounds is None:
            return None
        order = np.argmax(b, axis=1)  # x_i = y_{order[i]}
        bounds: list[tuple[float | None, float | None]] = [(None, None)] * len(order)
        for i, j in enumerate(order):
            bounds[int(j)] = problem.bounds[i]
        return tuple(bounds)


@FEATURES.register("permuted", "the variables in a seeded order: f~(y) = f(y[p]) "
                   "(f* certified)")
def permuted() -> Feature:
    """OptiProfiler's ``permuted``: ``f~(y) = f(y[p])``, ``p`` a permutation drawn from
    the feature seed; the box, if any, is permuted with the variables."""
    return Permuted(definition="f~(y) = f(y[p]), p a seeded permutation")


@dataclass(frozen=True)
class Rotated(ChangeOfVariables):
    """A Haar-distributed orthogonal ``Q``: the QR factors of a standard normal matrix,
    the columns of ``Q`` signed so that ``R`` has a positive diagonal."""

    def matrix(self, n: int, key: Key) -> Matrix:
        return rotation(n, stage_rng(key))


def rotation(n: int, rng: np.random.Generator) -> Matrix:
    """A Haar-distributed orthogonal n x n matrix from ``rng``: ``Q`` of the QR of a
    standard normal matrix, times the signs of ``diag(R)`` (Mezzadri 2007).

    Examples
    --------
    >>> q = rotation(3, np.random.default_rng(0))
    >>> bool(np.allclose(q.T @ q, np.eye(3)))
    True
    """
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0
    return np.asarray(q * signs, dtype=float)


@FEATURES.register("rotated", "a seeded orthogonal change of variables: f~(y) = f(Q y) "
                   "(f* certified)")
def rotated() -> Feature:
    """OptiProfiler's ``linearly_transformed`` (rotated, condition factor 0):
    ``f~(y) = f(Q y)``, ``Q`` orthogonal from the QR of a Gaussian matrix drawn from the
    feature seed (`rotation`). Problems with a box or constraints are refused: a rotated
    box is a set of general linear constraints."""
    return Rotated(definition="f~(y) = f(Q y), Q orthogonal: QR of a Gaussian matrix")


def changed_variables(problem: Problem, b: Matrix,
                      bounds: tuple[tuple[float | None, float | None], ...] | None) -> Problem:
    """``problem`` in the variables ``y`` with ``x = b @ y`` (``b`` orthogonal).

    Derivatives: ``b.T g(b y)``, ``b.T H(b y) b``, ``b.T Hp(b y, b p)``. A residual form
    becomes ``r(b y)`` with Jacobian ``J(b y) b``; other forms are dropped. The known
    minimisers stay in the base coordinates, and ``x_canonical`` maps a point there.
    """
    from optbench.problems.sumsq import LeastSquaresProblem, SumOfSquares

    fun, grad, both = problem.fun, problem.grad, problem.fun_and_grad
    hess, hessp, true_fun = problem.hess, problem.hessp, problem.true_fun
    canonical = problem.x_canonical

    def new_fun(y: Vector) -> float:
        return fun(b @ y)

    def new_grad(y: Vector) -> Vector:
        assert grad is not None
        return b.T @ grad(b @ y)

    def new_both(y: Vector) -> tuple[float, Vector]:
        assert both is not None
        f, g = both(b @ y)
        return f, b.T @ g

    def new_hess(y: Vector) -> Matrix:
        assert hess is not None
        return np.asarray(b.T @ np.asarray(hess(b @ y)) @ b, dtype=float)

    def new_hessp(y: Vector, p: Vector) -> Vector:
        assert hessp is not None
        return b.T @ hessp(b @ y, b @ p)

    def new_true(y: Vector) -> float:
        assert true_fun is not None
        return true_fun(b @ y)

    def to_base(y: Vector) -> Vector:
        x = b @ np.asarray(y, dtype=float)
        return x if canonical is None else np.asarray(canonical(x), dtype=float)

    form = problem.form
    if isinstance(form, LeastSquaresProblem):
        residuals, jacobian = form.sumsq.residuals, form.sumsq.jacobian

        def new_residuals(y: Vector) -> Vector:
            return residuals(b @ y)

        def new_jacobian(y: Vector) -> Matrix:
            assert jacobian is not None
            return np.asarray(jacobian(b @ y), dtype=float) @ b

        form = dataclasses.replace(
            form, sumsq=SumOfSquares(new_residuals, None if jacobian is None else new_jacobian),
            x0=b.T @ np.asarray(form.x0, dtype=float), x_opt=(), extra_starts=())
    else:
        form = None
    return dataclasses.replace(
        problem, fun=new_fun, grad=None if grad is None else new_grad,
        fun_and_grad=None if both is None else new_both,
        hess=None if hess is None else new_hess, hessp=None if hessp is None else new_hessp,
        true_fun=None if true_fun is None else new_true, x_canonical=to_base,
        bounds=bounds, form=form, extra_starts=())


# --- features that perturb f (measured on the true function) -----------------------


@dataclass(frozen=True)
class ValueFeature(Feature):
    """A feature that changes the values the solver sees, not the variables: the
    Hessians and the residual form are dropped, and the run is measured on ``true_fun``."""

    keeps_f: bool = False

    def value(self, x: Vector, f: float, key: Key) -> float:
        """f~ at ``x`` from the exact ``f``."""
        raise NotImplementedError

    def gradient(self, x: Vector, g: Vector, key: Key) -> Vector:
        """g~ at ``x`` from the exact ``g``."""
        raise NotImplementedError

    def point(self, x: Vector) -> Vector:
        """Where the base functions are evaluated (``quantized`` moves it)."""
        return x

    def apply(self, problem: Problem, x0: Vector, key: Key) -> tuple[Problem, Vector]:
        fun, grad, both = problem.fun, problem.grad, problem.fun_and_grad
        point = self.point

        def new_fun(x: Vector) -> float:
            return self.value(x, float(fun(point(x))), key)

        def new_grad(x: Vector) -> Vector:
            assert grad is not None
            return self.gradient(x, np.asarray(grad(point(x)), dtype=float), key)

        def new_both(x: Vector) -> tuple[float, Vector]:
            assert both is not None
            f, g = both(point(x))
            return (self.value(x, float(f), key),
                    self.gradient(x, np.asarray(g, dtype=float), key))

        return dataclasses.replace(
            problem, fun=new_fun, grad=None if grad is None else new_grad,
            fun_and_grad=None if both is None else new_both, hess=None, hessp=None,
            form=None, true_fun=problem.true_fun or problem.fun), x0


@dataclass(frozen=True)
class Noisy(ValueFeature):
    """Gaussian noise on f and, of the same kind, on each gradient component."""

    sigma: float = 1e-3
    kind: str = "multiplicative"

    def _draws(self, x: Vector, key: Key) -> Vector:
        # f's draw first, then the gradient's n: fun, grad and fun_and_grad agree.
        return point_rng(key, x).standard_normal(x.size + 1)

    def value(self, x: Vector, f: float, key: Key) -> float:
        e = float(self._draws(x, key)[0])
        return f + self.sigma * e if self.kind == "additive" else f * (1.0 + self.sigma * e)

    def gradient(self, x: Vector, g: Vector, key: Key) -> Vector:
        e = self._draws(x, key)[1:]
        return g + self.sigma * e if self.kind == "additive" else g * (1.0 + self.sigma * e)


@FEATURES.register("noisy", "Gaussian noise on f and its gradient, additive or "
                   "multiplicative (measured on the true f)")
def noisy(sigma: NoiseLevel = 1e-3,
          kind: Literal["additive", "multiplicative"] = "multiplicative") -> Feature:
    """OptiProfiler's ``noisy`` (Gaussian, absolute or relative): ``f + sigma e`` or
    ``f (1 + sigma e)``, ``e`` standard normal drawn at each point from the feature seed
    and the point; the gradient gets the same kind of noise per component, from the
    next n normals of the same stream.

    Parameters
    ----------
    sigma : float
        The noise level (OptiProfiler's default 1e-3).
    kind : {"additive", "multiplicative"}
        Absolute or relative noise.
    """
    rule = "f + sigma e" if kind == "additive" else "f (1 + sigma e)"
    return Noisy(definition=f"f~(x) = {rule}, e ~ N(0, 1) seeded by the point", sigma=sigma,
                 kind=kind)


def significant(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant decimal digits (printed with
    ``%.{digits-1}e`` and read back); zero and non-finite values unchanged.

    Examples
    --------
    >>> significant(3.14159265, 3), significant(-0.000123456, 2)
    (3.14, -0.00012)
    """
    if value == 0.0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits - 1}e}")


@dataclass(frozen=True)
class Truncated(ValueFeature):
    """f and each gradient component rounded to ``digits`` significant digits."""

    digits: int = 6
    stochastic: bool = False

    def value(self, x: Vector, f: float, key: Key) -> float:
        return significant(f, self.digits)

    def gradient(self, x: Vector, g: Vector, key: Key) -> Vector:
        return np.array([significant(float(v), self.digits) for v in g])


@FEATURES.register("truncated", "f and its gradient rounded to digits significant digits "
                   "(measured on the true f)")
def truncated(digits: Digits = 6) -> Feature:
    """OptiProfiler's ``truncated`` (without perturbed trailing digits): f rounded to
    ``digits`` significant decimal digits (`significant`), and each gradient component
    likewise; deterministic, so the seed changes nothing.

    Parameters
    ----------
    digits : int
        Significant digits kept, 1 to 17 (OptiProfiler's default 6).
    """
    return Truncated(definition="f~ = f rounded to digits significant digits", digits=digits)


@dataclass(frozen=True)
class RandomNaN(ValueFeature):
    """NaN with probability ``p`` at each point (the same at the same point), f and its
    gradient together."""

    p: float = 0.05

    def _hit(self, x: Vector, key: Key) -> bool:
        return bool(point_rng(key, x).uniform() < self.p)

    def value(self, x: Vector, f: float, key: Key) -> float:
        return math.nan if self._hit(x, key) else f

    def gradient(self, x: Vector, g: Vector, key: Key) -> Vector:
        return np.full_like(g, math.nan) if self._hit(x, key) else g


@FEATURES.register("random-nan", "f (and its gradient) NaN with probability p at each "
                   "point (measured on the true f)")
def random_nan(p: Probability = 0.05) -> Feature:
    """OptiProfiler's ``random_nan``: at each point, ``u`` uniform on [0, 1) drawn from
    the feature seed and the point; f~ and g~ are NaN where ``u < p``, else f and g.

    Parameters
    ----------
    p : float
        The rate of NaNs (OptiProfiler's default 0.05).
    """
    return RandomNaN(definition="f~(x) = NaN if u(x) < p else f(x), u ~ U[0, 1) seeded by "
                     "the point", p=p)


@dataclass(frozen=True)
class Quantized(ValueFeature):
    """f evaluated at the point rounded to a grid of spacing ``step``."""

    step: float = 1e-3
    stochastic: bool = False

    def point(self, x: Vector) -> Vector:
        return np.asarray(self.step * np.round(np.asarray(x, dtype=float) / self.step),
                          dtype=float)

    def value(self, x: Vector, f: float, key: Key) -> float:
        return f

    def gradient(self, x: Vector, g: Vector, key: Key) -> Vector:
        return g


@FEATURES.register("quantized", "f evaluated at x rounded to a grid of spacing step "
                   "(measured on the true f)")
def quantized(step: GridStep = 1e-3) -> Feature:
    """OptiProfiler's ``quantized`` (absolute mesh, ground truth kept): ``f~(x) =
    f(step round(x / step))``; the gradient is g at the quantized point (the derivative
    of the same limited-resolution code; f~ itself is piecewise constant). Deterministic.

    Parameters
    ----------
    step : float
        The grid spacing (OptiProfiler's default mesh size 1e-3).
    """
    return Quantized(definition="f~(x) = f(step round(x / step))", step=step)


# --- specs and instances ----------------------------------------------------------


def split_features(spec: str) -> tuple[str, list[str]]:
    """Split ``base@feature[...]@...`` at the ``@`` outside brackets.

    Raises
    ------
    OptbenchError
        If a part is empty (``p@``, ``@noisy``).

    Examples
    --------
    >>> split_features("mgh-rosenbrock@noisy[sigma=1e-3,kind=additive]@rotated")
    ('mgh-rosenbrock', ['noisy[sigma=1e-3,kind=additive]', 'rotated'])
    """
    parts = split_outside_brackets(spec, "@")
    if any(not part.strip() for part in parts):
        raise OptbenchError(f"malformed problem name {spec!r}: expected "
                            "problem[options]@feature[options]@...")
    return parts[0].strip(), [part.strip() for part in parts[1:]]


def get_feature(spec: str) -> Feature:
    """The feature that ``spec`` names, its ``name`` the canonical spec.

    Examples
    --------
    >>> get_feature("noisy[sigma=0.01]").name
    'noisy[sigma=0.01]'
    >>> get_feature("noisy[sigma=0]")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: feature 'noisy': option sigma must be > 0 and <= 1e+06; got '0'
    """
    canonical, feature = FEATURES.create(spec)
    return dataclasses.replace(feature, name=canonical)


@dataclass(frozen=True, eq=False)
class FeatureChain:
    """A base problem and the features applied to it, in order: `instance` builds a run's
    problem and start.

    Parameters
    ----------
    name : str
        The canonical spec, ``base@feature[...]...``.
    base : Problem
        The base problem, as the registry builds it.
    features : tuple of Feature
        Applied left to right.
    """

    name: str
    base: Problem
    features: tuple[Feature, ...]

    @property
    def keeps_f(self) -> bool:
        """Whether every feature leaves f exact (f* certified for what the solver sees)."""
        return all(feature.keeps_f for feature in self.features)

    def accuracy_note(self) -> str:
        """What the record's f - f* is of: the problem row's note (``source``)."""
        if self.keeps_f:
            return ("f* certified: the features keep f (x* given in the base problem's "
                    "coordinates, x_error measured after mapping the point back)")
        return ("f - f* measured on the true function at the returned point (the solver "
                "saw perturbed values; x* in the base problem's coordinates)")

    def instance(self, start: int, seed: int, feature_seed: int) -> tuple[Problem, Vector]:
        """The problem and start of one run: the base's start ``start`` (for ``seed``, as
        an untransformed run's), then each feature ``i`` drawn from ``(feature_seed, i)``."""
        problem = self.base
        x0 = problem.starts(start + 1, seed)[start]
        for i, feature in enumerate(self.features):
            problem, x0 = feature.apply(problem, x0, (feature_seed, i))
        reference = {**dict(self.base.reference), "base": self.base.name,
                     "base_family": self.base.family,
                     "features": [feature.name for feature in self.features],
                     "f_measured_on": "f" if self.keeps_f else "true f"}
        return dataclasses.replace(
            problem, name=self.name, family=ROBUSTNESS.name, x0=x0, extra_starts=(),
            source=f"{self.base.source}; {self.accuracy_note()}".lstrip("; "),
            reference=reference, description=self.base.description, features=None), x0


def transformed(spec: str, build: Callable[[str], Problem]) -> Problem:
    """The problem ``base@features`` names (``build`` makes the base): the instance of
    start 0, seed 0 and feature seed 0, carrying its `FeatureChain` for the runs.

    Raises
    ------
    OptbenchError
        For an unknown feature or option, or a problem a feature cannot transform.
    """
    base_spec, feature_specs = split_features(spec)
    base = build(base_spec)
    features = tuple(get_feature(text) for text in feature_specs)
    for feature in features:
        feature.check(base)
    name = "@".join([base.name, *(feature.name for feature in features)])
    chain = FeatureChain(name, base, features)
    problem, _ = chain.instance(0, 0, 0)
    return dataclasses.replace(problem, features=chain)


def describe_features() -> list[tuple[str, str, str]]:
    """``(name, summary, options with defaults)`` of every feature, for `optbench list`."""
    rows = []
    for entry in FEATURES:
        options = ", ".join(f"{name}={p.default}" for name, p in entry.parameters.items())
        rows.append((entry.name, entry.summary, options))
    return rows

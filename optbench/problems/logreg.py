"""The seed's logistic regression (a Theano tutorial), trained on random data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.special import expit

from optbench.families import SEED
from optbench.limits import Seed
from optbench.problems.base import Problem, Vector
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(SEED)

#: f* for the seed's data, from a Newton solve to a gradient norm below 2e-16
#: (shared reference data, logreg_refs.json; re-confirmed by tests/test_logreg.py).
CERTIFIED_F_OPT = {0: 0.11705355426497094, 1234: 0.12734878754233747}


@dataclass(frozen=True)
class LogisticLoss:
    """Mean cross-entropy of a linear classifier plus ``l2 * ||w||**2`` (bias free).

    The parameters are one vector ``[w, b]``; with ``z = X @ w + b`` the loss is
    ``mean(softplus(z) - y * z) + l2 * w @ w``, which equals the seed's
    ``-y log p - (1 - y) log(1 - p)`` with ``p = sigmoid(z)`` but never takes log(0).

    Examples
    --------
    >>> loss = LogisticLoss(np.eye(2), np.array([0.0, 1.0]), l2=0.0)
    >>> round(loss.fun(np.zeros(3)), 6)  # log 2 at w = 0, b = 0
    0.693147
    """

    X: np.ndarray
    y: np.ndarray
    l2: float

    def _margins(self, params: Vector) -> Vector:
        return self.X @ params[:-1] + params[-1]

    def _value(self, params: Vector, z: Vector, decay: Vector) -> float:
        """The loss from margins ``z`` and ``decay = exp(-|z|)``, in (0, 1].

        Each sample's ``softplus(z) - y z`` is computed as ``softplus(s)`` with
        ``s = z`` for ``y = 0`` and ``s = -z`` for ``y = 1`` (equal, since
        softplus(z) - z = softplus(-z)): no overflow, and no cancellation at large margins.
        """
        signed = np.where(self.y == 1.0, -z, z)
        softplus = np.maximum(signed, 0.0) + np.log1p(decay)  # exp(-|signed|) = decay
        w = params[:-1]
        return float(softplus.sum() / self.y.size + self.l2 * (w @ w))

    def _grad(self, params: Vector, z: Vector, decay: Vector) -> Vector:
        """The gradient from margins ``z`` and ``decay = exp(-|z|)``."""
        sigmoid = np.where(z >= 0.0, 1.0, decay) / (1.0 + decay)
        residual = (sigmoid - self.y) / self.y.size
        out = self.X.T @ residual
        out += 2.0 * self.l2 * params[:-1]
        return np.append(out, residual.sum())

    def fun(self, params: Vector) -> float:
        """The loss at ``params``."""
        z = self._margins(params)
        return self._value(params, z, np.exp(-np.abs(z)))

    def grad(self, params: Vector) -> Vector:
        """The analytic gradient at ``params``."""
        z = self._margins(params)
        return self._grad(params, z, np.exp(-np.abs(z)))

    def fun_and_grad(self, params: Vector) -> tuple[float, Vector]:
        """Loss and gradient from one pass over the data: two matrix-vector products and
        one exponential per sample, shared."""
        z = self._margins(params)
        decay = np.exp(-np.abs(z))
        return self._value(params, z, decay), self._grad(params, z, decay)

    def hess(self, params: Vector) -> np.ndarray:
        """The Hessian ``A.T diag(p (1 - p) / N) A + 2 l2 diag(1, ..., 1, 0)``, A = [X 1]."""
        p = expit(self._margins(params))
        weights = p * (1.0 - p) / self.y.size
        design = np.hstack([self.X, np.ones((self.X.shape[0], 1))])
        out = design.T @ (design * weights[:, None])
        out[np.arange(params.size - 1), np.arange(params.size - 1)] += 2.0 * self.l2
        return out

    def hessp(self, params: Vector, vector: Vector) -> Vector:
        """The Hessian times ``vector``, without forming the Hessian."""
        p = expit(self._margins(params))
        weights = p * (1.0 - p) / self.y.size
        a_v = self.X @ vector[:-1] + vector[-1]
        weighted = weights * a_v
        out = np.empty_like(vector, dtype=float)
        out[:-1] = self.X.T @ weighted + 2.0 * self.l2 * vector[:-1]
        out[-1] = weighted.sum()
        return out

    def accuracy(self, params: Vector) -> float:
        """Training accuracy of the prediction ``sigmoid(z) > 0.5``."""
        return float(np.mean((self._margins(params) > 0.0) == (self.y == 1)))


def newton_minimum(loss: ClassifierLoss, x0: Vector, gtol: float = 1e-13) -> Vector:
    """Minimise a strictly convex `LogisticLoss` by Newton's method with step halving.

    Used to certify f* for data seeds that have no shipped reference value.
    """
    x = np.array(x0, dtype=float)
    for _ in range(100):
        f, g = loss.fun_and_grad(x)
        if np.linalg.norm(g) <= gtol:
            break
        step = np.linalg.solve(loss.hess(x), g)
        t = 1.0
        # Halve only on a real increase: near the optimum f changes by less than its
        # rounding, and a full Newton step is then always right.
        while loss.fun(x - t * step) > f + 4 * np.finfo(float).eps * abs(f) and t > 1e-12:
            t *= 0.5
        x = x - t * step
    return x


def seed_data(seed: int) -> tuple[np.ndarray, np.ndarray, Vector]:
    """Draw the seed's data and start, in the seed's order, from ``RandomState(seed)``.

    Returns ``X`` (400 x 784 standard normal), ``y`` (400 labels in {0, 1}) and the
    start ``[w0, 0]`` with ``w0`` (784 standard normal).
    """
    rng = np.random.RandomState(seed)
    X = rng.randn(400, 784)
    y = rng.randint(size=400, low=0, high=2).astype(float)
    w0 = rng.randn(784)
    return X, y, np.append(w0, 0.0)


@register("logreg-seed", "the seed's logistic regression: 400 x 784 random data, L2 0.01")
def logreg_seed(seed: Seed = 0) -> Problem:
    """The seed's logistic regression (Theano tutorial), 785 parameters.

    ``RandomState(seed)`` draws ``X = randn(400, 784)``, ``y = randint(0, 2, 400)`` and
    ``w0 = randn(784)``; ``b0 = 0``. The loss is the mean cross-entropy plus
    ``0.01 * ||w||**2``. For seeds 0 and 1234 f* is the shipped reference value; for
    others it is computed here by Newton's method on the exact Hessian.

    Examples
    --------
    >>> p = logreg_seed()
    >>> p.n, round(p.fun(p.x0), 6)
    (785, 18.08217)
    """
    X, y, x0 = seed_data(seed)
    loss = LogisticLoss(X, y, l2=0.01)
    if seed in CERTIFIED_F_OPT:
        f_opt = CERTIFIED_F_OPT[seed]
        source = "Theano logistic-regression tutorial (seed); f* from a Newton solve, shipped"
    else:
        f_opt = loss.fun(newton_minimum(loss, x0))
        source = "Theano logistic-regression tutorial (seed); f* from optbench's Newton solve"
    return classifier_problem("logreg-seed", loss, x0, f_opt, source)


class ClassifierLoss(Protocol):
    """What `classifier_problem` needs of a loss: value, derivatives, training accuracy."""

    def fun(self, params: Vector) -> float: ...
    def grad(self, params: Vector) -> Vector: ...
    def fun_and_grad(self, params: Vector) -> tuple[float, Vector]: ...
    def hess(self, params: Vector) -> np.ndarray: ...
    def hessp(self, params: Vector, vector: Vector) -> Vector: ...
    def accuracy(self, params: Vector) -> float: ...


def classifier_problem(name: str, loss: ClassifierLoss, x0: Vector, f_opt: float,
                       source: str) -> Problem:
    """A `Problem` from a classifier's loss: its value, derivatives and training accuracy."""
    return Problem(
        name=name,
        fun=loss.fun,
        grad=loss.grad,
        fun_and_grad=loss.fun_and_grad,
        hess=loss.hess,
        hessp=loss.hessp,
        x0=x0,
        f_opt=f_opt,
        accuracy=loss.accuracy,
        source=source,
    )

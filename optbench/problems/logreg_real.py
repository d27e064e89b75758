"""L2-regularised logistic regression on real data: scikit-learn's breast-cancer set.

Needs the optional extra ``pip install 'optbench[real]'`` (scikit-learn, which ships
the data; nothing is downloaded).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from optbench.errors import OptbenchError
from optbench.families import MACHINE_LEARNING
from optbench.problems.base import Problem, Vector
from optbench.problems.logreg import LogisticLoss, classifier_problem, newton_minimum
from optbench.problems.registry import PROBLEMS
from optbench.registry import Positive

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(MACHINE_LEARNING)

#: f* for (lmbd, intercept): f at optbench's Newton minimiser (`newton_minimum`,
#: gradient norm below 2e-13), evaluated in 30-digit arithmetic (mpmath). They match
#: benchopt's reference values (shared logreg_refs.json) to 4e-16 relative and the
#: objective at scikit-learn's solution to 1e-15 (tests/test_logreg_real.py).
CERTIFIED_F_OPT = {
    (0.1, False): 26.495343374605664,
    (0.1, True): 26.199256425056188,
    (0.001, False): 17.060203321326501,
    (0.001, True): 15.397975926102563,
}


@dataclass(frozen=True)
class SummedLogisticLoss:
    """benchopt's L2 logistic loss ``sum_i log(1 + exp(-s_i z_i)) + lmbd/2 ||w||**2``.

    ``z = X @ w (+ b)`` and labels ``s_i = 2 y_i - 1`` in {-1, 1}; the intercept ``b``,
    where there is one, is not penalised. It is ``N`` times the mean loss `LogisticLoss`
    (labels ``y_i`` in {0, 1}, ``l2 = lmbd / (2 N)``), whose derivatives it uses;
    without an intercept that loss's bias is held at 0 and dropped from the vector.
    The value is summed here per sample, ``log(1 + exp(-s_i z_i))``, which keeps 16
    digits where the mean loss's ``softplus(z) - y z`` cancels to about 13.

    Parameters
    ----------
    mean_loss : LogisticLoss
        The mean loss with ``l2 = lmbd / (2 N)``.
    intercept : bool
        Whether the last parameter is a free intercept.

    Examples
    --------
    >>> mean = LogisticLoss(np.eye(2), np.array([0.0, 1.0]), l2=0.0)
    >>> round(SummedLogisticLoss(mean, intercept=False).fun(np.zeros(2)), 6)  # 2 log 2
    1.386294
    """

    mean_loss: LogisticLoss
    intercept: bool

    @property
    def samples(self) -> int:
        """The number of samples N."""
        return int(self.mean_loss.y.size)

    def _full(self, params: Vector) -> Vector:
        return params if self.intercept else np.append(params, 0.0)

    def _cut(self, vector: Vector) -> Vector:
        return vector if self.intercept else vector[:-1]

    def fun(self, params: Vector) -> float:
        """The loss, summed per sample as ``log(1 + exp(-s_i z_i))`` (no cancellation)."""
        full = self._full(params)
        signs = 2.0 * self.mean_loss.y - 1.0
        losses = np.logaddexp(0.0, -signs * (self.mean_loss.X @ full[:-1] + full[-1]))
        w = full[:-1]
        return float(losses.sum() + self.samples * self.mean_loss.l2 * (w @ w))

    def grad(self, params: Vector) -> Vector:
        """The analytic gradient."""
        return self.samples * self._cut(self.mean_loss.grad(self._full(params)))

    def fun_and_grad(self, params: Vector) -> tuple[float, Vector]:
        """Loss and gradient (two passes over the 569 x 30 data)."""
        return self.fun(params), self.grad(params)

    def hess(self, params: Vector) -> np.ndarray:
        """The Hessian (without an intercept, the mean loss's less its last row and column)."""
        hessian = self.samples * self.mean_loss.hess(self._full(params))
        return hessian if self.intercept else hessian[:-1, :-1]

    def hessp(self, params: Vector, vector: Vector) -> Vector:
        """The Hessian times ``vector``."""
        product = self.mean_loss.hessp(self._full(params), self._full(vector))
        return self.samples * self._cut(product)

    def accuracy(self, params: Vector) -> float:
        """Training accuracy of the prediction ``z > 0``."""
        return self.mean_loss.accuracy(self._full(params))


@functools.cache
def breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's breast-cancer data, standardised: ``X`` (569 x 30), ``y`` in {0, 1}.

    Each column is centred and divided by its population standard deviation (as
    scikit-learn's ``StandardScaler`` does). The arrays are read-only.

    Raises
    ------
    OptbenchError
        If scikit-learn is not installed, with the command that installs it.
    """
    try:
        from sklearn.datasets import load_breast_cancer
    except ImportError:
        raise OptbenchError("problem 'logreg-breast-cancer' needs scikit-learn: "
                            "pip install 'optbench[real]'") from None
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = y.astype(float)
    for array in (X, y):
        array.setflags(write=False)
    return X, y


@register("logreg-breast-cancer",
                   "L2 logistic regression on scikit-learn's breast-cancer data (benchopt's)")
def logreg_breast_cancer(lmbd: Positive = 0.1, intercept: bool = False) -> Problem:
    """benchopt's L2-regularised logistic regression on the breast-cancer data.

    ``f(w, b) = sum_i log(1 + exp(-s_i (x_i . w + b))) + lmbd / 2 ||w||**2`` over the
    569 standardised samples of scikit-learn's breast-cancer set (30 features, labels
    ``s_i`` in {-1, 1}); without an intercept ``b`` is absent. x0 = 0, where
    f = 569 log 2 = 394.4007... For lmbd = 0.1 and 0.001 f* is the shipped value of
    optbench's Newton solve (`CERTIFIED_F_OPT`), which matches benchopt's reference
    values; for other lmbd it is computed here by the same Newton solve. It is also
    scikit-learn's ``LogisticRegression(C=1/lmbd)`` objective, divided by C.

    Parameters
    ----------
    lmbd : float
        The L2 penalty, positive.
    intercept : bool
        Whether to fit an unpenalised intercept (the last parameter).

    Examples
    --------
    With scikit-learn installed, ``logreg_breast_cancer()`` has n = 30,
    f(x0) = 394.400746 and f* = 26.495343374605664. Options are checked first, by the
    registry (their declared ranges):

    >>> from optbench.problems import get_problem
    >>> get_problem("logreg-breast-cancer[lmbd=-1.0]")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: problem 'logreg-breast-cancer': option lmbd must be > 0; ...
    """
    name = "logreg-breast-cancer"
    X, y = breast_cancer()
    loss = SummedLogisticLoss(LogisticLoss(X, y, l2=lmbd / (2.0 * y.size)), intercept)
    x0 = np.zeros(X.shape[1] + intercept)
    source = ("benchopt's L2 logistic regression (benchmark_logreg_l2) on scikit-learn's "
              "breast-cancer data (Street, Wolberg & Mangasarian 1993), standardised")
    if (lmbd, intercept) in CERTIFIED_F_OPT:
        f_opt = CERTIFIED_F_OPT[lmbd, intercept]
        source += "; f* from optbench's Newton solve, shipped, matching benchopt's values"
    else:
        f_opt = loss.fun(newton_minimum(loss, x0, gtol=1e-10))
        source += "; f* from optbench's Newton solve"
    return classifier_problem(name, loss, x0, f_opt, source)

"""The seed's back-propagation network: Linear -> ReLU -> Linear with mean squared error."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optbench.families import MACHINE_LEARNING
from optbench.limits import Layer, Rows, Seed
from optbench.problems.base import Problem, Vector
from optbench.problems.registry import PROBLEMS

#: Registers a problem of this module's family.
register = PROBLEMS.register_in(MACHINE_LEARNING)

Matrix = np.ndarray


@dataclass(frozen=True)
class ReluNetwork:
    """``out = relu(X @ w1 + b1) @ w2 + b2`` and its mean squared error against ``Y``.

    The parameters are one vector, ``w1`` (inputs x hidden, row-major), ``b1``
    (hidden), ``w2`` (hidden x outputs, row-major) and ``b2`` (outputs), in that order.

    The gradient is back-propagation, the chain rule applied layer by layer from the
    loss back to the inputs (the seed's derivation):

    - loss ``L = mean((out - Y)**2)`` over all N x outputs entries, so
      ``dL/d out = 2 (out - Y) / (N * outputs)``;
    - second linear layer ``out = h @ w2 + b2``: ``dL/dw2 = h.T @ dL/d out``,
      ``dL/db2 = sum over samples of dL/d out``, and ``dL/dh = dL/d out @ w2.T``;
    - ReLU ``h = max(pre, 0)``: its derivative is 1 where ``pre > 0`` and 0 elsewhere,
      so ``dL/d pre = dL/dh * (pre > 0)``;
    - first linear layer ``pre = X @ w1 + b1``: ``dL/dw1 = X.T @ dL/d pre``,
      ``dL/db1 = sum over samples of dL/d pre``.

    Parameters
    ----------
    X : ndarray
        Inputs, N x inputs.
    Y : ndarray
        Targets, N x outputs.
    hidden : int
        Width of the hidden layer.

    Examples
    --------
    >>> net = ReluNetwork(np.array([[1.0], [-1.0]]), np.array([[2.0], [0.0]]), hidden=1)
    >>> params = np.array([1.0, 0.0, 2.0, 0.0])  # w1 = 1, b1 = 0, w2 = 2, b2 = 0
    >>> net.fun(params), net.grad(params).tolist()
    (0.0, [0.0, 0.0, 0.0, 0.0])
    """

    X: Matrix
    Y: Matrix
    hidden: int

    @property
    def size(self) -> int:
        """The number of parameters."""
        inputs, outputs = self.X.shape[1], self.Y.shape[1]
        return (inputs + 1) * self.hidden + (self.hidden + 1) * outputs

    @staticmethod
    def pack(w1: Matrix, b1: Vector, w2: Matrix, b2: Vector) -> Vector:
        """Flatten ``(w1, b1, w2, b2)`` into one parameter vector."""
        return np.concatenate([np.ravel(w1), b1, np.ravel(w2), b2])

    def unpack(self, params: Vector) -> tuple[Matrix, Vector, Matrix, Vector]:
        """Split the parameter vector into ``(w1, b1, w2, b2)`` (views, no copies)."""
        inputs, outputs, hidden = self.X.shape[1], self.Y.shape[1], self.hidden
        ends = np.cumsum([inputs * hidden, hidden, hidden * outputs])
        w1, b1, w2, b2 = np.split(np.asarray(params, dtype=float), ends)
        return w1.reshape(inputs, hidden), b1, w2.reshape(hidden, outputs), b2

    def _forward(self, params: Vector) -> tuple[Matrix, Matrix, Matrix]:
        w1, b1, w2, b2 = self.unpack(params)
        pre = self.X @ w1 + b1
        hidden = np.maximum(pre, 0.0)
        return pre, hidden, hidden @ w2 + b2 - self.Y

    def fun(self, params: Vector) -> float:
        """The mean squared error."""
        _, _, error = self._forward(params)
        return float(np.mean(error**2))

    def fun_and_grad(self, params: Vector) -> tuple[float, Vector]:
        """The mean squared error and its gradient by back-propagation (one forward pass)."""
        _, _, w2, _ = self.unpack(params)
        pre, hidden, error = self._forward(params)
        d_out = 2.0 * error / error.size
        d_pre = (d_out @ w2.T) * (pre > 0.0)
        gradient = self.pack(self.X.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_out,
                             d_out.sum(axis=0))
        return float(np.mean(error**2)), gradient

    def grad(self, params: Vector) -> Vector:
        """The gradient by back-propagation."""
        return self.fun_and_grad(params)[1]


def teacher_data(samples: int, inputs: int, hidden: int, outputs: int,
                 seed: int) -> tuple[ReluNetwork, Vector, Vector]:
    """The seeded regression data, the teacher that made them, and the seed's start.

    ``np.random.default_rng(seed)`` draws, in this order: the inputs ``X``
    (samples x inputs, standard normal); a teacher network of the same shape (all its
    parameters standard normal, ``w2`` divided by ``sqrt(hidden)``), whose outputs are
    the targets ``Y``; and the start, initialised as the seed's tutorial does
    (``w1 = randn * sqrt(2 / inputs)``, ``w2 = randn / sqrt(hidden)``, zero biases).

    Returns
    -------
    network : ReluNetwork
        The loss on the data.
    teacher : ndarray
        The teacher's parameters, where the loss is 0.
    x0 : ndarray
        The start.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, inputs))
    w1 = rng.standard_normal((inputs, hidden))
    b1 = rng.standard_normal(hidden)
    w2 = rng.standard_normal((hidden, outputs)) / math.sqrt(hidden)
    b2 = rng.standard_normal(outputs)
    Y = np.maximum(X @ w1 + b1, 0.0) @ w2 + b2
    x0 = ReluNetwork.pack(rng.standard_normal((inputs, hidden)) * math.sqrt(2.0 / inputs),
                          np.zeros(hidden),
                          rng.standard_normal((hidden, outputs)) / math.sqrt(hidden),
                          np.zeros(outputs))
    return ReluNetwork(X, Y, hidden), ReluNetwork.pack(w1, b1, w2, b2), x0


@register("backprop-net",
                   "the seed's Linear-ReLU-Linear network, MSE on teacher data, f* = 0")
def backprop_net(samples: Rows = 64,
                 inputs: Layer = 4,
                 hidden: Layer = 16,
                 outputs: Layer = 1,
                 seed: Seed = 0) -> Problem:
    """The seed's back-propagation network as a problem: a two-layer ReLU regression.

    The model is Linear -> ReLU -> Linear with mean squared error, the gradient written
    by hand with the chain rule (see `ReluNetwork`), as in the seed's tutorial, which
    checks it against PyTorch's autograd. The data are synthetic and seeded (see
    `teacher_data`): the targets are the outputs of a "teacher" network of the same
    shape, so f* = 0 exactly (the teacher's parameters attain it, and a mean of squares
    is never negative). The minimisers form a continuum (hidden units can be permuted,
    and rescaled by c > 0 in layer 1 and 1/c in layer 2), so ``x_opt`` is left empty.
    With the default sizes (97 parameters, 64 samples) L-BFGS-B (gtol 1e-14) reaches
    f < 1e-25 from x0 in about 3900 iterations; from 20 seeded Kaiming starts, 11 reach
    f < 1e-24 and the other 9 stop between 7e-9 and 1.3e-4, at local minima or in flat
    regions (dead ReLU units).

    Parameters
    ----------
    samples, inputs, hidden, outputs : int
        Sizes of the data and of the network, each at least 1.
    seed : int
        Seed of ``np.random.default_rng`` for the data, the teacher and the start.

    Examples
    --------
    >>> p = backprop_net()
    >>> p.n, round(p.fun(p.x0), 6)
    (97, 7.760028)
    """
    name = "backprop-net"
    network, _, x0 = teacher_data(samples, inputs, hidden, outputs, seed)
    return Problem(
        name=name,
        fun=network.fun,
        grad=network.grad,
        fun_and_grad=network.fun_and_grad,
        x0=x0,
        f_opt=0.0,
        source="the seed's back-propagation tutorial (Linear-ReLU-Linear, MSE, chain rule "
               "checked against autograd); seeded teacher-network targets, so f* = 0 exactly",
    )

"""An example optbench plug-in: the Styblinski-Tang function, a seeded random search
and a suite comparing it with scipy's methods.

Installing the package registers them: its ``pyproject.toml`` names this module in the
entry-point group ``optbench.plugins``, and optbench imports it when a command first
needs its registries.
"""

from __future__ import annotations

import numpy as np

import optbench

__version__ = "0.1.0"

#: Dimension of the registered problem.
N = 10
#: The minimiser's coordinate, the root of 4 t**3 - 32 t + 5 = 0 near -2.9035
#: (Styblinski & Tang 1990; Jamil & Yang 2013, function 144).
X_STAR = -2.903534027771177


def styblinski_tang(x: np.ndarray) -> float:
    """``0.5 * sum(x**4 - 16 x**2 + 5 x)``."""
    return float(0.5 * np.sum(x**4 - 16.0 * x**2 + 5.0 * x))


def styblinski_tang_grad(x: np.ndarray) -> np.ndarray:
    """The gradient, ``0.5 * (4 x**3 - 32 x + 5)``."""
    return 0.5 * (4.0 * x**3 - 32.0 * x + 5.0)


STYBLINSKI_TANG = optbench.Problem(
    name="example-styblinski-tang",
    fun=styblinski_tang,
    grad=styblinski_tang_grad,
    x0=np.zeros(N),
    f_opt=N * styblinski_tang(np.array([X_STAR])),
    x_opt=(np.full(N, X_STAR),),
    source="Styblinski & Tang (1990); Jamil & Yang (2013), function 144",
    description="Styblinski-Tang in 10 dimensions, from the origin",
    version=__version__,
)


@optbench.solver("example-random-search", version=__version__)
def random_search(fun, x0, *, budget, seed, sigma: float = 1.0, shrink: float = 0.98):
    """Seeded random search: a Gaussian step, kept when it lowers f, its scale shrinking."""
    rng = np.random.default_rng(seed)
    x, fx = x0, fun(x0)
    for _ in range((budget or 2000) - 1):
        trial = x + sigma * rng.standard_normal(x.size)
        f_trial = fun(trial)
        if f_trial < fx:
            x, fx = trial, f_trial
        else:
            sigma *= shrink
    return {"x": x, "fun": fx, "message": f"final step scale {sigma:.3g}"}


optbench.register(STYBLINSKI_TANG)
optbench.suite(
    "example",
    problems=["example-styblinski-tang", "rosenbrock"],
    solvers=["example-random-search", "nelder-mead", "bfgs"],
    description="the example plug-in's random search beside Nelder-Mead and BFGS",
)

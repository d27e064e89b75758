"""Counting callables for tests that call scipy directly on a problem's f and derivatives."""


class Counted:
    """f and its derivatives, counting their own calls."""

    def __init__(self, problem):
        self.problem, self.nfev, self.njev, self.nhev = problem, 0, 0, 0

    def fun(self, x):
        self.nfev += 1
        return self.problem.fun(x)

    def grad(self, x):
        self.njev += 1
        return self.problem.grad(x)

    def hess(self, x):
        self.nhev += 1
        return self.problem.hess(x)

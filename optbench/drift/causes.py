"""The changes that the tests or the README explain, each with a link to its cause.

A `Cause` explains a change of some metrics of some solvers that happened in a window
of releases: after release ``after`` (exclusive; ``None``: the seed's old scipy) and
by release ``by`` (inclusive). A change outside every cause's window, or of a metric or
solver no cause names, is listed on the page as unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass

from optbench.drift.results import version_key


@dataclass(frozen=True)
class Cause:
    """A documented reason for a change of counts.

    Parameters
    ----------
    summary : str
        One line: what changed in scipy and what it does to the counts.
    link : str
        Where the project explains it (a path relative to ``docs/results/``).
    solvers : frozenset of str
        The solver specs whose counts it changes.
    metrics : frozenset of str
        The metrics it changes.
    after : str or None
        The change came after this release (``None``: after the seed's old scipy).
    by : str
        ... and by this release.
    confirmed : bool
        Whether the mechanism is established (``False``: a candidate, the only change
        found in the code the solver runs, not shown to make these numbers).
    """

    summary: str
    link: str
    solvers: frozenset[str]
    metrics: frozenset[str]
    after: str | None
    by: str
    confirmed: bool = True

    def explains(self, solver: str, metric: str, before: str | None, after: str) -> bool:
        """Whether a change of ``metric`` of ``solver`` between release ``before``
        (``None``: the seed) and release ``after`` can be this cause's.

        The two windows must overlap: the change happened somewhere after ``before``
        and by ``after``, the cause after its ``after`` and by its ``by``.

        Examples
        --------
        >>> BRENT_REUSES_FB.explains("fmin_powell", "nfev", "1.9.3", "1.10.1")
        True
        >>> BRENT_REUSES_FB.explains("fmin_powell", "nfev", "1.10.1", "1.11.4")
        False
        >>> FD_REUSES_F.explains("fmin_bfgs[grad=fd]", "nfev", None, "1.9.3")
        True
        """
        if solver not in self.solvers or metric not in self.metrics:
            return False
        starts_before_cause_ends = before is None or version_key(before) < version_key(self.by)
        ends_after_cause_starts = self.after is None or version_key(after) > version_key(
            self.after)
        return starts_before_cause_ends and ends_after_cause_starts


_SEED_SECTION = "../getting-started.md#the-seed-s-experiment-then-and-now"
_FD_SOLVERS = frozenset({"bfgs[grad=fd]", "cg[grad=fd]", "fmin_bfgs[grad=fd]",
                         "fmin_cg[grad=fd]"})

#: ``approx_fprime`` evaluated f(x) again for every forward difference; through
#: ``ScalarFunction`` scipy reuses the f(x) it has (README, getting started;
#: tests/test_scipy_counts.py checks today's 6 = 3 gradients x 2).
FD_REUSES_F = Cause(
    summary="finite-difference gradients reuse f(x) (scipy's ScalarFunction) instead of "
            "approx_fprime evaluating it again: one call per difference, not two",
    link=_SEED_SECTION, solvers=_FD_SOLVERS, metrics=frozenset({"nfev"}),
    after=None, by="1.9.3")

_DRIFT_SECTION = "../user-guide/asv.md#what-the-drift-page-found"

#: scipy 1.10's ``Brent.optimize`` (Powell's line minimiser, and ``brent``'s) takes f at
#: the bracket's middle point from the bracket instead of evaluating it again
#: (``fw = fv = fx = fb``; 1.9.3: ``func(x)`` and ``funcalls += 1``): one evaluation
#: fewer per line search. Found by comparing the two releases' ``_optimize.py``;
#: tests/test_drift.py checks today's brent evaluates the middle point once.
BRENT_REUSES_FB = Cause(
    summary="scipy 1.10's Brent line minimiser reuses f at the bracket's middle point "
            "instead of evaluating it again: one evaluation fewer per line search",
    link=_DRIFT_SECTION, solvers=frozenset({"powell", "fmin_powell"}),
    metrics=frozenset({"nfev"}), after="1.9.3", by="1.10.1")

_BFGS = frozenset({"bfgs", "bfgs[grad=fd]", "fmin_bfgs", "fmin_bfgs[grad=fd]"})

#: scipy 1.10 rewrote BFGS's step (``sk = alpha_k * pk`` instead of ``xkp1 - xk``) and
#: added ``xrtol`` (default 0: stop on a zero step); the only change to the code BFGS
#: runs between 1.9.3 and 1.10.1 (its line search, ScalarFunction and finite
#: differences are unchanged), so a candidate for BFGS's changes at 1.10.1.
BFGS_STEP = Cause(
    summary="scipy 1.10's BFGS computes its step as alpha_k * p_k (not x_k+1 - x_k) and "
            "stops on a zero step (xrtol = 0): other roundings in the inverse-Hessian "
            "update, other paths",
    link=_DRIFT_SECTION, solvers=_BFGS,
    metrics=frozenset({"nit", "solver_nit", "nfev", "njev", "solver_njev", "log10_f_error",
                       "success"}),
    after="1.9.3", by="1.10.1", confirmed=False)

_EVERYTHING = frozenset({"ran", "nit", "solver_nit", "nfev", "njev", "solver_njev",
                         "log10_f_error", "success"})

#: scipy 1.16 replaced COBYLA's Fortran code (``scipy.optimize._cobyla``) with PRIMA's
#: (``scipy._lib.pyprima``), which also takes equality constraints (1.15.3's
#: ``_minimize_cobyla`` raises "Constraints of type 'eq' not handled by COBYLA"): seen in
#: the installed sources of 1.15.3 and 1.16.3.
COBYLA_PRIMA = Cause(
    summary="scipy 1.16 replaced COBYLA's Fortran code with PRIMA's, which also takes "
            "equality constraints: another algorithm's counts and accuracy",
    link=_DRIFT_SECTION, solvers=frozenset({"cobyla", "fmin_cobyla"}), metrics=_EVERYTHING,
    after="1.15.3", by="1.16.3")

#: optbench's adapter of ``root``'s nonlin methods catches ``scipy.optimize.NoConvergence``,
#: public from scipy 1.13 (optbench's minimum): before, each run ends in an AttributeError
#: (measured in the 1.9.3 to 1.12.0 environments), so those runs are missing.
NOCONVERGENCE_PUBLIC = Cause(
    summary="optbench's adapter needs scipy.optimize.NoConvergence, public from scipy 1.13 "
            "(optbench's minimum): before, every run of the method ends in an AttributeError",
    link=_DRIFT_SECTION,
    solvers=frozenset({"root[method=krylov]", "root[method=broyden1]"}),
    metrics=frozenset({"ran"}), after="1.12.0", by="1.13.1")

#: Every cause the page links to.
CAUSES: tuple[Cause, ...] = (FD_REUSES_F, BRENT_REUSES_FB, BFGS_STEP, COBYLA_PRIMA,
                             NOCONVERGENCE_PUBLIC)


def causes_of(solver: str, metric: str, before: str | None, after: str) -> list[Cause]:
    """The causes that can explain a change (none: unexplained)."""
    return [cause for cause in CAUSES if cause.explains(solver, metric, before, after)]

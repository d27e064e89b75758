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
        Whether the project has measured that this is the cause (``False``: a candidate
        the README names without having bisected it).
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
        >>> POWELL_LINE_SEARCH.explains("fmin_powell", "nfev", None, "1.9.3")
        True
        >>> POWELL_LINE_SEARCH.explains("fmin_powell", "nfev", "1.11.4", "1.12.0")
        False
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

#: Powell's line search, reworked in scipy 1.5 (PR #10648); the README names it as the
#: likely cause of 53 -> 51 without having bisected the releases.
POWELL_LINE_SEARCH = Cause(
    summary="Powell's line search reworked in scipy 1.5 (scipy PR #10648: bounds for "
            "Powell, which also skips line searches along zero directions); a candidate "
            "the README names, not bisected",
    link=_SEED_SECTION, solvers=frozenset({"powell", "fmin_powell"}),
    metrics=frozenset({"nfev"}), after="1.4.1", by="1.5.0", confirmed=False)

#: Every cause the page links to.
CAUSES: tuple[Cause, ...] = (FD_REUSES_F, POWELL_LINE_SEARCH)


def causes_of(solver: str, metric: str, before: str | None, after: str) -> list[Cause]:
    """The causes that can explain a change (none: unexplained)."""
    return [cause for cause in CAUSES if cause.explains(solver, metric, before, after)]

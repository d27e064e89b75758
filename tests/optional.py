"""Building a registered problem in a test: only a missing optional extra may skip."""

import pytest

from optbench import testing


def built_or_skip(name):
    """The problem ``name`` (`optbench.testing.built`), or a skip where the module of an
    optional extra (`optbench.testing.OPTIONAL_MODULES`) is missing; any other failure
    of its factory fails the test."""
    try:
        return testing.built(name)
    except ImportError as error:
        pytest.skip(f"optional dependency missing: {error.name}")


def solver_or_skip(name):
    """The solver ``name``, or a skip where its optional library is missing or unusable
    (`optbench.solvers.optional.MissingExtra`, its message the reason)."""
    from optbench.solvers import get_solver
    from optbench.solvers.optional import MissingExtra

    try:
        return get_solver(name)
    except MissingExtra as error:
        pytest.skip(f"optional library missing: {error}")

"""Names with bracketed options, and the registries that resolve them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optbench.errors import OptbenchError
from optbench.problems import PROBLEMS
from optbench.registry import NameClash, Registry
from optbench.solvers import SOLVERS, get_solver
from optbench.spec import format_spec, parse_spec


def test_parse_spec_splits_name_and_options():
    assert parse_spec("bfgs") == ("bfgs", {})
    assert parse_spec(" gd[step=0.05, maxiter=3] ") == ("gd", {"step": "0.05", "maxiter": "3"})
    assert parse_spec("gd[]") == ("gd", {})


@pytest.mark.parametrize("bad", ["gd[step]", "gd[=1]", "gd[step=1", "gd[a=1,a=2]", "", "g d"])
def test_parse_spec_rejects_malformed_text(bad):
    with pytest.raises(OptbenchError):
        parse_spec(bad)


def test_format_spec_is_canonical():
    assert format_spec("gd", {"step": 0.05, "maxiter": 3}) == "gd[maxiter=3,step=0.05]"
    assert format_spec("bfgs", {"grad": "fd"}) == "bfgs[grad=fd]"


def test_canonical_form_sorts_options_and_drops_defaults():
    assert SOLVERS.resolve("gd[step=0.1, gtol=1e-6]")[0] == "gd"
    assert SOLVERS.resolve("gd[maxiter=5,step=0.05]")[0] == "gd[maxiter=5,step=0.05]"
    assert SOLVERS.resolve("gd[step=5e-2,maxiter=5]")[0] == "gd[maxiter=5,step=0.05]"
    assert PROBLEMS.resolve("logreg-seed[seed=0]")[0] == "logreg-seed"


def test_options_are_typed():
    solver = get_solver("gd[step=0.25,maxiter=7]")
    assert solver.maxiter == 7 and isinstance(solver.maxiter, int)
    assert get_solver("bfgs[grad=fd]").grad == "fd"


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("nope", "unknown solver 'nope'; valid: gd, nelder-mead"),
        ("gd[step=abc]", "option step expects float; got 'abc'"),
        ("gd[maxiter=1.5]", "option maxiter expects int; got '1.5'"),
        ("gd[speed=1]", "has no option 'speed'; valid options: step, gtol, maxiter"),
        ("bfgs[grad=exact]", "option grad must be one of analytic, fd; got 'exact'"),
        ("gd[step=nan]", "option step must be a finite number; got 'nan'"),
    ],
)
def test_bad_solver_names_explain_themselves(spec, fragment):
    with pytest.raises(OptbenchError, match=None) as info:
        SOLVERS.resolve(spec)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_registry_refuses_a_name_collision():
    registry: Registry[int] = Registry("thing")
    registry.register("a", "first")(lambda: 1)
    with pytest.raises(NameClash, match="clashes with"):
        registry.register("a", "second")(lambda: 2)


@given(
    name=st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    options=st.dictionaries(
        st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True),
        st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.booleans(), st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)),
        max_size=4,
    ),
)
def test_format_then_parse_round_trips(name, options):
    parsed_name, raw = parse_spec(format_spec(name, options))
    assert parsed_name == name
    assert set(raw) == set(options)
    for key, value in options.items():
        if isinstance(value, bool):
            assert raw[key] == ("true" if value else "false")
        elif isinstance(value, float):
            assert float(raw[key]) == value
        else:
            assert raw[key] == str(value)

"""Log-ratio profiles of two solvers, performance profiles under Moré & Wild's convergence
test, and the report's analyses sections (honesty, quality, log-ratio, --compare)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optbench.analysis.log_ratio import log_ratio_profile
from optbench.analysis.profiles import (
    convergence_cost_table,
    convergence_evaluations,
    convergence_performance_profile,
)
from optbench.cli import main
from optbench.errors import OptbenchError
from tests.analysis_frames import make_runs, make_traces


def test_log_ratios_are_the_hand_computed_ones():
    # Both solve p (8 vs 2: log2 4 = 2) and q (3 vs 6: log2 0.5 = -1): M = 2. Only a
    # solves r (-1.1 M = -2.2), only b solves s (+2.2), neither t (0), a tie on u (0).
    costs = pd.DataFrame({"a": [8.0, 3.0, 5.0, np.inf, np.inf, 7.0],
                          "b": [2.0, 6.0, np.nan, 1.0, np.inf, 7.0]},
                         index=list("pqrstu"))
    profile = log_ratio_profile(costs, "a", "b")
    assert profile.index.tolist() == ["r", "q", "t", "u", "p", "s"]
    assert np.allclose(profile["log_ratio"], [-2.2, -1.0, 0.0, 0.0, 2.0, 2.2])
    assert profile["outcome"].tolist() == ["first only", "both", "neither", "both", "both",
                                           "second only"]


def test_without_a_common_solve_the_sentinel_is_epsilon():
    costs = pd.DataFrame({"a": [1.0, np.inf], "b": [np.inf, 1.0]})
    ratios = log_ratio_profile(costs, "a", "b")["log_ratio"].to_numpy()
    eps = np.finfo(float).eps
    assert np.allclose(ratios, [-1.1 * eps, 1.1 * eps], rtol=0, atol=1e-30)


def test_an_unknown_solver_is_refused():
    with pytest.raises(OptbenchError, match="no solver 'c'"):
        log_ratio_profile(pd.DataFrame({"a": [1.0], "b": [1.0]}), "a", "c")


cost = st.one_of(st.just(np.inf), st.floats(1.0, 1e6))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(cost, cost), min_size=1, max_size=25))
def test_swapping_the_solvers_mirrors_the_profile(pairs):
    costs = pd.DataFrame(pairs, columns=["a", "b"])
    forward = log_ratio_profile(costs, "a", "b")
    backward = log_ratio_profile(costs, "b", "a")
    assert np.allclose(np.sort(-backward["log_ratio"].to_numpy()),
                       forward["log_ratio"].to_numpy())
    assert (np.diff(forward["log_ratio"].to_numpy()) >= 0).all()  # sorted
    both = (forward["outcome"] == "both").to_numpy()
    largest = np.abs(forward["log_ratio"].to_numpy()[both]).max(initial=0.0)
    alone = forward["outcome"].isin(["first only", "second only"]).to_numpy()
    assert np.allclose(np.abs(forward["log_ratio"].to_numpy()[alone]),
                       1.1 * max(largest, np.finfo(float).eps))


def test_the_more_wild_performance_profile_counts_evaluations_to_the_test():
    # Instance p, f(x0) = 10, f_L = 0 (the best any run found). Test tau = 0.1: pass at
    # f <= 1. a passes at evaluation 2, b at evaluation 4: ratios a 1, b 2. Instance q:
    # only b's run passes (at 3): a fails (inf). Profile at 1: a 1/2, b 1/2; at 2: a 1/2,
    # b 1.
    runs = make_runs(
        {"run_id": "ap", "problem": "p", "solver": "a", "fun": 0.5, "nfev": 2},
        {"run_id": "bp", "problem": "p", "solver": "b", "fun": 0.0, "nfev": 4},
        {"run_id": "aq", "problem": "q", "solver": "a", "fun": 5.0, "nfev": 3},
        {"run_id": "bq", "problem": "q", "solver": "b", "fun": 0.0, "nfev": 3})
    traces = make_traces({
        "ap": [(1, 10.0, 0, 0.0), (2, 0.5, 0, 0.0)],
        "bp": [(1, 10.0, 0, 0.0), (2, 5.0, 0, 0.0), (3, 2.0, 0, 0.0), (4, 0.0, 0, 0.0)],
        "aq": [(1, 10.0, 0, 0.0), (3, 5.0, 0, 0.0)],
        "bq": [(1, 10.0, 0, 0.0), (3, 0.0, 0, 0.0)]})
    table = convergence_cost_table(convergence_evaluations(runs, traces, 0.1))
    assert table.to_dict("list") == {"a": [2.0, np.inf], "b": [4.0, 3.0]}
    profile = convergence_performance_profile(runs, traces, 0.1, [1.0, 2.0])
    assert profile.to_dict("list") == {"a": [0.5, 0.5], "b": [0.5, 1.0]}


PROBLEMS = ["quadratic", "mgh-beale"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report of two problems x three solvers, comparing two of them."""
    folder = tmp_path_factory.mktemp("analyses")
    store, out = folder / "s.sqlite", folder / "out"
    assert main(["report", "--problems", *PROBLEMS, "--solvers", "bfgs", "nelder-mead",
                 "powell", "--results", str(store), "--out", str(out), "--quiet",
                 "--compare", "nelder-mead", "bfgs"]) == 0
    return store, out


def test_the_report_shows_the_analyses(report):
    _, out = report
    page = (out / "report.html").read_text()
    for view in ("all-problems", "seed", "mgh"):
        for chart in ("honesty", "quality-profile", "quality-zoomed",
                      "performance-profile-convergence", "log-ratio"):
            assert (out / f"{chart}-{view}.svg").stat().st_size > 0, (chart, view)
        assert f"id='{view}-honesty'" in page
    assert "Log-ratio profile: nelder-mead against bfgs" in page
    assert "Quality profiles (Fasano, Piermarini &amp; Roma)" in page
    assert "Performance profiles, Moré &amp; Wild&#x27;s convergence test" in page
    markdown = (out / "summary.md").read_text()
    honesty = markdown.split("## Solver honesty\n", 1)[1].split("\n## ", 1)[0]
    for view in ("all problems", "seed", "MGH"):
        assert f"### {view}" in honesty
    assert "| solver | runs | no_verdict | success_within |" in honesty


def test_compare_names_solvers_of_the_report(report, capsys):
    store, out = report
    code = main(["report", "--no-run", "--problems", *PROBLEMS, "--solvers", "bfgs",
                 "powell", "--results", str(store), "--out", str(out.parent / "other"),
                 "--quiet", "--compare", "bfgs", "nelder-mead"])
    assert code == 2
    assert "--compare names nelder-mead, not among the report's solvers" in capsys.readouterr().err

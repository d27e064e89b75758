"""The NIST report section, from a hand-made runs table with hand-computed LREs.

Certified values from NIST StRD (https://www.itl.nist.gov/div898/strd/nls/):
Misra1a.dat (Lower): b1 = 2.3894212918E+02, b2 = 5.5015643181E-04,
RSS = 1.2455138894E-01; BoxBOD.dat (Higher): b1 = 2.1380940889E+02,
b2 = 5.4723748542E-01, RSS = 1.1680088766E+03; Lanczos1.dat (Average): certified RSS
1.4307867721E-25, not reproducible from its parameters. Each estimate below is a
certified value times (1 + delta), so LRE = -log10(|delta|) by hand (11 where exact).
"""

import json
import math

import pandas as pd
import pytest

from optbench.problems.nist_data import DATASETS
from optbench.report.nist import lre_band, nist_html, nist_lre_table, nist_markdown

MISRA1A = (2.3894212918e02, 5.5015643181e-04)
MISRA1A_RSS = 1.2455138894e-01
BOXBOD = (2.1380940889e02, 5.4723748542e-01)
BOXBOD_RSS = 1.1680088766e03


def _run(problem, solver, start, x, fun, status="converged", message="", family="NIST StRD"):
    return {"family": family, "problem": problem, "solver": solver, "start": start,
            "x": None if x is None else json.dumps(list(x)), "fun": fun, "status": status,
            "message": message}


def _problem(name, dataset, level, order, parameters, rss, rss_comparable=True):
    """A stored problems-table row, written by hand from NIST's certified values."""
    return {"problem": name, "f_opt": rss, "x_opt": json.dumps([list(parameters)]),
            "reference": json.dumps({"dataset": dataset, "level": level, "order": order,
                                     "rss_comparable": rss_comparable})}


def _problems():
    """Misra1a comes before BoxBOD in NIST's listing (orders 0 and 16 here); Lanczos1's
    RSS is marked not comparable; Rosenbrock has no NIST reference."""
    return pd.DataFrame([
        _problem("nist-misra1a", "Misra1a", "Lower", 0, MISRA1A, MISRA1A_RSS),
        _problem("nist-boxbod", "BoxBOD", "Higher", 16, BOXBOD, BOXBOD_RSS),
        _problem("nist-lanczos1", "Lanczos1", "Average", 8, DATASETS["Lanczos1"]["certified"],
                 1.4307867721e-25, rss_comparable=False),
        {"problem": "mgh-rosenbrock", "f_opt": 0.0, "x_opt": "[[1.0, 1.0]]",
         "reference": "{}"},
    ])


def test_a_stored_problem_row_carries_the_nist_reference():
    # What the runner stores for Misra1a: the certified values of Misra1a.dat.
    from optbench.problems import get_problem
    from optbench.runner import problem_row

    row = problem_row(get_problem("nist-misra1a"))
    assert json.loads(row.x_opt) == [list(MISRA1A)] and row.f_opt == MISRA1A_RSS
    assert json.loads(row.reference) == {"dataset": "Misra1a", "level": "Lower", "order": 0,
                                         "rss_comparable": True}


def _runs():
    return pd.DataFrame([
        # Misra1a, lm, NIST start 1: b1 exact, b2 off by 1e-7 -> min LRE 7; RSS off by
        # 1e-9 -> RSS LRE 9.
        _run("nist-misra1a", "lm", 0, (MISRA1A[0], MISRA1A[1] * (1 + 1e-7)),
             MISRA1A_RSS * (1 + 1e-9)),
        # Misra1a, lm, NIST start 2: b1 off by 2e-5 -> 4.69897 (= -log10 2e-5).
        _run("nist-misra1a", "lm", 1, (MISRA1A[0] * (1 + 2e-5), MISRA1A[1]), MISRA1A_RSS),
        # BoxBOD, lm, start 1: stuck with b1 half again too large -> 0.30103 (red), the
        # failure NIST's BoxBOD is known for.
        _run("nist-boxbod", "lm", 0, (BOXBOD[0] * 1.5, BOXBOD[1]), 9771.5,
             message="`ftol` termination <condition> & more"),
        # BoxBOD, lm, start 2: 1e-3 off in b2 -> 3.0 (orange), stopped at its limit.
        _run("nist-boxbod", "lm", 1, (BOXBOD[0], BOXBOD[1] * (1 - 1e-3)), BOXBOD_RSS,
             status="maxiter", message="The maximum number of function evaluations"),
        # A solver that errors (no point): red, listed with its message.
        _run("nist-misra1a", "trf", 0, None, None, status="error",
             message="ValueError: x0 is infeasible"),
        _run("nist-boxbod", "trf", 0, BOXBOD, BOXBOD_RSS),
        # A problem without a NIST reference is ignored; a re-stored run counts once.
        _run("mgh-rosenbrock", "lm", 0, (1.0, 1.0), 0.0, family="MGH"),
        _run("nist-boxbod", "trf", 0, (BOXBOD[0], BOXBOD[1] * (1 + 1e-5)), BOXBOD_RSS),
    ])


def test_lre_table_numbers_by_hand():
    table = nist_lre_table(_runs(), _problems()).set_index(["dataset", "solver", "start"])
    assert len(table) == 6
    expected = {("Misra1a", "lm", 0): (7.0, 9.0), ("Misra1a", "lm", 1): (4.69897, 11.0),
                # RSS 9771.5 is 7.4 times too large: LRE clipped to 0 (optbench.nist_lre).
                ("BoxBOD", "lm", 0): (0.30103, 0.0),
                ("BoxBOD", "lm", 1): (3.0, 11.0), ("BoxBOD", "trf", 0): (5.0, 11.0)}
    for key, (parameters, rss) in expected.items():
        assert table.loc[key, "min_lre"] == pytest.approx(parameters, abs=1e-5), key
        assert table.loc[key, "rss_lre"] == pytest.approx(rss, abs=1e-5), key
    failed = table.loc[("Misra1a", "trf", 0)]
    assert math.isnan(failed["min_lre"]) and failed["status"] == "error"
    assert table.loc[("Misra1a", "lm", 0), "level"] == "Lower"
    assert table.loc[("BoxBOD", "lm", 0), "level"] == "Higher"
    # NIST's order: Misra1a (Lower) before BoxBOD (Higher).
    assert list(dict.fromkeys(table.index.get_level_values("dataset"))) == ["Misra1a",
                                                                             "BoxBOD"]


def test_lanczos1_rss_is_left_to_the_parameters():
    certified = DATASETS["Lanczos1"]["certified"]
    runs = pd.DataFrame([_run("nist-lanczos1", "lm", 0, certified, 1e-21)])
    row = nist_lre_table(runs, _problems()).iloc[0]
    assert row["min_lre"] == 11.0 and math.isnan(row["rss_lre"])


@pytest.mark.parametrize("value, status, band", [
    (11.0, "converged", "lre-high"), (6.0, "converged", "lre-high"),
    (5.99, "converged", "lre-mid"), (4.0, "maxiter", "lre-mid"), (3.0, "converged", "lre-low"),
    (1.0, "converged", "lre-low"), (0.9, "converged", "lre-fail"),
    (float("nan"), "error", "lre-fail"), (8.0, "diverged", "lre-fail"),
    (float("nan"), "skipped", "lre-skipped"),
])
def test_bands(value, status, band):
    assert lre_band(value, status) == band


def test_html_cells_legend_levels_and_failures():
    fragment = nist_html(_runs(), _problems())
    # Cells in dataset order, colour class by band; numbers to one decimal.
    assert "<td class='lre-high' style='background:#b7e1a1'" in fragment
    assert ">7.0</td>" in fragment and ">4.7</td>" in fragment and ">0.3</td>" in fragment
    assert "<td class='lre-fail'" in fragment and ">error</td>" in fragment
    assert "<td class='lre-mid'" in fragment and "<td class='lre-low'" in fragment
    assert fragment.index("Misra1a") < fragment.index("BoxBOD")
    assert "<td class='text'>Lower</td>" in fragment
    assert "<td class='text'>Higher</td>" in fragment
    assert "6 or more digits" in fragment and "fewer than 1" in fragment
    # Start headings in NIST's numbering; solver headings span their starts.
    assert "<th>start 1</th>" in fragment and "<th>start 2</th>" in fragment
    assert "<th colspan='2'>lm</th>" in fragment
    # Failures: BoxBOD lm start 1 (red), BoxBOD lm start 2 (maxiter), Misra1a trf (error).
    failures = fragment.split("<h3>Failures (3)</h3>")[1]
    assert failures.count("<li>") == 3
    assert "BoxBOD (Higher), lm, start 1: converged, min LRE 0.3" in failures
    assert "maxiter, min LRE 3.0" in failures and "error, min LRE error" in failures
    # Text is escaped.
    assert "&lt;condition&gt; &amp; more" in fragment and "<condition>" not in fragment


def test_markdown_has_the_numbers():
    lines = nist_markdown(_runs(), _problems()).splitlines()
    assert lines[0] == ("| dataset | level | lm, start 1 | lm, start 2 | trf, start 1 |")
    assert lines[1] == "|---|---|---:|---:|---:|"
    assert lines[2] == "| Misra1a | Lower | 7.0 | 4.7 | error |"
    assert lines[3] == "| BoxBOD | Higher | 0.3 | 3.0 | 5.0 |"


def test_no_nist_runs():
    runs = pd.DataFrame([_run("mgh-rosenbrock", "lm", 0, (1.0, 1.0), 0.0, family="MGH")])
    assert nist_html(runs, _problems()) == "<p>No NIST StRD runs.</p>"
    assert nist_markdown(runs, _problems()) == "No NIST StRD runs."

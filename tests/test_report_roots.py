"""The root-finding sections of the report: a hand-built table, then a real report.

Hand-built runs (family ``scalar roots``):

- ``newton``: run ``a`` found the root (success) with nfev 5, njev 5, x_error 0,
  residual 0; ``b`` diverged (nfev 50, residual 9); ``c`` converged at a point that is not a
  root (residual 0.5): found 1/3, converged-no-root 1, diverged 1; medians over found
  runs: nfev 5, derivatives 5, x_error 0, residual 0.
- ``bisect``: ``d`` and ``e`` found roots with nfev 43 and 45, x_error 1e-12 and 3e-12,
  residual 1e-12 and 3e-12; ``f`` skipped (left out): found 2/2, medians 44, 0, 2e-12,
  2e-12.
"""

import numpy as np
import pandas as pd
import pytest

from optbench.cli import main
from optbench.report.roots_section import root_table, roots_html, roots_markdown


def _runs() -> pd.DataFrame:
    rows = [("a", "newton", "converged", True, 5, 5, 0.0, 0.0),
            ("b", "newton", "diverged", False, 50, 50, 9.0, 3.0),
            ("c", "newton", "converged", False, 7, 7, 0.5, 0.2),
            ("d", "bisect", "converged", True, 43, 0, 1e-12, 1e-12),
            ("e", "bisect", "converged", True, 45, 0, 3e-12, 3e-12),
            ("f", "bisect", "skipped", False, np.nan, np.nan, np.nan, np.nan)]
    frame = pd.DataFrame(rows, columns=["run_id", "solver", "status", "success", "nfev",
                                        "njev", "fun", "x_error"])
    frame["nhev"] = 0
    frame["family"] = "scalar roots"
    return frame


def test_root_table_counts_and_medians():
    table = root_table(_runs()).set_index("solver")
    newton, bisect = table.loc["newton"], table.loc["bisect"]
    assert (newton["runs"], newton["found"], newton["converged_no_root"],
            newton["diverged"]) == (3, 1, 1, 1)
    assert (newton["nfev"], newton["derivatives"], newton["residual"]) == (5.0, 5.0, 0.0)
    assert (bisect["runs"], bisect["found"], bisect["converged_no_root"]) == (2, 2, 0)
    assert bisect["nfev"] == 44.0 and bisect["derivatives"] == 0.0
    assert bisect["x_error"] == pytest.approx(2e-12) and bisect["residual"] == pytest.approx(
        2e-12)


def test_html_and_markdown_show_found_as_k_of_n():
    page, text = roots_html(_runs()), roots_markdown(_runs())
    assert "data-sort='0.3333333333333333'>1/3<" in page and ">2/2<" in page
    assert "| newton | 1/3 | 1 | 1 |" in text


def test_report_has_both_root_sections(tmp_path):
    """Two APS cases and MINPACK's Rosenbrock system, end to end through the CLI."""
    store, out = tmp_path / "runs.sqlite", tmp_path / "out"
    code = main(["report", "--problems", "aps-01", "aps-13", "eq-rosenbrock", "--solvers",
                 "brentq", "newton", "fsolve", "--results", str(store), "--out", str(out),
                 "--quiet"])
    assert code == 0
    page = (out / "report.html").read_text()
    markdown = (out / "summary.md").read_text()
    for title in ("Scalar roots: roots found and how runs ended",
                  "Nonlinear equations: roots found and how runs ended"):
        assert title in page and title in markdown
    # brentq finds both APS roots (scipy converges on every APS bracket); fsolve finds
    # (1, 1) from x0 (MINPACK's hybrd1 driver: info 1)
    assert "| brentq | 2/2 |" in markdown and "| fsolve | 1/1 |" in markdown
    # their convergence charts plot the residual, as the caption says
    assert "eq-rosenbrock: best residual |f(x)| or ||F(x)|| so far against" in page

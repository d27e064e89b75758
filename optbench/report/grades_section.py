"""A report section on reference values: how many problems' f* are of each trust grade,
and the runs flagged below a published value.

Any family may declare it (``Section(..., "optbench.report.grades_section:grades_html",
"optbench.report.grades_section:grades_markdown")``); it reads only the store's
``problems`` table (each problem's ``reference`` JSON, `optbench.grades`) and the runs'
messages, where the runner writes the flag (`optbench.grades.below_published`).
"""

from __future__ import annotations

import json

import pandas as pd

from optbench.analysis.targets import ran
from optbench.grades import GRADES, grade_of
from optbench.report.html_blocks import records_table
from optbench.report.sections import SectionData
from optbench.report.tables import records_markdown

#: The start of the message of a run the runner flagged (`optbench.grades`).
FLAG = "is below the published f*"


def grade_table(runs: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """Per grade: the problems with runs whose f* has it, and their runs.

    Examples
    --------
    >>> problems = pd.DataFrame({"problem": ["a", "b"], "f_opt": [0.0, float("nan")],
    ...                          "reference": ["{}", "{}"]})
    >>> runs = pd.DataFrame({"problem": ["a", "b", "b"], "status": "converged"})
    >>> grade_table(runs, problems).values.tolist()
    [['certified', 1, 1], ['best-found', 1, 2]]
    """
    ran_runs = ran(runs)
    stored = problems[problems["problem"].isin(set(ran_runs["problem"]))]
    grades = {row.problem: grade_of(float(row.f_opt), json.loads(row.reference or "{}"))
              for row in stored.itertuples()}
    counts = ran_runs["problem"].map(grades).value_counts()
    problem_counts = pd.Series(grades).value_counts()
    rows = [[grade, int(problem_counts.get(grade, 0)), int(counts.get(grade, 0))]
            for grade in GRADES if problem_counts.get(grade, 0)]
    return pd.DataFrame(rows, columns=["grade", "problems", "runs"])


def flagged_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs that ended below a published f* by more than its printed digits.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": ["p"], "solver": ["s"], "status": ["converged"],
    ...     "fun": [1.0], "f_opt": [2.0], "max_violation": [0.0],
    ...     "message": ["f = 1.0 is below the published f* = 2.0 by more ..."]})
    >>> flagged_runs(runs)[["problem", "fun", "f_opt"]].values.tolist()
    [['p', 1.0, 2.0]]
    """
    message = runs["message"].fillna("")
    flagged = runs[message.str.contains(FLAG, regex=False)]
    return flagged[["problem", "solver", "status", "fun", "f_opt", "max_violation"]]


_INTRO = ("Each problem's reference value f* has a grade (optbench.grades): certified "
          "(verified; for CUTEst, a twin of an MGH, NIST or HS problem), published (the "
          "source's printed value, not verified: CUTEst's SOLTN), best-found (none known: "
          "targets use the best value any stored run reached, marked estimated). Runs "
          "whose feasible final value lies below a published f* by more than half a unit "
          "in its last printed digit are listed after.")


def grades_markdown(data: SectionData) -> str:
    """The section in Markdown."""
    flagged = flagged_runs(data.runs)
    return "\n\n".join([
        _INTRO, records_markdown(grade_table(data.runs, data.problems)),
        f"{len(flagged)} runs below a published f*:",
        records_markdown(flagged) if len(flagged) else "none"])


def grades_html(data: SectionData) -> str:
    """The section in HTML."""
    flagged = flagged_runs(data.runs)
    return "".join([
        f"<p>{_INTRO}</p>",
        records_table(grade_table(data.runs, data.problems)),
        f"<p>{len(flagged)} runs below a published f*:</p>",
        records_table(flagged) if len(flagged) else "<p>none</p>"])

"""Solver honesty: how often a solver's own verdict (success or failure) is true.

Every solver ends with a verdict of its own; optbench knows the truth, the certified
optimum f* (or, where none is known, the best value any run found). A run is *within
target* ``tau`` when it is `optbench.analysis.targets.solved` there: its returned point
is feasible, its ``fun`` within ``tau * max(1, |f*|)`` of f* (for equation families the
residual is ``fun`` and f* = 0), and it neither errored nor was skipped.

The verdict is read off the run's ``status`` (`optbench.result.Status`):

- **claimed success**: ``converged``, the solver's own convergence test passed;
- **claimed failure**: ``maxiter``, ``stalled`` or ``diverged``, the solver said it
  stopped without converging (``diverged`` is also what optbench writes over any
  status when the returned value is not finite or grew a million-fold past the start:
  such a run is never within target, so a hidden false success there counts as a
  true failure, and the false-success rate is a lower bound);
- **no verdict**: ``budget`` and ``timeout`` (optbench stopped the run before the
  solver could say), ``error`` (it raised); ``skipped`` runs are dropped.

Per solver (or solver and family), at each target: the 2 x 2 confusion of claim against
truth, the **false-success rate** (claimed success, not within target, over claimed
successes) and the **false-alarm rate** (claimed failure, within target, over claimed
failures). A local solver's success means a stationary point: on problems with local
minima that are not global, a false success is a local minimum, not a lie.

No other benchmarking tool can compute this: benchopt, COCO, IOHprofiler and
OptiProfiler measure targets from the best value any solver found, not from a
certified optimum, and none compares that with the solver's own verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from optbench.analysis.targets import final_gap, ran, reference_values

#: Targets at which the rates are computed: 1e-1 down to 1e-10.
HONESTY_TARGETS = tuple(10.0 ** -k for k in range(1, 11))
#: Statuses that are the solver's claim of success.
CLAIMED_SUCCESS = frozenset({"converged"})
#: Statuses that are the solver's claim of failure.
CLAIMED_FAILURE = frozenset({"maxiter", "stalled", "diverged"})
#: The columns of :func:`honesty_table` after the group keys.
HONESTY_COLUMNS = ("tau", "runs", "no_verdict", "success_within", "success_outside",
                   "failure_within", "failure_outside", "false_success", "false_alarm",
                   "note")
#: Fewer claims than this never get the "success (failure) on every run" note.
ALWAYS_SUCCESS_MIN = 5


def claims(runs: pd.DataFrame) -> np.ndarray:
    """Each run's verdict: ``"success"``, ``"failure"`` or ``"none"`` (module docstring).

    Examples
    --------
    >>> runs = pd.DataFrame({"status": ["converged", "maxiter", "budget", "diverged"]})
    >>> claims(runs).tolist()
    ['success', 'failure', 'none', 'failure']
    """
    status = runs["status"].astype(str)
    return np.select([status.isin(CLAIMED_SUCCESS), status.isin(CLAIMED_FAILURE)],
                     ["success", "failure"], "none")


def comparability_note(runs: pd.DataFrame) -> str:
    """Why one solver's verdicts may not be comparable with the others' ('' if none).

    ``no verdict``: none of its runs ended with one. ``status inferred``: optbench, not
    the solver, inferred the status (a message says so: ``fmin_cobyla`` returns x
    only). ``success on every run``: at least `ALWAYS_SUCCESS_MIN` verdicts, all of
    them success: the flag may be no test at all (a user function that returns no
    status or success is read as converged). ``failure on every run``: as many, all
    failures: the solver may always stop at its own limit (dual annealing runs to its
    iteration limit by design), so its failure is no verdict on the point.

    Examples
    --------
    >>> comparability_note(pd.DataFrame({"status": ["budget"], "message": ""}))
    'no verdict'
    >>> comparability_note(pd.DataFrame({"status": ["converged"] * 5, "message": ""}))
    'success on every run'
    >>> comparability_note(pd.DataFrame({"status": ["maxiter"] * 5, "message": ""}))
    'failure on every run'
    >>> comparability_note(pd.DataFrame({"status": ["converged", "maxiter"],
    ...                                  "message": ["", ""]}))
    ''
    """
    said = claims(runs)
    notes = []
    if not (said != "none").any():
        notes.append("no verdict")
    if "message" in runs and runs["message"].astype(str).str.contains(
            "status inferred", regex=False).any():
        notes.append("status inferred by optbench")
    if (said == "success").sum() >= ALWAYS_SUCCESS_MIN and not (said == "failure").any():
        notes.append("success on every run")
    if (said == "failure").sum() >= ALWAYS_SUCCESS_MIN and not (said == "success").any():
        notes.append("failure on every run")
    return "; ".join(notes)


def _rate(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, part / np.maximum(whole, 1), np.nan)


def honesty_table(runs: pd.DataFrame, taus: Sequence[float] = HONESTY_TARGETS,
                  reference: pd.DataFrame | None = None,
                  by: Sequence[str] = ("solver",)) -> pd.DataFrame:
    """Per group (``by``: solver, or solver and family) and target, the confusion of the
    solver's verdict (`claims`) against the truth (within target, `solved`).

    Parameters
    ----------
    runs : DataFrame
        The runs table (skipped runs are dropped).
    taus : sequence of float
        The relative targets (`optbench.analysis.targets.within_target`).
    reference : DataFrame, optional
        `reference_values` of the runs (default: computed from ``runs``).
    by : sequence of str
        The group columns, in order; groups in order of appearance.

    Returns
    -------
    DataFrame
        A row per group and target (groups first, then targets in order): the ``by``
        columns, then `HONESTY_COLUMNS`: ``runs`` (that ran), ``no_verdict``, the four
        cells ``success_within`` (claimed success, within target), ``success_outside``,
        ``failure_within``, ``failure_outside``, ``false_success`` (success_outside
        over claimed successes; NaN without any), ``false_alarm`` (failure_within over
        claimed failures; NaN without any) and ``note`` (`comparability_note`).

    Examples
    --------
    Five runs of one solver on f* = 0: converged at 1e-8 (true success), converged at
    1e-2 (false success at 1e-3, true at 1e-1), maxiter at 1e-9 (false alarm), stalled
    at 5 (true failure), budget at 0 (no verdict). At tau = 1e-3: successes 1 within,
    1 outside: false success 1/2; failures 1 within, 1 outside: false alarm 1/2. At
    tau = 1e-1 the run at 1e-2 is within: false success 0/2.

    >>> runs = pd.DataFrame({"run_id": list("abcde"), "problem": "p", "solver": "s",
    ...                      "f_opt": 0.0, "fun": [1e-8, 1e-2, 1e-9, 5.0, 0.0],
    ...                      "status": ["converged", "converged", "maxiter", "stalled",
    ...                                 "budget"]})
    >>> table = honesty_table(runs, taus=(1e-1, 1e-3))
    >>> table[["tau", "success_within", "success_outside", "failure_within",
    ...        "failure_outside", "no_verdict"]].to_dict("list")
    {'tau': [0.1, 0.001], 'success_within': [2, 1], 'success_outside': [0, 1], \
'failure_within': [1, 1], 'failure_outside': [1, 1], 'no_verdict': [1, 1]}
    >>> table[["false_success", "false_alarm"]].to_dict("list")
    {'false_success': [0.0, 0.5], 'false_alarm': [0.5, 0.5]}
    """
    runs = ran(runs)
    by = list(by)
    if reference is None:
        reference = reference_values(runs)
    said = claims(runs)
    keys = [runs[c] for c in by]
    groups = runs.groupby(keys, sort=False)
    notes = groups.apply(comparability_note, include_groups=False) if len(runs) else \
        pd.Series(dtype=str)
    group, sizes = groups.ngroup().to_numpy(), groups.size()

    def count(mask: np.ndarray) -> np.ndarray:  # per group, the runs ``mask`` holds for
        return np.bincount(group[mask], minlength=len(sizes))

    success, failure = said == "success", said == "failure"
    # each run's distance to target once; a run is within tau where it is <= tau
    gap = final_gap(runs, reference)
    parts = []
    for tau in taus:
        within = gap <= tau
        table = pd.DataFrame({
            "tau": float(tau), "runs": sizes, "no_verdict": count(said == "none"),
            "success_within": count(success & within),
            "success_outside": count(success & ~within),
            "failure_within": count(failure & within),
            "failure_outside": count(failure & ~within)}, index=sizes.index)
        table["false_success"] = _rate(table["success_outside"].to_numpy(), count(success))
        table["false_alarm"] = _rate(table["failure_within"].to_numpy(), count(failure))
        table["note"] = notes.reindex(table.index).fillna("")
        table["order"] = np.arange(len(table))
        parts.append(table)
    if not parts or runs.empty:
        return pd.DataFrame(columns=[*by, *HONESTY_COLUMNS])
    frame = pd.concat(parts).reset_index()
    frame = frame.sort_values(["order", "tau"], ascending=[True, False], kind="stable")
    integer = ["runs", "no_verdict", "success_within", "success_outside", "failure_within",
               "failure_outside"]
    frame[integer] = frame[integer].astype(int)
    return frame.loc[:, [*by, *HONESTY_COLUMNS]].reset_index(drop=True)


def honesty_at(table: pd.DataFrame, tau: float) -> pd.DataFrame:
    """The rows of a :func:`honesty_table` at target ``tau``.

    Examples
    --------
    >>> table = pd.DataFrame({"solver": ["s", "s"], "tau": [1e-1, 1e-5]})
    >>> honesty_at(table, 1e-5)["tau"].tolist()
    [1e-05]
    """
    at = np.isclose(table["tau"].astype(float), tau, rtol=1e-9, atol=0.0)
    return table[at].reset_index(drop=True)

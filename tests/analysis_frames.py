"""Tiny hand-built ``runs`` and ``traces`` tables for the analysis tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

_RUN_DEFAULTS = {"start": 0, "seed": 0, "n": 2, "nfev": 0, "njev": 0, "fun": np.nan,
                 "f_opt": 0.0, "status": "converged", "time_s": 0.0, "family": "MGH"}


def make_runs(*rows: dict) -> pd.DataFrame:
    """A ``runs`` table: each row needs run_id, problem and solver; the rest defaults."""
    frame = pd.DataFrame([{**_RUN_DEFAULTS, **row} for row in rows])
    frame["f_error"] = (frame["fun"] - frame["f_opt"]).abs()
    return frame


def make_traces(rows: dict[str, list[tuple]]) -> pd.DataFrame:
    """A ``traces`` table from ``run_id -> [(evaluation, f, njev, time_s), ...]``.

    ``best_f`` is the running minimum of the finite values so far (NaN before any).
    """
    frames = []
    for run_id, trace in rows.items():
        evaluation, f, njev, time_s = np.array(trace, dtype=float).T
        best_f = np.fmin.accumulate(np.where(np.isfinite(f), f, np.nan))
        frames.append(pd.DataFrame({"run_id": run_id, "evaluation": evaluation.astype(int),
                                    "f": f, "best_f": best_f, "time_s": time_s,
                                    "njev": njev.astype(int)}))
    return pd.concat(frames, ignore_index=True)

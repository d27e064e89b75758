"""Curves and improvement rows read off stored traces (optbench.analysis)."""

import numpy as np
import pandas as pd
import pytest

from optbench.analysis.tables import best_so_far_curves
from optbench.analysis.targets import improvement_rows
from optbench.errors import OptbenchError
from optbench.runner import Task, execute
from optbench.store import Store


def test_best_so_far_curves_are_each_runs_trace():
    store = Store(None)
    records = [execute(Task(p, "bfgs", 0, 0, 100)) for p in ("quadratic", "rosenbrock")]
    for record in records:
        store.add(record)
    curves = best_so_far_curves(store.traces())
    assert set(curves) == {r.run_id for r in records}
    for record in records:
        np.testing.assert_array_equal(curves[record.run_id], record.trace.best_f)
        assert curves[record.run_id].size == record.nfev


def test_best_so_far_curves_refuse_traces_optbench_did_not_write():
    store = Store(None)
    store.add(execute(Task("quadratic", "bfgs", 0, 0, 100)))
    store._insert_block("x", {"evaluation": np.array([5]), "f": np.ones(1),
                              "best_f": np.ones(1), "time_s": np.zeros(1),
                              "njev": np.zeros(1), "violation": np.full(1, np.nan)})
    with pytest.raises(OptbenchError, match="does not start at evaluation 1"):
        best_so_far_curves(store.traces())


def test_the_store_keeps_first_last_and_every_new_best():
    # quadratic from x0 = 1.3 with Nelder-Mead: its trace has evaluations that are
    # not improvements; the stored rows are evaluation 1, the last one, and the rows
    # whose f set a new best (f == best_f), and improvement_rows keeps them all.
    record = execute(Task("quadratic", "nelder-mead", 0, 0, 100))
    with Store(None) as store:
        store.add(record)
        kept = store.traces()
    trace = record.trace
    expected = [e for e, f, b in zip(trace.evaluation, trace.f, trace.best_f, strict=True)
                if e == 1 or f == b or e == record.nfev]
    assert 2 < len(kept) < len(trace)
    assert kept["evaluation"].tolist() == expected
    assert improvement_rows(kept).equals(kept)
    # Every best-so-far level of the full trace is still reached, at its first evaluation.
    full = pd.DataFrame({"evaluation": trace.evaluation, "best_f": trace.best_f})
    first_at = full.groupby("best_f")["evaluation"].min()
    assert kept.groupby("best_f")["evaluation"].min().to_dict() == first_at.to_dict()
    # and the dense curve read back is the instrument's
    np.testing.assert_array_equal(best_so_far_curves(kept)[record.run_id], trace.best_f)

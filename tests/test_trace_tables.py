"""Curves and improvement rows read off stored traces (optbench.analysis)."""

import numpy as np
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
    store._connection.execute(
        "INSERT INTO traces (run_id, evaluation, f, best_f, time_s) VALUES ('x', 5, 1, 1, 0)")
    with pytest.raises(OptbenchError, match="not numbered 1 to nfev"):
        best_so_far_curves(store.traces())


def test_improvement_rows_keep_first_last_and_every_new_best():
    # quadratic from x0 = 1.3 with Nelder-Mead: its trace has evaluations that are
    # not improvements; the kept rows are evaluation 1, the last one, and the rows
    # whose f set a new best (f == best_f).
    record = execute(Task("quadratic", "nelder-mead", 0, 0, 100))
    with Store(None) as store:
        store.add(record)
        full = store.traces()
    kept = improvement_rows(full)
    trace = record.trace
    expected = [e for e, f, b in zip(trace.evaluation, trace.f, trace.best_f, strict=True)
                if e == 1 or f == b or e == record.nfev]
    assert 2 < len(kept) < len(full)
    assert kept["evaluation"].tolist() == expected
    assert kept.columns.tolist() == full.columns.tolist()
    # Every best-so-far level of the full trace is still reached, at its first evaluation.
    first_at = full.groupby("best_f")["evaluation"].min()
    assert kept.groupby("best_f")["evaluation"].min().to_dict() == first_at.to_dict()

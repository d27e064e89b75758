"""export(): CSV and Parquet read back as the store's frames; IOHprofiler files as by hand."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from optbench.errors import OptbenchError
from optbench.export import RUNS_SCHEMA, TRACES_SCHEMA, export, function_id, safe_name
from optbench.instrument import Trace
from optbench.record import Record
from optbench.runner import Task, execute
from optbench.store import Store


def _record(run_id, problem, solver, start, f, status="converged", n=2):
    """A hand-made run whose trace has values ``f`` (best so far as the instrument keeps it)."""
    trace = None
    if f is not None:
        f = np.array(f, dtype=float)
        best, best_f = np.inf, []
        for value in f:
            if np.isfinite(value) and value < best:
                best = value
            best_f.append(best)
        k = np.arange(1, f.size + 1)
        trace = Trace(k, f, np.array(best_f), 0.001 * k, np.zeros(f.size, dtype=int),
                      np.full(f.size, np.nan))
    return Record(
        run_id=run_id, problem=problem, family="test", kind="minimize", solver=solver,
        start=start, seed=0,
        max_fev=10, n=n, nit=None, nit_source=None, nfev=None if f is None else f.size,
        njev=0, nhev=0, ncev=0, ncjev=0, solver_nit=None, solver_nfev=None, solver_njev=None,
        solver_nhev=None, solver_ncev=None, solver_ncjev=None,
        fun=None if f is None or not np.isfinite(f).any() else float(np.min(f[np.isfinite(f)])),
        f_opt=0.0,
        f_error=None, x_error=None, max_violation=None, accuracy=None, success=False,
        status=status,
        message="", time_s=0.01, optbench_version="0.2.0", x=None, trace=trace,
    )


@pytest.fixture
def tiny():
    store = Store(None)
    store.add(_record("r1", "toy[a,b]", "s1", 0, [3.0, 4.0, 2.5, np.nan, 1.0, 1.0]))
    store.add(_record("r2", "toy[a,b]", "s1", 1, [np.nan, np.inf, 0.25, 0.1]))
    store.add(_record("r3", "toy[a,b]", "s2", 0, None, status="skipped"))
    return store


EXPECTED_DAT = (
    "evaluations raw_y\n"
    "1 3\n"  # Arrow writes integral floats without ".0"; any reader parses them
    "3 2.5\n"
    "5 1\n"
    "evaluations raw_y\n"
    "3 0.25\n"
    "4 0.1\n"
)

#: "toy[a,b]"'s function id: its name's CRC-32 folded into 1 .. 2**31 - 1, as computed by
#: zlib.crc32(b"toy[a,b]") % (2**31 - 1) + 1 (the same in every export).
TOY = 603247956

EXPECTED_JSON = """{
  "version": "1.0.0",
  "suite": "optbench",
  "function_id": TOY,
  "function_name": "toy_a_b_",
  "f_opt": 0.0,
  "maximization": false,
  "algorithm": {
    "name": "s1",
    "info": "optbench 0.2.0"
  },
  "attributes": [
    "evaluations",
    "raw_y"
  ],
  "run_attributes": [
    "start",
    "seed"
  ],
  "scenarios": [
    {
      "dimension": 2,
      "path": "data_fTOY_toy_a_b_/IOHprofiler_fTOY_DIM2.dat",
      "runs": [
        {
          "instance": 1,
          "evals": 6,
          "best": {
            "evals": 5,
            "y": 1.0,
            "x": []
          },
          "start": 0,
          "seed": 0
        },
        {
          "instance": 2,
          "evals": 4,
          "best": {
            "evals": 4,
            "y": 0.1,
            "x": []
          },
          "start": 1,
          "seed": 0
        }
      ]
    }
  ]
}
"""


def test_iohprofiler_files_are_what_the_format_says(tiny, tmp_path):
    written = export(tiny, ["r1", "r2", "r3"], tmp_path)
    root = tmp_path / "export" / "iohprofiler"
    files = sorted(p.relative_to(root).as_posix() for p in written if root in p.parents)
    # The skipped run's solver has no folder: a skipped run has no trace.
    assert function_id("toy[a,b]") == TOY
    assert files == [f"s1/IOHprofiler_f{TOY}_toy_a_b_.json",
                     f"s1/data_f{TOY}_toy_a_b_/IOHprofiler_f{TOY}_DIM2.dat"]
    assert (root / files[1]).read_bytes() == EXPECTED_DAT.encode()
    # compact JSON (one line): the same document as the expected one, byte for byte
    document = json.loads(EXPECTED_JSON.replace("TOY", str(TOY)))
    expected = json.dumps(document, allow_nan=False) + "\n"
    assert (root / files[0]).read_bytes() == expected.encode()
    meta = document
    assert (root / "s1" / meta["scenarios"][0]["path"]).is_file()


def test_function_ids_are_the_same_in_every_export(tmp_path):
    # Issue 15: ids numbered per export made f1 quadratic in one and another problem in
    # the next; an id made from the name is the same whatever else is exported.
    one, two = Store(None), Store(None)
    one.add(_record("a", "zeta", "s", 0, [1.0]))
    two.add(_record("b", "alpha", "s", 0, [2.0, 1.0], n=3))
    two.add(_record("c", "zeta", "s", 0, [1.0]))
    export(one, ["a"], tmp_path / "one")
    export(two, ["b", "c"], tmp_path / "two")
    for folder in (tmp_path / "one", tmp_path / "two"):
        zeta = f"IOHprofiler_f{function_id('zeta')}_zeta.json"
        meta = folder / "export" / "iohprofiler" / "s" / zeta
        assert json.loads(meta.read_text())["function_id"] == function_id("zeta")
    alpha = function_id("alpha")
    dat = (tmp_path / "two" / "export" / "iohprofiler" / "s" / f"data_f{alpha}_alpha"
           / f"IOHprofiler_f{alpha}_DIM3.dat")
    assert dat.read_text() == "evaluations raw_y\n1 2\n2 1\n"


def test_the_schema_is_the_same_whatever_the_data(tiny, real, tmp_path):
    # Issue 15: counts were Int64 until a run timed out, then Float64, and all-empty
    # columns Arrow null; two exports now concatenate.
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(tiny, ["r1", "r2", "r3"], tmp_path / "tiny")
    export(real, sorted(real.run_ids()), tmp_path / "real")
    for name, schema in (("runs", RUNS_SCHEMA), ("traces", TRACES_SCHEMA)):
        tables = [pq.read_table(tmp_path / part / "export" / f"{name}.parquet")
                  for part in ("tiny", "real")]
        assert all(table.schema == schema for table in tables)
        assert pa.concat_tables(tables).num_rows == sum(t.num_rows for t in tables)
    assert RUNS_SCHEMA.field("nfev").type == pa.int64()
    assert RUNS_SCHEMA.field("solver_nhev").type == pa.int64()
    assert RUNS_SCHEMA.field("success").type == pa.bool_()


def test_unsafe_names_give_safe_file_names(tmp_path):
    store = Store(None)
    store.add(_record("a", "p[x=1, y=(2)]/../q", "gd[step=0.1]", 0, [1.0]))
    store.add(_record("b", "p[x=1, y=(2)]/../q", "gd(step=0.1)", 0, [1.0]))
    written = export(store, ["a", "b"], tmp_path)
    root = tmp_path / "export" / "iohprofiler"
    names = [p.relative_to(root).as_posix() for p in written if root in p.parents]
    assert len(names) == 4
    for name in names:
        assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", part) for part in name.split("/")), name
    # Two solvers that sanitise alike still get a folder each; names are kept in the JSON.
    assert sorted({name.split("/")[0] for name in names}) == ["gd_step_0_1_", "gd_step_0_1__2"]
    algorithms = {json.loads((root / n).read_text())["algorithm"]["name"]
                  for n in names if n.endswith(".json")}
    assert algorithms == {"gd[step=0.1]", "gd(step=0.1)"}
    assert safe_name("a,b[c]") == "a_b_c_"


def test_an_empty_selection_writes_nothing_and_says_so(tiny, tmp_path):
    with pytest.raises(OptbenchError, match="no runs to export") as caught:
        export(tiny, [], tmp_path / "out")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "out").exists()
    with pytest.raises(OptbenchError):
        export(tiny, ["not-a-run"], tmp_path / "out")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "s.sqlite"
    store = Store(path)
    for task in (Task("quadratic", "bfgs", 0, 0, 100), Task("rosenbrock", "gd", 0, 0, 100),
                 Task("rosenbrock", "nelder-mead", 1, 0, 100)):
        store.add(execute(task))
    store.write_meta()
    return store


def test_parquet_reads_back_as_the_store_frames(real, tmp_path):
    ids = sorted(real.run_ids())
    export(real, ids, tmp_path)
    folder = tmp_path / "export"
    runs, traces = real.runs(ids), real.traces(ids)
    traces["run_id"] = traces["run_id"].astype(str)  # the store's ids are categorical
    assert runs["fun"].isna().any() or not np.isfinite(runs["fun"]).all()  # non-finite kept
    # The same values; the dtypes are the fixed schema's (an all-empty column is float
    # NaN or null when read back, where the store's frame has None).
    for name, frame in (("runs", runs), ("traces", traces)):
        back = pd.read_parquet(folder / f"{name}.parquet")
        empty = [c for c in frame.columns if frame[c].isna().all()]
        assert back[empty].isna().all().all()
        pd.testing.assert_frame_equal(back.drop(columns=empty), frame.drop(columns=empty),
                                      check_dtype=False)


def _read_csv(path):
    """pandas 3 parses floats exactly by default; pandas 2 needs the round-trip parser."""
    if int(pd.__version__.split(".")[0]) < 3:
        return pd.read_csv(path, float_precision="round_trip")
    return pd.read_csv(path)


def _text(column):
    return ["" if pd.isna(v) else str(v) for v in column]


def test_csv_reads_back_exactly(real, tmp_path):
    ids = sorted(real.run_ids())
    export(real, ids, tmp_path)
    folder = tmp_path / "export"
    traces = real.traces(ids).astype({"run_id": object})  # the store's ids are categorical
    for name, frame in (("runs", real.runs(ids)), ("traces", traces)):
        back = _read_csv(folder / {"runs": "runs.csv", "traces": "traces.csv.gz"}[name])
        assert list(back.columns) == list(frame.columns)
        for column in frame.columns:
            if frame[column].dtype == object:  # text: CSV cannot tell "" from missing
                assert _text(back[column]) == _text(frame[column]), column
            else:
                np.testing.assert_array_equal(back[column].to_numpy(),
                                              frame[column].to_numpy(), err_msg=column)
                # Arrow writes an integral float as "4": a column of only such values
                # reads back as integers, equal in value (checked above).
                assert back[column].dtype.kind in "fi" if frame[column].dtype.kind == "f" \
                    else back[column].dtype == frame[column].dtype, column
    assert not np.isfinite(_read_csv(folder / "runs.csv")["fun"]).all()  # inf/NaN survive


def test_a_second_export_replaces_stale_iohprofiler_folders(tiny, tmp_path):
    export(tiny, ["r1", "r2"], tmp_path)
    stale = tmp_path / "export" / "iohprofiler" / "old-solver"
    stale.mkdir()
    export(tiny, ["r1"], tmp_path)
    assert not stale.exists()
    dat = tmp_path / "export" / "iohprofiler" / "s1" / f"data_f{TOY}_toy_a_b_"
    assert (dat / f"IOHprofiler_f{TOY}_DIM2.dat").read_text() == \
        "evaluations raw_y\n1 3\n3 2.5\n5 1\n"


def test_every_attempted_run_is_exported(tiny, tmp_path):
    # Runs that died kept nothing and were dropped from this format, inflating the
    # success rates IOH tools compute (issue 15, defect 7). Each attempted run is there;
    # one that never saw a finite f has the row "<its evaluations> inf".
    tiny.add(_record("r4", "toy[a,b]", "s1", 2, None, status="error"))
    tiny.add(_record("r5", "toy[a,b]", "s1", 3, [np.nan, np.nan], status="timeout"))
    export(tiny, ["r1", "r2", "r3", "r4", "r5"], tmp_path)
    root = tmp_path / "export" / "iohprofiler" / "s1"
    meta = json.loads((root / f"IOHprofiler_f{TOY}_toy_a_b_.json").read_text())
    runs = meta["scenarios"][0]["runs"]
    assert [(run["start"], run["evals"], run["best"]) for run in runs] == [
        (0, 6, {"evals": 5, "y": 1.0, "x": []}), (1, 4, {"evals": 4, "y": 0.1, "x": []}),
        (2, 0, {"evals": 0, "y": None, "x": []}), (3, 2, {"evals": 2, "y": None, "x": []})]
    dat = (root / meta["scenarios"][0]["path"]).read_text()
    assert dat == EXPECTED_DAT + "evaluations raw_y\n0 inf\nevaluations raw_y\n2 inf\n"

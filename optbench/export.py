"""Export stored runs for other tools: CSV, Parquet and IOHprofiler (IOHanalyzer).

`export` is pure I/O: it writes what the store holds, computes no metrics, and never
changes the store. Everything goes under ``<out>/export/``::

    export/
        runs.csv                 the runs table, one row per run
        traces.csv.gz            one row per function evaluation (long format), gzipped
        runs.parquet             the same two tables, typed, for pandas / pyarrow /
        traces.parquet           polars / R arrow / DuckDB / Spark
        iohprofiler/             IOHprofiler format, one folder per solver (algorithm)
            <solver>/
                IOHprofiler_f<id>_<problem>.json
                data_f<id>_<problem>/IOHprofiler_f<id>_DIM<n>.dat

Where to load what
------------------
``runs.parquet``, ``traces.parquet``
    ``pandas.read_parquet(path)``, ``pyarrow.parquet.read_table(path)``,
    ``polars.read_parquet(path)``, R ``arrow::read_parquet(path)``. One fixed schema
    whatever the data (`RUNS_SCHEMA`, `TRACES_SCHEMA`): counts, seeds and sizes are
    nullable 64-bit integers (missing: null), values 64-bit floats (missing: null),
    ``success`` boolean, the rest text; so exports of different stores concatenate.
``runs.csv``, ``traces.csv.gz``
    Any CSV reader. Floats are written (by Arrow's CSV writer) in their shortest
    round-trip representation, integral ones without a decimal point (``4``), so they
    read back exactly with a correctly rounding parser:
    ``pandas.read_csv(path)`` with pandas 3 (pandas 2 needs
    ``float_precision="round_trip"``; its default fast parser can be one unit in the
    last place off), R ``read.csv``, polars. Missing
    values are empty fields, infinities ``inf`` / ``-inf``. CSV cannot tell an empty
    text from a missing one; use Parquet where that matters.
``iohprofiler/``
    IOHanalyzer (https://iohanalyzer.liacs.nl, R package ``IOHanalyzer``): upload
    the folder (zipped) in the web app's "Upload data" page, or call
    ``DataSetList("<out>/export/iohprofiler/<solver>")`` in R for one algorithm at
    a time (``c()`` joins several). The layout and fields follow the JSON meta-data
    format that IOHexperimenter's ``Analyzer`` logger (version 2) writes.

The IOHprofiler mapping
-----------------------
* function = problem; ``function_id`` is a number made from the problem's name
  (`function_id`), the same in every export, so exports of different stores do not
  collide; ``function_name`` is the problem name with every character other than
  letters, digits, ``_`` and ``-`` replaced by ``_`` (also used in file names), and
  ``f_opt`` the certified optimum (``null`` where unknown).
* algorithm = solver: ``algorithm.name`` is the solver spec as stored, its folder
  name the spec made safe like the problem names.
* dimension = ``n``.
* instance = the run's ``(seed, start)``: the distinct pairs of the export, sorted,
  are numbered 1, 2, ... (with one seed and starts 0..k-1 that is ``start + 1``);
  each run also carries ``start`` and ``seed`` as run attributes.
* ``maximization`` is false and the values are the raw objective f, not
  ``f - f*``. IOHanalyzer does not need the optimum; to see errors to the certified
  optimum, use its target settings with ``f_opt`` from ``runs.csv`` (or subtract it
  before loading).
* Each ``.dat`` block starts with the header line ``evaluations raw_y`` and has one
  row per improvement of the best value so far: the evaluation number and the new
  best f. A run's ``evals`` is its number of evaluations, ``best`` the evaluation
  and value of its best point (``x`` is empty: optbench does not keep the point
  of each evaluation).
* Every attempted run is in this format, whatever its status (``timeout`` and
  ``error`` runs with the trace their worker reported; see `optbench.progress`), so
  success rates read by IOHanalyzer count them as failures; only ``skipped`` runs,
  never attempted, are left out. A run that never saw a finite f has one row, its
  number of evaluations and ``inf``, and a ``best`` of those evaluations with ``y``
  ``null``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import typing
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet
from isal import igzip

from optbench.errors import OptbenchError
from optbench.record import RUN_COLUMNS, Record
from optbench.result import Status
from optbench.store import Store

#: The ``version`` field of the IOHprofiler meta-data files (see `export`).
IOH_FORMAT_VERSION = "1.0.0"

#: The columns of the IOHprofiler raw-data files.
IOH_COLUMNS = ("evaluations", "raw_y")

_SKIPPED = Status.SKIPPED.value


def _arrow_type(annotation: object) -> pa.DataType:
    """The Arrow type of a `Record` field: int, float, bool or text, nullable."""
    names = {getattr(arg, "__name__", str(arg)) for arg in typing.get_args(annotation)}
    names |= {getattr(annotation, "__name__", str(annotation))}
    for python, arrow in (("bool", pa.bool_()), ("int", pa.int64()),
                          ("float", pa.float64())):
        if python in names:
            return arrow
    return pa.string()


#: The schema of ``runs.csv`` and ``runs.parquet``: the runs table's columns, typed by
#: `Record`'s fields.
RUNS_SCHEMA = pa.schema([(name, _arrow_type(typing.get_type_hints(Record)[name]))
                         for name in RUN_COLUMNS])
#: The schema of ``traces.csv.gz`` and ``traces.parquet``.
TRACES_SCHEMA = pa.schema([("run_id", pa.string()), ("evaluation", pa.int64()),
                           ("f", pa.float64()), ("best_f", pa.float64()),
                           ("time_s", pa.float64()), ("njev", pa.int64()),
                           ("violation", pa.float64())])


def function_id(problem: str) -> int:
    """The IOHprofiler ``function_id`` of a problem: its name's CRC-32 folded into
    1 .. 2**31 - 1, the same in every export.

    Examples
    --------
    >>> function_id("quadratic") == function_id("quadratic"), function_id("rosenbrock") > 0
    (True, True)
    """
    return zlib.crc32(problem.encode()) % (2**31 - 1) + 1


def typed_table(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` as an Arrow table of ``schema`` (missing values null, counts integers).

    Examples
    --------
    >>> frame = pd.DataFrame({"run_id": ["a", "b"], "evaluation": [1.0, None]})
    >>> schema = pa.schema([("run_id", pa.string()), ("evaluation", pa.int64())])
    >>> typed_table(frame, schema).column("evaluation").to_pylist()
    [1, None]
    """
    return pa.table({field.name: _arrow_column(frame[field.name], field.type)
                     for field in schema}, schema=schema)


def _arrow_column(values: pd.Series, kind: pa.DataType) -> pa.Array:
    """One column as an Arrow array of type ``kind``, missing values (None, NaN) null.

    Numbers go from their NumPy buffer with a null mask, and categorical text from its
    codes and categories, not through pandas' masked arrays: the traces of a family
    are millions of rows.
    """
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        numbers = values if values.dtype.kind in "iuf" else pd.to_numeric(values,
                                                                          errors="coerce")
        if numbers.dtype.kind in "iu":
            return pa.array(numbers.to_numpy(), type=kind)
        floats = numbers.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(floats)
        if pa.types.is_floating(kind):
            return pa.array(floats, type=kind, mask=missing)
        whole = np.where(missing, 0.0, floats)
        counts = whole.astype(np.int64)
        if np.isfinite(whole).all() and np.array_equal(counts, whole):
            return pa.array(counts, type=kind, mask=missing)
        values = numbers.astype("Int64")  # raises: a count that is not a whole number
    elif pa.types.is_boolean(kind):
        values = values.astype("boolean")
    elif isinstance(values.dtype, pd.CategoricalDtype):
        # from the codes and the categories: one string per category, not per row
        codes = values.cat.codes.to_numpy()
        names = pa.array(values.cat.categories.to_numpy(dtype=object), type=pa.string())
        return names.take(pa.array(codes, mask=codes < 0)).cast(kind)
    else:
        values = values.astype("string")
    return pa.array(values, type=kind, from_pandas=True)


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def export(store: Store, run_ids: list[str], out: str | Path) -> list[Path]:
    """Write the runs and traces as CSV, Parquet and IOHprofiler files under ``out/export``.

    Parameters
    ----------
    store : Store
        Where the runs are.
    run_ids : list of str
        The runs to export; rows follow the store's order, IOHprofiler function ids
        the order of first appearance here. Ids not in the store are ignored.
    out : path
        The output folder; ``out/export`` is made if missing. Files of a previous
        export there are replaced, and its ``iohprofiler`` folder is removed first
        so that no stale solver folder is left behind.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OptbenchError
        If none of ``run_ids`` is in the store (nothing is written), or the folder
        cannot be made.

    Examples
    --------
    >>> import tempfile
    >>> from optbench.runner import Task, execute
    >>> store = Store(None)
    >>> store.add(execute(Task("quadratic", "bfgs", 0, 0, 100)))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = export(store, sorted(store.run_ids()), tmp)
    ...     [p.name for p in written][:4]
    ['runs.csv', 'runs.parquet', 'traces.csv.gz', 'traces.parquet']
    """
    return export_frames(store.runs(run_ids), store.traces(run_ids), run_ids, out)


def export_frames(runs: pd.DataFrame, traces: pd.DataFrame, run_ids: list[str],
                  out: str | Path) -> list[Path]:
    """`export` from the runs and traces already read (as `Store.runs` and
    `Store.traces` give them); the report reads a store once for everything."""
    return [path for writer, args in export_jobs(runs, traces, run_ids, out)
            for path in writer(*args)]


ExportJob = tuple[Callable[..., list[Path]], tuple[Any, ...]]


def export_jobs(runs: pd.DataFrame, traces: pd.DataFrame, run_ids: list[str],
                out: str | Path) -> list[ExportJob]:
    """The writers of `export_frames` and their arguments, each independent of the
    others: the report hands them to its chart workers (`optbench.report.canvas`),
    where they run side by side; called in order, they write what `export` writes.

    Raises
    ------
    OptbenchError
        If there are no runs, or ``out/export`` cannot be made.
    """
    if runs.empty:
        raise OptbenchError("no runs to export; run some first (optbench run)")
    folder = Path(out) / "export"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptbenchError(f"cannot create output folder {folder}: {error.strerror}") from None
    # traces.csv is gzipped: a family's traces run to millions of rows (400 MB as text).
    return [(write_table, (runs, RUNS_SCHEMA, folder / "runs.csv", folder / "runs.parquet")),
            (write_table, (traces, TRACES_SCHEMA, folder / "traces.csv.gz",
                           folder / "traces.parquet")),
            (write_iohprofiler, (runs, traces, run_ids, folder / "iohprofiler"))]


def write_table(frame: pd.DataFrame, schema: pa.Schema, csv: Path, parquet: Path) -> list[Path]:
    """Write ``frame`` as CSV (gzipped where the name ends in ``.gz``) and Parquet, typed
    by ``schema`` (`typed_table`); returns the two paths."""
    table = typed_table(frame, schema)
    return [_write_csv(table, csv), _write_parquet(table, parquet)]


def _write_csv(table: pa.Table, path: Path) -> Path:
    # Arrow's writer: floats in their shortest round-trip form, ten times pandas' speed
    # on millions of trace rows. A .gz name is gzipped by ISA-L at its fastest level (a
    # third of zlib's time at level 1, and smaller) with no time stamp: reproducible bytes.
    if path.suffix == ".gz":
        with igzip.IGzipFile(path, "wb", compresslevel=1, mtime=0) as stream:
            pa_csv.write_csv(table, stream)
    else:
        pa_csv.write_csv(table, str(path))
    return path


def _write_parquet(table: pa.Table, path: Path) -> Path:
    pa_parquet.write_table(table, path)
    return path


def safe_name(name: str) -> str:
    """A name usable in file names: characters other than letters, digits, _ and - become _.

    Examples
    --------
    >>> safe_name("logreg[l2=0.1,data=a b]")
    'logreg_l2_0_1_data_a_b_'
    >>> safe_name("")
    '_'
    """
    return _UNSAFE.sub("_", name) or "_"


def write_iohprofiler(runs: pd.DataFrame, traces: pd.DataFrame, order: Iterable[str],
                      folder: Path) -> list[Path]:
    """Write the IOHprofiler files of `export` into ``folder`` (replaced if present).

    ``runs`` and ``traces`` are frames as `Store.runs` and `Store.traces` give them;
    ``order`` gives the order of first appearance that numbers the functions. Each
    run's rows and its entry in the meta-data are written once, as text, and the files
    are joined from them.
    """
    if folder.exists():
        shutil.rmtree(folder)
    position = {run_id: i for i, run_id in enumerate(dict.fromkeys(order))}
    runs = runs[["run_id", "solver", "problem", "n", "status", "seed", "start", "f_opt",
                 "optbench_version"]]
    runs = runs.assign(_order=runs["run_id"].map(position).fillna(len(position)))
    runs = runs.sort_values("_order", kind="stable").reset_index(drop=True)
    function_ids = {p: function_id(str(p)) for p in dict.fromkeys(runs["problem"])}
    seeds, starts = runs["seed"].astype(int).tolist(), runs["start"].astype(int).tolist()
    pairs = list(zip(seeds, starts, strict=True))
    instances = {pair: i for i, pair in enumerate(sorted(set(pairs)), start=1)}
    blocks, entries = _run_texts(runs, traces, pairs, [instances[pair] for pair in pairs])
    attempted = (runs["status"] != _SKIPPED).to_numpy()
    folders = _unique_names(runs["solver"])
    written: list[Path] = []
    for solver, solver_runs in runs.groupby("solver", sort=False):
        for problem, problem_runs in solver_runs.groupby("problem", sort=False):
            fid = function_ids[problem]
            name = safe_name(problem)
            scenarios: list[dict[str, Any]] = []
            texts: list[str] = []
            for n, rows in problem_runs.groupby("n", sort=False).indices.items():
                mine = [i for i in problem_runs.index[rows].tolist() if attempted[i]]
                if not mine:
                    continue
                dat = Path(f"data_f{fid}_{name}") / f"IOHprofiler_f{fid}_DIM{int(n)}.dat"
                path = folder / folders[solver] / dat
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("".join([blocks[i] for i in mine]), encoding="utf-8",
                                newline="\n")
                written.append(path)
                # the runs' entries go in as written (the text json.dumps gives each): a
                # placeholder string in the meta-data marks where
                scenarios.append({"dimension": int(n), "path": dat.as_posix(),
                                  "runs": f"\0{len(texts)}\0"})
                texts.append("[" + ", ".join([entries[i] for i in mine]) + "]")
            if scenarios:
                written.append(_write_meta(
                    folder / folders[solver] / f"IOHprofiler_f{fid}_{name}.json",
                    problem_runs, str(solver), fid, name, scenarios, texts))
    return written


def _write_meta(path: Path, problem_runs: pd.DataFrame, solver: str, fid: int, name: str,
                scenarios: list[dict[str, Any]], texts: list[str]) -> Path:
    """Write one solver's meta-data file of one problem: ``scenarios`` with the
    placeholders of their runs' entries, ``texts`` those entries as JSON arrays."""
    versions = ", ".join(problem_runs["optbench_version"].astype(str).unique())
    meta = {
        "version": IOH_FORMAT_VERSION,
        "suite": "optbench",
        "function_id": fid,
        "function_name": name,
        "f_opt": _finite(problem_runs["f_opt"].iloc[0]),
        "maximization": False,
        "algorithm": {"name": solver, "info": f"optbench {versions}"},
        "attributes": list(IOH_COLUMNS),
        "run_attributes": ["start", "seed"],
        "scenarios": scenarios,
    }
    # compact: json's C encoder only runs without indentation (100 000 runs)
    text = json.dumps(meta, allow_nan=False)
    for k, runs_text in enumerate(texts):
        text = text.replace(json.dumps(f"\0{k}\0"), runs_text, 1)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
    return path


def _run_texts(runs: pd.DataFrame, traces: pd.DataFrame, pairs: list[tuple[int, int]],
               instances: list[int]) -> tuple[list[str], list[str]]:
    """Per run of ``runs`` (in order): its ``.dat`` block (the header, then its
    `improvements_by_run` lines) and its meta-data entry as JSON text, ``pairs`` giving
    each run's ``(seed, start)`` and ``instances`` its instance number."""
    found = improvements_by_run(traces)
    lengths = traces.groupby("run_id", sort=False, observed=True)["evaluation"].max()
    lengths = lengths.reindex(runs["run_id"]).fillna(0).astype(np.int64).tolist()
    at = pd.Index(found.run_ids).get_indexer(runs["run_id"]).tolist()
    header = " ".join(IOH_COLUMNS) + "\n"
    blocks, entries = [], []
    for i, (seed, start), evals, instance in zip(at, pairs, lengths, instances,
                                                 strict=True):
        if i < 0:  # no finite value: one row, its evaluations and inf
            lines, best_evals, best_y = f"{evals} inf\n", evals, "null"
        else:
            lines, best_evals, best_y = (found.lines[i], found.best_evals[i],
                                         repr(found.best_y[i]))
        blocks.append(header + lines)
        entries.append(f'{{"instance": {instance}, "evals": {evals}, "best": {{"evals": '
                       f'{best_evals}, "y": {best_y}, "x": []}}, "start": {start}, '
                       f'"seed": {seed}}}')
    return blocks, entries


def _finite(value: object) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if np.isfinite(number) else None


class Improvements(NamedTuple):
    """The runs' rows of IOHprofiler ``.dat`` blocks and their best points, run by run:
    ``lines[i]``, ``best_evals[i]`` and ``best_y[i]`` are those of ``run_ids[i]``."""

    run_ids: list[str]
    lines: list[str]
    best_evals: list[int]
    best_y: list[float]


def improvements_by_run(traces: pd.DataFrame) -> Improvements:
    """Per run, the ``evaluation best_f`` lines where the finite best so far drops, the
    evaluation of its last drop and its best value; runs without a finite value are
    left out.

    One vectorised pass: ``traces`` holds each run's rows together and in evaluation
    order (as the store keeps them), and ``best_f`` never rises within a run. Numbers
    are written by Arrow's CSV writer in their shortest round-trip form (``3`` for 3.0).

    Examples
    --------
    >>> traces = pd.DataFrame({"run_id": ["a", "a", "a", "b", "b", "c"],
    ...                        "evaluation": [1, 2, 3, 1, 2, 1],
    ...                        "best_f": [np.nan, 5.0, 5.0, 2.0, 1.5, np.nan]})
    >>> improvements_by_run(traces)
    Improvements(run_ids=['a', 'b'], lines=['2 5\\n', '1 2\\n2 1.5\\n'], best_evals=[2, 2], \
best_y=[5.0, 1.5])
    """
    run, names = pd.factorize(traces["run_id"])
    best = traces["best_f"].to_numpy(dtype=float, na_value=np.nan)
    previous = np.full(best.shape, np.inf)
    if best.size:
        previous[1:] = np.where(run[1:] == run[:-1], best[:-1], np.inf)
    previous = np.where(np.isnan(previous), np.inf, previous)
    kept = np.flatnonzero(np.isfinite(best) & (best < previous))
    runs, values = run[kept], best[kept]
    evaluations = traces["evaluation"].to_numpy(dtype=np.int64)[kept]
    buffer = io.BytesIO()
    pa_csv.write_csv(pa.table({"evaluation": evaluations, "best_f": values}), buffer,
                     pa_csv.WriteOptions(include_header=False, delimiter=" "))
    text = buffer.getvalue().decode("ascii")
    # each run's lines are one slice of the text: cut at the line ends, not line by line
    ends = np.flatnonzero(np.frombuffer(text.encode("ascii"), dtype=np.uint8)
                          == ord("\n")) + 1
    starts = np.flatnonzero(np.r_[True, runs[1:] != runs[:-1]]) if kept.size else kept
    lasts = np.r_[starts[1:], kept.size] - 1
    first_byte = np.r_[0, ends[:-1]][starts].tolist()
    labels = [str(name) for name in names]  # indexing a pandas Index one by one is slow
    return Improvements([labels[i] for i in runs[starts].tolist()],
                        [text[begin:end] for begin, end in
                         zip(first_byte, ends[lasts].tolist(), strict=True)],
                        evaluations[lasts].tolist(), values[lasts].tolist())


def _unique_names(names: Iterable[str]) -> dict[str, str]:
    """Safe folder names, one per distinct name; clashes after sanitising get _2, _3, ..."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for name in dict.fromkeys(names):
        base = candidate = safe_name(str(name))
        k = 2
        while candidate.lower() in used:  # case-insensitive file systems too
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate.lower())
        result[name] = candidate
    return result

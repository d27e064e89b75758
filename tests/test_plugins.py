"""Plug-ins and benchmark files from the command line, each in a fresh process (as a
user runs them): what loads, what runs, and the one line each kind of bad input gets.
"""

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

PLUGIN = """
import numpy as np
import optbench

optbench.register(optbench.Problem(
    name="plug-sphere", fun=lambda x: float(x @ x), grad=lambda x: 2.0 * x,
    x0=np.ones(5), f_opt=0.0, source="test"))

@optbench.solver("plug-gd")
def plug_gd(fun, x0, *, grad, step: float = 0.25):
    for _ in range(30):
        x0 = x0 - step * grad(x0)
    return x0

@optbench.solver("plug-raises")
def plug_raises(fun, x0):
    fun(x0)
    raise RuntimeError("the user's solver broke")

optbench.suite("plug-suite", ["plug-sphere", "quadratic"], ["plug-gd", "bfgs"])
"""


def _write(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def _optbench(folder, *args, env=None, code=None):
    """``python -m optbench ARGS`` in ``folder``; returns (exit code, stdout, stderr)."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "optbench"]
    done = subprocess.run([*command, *args], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


def _error_line(stderr):
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("optbench: error: "), stderr
    return stderr[len("optbench: error: "):].rstrip("\n")


def _runs(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT problem, solver, status, nfev, njev, message "
                                  "FROM runs ORDER BY problem, solver").fetchall()


def test_a_plugin_file_registers_problems_solvers_and_suites(tmp_path):
    _write(tmp_path, "plug.py", PLUGIN)
    code, out, err = _optbench(tmp_path, "list", "--plugin", "plug.py")
    assert code == 0, err
    names = [line.split()[:2] for line in out.splitlines()]
    assert {("problem", "plug-sphere"), ("solver", "plug-gd"), ("suite", "plug-suite")} <= {
        tuple(name) for name in names}
    code, _, err = _optbench(tmp_path, "run", "--plugin", "plug.py", "--suite", "plug-suite",
                             "--results", "s.sqlite", "--quiet")
    assert code == 0, err
    assert _runs(tmp_path / "s.sqlite") == [
        ("plug-sphere", "bfgs", "converged", 3, 3, "Optimization terminated successfully."),
        ("plug-sphere", "plug-gd", "converged", 0, 30, ""),
        ("quadratic", "bfgs", "converged", 3, 3, "Optimization terminated successfully."),
        ("quadratic", "plug-gd", "converged", 0, 30, ""),
    ]


def test_a_raising_user_solver_is_a_status_not_a_traceback(tmp_path):
    _write(tmp_path, "plug.py", PLUGIN)
    code, _, err = _optbench(tmp_path, "run", "--plugin", "plug.py", "--problems",
                             "plug-sphere", "--solvers", "plug-raises", "--results",
                             "s.sqlite", "--quiet")
    assert code == 1 and "Traceback" not in err  # 1: a run errored; it is stored
    assert _runs(tmp_path / "s.sqlite") == [
        ("plug-sphere", "plug-raises", "error", 1, 0,  # the instrument's counts, kept
         "RuntimeError: the user's solver broke")]


def test_the_environment_variable_loads_plugins(tmp_path):
    _write(tmp_path, "plug.py", PLUGIN)
    code, out, err = _optbench(tmp_path, "list", env={"OPTBENCH_PLUGINS": "plug.py"})
    assert code == 0, err
    assert "plug-gd" in out


def test_check_covers_plugin_problems(tmp_path):
    _write(tmp_path, "plug.py", PLUGIN.replace("grad=lambda x: 2.0 * x", "grad=lambda x: x"))
    code, out, _ = _optbench(tmp_path, "check", "--plugin", "plug.py", "--problems",
                             "plug-sphere")
    assert code == 1
    assert "plug-sphere" in out and "MISMATCH" in out


BROKEN = "import optbench\nx = np.zeros(3)\n"
CLASH = """
import optbench
optbench.register(optbench.Problem(name="rosenbrock", fun=lambda x: 0.0, x0=[1.0]))
"""
NEEDS_LIBRARY = """
from dataclasses import dataclass
from optbench.solvers.base import SOLVERS
from optbench.solvers.optional import require

@SOLVERS.register("needs-library", "a solver of a library that is not installed")
def needs_library():
    require("no_such_library", "demo", "needs-library")
"""


@pytest.mark.parametrize("files, args, message", [
    ({"broken.py": BROKEN}, ["list", "--plugin", "broken.py"],
     "plug-in 'broken.py' failed to load: NameError: name 'np' is not defined"),
    ({}, ["list", "--plugin", "no_such_plugin_module"],
     "plug-in 'no_such_plugin_module' failed to load: ModuleNotFoundError: No module named "
     "'no_such_plugin_module'"),
    ({}, ["run", "--plugin", "missing.py", "--quiet"], "plug-in '{tmp}/missing.py': no such file"),
    ({"clash.py": CLASH}, ["list", "--plugin", "clash.py"],
     "plug-in 'clash.py': problem 'rosenbrock' from {tmp}/clash.py:3 clashes with the "
     "problem of that name from optbench.problems.classic; rename one"),
    ({"lib.py": NEEDS_LIBRARY},
     ["run", "--plugin", "lib.py", "--problems", "quadratic", "--solvers", "needs-library"],
     "solver 'needs-library' needs no_such_library, which is not installed: "
     "pip install 'optbench[demo]'"),
], ids=["raises", "no-module", "no-file", "clash", "missing-library"])
def test_bad_plugins_get_one_line_and_exit_2(tmp_path, files, args, message):
    for name, text in files.items():
        _write(tmp_path, name, text)
    code, _, err = _optbench(tmp_path, *args)
    assert code == 2
    assert _error_line(err) == message.format(tmp=tmp_path)


def test_a_missing_adapter_library_names_its_extra(tmp_path):
    # NLopt hidden from this process, as on a machine without optbench[nlopt].
    code, _, err = _optbench(tmp_path, code=(
        "import sys; sys.modules['nlopt'] = None; from optbench.cli import main; "
        "sys.exit(main(['run', '--problems', 'rosenbrock', '--solvers', 'nlopt-lbfgs']))"))
    assert code == 2
    assert _error_line(err) == ("solver 'nlopt-lbfgs' needs nlopt, which is not installed: "
                                "pip install 'optbench[nlopt]'")


def _entry_point(site, module_text, module="fake_plugin_module"):
    """An installed distribution with an ``optbench.plugins`` entry point, as pip leaves
    it in site-packages (a dist-info folder), on a folder given as PYTHONPATH."""
    info = site / "fake_optbench_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-optbench-plugin\n"
                                   "Version: 0.1\n")
    (info / "entry_points.txt").write_text(f"[optbench.plugins]\nfake = {module}\n")
    _write(site, f"{module}.py", module_text)
    return {"PYTHONPATH": str(site)}


def test_an_installed_entry_point_is_found(tmp_path):
    env = _entry_point(tmp_path / "site", PLUGIN)
    code, out, err = _optbench(tmp_path, "list", env=env)
    assert code == 0, err
    assert "plug-sphere" in out and "plug-suite" in out


def test_a_broken_entry_point_gets_one_line(tmp_path):
    env = _entry_point(tmp_path / "site", BROKEN)
    code, _, err = _optbench(tmp_path, "list", env=env)
    assert code == 2
    assert _error_line(err) == ("plug-in 'fake' (entry point fake_plugin_module) failed to "
                                "load: NameError: name 'np' is not defined")


BENCH = """
problems = ["plug-sphere", "rosenbrock"]
solvers = ["plug-gd", { name = "plug-gd", options = { step = 0.1 } }, "bfgs"]
starts = 2
seed = 7
max_fev = 500
timeout = 30
plugins = ["plug.py"]
results = "bench.sqlite"
"""


def test_a_benchmark_file_is_one_command(tmp_path):
    _write(tmp_path, "plug.py", PLUGIN)
    _write(tmp_path, "bench.toml", BENCH)
    code, _, err = _optbench(tmp_path, "run", "--config", "bench.toml", "--quiet")
    assert code == 0, err
    with sqlite3.connect(tmp_path / "bench.sqlite") as connection:
        rows = connection.execute("SELECT DISTINCT solver, seed, max_fev FROM runs").fetchall()
        starts = connection.execute("SELECT DISTINCT start FROM runs").fetchall()
    assert sorted(rows) == [("bfgs", 7, 500), ("plug-gd", 7, 500), ("plug-gd[step=0.1]", 7, 500)]
    assert sorted(starts) == [(0,), (1,)]
    # A flag on the command line wins over the file.
    code, _, err = _optbench(tmp_path, "run", "--config", "bench.toml", "--seed", "8",
                             "--quiet")
    assert code == 0, err
    with sqlite3.connect(tmp_path / "bench.sqlite") as connection:
        seeds = connection.execute("SELECT DISTINCT seed FROM runs").fetchall()
    assert sorted(seeds) == [(7,), (8,)]


@pytest.mark.parametrize("text, message", [
    ("problem = ['rosenbrock']\n", "unknown key 'problem'; valid: suite, problems, solvers, "),
    ("starts = 'three'\n", "starts must be an integer; got 'three'"),
    ("solvers = [{ name = 'gd', step = 0.1 }]\n", "an entry of solvers must be a name or a "
     "table { name = ..., options = { key = value } }; got {'name': 'gd', 'step': 0.1}"),
    ("solvers = [\n", "not valid TOML ("),
])
def test_bad_benchmark_files_get_one_line(tmp_path, text, message):
    _write(tmp_path, "bench.toml", text)
    code, _, err = _optbench(tmp_path, "run", "--config", "bench.toml", "--quiet")
    assert code == 2
    line = _error_line(err)
    assert line.startswith(f"benchmark file bench.toml: {message}")


def test_plugins_load_in_dask_workers(tmp_path):
    pytest.importorskip("distributed")
    _write(tmp_path, "plug.py", PLUGIN)
    code, _, err = _optbench(tmp_path, "run", "--plugin", "plug.py", "--problems",
                             "plug-sphere", "--solvers", "plug-gd", "--dask", "local",
                             "--jobs", "1", "--results", "d.sqlite", "--quiet")
    assert code == 0, err
    assert _runs(tmp_path / "d.sqlite") == [("plug-sphere", "plug-gd", "converged", 0, 30, "")]


def test_a_hanging_user_solver_times_out(tmp_path):
    _write(tmp_path, "hang.py", """
        import time
        import optbench

        @optbench.solver("plug-hangs")
        def hangs(fun, x0):
            fun(x0)
            time.sleep(600)
            return x0
        """)
    code, _, err = _optbench(tmp_path, "run", "--plugin", "hang.py", "--problems", "quadratic",
                             "--solvers", "plug-hangs", "--timeout", "2", "--results",
                             "t.sqlite", "--quiet")
    assert code == 1 and "Traceback" not in err
    ((problem, solver, status, nfev, njev, message),) = _runs(tmp_path / "t.sqlite")
    assert (status, nfev) == ("timeout", None)
    assert message.startswith("killed after")

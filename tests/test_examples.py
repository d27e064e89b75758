"""The gallery's examples (examples/gallery/*.py, run by the docs build through
sphinx-gallery) run as they are: each in a fresh interpreter, from a folder outside
the repository, exiting 0, printing values that the test computes independently
(scipy called directly), and writing nothing into the repository."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize

ROOT = Path(__file__).parents[1]
GALLERY = ROOT / "examples" / "gallery"
EXAMPLES = sorted(GALLERY.glob("*.py"))


#: Where an example's stray file would land: beside the examples (a path made from
#: ``__file__``; sphinx-gallery also runs them from their own folder), the default
#: store's folder results/ (not its subfolders, which reports of families fill),
#: the repository's root. Other folders are left out because other
#: work may add files there while an example runs; a relative path lands in the
#: example's working folder, which is checked to stay empty.
_WATCHED = ("examples", ":(glob)results/*", ":(glob)*")


def _new_files():
    """Untracked and ignored files (results/ is ignored) where an example could write."""
    done = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all",
                           "--", *_WATCHED],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return {line for line in done.stdout.splitlines() if line[:2] in {"??", "!!"}}


def run_example(name, tmp_path):
    """Run examples/gallery/NAME in a fresh process from ``tmp_path``; its stdout.

    Its temporary files go to ``tmp_path/tmp`` (TMPDIR), which it must leave empty;
    its working folder must stay empty, and the repository must gain no file.
    """
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env = {**os.environ, "MPLBACKEND": "Agg", "TMPDIR": str(scratch),
           "PYTHONDONTWRITEBYTECODE": "1"}
    before = _new_files()
    done = subprocess.run([sys.executable, str(GALLERY / name)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    after = _new_files()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert after - before == set(), f"{name} changed the repository: {after - before}"
    assert list(cwd.iterdir()) == [], f"{name} wrote into its working folder"
    # Dask's LocalCluster keeps its workers' folder, dask-scratch-space, for the next.
    left = sorted(path.name for path in scratch.iterdir() if path.name != "dask-scratch-space")
    assert left == [], f"{name} left temporary files: {left}"
    return done.stdout


def row(output, *first):
    """The words of the first printed line whose first words are ``first``."""
    for line in output.splitlines():
        words = line.split()
        if tuple(words[:len(first)]) == first:
            return words
    raise AssertionError(f"no line starting {first} in:\n{output}")


def quadratic(x):
    return float(x[0] ** 2 - 4.0 * x[0] + 8.0)


def test_every_example_is_tested_and_in_gallery_form():
    assert {path.name for path in EXAMPLES} == {
        "plot_seed_comparison.py", "plot_own_function.py", "plot_add_solver.py",
        "plot_dask_run.py", "plot_read_exports.py"}
    assert (GALLERY / "README.rst").read_text().splitlines()[1].startswith("===")
    for path in EXAMPLES:
        lines = path.read_text().splitlines()
        # sphinx-gallery: a docstring whose first line is a title underlined with '='
        assert lines[0] == '"""' and set(lines[2]) == {"="} and len(lines[2]) >= len(lines[1])
        assert "# %%" in path.read_text()


def test_seed_comparison(tmp_path):
    out = run_example("plot_seed_comparison.py", tmp_path)
    # The seed's fmin_bfgs without fprime, as today's scipy runs it: BFGS with
    # forward differences from 1.3.
    scipy_bfgs = optimize.minimize(quadratic, [1.3], method="BFGS")
    words = row(out, "bfgs[grad=fd]", "on", "the", "quadratic:")
    assert words[4:7] == [f"nit={scipy_bfgs.nit}", f"nfev={scipy_bfgs.nfev}",
                          f"solver_njev={scipy_bfgs.njev}"]
    assert abs(float(words[7].removeprefix("x=")) - scipy_bfgs.x[0]) < 1e-9
    scipy_fmin = optimize.minimize(quadratic, [1.3], method="Nelder-Mead")
    assert row(out, "quadratic", "nelder-mead")[2:4] == [str(scipy_fmin.nit),
                                                          str(scipy_fmin.nfev)]
    # The seed's own call, fmin_bfgs(f, 1.3) without fprime: iterations, function
    # and gradient calls as it reports them.
    *_, func_calls, grad_calls, _, steps = optimize.fmin_bfgs(
        quadratic, [1.3], full_output=True, disp=False, retall=True)
    assert row(out, "fmin_bfgs[grad=fd]")[1:4] == [str(len(steps) - 1), str(func_calls),
                                                   str(grad_calls)]
    assert "the legacy functions match their twins" in out
    # 10 000 steps of 0.1 on the regression end 3.7e-11 above f* (the README).
    gd = row(out, "gd[gtol=0.0]", "on", "logreg-seed:")
    assert gd[3] == "nit=10000" and abs(float(gd[4].removeprefix("fun=")) -
                                        0.11705355430246497) < 1e-12


def test_own_function(tmp_path):
    out = run_example("plot_own_function.py", tmp_path)
    assert "check_problem: bfgs on my-log-cosh ended converged" in out
    # The example's function, written again, and BFGS with its gradient from scipy.
    scales = np.logspace(0, 2, 10)
    centre = np.random.default_rng(20260101).uniform(-1.0, 1.0, 10)

    def fun(x):
        z = scales * (x - centre)
        return float(np.sum(np.logaddexp(z, -z) - np.log(2.0)))

    scipy_bfgs = optimize.minimize(fun, np.zeros(10), method="BFGS",
                                   jac=lambda x: scales * np.tanh(scales * (x - centre)))
    words = row(out, "bfgs")
    assert words[1:4] == [str(scipy_bfgs.nit), str(scipy_bfgs.nfev), str(scipy_bfgs.njev)]
    assert words[-2:] == ["True", "converged"]


def test_add_solver(tmp_path):
    out = run_example("plot_add_solver.py", tmp_path)
    for problem in ("quadratic", "rosenbrock", "mgh-beale"):
        assert row(out, "check_solver:", "my-bb", "on", f"{problem}:")[4] == "converged,"
    scipy_bfgs = optimize.minimize(optimize.rosen, [-1.2, 1.0], jac=optimize.rosen_der,
                                   method="BFGS")
    assert row(out, "rosenbrock", "0", "bfgs")[3:6] == [
        str(scipy_bfgs.nit), str(scipy_bfgs.nfev), str(scipy_bfgs.njev)]
    assert row(out, "rosenbrock", "0", "my-bb")[-1] == "converged"


# About 15 s alone on 2 cores, over 20 s beside other work (the LocalCluster's
# start-up); the docs build runs it in any case.
@pytest.mark.slow
def test_dask_run(tmp_path):
    pytest.importorskip("distributed")
    out = run_example("plot_dask_run.py", tmp_path)
    assert "ran 24 of 24 runs" in out
    assert "Dask and serial tables identical but for time_s: True (24 runs" in out
    scipy_bfgs = optimize.minimize(optimize.rosen, [-1.2, 1.0], jac=optimize.rosen_der,
                                   method="BFGS")
    assert row(out, "rosenbrock", "0", "bfgs")[3:5] == [str(scipy_bfgs.nit),
                                                       str(scipy_bfgs.nfev)]


def test_read_exports(tmp_path):
    out = run_example("plot_read_exports.py", tmp_path)
    assert "(48, 31)" in out            # summary.csv: 48 runs, its 31 columns
    assert "runs.parquet and runs.csv agree bit for bit on fun, f_error, x_error, time_s: True" \
        in out
    scipy_fmin = optimize.minimize(quadratic, [1.3], method="Nelder-Mead")
    assert row(out, "quadratic", "nelder-mead", "0")[3:5] == [str(scipy_fmin.nit),
                                                             str(scipy_fmin.nfev)]

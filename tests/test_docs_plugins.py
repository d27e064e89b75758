"""docs/plugins.md does what it shows: its files are written to a folder outside the
repository and its commands and Python run there, in order, in fresh processes.

Blocks are marked in the page: ``<!-- file: NAME -->`` before a block writes it as
NAME, ``<!-- commands -->`` runs a shell block (``optbench`` as ``python -m
optbench``), ``<!-- python -->`` runs a Python block.
"""

import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).parents[1] / "docs" / "plugins.md"
_BLOCK = re.compile(r"<!-- (?P<marker>file: \S+|commands|python) -->\n```\w*\n(?P<body>.*?)```",
                    re.DOTALL)


def blocks():
    return [(m.group("marker"), m.group("body")) for m in _BLOCK.finditer(PAGE.read_text())]


def _run(command, folder):
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    """The folder after every block of the page has run; each Python block's output."""
    folder = tmp_path_factory.mktemp("user")
    printed = []
    for marker, body in blocks():
        if marker.startswith("file: "):
            (folder / marker.removeprefix("file: ")).write_text(body)
        elif marker == "python":
            printed.append(_run([sys.executable, "-c", body], folder))
        else:
            for line in body.replace("\\\n", " ").splitlines():
                words = shlex.split(line)
                assert words[0] == "optbench", line
                _run([sys.executable, "-m", "optbench", *words[1:]], folder)
    return folder, printed


def test_the_page_has_the_blocks_it_describes():
    markers = [marker for marker, _ in blocks()]
    assert markers == ["file: my_benchmark.py", "commands", "python", "file: bench.toml",
                       "commands"]


def test_the_users_runs_are_stored_with_exact_counts(worked):
    folder, _ = worked
    with sqlite3.connect(folder / "my.sqlite") as connection:
        rows = dict(((p, s), (status, nfev, njev)) for p, s, status, nfev, njev in
                    connection.execute("SELECT problem, solver, status, nfev, njev FROM runs"))
    # my-gd: 300 gradient steps and no value, as the page says.
    assert rows[("my-styblinski-tang", "my-gd")] == ("converged", 0, 300)
    assert rows[("my-styblinski-tang", "bfgs")][0] == "converged"
    assert rows[("rosenbrock", "bfgs")] == ("converged", 39, 39)


def test_the_report_shows_the_users_solver(worked):
    folder, _ = worked
    html = (folder / "my-report" / "report.html").read_text()
    assert "my-gd" in html and "my-styblinski-tang" in html


def test_python_with_objects_reads_the_same_runs(worked):
    _, printed = worked
    (table,) = printed
    assert "my-styblinski-tang" in table and "my-gd" in table and "300" in table


def test_the_benchmark_file_ran(worked):
    folder, _ = worked
    with sqlite3.connect(folder / "bench.sqlite") as connection:
        solvers = {s for (s,) in connection.execute("SELECT DISTINCT solver FROM runs")}
    assert solvers == {"my-gd", "my-gd[step=0.01]", "bfgs"}


def test_the_readme_example_runs():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("## Your own problems and solvers", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = _run([sys.executable, "-c", code + "\nprint(table[['solver', 'nfev', 'njev']]"
                    ".to_string())"], Path(__file__).parent)
    # my-gd: 100 gradient steps, no value.
    assert "my-gd     0   100" in printed

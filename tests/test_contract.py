"""The contract between problems, solvers, the instrument, the store and the report
(docs/design.md), checked on the code itself.

- No module outside ``problems/``, ``solvers/`` and the family declarations
  (``families.py``, ``kinds.py``, ``suites.py``) names a family or a kind in its code
  (docstrings and their examples aside).
- The instrument has no method per form; its counts are read-only; no solver module
  assigns to the instrument.
- Importing the store (or the report) registers no problem.
- Every family's problems are what its registration says, its declared suites exist,
  and a kind that names no kind is refused where it is written.
"""

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import optbench
from optbench.errors import OptbenchError
from optbench.families import FAMILIES
from optbench.instrument import Instrument
from optbench.kinds import Kind
from optbench.problems import PROBLEMS, Problem, get_problem
from optbench.record import PROBLEM_COLUMNS, RUN_COLUMNS
from optbench.suites import suites

PACKAGE = Path(optbench.__file__).parent
#: Where families and kinds may be named: their own modules and their declarations.
DECLARATIONS = {"families.py", "kinds.py", "suites.py"}


def _code_strings(path):
    """The string constants of a module's code: docstrings (and their examples) left out."""
    tree = ast.parse(path.read_text())
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def _outside_declarations():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in {"problems", "solvers"} or relative.as_posix() in DECLARATIONS:
            continue
        yield relative, path


def test_no_family_or_kind_is_named_outside_problems_solvers_and_declarations():
    # Column names that happen to equal a family's or kind's name ("seed") are columns.
    names = (set(FAMILIES) | {kind.value for kind in Kind}) - set(RUN_COLUMNS) - set(
        PROBLEM_COLUMNS) - {"run_id", "evaluation", "f", "best_f", "time_s", "njev",
                            "violation"}
    found = [(str(relative), line, value) for relative, path in _outside_declarations()
             for line, value in _code_strings(path) if value in names]
    assert found == []
    assert len(list(_outside_declarations())) > 30  # the scan sees the package


def test_the_scan_would_catch_a_family_named_in_code(tmp_path):
    module = tmp_path / "special.py"
    module.write_text('"""A docstring may say NIST StRD."""\n\n'
                      'def f(runs):\n    return runs[runs["family"] == "NIST StRD"]\n')
    assert sorted(value for _, value in _code_strings(module)) == ["NIST StRD", "family"]


def test_the_instrument_has_no_method_per_form():
    public = {name for name in vars(Instrument) if not name.startswith("_")}
    assert public == {"form_as", "max_fev", "nfev", "njev", "nhev", "ncev", "ncjev",
                      "iterations", "best_f", "best_x", "nonfinite", "result_at_best",
                      "elapsed", "trace"}


@pytest.mark.parametrize("count", ["nfev", "njev", "nhev", "ncev", "ncjev", "iterations"])
def test_counts_are_read_only(count):
    objective = Instrument(get_problem("quadratic"))
    with pytest.raises(AttributeError):
        setattr(objective, count, 0)


def test_no_solver_assigns_to_the_instrument():
    assignments = []
    for path in sorted((PACKAGE / "solvers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == "objective"):
                    assignments.append((path.name, node.lineno, target.attr))
    assert assignments == []


@pytest.mark.parametrize("module", ["optbench.store", "optbench.report", "optbench.families",
                                    "optbench.kinds", "optbench.record"])
def test_importing_the_store_or_report_registers_no_problem(module):
    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.startswith(('optbench.problems', "
            "'optbench.solvers'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_each_family_selects_its_problems_by_registration():
    # The families' problems are exactly what the old name prefixes selected.
    prefixes = {"NIST StRD": "nist-", "Hock-Schittkowski": "hs-", "global": "global-",
                "scalar": "scalar-", "MGH": "mgh-", "scalar roots": ("aps-", "root-")}
    for name, prefix in prefixes.items():
        selected = PROBLEMS.names(FAMILIES[name])
        assert selected == [p for p in PROBLEMS.names() if p.startswith(prefix)], name
        assert all(get_problem(p).family == name for p in selected)


def test_every_declared_suite_exists_and_runs_problems_of_its_family():
    known = suites()
    for family in FAMILIES.values():
        for suite in family.suites:
            problems = known[suite].problems
            assert any(get_problem(p).family == family.name for p in problems), suite


def test_a_kind_that_names_no_kind_is_refused_where_it_is_written():
    with pytest.raises(OptbenchError, match="unknown problem kind 'minimise'; valid: "
                                            "minimize, constrained, global, scalar, "
                                            "root-scalar, root"):
        Problem("typo", lambda x: float(x @ x), np.ones(1), 0.0, "test", kind="minimise")


def test_a_problem_registered_without_a_declared_family_is_refused():
    from optbench.families import Family

    with pytest.raises(ValueError, match="declared family"):
        PROBLEMS.register("test-nofamily", "no family")(lambda: None)
    with pytest.raises(ValueError, match="declared family"):
        PROBLEMS.register("test-undeclared", "undeclared", Family("nowhere", "?"))(
            lambda: None)
    assert "test-nofamily" not in PROBLEMS and "test-undeclared" not in PROBLEMS

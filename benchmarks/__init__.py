"""airspeed velocity (asv) benchmarks of optbench; ``asv.conf.json`` is at the repo root.

``asv run`` builds optbench from each commit and installs it into its own environment.
``asv run --python=same`` (and ``asv check --python=same``) installs nothing and uses
asv's own interpreter; if optbench is not installed there, the package is imported
from this checkout instead, so those commands benchmark the working tree.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def _import_optbench_from_checkout() -> None:
    """Append the repo root to ``sys.path`` under ``--python=same`` without optbench.

    asv sets ``ASV_ENV_TYPE`` in the environments it builds (where it has installed
    optbench from the commit under test) and sets nothing under ``--python=same``, so
    the checkout is used only outside asv-built environments, and only as a fallback.
    """
    if "ASV_ENV_TYPE" in os.environ:
        return
    if importlib.util.find_spec("optbench") is not None:
        return
    sys.path.append(str(Path(__file__).resolve().parent.parent))


_import_optbench_from_checkout()

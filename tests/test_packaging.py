"""The asv environment installs what optbench needs (asv builds optbench with --no-deps)."""

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_asv_matrix_lists_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = {re.split(r"[<>=!~ \[]", spec)[0].lower() for spec in project["dependencies"]}
    matrix = json.loads((ROOT / "asv.conf.json").read_text())["matrix"]["req"]
    assert needed == {name.lower() for name in matrix}

"""What a family's own report section is given (`optbench.families.Section`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SectionData:
    """A family's part of the store, as its section renderers read it.

    Parameters
    ----------
    runs : DataFrame
        The family's runs (the runs table's columns).
    rows : DataFrame
        Their improvement rows (`optbench.analysis.targets.improvement_rows`).
    problems : DataFrame
        The stored problems table (`optbench.record.ProblemRow`'s columns).
    """

    runs: pd.DataFrame
    rows: pd.DataFrame
    problems: pd.DataFrame


Renderer = Callable[[SectionData], str]


def renderer(path: str) -> Renderer:
    """The function a ``"module:function"`` path names (a family's section renderer).

    Examples
    --------
    >>> renderer("optbench.report.nist:nist_section_html").__name__
    'nist_section_html'
    """
    module, _, name = path.partition(":")
    function: Renderer = getattr(importlib.import_module(module), name)
    return function

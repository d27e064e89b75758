"""Sphinx configuration of optbench's documentation site.

Build it with ``pip install -e '.[docs]' && make -C docs html`` (warnings are errors).
The build needs no network: no intersphinx, no remote images, no CDN (the theme's
assets are in its wheel). Three parts of the site appear only where their sources are
in the tree, so that the build works before they are written:

- the gallery (sphinx-gallery over ``../examples/gallery``, whose scripts the build
  runs), when ``examples/gallery/README.rst`` (or ``README.txt``) exists;
- the results pages, ``results/index.md``, written by
  ``python -m optbench report --docs docs/results``;
- ``performance.md``.

A toctree line ``?name`` names such an optional page: `setup` keeps it as ``name``
where the page exists and drops it otherwise (no warning is suppressed).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import optbench  # noqa: E402  (after the path: the checkout's optbench, installed or not)

project = "optbench"
author = "the optbench developers"
copyright = "optbench's developers; BSD-3-Clause"  # noqa: A001  (Sphinx's name)
version = release = optbench.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# performance/ holds the fragments benchmarks/ratios.py --write generates; performance.md
# includes them.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "performance"]
templates_path = ["_templates"]


# -- MyST --------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# Anchors for headings down to ###, so that pages link to one another's sections.
myst_heading_anchors = 3

# -- API reference: autosummary stubs with numpydoc's rendering ---------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": False}
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False  # the class template lists members itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- The gallery: sphinx-gallery runs every script of ../examples/gallery ----------------
GALLERY = ROOT / "examples" / "gallery"
HAS_GALLERY = any((GALLERY / readme).is_file() for readme in ("README.rst", "README.txt"))
if HAS_GALLERY:
    extensions.append("sphinx_gallery.gen_gallery")
    sphinx_gallery_conf = {
        "examples_dirs": str(GALLERY),
        "gallery_dirs": "gallery",
        "filename_pattern": r".*\.py$",  # run every example, not only plot_*.py
        "download_all_examples": False,
        "remove_config_comments": True,
        "within_subsection_order": "FileNameSortKey",
        "plot_gallery": "True",
        "abort_on_example_error": True,
        "image_scrapers": ("matplotlib",),
        "backreferences_dir": None,
        "show_memory": False,
    }

# -- HTML: pydata-sphinx-theme, as scipy and pandas use -----------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"optbench {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_depth": 3,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 6,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    # Nothing that fetches from the network when a page is opened.
    "icon_links": [],
}
html_context = {"default_mode": "light"}
# Pages without sub-pages have no section navigation: no empty left sidebar for them.
html_sidebars = {page: [] for page in ("index", "getting-started", "reading-the-report",
                                       "design", "contributing", "performance")}


# -- Optional pages -----------------------------------------------------------------------
#: The pages a toctree may name as ``?name``, and whether each is in this tree.
OPTIONAL_PAGES = {
    "gallery/index": HAS_GALLERY,
    "results/index": (HERE / "results" / "index.md").is_file(),
    "performance": (HERE / "performance.md").is_file(),
}


def _optional_entries(app: object, docname: str, source: list[str]) -> None:
    """Turn the ``?name`` lines of a page's toctrees into ``name``, or drop them where
    the page named is not in this tree."""
    lines = []
    for line in source[0].splitlines(keepends=True):
        name = line.strip()
        if name.startswith("?") and name[1:] in OPTIONAL_PAGES:
            if OPTIONAL_PAGES[name[1:]]:
                lines.append(line.replace("?", "", 1))
        else:
            lines.append(line)
    source[0] = "".join(lines)


def setup(app: object) -> dict[str, bool]:
    """Connect the optional pages' filter to Sphinx's ``source-read`` event."""
    app.connect("source-read", _optional_entries)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True}

"""tools/check_links.py on a small hand-made site: a good link, a missing file, a
missing anchor, and what it leaves alone (external links, asset folders)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "check_links.py"


def _load():
    spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_links"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


check_links = _load()


@pytest.fixture
def site(tmp_path):
    """index.html links to a page and its anchor (good), to a missing page, and to a
    missing anchor; guide/page.html links back up, to a folder's index and outside."""
    (tmp_path / "guide").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><h1 id="top">optbench</h1>'
        '<a href="guide/page.html#usage">good</a>'
        '<a href="guide/gone.html">missing file</a>'
        '<a href="guide/page.html#nowhere">missing anchor</a>'
        '<img src="guide/chart.svg" alt="chart">'
        '<a href="https://example.org/absent.html">external</a>'
        '<a href="mailto:someone@example.org">mail</a>'
        '</body></html>')
    (tmp_path / "guide" / "page.html").write_text(
        '<section id="usage"><a href="../index.html#top">up</a>'
        '<a href="./">this folder</a><a name="old-anchor"></a>'
        '<a href="#old-anchor">by name</a><a href="page.html?x=1#usage">query</a>'
        '<a href="%70age.html">quoted</a></section>')
    (tmp_path / "guide" / "index.html").write_text("<p>guide</p>")
    (tmp_path / "guide" / "chart.svg").write_text("<svg/>")
    # A theme's template fragment: not a page, its links are not checked.
    (tmp_path / "_static" / "macros.html").write_text('<link href="{{ pathto(x) }}">')
    return tmp_path


def test_finds_exactly_the_missing_file_and_the_missing_anchor(site):
    broken = [str(link) for link in check_links.broken_links(site)]
    assert broken == [
        "index.html: guide/gone.html (no file guide/gone.html)",
        "index.html: guide/page.html#nowhere (no anchor nowhere in guide/page.html)",
    ]


def test_a_site_whose_links_resolve_passes(site):
    index = site / "index.html"
    index.write_text(index.read_text().replace('<a href="guide/gone.html">missing file</a>', "")
                     .replace("#nowhere", "#usage"))
    assert list(check_links.broken_links(site)) == []
    assert check_links.main([str(site)]) == 0


def test_the_command_lists_the_broken_links_and_exits_1(site):
    done = subprocess.run([sys.executable, str(SCRIPT), str(site)], capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "index.html: guide/gone.html (no file guide/gone.html)",
        "index.html: guide/page.html#nowhere (no anchor nowhere in guide/page.html)",
    ]
    assert "2 broken links in 3 pages" in done.stderr


def test_a_missing_folder_exits_2(tmp_path):
    assert check_links.main([str(tmp_path / "absent")]) == 2

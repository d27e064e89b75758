"""Check the internal links of a built HTML site: no network, standard library only.

Every ``href`` and ``src`` of every ``.html`` file under the site's folder that is
relative (no scheme, not protocol-relative) must name a file that exists, and its
``#fragment``, if any, must be an ``id`` (or an ``<a name>``) in the page it points to.
External links (``https:``, ``mailto:``, ...) are not checked.

Usage::

    python tools/check_links.py docs/_build/html

Exit code 0 when every link resolves; 1, listing each broken link as ``page: link
(why)``, when one does not; 2 when the folder is not there.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: The attributes that hold a link; ``srcset`` and the like are not checked.
LINK_ATTRIBUTES = {"href", "src"}

#: Folders of a site that hold assets, not pages: Sphinx's ``_static`` holds themes'
#: template fragments (``webpack-macros.html``) whose links are unrendered Jinja.
ASSET_FOLDERS = ("_static",)


class _PageParser(HTMLParser):
    """Collects a page's links and the ids its fragments can point to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class Page:
    """What one HTML page holds: its links, as written, and its anchors."""

    links: tuple[str, ...]
    ids: frozenset[str]


@dataclass(frozen=True)
class BrokenLink:
    """A relative link that does not resolve.

    Attributes
    ----------
    page : Path
        The page holding the link, relative to the site's folder.
    link : str
        The link as written in the page.
    reason : str
        ``"no file ..."`` or ``"no anchor ..."``.
    """

    page: Path
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page.as_posix()}: {self.link} ({self.reason})"


def read_page(path: Path) -> Page:
    """Parse one HTML file into its links and anchors.

    Parameters
    ----------
    path : Path
        An HTML file.

    Returns
    -------
    Page
        The page's ``href`` and ``src`` values and its ids.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.html").write_text('<h1 id="top">A</h1><a href="b.html#x">b</a>')
    >>> page = read_page(folder / "a.html")
    >>> page.links, sorted(page.ids)
    (('b.html#x',), ['top'])
    """
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return Page(tuple(parser.links), frozenset(parser.ids))


def _is_external(link: str) -> bool:
    """Whether a link leaves the site: it has a scheme (``https:``, ``mailto:``,
    ``data:``, ...) or a network location (``//host/...``)."""
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc)


def _target(site: Path, page: Path, path: str) -> Path:
    """The file a relative link's path names, from the page that holds it; a folder
    means its ``index.html``."""
    target = (site / page).parent / unquote(path) if path else site / page
    if target.is_dir():
        target = target / "index.html"
    return target


def site_pages(site: Path) -> list[Path]:
    """The HTML pages of a site, relative to its folder, in sorted order; files in its
    asset folders (`ASSET_FOLDERS`) are not pages.

    Examples
    --------
    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "_static").mkdir()
    >>> for name in ("index.html", "_static/macros.html", "notes.txt"):
    ...     _ = (site / name).write_text("")
    >>> site_pages(site)
    [PosixPath('index.html')]
    """
    return [path.relative_to(site) for path in sorted(site.rglob("*.html"))
            if path.relative_to(site).parts[0] not in ASSET_FOLDERS]


def broken_links(site: Path) -> Iterator[BrokenLink]:
    """Every relative link of the site that names a missing file or a missing anchor.

    Parameters
    ----------
    site : Path
        The site's folder (``docs/_build/html``).

    Yields
    ------
    BrokenLink
        Each broken link, pages in sorted order and links in page order.

    Examples
    --------
    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> _ = (site / "index.html").write_text(
    ...     '<p id="a"><a href="#a">ok</a> <a href="gone.html">x</a> <a href="#b">y</a></p>')
    >>> [str(b) for b in broken_links(site)]
    ['index.html: gone.html (no file gone.html)', 'index.html: #b (no anchor b in index.html)']
    """
    pages = {path: read_page(site / path) for path in site_pages(site)}
    for page, parsed in pages.items():
        for link in parsed.links:
            if _is_external(link):
                continue
            parts = urlsplit(link)
            target = _target(site, page, parts.path)
            if not target.is_file():
                yield BrokenLink(page, link, f"no file {_shown(site, target)}")
                continue
            fragment = unquote(parts.fragment)
            if not fragment or target.suffix != ".html":
                continue
            inside = _inside(site, target)
            ids = pages[inside].ids if inside in pages else read_page(target).ids
            if fragment not in ids:
                yield BrokenLink(page, link, f"no anchor {fragment} in {_shown(site, target)}")


def _inside(site: Path, target: Path) -> Path | None:
    """A target's path relative to the site's folder, or None where it lies outside."""
    resolved, root = target.resolve(), site.resolve()
    return resolved.relative_to(root) if resolved.is_relative_to(root) else None


def _shown(site: Path, target: Path) -> str:
    """A target as a message names it: relative to the site where it lies inside."""
    inside = Path(os.path.normpath(target)).relative_to(os.path.normpath(site)) \
        if Path(os.path.normpath(target)).is_relative_to(os.path.normpath(site)) else None
    return (inside or Path(os.path.normpath(target))).as_posix()


def main(argv: Sequence[str] | None = None) -> int:
    """Check a site's folder; print each broken link and a count.

    Parameters
    ----------
    argv : sequence of str, optional
        The command line after the program's name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 when every link resolves, 1 when some does not, 2 when there is no folder.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site's folder, e.g. docs/_build/html")
    args = parser.parse_args(argv)
    site: Path = args.site
    if not site.is_dir():
        print(f"check_links: no folder {site}", file=sys.stderr)
        return 2
    broken = list(broken_links(site))
    for link in broken:
        print(link)
    pages = len(site_pages(site))
    if broken:
        print(f"check_links: {len(broken)} broken links in {pages} pages", file=sys.stderr)
        return 1
    print(f"check_links: every relative link and anchor of {pages} pages resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""report.html in a real browser: images load, nothing is fetched, no script errors.

A small real report (two problems x two solvers, three starts so that quartile bands are
drawn) is opened as a file:// URL in headless Chromium through Selenium. The checks are
generic, so they keep holding as the page grows (more charts, tables, scripts):

* every chart is an inline SVG, and every ``<img>`` has loaded;
* the interactive parts work: hovering a line shows its solver and a value, clicking a
  legend key hides that solver's line, unticking a solver in the selector takes it out
  of every chart and table (`test_hover_legend_and_selector`);
* the page makes no network request: every ``Network.requestWillBeSent`` in Chrome's
  performance log is for a ``file:`` or ``data:`` URL;
* the title is "optbench report" and a screenshot can be taken;
* the console has no SEVERE entries (JavaScript errors, failed loads).

Needs Chromium and its driver (Debian: ``apt-get install chromium chromium-driver``) and
Selenium (``pip install -e '.[test]'``); without them the test is skipped, saying what is
missing. Selenium Manager is never asked to download anything: the driver and browser
paths are given explicitly and ``SE_OFFLINE`` is set.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from optbench.cli import main

INSTALL = "apt-get install chromium chromium-driver"
BROWSERS = ("/usr/bin/chromium", "chromium", "chromium-browser")
DRIVERS = ("/usr/bin/chromedriver", "chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-dev-shm-usage", "--window-size=1280,2000")


def _find(candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    return None


def _requirements() -> tuple[str, str]:
    """The browser and driver paths, or skip saying what is missing and how to install it."""
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    browser, driver = _find(BROWSERS), _find(DRIVERS)
    if browser is None:
        missing.append(f"chromium ({INSTALL})")
    if driver is None:
        missing.append(f"chromedriver ({INSTALL})")
    if missing:
        pytest.skip("browser test needs " + "; ".join(missing))
    return browser, driver


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    out = folder / "report"
    assert main(["report", "--problems", "quadratic", "rosenbrock", "--solvers", "bfgs",
                 "nelder-mead", "--starts", "3", "--results", str(folder / "s.sqlite"),
                 "--out", str(out), "--quiet"]) == 0
    return out / "report.html"


@pytest.fixture
def driver(tmp_path, monkeypatch):
    browser, chromedriver = _requirements()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager: never download
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    session = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    session.set_page_load_timeout(30)
    yield session
    session.quit()


def test_report_renders_offline_without_errors(report, driver, tmp_path):
    # Start from a blank page and drop what the browser's own start page logged.
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    _open(driver, report)
    assert driver.title == "optbench report"

    charts = driver.execute_script(
        "return Array.from(document.querySelectorAll('figure svg')).map("
        "s => s.getBoundingClientRect().width)")
    assert len(charts) == 2 + 8, ("2 convergence charts and 8 of the view (performance, "
                                  "Moré-Wild performance, data, ECDF, quality, zoomed "
                                  "quality, log-ratio, honesty profiles), inline SVG")
    assert all(width > 100 for width in charts)
    images = driver.execute_script(
        "return Array.from(document.images).map("
        "i => [i.src.slice(0, 60), i.complete, i.naturalWidth])")
    broken = [src for src, complete, width in images if not complete or width <= 0]
    assert not broken, f"images that did not load: {broken}"

    requests = [json.loads(entry["message"])["message"] for entry in
                driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests
            if m.get("method") == "Network.requestWillBeSent"]
    assert report.as_uri() in urls, "the performance log did not record the page itself"
    fetched = [url[:80] for url in urls if not url.startswith(("file:", "data:"))]
    assert not fetched, f"the page made network requests: {fetched}"

    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 0

    errors = [entry["message"] for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"


def _open(driver, page):
    """Open ``page`` and wait (up to 30 s) until it has loaded whole: on a busy machine
    ``get`` can return while the page, with its inline charts, is still parsing."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def _line(driver, label, chart=0):
    """The first line group labelled ``label`` in the ``chart``-th chart."""
    return driver.execute_script(
        "var svg = document.querySelectorAll('figure svg')[arguments[1]];"
        "return Array.from(svg.querySelectorAll('g.ob-line'))"
        ".find(g => g.getAttribute('data-label').startsWith(arguments[0]));", label, chart)


def test_hover_legend_and_selector(report, driver):
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    _open(driver, report)
    line = _line(driver, "bfgs")
    # Hover: the pointer on a point of bfgs' line (its SVG coordinates, mapped to the
    # window by the SVG's own transform) shows a tooltip naming bfgs and a value.
    x, y = driver.execute_script(
        "var g = arguments[0], svg = g.ownerSVGElement;"
        "g.scrollIntoView({block: 'center'});"
        "var p = g.getAttribute('data-points').split(';')[5].split(' ');"
        "var point = svg.createSVGPoint(); point.x = +p[0]; point.y = +p[1];"
        "var on = point.matrixTransform(svg.getScreenCTM());"
        "return [Math.round(on.x), Math.round(on.y)];", line)
    action = ActionBuilder(driver)
    action.pointer_action.move_to_location(x, y)
    action.perform()
    tip = driver.execute_script(
        "var t = document.querySelector('.ob-tip');"
        "return [getComputedStyle(t).display, t.textContent];")
    assert tip[0] == "block" and re.fullmatch(r"bfgs( \(median of 3\))?: \S+ at \S+", tip[1]), tip
    # Legend: a click on bfgs' key hides its line (and band) in that chart, another shows it.
    key = driver.execute_script(
        "return arguments[0].ownerSVGElement.querySelector("
        "'g.ob-key[data-solver=\"' + arguments[0].getAttribute('data-solver') + '\"]');",
        line)
    key.click()
    assert driver.execute_script("return getComputedStyle(arguments[0]).display", line) == "none"
    key.click()
    assert driver.execute_script("return getComputedStyle(arguments[0]).display", line) != "none"
    # Selector: unticking nelder-mead takes its lines out of every chart and its rows out
    # of the tables.
    driver.execute_script("document.querySelector('details').open = true;")
    box = driver.find_element("css selector", "input[value='nelder-mead']")
    box.click()
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.ob-line'))"
        ".filter(g => g.getAttribute('data-label').startsWith('nelder-mead'))"
        ".map(g => getComputedStyle(g).display);")
    assert shown and set(shown) == {"none"}
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('table tbody tr'))"
        ".filter(r => Array.from(r.cells).some(c => c.textContent.trim() === 'nelder-mead'))"
        ".map(r => r.style.display);")
    assert rows and set(rows) == {"none"}
    errors = [entry["message"] for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"

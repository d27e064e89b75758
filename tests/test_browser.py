"""report.html in a real browser: images load, nothing is fetched, no script errors.

A small real report (two problems x two solvers, three starts so that quartile bands are
drawn) is opened as a file:// URL in headless Chromium through Selenium. The checks are
generic, so they keep holding as the page grows (more charts, tables, scripts):

* every ``<img>`` has loaded (``complete`` and ``naturalWidth > 0``), and there is one;
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
    driver.get(report.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    assert driver.title == "optbench report"

    images = driver.execute_script(
        "return Array.from(document.images).map("
        "i => [i.src.slice(0, 60), i.complete, i.naturalWidth])")
    assert images, "the report has no <img>"
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

"""The site in a real browser: headless Chromium reads it from file://, a reader searches and
arrives at a measure, axe-core finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at 320 px.

Chromium is Debian's `chromium`; axe-core is the npm package, installed into ~/.cache/rusplan-axe
(or $RUSPLAN_AXE_DIR) on first use. .ci/run installs both, so in CI (CI=true) a missing one fails
the test instead of skipping it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chromium import BrowserError, Chromium, axe_script, executable, unavailable
from conftest import PLANS
from rusplan.cli import app

WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(app, ["site", str(PLANS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    if executable() is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        with Chromium() as chromium:
            yield chromium
    except BrowserError as error:
        unavailable(f"Chromium could not be started: {error}")


@pytest.fixture(scope="module")
def axe() -> str:
    try:
        return axe_script()
    except BrowserError as reason:
        unavailable(str(reason))


def test_a_reader_searches_from_the_front_page_and_reaches_the_measure(site, browser):
    browser.requests.clear()
    browser.open((site / "index.html").as_uri())
    browser.js("document.getElementById('q-forside').focus()")
    browser.type_text("prosedyre")
    browser.press_enter()
    browser.wait_for("Page.loadEventFired")
    assert browser.js("location.pathname").endswith("/sok.html")
    assert browser.js("document.getElementById('sok-status').textContent") == "2 tiltak passer med «prosedyre»."
    results = browser.js("[...document.querySelectorAll('#sok-treff a')].map(a => [a.textContent, a.getAttribute('href')])")
    title = "Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole"
    assert [title, "plan/molde-2020-2024/tiltak/t1.html"] in results

    browser.js("document.querySelector(\"#sok-treff a[href='plan/molde-2020-2024/tiltak/t1.html']\").click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.js("location.href") == (site / "plan" / "molde-2020-2024" / "tiltak" / "t1.html").as_uri()
    assert browser.js("document.querySelector('h1').textContent") == f"Tiltak 1{title}"
    # everything the browser asked for came from the disk
    assert browser.requests and all(url.startswith("file://") for url in browser.requests)


def test_a_search_with_no_match_says_so(site, browser):
    browser.open((site / "sok.html").as_uri() + "?q=finnesikke")
    assert browser.js("document.getElementById('sok-status').textContent") == "Ingen tiltak passer med «finnesikke»."
    assert browser.js("document.querySelectorAll('#sok-treff li').length") == 0


def test_a_nynorsk_site_searches_in_nynorsk(tmp_path, browser):
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["site", str(PLANS), "-o", str(out), "--lang", "nn"], env={"RUSPLAN_LANG": ""})
    assert result.exit_code == 0, result.output
    browser.open((out / "sok.html").as_uri() + "?q=prosedyre")
    assert browser.js("document.getElementById('sok-status').textContent") == "2 tiltak passar med «prosedyre»."
    assert browser.js("document.title") == "«prosedyre» – Søk i tiltaka"


PAGES = [
    "index.html",
    "plan/molde-2020-2024/index.html",
    "plan/molde-2020-2024/tiltak/t1.html",
    "plan/molde-2016-2020/tiltak/bu-1-1.html",
    "enhet/molde/barneverntjenesten.html",
    "sok.html?q=rus",
]


@pytest.mark.parametrize("page", PAGES)
def test_axe_core_finds_no_wcag_violation(site, browser, axe, page):
    browser.resize(1000, 1400)
    browser.open(site.as_uri() + "/" + page)
    browser.js(axe)
    found = browser.js(f"axe.run(document, {WCAG}).then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))", wait=True)
    assert found == []
    assert browser.js("document.documentElement.lang") == "nb"


@pytest.mark.parametrize("page", PAGES)
def test_nothing_scrolls_sideways_at_320_px(site, browser, page):
    browser.resize(320, 800, mobile=True)
    try:
        browser.open(site.as_uri() + "/" + page)
        assert browser.js("document.documentElement.scrollWidth") <= 320
    finally:
        browser.resize(1000, 1400)

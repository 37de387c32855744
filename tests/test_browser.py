"""The HTML reports in a real browser: headless Chromium at 320 px and at A4 print width, checked by axe-core.

Needs Debian's `chromium` and the npm package `axe-core` (both installed by
.ci/run; axe-core goes to ~/.cache/rusplan-axe, outside the repository, or to
the folder in RUSPLAN_AXE_DIR). Where either cannot be had the tests are
skipped and say why.

Headless Chromium will not make its window narrower than about 500 px, so the
report is shown in an iframe of the width under test (a `srcdoc` iframe, which
is same-origin with the page around it): its media queries and scroll width
are those of a 320 px screen. A script added to the copy under test measures
the scroll width and runs axe-core, and writes the result into the outer page,
which `--dump-dom` prints.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from chromium import QUIET, BrowserError, axe_script, executable, unavailable
from conftest import PLANS
from rusplan import publish, render
from rusplan.planfolder import read_plan

CHROMIUM = executable()
PRINT_WIDTH = 673  # A4 (210 mm) less the print stylesheet's 16 mm margins, in CSS px at 96 dpi
REPORTS = [("plan", None), ("status", 2022), ("revision", None)]

RUNNER = """<script>
window.addEventListener('load', async () => {
  const root = document.documentElement;
  const out = {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    wide: Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 60))};
  try {
    const result = await axe.run(document);
    out.violations = result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
  } catch (error) { out.error = String(error); }
  const pre = parent.document.createElement('pre');
  pre.id = 'rusplan-result';
  pre.textContent = JSON.stringify(out);
  parent.document.body.appendChild(pre);
});
</script>"""


def axe_source() -> str:
    try:
        return axe_script()
    except BrowserError as reason:
        unavailable(str(reason))


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([CHROMIUM, *QUIET, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180)


def report_html(report: str, year: int | None) -> str:
    folder = PLANS / "molde-2020-2024"
    context = render.build_context(folder, read_plan(folder).plan, report, year, dt.date(2025, 1, 1))
    return publish.make(report, "html", context).data


def in_browser(tmp_path: Path, page: str, width: int) -> dict:
    checked = page.replace("</body>", f"<script>{axe_source()}</script>{RUNNER}</body>")
    outer = (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>test</title></head><body style="margin:0">'
        f'<iframe title="rapport" style="width:{width}px;height:900px;border:0" srcdoc="{html.escape(checked, quote=True)}"></iframe></body></html>'
    )
    harness = tmp_path / f"harness-{width}.html"
    harness.write_text(outer, encoding="utf-8")
    done = chromium(tmp_path, "--window-size=1200,1000", "--virtual-time-budget=30000", "--dump-dom", harness.as_uri())
    found = re.search(r'<pre id="rusplan-result">(.*?)</pre>', done.stdout, re.S)
    assert found, f"Chromium gave no result: {done.stderr[-800:]}"
    return json.loads(html.unescape(found.group(1)))


@needs_chromium
@pytest.mark.parametrize("width", [320, PRINT_WIDTH])
@pytest.mark.parametrize(("report", "year"), REPORTS, ids=[r for r, _ in REPORTS])
def test_report_reflows_without_sideways_scrolling_and_axe_finds_nothing(tmp_path, report, year, width):
    result = in_browser(tmp_path, report_html(report, year), width)
    assert "error" not in result, result
    assert result["scrollWidth"] <= result["clientWidth"], f"scrolls sideways at {width} px: {result['wide']}"
    assert result["violations"] == []


@needs_chromium
def test_printed_status_report_runs_on_after_the_contents_and_numbers_its_pages(tmp_path):
    page = tmp_path / "status.html"
    page.write_text(report_html("status", 2022), encoding="utf-8")
    pdf = tmp_path / "status.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = pypdf.PdfReader(str(pdf)).pages
    second = pages[1].extract_text()
    assert "Sammendrag" in second and "Fremdrift per fokusområde" in second  # no longer a page holding only «Sammendrag»
    assert f"2 / {len(pages)}" in second


@needs_chromium
def test_printed_plan_has_no_near_empty_pages(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text(report_html("plan", None), encoding="utf-8")
    pdf = tmp_path / "plan.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) < 45
    sparse = [n for n, p in enumerate(pages[1:-1], start=2) if len(p.extract_text()) < 400]
    assert sparse == []


@needs_chromium
def test_report_with_the_municipalitys_look_passes_axe_at_320_px(tmp_path):
    from rusplan.look import Logo, Look
    from test_look import tiny_png

    folder = PLANS / "molde-2020-2024"
    context = render.build_context(folder, read_plan(folder).plan, "status", 2022, dt.date(2025, 1, 1))
    look = Look("#00509e", Logo("logo.png", tiny_png(), "png"), "Molde kommune · Rådhusplassen 1 · 6413 Molde")
    page = publish.make("status", "html", context, look=look).data
    assert '<img class="logo"' in page
    result = in_browser(tmp_path, page, 320)
    assert result["scrollWidth"] <= result["clientWidth"] and result["violations"] == []

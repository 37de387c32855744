"""Pictures of each report kind for docs/: the top of the HTML report in headless Chromium, and page 1 of the PDF.

Rerun after changing the templates or the PDF layout (needs Debian's `chromium`
and the `rusplan[pdf]` extra):

    .venv/bin/python docs/pictures/make.py

Writes docs/pictures/{plan,status,revision}.png (HTML, 1000 px wide) and
docs/pictures/{plan,status,revision}-pdf.png (the PDF's first page), all from
plans/molde-2020-2024 with the fixed date 2025-01-01, so a rerun without changes
gives the same pictures.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rusplan import document, publish, render  # noqa: E402
from rusplan.look import Look  # noqa: E402
from rusplan.pdf_report import typst_source  # noqa: E402
from rusplan.planfolder import read_plan  # noqa: E402

PLAN = ROOT / "plans" / "molde-2020-2024"
DAY = dt.date(2025, 1, 1)
REPORTS = {"plan": None, "status": 2022, "revision": None}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Trenger chromium (Debian: apt-get install chromium).", file=sys.stderr)
        return 2
    import typst

    plan = read_plan(PLAN).plan
    for report, year in REPORTS.items():
        context = render.build_context(PLAN, plan, report, year, DAY)
        with tempfile.TemporaryDirectory() as work:
            page = Path(work) / f"{report}.html"
            page.write_text(publish.make(report, "html", context).data, encoding="utf-8")
            target = HERE / f"{report}.png"
            subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={work}/profile", "--hide-scrollbars", "--window-size=1000,1300", f"--screenshot={target}", page.as_uri()],
                check=True,
                capture_output=True,
            )
        source = typst_source(document.build(context), Look(), DAY)
        first = typst.Compiler(ignore_system_fonts=True).compile(source.encode("utf-8"), format="png", ppi=72)[0]
        (HERE / f"{report}-pdf.png").write_bytes(first)
        print(f"{target.relative_to(ROOT)}, {(HERE / f'{report}-pdf.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Screenshots of the site for the README: the front page and Molde 2020–2024's measure 1.

    .venv/bin/python scripts/screenshots.py

builds the site from plans/ into a temporary folder with `rusplan site`, opens it in
headless Chromium (Debian's `chromium`) and writes docs/img/site-front.png and
docs/img/site-measure.png. Rerun it after changing the site's templates.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Chromium  # noqa: E402  (the test suite's CDP client)

SHOTS = {
    "site-front.png": "index.html",
    "site-measure.png": "plan/molde-2020-2024/tiltak/t1.html",
}


def main() -> None:
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        subprocess.run([sys.executable, "-m", "rusplan", "site", str(ROOT / "plans"), "-o", str(site)], check=True)
        with Chromium(width=1000, height=900) as browser:
            for name, page in SHOTS.items():
                browser.open((site / page).as_uri())
                browser.screenshot(out / name)
                print(f"wrote {out / name}")


if __name__ == "__main__":
    main()

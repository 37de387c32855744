"""Where bundled files are at run time: inside the installed wheel, or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """`rusplan/templates` in an installed wheel; the top-level `templates/` in a checkout or editable install."""
    packaged = Path(str(resources.files("rusplan") / "templates"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("rusplan-malene (templates/) finnes ikke; installer rusplan på nytt")

"""Shared helpers: build small plan folders from inline YAML, like yamllint's tests do."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"

MINIMAL_PLAN = """\
id: {id}
title: Ruspolitisk handlingsplan {start}–{end}
municipalities:
  - name: Testby
period: {{start: {start}, end: {end}}}
state: adopted
focus_areas: [barn-og-unge]
"""

MINIMAL_AREA = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats barn og unge
    measures:
      - id: t1
        number: 1
        title: Utarbeide felles prosedyre for melding til barnevernet
        responsible: [Skole]
        cost: Innenfor ramme
        deadline: 2021
      - id: t2
        number: 2
        title: Etablere en funksjon som skolelos ved alle ungdomsskoler
        responsible: [Skole, barnehage]
        deadline: I planperioden
"""


def write_plan(root: Path, files: dict[str, str], plan_id: str = "testby-2020-2024", start: int = 2020, end: int = 2024) -> Path:
    """A plan folder under `root`: the minimal plan, with `files` added or replacing its files."""
    folder = root / plan_id
    contents = {
        "plan.yaml": MINIMAL_PLAN.format(id=plan_id, start=start, end=end),
        "focus-areas/barn-og-unge.yaml": MINIMAL_AREA,
    }
    contents.update({name: textwrap.dedent(text) for name, text in files.items()})
    for name, text in contents.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def make_plan(tmp_path: Path):
    """`make_plan({"status/2022.yaml": "..."})` returns a plan folder in a temporary directory."""

    def make(files: dict[str, str] | None = None, **kwargs) -> Path:
        return write_plan(tmp_path, files or {}, **kwargs)

    return make


def pytest_addoption(parser):
    """`pytest --update-golden` rewrites tests/golden/ from the current output; review the diff before committing."""
    parser.addoption("--update-golden", action="store_true", default=False, help="Regenerate the golden files in tests/golden/.")


def pytest_report_header(config):
    """Every test log names the versions it ran with, so a break after an upgrade is diagnosed at a glance."""
    from rusplan import versions

    return versions().splitlines()

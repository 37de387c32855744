"""Issue 13, point 8: `rusplan renumber PLAN` renumbers in plan order and keeps comments and layout."""

from __future__ import annotations

import difflib

from typer.testing import CliRunner

from rusplan.cli import app
from rusplan.planfolder import read_plan
from rusplan.validate import validate

runner = CliRunner()

JUMPING = """\
# Barn og unge: kapittel 10 i planen.
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats barn og unge   # «Mål 1»
    measures:
      - id: t1
        number: 1
        title: Utarbeide felles prosedyre for melding til barnevernet
        responsible: [Skole]
      # Nytt tiltak satt inn på møtet 12. mars:
      - id: ny-skolelos
        number: 72
        title: Skolelos ved alle ungdomsskoler
        responsible: [Skole, barnehage]
      - {id: t2, number: 2, title: Foreldremøter, responsible: [Skole]}   # flow mapping as written
      - id: t3
        number: "3"
        title: Ungdata
        responsible: [Kommunalsjef]
"""


def test_renumber_fixes_a_jump_in_plan_order_and_changes_nothing_else(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": JUMPING})
    assert [f.message() for f in validate([folder]).findings if f.code == "RP203"] == [
        "Nummereringen hopper fra 1 til 72 i planen. Nummerer tiltakene fortløpende."]
    result = runner.invoke(app, ["renumber", str(folder)])
    assert result.exit_code == 0, result.output
    assert "focus-areas/barn-og-unge.yaml: tiltak ny-skolelos: 72 → 2" in result.output
    assert "tiltak t2: 2 → 3" in result.output and "tiltak t3: 3 → 4" in result.output
    assert "Endret 3 nummer i 1 filer; kommentarer og oppsett er beholdt." in result.output
    after = (folder / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(JUMPING.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == [
        "-         number: 72", "+         number: 2",
        "-       - {id: t2, number: 2, title: Foreldremøter, responsible: [Skole]}   # flow mapping as written",
        "+       - {id: t2, number: 3, title: Foreldremøter, responsible: [Skole]}   # flow mapping as written",
        '-         number: "3"', '+         number: "4"',
    ]
    plan = read_plan(folder).plan
    assert [(m.id, m.number) for _, _, m in plan.measures()] == [("t1", 1), ("ny-skolelos", 2), ("t2", 3), ("t3", "4")]
    assert [f for f in validate([folder]).findings if f.code in ("RP202", "RP203")] == []
    again = runner.invoke(app, ["renumber", str(folder)])
    assert again.exit_code == 0 and "følger allerede planens rekkefølge" in again.output


def test_dry_run_prints_and_writes_nothing(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": JUMPING})
    before = (folder / "focus-areas" / "barn-og-unge.yaml").read_bytes()
    result = runner.invoke(app, ["renumber", str(folder), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "tiltak ny-skolelos: 72 → 2" in result.output and "3 nummer ville blitt endret (--dry-run: ingenting er skrevet)." in result.output
    assert (folder / "focus-areas" / "barn-og-unge.yaml").read_bytes() == before
    assert [p.name for p in (folder / "focus-areas").iterdir()] == ["barn-og-unge.yaml"]  # no temporary file left


DOTTED = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: g1
    number: 1
    title: Mål
    measures:
      - {id: a, number: "1.1", title: A, responsible: [Skole]}
      - {id: b, number: "1.3", title: B, responsible: [Skole]}
  - id: g2
    number: 2
    title: Mål
    measures:
      - {id: c, number: '2.2', title: C, responsible: [Skole]}
      - {id: d, title: D uten nummer, responsible: [Skole]}
"""


def test_dotted_numbers_count_within_their_goal_and_keep_their_quotes(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": DOTTED})
    result = runner.invoke(app, ["renumber", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "measure b: 1.3 → 1.2" in result.output and "measure c: 2.2 → 2.1" in result.output
    after = (folder / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8")
    assert '{id: b, number: "1.2", title: B' in after and "{id: c, number: '2.1', title: C" in after
    assert "{id: d, title: D uten nummer" in after  # unnumbered stays unnumbered


def test_a_plan_with_errors_is_not_renumbered(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": JUMPING.replace("id: t3", "id: T3")})
    result = runner.invoke(app, ["renumber", str(folder)])
    assert result.exit_code == 1
    assert "har feil form" in result.output and "Traceback" not in result.output
    assert (folder / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8") == JUMPING.replace("id: t3", "id: T3")


def test_renumber_of_a_folder_that_is_no_plan_exits_2(tmp_path):
    result = runner.invoke(app, ["renumber", str(tmp_path)])
    assert result.exit_code == 2 and "er ikke en planmappe" in result.output

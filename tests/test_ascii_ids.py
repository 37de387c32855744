"""Issue 13, point 9: ids a Norwegian can type. Ids stay ASCII; rusplan proposes æ→ae, ø→o, å→a."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import PLANS
from rusplan.asciiid import ascii_id
from rusplan.cli import app
from rusplan.planfolder import read_plan
from rusplan.validate import validate

runner = CliRunner()


@pytest.mark.parametrize(("typed", "proposed"), [
    ("ålesund-2025-2028", "alesund-2025-2028"),
    ("Bærum 2024–2028", "baerum-2024-2028"),
    ("Øystre Slidre", "oystre-slidre"),
    ("Nord-Aurdal", "nord-aurdal"),
    ("Guovdageaidnu/Kautokeino", "guovdageaidnu-kautokeino"),
])
def test_the_transliteration(typed, proposed):
    assert ascii_id(typed) == proposed


def test_init_uses_the_transliteration_and_keeps_the_name_with_its_letters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "plans/ålesund-2025-2028", "--no-interactive"])
    assert result.exit_code == 0, result.output
    assert "Plan-id-en blir «alesund-2025-2028» (æ→ae, ø→o, å→a)" in result.output
    folder = tmp_path / "plans" / "alesund-2025-2028"
    assert not (tmp_path / "plans" / "ålesund-2025-2028").exists()
    assert validate([folder]).findings == []
    meta = read_plan(folder).meta
    assert (meta.id, meta.municipalities[0].name) == ("alesund-2025-2028", "Ålesund")
    assert meta.title == "Ruspolitisk handlingsplan for Ålesund kommune 2025–2028"


def test_init_refuses_other_mistakes_and_names_the_id_to_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "plans/Ålesund_2025", "--no-interactive"])
    assert result.exit_code == 2
    assert "Mappenavnet «Ålesund_2025» kan ikke være plan-id" in result.output and "altså «alesund-2025»" in result.output
    assert not (tmp_path / "plans").exists() or not any((tmp_path / "plans").iterdir())


def test_roll_forward_refuses_a_norwegian_id_and_names_the_ascii_one(tmp_path):
    import shutil

    shutil.copytree(PLANS / "averoy-2021-2024", tmp_path / "averoy-2021-2024")
    result = runner.invoke(app, ["roll-forward", str(tmp_path / "averoy-2021-2024"), "--to", "2024-2028", "--id", "averøy-2024-2028"])
    assert result.exit_code == 2
    assert "Plan-id-en «averøy-2024-2028» har feil form" in result.output and "altså --id averoy-2024-2028" in result.output


def test_an_id_with_norwegian_letters_in_a_plan_file_is_refused_with_the_ascii_id(make_plan):
    area = "id: barn-og-unge\ntitle: Barn og unge\ngoals:\n  - id: mål-1\n    title: Tidlig innsats\n"
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area})
    [found] = [f for f in validate([folder]).findings if f.code == "RP103"]
    assert (found.file.endswith("barn-og-unge.yaml"), found.line, found.column) == (True, 4, 9)
    assert found.message() == "Ugyldig verdi for «id»: id-er skrives uten æ, ø og å (æ→ae, ø→o, å→a): bruk «mal-1»."

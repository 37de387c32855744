"""`rusplan export PLAN --alcohol`: the licence register and the control log as spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import shutil

from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import PLANS
from rusplan.cli import app

EXAMPLE = PLANS / "eksempel-alkohol-2025-2028"
runner = CliRunner()


def export(*args: str):
    return runner.invoke(app, ["export", *args])


def test_xlsx_has_a_sheet_for_the_register_and_one_for_the_control_log(tmp_path):
    target = tmp_path / "alkohol.xlsx"
    result = export(str(EXAMPLE), "--alcohol", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Skrev {target} (8 bevillinger, 18 kontroller).\n"
    book = load_workbook(target)
    assert book.sheetnames == ["Bevillinger", "Kontroller"]
    licences = list(book["Bevillinger"].values)
    assert licences[0][:8] == ("Sted", "Sted-id", "Kommune", "Bevillingshaver", "Adresse", "Bevilling-id", "Type", "Alkoholgrupper")
    pub = next(row for row in licences if row[1] == "pub-provedal")
    assert pub[2] == "Prøvedal" and pub[6] == "skjenkebevilling" and pub[7] == "1, 2"
    assert pub[10] == "14:00–02:00" and pub[15] == "2028-09-30" and pub[16] == "2024-06-20 24/77"
    assert pub[18] == "2025-11-20 (2025-12-01–2025-12-07) 25/140"
    controls = list(book["Kontroller"].values)
    assert controls[0] == ("År", "Dato", "Klokkeslett", "Sted", "Sted-id", "Type", "Kontrollører", "Brudd", "Prikker", "Merknad")
    minor = next(row for row in controls if row[1] == "2025-04-05")
    assert minor == (2025, "2025-04-05", "23:50", "Pub Prøvedal", "pub-provedal", "Skjenkekontroll", 2,
                     "salg eller skjenking til person under 18 år: Skjenking av øl til person på 17 år.", 8, None)
    assert len(controls) == 19


def test_csv_writes_two_files_into_the_folder_in_english_with_lang_en(tmp_path):
    result = export(str(EXAMPLE), "--alcohol", "-f", "csv", "-o", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    licences = (tmp_path / "eksempel-alkohol-2025-2028-bevillinger.csv").read_bytes()
    assert licences.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(licences.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Outlet", "Outlet id", "Municipality"]
    assert ["Vinmonopolet Eksempelby", "Vinmonopolet"] == [rows[5][0], rows[5][6]]
    controls = (tmp_path / "eksempel-alkohol-2025-2028-kontroller.csv").read_text(encoding="utf-8-sig")
    assert "2025;2025-07-12;23:30;Hotell Sentrum;hotell-sentrum;Serving control;2;sale or serving to an obviously intoxicated person" in controls


def test_never_overwrites_without_force(tmp_path):
    target = tmp_path / "alkohol.xlsx"
    target.write_bytes(b"gammel")
    result = export(str(EXAMPLE), "--alcohol", "-o", str(target))
    assert result.exit_code == 2
    assert f"Filen «{target}» finnes allerede. Bruk --force for å overskrive den." in result.stderr.replace("\n", "")
    assert target.read_bytes() == b"gammel"
    assert export(str(EXAMPLE), "--alcohol", "-o", str(target), "--force").exit_code == 0
    assert load_workbook(target).sheetnames == ["Bevillinger", "Kontroller"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alkohol.xlsx"]


def test_register_text_is_never_a_formula(tmp_path):
    folder = tmp_path / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    register = folder / "alcohol/licences.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("name: Kafé Brygga", 'name: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    assert export(str(folder), "--alcohol", "-f", "csv", "-o", str(tmp_path)).exit_code == 0
    text = (tmp_path / "eksempel-alkohol-2025-2028-bevillinger.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert export(str(folder), "--alcohol", "-o", str(tmp_path / "a.xlsx")).exit_code == 0
    cell = load_workbook(tmp_path / "a.xlsx")["Bevillinger"]["A4"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_usage_problems_exit_2_with_a_message():
    no_register = export(str(PLANS / "averoy-2021-2024"), "--alcohol", "-o", "x.xlsx")
    assert no_register.exit_code == 2
    assert "Planen «averoy-2021-2024» har ingen bevillingsregister (alcohol/licences.yaml)" in no_register.stderr
    stdout = export(str(EXAMPLE), "--alcohol", "-f", "csv", "-o", "-")
    assert stdout.exit_code == 2 and "--alcohol skriver to tabeller til filer" in stdout.stderr
    not_folder = export(str(EXAMPLE), "--alcohol", "-f", "csv", "-o", "finnes-ikke.csv")
    assert not_folder.exit_code == 2 and "«finnes-ikke.csv» er ikke en mappe" in not_folder.stderr


def test_show_includes_the_register_and_the_control_logs():
    data = json.loads(runner.invoke(app, ["show", str(EXAMPLE)]).stdout)
    assert [o["id"] for o in data["alcohol_licences"]["outlets"]][:2] == ["dagligvare-torget", "bensin-nord"]
    assert data["alcohol_licences"]["outlets"][0]["licences"][0]["sales_hours"]["weekdays"] == {"from": "08:00", "to": "20:00"}
    assert [log["year"] for log in data["alcohol_controls"]] == [2025] and len(data["alcohol_controls"][0]["controls"]) == 18
    averoy = json.loads(runner.invoke(app, ["show", str(PLANS / "averoy-2021-2024")]).stdout)
    assert averoy["alcohol_licences"] is None and averoy["alcohol_controls"] == []


def test_a_folder_as_output_gets_the_workbook_under_its_default_name(tmp_path):
    result = export(str(EXAMPLE), "--alcohol", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["eksempel-alkohol-2025-2028-alkohol.xlsx"]

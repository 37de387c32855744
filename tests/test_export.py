"""`rusplan export`: the measure table as CSV and xlsx, read back the way a spreadsheet would."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS
from rusplan.cli import app
from rusplan.export import column_headings

runner = CliRunner()
MOLDE = PLANS / "molde-2020-2024"


def read_csv(data: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_csv_has_a_bom_norwegian_headers_and_one_row_per_measure(tmp_path):
    out = tmp_path / "tiltak.csv"
    result = runner.invoke(app, ["export", str(MOLDE), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Skrev {out} (71 tiltak)." in result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte order mark
    assert b"\r\n" in data
    rows = read_csv(data)
    assert rows[0] == ["Fokusområde", "Mål", "Nr.", "Tiltak", "Ansvarlig", "Kostnad", "Frist", "Status", "Statusår", "Merknad"]
    assert len(rows) == 72
    first = rows[1]
    assert first[:4] == ["Barn og unge", "Tidlig innsats barn og unge", "1", "Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole"]
    assert first[4:7] == ["Skole, barnehage, barneverntjenesten", "Innenfor ramme", "2020"]
    t41 = next(r for r in rows if r[2] == "41")
    assert t41[0] == "Bolig" and "Miljøvaktmester" in t41[3]
    assert t41[5:9] == ["700 000", "2023", "Gjennomført", "2022"]
    assert t41[9].startswith("«Nyopprettet miljøvaktmester stilling")
    assert any("æ" in cell or "ø" in cell or "å" in cell for row in rows for cell in row)


def test_the_latest_status_report_wins(make_plan, tmp_path):
    folder = make_plan({
        "status/2021.yaml": "year: 2021\nmeasures:\n  - {measure: t1, status: in_progress, note: Påbegynt}\n  - {measure: t2, status: planned}\n",
        "status/2022.yaml": "year: 2022\nmeasures:\n  - {measure: t1, status: done, note: Ferdig før fristen}\n",
    })
    out = tmp_path / "x.csv"
    assert runner.invoke(app, ["export", str(folder), "-f", "csv", "-o", str(out)]).exit_code == 0
    rows = read_csv(out.read_bytes())
    assert [r[7:] for r in rows[1:]] == [["Gjennomført", "2022", "Ferdig før fristen"], ["Planlagt", "2021", ""]]


def test_xlsx_reads_back_with_bold_frozen_filtered_header_and_widths(tmp_path):
    out = tmp_path / "tiltak.xlsx"
    result = runner.invoke(app, ["export", str(MOLDE), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet.title == "Tiltak"
    assert [c.value for c in sheet[1]] == list(column_headings("nb"))
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    assert sheet.max_row == 72
    assert sheet.column_dimensions["D"].width >= 30 and sheet.column_dimensions["C"].width < 10
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == 41)  # numbers stay numbers
    assert row[0] == "Bolig" and "Miljøvaktmester" in row[3] and row[6] == 2023 and row[7] == "Gjennomført" and row[8] == 2022
    assert book.properties.title == "Ruspolitisk handlingsplan 2020–2024"


def test_default_file_name_is_the_plan_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["export", str(MOLDE)]).exit_code == 0
    assert (tmp_path / "molde-2020-2024-tiltak.xlsx").is_file()
    assert runner.invoke(app, ["export", str(MOLDE), "-f", "csv"]).exit_code == 0
    assert (tmp_path / "molde-2020-2024-tiltak.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["molde-2020-2024-tiltak.csv", "molde-2020-2024-tiltak.xlsx"]  # no temporary left


def test_csv_to_standard_output_and_other_delimiters():
    result = runner.invoke(app, ["export", str(MOLDE), "-f", "csv", "-o", "-", "--delimiter", ","])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert read_csv(result.stdout_bytes, ",")[0][0] == "Fokusområde"


def test_english_headers():
    result = runner.invoke(app, ["export", str(MOLDE), "-f", "csv", "-o", "-", "--lang", "en"])
    rows = read_csv(result.stdout_bytes)
    assert rows[0] == list(column_headings("en"))
    assert next(r for r in rows if r[2] == "41")[7] == "Done"


def test_plan_text_never_becomes_a_formula(make_plan, tmp_path):
    area = MINIMAL_AREA.replace(
        "title: Utarbeide felles prosedyre for melding til barnevernet", "title: '=HYPERLINK(\"http://x\") prosedyre for melding til barnevernet'"
    ).replace(
        "responsible: [Skole]", "responsible: ['@Skole', '-Skole']"
    )
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area})
    assert runner.invoke(app, ["export", str(folder), "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx").active["D2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert runner.invoke(app, ["export", str(folder), "-f", "csv", "-o", str(tmp_path / "x.csv")]).exit_code == 0
    row = read_csv((tmp_path / "x.csv").read_bytes())[1]
    assert row[3].startswith("'=HYPERLINK") and row[4] == "'@Skole, -Skole"


def test_a_plan_with_errors_exits_1(make_plan, tmp_path):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("title: Barn og unge", "titel: Barn og unge")})
    result = runner.invoke(app, ["export", str(folder), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert "RP101" in result.output and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist"], "finnes ikke"),
        ([str(PLANS)], "inneholder 6 planer"),
        ([str(MOLDE), "-f", "xlsx", "-o", "-"], "Bare CSV"),
        ([str(MOLDE), "--delimiter", ";;"], "ett tegn"),
        ([str(MOLDE), "-o", "/nonexistent-dir/x.xlsx"], "Kan ikke skrive"),
    ],
)
def test_usage_problems_exit_2_without_traceback(args, message):
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output

"""The yearly status round as a secretary plays it: `status new`, `status form`, the units fill in, `status import`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_plan
from rusplan.cli import app

runner = CliRunner()

AREA = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats
    measures:
      - {id: t1, number: 1, title: Felles prosedyre for melding til barnevernet, responsible: [Skole], deadline: 2023}
      - {id: t2, number: 2, title: Skolelos ved alle ungdomsskoler, responsible: [Skole, Helse- og omsorg], deadline: I planperioden}
      - {id: t3, number: 3, title: Ruskontakt ved ungdomsskolene, responsible: [Helse og omsorg], deadline: 2022}
      - {id: t4, number: 4, title: Foreldremøter om alkohol, responsible: [Helse og omsorg], deadline: Årlig}
      - {id: t5, number: 5, title: Kartlegging med Ungdata, responsible: [Helse og omsorg]}
"""
STATUS_2022 = """\
# Kilde: svar fra enhetene, januar 2023
year: 2022
measures:
  - measure: t1
    status: in_progress
    note: Utkast sendt på høring
  - measure: t3
    status: planned
"""
STATUS_COLUMN, NOTE_COLUMN, DATE_COLUMN, KEY_COLUMN = "G", "H", "I", "J"


def rusplan_script() -> str:
    beside = Path(sys.executable).parent / "rusplan"
    script = str(beside) if beside.exists() else shutil.which("rusplan")
    assert script, "rusplan is not installed: run the install command from README.md"
    return script


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_ACTIONS": "", "RUSPLAN_LANG": "", "COLUMNS": "200"}
    return subprocess.run([rusplan_script(), *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA, "status/2022.yaml": STATUS_2022}, plan_id="testby-2020-2024")


def rows_by_measure(sheet) -> dict[str, int]:
    """Where each measure's row is now, read from the hidden key column, as rusplan reads it."""
    return {sheet[f"{KEY_COLUMN}{r}"].value.rsplit("/", 1)[1]: r for r in range(2, sheet.max_row + 1) if sheet[f"{KEY_COLUMN}{r}"].value}


def sort_descending(sheet) -> None:
    """What a unit leader's «sort Z→A» on the number does: whole rows move, the hidden key with them."""
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    values.sort(key=lambda row: str(row[0]), reverse=True)
    for index, row in enumerate(values, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=index, column=column, value=value)


def answer(sheet, measure: str, status=None, note=None, date=None) -> int:
    row = rows_by_measure(sheet)[measure]
    sheet[f"{STATUS_COLUMN}{row}"] = status
    sheet[f"{NOTE_COLUMN}{row}"] = note
    sheet[f"{DATE_COLUMN}{row}"] = date
    return row


def test_the_whole_round_with_the_installed_console_script(plan: Path, tmp_path: Path):
    cwd = tmp_path
    # 1. The secretary starts the year: every measure at its latest status, t1 (deadline 2023) marked.
    done = run("status", "new", plan, "--year", "2023", cwd=cwd)
    assert done.returncode == 0, done.stderr
    report = plan / "status" / "2023.yaml"
    text = report.read_text(encoding="utf-8")
    assert "  - measure: t1  # 1 Felles prosedyre for melding til barnevernet (frist i 2023)\n    status: in_progress\n" in text
    assert "  - measure: t5  # 5 Kartlegging med Ungdata\n    status: planned\n" in text
    # …and adds a note of her own, which the import must leave alone.
    text = text.replace("year: 2023\n", "year: 2023\n# Purret på svar fra Helse og omsorg 10. januar\n")
    text = text.replace("  - measure: t5  # 5 Kartlegging med Ungdata\n    status: planned\n",
                        "  - measure: t5  # 5 Kartlegging med Ungdata\n    status: planned\n    note: Venter på Ungdata 2024\n")
    report.write_text(text, encoding="utf-8")
    assert run("status", "new", plan, "--year", "2023", cwd=cwd).returncode == 2  # never overwrites

    # 2. One form per responsible unit; «Helse- og omsorg» and «Helse og omsorg» are one unit.
    done = run("status", "form", plan, "--year", "2023", "--by-unit", "-o", "skjema", cwd=cwd)
    assert done.returncode == 0, done.stderr
    forms = cwd / "skjema"
    assert sorted(p.name for p in forms.iterdir()) == ["helse-og-omsorg.xlsx", "skole.xlsx"]
    helse_path, skole_path = forms / "helse-og-omsorg.xlsx", forms / "skole.xlsx"

    # 3. The units fill in, as units do: Helse sorts its sheet, deletes t5's row, misspells a word, writes «i høst» as a date;
    #    Skole forgets a status and answers the shared t2 differently from Helse.
    helse = openpyxl.load_workbook(helse_path)
    sheet = helse["Status"]
    assert sorted(rows_by_measure(sheet)) == ["t2", "t3", "t4", "t5"]
    sort_descending(sheet)
    sheet.delete_rows(rows_by_measure(sheet)["t5"])
    h_t2 = answer(sheet, "t2", "gjennomført", "Skolelos ansatt fra august")
    h_t3 = answer(sheet, "t3", "gjennomført", "Ruskontakt på plass ved alle tre skoler", "i høst")
    h_t4 = answer(sheet, "t4", "gjenomført", "Foreldremøte i alle 8. klasser")
    assert (h_t4, h_t3, h_t2) == (2, 3, 4)  # sorted Z→A and t5 gone: the rows moved
    helse.save(helse_path)
    skole = openpyxl.load_workbook(skole_path)
    sheet = skole["Status"]
    s_t1 = answer(sheet, "t1", None, "Prosedyren er vedtatt i skoleledermøtet")
    s_t2 = answer(sheet, "t2", "pågår")
    skole.save(skole_path)

    before = report.read_bytes()
    done = run("status", "import", plan, "--year", "2023", helse_path, skole_path, cwd=cwd)
    assert done.returncode == 1, done.stdout + done.stderr
    err = done.stderr
    assert f"{helse_path}!Status!G{h_t4}: «gjenomført» er ikke et statusord. Mente du «gjennomført»?" in err
    assert f"{helse_path}!Status!I{h_t3}: «i høst» er ikke en dato. Skriv datoen som DD.MM.ÅÅÅÅ" in err
    assert f"{skole_path}!Status!G{s_t1}: Status mangler for tiltak 1" in err
    assert (f"{skole_path}!Status!G{s_t2}: Tiltak 2 er besvart ulikt i to skjemaer: {helse_path}!Status!G{h_t2} sier «gjennomført» med merknaden "
            f"«Skolelos ansatt fra august», {skole_path}!Status!G{s_t2} sier «pågår».") in " ".join(err.split())
    assert "4 problem(er) i skjemaene; ingenting er skrevet." in err
    assert "Traceback" not in err
    assert report.read_bytes() == before

    # 4. The secretary calls the units; the forms are corrected and imported.
    helse = openpyxl.load_workbook(helse_path)
    answer(helse["Status"], "t3", "gjennomført", "Ruskontakt på plass ved alle tre skoler", dt.datetime(2023, 10, 2))
    answer(helse["Status"], "t4", "gjennomført", "Foreldremøte i alle 8. klasser")
    helse.save(helse_path)
    skole = openpyxl.load_workbook(skole_path)
    answer(skole["Status"], "t1", "pågår", "Prosedyren er vedtatt i skoleledermøtet")
    answer(skole["Status"], "t2", "gjennomført", "Skolelos ansatt fra august")  # now the same answer as Helse's
    skole.save(skole_path)

    done = run("status", "import", plan, "--year", "2023", helse_path, skole_path, cwd=cwd)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "1 Felles prosedyre for melding til barnevernet: fortsatt pågår merknad: «Prosedyren er vedtatt i skoleledermøtet»" in out
    assert "3 Ruskontakt ved ungdomsskolene: planlagt → gjennomført merknad: «Ruskontakt på plass ved alle tre skoler» dato: 02.10.2023" in out
    assert f"Skrev {report.relative_to(cwd)}: 4 tiltak endret." in out  # paths inside the working folder are shown relative to it

    text = report.read_text(encoding="utf-8")
    assert "# Purret på svar fra Helse og omsorg 10. januar\n" in text  # her comment survives
    assert "  - measure: t3  # 3 Ruskontakt ved ungdomsskolene\n    status: done\n    note: Ruskontakt på plass ved alle tre skoler\n    date: 2023-10-02\n" in text
    assert "    status: planned\n    note: Venter på Ungdata 2024\n" in text  # t5: no form touched it
    assert "gjennomført" not in text.split("measures:")[1].replace("Ruskontakt", "")  # codes, not words, in the file

    done = run("validate", plan, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run("render", plan, "--report", "status", "--year", "2023", cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert "| 3 | Ruskontakt ved ungdomsskolene | gjennomført | Ruskontakt på plass ved alle tre skoler |" in done.stdout
    assert "| 2 | Skolelos ved alle ungdomsskoler | gjennomført | Skolelos ansatt fra august |" in done.stdout
    assert "## Fremdrift per ansvarlig enhet" in done.stdout

    # 5. Importing the same forms again changes nothing and says so.
    done = run("status", "import", plan, "--year", "2023", helse_path, skole_path, cwd=cwd)
    assert done.returncode == 0 and "4 svar var som før." in done.stdout and "0 tiltak endret" in done.stdout


def test_a_form_for_another_year_a_csv_row_for_an_unknown_measure_and_a_missing_file(plan: Path, tmp_path: Path):
    old = tmp_path / "2022.xlsx"
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2022", "-o", str(old)]).exit_code == 0
    book = openpyxl.load_workbook(old)
    answer(book["Status"], "t1", "gjennomført")
    book.save(old)
    rows = tmp_path / "rader.csv"
    header = "Nr.;Tiltak;Ansvarlig;Frist;Sist rapportert;Merknad sist;Status 2023;Merknad 2023;Dato;rusplan-id\r\n"
    rows.write_bytes((header + "1;x;;;;;pågår;;15.11.2023;testby-2020-2024/2023/t1\r\n9;y;;;;;pågår;;;testby-2020-2024/2023/t99\r\n").encode("utf-8-sig"))
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(old), str(rows), str(tmp_path / "borte.xlsx")])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert f"{old}!Status!J2: Skjemaet gjelder «testby-2020-2024» for 2022, ikke «testby-2020-2024» for 2023." in out
    assert f"{rows}!J3: Raden gjelder tiltak «t99», som ikke finnes i planen «testby-2020-2024»." in out
    assert f"{tmp_path / 'borte.xlsx'}: «{tmp_path / 'borte.xlsx'}» finnes ikke." in out
    assert not (plan / "status" / "2023.yaml").exists()


def test_a_csv_form_imports_like_the_workbook_and_dry_run_writes_nothing(plan: Path, tmp_path: Path):
    form = tmp_path / "svar.csv"
    header = "Nr.;Tiltak;Ansvarlig;Frist;Sist rapportert;Merknad sist;Status 2023;Merknad 2023;Dato;rusplan-id\r\n"
    form.write_bytes((header + "1;x;;;;;Gjennomført;Vedtatt;15.11.2023;testby-2020-2024/2023/t1\r\n").encode("utf-8-sig"))
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(form), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 Felles prosedyre for melding til barnevernet: pågår → gjennomført" in result.output
    assert "Tørrkjøring: 1 tiltak ville blitt endret" in " ".join(result.output.split())
    assert not (plan / "status" / "2023.yaml").exists()
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(form)])
    assert result.exit_code == 0, result.output
    text = (plan / "status" / "2023.yaml").read_text(encoding="utf-8")  # started as `status new` would, then merged
    assert "  - measure: t1  # 1 Felles prosedyre for melding til barnevernet (frist i 2023)\n    status: done\n    note: Vedtatt\n    date: 2023-11-15\n" in text
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0


def test_the_form_is_protected_printable_and_explains_itself(plan: Path, tmp_path: Path):
    target = tmp_path / "skjema.xlsx"
    result = runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Skrev {target} (5 tiltak)." in result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Veiledning", "Status"]
    guide = " ".join(str(c.value) for c in book["Veiledning"]["A"] if c.value)
    assert "Gå til arket «Status»" in guide and "planlagt, pågår, gjennomført, delvis gjennomført, ikke gjennomført, avviklet" in guide
    sheet = book["Status"]
    assert [c.value for c in sheet[1]] == ["Nr.", "Tiltak", "Ansvarlig", "Frist", "Sist rapportert", "Merknad sist", "Status 2023", "Merknad 2023", "Dato", "rusplan-id"]
    assert [sheet[f"A{r}"].value for r in range(2, 7)] == ["1", "2", "3", "4", "5"]
    assert sheet["E2"].value == "pågår (2022)" and sheet["F2"].value == "Utkast sendt på høring"
    assert sheet["J2"].value == "testby-2020-2024/2023/t1" and sheet.column_dimensions["J"].hidden
    # only the three fill-in columns can be edited
    assert sheet.protection.sheet
    assert {c.column_letter for row in sheet.iter_rows(min_row=2) for c in row if not c.protection.locked} == {"G", "H", "I"}
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists[0].formula1 == '"planlagt,pågår,gjennomført,delvis gjennomført,ikke gjennomført,avviklet"'
    assert str(lists[0].sqref) == "G2:G6"
    # printable: landscape, one page wide, header row on every page
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet["A2"].fill.start_color.rgb.endswith("FFF2CC")  # t1 is due in 2023
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "-o", str(target)]).exit_code == 2  # refuses to overwrite
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "-o", str(target), "--force"]).exit_code == 0


def test_usage_problems_exit_2_and_a_broken_plan_exits_1(plan: Path, tmp_path: Path):
    result = runner.invoke(app, ["status", "new", str(plan), "--year", "2031"])
    assert result.exit_code == 2 and "2031 ligger utenfor planperioden 2020–2024" in result.output
    result = runner.invoke(app, ["status", "new", str(tmp_path / "finnes-ikke"), "--year", "2023"])
    assert result.exit_code == 2
    (plan / "focus-areas" / "barn-og-unge.yaml").write_text(AREA.replace("number: 1\ntitle", "number: 1\ntittel"), encoding="utf-8")
    result = runner.invoke(app, ["status", "new", str(plan), "--year", "2023", "--dry-run"])
    assert result.exit_code == 1 and "har feil" in result.output


def test_status_new_dry_run_prints_and_english_with_lang(plan: Path):
    result = runner.invoke(app, ["status", "new", str(plan), "--year", "2023", "--dry-run", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.startswith("# Status report 2023 for testby-2020-2024")
    assert "(due in 2023)" in result.output
    assert not (plan / "status" / "2023.yaml").exists()


# --- LibreOffice: a form re-saved by another program imports identically -------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (Debian: libreoffice-calc) is not installed; .ci/run installs it")
def test_a_form_resaved_by_libreoffice_imports_identically(plan: Path, tmp_path: Path):
    form = tmp_path / "helse.xlsx"
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "-o", str(form)]).exit_code == 0
    book = openpyxl.load_workbook(form)
    sort_descending(book["Status"])
    answer(book["Status"], "t3", "gjennomført", "Ruskontakt på plass", dt.datetime(2023, 10, 2))
    answer(book["Status"], "t4", "delvis gjennomført", "To av tre skoler")
    answer(book["Status"], "t2", "pågår", None, "15.11.2023")
    book.save(form)
    resaved = tmp_path / "libreoffice"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(form)],
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0 and (resaved / "helse.xlsx").is_file(), done.stdout + done.stderr
    assert (resaved / "helse.xlsx").read_bytes() != form.read_bytes()
    sheet = openpyxl.load_workbook(resaved / "helse.xlsx")["Status"]
    # what the unit relies on survives LibreOffice: hidden key, drop-down, protection with G–I open, print settings
    assert sheet.column_dimensions["J"].hidden and sheet.protection.sheet
    words = '"planlagt,pågår,gjennomført,delvis gjennomført,ikke gjennomført,avviklet"'
    assert [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"] == [words]
    assert {c.column_letter for row in sheet.iter_rows(min_row=2) for c in row if not c.protection.locked} == {"G", "H", "I"}
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"

    results = [runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(path), "--dry-run"]) for path in (form, resaved / "helse.xlsx")]
    assert [r.exit_code for r in results] == [0, 0], [r.output for r in results]
    assert results[0].output == results[1].output
    assert "3 Ruskontakt ved ungdomsskolene: planlagt → gjennomført" in results[1].output and "dato: 02.10.2023" in results[1].output


@pytest.mark.parametrize("written", ["Pågår", "  pågår ", "IN_PROGRESS", "in progress", "In Progress", "in_progress"])
def test_status_words_are_read_in_either_language_or_as_codes(written):
    from rusplan.model import Status
    from rusplan.statusround import read_status

    assert read_status(written) is Status.in_progress


def test_a_file_that_is_not_a_workbook_is_named_with_what_to_do(plan: Path, tmp_path: Path):
    fake = tmp_path / "svar.xlsx"
    fake.write_text("dette er ikke et regneark", encoding="utf-8")
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(fake)])
    assert result.exit_code == 1
    assert f"{fake}: Filen kan ikke leses (det er ikke en gyldig Excel-arbeidsbok). Lagre den på nytt som Excel-arbeidsbok (.xlsx)" in " ".join(result.output.split())
    other = tmp_path / "svar.ods"
    other.write_bytes(b"PK")
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(other)])
    assert result.exit_code == 1 and "er verken et Excel-skjema (.xlsx) eller CSV (.csv)" in result.output


def test_an_english_form_reads_back(plan: Path, tmp_path: Path):
    form = tmp_path / "form.xlsx"
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "-o", str(form), "--lang", "en"]).exit_code == 0
    book = openpyxl.load_workbook(form)
    assert book.sheetnames == ["Instructions", "Status"]
    assert [v for v in book["Status"].data_validations.dataValidation if v.type == "list"][0].formula1 == '"planned,in progress,done,partly done,not done,discontinued"'
    answer(book["Status"], "t4", "partly done", "Two of three schools")
    book.save(form)
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(form), "--dry-run", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "4 Foreldremøter om alkohol: planned → partly done" in result.output  # a missing report starts as `status new` starts it


def test_a_zip_bomb_posing_as_a_form_is_refused_without_unpacking_it(plan: Path, tmp_path: Path):
    import time
    import zipfile

    bomb = tmp_path / "svar.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    started = time.monotonic()
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(bomb)])
    assert result.exit_code == 1
    assert "er for stor til å være et statusskjema (80 MB)" in " ".join(result.output.split())
    assert time.monotonic() - started < 5


def test_default_names_are_the_plan_id_and_year(plan: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023"]).exit_code == 0
    assert runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "--by-unit"]).exit_code == 0
    assert (tmp_path / "testby-2020-2024-status-2023.xlsx").is_file()
    assert sorted(p.name for p in (tmp_path / "testby-2020-2024-status-2023").iterdir()) == ["helse-og-omsorg.xlsx", "skole.xlsx"]
    result = runner.invoke(app, ["status", "form", str(plan), "--year", "2023", "--by-unit"])
    assert result.exit_code == 2 and "Bruk --force for å overskrive den" in result.output
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(tmp_path / "testby-2020-2024-status-2023")])
    assert result.exit_code == 1 and "er verken et Excel-skjema (.xlsx) eller CSV (.csv)" in result.output  # a folder, not a form


def test_a_note_over_several_lines_becomes_a_block_and_control_characters_are_dropped(plan: Path, tmp_path: Path):
    form = tmp_path / "svar.csv"
    header = "Nr.;Tiltak;Ansvarlig;Frist;Sist rapportert;Merknad sist;Status 2023;Merknad 2023;Dato;rusplan-id\r\n"
    row = '2;x;;;;;pågår;"Ansatt ved to skoler.\r\nDen tredje\x07 følger i 2024.";;testby-2020-2024/2023/t2\r\n'
    form.write_bytes((header + row).encode("utf-8-sig"))
    result = runner.invoke(app, ["status", "import", str(plan), "--year", "2023", str(form)])
    assert result.exit_code == 0, result.output
    text = (plan / "status" / "2023.yaml").read_text(encoding="utf-8")
    assert "    status: in_progress\n    note: |-\n      Ansatt ved to skoler.\n      Den tredje følger i 2024.\n" in text
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0

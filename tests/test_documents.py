"""`rusplan render --format docx|pdf`: documents a council case and the archive accept.

Each document is written by the CLI and read back with a reader that knows
nothing of rusplan (python-docx for Word, pypdf and pikepdf for PDF): every
measure title is there, the headings come in the Markdown report's order, and
the document says it is in Norwegian bokmål.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
import pikepdf
import pypdf
import pytest
from typer.testing import CliRunner

from conftest import PLANS, write_plan
from rusplan import document, pdf_report, publish, render
from rusplan.cli import app
from rusplan.planfolder import read_plan

runner = CliRunner()
DAY = "2025-01-01"
CASES = [
    ("molde-2020-2024", "plan", None),
    ("molde-2020-2024", "status", 2022),
    ("molde-2020-2024", "revision", None),
    ("averoy-2021-2024", "plan", None),
    ("randaberg-2025-2030", "plan", None),
]
IDS = [f"{p}.{r}" for p, r, _ in CASES]


def context(plan_id: str, report: str, year: int | None):
    folder = PLANS / plan_id
    return render.build_context(folder, read_plan(folder).plan, report, year, dt.date.fromisoformat(DAY))


def markdown_headings(plan_id: str, report: str, year: int | None) -> list[tuple[int, str]]:
    """(level, text) of every heading in the Markdown report, `#` being level 0 (the title)."""
    text = render.render(report, "md", context(plan_id, report, year))
    found = []
    for line in text.splitlines():
        match = re.match(r"(#{1,6}) (.+)", line)
        if match:
            found.append((len(match.group(1)) - 1, match.group(2).replace("\\", "")))
    return found


def measure_titles(ctx) -> list[str]:
    """Every measure title the report is about."""
    if ctx["report"] == "plan":
        return [m.title for a in ctx["focus_areas"] for m in a.measures]
    if ctx["report"] == "status":
        return [r.measure.title for r in ctx["totals"].measures]
    return [c.new.title for c in ctx["carried"]] + [d.old.title for d in ctx["dropped"]] + [m.title for m in ctx["added"]]


def written(tmp_path: Path, plan_id: str, report: str, year: int | None, fmt: str, *extra: str) -> Path:
    target = tmp_path / f"{plan_id}.{report}.{fmt}"
    args = ["render", str(PLANS / plan_id), "--report", report, "--format", fmt, "-o", str(target), "--generated", DAY, *extra]
    if year:
        args += ["--year", str(year)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


def squash(text: str) -> str:
    return " ".join(text.split())


# --- Word --------------------------------------------------------------------------------------


def docx_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return squash(" ".join(parts))


@pytest.mark.parametrize(("plan_id", "report", "year"), CASES, ids=IDS)
def test_word_document_has_every_measure_the_headings_in_order_and_norwegian(tmp_path, plan_id, report, year):
    path = written(tmp_path, plan_id, report, year, "docx")
    doc = docx.Document(str(path))
    headings = []
    for p in doc.paragraphs:
        if p.style.name == "Title":
            headings.append((0, p.text))
        elif p.style.name.startswith("Heading "):
            headings.append((int(p.style.name.split()[1]), p.text))
    expected = markdown_headings(plan_id, report, year)
    assert headings[0][0] == 0 and expected[0][1].startswith(headings[0][1])  # the status report's title has its plan as subtitle
    assert headings[1:] == expected[1:]
    text = docx_text(doc)
    ctx = context(plan_id, report, year)
    missing = [t for t in measure_titles(ctx) if squash(t) not in text]
    assert not missing
    assert doc.core_properties.language == "nb-NO"
    assert doc.core_properties.title.endswith(ctx["plan"].title)
    assert doc.core_properties.author.startswith(ctx["plan"].municipality)
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="nb-NO"' in styles  # spelling and screen readers in Norwegian
    assert "Laget med rusplan fra planmappen" in text and "1. januar 2025" in text


def test_word_tables_repeat_their_header_and_keep_rows_on_one_page(tmp_path):
    doc = docx.Document(str(written(tmp_path, "molde-2020-2024", "status", 2022, "docx")))
    assert len(doc.tables) > 10
    for table in doc.tables:
        first = table.rows[0]._tr.trPr
        assert first.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for row in table.rows)
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[0] == "Fokusområde" and header[-2:] == ["Sum", "Andel gjennomført"]


def test_word_shows_the_chart_numbers_as_a_table(tmp_path):
    doc = docx.Document(str(written(tmp_path, "molde-2020-2024", "status", 2022, "docx")))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[-1][0] == "Hele planen" and rows[-1][-2] == "71"
    ctx = context("molde-2020-2024", "status", 2022)
    assert len(rows) == 1 + len(ctx["focus_areas"]) + 1


def test_word_document_can_be_edited_and_saved_again(tmp_path):
    path = written(tmp_path, "molde-2020-2024", "revision", None, "docx")
    doc = docx.Document(str(path))
    doc.paragraphs[-1].text = "Redigert av sekretæren."
    doc.save(str(tmp_path / "redigert.docx"))
    assert docx.Document(str(tmp_path / "redigert.docx")).paragraphs[-1].text == "Redigert av sekretæren."


# --- PDF ---------------------------------------------------------------------------------------


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield (level, item.title)

    return list(walk(reader.outline, 1))


def structure_types(pdf: pikepdf.Pdf) -> list[str]:
    """The structure element types in reading order."""
    found: list[str] = []

    def walk(node):
        kids = node.get("/K")
        if "/S" in node:
            found.append(str(node["/S"]))
        items = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and ("/S" in kid or "/K" in kid) and kid.get("/Type") != "/MCR":
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize(("plan_id", "report", "year"), CASES, ids=IDS)
def test_pdf_has_every_measure_the_headings_in_order_and_norwegian(tmp_path, plan_id, report, year):
    path = written(tmp_path, plan_id, report, year, "pdf")
    reader = pypdf.PdfReader(str(path))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    joined = re.sub(r"\s+", "", text)  # a title may wrap after «-/» or «–»
    ctx = context(plan_id, report, year)
    assert [t for t in measure_titles(ctx) if re.sub(r"\s+", "", t) not in joined] == []
    assert outline(reader) == markdown_headings(plan_id, report, year)[1:]
    assert reader.metadata.title.endswith(ctx["plan"].title)
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "nb-NO"
    assert "Laget med rusplan fra planmappen" in text and "1. januar 2025" in text


@pytest.mark.parametrize(("plan_id", "report", "year"), CASES[:3], ids=IDS[:3])
def test_pdf_is_tagged_with_structure_language_title_and_claims_pdfa_and_pdfua(tmp_path, plan_id, report, year):
    """What veraPDF would look at first, checked with pikepdf (veraPDF itself is not on PyPI)."""
    path = written(tmp_path, plan_id, report, year, "pdf")
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "nb-NO"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        types = structure_types(pdf)
        assert types[0] == "/Document" and types.index("/Title") < types.index("/H1")
        levels = [t for t in types if re.fullmatch(r"/H\d", t)]
        expected = [f"/H{level}" for level, _ in markdown_headings(plan_id, report, year)[1:]]
        assert levels == expected
        assert "/Table" in types and "/TH" in types and "/TD" in types
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"].endswith(context(plan_id, report, year)["plan"].title)
        assert "/OutputIntents" in root


def test_pdf_pages_are_numbered_and_carry_the_title_in_the_running_header(tmp_path):
    reader = pypdf.PdfReader(str(written(tmp_path, "molde-2020-2024", "status", 2022, "pdf")))
    pages = len(reader.pages)
    assert pages > 2
    second = reader.pages[1].extract_text()
    assert "Årsrapport 2022: Ruspolitisk handlingsplan 2020–2024" in second
    assert f"Side 2 av {pages}" in squash(second)
    assert f"Side {pages} av {pages}" in squash(reader.pages[-1].extract_text())


def test_pdf_is_the_same_for_the_same_plan_and_date(tmp_path):
    first = written(tmp_path, "randaberg-2025-2030", "plan", None, "pdf").read_bytes()
    (tmp_path / "igjen").mkdir()
    second = written(tmp_path / "igjen", "randaberg-2025-2030", "plan", None, "pdf").read_bytes()
    assert first == second


def test_plan_text_cannot_inject_typst_markup_or_code(tmp_path):
    hostile = '#set page(fill: red) *fet* = Overskrift \\" #{panic("x")} ]'
    area = f"""\
        id: barn-og-unge
        number: 1
        title: Barn og unge
        goals:
          - id: bu-m1
            number: 1
            title: Mål
            measures:
              - id: t1
                number: 1
                title: '{hostile}'
                responsible: [Skole]
        """
    folder = write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": area})
    ctx = render.build_context(folder, read_plan(folder).plan, "plan")
    result = pdf_report.to_pdf(document.build(ctx))
    text = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(__import__("io").BytesIO(result.data)).pages))
    assert squash(hostile) in text
    assert result.standards == ("a-2a", "ua-1")


def test_a_character_without_a_glyph_gives_a_tagged_pdf_and_says_it_is_not_pdfa(tmp_path):
    area = """\
        id: barn-og-unge
        number: 1
        title: Barn og unge
        goals:
          - id: bu-m1
            number: 1
            title: Mål
            measures:
              - id: t1
                number: 1
                title: Ungdomsklubb 🎉 hver fredag
                responsible: [Skole]
        """
    folder = write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": area})
    target = tmp_path / "plan.pdf"
    result = runner.invoke(app, ["render", str(folder), "-f", "pdf", "-o", str(target)])
    assert result.exit_code == 0
    assert "tagget), men ikke PDF/A og PDF/UA" in result.stderr
    with pikepdf.open(target) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "nb-NO"


def test_missing_pdf_extra_is_explained_in_norwegian(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_typst(name, *args, **kwargs):
        if name == "typst":
            raise ImportError("No module named 'typst'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_typst)
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-f", "pdf", "-o", "ikke-skrevet.pdf"])
    assert result.exit_code == 2
    assert result.stderr == "rusplan render: PDF krever tillegget rusplan[pdf] (Typst). Installer det med «pip install 'rusplan[pdf]'» og prøv igjen.\n"
    assert not Path("ikke-skrevet.pdf").exists()


# --- the CLI and the format registry ------------------------------------------------------------


def test_binary_documents_refuse_to_overwrite_without_force(tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"gammel")
    args = ["render", str(PLANS / "randaberg-2025-2030"), "-f", "docx", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "finnes allerede" in result.stderr
    assert target.read_bytes() == b"gammel"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]


def test_every_format_has_one_entry_and_extensions_choose_it():
    assert list(publish.FORMATS) == ["md", "html", "docx", "pdf"]
    assert publish.format_for_path(Path("sak/Rapport.DOCX")) == "docx"
    assert publish.format_for_path(Path("rapport.pdf")) == "pdf"
    assert publish.format_for_path(Path("rapport.htm")) == "html"
    assert publish.format_for_path(Path("rapport.txt")) is None


def test_every_report_states_when_it_was_made_today_unless_told():
    today = render.format_date(dt.date.today())
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030")])
    assert result.stdout.rstrip().endswith(f"Laget med rusplan fra planmappen `randaberg-2025-2030`, {today}.")
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "--generated", "2025-03-01"])
    assert result.stdout.rstrip().endswith("Laget med rusplan fra planmappen `randaberg-2025-2030`, 1. mars 2025.")


def test_unknown_format_is_a_render_problem_in_both_languages():
    with pytest.raises(render.RenderProblem) as problem:
        publish.make("plan", "odt", context("randaberg-2025-2030", "plan", None))
    assert problem.value.text() == "Ukjent format «odt». Velg md, html, docx, pdf."
    assert problem.value.text("en") == "Unknown format «odt». Choose md, html, docx, pdf."


def test_word_or_pdf_is_not_written_to_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    main, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rusplan", "render", str(PLANS / "randaberg-2025-2030"), "-f", "docx"],
            stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=60, env={**os.environ, "RUSPLAN_LANG": ""},
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert done.returncode == 2
    assert done.stderr == "rusplan render: Et docx-dokument kan ikke skrives til terminalen. Oppgi filen med -o, f.eks. -o rapport.docx.\n"


def test_word_goes_to_standard_output_when_it_is_a_pipe():
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-f", "docx", "--generated", DAY])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")

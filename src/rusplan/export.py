"""The measure table as a spreadsheet: CSV for anything, xlsx for Excel.

One row per measure in plan order: focus area, goal, number, title,
responsible, cost, deadline, and the latest reported status with its year and
note. Headers are Norwegian (English with `--lang en`).

CSV is written as UTF-8 with a byte order mark and `;` between fields: that is
what Excel in a Norwegian locale needs to open æøå and split the columns on a
double-click (comma is the decimal separator there). xlsx goes through openpyxl.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import astuple, dataclass
from pathlib import Path

from rusplan import atomic
from rusplan.history import latest_status
from rusplan.messages import language, template
from rusplan.model import Plan, Status
from rusplan.safetext import visible

FORMATS = ("csv", "xlsx")

COLUMNS = ("focus_area", "goal", "number", "measure", "responsible", "cost", "deadline", "status", "status_year", "note")


def column_headings(lang: str) -> tuple[str, ...]:
    """The table's column headings in the reader's language (catalog keys `export.head.*`)."""
    return tuple(template(f"export.head.{column}", lang) for column in COLUMNS)


def status_words(lang: str) -> dict[Status, str]:
    """Each status as a cell shows it: the catalog's word, capitalised («Gjennomført»)."""
    return {status: (word := template(f"status.{status.value}", lang))[0].upper() + word[1:] for status in Status}
# Column widths in characters: (minimum, maximum); long texts wrap within the maximum.
WIDTHS = ((14, 30), (14, 40), (5, 8), (30, 70), (14, 35), (12, 30), (10, 20), (12, 20), (8, 10), (20, 60))
# What a spreadsheet may run as a formula: these characters first, after any leading
# whitespace (a space, a tab, a line break, a no-break space), also in their full-width forms
# (＝, which NFKC folds to «=»). «|» starts a DDE call in older Excel and LibreOffice.
_FORMULA_CHARS = frozenset("=+-@|")
_NEGATIVE_NUMBER = re.compile(r"-\d[\d .,]*")


@dataclass(frozen=True)
class Row:
    area: str
    goal: str
    number: int | str
    title: str
    responsible: str
    cost: str
    deadline: str
    status: str
    status_year: int | str
    note: str


def headers(plan: Plan | None, lang: str = "nb") -> tuple[str, ...]:
    """The column headings; a plan that names its levels (`terms:`) gets its own words for them."""
    base = column_headings(lang)
    if plan is None or plan.meta.terms is None:
        return base
    from rusplan.terms import words

    own = words(plan.meta.terms, language(lang))
    return (own.focus_area, own.goal, base[2], own.measure, *base[4:])


def rows(plan: Plan, lang: str = "nb") -> list[Row]:
    words = status_words(lang)
    latest = latest_status(plan)  # the latest report wins, whatever its year
    references = plan.references()
    from rusplan.units import Register

    register = Register(plan.units)  # with units.yaml, each alias is written as its unit's name, so a filter finds all of a unit's rows
    out = []
    for area, goal, measure in plan.measures():
        year, item = latest.get(measure.id, ("", None))
        responsible, _ = plan.responsible(goal, measure)
        if register:
            responsible = list(dict.fromkeys(register.canonical(name) for name in responsible))
        out.append(
            Row(
                area=area.title,
                goal=goal.title,
                number=measure.number if measure.number is not None else references[measure.id],
                title=measure.title,
                responsible=", ".join(responsible),
                cost=measure.cost.text if measure.cost else "",
                deadline=measure.deadline.text if measure.deadline else "",
                status=words[Status(item.status)] if item else "",
                status_year=year,
                note=(item.note or "").strip() if item else "",
            )
        )
    return out


def sheet_row(values) -> list:
    """A spreadsheet row: control characters have no place in a cell (openpyxl refuses them, and U+FFFE is not XML), so text shows them as escapes."""
    return [visible(v, lines=True) if isinstance(v, str) else v for v in values]


def formula_risk(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: its first visible character, folded by NFKC, is = + - @ or |.

    A plain negative number («-5», «-1 000,50») stays a number.
    """
    body = text.lstrip()
    if not body:
        return False
    first = unicodedata.normalize("NFKC", body[0])[:1]
    if first not in _FORMULA_CHARS:
        return False
    return not (body is text and _NEGATIVE_NUMBER.fullmatch(unicodedata.normalize("NFKC", text)))


def csv_cell(value: int | str) -> str:
    """A cell for CSV; text that Excel or LibreOffice could run as a formula gets a leading apostrophe."""
    text = visible(str(value), lines=True)
    return "'" + text if isinstance(value, str) and formula_risk(text) else text


def to_csv(table: list[Row], lang: str = "nb", delimiter: str = ";", head: tuple[str, ...] | None = None) -> str:
    """The table as CSV text (without the BOM: `write_csv` adds it)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in head] if head else column_headings(lang))
    for row in table:
        writer.writerow([csv_cell(value) for value in astuple(row)])
    return buffer.getvalue()


def csv_bytes(table: list[Row], lang: str = "nb", delimiter: str = ";", head: tuple[str, ...] | None = None) -> bytes:
    return to_csv(table, lang, delimiter, head).encode("utf-8-sig")


def _number_or_text(value: int | str) -> int | str:
    """Numbers and years as numbers, so Excel sorts and filters them as such."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,9}", value.strip()):
        return int(value)
    return value


def xlsx_bytes(table: list[Row], lang: str = "nb", title: str = "", head: tuple[str, ...] | None = None) -> bytes:
    """The table as an Excel workbook: bold, frozen header row, filters, sensible column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template("export.sheet", lang)
    if title:
        workbook.properties.title = visible(title, lines=True)
    headers = column_headings(lang)
    sheet.append(sheet_row(head) if head else list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    numeric = {headers.index(h) for h in (headers[2], headers[6], headers[8])}
    for row in table:
        values = [_number_or_text(v) if i in numeric else v for i, v in enumerate(astuple(row))]
        sheet.append(sheet_row(values))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # plan text is never a formula, even when it starts with «=»
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (low, high) in enumerate(WIDTHS, start=1):
        longest = max((len(str(c.value)) for c in sheet[get_column_letter(index)] if c.value is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = max(low, min(high, longest + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(plan: Plan, format: str, lang: str = "nb", delimiter: str = ";") -> bytes:
    """The plan's measure table in `format` (csv or xlsx), as bytes ready to write."""
    table = rows(plan, lang)
    head = headers(plan, lang) if plan.meta.terms else None
    if format == "csv":
        return csv_bytes(table, lang, delimiter, head)
    if format == "xlsx":
        return xlsx_bytes(table, lang, title=plan.meta.title, head=head)
    raise ValueError(f"unknown export format {format!r}")


def write(data: bytes, path: Path, force: bool = False) -> Path:
    """Write the spreadsheet atomically (atomic.write_file): a reader never sees half of it. Returns the file written.

    An existing file is replaced only with `force` (FileExistsError otherwise), a link is written through only with
    `force`, and a folder or a device in its place never.
    """
    return atomic.write_file(path, data, overwrite=force, follow_links=force)

"""The status round's Excel form: which measures a unit is asked about, where they stood, and the workbook itself.

Every row carries a hidden key «plan-id/year/measure-id» (`KEY_HEADER` column),
which travels with the row when it is sorted, filtered or deleted, and
survives a re-save or a CSV export; `statusimport` reads it back. The status
words of the form come from the messages catalog, like every word a person reads.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass

from rusplan.export import sheet_row
from rusplan.history import latest_status
from rusplan.messages import LANGUAGES, Msg, template
from rusplan.model import Measure, Plan, Status
from rusplan.reportcontext import deadline_end, unit_key
from rusplan.safetext import visible
from rusplan.units import Register

KEY_HEADER = "rusplan-id"
# The form's columns, left to right: what the unit reads, then what it fills in, then the hidden key.
COLUMNS = ("reference", "measure", "responsible", "deadline", "last_status", "last_note", "status", "note", "date", "key")
FILL_IN = ("status", "note", "date")
WIDTHS = {"reference": 7, "measure": 55, "responsible": 22, "deadline": 14, "last_status": 18, "last_note": 40, "status": 20, "note": 45, "date": 12, "key": 10}
DUE_FILL = "FFF2CC"


def letter(name: str) -> str:
    """The spreadsheet column letter of a form column."""
    return "ABCDEFGHIJ"[COLUMNS.index(name)]


# --- status words: one source, the messages catalog --------------------------------------


def status_word(status: Status | str, lang: str = "nb") -> str:
    return Msg.of(f"status.{Status(status).value}").text(lang)


def _normal(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _accepted() -> dict[str, Status]:
    """Every way a unit may write a status: the words in every language of the catalog, and the codes."""
    words: dict[str, Status] = {}
    for status in Status:
        words[_normal(status.value)] = status
        for lang in LANGUAGES:
            words[_normal(template(f"status.{status.value}", lang))] = status
    return words


ACCEPTED = _accepted()


def read_status(text: str) -> Status | None:
    return ACCEPTED.get(_normal(text[:100]))


def nearest_word(text: str, lang: str = "nb") -> str | None:
    """The accepted word closest to what was written, for «Mente du …?»."""
    words = [status_word(s, lang) for s in Status]
    found = difflib.get_close_matches(_normal(text[:60]), words, n=1, cutoff=0.6)
    return found[0] if found else None


# --- which measures, and where they stood ----------------------------------------------------


@dataclass(frozen=True)
class FormRow:
    """One measure as the unit sees it on the form."""

    id: str
    reference: str
    title: str
    responsible: list[str]
    deadline: str
    due: bool
    last_status: Status | None
    last_year: int | None
    last_note: str | None


def reference(measure: Measure) -> str:
    """What a person quotes: the plan's number, or the id where the plan has none."""
    return str(measure.number) if measure.number is not None else measure.id


def due_in(measure: Measure, plan: Plan, year: int) -> bool:
    end = deadline_end(measure, plan)
    return end is not None and end.year == year


def form_rows(plan: Plan, year: int) -> list[FormRow]:
    """Every measure in plan order, with the latest status reported before `year`."""
    before = latest_status(plan, year - 1)
    rows = []
    register = Register(plan.units)
    quoted = plan.references()
    for _, goal, measure in plan.measures():
        reported_year, item = before.get(measure.id, (None, None))
        responsible, _ = plan.responsible(goal, measure)  # a goal's units count for measures without their own
        rows.append(
            FormRow(
                id=measure.id,
                reference=quoted[measure.id],
                title=measure.title,
                responsible=[register.canonical(unit) for unit in responsible],
                deadline=measure.deadline.text if measure.deadline else "",
                due=due_in(measure, plan, year),
                last_status=Status(item.status) if item else None,
                last_year=reported_year,
                last_note=(item.note or "").strip() or None if item else None,
            )
        )
    return rows


# --- status form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """One workbook to write: for the whole plan (`unit` None) or one responsible unit."""

    unit: str | None
    rows: list[FormRow]
    name: str


def slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")[:60] or "enhet"


def forms(plan: Plan, year: int, by_unit: bool, lang: str = "nb") -> list[Form]:
    """The forms to send: one for the plan, or one per responsible unit holding that unit's measures."""
    rows = form_rows(plan, year)
    if not by_unit:
        return [Form(None, rows, f"{plan.id}-status-{year}.xlsx")]
    names: dict[str, str] = {}
    members: dict[str, list[FormRow]] = {}
    no_unit = Msg.of("round_no_unit").text(lang)
    for row in rows:
        for unit in row.responsible or [no_unit]:
            key, shown = unit_key(unit)
            names.setdefault(key, shown)
            if row not in members.setdefault(key, []):
                members[key].append(row)
    out: list[Form] = []
    used: set[str] = set()
    for key, shown in names.items():
        base = slug(shown)
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        out.append(Form(shown, members[key], f"{name}.xlsx"))
    return out


def headers(year: int, lang: str) -> list[str]:
    return [KEY_HEADER if c == "key" else Msg.of(f"form.{c}", year=year).text(lang) for c in COLUMNS]


def workbook(plan: Plan, year: int, form: Form, lang: str = "nb") -> bytes:
    """The form as xlsx bytes: instructions, then the protected «Status» sheet with drop-downs."""
    from openpyxl import Workbook

    words = [status_word(s, lang) for s in Status]
    book = Workbook()
    title_key = "form.title_unit" if form.unit else "form.title"
    title = visible(Msg.of(title_key, year=year, plan=plan.meta.title, unit=form.unit or "").text(lang), lines=True)
    book.properties.title = title
    book.properties.subject = f"{plan.id}/{year}"
    guide = _guide_sheet(book, plan, year, title, words, lang)
    sheet, last_row = _status_sheet(book, plan, year, form, lang)
    _validations(sheet, year, words, last_row, lang)
    _print_setup(sheet, title, last_row)
    book.active = book.index(guide)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _guide_sheet(book, plan: Plan, year: int, title: str, words: list[str], lang: str):
    """The first sheet: the title and how to fill in the form, protected."""
    from openpyxl.styles import Alignment, Font

    guide = book.active
    guide.title = Msg.of("form.guide_sheet").text(lang)
    guide["A1"] = title
    guide["A1"].font = Font(bold=True, size=14)
    text = Msg.of("form.guide", year=year, plan=visible(plan.meta.title, lines=True), words=", ".join(words)).text(lang)
    for index, line in enumerate(text.split("\n"), start=3):
        cell = guide.cell(row=index, column=1, value=line)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if index == 3:
            cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True
    return guide


def _status_sheet(book, plan: Plan, year: int, form: Form, lang: str):
    """The «Status» sheet: one row per measure, only the fill-in cells unlocked; the sheet and its last row."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    sheet = book.create_sheet(Msg.of("form.sheet").text(lang))
    sheet.append(headers(year, lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    due_fill = PatternFill("solid", start_color=DUE_FILL, end_color=DUE_FILL)
    for line, row in enumerate(form.rows, start=2):  # counted here: openpyxl's max_row scans every cell, which made this quadratic
        last = f"{status_word(row.last_status, lang)} ({row.last_year})" if row.last_status else ""
        values = {
            "reference": row.reference,
            "measure": row.title,
            "responsible": ", ".join(row.responsible),
            "deadline": row.deadline,
            "last_status": last,
            "last_note": row.last_note or "",
            "status": None,
            "note": None,
            "date": None,
            "key": f"{plan.id}/{year}/{row.id}",
        }
        sheet.append(sheet_row(values.values()))
        for name in COLUMNS:
            cell = sheet[f"{letter(name)}{line}"]
            if isinstance(cell.value, str):
                cell.data_type = "s"  # plan text is never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if name in FILL_IN:
                cell.protection = Protection(locked=False)
            if row.due and name in ("reference", "measure", "deadline"):
                cell.fill = due_fill
        sheet[f"{letter('date')}{line}"].number_format = "DD.MM.YYYY"
    for name, width in WIDTHS.items():
        sheet.column_dimensions[letter(name)].width = width
    sheet.column_dimensions[letter("key")].hidden = True
    return sheet, max(sheet.max_row, 2)


def _validations(sheet, year: int, words: list[str], last_row: int, lang: str) -> None:
    """The status column takes only the status words (a drop-down), the date column only a date."""
    from openpyxl.worksheet.datavalidation import DataValidation

    choose = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True, showDropDown=False)
    choose.showErrorMessage = choose.showInputMessage = True
    choose.errorTitle, choose.error = Msg.of("form.word_error_title").text(lang), Msg.of("form.word_error").text(lang)
    choose.promptTitle, choose.prompt = Msg.of("form.status", year=year).text(lang), Msg.of("form.word_prompt", year=year).text(lang)
    choose.add(f"{letter('status')}2:{letter('status')}{last_row}")
    when = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # after 1 January 2000
    when.showErrorMessage = True
    when.errorTitle, when.error = Msg.of("form.date").text(lang), Msg.of("form.date_error", year=year).text(lang)
    when.add(f"{letter('date')}2:{letter('date')}{last_row}")
    sheet.add_data_validation(choose)
    sheet.add_data_validation(when)


def _print_setup(sheet, title: str, last_row: int) -> None:
    """Frozen headings, a filter a unit may use (sorting too), and A4 landscape pages with the title on each."""
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{letter('key')}{last_row}"
    protection = sheet.protection
    protection.sheet = True
    protection.sort = protection.autoFilter = protection.formatColumns = protection.formatRows = protection.deleteRows = False
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{letter('date')}{last_row}"
    sheet.oddHeader.left.text = title.replace("&", "&&")
    sheet.oddFooter.right.text = "&P / &N"

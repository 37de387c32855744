"""The yearly status round: start a year's report, send the units a form, read their answers back.

A plan is revised every four years but reported on every year. The secretary
starts `status/<year>.yaml` (`new_report`), sends each responsible unit an
Excel form (`form_workbooks`), and merges the filled-in forms into the report
(`import_forms`). The units work in Excel, LibreOffice or Google Sheets, so
the form carries what rusplan needs inside itself: every row has a hidden key
«plan-id/year/measure-id», which travels with the row when it is sorted,
filtered or deleted, and survives a re-save or a CSV export.

Every problem in a form is reported at its cell (`helse.xlsx!Status!G7`), and
nothing is written while there is one. The report is edited round-trip
(ruamel.yaml), so the secretary's comments and the answers no form touches
stay as they were. Nothing here prints: the CLI words the results.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import textwrap
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.export import sheet_row
from rusplan.history import latest_status
from rusplan.load import os_reason
from rusplan.messages import LANGUAGES, Msg, language, template
from rusplan.model import Measure, Plan, Status
from rusplan.render import _deadline_end, unit_key
from rusplan.safetext import visible
from rusplan.units import Register

KEY_HEADER = "rusplan-id"
# The form's columns, left to right: what the unit reads, then what it fills in, then the hidden key.
COLUMNS = ("reference", "measure", "responsible", "deadline", "last_status", "last_note", "status", "note", "date", "key")
FILL_IN = ("status", "note", "date")
WIDTHS = {"reference": 7, "measure": 55, "responsible": 22, "deadline": 14, "last_status": 18, "last_note": 40, "status": 20, "note": 45, "date": 12, "key": 10}
DUE_FILL = "FFF2CC"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 10_000
_DATE_NO = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KEY = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/(\d{4})/([a-z0-9]+(?:-[a-z0-9]+)*)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


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
    end = _deadline_end(measure, plan)
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


def in_period(plan: Plan, year: int) -> bool:
    return plan.meta.period.start <= year <= plan.meta.period.end


def year_problem(plan: Plan, year: int) -> Msg | None:
    if in_period(plan, year):
        return None
    return Msg.of("round_year_outside", year=year, start=plan.meta.period.start, end=plan.meta.period.end)


# --- status new --------------------------------------------------------------------------------


def _comment(text: str, limit: int = 70) -> str:
    flat = _LINE_BREAKS.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def new_report(plan: Plan, year: int, today: dt.date, modeline: str | None = None, lang: str = "nb") -> str:
    """The text of `status/<year>.yaml`: every measure at its latest status, those due this year marked."""
    lines = [modeline] if modeline else []
    header = Msg.of("round_new_header", year=year, plan=plan.id, today=today.isoformat()).text(lang)
    lines += [f"# {line}" for line in textwrap.wrap(header, 86, break_long_words=False, break_on_hyphens=False)]
    rows = form_rows(plan, year)
    lines += [f"year: {year}", "measures:" if rows else "measures: []"]
    due_mark = Msg.of("round_due_mark", year=year).text(lang)
    for row in rows:
        comment = _comment(f"{row.reference} {row.title}")
        if row.due:
            comment += f" ({due_mark})"
        lines.append(f"  - measure: {row.id}  # {comment}")
        lines.append(f"    status: {(row.last_status or Status.planned).value}")
    return "\n".join(lines) + "\n"


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
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    words = [status_word(s, lang) for s in Status]
    book = Workbook()
    guide = book.active
    guide.title = Msg.of("form.guide_sheet").text(lang)
    title_key = "form.title_unit" if form.unit else "form.title"
    title = visible(Msg.of(title_key, year=year, plan=plan.meta.title, unit=form.unit or "").text(lang), lines=True)
    book.properties.title = title
    book.properties.subject = f"{plan.id}/{year}"
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
    last_row = max(sheet.max_row, 2)
    for name, width in WIDTHS.items():
        sheet.column_dimensions[letter(name)].width = width
    sheet.column_dimensions[letter("key")].hidden = True

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
    book.active = book.index(guide)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- status import: reading the forms ---------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What one form says about one measure."""

    measure: str
    status: Status
    note: str | None
    date: dt.date | None
    where: str


@dataclass(frozen=True)
class Problem:
    where: str
    msg: Msg

    def text(self, lang: str = "nb") -> str:
        return f"{self.where}: {self.msg.text(lang)}"


@dataclass
class FormReading:
    answers: list[Answer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:MAX_CELL].strip()


def _note(value: Any) -> str:
    """A note as text: line breaks as «\\n» (Excel's Alt+Enter, CSV's CR LF), other control characters dropped."""
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def read_date(value: Any) -> dt.date | None:
    """A date cell, or text written as DD.MM.YYYY or YYYY-MM-DD; None when it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)[:40]
    try:
        if m := _DATE_NO.fullmatch(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _DATE_ISO.fullmatch(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _cells(path: Path, name: str, lang: str) -> tuple[str, list[tuple[int, list[Any]]]]:
    """The form's rows as (row number, values), and the prefix its cells are named by."""
    if path.suffix.lower() == ".csv":
        return name, list(_csv_rows(path))
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        unpacked = sum(e.file_size for e in entries)
        if len(entries) > 2000 or unpacked > MAX_UNPACKED_BYTES:
            raise FormTooLarge(f"{unpacked // (1024 * 1024)} MB")
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=True)
    try:
        wanted = {Msg.of("form.sheet").text(other) for other in ("nb", "en")}
        sheet = next((book[s] for s in book.sheetnames if s in wanted), None)
        if sheet is None:
            raise NotAForm(Msg.of("round_no_sheet", sheet=Msg.of("form.sheet").text(lang)), name)
        sheet.reset_dimensions()  # some programs write no or wrong dimensions; read what is there (bounded below)
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=len(COLUMNS)), start=1):
            if number > MAX_ROWS + 1:
                raise FormTooLarge(f"> {MAX_ROWS}")
            rows.append((number, list(values) + [None] * (len(COLUMNS) - len(values))))
        return f"{name}!{sheet.title}", rows
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterable[tuple[int, list[Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # «CSV (semikolondelt)» from Norwegian Excel
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if number > MAX_ROWS + 1:
            raise FormTooLarge(f"> {MAX_ROWS}")
        yield number, (values + [None] * len(COLUMNS))[: len(COLUMNS)]


class FormTooLarge(Exception):
    pass


class NotAForm(Exception):
    def __init__(self, msg: Msg, where: str) -> None:
        self.msg, self.where = msg, where
        super().__init__(msg.key)


def read_form(path: Path, plan: Plan, year: int, lang: str = "nb", name: str | None = None) -> FormReading:
    """The answers in one filled-in form (xlsx or CSV), and every problem at its cell."""
    name = name or str(path)
    reading = FormReading()
    problem = reading.problems.append
    if not path.exists():
        problem(Problem(name, Msg.of("round_missing_file", path=name)))
        return reading
    if not path.is_file() or path.suffix.lower() not in (".xlsx", ".csv"):
        problem(Problem(name, Msg.of("round_file_kind", path=name)))
        return reading
    if path.stat().st_size > MAX_FILE_BYTES:
        problem(Problem(name, Msg.of("round_too_large", detail=f"{path.stat().st_size // (1024 * 1024)} MB")))
        return reading
    try:
        prefix, rows = _cells(path, name, lang)
    except NotAForm as error:
        problem(Problem(error.where, error.msg))
        return reading
    except FormTooLarge as error:
        problem(Problem(name, Msg.of("round_too_large", detail=str(error))))
        return reading
    except OSError as error:
        problem(Problem(name, Msg.of("round_unreadable", reason=Msg.of("round_reason_other", detail=os_reason(error)))))
        return reading
    except Exception:  # noqa: BLE001 - not a zip, not a workbook, a broken part: say so, don't crash
        problem(Problem(name, Msg.of("round_unreadable", reason=Msg.of("round_reason_not_xlsx"))))
        return reading
    if not rows or _text(rows[0][1][COLUMNS.index("key")]) != KEY_HEADER:
        problem(Problem(f"{prefix}!{letter('key')}1", Msg.of("round_not_a_form", column=letter("key"), header=KEY_HEADER)))
        return reading
    measures = {m.id: m for _, _, m in plan.measures()}
    col = {name: COLUMNS.index(name) for name in COLUMNS}
    wrong_form_reported = False
    for number, values in rows[1:]:
        cell = {name: values[col[name]] for name in COLUMNS}
        status_text, note, when = _text(cell["status"]), _note(cell["note"]), cell["date"]
        answered = bool(status_text or note or _text(when))
        key = _text(cell["key"])
        at = f"{prefix}!{{}}{number}".format
        if not key:
            if answered:
                problem(Problem(at(letter("key")), Msg.of("round_no_id", column=letter("key"))))
            continue
        m = _KEY.fullmatch(key[:200])
        if m is None or m.group(1) != plan.id or int(m.group(2)) != year:
            if not wrong_form_reported:
                form_plan, form_year = (m.group(1), m.group(2)) if m else (key[:60], "?")
                problem(Problem(at(letter("key")), Msg.of("round_wrong_form", form_plan=form_plan, form_year=form_year, plan=plan.id, year=year)))
                wrong_form_reported = True
            continue
        measure_id = m.group(3)
        if measure_id not in measures:
            if answered:
                problem(Problem(at(letter("key")), Msg.of("round_unknown_measure", measure=measure_id, plan=plan.id)))
            continue
        if not answered:
            continue
        status = read_status(status_text) if status_text else None
        bad = False
        if status_text and status is None:
            guess = nearest_word(status_text, lang)
            hint = Msg.of("did_you_mean", guess=guess) if guess else ""
            choices = ", ".join(status_word(s, lang) for s in Status)
            problem(Problem(at(letter("status")), Msg.of("round_unknown_word", value=status_text[:60], hint=hint, choices=choices)))
            bad = True
        elif not status_text:
            problem(Problem(at(letter("status")), Msg.of("round_status_missing", reference=reference(measures[measure_id]))))
            bad = True
        day = None
        if _text(when):
            day = read_date(when)
            if day is None:
                problem(Problem(at(letter("date")), Msg.of("round_not_a_date", value=_text(when)[:40], year=year)))
                bad = True
        if not bad and status is not None:
            reading.answers.append(Answer(measure_id, status, note or None, day, at(letter("status"))))
    return reading


def _worded(answer: Answer, lang: str) -> str:
    word = status_word(answer.status, lang)
    text = Msg.of("round_answer_note", status=word, note=answer.note[:80]).text(lang) if answer.note else Msg.of("round_answer", status=word).text(lang)
    if answer.date:
        text += Msg.of("round_answer_date", date=answer.date.strftime("%d.%m.%Y")).text(lang)
    return text


def combine(readings: list[FormReading], plan: Plan, lang: str = "nb") -> tuple[dict[str, Answer], list[Problem]]:
    """One answer per measure; the same measure answered differently in two places is a conflict."""
    measures = {m.id: m for _, _, m in plan.measures()}
    chosen: dict[str, Answer] = {}
    problems: list[Problem] = [p for r in readings for p in r.problems]
    for reading in readings:
        for answer in reading.answers:
            first = chosen.get(answer.measure)
            if first is None:
                chosen[answer.measure] = answer
            elif (first.status, first.note, first.date) != (answer.status, answer.note, answer.date):
                problems.append(Problem(answer.where, Msg.of(
                    "round_conflict", reference=reference(measures[answer.measure]), first=first.where, second=answer.where,
                    first_answer=_worded(first, lang), second_answer=_worded(answer, lang),
                )))
    return chosen, problems


# --- status import: merging into status/<year>.yaml ----------------------------------------------


@dataclass(frozen=True)
class Change:
    measure: str
    reference: str
    title: str
    old: Status | None
    new: Status
    note: str | None
    date: dt.date | None


def _yaml():
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 88
    return rt


def merge(text: str, answers: dict[str, Answer], plan: Plan) -> tuple[str, list[Change], int]:
    """`text` (status/<year>.yaml) with the answers merged in: the new text, what changed, how many were as before.

    An item's status is replaced; a note or date is replaced only when the form
    gives one. Items the forms do not touch, and every comment, stay.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    rt = _yaml()
    data = rt.load(text)
    items = data.get("measures")
    if items is None:
        items = data["measures"] = CommentedSeq()
    where = {item.get("measure"): item for item in items if isinstance(item, dict)}
    order = {m.id: (index, m) for index, (_, _, m) in enumerate(plan.measures())}
    changes: list[Change] = []
    unchanged = 0
    for measure_id in sorted(answers, key=lambda i: order[i][0]):
        answer, measure = answers[measure_id], order[measure_id][1]
        item = where.get(measure_id)
        old = read_status(str(item.get("status", ""))) if item is not None else None
        if item is None:
            item = CommentedMap()
            item["measure"] = measure_id
            items.append(item)
        same = old is answer.status and (answer.note is None or item.get("note") == answer.note) and (answer.date is None or item.get("date") == answer.date)
        if same:
            unchanged += 1
            continue
        item["status"] = answer.status.value
        if answer.note is not None:
            item["note"] = LiteralScalarString(answer.note) if "\n" in answer.note else answer.note
        if answer.date is not None:
            item["date"] = answer.date
        changes.append(Change(measure_id, reference(measure), measure.title, old, answer.status, answer.note, answer.date))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue(), changes, unchanged


# --- the use cases -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    target: Path
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    answers: int = 0
    text: str = ""
    written: bool = False


def report_path(folder: Path, year: int) -> Path:
    return folder / "status" / f"{year}.yaml"


class TargetExists(Exception):
    """The file to write exists and may not be overwritten."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


def start_report(folder: Path, plan: Plan, year: int, *, today: dt.date, modeline: str | None = None, lang: str = "nb",
                 dry_run: bool = False) -> tuple[Path, str]:
    """`status new`: write `status/<year>.yaml` (never over an existing one: TargetExists); the path and the text."""
    from rusplan.render import write_output

    target = report_path(folder, year)
    text = new_report(plan, year, today, modeline, lang)
    if not dry_run:
        if target.exists() or target.is_symlink():
            raise TargetExists(target)
        target.parent.mkdir(exist_ok=True)
        try:
            write_output(target, text, force=False)
        except FileExistsError:
            raise TargetExists(target) from None
    return target, text


def write_forms(plan: Plan, year: int, *, by_unit: bool = False, output: Path | None = None, force: bool = False, lang: str = "nb") -> list[tuple[Path, Form]]:
    """`status form`: write the workbooks, each atomically; an existing one is refused (TargetExists) unless `force`.

    Default names: `PLAN-ID-status-YEAR.xlsx`, or with `by_unit` the folder `PLAN-ID-status-YEAR/`.
    """
    from rusplan.export import write

    chosen = forms(plan, year, by_unit, lang)
    if by_unit:
        folder = output or Path(f"{plan.id}-status-{year}")
        targets = [(folder / form.name, form) for form in chosen]
    else:
        targets = [(output or Path(chosen[0].name), chosen[0])]
    for target, _ in targets:
        if (target.exists() or target.is_symlink()) and not force:
            raise TargetExists(target)
    if by_unit:
        targets[0][0].parent.mkdir(parents=True, exist_ok=True)
    for target, form in targets:
        write(workbook(plan, year, form, lang), target, force=True)  # refused above unless force
    return targets


def import_forms(folder: Path, plan: Plan, year: int, files: list[Path], *, dry_run: bool = False, today: dt.date | None = None,
                 modeline: str | None = None, lang: str = "nb") -> ImportResult:
    """Read every form, and merge the answers into `status/<year>.yaml` unless a form has a problem.

    A missing report is started as `status new` would start it. The file is
    written atomically (a temporary file beside it, then a rename).
    """
    from rusplan import atomic

    target = report_path(folder, year)
    result = ImportResult(target)
    readings = [read_form(path, plan, year, language(lang)) for path in files]
    answers, result.problems = combine(readings, plan, language(lang))
    result.answers = len(answers)
    if result.problems:
        return result
    text = target.read_text(encoding="utf-8") if target.exists() else new_report(plan, year, today or dt.date.today(), modeline, lang)
    result.text, result.changes, result.unchanged = merge(text, answers, plan)
    if dry_run or not answers:
        return result
    if not result.changes and target.exists():
        return result
    target.parent.mkdir(exist_ok=True)
    atomic.write_file(target, result.text, overwrite=True)  # the plan's own file: replaced, never written through a link
    result.written = True
    return result

"""The status round's import: read the filled-in forms, and merge the answers into `status/<year>.yaml`.

Every problem in a form is reported at its cell (`helse.xlsx!Status!G7`), and
nothing is merged while there is one. The report is edited round-trip
(ruamel.yaml), so the secretary's comments and the answers no form touches
stay as they were.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.messages import Msg
from rusplan.model import Measure, Plan, Status
from rusplan.planfiles import os_reason
from rusplan.statusform import COLUMNS, KEY_HEADER, letter, nearest_word, read_status, reference, status_word
from rusplan.yamledit import dump, editor_for

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 10_000
_DATE_NO = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KEY = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/(\d{4})/([a-z0-9]+(?:-[a-z0-9]+)*)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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
    opened = _open(path, name, lang)
    if isinstance(opened, Problem):
        problem(opened)
        return reading
    prefix, rows = opened
    if not rows or _text(rows[0][1][COLUMNS.index("key")]) != KEY_HEADER:
        problem(Problem(f"{prefix}!{letter('key')}1", Msg.of("round_not_a_form", column=letter("key"), header=KEY_HEADER)))
        return reading
    measures = {m.id: m for _, _, m in plan.measures()}
    col = {name: COLUMNS.index(name) for name in COLUMNS}
    wrong_form_reported = False
    for number, values in rows[1:]:
        cell = {name: values[col[name]] for name in COLUMNS}
        answered = bool(_text(cell["status"]) or _note(cell["note"]) or _text(cell["date"]))
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
        if answered and (answer := _answer(measures[measure_id], cell, at, year, lang, problem)) is not None:
            reading.answers.append(answer)
    return reading


def _open(path: Path, name: str, lang: str) -> tuple[str, list[tuple[int, list[Any]]]] | Problem:
    """The form's rows (with the cell prefix its problems are named by), or why it cannot be read."""
    if not path.exists():
        return Problem(name, Msg.of("round_missing_file", path=name))
    if not path.is_file() or path.suffix.lower() not in (".xlsx", ".csv"):
        return Problem(name, Msg.of("round_file_kind", path=name))
    if path.stat().st_size > MAX_FILE_BYTES:
        return Problem(name, Msg.of("round_too_large", detail=f"{path.stat().st_size // (1024 * 1024)} MB"))
    try:
        return _cells(path, name, lang)
    except NotAForm as error:
        return Problem(error.where, error.msg)
    except FormTooLarge as error:
        return Problem(name, Msg.of("round_too_large", detail=str(error)))
    except OSError as error:
        return Problem(name, Msg.of("round_unreadable", reason=Msg.of("round_reason_other", detail=os_reason(error))))
    except Exception:  # noqa: BLE001 - not a zip, not a workbook, a broken part: say so, don't crash
        return Problem(name, Msg.of("round_unreadable", reason=Msg.of("round_reason_not_xlsx")))


def _answer(measure: Measure, cell: dict[str, Any], at, year: int, lang: str, problem) -> Answer | None:
    """One answered row as an Answer, or None after reporting what is wrong with its status or date."""
    status_text, note, when = _text(cell["status"]), _note(cell["note"]), cell["date"]
    status = read_status(status_text) if status_text else None
    bad = False
    if status_text and status is None:
        guess = nearest_word(status_text, lang)
        hint = Msg.of("did_you_mean", guess=guess) if guess else ""
        choices = ", ".join(status_word(s, lang) for s in Status)
        problem(Problem(at(letter("status")), Msg.of("round_unknown_word", value=status_text[:60], hint=hint, choices=choices)))
        bad = True
    elif not status_text:
        problem(Problem(at(letter("status")), Msg.of("round_status_missing", reference=reference(measure))))
        bad = True
    day = None
    if _text(when):
        day = read_date(when)
        if day is None:
            problem(Problem(at(letter("date")), Msg.of("round_not_a_date", value=_text(when)[:40], year=year)))
            bad = True
    if bad or status is None:
        return None
    return Answer(measure.id, status, note or None, day, at(letter("status")))


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


def merge(text: str, answers: dict[str, Answer], plan: Plan) -> tuple[str, list[Change], int]:
    """`text` (status/<year>.yaml) with the answers merged in: the new text, what changed, how many were as before.

    An item's status is replaced; a note or date is replaced only when the form
    gives one. Items the forms do not touch, and every comment, stay.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    rt = editor_for(text, width=88)
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
    return dump(rt, data), changes, unchanged

"""The yearly status round: start a year's report, send the units a form, read their answers back.

A plan is revised every four years but reported on every year. The secretary
starts `status/<year>.yaml` (`new_report`, here), sends each responsible unit an
Excel form (`statusform`), and merges the filled-in forms into the report
(`statusimport`). The three use cases (`start_report`, `write_forms`,
`import_forms`) are here, and every public name of the round is importable
from here. The units work in Excel, LibreOffice or Google Sheets, so the form
carries what rusplan needs inside itself: every row has a hidden key
«plan-id/year/measure-id», which travels with the row when it is sorted,
filtered or deleted, and survives a re-save or a CSV export.

Every problem in a form is reported at its cell (`helse.xlsx!Status!G7`), and
nothing is written while there is one. The report is edited round-trip
(ruamel.yaml), so the secretary's comments and the answers no form touches
stay as they were. Nothing here prints: the CLI words the results.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from rusplan.messages import Msg, language
from rusplan.model import Plan, Status
from rusplan.statusform import (
    ACCEPTED,
    COLUMNS,
    FILL_IN,
    KEY_HEADER,
    Form,
    FormRow,
    due_in,
    form_rows,
    forms,
    headers,
    letter,
    nearest_word,
    read_status,
    reference,
    slug,
    status_word,
    workbook,
)
from rusplan.statusimport import (
    Answer,
    Change,
    FormReading,
    FormTooLarge,
    NotAForm,
    Problem,
    combine,
    merge,
    read_date,
    read_form,
)

__all__ = [  # the round's public names, importable from here as before the split
    "ACCEPTED", "COLUMNS", "FILL_IN", "KEY_HEADER", "Answer", "Change", "Form", "FormReading", "FormRow", "FormTooLarge", "ImportResult", "NotAForm",
    "Problem", "TargetExists", "combine", "due_in", "form_rows", "forms", "headers", "import_forms", "in_period", "letter", "merge", "nearest_word",
    "new_report", "read_date", "read_form", "read_status", "reference", "report_path", "slug", "start_report", "status_word", "workbook",
    "write_forms", "year_problem",
]  # fmt: skip

_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def in_period(plan: Plan, year: int) -> bool:
    return plan.meta.period.start <= year <= plan.meta.period.end


def year_problem(plan: Plan, year: int) -> Msg | None:
    """Why a round cannot be for `year` (outside the plan period), or None."""
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

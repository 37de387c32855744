"""The yearly status round: start the report, make the forms the units fill in, import their answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rusplan.api._base import UseCaseError, one_plan, repository_schemas, write_failed
from rusplan.messages import Msg


def _modeline(folder: Path) -> str | None:
    """The editor's $schema line for status/<year>.yaml, when the schemas live in this repository."""
    from rusplan.schema import kind_of, modeline

    schemas = repository_schemas(folder)
    return modeline(kind_of("status/2000.yaml"), schemas) if schemas is not None else None


@dataclass
class StatusStarted:
    path: Path
    text: str
    measures: int
    written: bool


def status_new(path: Path, year: int, *, dry_run: bool = False, lang: str = "", today: dt.date | None = None) -> StatusStarted:
    """Start status/<year>.yaml: every measure with its latest reported status, those due in the year marked.
    Never over an existing report; with `dry_run` the text only."""
    from rusplan import statusround

    found = one_plan(path, year)
    try:
        target, text = statusround.start_report(found.folder, found.plan, year, today=today or dt.date.today(), modeline=_modeline(found.folder),
                                                lang=lang, dry_run=dry_run)
    except statusround.TargetExists as problem:
        raise UseCaseError(2, Msg.of("round_report_exists", path=str(problem.path))) from None
    except OSError as problem:
        raise write_failed(problem.filename, problem, "round_write_failed") from None
    return StatusStarted(target, text, sum(1 for _ in found.plan.measures()), written=not dry_run)


def status_form(path: Path, year: int, *, by_unit: bool = False, output: Path | None = None, force: bool = False, lang: str = "") -> list[tuple[Path, Any]]:
    """The Excel forms for the year (one per responsible unit with `by_unit`): (file, statusround.Form) for each written."""
    from rusplan import statusround

    found = one_plan(path, year)
    try:
        return statusround.write_forms(found.plan, year, by_unit=by_unit, output=output, force=force, lang=lang)
    except statusround.TargetExists as problem:
        raise UseCaseError(2, Msg.of("round_output_exists", path=str(problem.path))) from None
    except OSError as problem:
        raise write_failed(problem.filename, problem, "round_write_failed") from None


def status_import(path: Path, files: Sequence[Path], year: int, *, dry_run: bool = False, lang: str = ""):
    """Merge the answers of filled-in forms into status/<year>.yaml (statusround.ImportResult); comments and
    answers the forms do not touch stay. UseCaseError 1 with every problem (file, sheet, cell) when a form has one."""
    from rusplan import statusround

    found = one_plan(path, year)
    try:
        result = statusround.import_forms(found.folder, found.plan, year, list(files), dry_run=dry_run, modeline=_modeline(found.folder), lang=lang)
    except OSError as problem:
        raise write_failed(statusround.report_path(found.folder, year), problem, "round_write_failed") from None
    if result.problems:
        raise UseCaseError(1, Msg.of("round_problems", count=len(result.problems)), details=result.problems)
    return result

"""Use cases that make documents of a plan: render a report, export the measures as a spreadsheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.api._base import UseCaseError, one_plan, write_failed
from rusplan.messages import Msg

YEARLY_REPORTS = ("status", "alcohol")


@dataclass
class Rendered:
    """A finished report: text (md, html) or bytes (docx, pdf), its format, and notes for the person who asked."""

    data: str | bytes
    format: str
    notes: list[Msg] = field(default_factory=list)


def render(
    path: Path,
    report: str = "plan",
    *,
    year: int | None = None,
    format: str | None = None,
    output: Path | None = None,
    templates: Path | None = None,
    generated: str | None = None,
    style: Path | None = None,
    to_terminal: bool = False,
    lang: str | None = None,
) -> Rendered:
    """The report `report` of the plan at `path` (a plan revised is compared with the predecessor read
    beside it). `format` defaults to the extension of `output`, else md; `to_terminal` refuses binary
    formats; `lang` (else RUSPLAN_LANG, else the plan's `language`) is the report's language.
    UseCaseError: 2 the report cannot be made as asked, 1 the plan has errors."""
    from rusplan import formats, publish
    from rusplan import render as renderer

    if year is not None and report not in YEARLY_REPORTS:
        raise UseCaseError(2, Msg.of("render_year_not_status"))
    try:
        chosen = formats.choose(output, format, publish.extensions(), "md")
    except formats.FormatProblem as problem:
        raise UseCaseError(2, problem.msg) from None
    if templates is not None and not templates.is_dir():
        raise UseCaseError(2, Msg.of("render_templates_missing", path=str(templates)))
    day = _day(generated)
    try:
        found = one_plan(path)
    except UseCaseError as stop:
        raise (stop if stop.code == 1 else stop.reworded(Msg.of("render_not_one_plan", path=str(path)))) from None
    look = _look(found, style)
    if output is None and publish.FORMATS[chosen].binary and to_terminal:
        raise UseCaseError(2, Msg.of("render_binary_to_terminal", format=chosen))
    try:
        context = renderer.build_context(found.folder, found.plan, report, year, day, found.predecessor(), lang or None)
        made = publish.make(report, chosen, context, templates, look, day)
    except renderer.RenderProblem as problem:
        raise UseCaseError(2, problem) from None
    return Rendered(made.data, chosen, list(made.notes))


def _day(generated: str | None) -> dt.date:
    if not generated:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(generated)
    except ValueError:
        raise UseCaseError(2, Msg.of("render_bad_date", value=generated)) from None


def _look(found, style: Path | None):
    """The municipality's look: --style, else the style file plan.yaml names (which must lie in the repository)."""
    from rusplan.look import LookProblem, load_look, repository_root

    within = None
    if style is None and found.plan.meta.style:
        style = found.folder / found.plan.meta.style
        within = repository_root(found.folder.resolve())
    if style is None:
        return None
    if not style.is_file():
        raise UseCaseError(2, Msg.of("render_style_missing", path=str(style)))
    try:
        return load_look(style, within)
    except LookProblem as problem:
        raise UseCaseError(2, problem.msg) from None


def save(data: str | bytes, output: Path, *, force: bool = False) -> Path:
    """Write a report atomically to `output` (never over a file without `force`); the file written,
    which differs from `output` when --force wrote through a link."""
    from rusplan.atomic import Refused
    from rusplan.render import write_output

    try:
        return write_output(output, data, force)
    except Refused as refused:
        raise UseCaseError(2, Msg.of("render_output_exists", path=str(output)) if refused.msg.key == "write_exists" else refused.msg) from None
    except OSError as problem:
        raise write_failed(output, problem) from None


def render_to_path(path: Path, output: Path, report: str = "plan", *, force: bool = False, **options: Any) -> Path:
    """`render` and `save` in one: what a script that renders every plan calls."""
    return save(render(path, report, output=output, **options).data, output, force=force)


@dataclass
class Exported:
    """What `export` did: the bytes for standard output, or the files it wrote and what they hold."""

    data: bytes | None = None
    targets: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # as written (through a link with --force)
    measures: int = 0
    licences: int = 0
    controls: int = 0


def export(path: Path, format: str | None = None, output: Path | None = None, *, delimiter: str = ";", force: bool = False,
           alcohol: bool = False, lang: str = "") -> Exported:
    """The measures (or with `alcohol` the licence register and the control logs) as xlsx or CSV.
    `output` «-» gives CSV bytes for standard output; the default file is PLAN-ID-tiltak.<format> here."""
    from rusplan import formats

    to_stdout = str(output) == "-"
    if len(delimiter) != 1:
        raise UseCaseError(2, Msg.of("cli.export.delimiter"))
    if alcohol and to_stdout:
        raise UseCaseError(2, Msg.of("export_alcohol_stdout"))
    try:
        chosen = formats.choose(output, format, formats.EXPORT_EXTENSIONS, "csv" if to_stdout else "xlsx")
    except formats.FormatProblem as problem:
        raise UseCaseError(2, problem.msg) from None
    if to_stdout and chosen != "csv":
        raise UseCaseError(2, Msg.of("cli.export.csv_only_to_stdout"))
    plan = one_plan(path).plan
    if alcohol:
        return _export_alcohol(plan, chosen, output, force, delimiter, lang)
    from rusplan import export as exporter

    data = exporter.export(plan, chosen, lang, delimiter)
    count = sum(1 for _ in plan.measures())
    if to_stdout:
        return Exported(data=data, measures=count)
    target = output or Path(f"{plan.id}-tiltak.{chosen}")
    return Exported(targets=[target], written=[_write(data, target, force)], measures=count)


def _write(data: bytes, target: Path, force: bool) -> Path:
    from rusplan import export as exporter
    from rusplan.atomic import Refused

    try:
        return exporter.write(data, target, force)
    except FileExistsError:
        raise UseCaseError(2, Msg.of("export_output_exists", path=str(target))) from None
    except Refused as refused:
        raise UseCaseError(2, refused.msg) from None
    except OSError as problem:
        raise write_failed(target, problem, "export_write_failed") from None


def _export_alcohol(plan, fmt: str, output: Path | None, force: bool, delimiter: str, lang: str) -> Exported:
    """The register and the control logs: xlsx in one file, CSV as two files in the folder -o; both files or neither."""
    from rusplan import alcoholexport

    if plan.licences is None:
        raise UseCaseError(2, Msg.of("export_no_alcohol_register", id=plan.id))
    if fmt == "csv" and output is not None and not output.is_dir():
        raise UseCaseError(2, Msg.of("export_alcohol_folder", path=str(output)))
    targets = alcoholexport.targets(plan.id, fmt, output)
    data = {"workbook": alcoholexport.xlsx_bytes(plan, lang)} if fmt == "xlsx" else alcoholexport.csv_files(plan, lang, delimiter)
    for path in targets.values():
        if path.exists() and not force:
            raise UseCaseError(2, Msg.of("export_output_exists", path=str(path)))
    written = [_write(data[name], path, force) for name, path in targets.items()]
    tables = alcoholexport.tables(plan, lang)
    return Exported(targets=list(targets.values()), written=written, licences=len(tables["licences"]), controls=len(tables["controls"]))

"""The `rusplan` command: parse options, call the use case (rusplan.api), print, exit. Nothing else lives here.

Not a word a person reads is written here: help texts are looked up in the catalog by
usage.py (`help.<command>`, `help.<command>.<parameter>`), messages come from the use
cases as `Msg`s. Heavy imports (pydantic models, jinja2, rich) happen inside the
commands, so `rusplan --help` starts fast; ruff's TID253 keeps it that way.

Over 400 lines, on purpose: the whole command tree (17 commands, each its signature and a
few lines that call and print) in one place, where a reader sees every flag at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from rusplan import api

app = typer.Typer(name="rusplan", no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


# The parameters many commands share (their help is per command: help.<command>.<parameter>).
LangOption = Annotated[str | None, typer.Option("--lang", metavar="usage.metavar.language", show_default=False)]
PlanArgument = Annotated[Path, typer.Argument(show_default=False)]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", show_default=False)]
ForceOption = Annotated[bool, typer.Option("--force")]
DryRunOption = Annotated[bool, typer.Option("--dry-run")]


def _show_version(wanted: bool) -> None:
    if wanted:
        from rusplan import versions

        typer.echo(versions())
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_show_version)] = False,
    lang: LangOption = None,
) -> None:
    if lang:
        import os

        os.environ["RUSPLAN_LANG"] = lang  # a language given before the command holds for the command


class ValidateFormat(StrEnum):
    auto = "auto"
    human = "human"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"
    markdown = "markdown"


class ShowFormat(StrEnum):
    json = "json"
    yaml = "yaml"


def _console(stderr: bool = False):
    """A rich console whose every printed string goes through safetext.visible: nothing rusplan prints drives the terminal or the CI log."""
    from rich.console import Console

    from rusplan.safetext import visible

    class SafeConsole(Console):
        def print(self, *objects, **kwargs) -> None:  # type: ignore[override]
            super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **kwargs)

    return SafeConsole(stderr=stderr, highlight=False)


def _say(msg, lang: str, *, err: bool = False, prefix: str = "") -> None:
    """One message, worded for the reader, as a line of its own."""
    _console(stderr=err).print(prefix + msg.text(lang), markup=False, soft_wrap=True)


@contextmanager
def _stops(lang: str, prefix: str = "") -> Iterator[None]:
    """A use case that stops: its findings, its details and its message on standard error, then its exit code."""
    try:
        yield
    except api.UseCaseError as stop:
        _stop(stop, lang, prefix)


def _stop(stop: api.UseCaseError, lang: str, prefix: str = "") -> NoReturn:
    from rusplan import reporters

    err = _console(stderr=True)
    if stop.findings or stop.checked:
        reporters.print_human(stop.findings, stop.checked, lang, err)
    for detail in stop.details:
        err.print(detail.text(lang), markup=False, soft_wrap=True)
    if stop.msg is not None:
        _say(stop, lang, err=True, prefix=prefix)
    raise typer.Exit(stop.code)


def _write_bytes(data: bytes) -> None:
    """A binary document (CSV) to standard output: as it is, or made visible on a terminal."""
    from rusplan.safetext import is_terminal

    if is_terminal(sys.stdout):
        _write(data.decode("utf-8-sig", errors="replace"))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _write(text: str) -> None:
    """A document to standard output: its own bytes to a file or a pipe, made visible on a terminal."""
    from rusplan.safetext import write_to

    write_to(sys.stdout, text)


def _say_if_through_link(asked: Path, written: Path, lang: str) -> None:
    """A write through a symbolic link (only with --force) is said on standard error."""
    from rusplan.messages import Msg

    if written != asked:
        _say(Msg.of("wrote_through_link", path=str(asked), target=str(written)), lang, err=True)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="usage.metavar.path", show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="usage.metavar.number", min=1, show_default=False)] = None,
    lang: LangOption = None,
) -> None:
    from rusplan import reporters

    lang = lang or ""
    result = api.validate(paths, jobs)
    reporters.report(format.value, result.findings, result.checked, lang, _console())
    raise typer.Exit(result.exit_code(strict))


@app.command()
def show(
    plan: PlanArgument,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.json,
    lang: LangOption = None,
) -> None:
    with _stops(lang or ""):
        _write(api.show(plan, format.value))


@app.command("roll-forward")
def roll_forward(
    plan: PlanArgument,
    to: Annotated[str, typer.Option("--to", show_default=False)],
    new_id: Annotated[str | None, typer.Option("--id", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", show_default=False)] = None,
    carry: Annotated[list[str] | None, typer.Option("--carry", show_default=False)] = None,
    dry_run: DryRunOption = False,
    force: Annotated[bool, typer.Option("--force", hidden=True)] = False,
    lang: LangOption = None,
) -> None:
    lang = lang or ""
    with _stops(lang):
        done = api.roll_forward(plan, to, new_id=new_id, out=out, carry=carry or (), dry_run=dry_run, force=force)
    if dry_run:
        for name, text in done.files.items():
            _write(f"# ==> {done.target / name} <==\n{text}\n")
    _print_roll_forward(done, lang)


def _print_roll_forward(done: api.RolledForward, lang: str) -> None:
    """The summary: carried / not carried / to review by focus area, what was left out, and what to do next."""
    from rich.markup import escape
    from rich.table import Table

    from rusplan.messages import Msg, text
    from rusplan.safetext import visible as safe

    console, forward = _console(), done.forward
    period = forward.plan.meta.period
    table = Table(title=f"{forward.source} → {forward.plan.id} ({period.start}–{period.end})", title_justify="left")
    table.add_column(text("cli.rf.focus_area", lang))
    for heading in ("carried", "not_carried", "review"):
        table.add_column(text(f"cli.rf.{heading}", lang), justify="right")
    rows = forward.summary()
    for index, row in enumerate(rows):
        table.add_row(escape(safe(row.title)), str(row.carried), str(row.not_carried), str(row.review), end_section=index == len(rows) - 1)
    total = forward.totals()
    table.add_row(text("cli.rf.total", lang), str(total.carried), str(total.not_carried), str(total.review), style="bold")
    console.print(table)
    left_out = [d for d in forward.decisions if not d.carried]
    if left_out:
        console.print(text("cli.rf.left_out", lang))
        for d in left_out:
            outcome = text("cli.rf.done" if d.reason == "done" else "cli.rf.discontinued", lang)
            where = f", {d.reported.source}" if d.reported else ""
            console.print(f"  {d.old_id}  {escape(safe(d.title[:70]))}  [dim]({outcome}{where})[/]", soft_wrap=True)
    if not done.written:
        console.print(text("cli.rf.dry_run", lang, path=str(done.target)), markup=False)
        return
    warnings = Msg.of("cli.rf.warnings", n=sum(1 for f in done.findings if f.severity.value == "warning"))
    infos = Msg.of("cli.rf.infos", n=sum(1 for f in done.findings if f.severity.value == "info"))
    _say(Msg.of("cli.rf.wrote", path=str(done.target), warnings=warnings, infos=infos), lang)


class DiffFormat(StrEnum):
    human = "human"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    args: Annotated[list[str] | None, typer.Argument(metavar="usage.metavar.old_new", show_default=False)] = None,
    git: Annotated[str | None, typer.Option("--git", metavar="usage.metavar.base", show_default=False)] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.human,
    lang: LangOption = None,
) -> None:
    from rusplan import diffreport
    from rusplan.planfiles import without_cyclic_gc

    lang = lang or ""
    with _stops(lang):
        compared = api.diff(args or [], git)
    with without_cyclic_gc():
        if format is DiffFormat.human:
            diffreport.print_human(compared.diffs, compared.old, compared.new, lang, _console())
        else:
            _write(diffreport.render(compared.diffs, compared.old, compared.new, format.value, lang))
    raise typer.Exit(compared.exit_code)


class RenderReport(StrEnum):
    plan = "plan"
    status = "status"
    revision = "revision"
    alcohol = "alcohol"


class RenderFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


@app.command()
def render(
    plan: PlanArgument,
    report: Annotated[RenderReport, typer.Option("--report", "-r")] = RenderReport.plan,
    year: Annotated[int | None, typer.Option("--year", metavar="usage.metavar.year", show_default=False)] = None,
    format: Annotated[RenderFormat | None, typer.Option("--format", "-f", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="usage.metavar.file", show_default=False)] = None,
    force: ForceOption = False,
    templates: Annotated[Path | None, typer.Option("--templates", metavar="usage.metavar.folder", show_default=False)] = None,
    generated: Annotated[str | None, typer.Option("--generated", metavar="usage.metavar.date", show_default=False)] = None,
    style: Annotated[Path | None, typer.Option("--style", metavar="usage.metavar.file", show_default=False)] = None,
    lang: LangOption = None,
) -> None:
    from rusplan.safetext import is_terminal

    lang = lang or ""
    with _stops(lang, prefix="rusplan render: "):
        made = api.render(plan, report.value, year=year, format=format.value if format else None, output=output, templates=templates,
                          generated=generated, style=style, to_terminal=is_terminal(sys.stdout), lang=lang)
    for note in made.notes:
        typer.echo(f"rusplan render: {note.text(lang)}", err=True)
    if output is None:
        if isinstance(made.data, bytes):
            _write_bytes(made.data)
        else:
            _write(made.data)
        return
    with _stops(lang, prefix="rusplan render: "):
        written = api.save(made.data, output, force=force)
    _say_if_through_link(output, written, lang)


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check")] = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        done = api.schema(output, check=check)
    for path in done.changed:
        _say(Msg.of("cli.wrote", path=str(path)), lang)
    if check:
        _say(Msg.of("cli.schema.up_to_date", path=str(output)), lang)
    elif not done.changed:
        _say(Msg.of("cli.schema.already_up_to_date", path=str(output)), lang)


@app.command()
def init(
    target: Annotated[Path, typer.Argument(metavar="usage.metavar.folder", show_default=False)],
    municipality: Annotated[list[str] | None, typer.Option("--municipality", "-m", show_default=False)] = None,
    municipality_number: Annotated[str | None, typer.Option("--municipality-number", show_default=False)] = None,
    start: Annotated[int | None, typer.Option("--start", show_default=False)] = None,
    end: Annotated[int | None, typer.Option("--end", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", show_default=False)] = None,
    predecessor: Annotated[str | None, typer.Option("--predecessor", show_default=False)] = None,
    focus_area: Annotated[list[str] | None, typer.Option("--focus-area", show_default=False)] = None,
    schemas: Annotated[str | None, typer.Option("--schemas", show_default=False)] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-interactive", show_default=False)] = None,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    proposed = api.init_proposal(target, lang)
    if proposed.original_name:
        _say(Msg.of("cli.init.id_changed", id=proposed.id, path=str(target.parent / proposed.id)), lang)
        target = target.parent / proposed.id
    given = {"municipality": municipality, "municipality_number": municipality_number, "start": start, "end": end, "title": title,
             "predecessor": predecessor, "focus_area": focus_area}
    try:
        new = _ask_new_plan(proposed, given, sys.stdin.isatty() if interactive is None else interactive, lang)
    except typer.Abort:
        _console(stderr=True).print(Msg.of("usage.aborted").text(lang), markup=False)
        raise typer.Exit(2) from None
    with _stops(lang):
        written = api.init(target, new, schemas, lang)
    for path in written:
        _say(Msg.of("cli.wrote", path=str(path)), lang)
    _say(Msg.of("cli.init.next", path=str(target)), lang)


def _ask_new_plan(proposed, given: dict, ask: bool, lang: str):
    """The new plan as given on the command line, asking (when `ask`) for every value not given."""
    import dataclasses

    from rusplan import scaffold
    from rusplan.messages import text

    def value(key: str, label: str, default, kind=str):
        if given[key] is not None or not ask:
            return default if given[key] is None else given[key]
        return typer.prompt(text(f"cli.init.ask.{label}", lang), default="" if default is None else default, type=kind, show_default=default not in (None, ""))

    if given["municipality"]:
        given["municipality"] = ", ".join(scaffold.split_names(given["municipality"]) or ("",))
    names = scaffold.split_names([value("municipality", "municipality", proposed.municipality)]) or ("",)
    name, others = names[0], names[1:]
    number = value("municipality_number", "municipality_number", None)
    first = value("start", "start", proposed.start, int)
    last = value("end", "end", proposed.end if first == proposed.start else first + 3, int)
    heading = value("title", "title", scaffold.default_title(name, first, last, others, lang))
    previous = value("predecessor", "predecessor", proposed.predecessor)
    if given["focus_area"]:
        areas = tuple(given["focus_area"])
    elif ask:
        answer = typer.prompt(text("cli.init.ask.focus_areas", lang), default=", ".join(proposed.focus_areas))
        areas = tuple(a.strip() for a in answer.split(",") if a.strip())
    else:
        areas = proposed.focus_areas
    return dataclasses.replace(
        proposed, municipality=name.strip(), other_municipalities=others, municipality_number=(number or "").strip() or None, start=first, end=last,
        title=heading.strip(), predecessor=(previous or "").strip() or None, focus_areas=areas,
    )


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def export(
    plan: PlanArgument,
    format: Annotated[ExportFormat | None, typer.Option("--format", "-f", show_default=False)] = None,
    output: OutputOption = None,
    delimiter: Annotated[str, typer.Option("--delimiter", metavar="usage.metavar.character")] = ";",
    force: ForceOption = False,
    lang: LangOption = None,
    alcohol: Annotated[bool, typer.Option("--alcohol")] = False,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        done = api.export(plan, format.value if format else None, output, delimiter=delimiter, force=force, alcohol=alcohol, lang=lang)
    if done.data is not None:
        _write_bytes(done.data)
        return
    for asked, written in zip(done.targets, done.written, strict=True):
        _say_if_through_link(asked, written, lang)
    if alcohol:
        files = ", ".join(str(p) for p in done.targets)
        _say(Msg.of("export_alcohol_written", files=files, licences=done.licences, controls=done.controls), lang)
    else:
        _say(Msg.of("cli.export.written", path=str(done.targets[0]), n=done.measures), lang)


@app.command()
def site(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="usage.metavar.folder", show_default=False)],
    paths: Annotated[list[Path] | None, typer.Argument(metavar="usage.metavar.path", show_default=False)] = None,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        done = api.site(paths, output, lang)
    published = done.published
    _say(Msg.of("site_written", out=str(output), pages=published.total, plans=done.plans, written=len(published.written),
                unchanged=published.unchanged, removed=len(published.removed)), lang)


def main(argv: list[str] | None = None) -> None:
    """Entry point: help and usage errors in the reader's language, and a bug in rusplan ends
    with a short note, not a traceback (RUSPLAN_DEBUG=1 shows it)."""
    import os

    from rusplan import usage
    from rusplan.messages import Msg, language
    from rusplan.safetext import visible

    args = list(sys.argv[1:] if argv is None else argv)
    lang = language(usage.language_of(args))
    root = typer.main.get_command(app)
    command, path, rest = usage.walk(root, args)
    if usage.wants_help(args) or (usage.subcommands(command) and not rest and "--version" not in args):
        sys.stdout.write(usage.help_text(command, path, lang))
        raise SystemExit(0)
    try:
        code = root.main(args=args, prog_name="rusplan", standalone_mode=False)  # the tree built above, not a second one
    except typer.Exit as done:
        code = done.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        sys.stderr.write(Msg.of("usage.aborted").text(lang) + "\n")
        raise SystemExit(1) from None
    except Exception as exc:  # noqa: BLE001 - last line of defence for the user
        if usage.is_usage_error(exc):
            sys.stderr.write(visible(usage.explain(exc, root, args, lang), lines=True) + "\n")
            raise SystemExit(2) from None
        if os.environ.get("RUSPLAN_DEBUG"):
            raise
        sys.stderr.write(Msg.of("usage.internal", kind=type(exc).__name__).text(lang) + "\n")
        raise SystemExit(2) from None
    raise SystemExit(code or 0)


# --- the yearly status round (statusround.py) and the calendar (calendar_ics.py) -------------------------

status_app = typer.Typer(name="status", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(status_app, name="status")

YearOption = Annotated[int, typer.Option("--year", show_default=False)]


@status_app.command("new")
def status_new(
    plan: PlanArgument,
    year: YearOption,
    dry_run: DryRunOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        started = api.status_new(plan, year, dry_run=dry_run, lang=lang)
    if dry_run:
        _write(started.text)
        return
    _say(Msg.of("round_wrote", path=str(started.path), count=started.measures), lang)


@status_app.command("form")
def status_form(
    plan: PlanArgument,
    year: YearOption,
    by_unit: Annotated[bool, typer.Option("--by-unit")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        written = api.status_form(plan, year, by_unit=by_unit, output=output, force=force, lang=lang)
    for target, form in written:
        _say(Msg.of("round_wrote", path=str(target), count=len(form.rows)), lang)


@status_app.command("import")
def status_import(
    plan: PlanArgument,
    files: Annotated[list[Path], typer.Argument(metavar="usage.metavar.form", show_default=False)],
    year: YearOption,
    dry_run: DryRunOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg
    from rusplan.statusround import status_word

    lang = lang or ""
    with _stops(lang):
        result = api.status_import(plan, files, year, dry_run=dry_run, lang=lang)
    if not result.answers:
        _say(Msg.of("round_no_answers", path=str(result.target)), lang)
        return
    for change in result.changes:
        old = status_word(change.old, lang) if change.old else Msg.of("round_not_reported").text(lang)
        if change.old is change.new:
            _say(Msg.of("round_change_same", reference=change.reference, title=change.title[:70], status=old), lang)
        else:
            _say(Msg.of("round_change", reference=change.reference, title=change.title[:70], old=old, new=status_word(change.new, lang)), lang)
        if change.note:
            _say(Msg.of("round_change_note", note=change.note), lang)
        if change.date:
            _say(Msg.of("round_change_date", date=change.date.strftime("%d.%m.%Y")), lang)
    if result.unchanged:
        _say(Msg.of("round_unchanged", count=result.unchanged), lang)
    key = "round_would_import" if dry_run else "round_imported"
    _say(Msg.of(key, path=str(result.target), count=len(result.changes), plan=str(plan)), lang)


@app.command()
def calendar(
    paths: Annotated[list[Path], typer.Argument(metavar="usage.metavar.path", show_default=False)],
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        done = api.calendar(paths, output, force=force, lang=lang)
    if done.data is not None:
        _write_bytes(done.data)
        return
    _say(Msg.of("cal.wrote", path=str(output), count=done.events), lang)


# --- issue 13: the plan format for every municipality (units register, renumbering) -------------------


units_app = typer.Typer(name="units", invoke_without_command=True, rich_markup_mode=None)
app.add_typer(units_app, name="units")


@units_app.callback()
def units_group(ctx: typer.Context) -> None:
    pass


@units_app.command("suggest")
def units_suggest(
    plan: PlanArgument,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        proposal = api.units_suggest(plan, output, force=force, lang=lang)
    if proposal.written is None:
        _write(proposal.text)
        return
    _say(Msg.of("units_written", path=str(output), count=proposal.units), lang)


@app.command()
def renumber(
    plan: PlanArgument,
    dry_run: DryRunOption = False,
    lang: LangOption = None,
) -> None:
    from rusplan.messages import Msg

    lang = lang or ""
    with _stops(lang):
        done = api.renumber(plan, dry_run=dry_run)
    if not done.changes:
        _say(Msg.of("renumber_nothing", id=done.id), lang)
        return
    for change in done.changes:
        _say(Msg.of("renumber_change", file=change.doc, id=change.measure_id, old=change.old, new=change.new), lang)
    if dry_run:
        _say(Msg.of("renumber_dry_run", count=len(done.changes)), lang)
        return
    _say(Msg.of("renumber_written", count=len(done.changes), files=len(done.written)), lang)

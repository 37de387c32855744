"""The `rusplan` command: parse options, call the core, print, exit. Nothing else lives here.

Heavy imports (pydantic models, jinja2, rich) happen inside the commands, so
`rusplan --help` starts fast; ruff's TID253 keeps it that way.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="rusplan",
    help="Ruspolitiske handlingsplaner som YAML i git: valider, sammenlign, rullér og lag rapporter.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="SPRÅK", help="Språk for meldinger: nb (standard) eller en. Kan også settes med RUSPLAN_LANG.", show_default=False),
]


def _show_version(wanted: bool) -> None:
    if wanted:
        from rusplan import versions

        typer.echo(versions())
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Vis versjonen av rusplan og bibliotekene den bruker, og avslutt.", is_eager=True, callback=_show_version)
    ] = False,
    lang: LangOption = None,
) -> None:
    """Ruspolitiske handlingsplaner som YAML i git: valider, sammenlign, rullér og lag rapporter."""
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




def _os_reason(error: OSError):
    """Why the operating system said no, in the reader's language (its own words are English)."""
    from rusplan.load import os_reason

    return os_reason(error)


def _console(stderr: bool = False):
    """A rich console whose every printed string goes through safetext.visible: nothing rusplan prints drives the terminal or the CI log."""
    from rich.console import Console

    from rusplan.safetext import visible

    class SafeConsole(Console):
        def print(self, *objects, **kwargs) -> None:  # type: ignore[override]
            super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **kwargs)

    return SafeConsole(stderr=stderr, highlight=False)


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


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="STI", help="Planmapper, eller mapper med planmapper (standard: plans, eller planmappen du står i).", show_default=False),
    ] = None,
    format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="human, json, github, sarif (kodeskanning), gitlab (code quality), markdown (tabell) eller auto (github i GitHub Actions, ellers human).",
        ),
    ] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Avslutt med kode 1 også ved advarsler.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="TALL", min=1, help="Antall prosesser som kontrollerer samtidig (standard: én per kjerne; 1: én).", show_default=False),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Kontroller planmapper: skjema, henvisninger og fagregler.

    Avslutningskode: 0 ingen feil, 1 feil (eller advarsler med --strict), 2 sti eller fil kan ikke brukes.
    """
    from rusplan import reporters
    from rusplan.load import default_paths
    from rusplan.validate import default_jobs
    from rusplan.validate import validate as run

    result = run(paths or default_paths(), keep=False, jobs=jobs or default_jobs())
    chosen = reporters.resolve_format(format.value)
    if chosen == "json":
        sys.stdout.write(reporters.to_json(result.findings, lang or ""))
    elif chosen == "github":
        sys.stdout.write(reporters.to_github(result.findings, lang or ""))
        sys.stdout.write(reporters.summary(result.findings, result.checked, lang or "") + "\n")
    elif chosen == "sarif":
        sys.stdout.write(reporters.to_sarif(result.findings, lang or ""))
    elif chosen == "gitlab":
        sys.stdout.write(reporters.to_gitlab(result.findings, lang or ""))
    elif chosen == "markdown":
        from rusplan.findings_table import to_markdown

        sys.stdout.write(to_markdown(result.findings, result.checked, lang or ""))
    else:
        reporters.print_human(result.findings, result.checked, lang or "", _console())
    raise typer.Exit(result.exit_code(strict))


@app.command()
def show(
    plan: Annotated[Path, typer.Argument(help="Planmappen som skal vises.")],
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="json (standard) eller yaml.")] = ShowFormat.json,
    lang: LangOption = None,
) -> None:
    """Skriv ut planen normalisert, slik andre verktøy leser den (se docs/json.md)."""
    from rusplan import reporters
    from rusplan.show import plan_to_data, to_json, to_yaml
    from rusplan.validate import validate as run

    result = run([plan])
    loaded = next(iter(result.plans.values()), None)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if loaded is None or loaded.plan is None or len(result.plans) != 1:
        reporters.print_human(errors or result.findings, len(result.plans), lang or "", _console(stderr=True))
        raise typer.Exit(2)
    data = plan_to_data(loaded.plan)
    _write(to_json(data) if format is ShowFormat.json else to_yaml(data))


@app.command("roll-forward")
def roll_forward(
    plan: Annotated[Path, typer.Argument(help="Planmappen som skal rulleres (planen som går ut).", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="Den nye planperioden, FRA-TIL, f.eks. 2024-2028.", show_default=False)],
    new_id: Annotated[str | None, typer.Option("--id", help="Id for den nye planen (standard: avledet, f.eks. molde-2024-2028).", show_default=False)] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Mappen planen skrives til (standard: ved siden av den gamle, med den nye id-en).", show_default=False)
    ] = None,
    carry: Annotated[
        list[str] | None, typer.Option("--carry", help="Viderefør også dette gjennomførte eller avviklede tiltaket (id); kan gjentas.", show_default=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis hva som ville blitt skrevet, uten å skrive noe.")] = False,
    force: Annotated[bool, typer.Option("--force", hidden=True, help="Godtas, men skriver aldri over en eksisterende mappe.")] = False,
    lang: LangOption = None,
) -> None:
    """Start den nye planen fra den gamle: viderefør uferdige tiltak og forhåndsutfyll evalueringen.

    Avslutningskode: 0 skrevet (eller vist med --dry-run), 1 den gamle planen har feil, 2 bruksfeil (målmappen finnes, ugyldig --to …).
    """
    from rusplan import reporters
    from rusplan.messages import Msg
    from rusplan.rollforward import RollForwardError, parse_period
    from rusplan.rollforward import roll_forward as run
    from rusplan.schema import schemas_relative
    from rusplan.validate import validate as check
    from rusplan.writeplan import DraftInvalid, TargetError, check_target, render, write_plan

    lang = lang or ""
    err = _console(stderr=True)

    def fail(code: int, msg: Msg) -> None:
        err.print(msg.text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(code)

    result = check([plan])
    if result.usage_problem or not result.plans:
        reporters.print_human(result.findings, 0, lang, err)
        raise typer.Exit(2)
    if len(result.plans) != 1:
        fail(2, Msg.of("rollforward_not_single", path=str(plan), count=len(result.plans)))
    loaded = next(iter(result.plans.values()))
    if loaded.plan is None or any(f.severity.value == "error" for f in result.findings):
        reporters.print_human(result.findings, 1, lang, err)
        fail(1, Msg.of("rollforward_refused", id=loaded.id))
    findings = []
    try:
        forward = run(loaded.plan, parse_period(to), new_id=new_id, carry=carry or ())
        target = out if out is not None else plan.parent / forward.plan.id
        check_target(target, forward.plan.id, force=force)
        schemas_dir = Path("schemas")
        in_repository = schemas_dir.is_dir() and target.resolve().is_relative_to(Path.cwd().resolve())
        files = render(forward, schemas_relative(target, schemas_dir) if in_repository else None)
        from rusplan.load import MAX_BYTES

        for name, text in files.items():  # a plan near the size limit can give a draft over it: say so, write nothing
            if len(text.encode("utf-8")) > MAX_BYTES:
                fail(2, Msg.of("draft_too_large", file=name, mb=round(len(text.encode("utf-8")) / 1024 / 1024, 1), max_mb=MAX_BYTES // 1024 // 1024))
        if not dry_run:
            findings = write_plan(files, target, forward.plan.id, predecessor=loaded)
    except (RollForwardError, TargetError) as problem:
        fail(2, problem.msg)
    except DraftInvalid as problem:
        reporters.print_human(problem.findings, 1, lang, err)
        if all(f.code in ("RP006", "RP007", "RP009") for f in problem.findings):  # the old plan was near a limit the draft crosses
            fail(2, Msg.of("draft_over_limits"))
        fail(1, Msg.of("draft_invalid"))
    except OSError as problem:
        fail(2, Msg.of("write_failed", reason=_os_reason(problem)))
    if dry_run:
        for name, text in files.items():
            _write(f"# ==> {target / name} <==\n{text}\n")
    _print_roll_forward(forward, target, findings, dry_run, lang)


def _print_roll_forward(forward, target: Path, findings: list, dry_run: bool, lang: str) -> None:
    """The summary: carried / not carried / to review by focus area, what was left out, and what to do next."""
    from rich.markup import escape
    from rich.table import Table

    from rusplan.messages import pick
    from rusplan.safetext import visible as safe

    console = _console()
    period = forward.plan.meta.period
    table = Table(title=f"{forward.source} → {forward.plan.id} ({period.start}–{period.end})", title_justify="left")
    table.add_column(pick(("Fokusområde", "Focus area"), lang))
    for heading in (("Videreført", "Carried"), ("Ikke videreført", "Not carried"), ("Til vurdering", "To review")):
        table.add_column(pick(heading, lang), justify="right")
    rows = forward.summary()
    for index, row in enumerate(rows):
        table.add_row(escape(safe(row.title)), str(row.carried), str(row.not_carried), str(row.review), end_section=index == len(rows) - 1)
    total = forward.totals()
    table.add_row(pick(("Totalt", "Total"), lang), str(total.carried), str(total.not_carried), str(total.review), style="bold")
    console.print(table)
    left_out = [d for d in forward.decisions if not d.carried]
    if left_out:
        heading = ("Ikke videreført (gjennomført eller avviklet; bruk --carry ID for å ta med):", "Not carried (done or discontinued; use --carry ID to keep):")
        console.print(pick(heading, lang))
        for d in left_out:
            outcome = pick(("gjennomført", "done") if d.reason == "done" else ("avviklet", "discontinued"), lang)
            where = f", {d.reported.source}" if d.reported else ""
            console.print(f"  {d.old_id}  {escape(safe(d.title[:70]))}  [dim]({outcome}{where})[/]", soft_wrap=True)
    if dry_run:
        console.print(pick((f"Tørrkjøring: ingenting er skrevet. Planen ville blitt skrevet til {target}.",
                            f"Dry run: nothing was written. The plan would be written to {target}."), lang), markup=False)
        return
    warnings = sum(1 for f in findings if f.severity.value == "warning")
    infos = sum(1 for f in findings if f.severity.value == "info")
    console.print(pick((f"Skrev {target}: utkastet har {warnings} advarsler og {infos} info. Kjør «rusplan validate {target}» for å se hva som må avgjøres.",
                        f"Wrote {target}: the draft has {warnings} warnings and {infos} infos. Run «rusplan validate {target}» to see what must be decided."), lang),
                  markup=False, soft_wrap=True)


class DiffFormat(StrEnum):
    human = "human"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="GAMMEL NY", help="To planer: mapper eller REV:STI (f.eks. main:plans/molde-2020-2024). Med --git: stier (standard: plans).", show_default=False
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option("--git", metavar="BASE", help="Sammenlign alle planer under stiene mellom BASE og arbeidskopien, nye og fjernede planer med.", show_default=False),
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="human, markdown (PR-kommentar) eller json (se docs/json.md).")] = DiffFormat.human,
    lang: LangOption = None,
) -> None:
    """Sammenlign planer som planer: nye, fjernede, endrede og videreførte tiltak (se docs/diff.md).

    Avslutningskode som diff(1): 0 ingen forskjeller, 1 forskjeller, 2 problemer (ukjent revisjon, plan som ikke kan leses).
    """
    from rusplan import diffreport, reporters
    from rusplan.diff import DiffError, compare_sets, exit_code
    from rusplan.gitrev import SourceError, sides
    from rusplan.load import without_cyclic_gc

    try:
        with without_cyclic_gc():  # many plan objects, no cycles: see load.without_cyclic_gc
            old, new = sides(args or [], git)
        broken = [loaded for loaded in (*old.plans, *new.plans) if loaded.plan is None]
        if broken:
            findings = [f for loaded in broken for f in loaded.findings]
            errors = [f for f in findings if f.severity.value == "error"]
            reporters.print_human(errors or findings, len(broken), lang or "", _console(stderr=True))
            raise typer.Exit(2)
        with without_cyclic_gc():
            diffs = compare_sets(old.by_name(), new.by_name(), pair_lone=git is None, identical=dict(new.identical))
    except (SourceError, DiffError) as error:
        _console(stderr=True).print(error.text(lang or ""), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    with without_cyclic_gc():
        if format is DiffFormat.human:
            diffreport.print_human(diffs, old, new, lang or "", _console())
        else:
            _write(diffreport.render(diffs, old, new, format.value, lang or ""))
    raise typer.Exit(exit_code(diffs))


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
    plan: Annotated[Path, typer.Argument(help="Planmappen rapporten lages fra.")],
    report: Annotated[
        RenderReport,
        typer.Option(
            "--report", "-r", help="plan (planen selv), status (årsrapport), revision (sammenlignet med forrige plan) eller alcohol (bevillinger og kontroller i et år)."
        ),
    ] = RenderReport.plan,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="ÅR", help="Året års- eller alkoholrapporten gjelder (standard: siste år med rapport eller kontrollogg).", show_default=False),
    ] = None,
    format: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown for GitHub), html (én selvstendig fil), docx (Word) eller pdf (krever rusplan[pdf]); standard: etter endelsen på -o, ellers md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FIL", help="Skriv til denne filen i stedet for til standard ut.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overskriv filen i -o om den finnes.")] = False,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", metavar="MAPPE", help="Mappe med maler som overstyrer de innebygde, navn for navn (se docs/templates.md).", show_default=False),
    ] = None,
    generated: Annotated[
        str | None,
        typer.Option("--generated", metavar="DATO", help="Dato (ÅÅÅÅ-MM-DD) som skrives i rapporten som laget-dato (standard: i dag).", show_default=False),
    ] = None,
    style: Annotated[
        Path | None,
        typer.Option("--style", metavar="FIL", help="YAML-fil med kommunens logo, hovedfarge og bunntekst (se docs/documents.md).", show_default=False),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Lag et dokument av planen: planen selv, årsrapport eller revisjonsrapport, som Markdown, HTML, Word eller PDF.

    Avslutningskode: 0 laget, 1 planen har feil, 2 rapporten kan ikke lages slik det er bedt om.
    """
    import datetime as dt

    from rusplan import formats, publish, reporters
    from rusplan import render as renderer
    from rusplan.messages import Msg
    from rusplan.safetext import is_terminal
    from rusplan.validate import validate as run

    lang = lang or ""

    def usage(msg: Msg | renderer.RenderProblem) -> None:
        _console(stderr=True).print(f"rusplan render: {msg.text(lang)}", markup=False, soft_wrap=True)
        raise typer.Exit(2)

    if year is not None and report not in (RenderReport.status, RenderReport.alcohol):
        usage(Msg.of("render_year_not_status"))
    try:
        chosen = formats.choose(output, format.value if format else None, publish.extensions(), "md")
    except formats.FormatProblem as problem:
        usage(problem.msg)
    if templates is not None and not templates.is_dir():
        usage(Msg.of("render_templates_missing", path=str(templates)))
    day = dt.date.today()
    if generated:
        try:
            day = dt.date.fromisoformat(generated)
        except ValueError:
            usage(Msg.of("render_bad_date", value=generated))
    result = run([plan])
    loaded = next(iter(result.plans.values()), None)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if result.usage_problem or len(result.plans) != 1:
        if errors:
            reporters.print_human(errors, len(result.plans), lang, _console(stderr=True))
        usage(Msg.of("render_not_one_plan", path=str(plan)))
    if errors or loaded is None or loaded.plan is None:
        reporters.print_human(errors, len(result.plans), lang, _console(stderr=True))
        raise typer.Exit(1)
    from rusplan.look import LookProblem, load_look, repository_root

    look = None
    within = None
    if style is None and loaded.plan.meta.style:
        style = loaded.folder / loaded.plan.meta.style
        within = repository_root(loaded.folder.resolve())
    if style is not None:
        if not style.is_file():
            usage(Msg.of("render_style_missing", path=str(style)))
        try:
            look = load_look(style, within)
        except LookProblem as problem:
            typer.echo(f"rusplan render: {problem.text(lang)}", err=True)
            raise typer.Exit(2) from None
    if output is None and publish.FORMATS[chosen].binary and is_terminal(sys.stdout):
        usage(Msg.of("render_binary_to_terminal", format=chosen))
    try:
        neighbour = result.neighbours.get(loaded.plan.meta.predecessor or "")
        context = renderer.build_context(loaded.folder, loaded.plan, report.value, year, day, neighbour.plan if neighbour else None, lang or None)
        made = publish.make(report.value, chosen, context, templates, look, day)
    except renderer.RenderProblem as problem:
        usage(problem)
    for note in made.notes:
        typer.echo(f"rusplan render: {note.text(lang)}", err=True)
    text = made.data
    if output is None:
        if isinstance(text, bytes):
            _write_bytes(text)
        else:
            _write(text)
        return
    from rusplan.atomic import Refused

    try:
        written = renderer.write_output(output, text, force)
    except Refused as refused:
        usage(Msg.of("render_output_exists", path=str(output)) if refused.msg.key == "write_exists" else refused.msg)
    except OSError as error:
        usage(Msg.of("render_write_failed", path=str(output), reason=_os_reason(error)))
    _say_if_through_link(output, written, lang)


def _say_if_through_link(asked: Path, written: Path, lang: str) -> None:
    """A write through a symbolic link (only with --force) is said on standard error."""
    from rusplan.messages import Msg

    if written != asked:
        _console(stderr=True).print(Msg.of("wrote_through_link", path=str(asked), target=str(written)).text(lang), markup=False, soft_wrap=True)


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Mappen skjemaene skrives til.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Skriv ingenting; avslutt med 1 hvis skjemaene i mappen ikke stemmer med denne rusplan-versjonen.")] = False,
    lang: LangOption = None,
) -> None:
    """Skriv JSON Schema for hver planfil, så VS Code og andre redigeringsprogrammer foreslår, forklarer og kontrollerer mens du skriver.

    Filene: plan, focus-area, evaluation, indicators, alcohol og status (.schema.json).
    En planfil tar dem i bruk med første linje «# yaml-language-server: $schema=../../schemas/plan.schema.json».
    Avslutningskode: 0 skrevet (eller i samsvar med --check), 1 utdatert (--check), 2 kan ikke skrive.
    """
    from rusplan import schema as schemas
    from rusplan.messages import pick

    lang = lang or ""
    console, err = _console(), _console(stderr=True)
    if check:
        stale = schemas.stale(output)
        if stale:
            err.print(pick((f"Utdatert i {output}: {', '.join(stale)}. Kjør «rusplan schema -o {output}».",
                            f"Out of date in {output}: {', '.join(stale)}. Run «rusplan schema -o {output}»."), lang), markup=False, soft_wrap=True)
            raise typer.Exit(1)
        console.print(pick((f"Skjemaene i {output} er oppdatert.", f"The schemas in {output} are up to date."), lang), markup=False, soft_wrap=True)
        return
    from rusplan.atomic import Refused

    try:
        changed = schemas.write(output)
    except OSError as problem:
        reason = problem.msg.text(lang) if isinstance(problem, Refused) else _os_reason(problem).text(lang)
        err.print(pick((f"Kan ikke skrive til {output}: {reason}.", f"Cannot write to {output}: {reason}."), lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for path in changed:
        console.print(pick((f"Skrev {path}", f"Wrote {path}"), lang), markup=False, soft_wrap=True)
    if not changed:
        console.print(pick((f"Skjemaene i {output} var allerede oppdatert.", f"The schemas in {output} were already up to date."), lang), markup=False, soft_wrap=True)


@app.command()
def init(
    target: Annotated[Path, typer.Argument(metavar="MAPPE", help="Den nye planmappen, f.eks. plans/molde-2028-2032. Mappenavnet blir planens id.", show_default=False)],
    municipality: Annotated[
        list[str] | None,
        typer.Option("--municipality", "-m", help="Kommunens navn (standard: fra mappenavnet); gjenta for en interkommunal plan: -m A -m B.", show_default=False),
    ] = None,
    municipality_number: Annotated[str | None, typer.Option("--municipality-number", help="Kommunenummer, fire sifre.", show_default=False)] = None,
    start: Annotated[
        int | None, typer.Option("--start", help="Første år i planperioden (standard: fra mappenavnet, ellers bevillingsperioden).", show_default=False)
    ] = None,
    end: Annotated[int | None, typer.Option("--end", help="Siste år i planperioden.", show_default=False)] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Planens tittel (standard: «Ruspolitisk handlingsplan for … kommune FRA–TIL»).", show_default=False)
    ] = None,
    predecessor: Annotated[
        str | None,
        typer.Option("--predecessor", help="Id-en til planen denne rullerer (standard: siste plan for samme kommune ved siden av; \"\" for ingen).", show_default=False),
    ] = None,
    focus_area: Annotated[
        list[str] | None, typer.Option("--focus-area", help="Tittel på et fokusområde; kan gjentas (standard: Forebygging).", show_default=False)
    ] = None,
    schemas: Annotated[
        str | None,
        typer.Option(
            "--schemas",
            help="Skjemamappen sett fra planmappen, for $schema-linjen øverst i filene (standard: ./schemas når den finnes; \"\" for ingen).",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        bool | None, typer.Option("--interactive/--no-interactive", help="Spør etter verdiene (standard: når terminalen er interaktiv).", show_default=False)
    ] = None,
    lang: LangOption = None,
) -> None:
    """Lag en ny planmappe med plan.yaml og fokusområder, med forklaringer på norsk i hver fil. Skriver aldri over noe.

    Avslutningskode: 0 laget, 2 mappen finnes allerede eller en verdi er ugyldig.
    """
    import dataclasses

    from rusplan import scaffold
    from rusplan.messages import pick
    from rusplan.schema import schemas_relative

    lang = lang or ""
    console, err = _console(), _console(stderr=True)
    proposed = scaffold.defaults(target)
    ask = sys.stdin.isatty() if interactive is None else interactive

    def value(given, label: tuple[str, str], default, kind=str):
        if given is not None or not ask:
            return default if given is None else given
        return typer.prompt(pick(label, lang), default="" if default is None else default, type=kind, show_default=default not in (None, ""))

    if proposed.original_name:
        console.print(pick((f"Plan-id-en blir «{proposed.id}» (æ→ae, ø→o, å→a); mappen blir {target.parent / proposed.id}.",
                            f"The plan id becomes «{proposed.id}» (æ→ae, ø→o, å→a); the folder becomes {target.parent / proposed.id}."), lang),
                      markup=False, soft_wrap=True)
        target = target.parent / proposed.id
    try:
        given = (scaffold.split_names(municipality) or ("",)) if municipality else None
        answer = value(", ".join(given) if given else None,
                       ("Kommune (flere skilles med komma)", "Municipality (separate several with commas)"), proposed.municipality)
        names = scaffold.split_names([answer]) or ("",)
        name, others = names[0], names[1:]
        number = value(municipality_number, ("Kommunenummer (fire sifre, kan stå tomt)", "Municipality number (four digits, may be empty)"), None)
        first = value(start, ("Første år i planperioden", "First year of the plan period"), proposed.start, int)
        last = value(end, ("Siste år i planperioden", "Last year of the plan period"), proposed.end if first == proposed.start else first + 3, int)
        heading = value(title, ("Tittel", "Title"), scaffold.default_title(name, first, last, others))
        previous = value(predecessor, ("Forrige plan (id, kan stå tomt)", "Previous plan (id, may be empty)"), proposed.predecessor)
        if focus_area:
            areas = tuple(focus_area)
        elif ask:
            answer = typer.prompt(pick(("Fokusområder, skilt med komma", "Focus areas, separated by commas"), lang), default=", ".join(proposed.focus_areas))
            areas = tuple(a.strip() for a in answer.split(",") if a.strip())
        else:
            areas = proposed.focus_areas
        new = dataclasses.replace(
            proposed, municipality=name.strip(), other_municipalities=others, municipality_number=(number or "").strip() or None, start=first, end=last,
            title=heading.strip(), predecessor=(previous or "").strip() or None, focus_areas=areas,
        )
        if schemas is None:
            found = Path.cwd() / "schemas"
            schemas = schemas_relative(target, found) if (found / "plan.schema.json").is_file() else ""
        written = scaffold.create(target, new, schemas or None)
    except typer.Abort:
        err.print(pick(("Avbrutt: ingenting er skrevet.", "Aborted: nothing was written."), lang), markup=False)
        raise typer.Exit(2) from None
    except scaffold.ScaffoldError as problem:
        err.print(pick(problem.texts, lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as problem:
        reason = _os_reason(problem).text(lang)
        err.print(pick((f"Kan ikke lage {target}: {reason}.", f"Cannot create {target}: {reason}."), lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for path in written:
        console.print(pick((f"Skrev {path}", f"Wrote {path}"), lang), markup=False, soft_wrap=True)
    console.print(pick((f"Neste steg: fyll inn mål og tiltak i focus-areas/, og kjør «rusplan validate {target}».",
                        f"Next: fill in goals and measures in focus-areas/, then run «rusplan validate {target}»."), lang), markup=False, soft_wrap=True)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def export(
    plan: Annotated[Path, typer.Argument(help="Planmappen tiltakene hentes fra.", show_default=False)],
    format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="xlsx (Excel) eller csv (UTF-8 med BOM, semikolon); standard: etter endelsen på -o, ellers xlsx.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Filen som skrives (standard: PLAN-ID-tiltak.xlsx/.csv her; «-» skriver CSV til standard ut).", show_default=False),
    ] = None,
    delimiter: Annotated[str, typer.Option("--delimiter", metavar="TEGN", help="Skilletegn i CSV: ; passer norsk Excel, , passer engelsk.")] = ";",
    force: Annotated[bool, typer.Option("--force", help="Overskriv filen i -o om den finnes.")] = False,
    lang: LangOption = None,
    alcohol: Annotated[
        bool, typer.Option("--alcohol", help="Skriv bevillingsregisteret og kontrolloggen i stedet for tiltakene (xlsx: to ark i én fil; csv: to filer i mappen -o).")
    ] = False,
) -> None:
    """Skriv tiltakstabellen som regneark: fokusområde, mål, nummer, tiltak, ansvarlig, kostnad, frist og siste status med merknad.

    Med --alcohol: bevillingsregisteret (alcohol/licences.yaml) og kontrolloggene (alcohol/controls/) i stedet.

    Avslutningskode: 0 skrevet, 1 planen har feil, 2 planen finnes ikke eller filen kan ikke skrives.
    """
    from rusplan import export as exporter
    from rusplan import formats, reporters
    from rusplan.messages import Msg, pick
    from rusplan.validate import validate as run

    lang = lang or ""
    err = _console(stderr=True)

    def fail(code: int, nb: str | Msg, en: str = "") -> None:
        err.print(nb.text(lang) if isinstance(nb, Msg) else pick((nb, en), lang), markup=False, soft_wrap=True)
        raise typer.Exit(code)

    if len(delimiter) != 1:
        fail(2, "Skilletegnet må være ett tegn, f.eks. ; eller ,.", "The delimiter must be one character, e.g. ; or ,.")
    if alcohol and str(output) == "-":
        fail(2, Msg.of("export_alcohol_stdout"))
    try:
        chosen = formats.choose(output, format.value if format else None, formats.EXPORT_EXTENSIONS, "csv" if str(output) == "-" else "xlsx")
    except formats.FormatProblem as problem:
        fail(2, problem.msg)
    if str(output) == "-" and chosen != "csv":
        fail(2, "Bare CSV kan skrives til standard ut; oppgi en fil med -o for xlsx.", "Only CSV can go to standard output; give a file with -o for xlsx.")
    result = run([plan])
    if result.usage_problem:
        reporters.print_human([f for f in result.findings if f.code == "RP011"], 0, lang, err)
        raise typer.Exit(2)
    if len(result.plans) != 1:
        fail(2, f"«{plan}» inneholder {len(result.plans)} planer; pek på én planmappe.", f"«{plan}» holds {len(result.plans)} plans; point at one plan folder.")
    loaded = next(iter(result.plans.values()))
    errors = [f for f in result.findings if f.severity.value == "error"]
    if loaded.plan is None or errors:
        reporters.print_human(errors or result.findings, 1, lang, err)
        raise typer.Exit(1)
    if alcohol:
        _export_alcohol(loaded.plan, chosen, output, force, delimiter, lang, fail)
        return
    data = exporter.export(loaded.plan, chosen, lang, delimiter)
    if str(output) == "-":
        _write_bytes(data)
        return
    target = output or Path(f"{loaded.id}-tiltak.{chosen}")
    from rusplan.atomic import Refused

    try:
        written = exporter.write(data, target, force)
    except FileExistsError:
        fail(2, Msg.of("export_output_exists", path=str(target)))
    except Refused as refused:
        fail(2, refused.msg)
    except OSError as problem:
        fail(2, f"Kan ikke skrive {target}: {_os_reason(problem).text(lang)}.", f"Cannot write {target}: {_os_reason(problem).text(lang)}.")
    _say_if_through_link(target, written, lang)
    count = sum(1 for _ in loaded.plan.measures())
    _console().print(pick((f"Skrev {target} ({count} tiltak).", f"Wrote {target} ({count} measures)."), lang), markup=False, soft_wrap=True)


def _export_alcohol(plan, fmt: str, output: Path | None, force: bool, delimiter: str, lang: str, fail) -> None:
    """`rusplan export PLAN --alcohol`: the register and the control logs, never overwriting without --force."""
    from rusplan import alcoholexport
    from rusplan import export as exporter
    from rusplan.messages import Msg

    if plan.licences is None:
        fail(2, Msg.of("export_no_alcohol_register", id=plan.id))
    if fmt == "csv" and output is not None and not output.is_dir():
        fail(2, Msg.of("export_alcohol_folder", path=str(output)))
    targets = alcoholexport.targets(plan.id, fmt, output)
    data = {"workbook": alcoholexport.xlsx_bytes(plan, lang)} if fmt == "xlsx" else alcoholexport.csv_files(plan, lang, delimiter)
    for path in targets.values():  # both files or neither
        if path.exists() and not force:
            fail(2, Msg.of("export_output_exists", path=str(path)))
    for name, path in targets.items():
        try:
            exporter.write(data[name], path, force)
        except FileExistsError:
            fail(2, Msg.of("export_output_exists", path=str(path)))
        except OSError as problem:
            fail(2, Msg.of("export_write_failed", path=str(path), reason=_os_reason(problem)))
    tables = alcoholexport.tables(plan, lang)
    files = ", ".join(str(p) for p in targets.values())
    message = Msg.of("export_alcohol_written", files=files, licences=len(tables["licences"]), controls=len(tables["controls"]))
    _console().print(message.text(lang), markup=False, soft_wrap=True)


@app.command()
def site(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="MAPPE", help="Mappen nettstedet skrives til, f.eks. site.", show_default=False)],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="STI", help="Planmapper, eller mapper med planmapper (standard: plans, eller planmappen du står i).", show_default=False),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Lag et statisk nettsted av planene: forside, en side per plan, per tiltak (med historikk over planperiodene) og per ansvarlig enhet, og søk uten server.

    Bare sider som er endret, skrives på nytt (se docs/site.md).
    Avslutningskode: 0 skrevet, 1 planene har feil, 2 sti eller mappe kan ikke brukes.
    """
    from rusplan import reporters
    from rusplan import site as builder
    from rusplan.load import default_paths, is_plan_dir
    from rusplan.messages import Msg

    lang = lang or ""
    err = _console(stderr=True)

    def fail(code: int, msg: Msg) -> None:
        err.print(msg.text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(code)

    target = output.resolve()
    if any(is_plan_dir(folder) for folder in (target, *target.parents)):
        fail(2, Msg.of("site_output_is_plan", path=str(output)))
    plans, result = builder.site_plans(paths or default_paths())
    errors = [f for f in result.findings if f.severity.value == "error"]
    if result.usage_problem:
        reporters.print_human(errors, 0, lang, err)
        raise typer.Exit(2)
    if errors or len(plans) != len(result.plans):
        reporters.print_human(errors, len(result.plans), lang, err)
        fail(1, Msg.of("site_plan_errors"))
    try:
        published = builder.build(plans, output)
    except builder.SiteProblem as problem:
        fail(2, Msg.of("site_write_failed", path=str(problem.path), reason=problem.reason))
    written = Msg.of("site_written", out=str(output), pages=published.total, plans=len(plans),
                     written=len(published.written), unchanged=published.unchanged, removed=len(published.removed))
    _console().print(written.text(lang), markup=False, soft_wrap=True)


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

status_app = typer.Typer(
    name="status",
    help="Årets statusrunde: start årsrapporten, send enhetene et skjema, importer svarene (se docs/status.md).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(status_app, name="status")

YearOption = Annotated[int, typer.Option("--year", help="Året statusrapporten gjelder, f.eks. 2023.", show_default=False)]


def _round_fail(code: int, msg, lang: str) -> None:
    from rusplan.safetext import visible as safe

    _console(stderr=True).print(safe(msg.text(lang)), markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _round_plan(plan: Path, year: int | None, lang: str):
    """The one plan at `plan`, without errors and with `year` in its period; otherwise the message and exit 1 or 2."""
    from rusplan import reporters
    from rusplan.messages import Msg
    from rusplan.statusround import year_problem
    from rusplan.validate import validate as run

    err = _console(stderr=True)
    result = run([plan])
    if result.usage_problem:
        reporters.print_human([f for f in result.findings if f.code == "RP011"], 0, lang, err)
        raise typer.Exit(2)
    if len(result.plans) != 1:
        _round_fail(2, Msg.of("round_not_one_plan", path=str(plan)), lang)
    loaded = next(iter(result.plans.values()))
    errors = [f for f in result.findings if f.severity.value == "error"]
    if loaded.plan is None or errors:
        reporters.print_human(errors or result.findings, 1, lang, err)
        _round_fail(1, Msg.of("round_plan_errors", id=loaded.id), lang)
    if year is not None and (problem := year_problem(loaded.plan, year)):
        _round_fail(2, problem, lang)
    return loaded


def _round_modeline(folder: Path) -> str | None:
    """The editor's $schema line for status/<year>.yaml, when the schemas live in this repository (as roll-forward does)."""
    from rusplan.schema import kind_of, modeline, schemas_relative

    schemas_dir = Path("schemas")
    if (schemas_dir / "status.schema.json").is_file() and folder.resolve().is_relative_to(Path.cwd().resolve()):
        return modeline(kind_of("status/2000.yaml"), schemas_relative(folder, schemas_dir))
    return None


@status_app.command("new")
def status_new(
    plan: Annotated[Path, typer.Argument(help="Planmappen.", show_default=False)],
    year: YearOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Skriv rapporten til standard ut i stedet for til filen.")] = False,
    lang: LangOption = None,
) -> None:
    """Start årets statusrapport status/ÅR.yaml: hvert tiltak med siste rapporterte status, tiltak med frist i året merket.

    Avslutningskode: 0 skrevet, 1 planen har feil, 2 bruksfeil (filen finnes, året er utenfor planperioden …).
    """
    import datetime as dt

    from rusplan import statusround
    from rusplan.messages import Msg

    lang = lang or ""
    loaded = _round_plan(plan, year, lang)
    try:
        target, text = statusround.start_report(loaded.folder, loaded.plan, year, today=dt.date.today(), modeline=_round_modeline(loaded.folder),
                                                lang=lang, dry_run=dry_run)
    except statusround.TargetExists as problem:
        _round_fail(2, Msg.of("round_report_exists", path=str(problem.path)), lang)
    except OSError as problem:
        _round_fail(2, Msg.of("round_write_failed", path=str(problem.filename), reason=_os_reason(problem)), lang)
    if dry_run:
        _write(text)
        return
    count = sum(1 for _ in loaded.plan.measures())
    _console().print(Msg.of("round_wrote", path=str(target), count=count).text(lang), markup=False, soft_wrap=True)


@status_app.command("form")
def status_form(
    plan: Annotated[Path, typer.Argument(help="Planmappen.", show_default=False)],
    year: YearOption,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="Ett skjema per ansvarlig enhet, med bare enhetens tiltak, i mappen -o.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Filen (med --by-unit: mappen) som skrives (standard: PLAN-ID-status-ÅR.xlsx / PLAN-ID-status-ÅR/).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overskriv skjemaer som finnes.")] = False,
    lang: LangOption = None,
) -> None:
    """Lag Excel-skjemaet (xlsx) enhetene fyller ut: ett tiltak per rad, status fra nedtrekksliste, merknad og dato.

    Avslutningskode: 0 skrevet, 1 planen har feil, 2 bruksfeil (filen finnes, året er utenfor planperioden …).
    """
    from rusplan import statusround
    from rusplan.messages import Msg

    lang = lang or ""
    loaded = _round_plan(plan, year, lang)
    try:
        written = statusround.write_forms(loaded.plan, year, by_unit=by_unit, output=output, force=force, lang=lang)
    except statusround.TargetExists as problem:
        _round_fail(2, Msg.of("round_output_exists", path=str(problem.path)), lang)
    except OSError as problem:
        _round_fail(2, Msg.of("round_write_failed", path=str(problem.filename), reason=_os_reason(problem)), lang)
    for target, form in written:
        _console().print(Msg.of("round_wrote", path=str(target), count=len(form.rows)).text(lang), markup=False, soft_wrap=True)


@status_app.command("import")
def status_import(
    plan: Annotated[Path, typer.Argument(help="Planmappen.", show_default=False)],
    files: Annotated[list[Path], typer.Argument(metavar="SKJEMA", help="Utfylte skjemaer: .xlsx, eller .csv med de samme kolonnene.", show_default=False)],
    year: YearOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis hva som ville blitt endret, uten å skrive noe.")] = False,
    lang: LangOption = None,
) -> None:
    """Les utfylte skjemaer og flett svarene inn i status/ÅR.yaml; kommentarer og svar skjemaene ikke rører, blir stående.

    Hvert problem vises med fil, ark og celle (helse.xlsx!Status!G7). Avslutningskode: 0 skrevet (eller vist med --dry-run),
    1 problemer i skjemaene eller feil i planen (ingenting skrevet), 2 bruksfeil.
    """
    from rusplan import statusround
    from rusplan.messages import Msg
    from rusplan.safetext import visible as safe

    lang = lang or ""
    loaded = _round_plan(plan, year, lang)
    err, console = _console(stderr=True), _console()
    try:
        result = statusround.import_forms(loaded.folder, loaded.plan, year, files, dry_run=dry_run, modeline=_round_modeline(loaded.folder), lang=lang)
    except OSError as problem:
        _round_fail(2, Msg.of("round_write_failed", path=str(statusround.report_path(loaded.folder, year)), reason=_os_reason(problem)), lang)
    if result.problems:
        for problem in result.problems:
            err.print(safe(problem.text(lang)), markup=False, soft_wrap=True)
        _round_fail(1, Msg.of("round_problems", count=len(result.problems)), lang)
    if not result.answers:
        console.print(Msg.of("round_no_answers", path=str(result.target)).text(lang), markup=False, soft_wrap=True)
        return
    from rusplan.statusround import status_word

    for change in result.changes:
        old = status_word(change.old, lang) if change.old else Msg.of("round_not_reported").text(lang)
        if change.old is change.new:
            line = Msg.of("round_change_same", reference=change.reference, title=change.title[:70], status=old)
        else:
            line = Msg.of("round_change", reference=change.reference, title=change.title[:70], old=old, new=status_word(change.new, lang))
        console.print(safe(line.text(lang)), markup=False, soft_wrap=True)
        if change.note:
            console.print(safe(Msg.of("round_change_note", note=change.note).text(lang)), markup=False, soft_wrap=True)
        if change.date:
            console.print(Msg.of("round_change_date", date=change.date.strftime("%d.%m.%Y")).text(lang), markup=False, soft_wrap=True)
    if result.unchanged:
        console.print(Msg.of("round_unchanged", count=result.unchanged).text(lang), markup=False, soft_wrap=True)
    key = "round_would_import" if dry_run else "round_imported"
    console.print(Msg.of(key, path=str(result.target), count=len(result.changes), plan=str(plan)).text(lang), markup=False, soft_wrap=True)


@app.command()
def calendar(
    paths: Annotated[list[Path], typer.Argument(metavar="STI", help="Planmapper, eller mapper med planmapper.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="iCalendar-filen (.ics) som skrives (standard: standard ut).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overskriv filen i -o om den finnes (slik et abonnement oppdateres).")] = False,
    lang: LangOption = None,
) -> None:
    """Skriv planenes datoer som iCalendar (.ics) for Outlook: tiltakenes frister, slutten på planperioden og når bevillingene faller bort.

    UID-ene er stabile, så en ny import oppdaterer hendelsene i stedet for å lage kopier.
    Avslutningskode: 0 skrevet, 1 en plan har feil, 2 bruksfeil.
    """
    from rusplan import calendar_ics, reporters
    from rusplan.messages import Msg
    from rusplan.statusround import TargetExists
    from rusplan.validate import validate as run

    lang = lang or ""
    err = _console(stderr=True)
    result = run(paths)
    if result.usage_problem:
        reporters.print_human([f for f in result.findings if f.code == "RP011"], 0, lang, err)
        raise typer.Exit(2)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if errors or any(loaded.plan is None for loaded in result.plans.values()):
        reporters.print_human(errors, len(result.plans), lang, err)
        raise typer.Exit(1)
    plans = [loaded.plan for loaded in result.plans.values()]
    if output is None:
        _write_bytes(calendar_ics.calendar(plans, lang))
        return
    try:
        count = calendar_ics.write_calendar(plans, output, force=force, lang=lang)
    except TargetExists:
        _round_fail(2, Msg.of("round_output_exists", path=str(output)), lang)
    except OSError as problem:
        _round_fail(2, Msg.of("round_write_failed", path=str(output), reason=_os_reason(problem)), lang)
    _console().print(Msg.of("cal.wrote", path=str(output), count=count).text(lang), markup=False, soft_wrap=True)


# --- issue 13: the plan format for every municipality (units register, renumbering) -------------------


def _one_valid_plan(plan: Path, lang: str):
    """The plan folder `plan`, loaded and free of errors; otherwise the findings are printed and the command exits (1 errors, 2 no plan)."""
    from rusplan import reporters
    from rusplan.messages import Msg
    from rusplan.validate import validate as run

    err = _console(stderr=True)
    result = run([plan])
    if result.usage_problem:
        reporters.print_human([f for f in result.findings if f.code == "RP011"], 0, lang, err)
        raise typer.Exit(2)
    if len(result.plans) != 1:
        err.print(Msg.of("format_not_single", path=str(plan), count=len(result.plans)).text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    loaded = next(iter(result.plans.values()))
    errors = [f for f in result.findings if f.severity.value == "error"]
    if loaded.plan is None or errors:
        reporters.print_human(errors or result.findings, 1, lang, err)
        raise typer.Exit(1)
    return loaded


units_app = typer.Typer(
    name="units", help="Enhetsregisteret (units.yaml): ansvarlige enheter med andre navn planene bruker.", invoke_without_command=True, rich_markup_mode=None
)
app.add_typer(units_app, name="units")


@units_app.callback()
def units_group(ctx: typer.Context) -> None:
    """Enhetsregisteret (units.yaml): ansvarlige enheter med andre navn planene bruker. «rusplan units suggest PLAN» foreslår et register."""


@units_app.command("suggest")
def units_suggest(
    plan: Annotated[Path, typer.Argument(help="Planmappen navnene hentes fra.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Skriv forslaget til denne filen (f.eks. PLAN/units.yaml) i stedet for til standard ut.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv over filen hvis den finnes.")] = False,
    lang: LangOption = None,
) -> None:
    """Foreslå et enhetsregister ut fra ansvarlig-navnene planen bruker, med nesten like navn samlet som alias.

    Avslutningskode: 0 foreslått, 1 planen har feil, 2 planen finnes ikke eller filen kan ikke skrives.
    """
    from rusplan import units as register
    from rusplan.messages import Msg
    from rusplan.render import write_output
    from rusplan.writeplan import dump

    lang = lang or ""
    loaded = _one_valid_plan(plan, lang)
    proposal = register.suggest(loaded.plan)
    text = dump(register.register_data(proposal), Msg.of("units_header", plan=loaded.id).text(lang))
    if output is None:
        _write(text)
        return
    try:
        write_output(output, text, force=force)
    except FileExistsError:
        _console(stderr=True).print(Msg.of("render_output_exists", path=str(output)).text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as problem:
        reason = _os_reason(problem)
        _console(stderr=True).print(Msg.of("render_write_failed", path=str(output), reason=reason).text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    _console().print(Msg.of("units_written", path=str(output), count=len(proposal)).text(lang), markup=False, soft_wrap=True)


@app.command()
def renumber(
    plan: Annotated[Path, typer.Argument(help="Planmappen som skal nummereres om.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis bare hva som ville blitt endret; skriv ingenting.")] = False,
    lang: LangOption = None,
) -> None:
    """Nummerer tiltakene om i planens rekkefølge (id-ene endres ikke), og behold kommentarer og oppsett i filene.

    Avslutningskode: 0 nummerert om (eller ingenting å endre), 1 planen har feil, 2 planen finnes ikke eller filene kan ikke skrives.
    """
    from rusplan import renumber as renumbering
    from rusplan.messages import Msg

    lang = lang or ""
    loaded = _one_valid_plan(plan, lang)
    console = _console()
    changes = renumbering.plan_changes(loaded.plan)
    if not changes:
        console.print(Msg.of("renumber_nothing", id=loaded.id).text(lang), markup=False, soft_wrap=True)
        return
    for change in changes:
        console.print(Msg.of("renumber_change", file=change.doc, id=change.measure_id, old=change.old, new=change.new).text(lang), markup=False, soft_wrap=True)
    if dry_run:
        console.print(Msg.of("renumber_dry_run", count=len(changes)).text(lang), markup=False, soft_wrap=True)
        return
    try:
        written = renumbering.apply(loaded.folder, changes)
    except OSError as problem:
        _console(stderr=True).print(Msg.of("write_failed", reason=_os_reason(problem)).text(lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(Msg.of("renumber_written", count=len(changes), files=len(written)).text(lang), markup=False, soft_wrap=True)

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


class ShowFormat(StrEnum):
    json = "json"
    yaml = "yaml"




def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="STI", help="Planmapper, eller mapper med planmapper (standard: plans, eller planmappen du står i).", show_default=False),
    ] = None,
    format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="human, json, github, sarif (kodeskanning), gitlab (code quality) eller auto (github i GitHub Actions, ellers human)."),
    ] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Avslutt med kode 1 også ved advarsler.")] = False,
    lang: LangOption = None,
) -> None:
    """Kontroller planmapper: skjema, henvisninger og fagregler.

    Avslutningskode: 0 ingen feil, 1 feil (eller advarsler med --strict), 2 sti eller fil kan ikke brukes.
    """
    from rusplan import reporters
    from rusplan.load import default_paths
    from rusplan.validate import validate as run

    result = run(paths or default_paths())
    chosen = reporters.resolve_format(format.value)
    if chosen == "json":
        sys.stdout.write(reporters.to_json(result.findings, lang or ""))
    elif chosen == "github":
        sys.stdout.write(reporters.to_github(result.findings, lang or ""))
        sys.stdout.write(reporters.summary(result.findings, len(result.plans), lang or "") + "\n")
    elif chosen == "sarif":
        sys.stdout.write(reporters.to_sarif(result.findings, lang or ""))
    elif chosen == "gitlab":
        sys.stdout.write(reporters.to_gitlab(result.findings, lang or ""))
    else:
        reporters.print_human(result.findings, len(result.plans), lang or "", _console())
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
    sys.stdout.write(to_json(data) if format is ShowFormat.json else to_yaml(data))


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
        err.print(reporters.safe(msg.text(lang)), markup=False, soft_wrap=True)
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
        if not dry_run:
            findings = write_plan(files, target, forward.plan.id, predecessor=loaded)
    except (RollForwardError, TargetError) as problem:
        fail(2, problem.msg)
    except DraftInvalid as problem:
        reporters.print_human(problem.findings, 1, lang, err)
        fail(1, Msg.of("draft_invalid"))
    except OSError as problem:
        fail(2, Msg.of("write_failed", reason=problem.strerror or str(problem)))
    if dry_run:
        for name, text in files.items():
            sys.stdout.write(f"# ==> {target / name} <==\n{text}\n")
    _print_roll_forward(forward, target, findings, dry_run, lang)


def _print_roll_forward(forward, target: Path, findings: list, dry_run: bool, lang: str) -> None:
    """The summary: carried / not carried / to review by focus area, what was left out, and what to do next."""
    from rich.markup import escape
    from rich.table import Table

    from rusplan.messages import pick
    from rusplan.reporters import safe

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

    try:
        old, new = sides(args or [], git)
        broken = [loaded for loaded in (*old.plans, *new.plans) if loaded.plan is None]
        if broken:
            findings = [f for loaded in broken for f in loaded.findings]
            errors = [f for f in findings if f.severity.value == "error"]
            reporters.print_human(errors or findings, len(broken), lang or "", _console(stderr=True))
            raise typer.Exit(2)
        diffs = compare_sets(old.by_name(), new.by_name(), pair_lone=git is None)
    except (SourceError, DiffError) as error:
        _console(stderr=True).print(error.text(lang or ""), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if format is DiffFormat.human:
        diffreport.print_human(diffs, old, new, lang or "", _console())
    else:
        sys.stdout.write(diffreport.render(diffs, old, new, format.value, lang or ""))
    raise typer.Exit(exit_code(diffs))


class RenderReport(StrEnum):
    plan = "plan"
    status = "status"
    revision = "revision"


class RenderFormat(StrEnum):
    md = "md"
    html = "html"


@app.command()
def render(
    plan: Annotated[Path, typer.Argument(help="Planmappen rapporten lages fra.")],
    report: Annotated[
        RenderReport, typer.Option("--report", "-r", help="plan (planen selv), status (årsrapport) eller revision (sammenlignet med forrige plan).")
    ] = RenderReport.plan,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="ÅR", help="Året årsrapporten gjelder (standard: siste år med statusrapport).", show_default=False),
    ] = None,
    format: Annotated[
        RenderFormat | None,
        typer.Option("--format", "-f", help="md (Markdown for GitHub) eller html (én selvstendig fil); standard: etter endelsen på -o, ellers md.", show_default=False),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FIL", help="Skriv til denne filen i stedet for til standard ut.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overskriv filen i -o om den finnes.")] = False,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", metavar="MAPPE", help="Mappe med maler som overstyrer de innebygde, navn for navn (se docs/templates.md).", show_default=False),
    ] = None,
    generated: Annotated[
        str | None,
        typer.Option("--generated", metavar="DATO", help="Dato (ÅÅÅÅ-MM-DD) som skrives i rapporten som laget-dato.", show_default=False),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Lag et dokument av planen: planen selv, årsrapport eller revisjonsrapport, som Markdown eller HTML.

    Avslutningskode: 0 laget, 1 planen har feil, 2 rapporten kan ikke lages slik det er bedt om.
    """
    import datetime as dt

    from rusplan import formats, reporters
    from rusplan import render as renderer
    from rusplan.messages import Msg
    from rusplan.validate import validate as run

    lang = lang or ""

    def usage(msg: Msg | renderer.RenderProblem) -> None:
        typer.echo(f"rusplan render: {msg.text(lang)}", err=True)
        raise typer.Exit(2)

    if year is not None and report is not RenderReport.status:
        usage(Msg.of("render_year_not_status"))
    try:
        chosen = formats.choose(output, format.value if format else None, formats.RENDER_EXTENSIONS, "md")
    except formats.FormatProblem as problem:
        usage(problem.msg)
    if templates is not None and not templates.is_dir():
        usage(Msg.of("render_templates_missing", path=str(templates)))
    day = None
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
    try:
        context = renderer.build_context(loaded.folder, loaded.plan, report.value, year, day)
        text = renderer.render(report.value, chosen, context, templates)
    except renderer.RenderProblem as problem:
        usage(problem)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        renderer.write_output(output, text, force)
    except FileExistsError:
        usage(Msg.of("render_output_exists", path=str(output)))
    except OSError as error:
        usage(Msg.of("render_write_failed", path=str(output), reason=error.strerror or str(error)))


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
    try:
        changed = schemas.write(output)
    except OSError as problem:
        reason = problem.strerror or problem
        err.print(pick((f"Kan ikke skrive til {output}: {reason}.", f"Cannot write to {output}: {reason}."), lang), markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for path in changed:
        console.print(pick((f"Skrev {path}", f"Wrote {path}"), lang), markup=False, soft_wrap=True)
    if not changed:
        console.print(pick((f"Skjemaene i {output} var allerede oppdatert.", f"The schemas in {output} were already up to date."), lang), markup=False, soft_wrap=True)


@app.command()
def init(
    target: Annotated[Path, typer.Argument(metavar="MAPPE", help="Den nye planmappen, f.eks. plans/molde-2028-2032. Mappenavnet blir planens id.", show_default=False)],
    municipality: Annotated[str | None, typer.Option("--municipality", "-m", help="Kommunens navn (standard: fra mappenavnet).", show_default=False)] = None,
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

    try:
        name = value(municipality, ("Kommune", "Municipality"), proposed.municipality)
        number = value(municipality_number, ("Kommunenummer (fire sifre, kan stå tomt)", "Municipality number (four digits, may be empty)"), None)
        first = value(start, ("Første år i planperioden", "First year of the plan period"), proposed.start, int)
        last = value(end, ("Siste år i planperioden", "Last year of the plan period"), proposed.end if first == proposed.start else first + 3, int)
        heading = value(title, ("Tittel", "Title"), scaffold.default_title(name, first, last))
        previous = value(predecessor, ("Forrige plan (id, kan stå tomt)", "Previous plan (id, may be empty)"), proposed.predecessor)
        if focus_area:
            areas = tuple(focus_area)
        elif ask:
            answer = typer.prompt(pick(("Fokusområder, skilt med komma", "Focus areas, separated by commas"), lang), default=", ".join(proposed.focus_areas))
            areas = tuple(a.strip() for a in answer.split(",") if a.strip())
        else:
            areas = proposed.focus_areas
        new = dataclasses.replace(
            proposed, municipality=name.strip(), municipality_number=(number or "").strip() or None, start=first, end=last,
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
        reason = problem.strerror or problem
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
) -> None:
    """Skriv tiltakstabellen som regneark: fokusområde, mål, nummer, tiltak, ansvarlig, kostnad, frist og siste status med merknad.

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
    data = exporter.export(loaded.plan, chosen, lang, delimiter)
    if str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = output or Path(f"{loaded.id}-tiltak.{chosen}")
    try:
        exporter.write(data, target, force)
    except FileExistsError:
        fail(2, Msg.of("export_output_exists", path=str(target)))
    except OSError as problem:
        fail(2, f"Kan ikke skrive {target}: {problem.strerror or problem}.", f"Cannot write {target}: {problem.strerror or problem}.")
    count = sum(1 for _ in loaded.plan.measures())
    _console().print(pick((f"Skrev {target} ({count} tiltak).", f"Wrote {target} ({count} measures)."), lang), markup=False, soft_wrap=True)


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
        err.print(reporters.safe(msg.text(lang)), markup=False, soft_wrap=True)
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
    _console().print(reporters.safe(written.text(lang)), markup=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: help and usage errors in the reader's language, and a bug in rusplan ends
    with a short note, not a traceback (RUSPLAN_DEBUG=1 shows it)."""
    import os

    from rusplan import usage
    from rusplan.messages import Msg, language

    args = list(sys.argv[1:] if argv is None else argv)
    lang = language(usage.language_of(args))
    root = typer.main.get_command(app)
    if not args or usage.wants_help(args):
        command, path, _ = usage.walk(root, args)
        sys.stdout.write(usage.help_text(command, path, lang))
        raise SystemExit(0)
    try:
        code = app(args=args, standalone_mode=False, prog_name="rusplan")
    except typer.Exit as done:
        code = done.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        sys.stderr.write(Msg.of("usage.aborted").text(lang) + "\n")
        raise SystemExit(1) from None
    except Exception as exc:  # noqa: BLE001 - last line of defence for the user
        if usage.is_usage_error(exc):
            sys.stderr.write(usage.explain(exc, root, args, lang) + "\n")
            raise SystemExit(2) from None
        if os.environ.get("RUSPLAN_DEBUG"):
            raise
        sys.stderr.write(Msg.of("usage.internal", kind=type(exc).__name__).text(lang) + "\n")
        raise SystemExit(2) from None
    raise SystemExit(code or 0)

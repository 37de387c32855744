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


class ValidateFormat(StrEnum):
    auto = "auto"
    human = "human"
    json = "json"
    github = "github"


class ShowFormat(StrEnum):
    json = "json"
    yaml = "yaml"


LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Språk for meldinger: nb (standard) eller en. Kan også settes med RUSPLAN_LANG.", show_default=False),
]


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Planmapper, eller mapper med planmapper (standard: plans).", show_default=False)] = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="human, json, github eller auto (github i GitHub Actions, ellers human).")
    ] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Avslutt med kode 1 også ved advarsler.")] = False,
    lang: LangOption = None,
) -> None:
    """Kontroller planmapper: skjema, henvisninger og fagregler.

    Avslutningskode: 0 ingen feil, 1 feil (eller advarsler med --strict), 2 sti eller fil kan ikke brukes.
    """
    from rusplan import reporters
    from rusplan.validate import validate as run

    result = run(paths or [Path("plans")])
    chosen = reporters.resolve_format(format.value)
    if chosen == "json":
        sys.stdout.write(reporters.to_json(result.findings, lang or ""))
    elif chosen == "github":
        sys.stdout.write(reporters.to_github(result.findings, lang or ""))
        sys.stdout.write(reporters.summary(result.findings, len(result.plans), lang or "") + "\n")
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


def main() -> None:
    """Entry point: a bug in rusplan ends with a short Norwegian note, not a traceback (RUSPLAN_DEBUG=1 shows it)."""
    import os

    try:
        app()
    except Exception as exc:  # noqa: BLE001 - last line of defence for the user
        if os.environ.get("RUSPLAN_DEBUG"):
            raise
        sys.stderr.write(
            f"rusplan: intern feil ({type(exc).__name__}: {exc}). Dette er en feil i rusplan, ikke i planen din. "
            "Kjør på nytt med RUSPLAN_DEBUG=1 og send utskriften til dem som drifter rusplan.\n"
        )
        raise SystemExit(2) from None

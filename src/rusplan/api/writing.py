"""Use cases that write plan files: roll forward, init, renumber, suggest a units register."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.api._base import UseCaseError, one_plan, repository_schemas, write_failed
from rusplan.messages import Msg

DRAFT_AT_LIMITS = ("RP006", "RP007", "RP009")  # the old plan was near a size limit the draft crosses


@dataclass
class RolledForward:
    """The draft (rollforward.RollForward), where it goes, its files, and what validating the written draft found."""

    forward: Any
    target: Path
    files: dict[str, str]
    findings: list[Any] = field(default_factory=list)
    written: bool = False


def roll_forward(path: Path, to: str, *, new_id: str | None = None, out: Path | None = None, carry: Iterable[str] = (),
                 dry_run: bool = False, force: bool = False) -> RolledForward:
    """Start the plan for period `to` from the plan at `path`: unfinished measures carried, the evaluation
    prefilled, written to `out` (default: beside the old plan, named by the new id) unless `dry_run`.
    Never writes over an existing folder, whatever `force` says. UseCaseError: 1 the old plan (or the
    written draft) has errors, 2 a usage problem (the target exists, a bad --to …)."""
    from rusplan import planfiles
    from rusplan.rollforward import RollForwardError, parse_period
    from rusplan.rollforward import roll_forward as draft
    from rusplan.writeplan import DraftInvalid, TargetError, check_target, render, write_plan

    found = one_plan(path, refusal="rollforward_refused")
    try:
        forward = draft(found.plan, parse_period(to), new_id=new_id, carry=tuple(carry))
        target = out if out is not None else path.parent / forward.plan.id
        check_target(target, forward.plan.id, force=force)
        files = render(forward, repository_schemas(target))
        for name, text in files.items():  # a plan near the size limit can give a draft over it: say so, write nothing
            size = len(text.encode("utf-8"))
            if size > planfiles.MAX_BYTES:
                raise UseCaseError(2, Msg.of("draft_too_large", file=name, mb=round(size / 1024 / 1024, 1), max_mb=planfiles.MAX_BYTES // 1024 // 1024))
        findings = [] if dry_run else write_plan(files, target, forward.plan.id, predecessor=found.loaded)
    except (RollForwardError, TargetError) as problem:
        raise UseCaseError(2, problem.msg) from None
    except DraftInvalid as problem:
        at_limits = all(f.code in DRAFT_AT_LIMITS for f in problem.findings)
        raise UseCaseError(2 if at_limits else 1, Msg.of("draft_over_limits" if at_limits else "draft_invalid"), findings=problem.findings, checked=1) from None
    except OSError as problem:
        from rusplan.planfiles import os_reason

        raise UseCaseError(2, Msg.of("write_failed", reason=os_reason(problem))) from None
    return RolledForward(forward, target, files, findings, written=not dry_run)


def init_proposal(target: Path, lang: str = ""):
    """What `rusplan init` proposes for a folder name (scaffold.NewPlan): municipality, period, predecessor;
    title and first focus area in the plan's language (nynorsk for `lang` nn, else bokmål)."""
    from rusplan import scaffold

    return scaffold.defaults(target, lang=lang)


def init(target: Path, new, schemas: str | None = None, lang: str = "") -> list[Path]:
    """Create the plan folder `target` for `new` (scaffold.NewPlan); `schemas` is the schema folder seen
    from it for the `$schema` lines (None: ./schemas when it is there, "": none). The files' comments are
    in `lang` (default: RUSPLAN_LANG, else bokmål); for nynorsk the plan says `language: nn`. Never writes
    over anything. Returns the files written; UseCaseError 2 when a value is refused or the folder cannot be made."""
    from rusplan import scaffold
    from rusplan.planfiles import os_reason

    if schemas is None:
        schemas = repository_schemas(target) or ""
    try:
        return scaffold.create(target, new, schemas or None, lang)
    except scaffold.ScaffoldError as problem:
        raise UseCaseError(2, problem.msg) from None
    except OSError as problem:
        raise UseCaseError(2, Msg.of("cli.init.failed", path=str(target), reason=os_reason(problem))) from None


@dataclass
class Renumbered:
    id: str
    changes: list[Any]  # renumber.NumberChange
    written: list[Path] = field(default_factory=list)


def renumber(path: Path, *, dry_run: bool = False) -> Renumbered:
    """Number the measures again in plan order (ids stay), keeping comments and layout; with `dry_run`, only say what would change."""
    from rusplan import renumber as renumbering

    found = one_plan(path)
    changes = renumbering.plan_changes(found.plan)
    if dry_run or not changes:
        return Renumbered(found.id, changes)
    try:
        return Renumbered(found.id, changes, renumbering.apply(found.folder, changes))
    except OSError as problem:
        from rusplan.planfiles import os_reason

        raise UseCaseError(2, Msg.of("write_failed", reason=os_reason(problem))) from None


@dataclass
class UnitsProposal:
    text: str  # units.yaml as proposed
    units: int
    written: Path | None = None


def units_suggest(path: Path, output: Path | None = None, *, force: bool = False, lang: str = "") -> UnitsProposal:
    """A units register (units.yaml) from the responsible names the plan uses, near-identical names
    gathered as aliases; written to `output` when given (never over a file without `force`)."""
    from rusplan import units as register
    from rusplan.render import write_output
    from rusplan.writeplan import dump

    found = one_plan(path)
    proposal = register.suggest(found.plan)
    text = dump(register.register_data(proposal), Msg.of("units_header", plan=found.id).text(lang))
    if output is None:
        return UnitsProposal(text, len(proposal))
    try:
        write_output(output, text, force=force)
    except FileExistsError:
        raise UseCaseError(2, Msg.of("render_output_exists", path=str(output))) from None
    except OSError as problem:
        raise write_failed(output, problem) from None
    return UnitsProposal(text, len(proposal), output)

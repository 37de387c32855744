"""Use cases that read plans and say what they find: validate, show, diff, schema, calendar, site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.api._base import UseCaseError, errors_in, one_plan, valid_plans
from rusplan.messages import Msg


def validate(paths: Sequence[Path] | None = None, jobs: int | None = None):
    """Check the plans under `paths` (default: the plan folder you stand in, else plans/); a validate.Result."""
    from rusplan.planfiles import default_paths
    from rusplan.validate import default_jobs
    from rusplan.validate import validate as check

    return check(list(paths or default_paths()), keep=False, jobs=jobs or default_jobs())


def show(path: Path, format: str = "json") -> str:
    """The plan normalised as other tools read it (docs/json.md), as JSON or YAML. A plan that
    cannot be read is a usage problem here (exit 2): there is nothing to show."""
    from rusplan.show import plan_to_data, to_json, to_yaml

    try:
        found = one_plan(path, allow_errors=True)
    except UseCaseError as stop:
        raise stop.reworded(stop.msg, code=2) from None
    data = plan_to_data(found.plan)
    return to_json(data) if format == "json" else to_yaml(data)


@dataclass
class Compared:
    """Two sides of `rusplan diff` and what changed between them."""

    old: Any  # gitrev.Side
    new: Any
    diffs: list[Any]

    @property
    def exit_code(self) -> int:
        """As diff(1): 0 no differences, 1 differences."""
        from rusplan.diff import exit_code

        return exit_code(self.diffs)


def diff(args: Sequence[str], git: str | None = None) -> Compared:
    """Compare two plans (folders or REV:PATH), or with `git` every plan under the paths between
    BASE and the working tree. UseCaseError 2 when a side cannot be read or compared."""
    from rusplan.diff import DiffError, compare_sets
    from rusplan.gitrev import SourceError, sides
    from rusplan.planfiles import without_cyclic_gc

    try:
        with without_cyclic_gc():  # many plan objects, no cycles: see planfiles.without_cyclic_gc
            old, new = sides(list(args), git)
        broken = [loaded for loaded in (*old.plans, *new.plans) if loaded.plan is None]
        if broken:
            findings = [f for loaded in broken for f in loaded.findings]
            raise UseCaseError(2, findings=errors_in(findings) or findings, checked=len(broken))
        with without_cyclic_gc():
            diffs = compare_sets(old.by_name(), new.by_name(), pair_lone=git is None, identical=dict(new.identical))
    except (SourceError, DiffError) as error:
        raise UseCaseError(2, error.msg) from None
    return Compared(old, new, diffs)


@dataclass
class SchemaResult:
    folder: Path
    changed: list[Path] = field(default_factory=list)


def schema(folder: Path = Path("schemas"), *, check: bool = False) -> SchemaResult:
    """Write the JSON Schemas to `folder` (only those that changed), or with `check` write nothing and
    stop with 1 when they differ from this version of rusplan. UseCaseError 2 when it cannot write."""
    from rusplan import schema as schemas
    from rusplan.atomic import Refused
    from rusplan.planfiles import os_reason

    if check:
        stale = schemas.stale(folder)
        if stale:
            raise UseCaseError(1, Msg.of("cli.schema.stale", path=str(folder), files=", ".join(stale)))
        return SchemaResult(folder)
    try:
        return SchemaResult(folder, list(schemas.write(folder)))
    except OSError as problem:
        reason = problem.msg if isinstance(problem, Refused) else os_reason(problem)
        raise UseCaseError(2, Msg.of("cli.schema.write_failed", path=str(folder), reason=reason)) from None


@dataclass
class CalendarResult:
    data: bytes | None = None  # the calendar itself, when no file was asked for
    path: Path | None = None
    events: int = 0


def calendar(paths: Sequence[Path], output: Path | None = None, *, force: bool = False, lang: str = "") -> CalendarResult:
    """The plans' dates as iCalendar: to `output` (never over a file without `force`), or as bytes."""
    from rusplan import calendar_ics
    from rusplan.statusround import TargetExists
    from rusplan.validate import validate as check

    plans = valid_plans(check(list(paths)))
    if output is None:
        return CalendarResult(data=calendar_ics.calendar(plans, lang))
    try:
        count = calendar_ics.write_calendar(plans, output, force=force, lang=lang)
    except TargetExists:
        raise UseCaseError(2, Msg.of("round_output_exists", path=str(output))) from None
    except OSError as problem:
        from rusplan.api._base import write_failed

        raise write_failed(output, problem, "round_write_failed") from None
    return CalendarResult(path=output, events=count)


@dataclass
class SiteResult:
    published: Any  # site.Published
    plans: int


def site(paths: Sequence[Path] | None, output: Path, lang: str | None = None) -> SiteResult:
    """The static site of the plans under `paths`, written to `output` (only changed pages rewritten), in `lang`
    (else RUSPLAN_LANG, else the plans' own language when they agree)."""
    from rusplan import site as builder
    from rusplan.planfiles import default_paths, is_plan_dir

    target = output.resolve()
    if any(is_plan_dir(folder) for folder in (target, *target.parents)):
        raise UseCaseError(2, Msg.of("site_output_is_plan", path=str(output)))
    plans, result = builder.site_plans(list(paths or default_paths()))
    errors = errors_in(result.findings)
    if result.usage_problem:
        raise UseCaseError(2, findings=errors)
    if errors or len(plans) != len(result.plans):
        raise UseCaseError(1, Msg.of("site_plan_errors"), findings=errors, checked=len(result.plans))
    try:
        published = builder.build(plans, output, lang or None)
    except builder.SiteProblem as problem:
        raise UseCaseError(2, Msg.of("site_write_failed", path=str(problem.path), reason=problem.reason)) from None
    return SiteResult(published, len(plans))

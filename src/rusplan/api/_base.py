"""What every use case shares: the error that stops one, and «the one plan at this path, with its neighbours»."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.messages import DEFAULT, Msg, WordedError


class UseCaseError(WordedError):
    """A use case that cannot go on. The caller shows `findings` (with `checked` plans in their
    summary) and `details` first, then the message, and exits with `code` (1 the plan has errors,
    2 a usage problem). `msg` is None when the findings say it all."""

    def __init__(self, code: int, msg: Any = None, *, findings: Sequence[Any] = (), checked: int = 0, details: Sequence[Any] = ()) -> None:
        Exception.__init__(self, msg.text(DEFAULT) if msg is not None else "")
        self.msg = msg  # a Msg, or a core problem with text(lang)
        self.code = code
        self.findings = list(findings)
        self.checked = checked
        self.details = list(details)

    def text(self, lang: str = DEFAULT) -> str:
        return self.msg.text(lang) if self.msg is not None else ""

    def reworded(self, msg: Any, code: int | None = None) -> UseCaseError:
        """The same stop said the way one use case says it."""
        return UseCaseError(self.code if code is None else code, msg, findings=self.findings, checked=self.checked, details=self.details)


@dataclass
class OnePlan:
    """The one plan a command works on, free of errors (unless allowed), with the plans read beside it."""

    loaded: Any  # planfolder.LoadedPlan
    findings: list[Any] = field(default_factory=list)
    neighbours: dict[str, Any] = field(default_factory=dict)

    @property
    def plan(self):
        return self.loaded.plan

    @property
    def folder(self) -> Path:
        return self.loaded.folder

    @property
    def id(self) -> str:
        return self.loaded.id

    def predecessor(self):
        """The plan this one revises, when it was read beside it without errors."""
        neighbour = self.neighbours.get(self.plan.meta.predecessor or "")
        return neighbour.plan if neighbour else None


def errors_in(findings: Sequence[Any]) -> list[Any]:
    return [f for f in findings if f.severity.value == "error"]


def one_plan(path: Path, year: int | None = None, *, allow_errors: bool = False, refusal: str = "round_plan_errors") -> OnePlan:
    """Validate `path`, then insist on exactly one plan: free of errors (unless `allow_errors`, when
    it need only load) and with `year` in its period when a year is given. Raises UseCaseError:
    2 when `path` is not one plan folder or the year is outside the period, 1 when the plan has errors
    (said after them with the message `refusal`, which names the plan's `id`)."""
    from rusplan.validate import validate

    result = validate([path])
    if result.usage_problem:
        raise UseCaseError(2, findings=[f for f in result.findings if f.code == "RP011"])
    if len(result.plans) != 1:
        raise UseCaseError(2, Msg.of("format_not_single", path=str(path), count=len(result.plans)))
    loaded = next(iter(result.plans.values()))
    errors = errors_in(result.findings)
    if loaded.plan is None or (errors and not allow_errors):
        raise UseCaseError(1, Msg.of(refusal, id=loaded.id), findings=errors or result.findings, checked=1)
    if year is not None:
        from rusplan.statusround import year_problem

        if problem := year_problem(loaded.plan, year):
            raise UseCaseError(2, problem)
    return OnePlan(loaded, result.findings, result.neighbours)


def valid_plans(result) -> list[Any]:
    """Every plan of a validation of several paths, when none has errors; else UseCaseError (2 a path, 1 errors)."""
    errors = errors_in(result.findings)
    if result.usage_problem:
        raise UseCaseError(2, findings=errors)
    if errors or any(loaded.plan is None for loaded in result.plans.values()):
        raise UseCaseError(1, findings=errors, checked=len(result.plans))
    return [loaded.plan for loaded in result.plans.values()]


def repository_schemas(folder: Path) -> str | None:
    """The schema folder as seen from `folder`, for the `$schema` line of the files written there: only
    when there is a ./schemas folder (rusplan schema writes it) and `folder` lies in this repository."""
    from rusplan.schema import schemas_relative

    schemas_dir = Path("schemas")
    if schemas_dir.is_dir() and folder.resolve().is_relative_to(Path.cwd().resolve()):
        return schemas_relative(folder, schemas_dir)
    return None


def write_failed(path: Path | str, problem: OSError, key: str = "render_write_failed") -> UseCaseError:
    """An OSError while writing `path`, worded (the operating system's own words are English)."""
    from rusplan.atomic import Refused
    from rusplan.planfiles import os_reason

    reason = problem.msg if isinstance(problem, Refused) else os_reason(problem)
    return UseCaseError(2, Msg.of(key, path=str(path), reason=reason))

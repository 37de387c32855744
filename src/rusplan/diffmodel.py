"""What a diff says, as plain data: frozen `Change` records, the `Summary` line and the `PlanDiff` that holds them.

Nothing here compares anything (`diffwalk` does) or words anything (`diffreport` does).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rusplan.history import PriorOutcome


class ChangeKind(StrEnum):
    added = "added"
    removed = "removed"
    changed = "changed"
    moved = "moved"
    renumbered = "renumbered"
    status = "status"
    carried = "carried"  # revision view only: a measure continued from the predecessor


class Target(StrEnum):
    """What a change is about."""

    plan = "plan"
    focus_area = "focus_area"
    goal = "goal"
    measure = "measure"
    status = "status"  # one measure's item in one year's status report
    status_report = "status_report"  # a whole status/<year>.yaml
    evaluation = "evaluation"  # evaluation.yaml, or one item of it (path.measure: the predecessor's measure)
    indicator = "indicator"
    alcohol = "alcohol"


class Mode(StrEnum):
    plan = "plan"  # the same plan at two moments
    revision = "revision"  # a predecessor and the plan that revises it


@dataclass(frozen=True)
class ChangePath:
    """Where a change is: plan id, then the ids that locate it (new side when it exists)."""

    plan: str
    focus_area: str | None = None
    goal: str | None = None
    measure: str | None = None
    indicator: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Label:
    """How a person recognises the target: display number and title."""

    number: int | str | None
    title: str | None


@dataclass(frozen=True)
class Word:
    """One run of a word-level text diff: `equal`, `delete` or `insert`."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One difference. `old`/`new` are plain JSON values (str, number, bool, None, list, dict)."""

    kind: ChangeKind
    target: Target
    path: ChangePath
    label: Label | None = None
    field: str | None = None
    old: Any = dataclasses.field(default=None, hash=False)
    new: Any = dataclasses.field(default=None, hash=False)
    words: tuple[Word, ...] | None = None
    added: tuple[Any, ...] | None = dataclasses.field(default=None, hash=False)
    removed: tuple[Any, ...] | None = dataclasses.field(default=None, hash=False)
    outcome: PriorOutcome | None = None
    similar_to: str | None = None


@dataclass(frozen=True)
class Summary:
    """Counts for the summary line. Measures are counted once each for `changed`."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    renumbered: int = 0
    carried: int = 0
    status: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed + self.moved + self.renumbered + self.carried + self.status + self.other


@dataclass(frozen=True)
class PlanDiff:
    """The differences between two versions of one plan, or between a plan and its predecessor."""

    mode: Mode
    old_plan: str | None
    new_plan: str | None
    changes: tuple[Change, ...]
    summary: Summary
    labels: Mapping[str, Mapping[str, Label]] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def plan(self) -> str:
        return self.new_plan or self.old_plan or ""

    @property
    def differs(self) -> bool:
        return bool(self.changes)



def summarize(changes: Sequence[Change]) -> Summary:
    counts: Counter[str] = Counter()
    changed: set[str] = set()
    for change in changes:
        if change.kind is ChangeKind.status:
            counts["status"] += 1
        elif change.target is Target.measure and change.kind is ChangeKind.changed:
            changed.add(change.path.measure or "")
        elif change.target is Target.measure:
            counts[change.kind.value] += 1
        else:
            counts["other"] += 1
    return Summary(
        added=counts["added"],
        removed=counts["removed"],
        changed=len(changed),
        moved=counts["moved"],
        renumbered=counts["renumbered"],
        carried=counts["carried"],
        status=counts["status"],
        other=counts["other"],
    )


def iter_groups(diff: PlanDiff) -> Iterator[tuple[str, list[Change]]]:
    """Consecutive changes that belong to the same section, as (section, changes).

    Sections: "plan", "area:<id>", "status", "evaluation", "indicators", "alcohol".
    """
    current: str | None = None
    batch: list[Change] = []
    for change in diff.changes:
        section = _section(change)
        if section != current and batch:
            yield current or "", batch
            batch = []
        current = section
        batch.append(change)
    if batch:
        yield current or "", batch


def _section(change: Change) -> str:
    if change.target in (Target.focus_area, Target.goal, Target.measure) or (change.target is Target.status and change.path.focus_area):
        return f"area:{change.path.focus_area}"
    return {
        Target.plan: "plan",
        Target.status: "status",
        Target.status_report: "status",
        Target.evaluation: "evaluation",
        Target.indicator: "indicators",
        Target.alcohol: "alcohol",
    }[change.target]

"""Compare plans as plans: what is new, what was dropped, what changed, and how.

Focus areas, goals and measures are matched by their stable ids, never by
position or display number, so renumbering is renumbering and a measure that
changes goal is a move. A plan and its predecessor are a different question
(their ids are unrelated): there measures are matched through `carried_from`,
and the answer is the revision view: carried over, dropped, new.

Everything here is plain data: a list of frozen `Change` records in the order
the plan is read (metadata, then focus area by focus area and goal by goal,
then status reports, evaluation, indicators and alcohol), and a `Summary`.
Wording and printing happen in `rusplan.diffreport`.

This module is the entry point and checks that two plans can be compared (ids
that are unique); the parts live beside it: `diffmodel` (the change records),
`diffwalk` (the one matcher that walks both plans), `diffvalues` (how a field
changed) and `worddiff` (how a text changed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rusplan.diffmodel import Change, ChangeKind, ChangePath, Label, Mode, PlanDiff, PriorOutcome, Summary, Target, Word, iter_groups
from rusplan.diffvalues import EMPTY, FLATTEN, field_delta
from rusplan.diffwalk import Index, Walk, labels
from rusplan.messages import Msg, WordedError
from rusplan.model import Plan
from rusplan.worddiff import ANCHOR_ROUNDS, EXACT_CELLS, PARAGRAPH, word_diff

__all__ = [
    "ANCHOR_ROUNDS", "EMPTY", "EXACT_CELLS", "FLATTEN", "PARAGRAPH",
    "Change", "ChangeKind", "ChangePath", "DiffError", "Label", "Mode", "PlanDiff", "PriorOutcome", "Summary", "Target", "Word",
    "compare", "compare_sets", "diff_plans", "diff_revision", "exit_code", "field_delta", "is_revision", "iter_groups", "word_diff",
]  # fmt: skip


class DiffError(WordedError):
    """The plans cannot be compared (ids that are not unique); `msg` says why and what to do."""


# --- public entry points ---------------------------------------------------------


def is_revision(old: Plan, new: Plan) -> bool:
    """`new` revises `old`: its plan.yaml names `old` as predecessor."""
    return old.id != new.id and new.meta.predecessor == old.id


def compare(old: Plan | None, new: Plan | None) -> PlanDiff:
    """The diff of two plans: added/removed plan, the revision view, or the same plan at two moments."""
    if old is None and new is None:
        raise ValueError("compare needs at least one plan")
    if old is None or new is None:
        return _whole_plan(old, new)
    if is_revision(old, new):
        return diff_revision(old, new)
    return diff_plans(old, new)


def compare_sets(
    old: Mapping[str, Plan], new: Mapping[str, Plan], *, pair_lone: bool = False, identical: Mapping[str, str] | None = None
) -> list[PlanDiff]:
    """Plans paired by folder name, in name order. With `pair_lone`, one plan on each side is
    compared with the other whatever their names (a predecessor pair, a renamed plan).
    `identical` names plans (folder name: plan id) known unchanged without reading them."""
    if pair_lone and len(old) == 1 and len(new) == 1 and not identical:
        return [compare(next(iter(old.values())), next(iter(new.values())))]
    same = identical or {}
    return [
        PlanDiff(Mode.plan, same[name], same[name], (), Summary()) if name in same else compare(old.get(name), new.get(name))
        for name in sorted(set(old) | set(new) | set(same))
    ]


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """The same plan at two moments: everything matched by id."""
    return _walk(old, new, Mode.plan)


def diff_revision(old: Plan, new: Plan) -> PlanDiff:
    """A predecessor and its successor: measures matched through `carried_from`."""
    return _walk(old, new, Mode.revision)


def exit_code(diffs: Sequence[PlanDiff]) -> int:
    """Like diff(1): 0 no differences, 1 differences."""
    return 1 if any(d.differs for d in diffs) else 0



# --- indexes: ids that are unique, or no comparison -------------------------------------


def _walk(old: Plan, new: Plan, mode: Mode) -> PlanDiff:
    old_index, new_index = _index(old), _index(new)
    if mode is Mode.plan:  # status and evaluation items are matched by measure: each once
        for year, report in sorted(new.status_reports.items()):
            if year in old.status_reports:
                old_index.status_items[year] = _items_by(old.status_reports[year].measures, old, f"status/{year}.yaml")
            new_index.status_items[year] = _items_by(report.measures, new, f"status/{year}.yaml")
        if old.evaluation is not None and new.evaluation is not None:
            old_index.evaluation_items = _items_by(old.evaluation.items, old, "evaluation.yaml")
            new_index.evaluation_items = _items_by(new.evaluation.items, new, "evaluation.yaml")
    return Walk(old_index, new_index, mode).run()


def _index(plan: Plan) -> Index:
    """Where every id sits in one plan."""
    index = Index(plan, {}, {}, {}, {})
    for area in plan.focus_areas:
        _unique(index.areas, area.id, area, plan, "focus_area")
        for goal in area.goals:
            _unique(index.goals, goal.id, (area, goal), plan, "goal")
            for measure in goal.measures:
                _unique(index.measures, measure.id, (area, goal, measure), plan, "measure")
    for indicator in plan.indicators:
        _unique(index.indicators, indicator.id, indicator, plan, "indicator")
    return index


def _unique(table: dict[str, Any], key: str, value: Any, plan: Plan, kind: str) -> None:
    if key in table:
        raise DiffError(Msg.of(f"diff.id_not_unique.{kind}", id=key, plan=plan.id))
    table[key] = value


def _items_by(items: Sequence[Any], plan: Plan, where: str) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for item in items:
        if item.measure in table:
            raise DiffError(Msg.of("diff.item_twice", measure=item.measure, where=where, plan=plan.id))
        table[item.measure] = item
    return table


def _plan_overview(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "title": plan.meta.title,
        "period": plan.meta.period.model_dump(mode="json"),
        "state": plan.meta.state.value,
        "focus_areas": len(plan.focus_areas),
        "goals": sum(len(a.goals) for a in plan.focus_areas),
        "measures": sum(1 for _ in plan.measures()),
    }


def _whole_plan(old: Plan | None, new: Plan | None) -> PlanDiff:
    plan = new or old
    assert plan is not None
    kind = ChangeKind.added if new is not None else ChangeKind.removed
    overview = _plan_overview(plan)
    change = Change(
        kind,
        Target.plan,
        ChangePath(plan.id),
        Label(None, plan.meta.title),
        old=overview if kind is ChangeKind.removed else None,
        new=overview if kind is ChangeKind.added else None,
    )
    count = overview["measures"]
    summary = Summary(added=count) if kind is ChangeKind.added else Summary(removed=count)
    return PlanDiff(Mode.plan, old.id if old else None, new.id if new else None, (change,), summary, labels(plan))


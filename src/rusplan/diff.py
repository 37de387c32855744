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
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel

from rusplan.messages import Msg, WordedError
from rusplan.model import Evaluation, FocusArea, Goal, Indicator, Measure, Plan, PlanMeta, StatusItem, StatusReport, span_years


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
class PriorOutcome:
    """How a predecessor's measure ended: from the new plan's evaluation, else the old plan's last status report."""

    outcome: str
    source: str  # "evaluation" | "status"
    year: int | None = None
    comment: str | None = None
    continued: bool | None = None


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
    return _Differ(old, new, Mode.plan).run()


def diff_revision(old: Plan, new: Plan) -> PlanDiff:
    """A predecessor and its successor: measures matched through `carried_from`."""
    return _Differ(old, new, Mode.revision).run()


def exit_code(diffs: Sequence[PlanDiff]) -> int:
    """Like diff(1): 0 no differences, 1 differences."""
    return 1 if any(d.differs for d in diffs) else 0


# --- word-level text diff ------------------------------------------------------------

_TOKEN = re.compile(r"\n[ \t]*\n\s*|\S+")
PARAGRAPH = "\n\n"


def _tokens(text: str | None) -> list[str]:
    """Words and paragraph breaks; other whitespace (a re-folded line) is not a change."""
    return [PARAGRAPH if tok[0] == "\n" else tok for tok in _TOKEN.findall(text or "")]


def _join(tokens: Sequence[str]) -> str:
    return " ".join(tokens).replace(f" {PARAGRAPH} ", PARAGRAPH).replace(f"{PARAGRAPH} ", PARAGRAPH).replace(f" {PARAGRAPH}", PARAGRAPH)


# difflib's matcher is exact but far from linear on repetitive text (1 000 repeated words took
# 33 s), so it only ever sees a stretch whose two sides multiply to at most EXACT_CELLS words;
# longer stretches are split at words that occur once on each side (patience diff), and a
# stretch that still cannot be matched within ANCHOR_ROUNDS splits is shown as replaced whole.
EXACT_CELLS = 1_024
ANCHOR_ROUNDS = 4


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of words found exactly once in `a` and once in `b`, the longest run in the same order on both sides."""
    seen_a: Counter[str] = Counter(a)
    seen_b: Counter[str] = Counter(b)
    where_b = {word: j for j, word in enumerate(b) if seen_b[word] == 1}
    pairs = [(i, where_b[word]) for i, word in enumerate(a) if seen_a[word] == 1 and word in where_b]
    # longest increasing run of j (patience sorting, O(k log k)), kept with back links
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        spot = bisect.bisect_left(tails, j)
        if spot == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[spot] = j
            tail_at[spot] = index
        back[index] = tail_at[spot - 1] if spot else -1
    chain: list[tuple[int, int]] = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _opcodes(a: Sequence[str], b: Sequence[str], rounds: int = ANCHOR_ROUNDS) -> list[tuple[str, int, int, int, int]]:
    """(tag, i1, i2, j1, j2) like SequenceMatcher.get_opcodes, in time about linear in len(a) + len(b)."""
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    out: list[tuple[str, int, int, int, int]] = []
    if head:
        out.append(("equal", 0, head, 0, head))
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    if a_mid or b_mid:
        for tag, i1, i2, j1, j2 in _middle(a_mid, b_mid, rounds):
            out.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def _middle(a: Sequence[str], b: Sequence[str], rounds: int) -> list[tuple[str, int, int, int, int]]:
    if not a or not b or len(a) * len(b) <= EXACT_CELLS:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    chain = _anchors(a, b) if rounds else []
    if not chain:
        return [("replace", 0, len(a), 0, len(b))]
    out: list[tuple[str, int, int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*chain, (len(a), len(b))]:
        for tag, i1, i2, j1, j2 in _opcodes(a[i0:i], b[j0:j], rounds - 1):
            out.append((tag, i1 + i0, i2 + i0, j1 + j0, j2 + j0))
        if i < len(a):
            out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return out


def word_diff(old: str, new: str) -> tuple[Word, ...]:
    """Runs of equal, deleted and inserted words (a bounded word diff: see EXACT_CELLS)."""
    a, b = _tokens(old), _tokens(new)
    out: list[Word] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            if out and out[-1].op == "equal":
                out[-1] = Word("equal", _join([out[-1].text, _join(a[i1:i2])]))
            else:
                out.append(Word("equal", _join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Word("delete", _join(a[i1:i2])))
        if j2 > j1:
            out.append(Word("insert", _join(b[j1:j2])))
    return tuple(out)


# --- helpers --------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


def _merge(old: Sequence[K], new: Sequence[K]) -> list[K]:
    """New order, with keys only in `old` placed after the key they followed there (removed before added, as diff does)."""
    in_new = set(new)
    after: dict[K | None, list[K]] = {}
    previous: K | None = None
    for key in old:
        if key in in_new:
            previous = key
        else:
            after.setdefault(previous, []).append(key)
    out: list[K] = list(after.pop(None, []))
    for key in new:
        out.append(key)
        out.extend(after.pop(key, []))
    return out


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _list_delta(old: list[Any], new: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Items added and removed, counting repeats (order-only changes give two empty tuples)."""
    old_count, new_count = Counter(_key(v) for v in old), Counter(_key(v) for v in new)
    added, removed = [], []
    seen: Counter[str] = Counter()
    for value in new:
        k = _key(value)
        seen[k] += 1
        if seen[k] > old_count[k]:
            added.append(value)
    seen.clear()
    for value in old:
        k = _key(value)
        seen[k] += 1
        if seen[k] > new_count[k]:
            removed.append(value)
    return tuple(added), tuple(removed)


def _plain(value: Any) -> Any:
    """Whole floats as ints, so 32.0 reads 32."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same_number(a: Any, b: Any) -> bool:
    return (None if a is None else str(a)) == (None if b is None else str(b))


def _norm_title(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@dataclass(frozen=True)
class _Delta:
    old: Any
    new: Any
    words: tuple[Word, ...] | None = None
    added: tuple[Any, ...] | None = None
    removed: tuple[Any, ...] | None = None


def field_delta(old: Any, new: Any) -> _Delta | None:
    """How one field's JSON value changed, or None. Text compares word by word, lists item by item."""
    if old == new or (old in EMPTY and new in EMPTY):
        return None
    if isinstance(old, str | None) and isinstance(new, str | None):
        if _tokens(old) == _tokens(new):
            return None
        multiword = len(_tokens(old)) > 1 or len(_tokens(new)) > 1
        return _Delta(old, new, words=word_diff(old or "", new or "") if old and new and multiword else None)
    if isinstance(old, list | None) and isinstance(new, list | None):
        added, removed = _list_delta(old or [], new or [])
        return _Delta(old, new, added=added, removed=removed)
    return _Delta(_plain(old), _plain(new))


EMPTY: tuple[Any, ...] = (None, "", [], {})  # a missing parent (adoption: null) and an empty default say the same


FLATTEN = {"adoption", "follow_up", "sales_hours", "serving_hours"}


def _fields(model: type[BaseModel], dump: dict[str, Any] | None, skip: set[str]) -> dict[str, Any]:
    """A model's JSON values by field name, in model order; FLATTEN fields become `a.b`."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        key = info.alias or name
        value = dump.get(key) if dump else None
        if name in FLATTEN and not isinstance(value, list):  # one adoption per council: compared as a whole
            inner = _inner_model(info.annotation)
            if inner is not None:
                for sub, sub_info in inner.model_fields.items():
                    sub_key = sub_info.alias or sub
                    out[f"{name}.{sub_key}"] = value.get(sub_key) if isinstance(value, dict) else None
                continue
        out[name] = value
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    for arg in getattr(annotation, "__args__", (annotation,)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        if arg is not annotation and getattr(arg, "__args__", None):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _dump(model: BaseModel | None) -> dict[str, Any] | None:
    return model.model_dump(mode="json", by_alias=True) if model is not None else None


# --- indexes --------------------------------------------------------------------------


@dataclass
class _Index:
    """Where every id sits in one plan."""

    plan: Plan
    areas: dict[str, FocusArea]
    goals: dict[str, tuple[FocusArea, Goal]]
    measures: dict[str, tuple[FocusArea, Goal, Measure]]
    indicators: dict[str, Indicator]

    @classmethod
    def of(cls, plan: Plan) -> _Index:
        index = cls(plan, {}, {}, {}, {})
        for area in plan.focus_areas:
            _unique(index.areas, area.id, area, plan, ("fokusområde", "focus area"))
            for goal in area.goals:
                _unique(index.goals, goal.id, (area, goal), plan, ("mål", "goal"))
                for measure in goal.measures:
                    _unique(index.measures, measure.id, (area, goal, measure), plan, ("tiltak", "measure"))
        for indicator in plan.indicators:
            _unique(index.indicators, indicator.id, indicator, plan, ("indikator", "indicator"))
        return index


def _unique(table: dict[str, Any], key: str, value: Any, plan: Plan, what: tuple[str, str]) -> None:
    if key in table:
        raise DiffError(Msg.of(f"diff.id_not_unique.{what[1].replace(' ', '_')}", id=key, plan=plan.id))
    table[key] = value


def _items_by(items: Sequence[Any], plan: Plan, where: str) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for item in items:
        if item.measure in table:
            raise DiffError(Msg.of("diff.item_twice", measure=item.measure, where=where, plan=plan.id))
        table[item.measure] = item
    return table


def _label(obj: Any) -> Label:
    return Label(getattr(obj, "number", None), getattr(obj, "title", None))


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
    return PlanDiff(Mode.plan, old.id if old else None, new.id if new else None, (change,), summary, _labels(plan))


def _labels(*plans: Plan) -> dict[str, dict[str, Label]]:
    areas: dict[str, Label] = {}
    goals: dict[str, Label] = {}
    for plan in plans:
        for area in plan.focus_areas:
            areas[area.id] = _label(area)
            for goal in area.goals:
                goals[goal.id] = _label(goal)
    return {"focus_areas": areas, "goals": goals}


# --- the walk --------------------------------------------------------------------------


class _Differ:
    """Walks both plans in reading order and records changes."""

    def __init__(self, old: Plan, new: Plan, mode: Mode) -> None:
        self.old, self.new, self.mode = old, new, mode
        self.o, self.n = _Index.of(old), _Index.of(new)
        self.changes: list[Change] = []
        self.status_of: dict[str, list[Change]] = {}
        self.carried: dict[str, str] = {}  # new measure id -> old measure id
        self.carried_to: dict[str, list[str]] = {}
        if mode is Mode.revision:
            prefix = f"{old.id}/"
            for mid, (_, _, measure) in self.n.measures.items():
                ref = measure.carried_from or ""
                if ref.startswith(prefix) and ref[len(prefix) :] in self.o.measures:
                    self.carried[mid] = ref[len(prefix) :]
                    self.carried_to.setdefault(ref[len(prefix) :], []).append(mid)
        # old measures with no counterpart: removed (same plan) or dropped (revision)
        kept = self.n.measures if mode is Mode.plan else self.carried_to
        self.gone: dict[str, str] = {}  # normalised title -> the first old measure with no counterpart that has it
        for mid, (_, _, measure) in self.o.measures.items():
            if mid not in kept:
                self.gone.setdefault(_norm_title(measure.title), measure.id)
        self._outcomes: dict[str, PriorOutcome] | None = None
        self._reported: dict[str, list[tuple[int, str]]] | None = None

    def path(self, old: bool = False, **kwargs: Any) -> ChangePath:
        """A path in the new plan, or in the old one for what only the old plan has."""
        return ChangePath(self.old.id if old else self.new.id, **kwargs)

    def add(self, kind: ChangeKind, target: Target, path: ChangePath, label: Label | None = None, **kwargs: Any) -> None:
        self.changes.append(Change(kind, target, path, label, **kwargs))

    def fields(self, target: Target, path: ChangePath, label: Label | None, old: dict[str, Any], new: dict[str, Any], into: list[Change] | None = None) -> None:
        for name in new:
            delta = field_delta(old.get(name), new.get(name))
            if delta is None:
                continue
            change = Change(
                ChangeKind.changed, target, path, label, field=name, old=delta.old, new=delta.new, words=delta.words, added=delta.added, removed=delta.removed
            )
            (self.changes if into is None else into).append(change)

    def run(self) -> PlanDiff:
        self.meta()
        if self.mode is Mode.plan:
            self.collect_status()
        for area_id in _merge([a.id for a in self.old.focus_areas], [a.id for a in self.new.focus_areas]):
            self.area(area_id)
        if self.mode is Mode.plan:
            self.status_reports()
            self.evaluation()
        self.indicators()
        self.alcohol()
        self.alcohol_register()
        changes = tuple(self.changes)
        return PlanDiff(self.mode, self.old.id, self.new.id, changes, _summarize(changes), _labels(self.old, self.new))

    # plan.yaml

    def meta(self) -> None:
        skip = {"focus_areas"} if self.mode is Mode.plan else {"focus_areas", "id"}  # a revision has a new id by nature
        old = _fields(PlanMeta, _dump(self.old.meta), skip)
        new = _fields(PlanMeta, _dump(self.new.meta), skip)
        self.fields(Target.plan, self.path(), Label(None, self.new.meta.title), old, new)
        common = set(self.old.meta.focus_areas) & set(self.new.meta.focus_areas)
        old_order = [a for a in self.old.meta.focus_areas if a in common]
        new_order = [a for a in self.new.meta.focus_areas if a in common]
        if old_order != new_order:
            self.add(ChangeKind.changed, Target.plan, self.path(), Label(None, self.new.meta.title), field="focus_areas", old=old_order, new=new_order)

    # focus areas and goals

    def area(self, area_id: str) -> None:
        old, new = self.o.areas.get(area_id), self.n.areas.get(area_id)
        path = self.path(old=new is None, focus_area=area_id)
        if new is None:
            assert old is not None
            self.add(ChangeKind.removed, Target.focus_area, path, _label(old), old=_dump_without(old, "goals"))
        elif old is None:
            self.add(ChangeKind.added, Target.focus_area, path, _label(new), new=_dump_without(new, "goals"))
        else:
            if not _same_number(old.number, new.number):
                self.add(ChangeKind.renumbered, Target.focus_area, path, _label(new), field="number", old=old.number, new=new.number)
            skip = {"id", "number", "goals"}
            self.fields(Target.focus_area, path, _label(new), _fields(FocusArea, _dump(old), skip), _fields(FocusArea, _dump(new), skip))
        # goals that moved away are shown where they are now
        old_goals = [g.id for g in old.goals if g.id not in self.n.goals or self.n.goals[g.id][0].id == area_id] if old else []
        new_goals = [g.id for g in new.goals] if new else []
        for goal_id in _merge(old_goals, new_goals):
            self.goal(area_id, goal_id, here=goal_id in new_goals)

    def goal(self, area_id: str, goal_id: str, here: bool) -> None:
        old_entry = self.o.goals.get(goal_id)
        new_goal = self.n.goals[goal_id][1] if here else None
        old_goal = old_entry[1] if old_entry else None
        path = self.path(old=new_goal is None, focus_area=area_id, goal=goal_id)
        if new_goal is None:
            assert old_goal is not None
            self.add(ChangeKind.removed, Target.goal, path, _label(old_goal), old=_dump_without(old_goal, "measures"))
        elif old_entry is None:
            self.add(ChangeKind.added, Target.goal, path, _label(new_goal), new=_dump_without(new_goal, "measures"))
        else:
            assert old_goal is not None
            label = _label(new_goal)
            if old_entry[0].id != area_id:
                self.add(ChangeKind.moved, Target.goal, path, label, old={"focus_area": old_entry[0].id}, new={"focus_area": area_id})
            if not _same_number(old_goal.number, new_goal.number):
                self.add(ChangeKind.renumbered, Target.goal, path, label, field="number", old=old_goal.number, new=new_goal.number)
            skip = {"id", "number", "measures"}
            self.fields(Target.goal, path, label, _fields(Goal, _dump(old_goal), skip), _fields(Goal, _dump(new_goal), skip))
        if self.mode is Mode.revision:
            self.revision_measures(area_id, goal_id, old_goal, new_goal)
        else:
            self.plan_measures(area_id, goal_id, old_goal, new_goal)

    # measures: the same plan

    def plan_measures(self, area_id: str, goal_id: str, old_goal: Goal | None, new_goal: Goal | None) -> None:
        old_ids = [m.id for m in old_goal.measures if m.id not in self.n.measures or self.n.measures[m.id][1].id == goal_id] if old_goal else []
        new_ids = [m.id for m in new_goal.measures] if new_goal else []
        in_new = set(new_ids)
        for measure_id in _merge(old_ids, new_ids):
            old_entry = self.o.measures.get(measure_id)
            new_measure = self.n.measures[measure_id][2] if measure_id in in_new else None
            path = self.path(old=new_measure is None, focus_area=area_id, goal=goal_id, measure=measure_id)
            if new_measure is None:
                assert old_entry is not None
                self.add(ChangeKind.removed, Target.measure, path, _label(old_entry[2]), old=_dump(old_entry[2]))
            elif old_entry is None:
                similar = self.gone.get(_norm_title(new_measure.title))
                self.add(ChangeKind.added, Target.measure, path, _label(new_measure), new=_dump(new_measure), similar_to=similar)
            else:
                old_area, old_goal_of, old_measure = old_entry
                label = _label(new_measure)
                if old_goal_of.id != goal_id:
                    self.add(
                        ChangeKind.moved,
                        Target.measure,
                        path,
                        label,
                        old={"focus_area": old_area.id, "goal": old_goal_of.id},
                        new={"focus_area": area_id, "goal": goal_id},
                    )
                if not _same_number(old_measure.number, new_measure.number):
                    self.add(ChangeKind.renumbered, Target.measure, path, label, field="number", old=old_measure.number, new=new_measure.number)
                skip = {"id", "number"}
                self.fields(Target.measure, path, label, _fields(Measure, _dump(old_measure), skip), _fields(Measure, _dump(new_measure), skip))
            for change in self.status_of.pop(measure_id, []):
                self.changes.append(_relocate(change, path))

    # measures: predecessor and successor

    def revision_measures(self, area_id: str, goal_id: str, old_goal: Goal | None, new_goal: Goal | None) -> None:
        order_old: list[tuple[str, str]] = []
        if old_goal is not None:
            for m in old_goal.measures:
                successors = [s for s in self.carried_to.get(m.id, []) if self.n.measures[s][1].id == goal_id]
                if successors:
                    order_old.append(("new", successors[0]))
                elif m.id not in self.carried_to:
                    order_old.append(("old", m.id))
        order_new = [("new", m.id) for m in new_goal.measures] if new_goal else []
        for side, measure_id in _merge(order_old, order_new):
            path = self.path(old=side == "old", focus_area=area_id, goal=goal_id, measure=measure_id)
            if side == "old":
                old_measure = self.o.measures[measure_id][2]
                self.add(ChangeKind.removed, Target.measure, path, _label(old_measure), old=_dump(old_measure), outcome=self.prior_outcome(measure_id))
                continue
            measure = self.n.measures[measure_id][2]
            label = _label(measure)
            source_id = self.carried.get(measure_id)
            if source_id is None:
                self.add(ChangeKind.added, Target.measure, path, label, new=_dump(measure), similar_to=self.gone.get(_norm_title(measure.title)))
                continue
            old_area, old_goal_of, old_measure = self.o.measures[source_id]
            self.add(
                ChangeKind.carried,
                Target.measure,
                path,
                label,
                old=_where(self.old, old_area.id, old_goal_of.id, old_measure),
                new=_where(self.new, area_id, goal_id, measure),
                outcome=self.prior_outcome(source_id),
            )
            skip = {"id", "number", "carried_from"}
            self.fields(Target.measure, path, label, _fields(Measure, _dump(old_measure), skip), _fields(Measure, _dump(measure), skip))

    def prior_outcome(self, old_measure_id: str) -> PriorOutcome | None:
        """The new plan's evaluation of an old measure, else its latest status; indexed once, not searched per measure."""
        if self._outcomes is None:
            outcomes: dict[str, PriorOutcome] = {}
            evaluation = self.new.evaluation
            if evaluation is not None and evaluation.plan == self.old.id:
                for item in evaluation.items:
                    outcomes.setdefault(item.measure, PriorOutcome(item.outcome.value, "evaluation", None, item.comment, item.continued))
            for year in sorted(self.old.status_reports, reverse=True):
                for status_item in self.old.status_reports[year].measures:
                    outcomes.setdefault(status_item.measure, PriorOutcome(status_item.status.value, "status", year, status_item.note, status_item.continued))
            self._outcomes = outcomes
        return self._outcomes.get(old_measure_id)

    # status reports (the same plan only)

    def collect_status(self) -> None:
        """Per-measure status changes, to be shown under their measure."""
        old_reports, new_reports = self.old.status_reports, self.new.status_reports
        for year in sorted(set(old_reports) | set(new_reports)):
            old_report, new_report = old_reports.get(year), new_reports.get(year)
            if new_report is None:
                continue  # a removed report is one change in the status section
            old_items = _items_by(old_report.measures, self.old, f"status/{year}.yaml") if old_report else {}
            new_items = _items_by(new_report.measures, self.new, f"status/{year}.yaml")
            for measure_id in _merge(list(old_items), list(new_items)):
                was, now = old_items.get(measure_id), new_items.get(measure_id)
                path = self.path(measure=measure_id, year=year)
                label = self.measure_label(measure_id)
                out = self.status_of.setdefault(measure_id, [])
                if now is None:
                    assert was is not None
                    out.append(Change(ChangeKind.removed, Target.status, path, label, field="status", old=was.status.value))
                    continue
                before = was.status.value if was else self.earlier_status(measure_id, year)
                if was is None or was.status != now.status:
                    out.append(Change(ChangeKind.status, Target.status, path, label, field="status", old=before, new=now.status.value))
                baseline = was or StatusItem(measure=measure_id, status=now.status)  # a new item: its note, date ... as changes from nothing
                skip = {"measure", "status"}
                self.fields(Target.status, path, label, _fields(StatusItem, _dump(baseline), skip), _fields(StatusItem, _dump(now), skip), into=out)

    def earlier_status(self, measure_id: str, year: int) -> str | None:
        """The status last reported before `year` (new side): what a newly reported status changes from."""
        if self._reported is None:
            reported: dict[str, list[tuple[int, str]]] = {}
            for report_year in sorted(self.new.status_reports):  # years, newest last; the first item per year counts
                for item in self.new.status_reports[report_year].measures:
                    years = reported.setdefault(item.measure, [])
                    if not years or years[-1][0] != report_year:
                        years.append((report_year, item.status.value))
            self._reported = reported
        years = self._reported.get(measure_id, [])
        index = bisect.bisect_left(years, (year, "")) - 1
        return years[index][1] if index >= 0 else None

    def measure_label(self, measure_id: str) -> Label | None:
        entry = self.n.measures.get(measure_id) or self.o.measures.get(measure_id)
        return _label(entry[2]) if entry else Label(None, None)

    def status_reports(self) -> None:
        old_reports, new_reports = self.old.status_reports, self.new.status_reports
        for year in sorted(set(old_reports) | set(new_reports)):
            old_report, new_report = old_reports.get(year), new_reports.get(year)
            path = self.path(year=year)
            if new_report is None:
                self.add(ChangeKind.removed, Target.status_report, path, old=_report_overview(old_report))
            elif old_report is None:
                self.add(ChangeKind.added, Target.status_report, path, new=_report_overview(new_report))
            else:
                skip = {"year", "measures"}
                self.fields(Target.status_report, path, None, _fields(StatusReport, _dump(old_report), skip), _fields(StatusReport, _dump(new_report), skip))
        for changes in self.status_of.values():  # measures in neither plan
            self.changes.extend(changes)
        self.status_of.clear()

    # evaluation.yaml (the same plan only)

    def evaluation(self) -> None:
        old, new = self.old.evaluation, self.new.evaluation
        path = self.path()
        if old is None and new is None:
            return
        if new is None or old is None:
            kind = ChangeKind.removed if new is None else ChangeKind.added
            ev = new or old
            assert ev is not None
            overview = {"plan": ev.plan, "items": len(ev.items)}
            self.add(kind, Target.evaluation, path, old=overview if new is None else None, new=overview if old is None else None)
            return
        skip = {"items"}
        self.fields(Target.evaluation, path, None, _fields(Evaluation, _dump(old), skip), _fields(Evaluation, _dump(new), skip))
        old_items, new_items = _items_by(old.items, self.old, "evaluation.yaml"), _items_by(new.items, self.new, "evaluation.yaml")
        for measure_id in _merge(list(old_items), list(new_items)):
            was, now = old_items.get(measure_id), new_items.get(measure_id)
            item_path = self.path(measure=measure_id)
            if now is None:
                self.add(ChangeKind.removed, Target.evaluation, item_path, _label(was), old=_dump(was))
            elif was is None:
                self.add(ChangeKind.added, Target.evaluation, item_path, _label(now), new=_dump(now))
            else:
                label = _label(now)
                if was.outcome != now.outcome:
                    self.add(ChangeKind.status, Target.evaluation, item_path, label, field="outcome", old=was.outcome.value, new=now.outcome.value)
                skip = {"measure", "outcome"}
                self.fields(Target.evaluation, item_path, label, _fields(type(now), _dump(was), skip), _fields(type(now), _dump(now), skip))

    # indicators.yaml and alcohol.yaml

    def indicators(self) -> None:
        for indicator_id in _merge(list(self.o.indicators), list(self.n.indicators)):
            old, new = self.o.indicators.get(indicator_id), self.n.indicators.get(indicator_id)
            path = self.path(indicator=indicator_id)
            if new is None:
                self.add(ChangeKind.removed, Target.indicator, path, _label(old), old=_indicator_dump(old))
                continue
            if old is None:
                self.add(ChangeKind.added, Target.indicator, path, _label(new), new=_indicator_dump(new))
                continue
            label = _label(new)
            skip = {"id", "values"}
            self.fields(Target.indicator, path, label, _fields(Indicator, _dump(old), skip), _fields(Indicator, _dump(new), skip))
            for year in sorted(set(old.values) | set(new.values), key=span_years):  # a year, or a span «2015–2016»
                was, now = old.values.get(year), new.values.get(year)
                if was == now:
                    continue
                kind = ChangeKind.added if was is None else ChangeKind.removed if now is None else ChangeKind.changed
                self.add(kind, Target.indicator, self.path(indicator=indicator_id, year=year), label, field="values", old=_plain(was), new=_plain(now))

    def alcohol(self) -> None:
        old, new = self.old.alcohol, self.new.alcohol
        if old is None and new is None:
            return
        path = self.path()
        if old is None or new is None:
            kind = ChangeKind.added if old is None else ChangeKind.removed
            self.add(kind, Target.alcohol, path, old=_dump(old), new=_dump(new))
            return
        model = type(new)
        self.fields(Target.alcohol, path, None, _fields(model, _dump(old), set()), _fields(model, _dump(new), set()))

    def alcohol_register(self) -> None:
        """alcohol/licences.yaml field by field (`licences.<outlet>.<licence>.valid_to`; a whole outlet when it comes or goes),
        and each year's control log (`controls.<year>`) control by control."""
        old_ids = {o.id for o in self.old.licences.outlets} if self.old.licences else set()
        new_ids = {o.id for o in self.new.licences.outlets} if self.new.licences else set()

        def flat(plan: Plan, other: set[str]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for outlet in plan.licences.outlets if plan.licences else []:
                if outlet.id in other:
                    _leaves(f"licences.{outlet.id}", outlet.model_dump(mode="json", by_alias=True), out)
                else:
                    out[f"licences.{outlet.id}"] = outlet.name
            out.update({f"controls.{year}": [c.model_dump(mode="json", by_alias=True) for c in log.controls] for year, log in plan.controls.items()})
            return out

        old, new = flat(self.old, new_ids), flat(self.new, old_ids)
        names = list(new) + [name for name in old if name not in new]
        self.fields(Target.alcohol, self.path(), None, {n: old.get(n) for n in names}, {n: new.get(n) for n in names})


def _leaves(prefix: str, value: Any, out: dict[str, Any]) -> None:
    """A nested JSON value as dotted paths to its leaves; lists of objects with an id are keyed by it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "id":
                _leaves(f"{prefix}.{key}", item, out)
    elif isinstance(value, list) and value and all(isinstance(item, dict) and "id" in item for item in value):
        for item in value:
            _leaves(f"{prefix}.{item['id']}", item, out)
    else:
        out[prefix] = value


def _where(plan: Plan, area_id: str, goal_id: str, measure: Measure) -> dict[str, Any]:
    return {"plan": plan.id, "focus_area": area_id, "goal": goal_id, "measure": measure.id, "number": measure.number, "title": measure.title}


def _dump_without(model: BaseModel, nested: str) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude={nested})


def _indicator_dump(indicator: Indicator | None) -> dict[str, Any] | None:
    if indicator is None:
        return None
    data = indicator.model_dump(mode="json", exclude={"values"})
    data["values"] = {str(year): _plain(value) for year, value in sorted(indicator.values.items())}
    return data


def _report_overview(report: StatusReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    data = report.model_dump(mode="json", exclude={"measures"})
    data["measures"] = {item.measure: item.status.value for item in report.measures}
    return data


def _relocate(change: Change, path: ChangePath) -> Change:
    return dataclasses.replace(change, path=dataclasses.replace(path, year=change.path.year))


def _summarize(changes: Sequence[Change]) -> Summary:
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

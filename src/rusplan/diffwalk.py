"""The walk: both plans side by side in reading order, every part matched by id with one matcher.

Each part of a plan (focus areas, goals, measures, status items and reports,
the evaluation and its items, indicators, the alcohol policy) follows the same
pattern, written once in `Walk.match`: what only the old plan has is removed,
what only the new plan has is added (each recorded whole), and what both have
is compared: first what the part says of itself (a move, a renumbering, a new
status), then field by field. A `Part` says how one kind of thing is recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from rusplan import history
from rusplan.diffmodel import Change, ChangeKind, ChangePath, Label, Mode, PlanDiff, PriorOutcome, Target, summarize
from rusplan.diffvalues import dump, field_delta, fields, leaves, merge, norm_title, plain, same_number
from rusplan.model import Evaluation, EvaluationItem, FocusArea, Goal, Indicator, Measure, Plan, PlanMeta, StatusItem, StatusReport, span_years


@dataclass
class Index:
    """Where every id sits in one plan, and (the same plan compared) its status and evaluation items by measure."""

    plan: Plan
    areas: dict[str, FocusArea]
    goals: dict[str, tuple[FocusArea, Goal]]
    measures: dict[str, tuple[FocusArea, Goal, Measure]]
    indicators: dict[str, Indicator]
    status_items: dict[int, dict[str, StatusItem]] = dataclasses.field(default_factory=dict)
    evaluation_items: dict[str, EvaluationItem] = dataclasses.field(default_factory=dict)


def label(obj: Any) -> Label:
    return Label(getattr(obj, "number", None), getattr(obj, "title", None))


def _no_label(_: Any) -> None:
    return None


def _without(nested: str) -> Callable[[BaseModel], dict[str, Any]]:
    return lambda model: model.model_dump(mode="json", by_alias=True, exclude={nested})


def _indicator_dump(indicator: Indicator) -> dict[str, Any]:
    data = indicator.model_dump(mode="json", exclude={"values"})
    data["values"] = {str(year): plain(value) for year, value in sorted(indicator.values.items())}
    return data


def _report_overview(report: StatusReport) -> dict[str, Any]:
    data = report.model_dump(mode="json", exclude={"measures"})
    data["measures"] = {item.measure: item.status.value for item in report.measures}
    return data


def _evaluation_overview(evaluation: Evaluation) -> dict[str, Any]:
    return {"plan": evaluation.plan, "items": len(evaluation.items)}


@dataclass(frozen=True)
class Part:
    """How one kind of thing is recorded: as a whole when it comes or goes, and which of its fields compare."""

    target: Target
    skip: frozenset[str] = frozenset()
    model: type[BaseModel] | None = None  # None: the item's own type
    whole: Callable[[Any], Any] = dump  # the item as recorded when it comes or goes
    label: Callable[[Any], Label | None] = label
    field: str | None = None  # the field a removed item is recorded under (a status item: "status")
    from_nothing: Callable[[Any], Any] | None = None  # an item new here is compared with this, not recorded as added


AREA = Part(Target.focus_area, frozenset({"id", "number", "goals"}), FocusArea, _without("goals"))
GOAL = Part(Target.goal, frozenset({"id", "number", "measures"}), Goal, _without("measures"))
MEASURE = Part(Target.measure, frozenset({"id", "number"}), Measure)
CARRIED = Part(Target.measure, frozenset({"id", "number", "carried_from"}), Measure)
STATUS = Part(
    Target.status,
    frozenset({"measure", "status"}),
    StatusItem,
    whole=lambda item: item.status.value,
    field="status",
    from_nothing=lambda item: StatusItem(measure=item.measure, status=item.status),  # its note, date ... as changes from nothing
)
STATUS_REPORT = Part(Target.status_report, frozenset({"year", "measures"}), StatusReport, _report_overview, _no_label)
EVALUATION = Part(Target.evaluation, frozenset({"items"}), Evaluation, _evaluation_overview, _no_label)
EVALUATION_ITEM = Part(Target.evaluation, frozenset({"measure", "outcome"}))
INDICATOR = Part(Target.indicator, frozenset({"id", "values"}), Indicator, _indicator_dump)
ALCOHOL = Part(Target.alcohol, label=_no_label)

Check = Callable[[Any, Any], Iterable[tuple[ChangeKind, dict[str, Any]]]]


def _pairs(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """Keys of both sides in the new order (see `merge`), with each side's value or None."""
    for key in merge(list(old), list(new)):
        yield key, old.get(key), new.get(key)


def _always(kind: ChangeKind, **values: Any) -> Check:
    return lambda old, new: [(kind, values)]


def _renumbered(old: Any, new: Any) -> Iterator[tuple[ChangeKind, dict[str, Any]]]:
    if not same_number(old.number, new.number):
        yield ChangeKind.renumbered, {"field": "number", "old": old.number, "new": new.number}


class Walk:
    """Walks both plans in reading order and records changes."""

    def __init__(self, old: Index, new: Index, mode: Mode) -> None:
        self.old, self.new, self.mode = old.plan, new.plan, mode
        self.o, self.n = old, new
        self.changes: list[Change] = []
        self.status_of: dict[str, list[Change]] = {}
        self.carried: dict[str, str] = {}  # new measure id -> old measure id
        self.carried_to: dict[str, list[str]] = {}
        if mode is Mode.revision:
            prefix = f"{self.old.id}/"
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
                self.gone.setdefault(norm_title(measure.title), measure.id)
        self._outcomes: dict[str, PriorOutcome] | None = None
        self._timeline: dict[str, list[history.Entry]] | None = None

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

    def match(
        self,
        part: Part,
        path: ChangePath,
        old: Any,
        new: Any,
        *,
        label: Label | None = None,
        check: Check | None = None,
        into: list[Change] | None = None,
        **whole: Any,
    ) -> None:
        """The one pattern: removed or added as a whole (with `whole`'s extras), else `check`'s own changes, then field by field."""
        out = self.changes if into is None else into
        if old is None and new is None:
            return
        if new is None:
            out.append(Change(ChangeKind.removed, part.target, path, label or part.label(old), field=part.field, old=part.whole(old), **whole))
            return
        if old is None and part.from_nothing is None:
            out.append(Change(ChangeKind.added, part.target, path, label or part.label(new), new=part.whole(new), **whole))
            return
        label = label or part.label(new)
        for kind, values in check(old, new) if check else ():
            out.append(Change(kind, part.target, path, label, **values))
        baseline = old if old is not None else part.from_nothing(new)  # type: ignore[misc]
        model = part.model or type(new)
        self.fields(part.target, path, label, fields(model, dump(baseline), part.skip), fields(model, dump(new), part.skip), into=out)

    def run(self) -> PlanDiff:
        self.meta()
        if self.mode is Mode.plan:
            self.collect_status()
        for area_id in merge([a.id for a in self.old.focus_areas], [a.id for a in self.new.focus_areas]):
            self.area(area_id)
        if self.mode is Mode.plan:
            self.status_reports()
            self.evaluation()
        self.indicators()
        self.match(ALCOHOL, self.path(), self.old.alcohol, self.new.alcohol)
        self.alcohol_register()
        changes = tuple(self.changes)
        return PlanDiff(self.mode, self.old.id, self.new.id, changes, summarize(changes), labels(self.old, self.new))

    # plan.yaml

    def meta(self) -> None:
        skip = {"focus_areas"} if self.mode is Mode.plan else {"focus_areas", "id"}  # a revision has a new id by nature
        old = fields(PlanMeta, dump(self.old.meta), skip)
        new = fields(PlanMeta, dump(self.new.meta), skip)
        self.fields(Target.plan, self.path(), Label(None, self.new.meta.title), old, new)
        common = set(self.old.meta.focus_areas) & set(self.new.meta.focus_areas)
        old_order = [a for a in self.old.meta.focus_areas if a in common]
        new_order = [a for a in self.new.meta.focus_areas if a in common]
        if old_order != new_order:
            self.add(ChangeKind.changed, Target.plan, self.path(), Label(None, self.new.meta.title), field="focus_areas", old=old_order, new=new_order)

    # focus areas and goals

    def area(self, area_id: str) -> None:
        old, new = self.o.areas.get(area_id), self.n.areas.get(area_id)
        self.match(AREA, self.path(old=new is None, focus_area=area_id), old, new, check=_renumbered)
        # goals that moved away are shown where they are now
        old_goals = [g.id for g in old.goals if g.id not in self.n.goals or self.n.goals[g.id][0].id == area_id] if old else []
        new_goals = [g.id for g in new.goals] if new else []
        for goal_id in merge(old_goals, new_goals):
            self.goal(area_id, goal_id, here=goal_id in new_goals)

    def goal(self, area_id: str, goal_id: str, here: bool) -> None:
        old_area, old_goal = self.o.goals.get(goal_id, (None, None))
        new_goal = self.n.goals[goal_id][1] if here else None

        def moved(old: Goal, new: Goal) -> Iterator[tuple[ChangeKind, dict[str, Any]]]:
            if old_area is not None and old_area.id != area_id:
                yield ChangeKind.moved, {"old": {"focus_area": old_area.id}, "new": {"focus_area": area_id}}
            yield from _renumbered(old, new)

        self.match(GOAL, self.path(old=new_goal is None, focus_area=area_id, goal=goal_id), old_goal, new_goal, check=moved)
        if self.mode is Mode.revision:
            self.revision_measures(area_id, goal_id, old_goal, new_goal)
        else:
            self.plan_measures(area_id, goal_id, old_goal, new_goal)

    # measures: the same plan

    def plan_measures(self, area_id: str, goal_id: str, old_goal: Goal | None, new_goal: Goal | None) -> None:
        old_ids = [m.id for m in old_goal.measures if m.id not in self.n.measures or self.n.measures[m.id][1].id == goal_id] if old_goal else []
        new_ids = [m.id for m in new_goal.measures] if new_goal else []
        in_new = set(new_ids)
        for measure_id in merge(old_ids, new_ids):
            old_area, old_goal_of, old_measure = self.o.measures.get(measure_id, (None, None, None))
            new_measure = self.n.measures[measure_id][2] if measure_id in in_new else None

            def moved(old: Measure, new: Measure, old_area=old_area, old_goal_of=old_goal_of) -> Iterator[tuple[ChangeKind, dict[str, Any]]]:
                if old_goal_of.id != goal_id:
                    yield ChangeKind.moved, {"old": {"focus_area": old_area.id, "goal": old_goal_of.id}, "new": {"focus_area": area_id, "goal": goal_id}}
                yield from _renumbered(old, new)

            path = self.path(old=new_measure is None, focus_area=area_id, goal=goal_id, measure=measure_id)
            similar = {"similar_to": self.gone.get(norm_title(new_measure.title))} if new_measure is not None and old_measure is None else {}
            self.match(MEASURE, path, old_measure, new_measure, check=moved, **similar)
            for change in self.status_of.pop(measure_id, []):
                self.changes.append(dataclasses.replace(change, path=dataclasses.replace(path, year=change.path.year)))

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
        for side, measure_id in merge(order_old, order_new):
            path = self.path(old=side == "old", focus_area=area_id, goal=goal_id, measure=measure_id)
            if side == "old":
                self.match(MEASURE, path, self.o.measures[measure_id][2], None, outcome=self.prior_outcome(measure_id))
                continue
            measure = self.n.measures[measure_id][2]
            source_id = self.carried.get(measure_id)
            if source_id is None:
                self.match(MEASURE, path, None, measure, similar_to=self.gone.get(norm_title(measure.title)))
                continue
            old_area, old_goal_of, old_measure = self.o.measures[source_id]
            carried = _always(
                ChangeKind.carried,
                old=_where(self.old, old_area.id, old_goal_of.id, old_measure),
                new=_where(self.new, area_id, goal_id, measure),
                outcome=self.prior_outcome(source_id),
            )
            self.match(CARRIED, path, old_measure, measure, check=carried)

    def prior_outcome(self, old_measure_id: str) -> PriorOutcome | None:
        """The new plan's evaluation of an old measure, else its latest status; indexed once, not searched per measure."""
        if self._outcomes is None:
            self._outcomes = history.prior_outcomes(self.old, self.new)
        return self._outcomes.get(old_measure_id)

    # status reports (the same plan only)

    def collect_status(self) -> None:
        """Per-measure status changes, to be shown under their measure."""
        old_reports, new_reports = self.old.status_reports, self.new.status_reports
        for year in sorted(set(old_reports) | set(new_reports)):
            if year not in new_reports:
                continue  # a removed report is one change in the status section
            for measure_id, was, now in _pairs(self.o.status_items.get(year, {}), self.n.status_items[year]):

                def status(was: StatusItem | None, now: StatusItem, measure_id=measure_id, year=year) -> Iterator[tuple[ChangeKind, dict[str, Any]]]:
                    if was is None or was.status != now.status:
                        before = was.status.value if was else self.earlier_status(measure_id, year)
                        yield ChangeKind.status, {"field": "status", "old": before, "new": now.status.value}

                out = self.status_of.setdefault(measure_id, [])
                self.match(STATUS, self.path(measure=measure_id, year=year), was, now, label=self.measure_label(measure_id), check=status, into=out)

    def earlier_status(self, measure_id: str, year: int) -> str | None:
        """The status last reported before `year` (new side): what a newly reported status changes from."""
        if self._timeline is None:
            self._timeline = history.timeline(self.new)
        return history.status_before(self._timeline.get(measure_id, []), year)

    def measure_label(self, measure_id: str) -> Label | None:
        entry = self.n.measures.get(measure_id) or self.o.measures.get(measure_id)
        return label(entry[2]) if entry else Label(None, None)

    def status_reports(self) -> None:
        old_reports, new_reports = self.old.status_reports, self.new.status_reports
        for year in sorted(set(old_reports) | set(new_reports)):
            self.match(STATUS_REPORT, self.path(year=year), old_reports.get(year), new_reports.get(year))
        for changes in self.status_of.values():  # measures in neither plan
            self.changes.extend(changes)
        self.status_of.clear()

    # evaluation.yaml (the same plan only)

    def evaluation(self) -> None:
        old, new = self.old.evaluation, self.new.evaluation
        self.match(EVALUATION, self.path(), old, new)
        if old is None or new is None:
            return

        def outcome(was: EvaluationItem, now: EvaluationItem) -> Iterator[tuple[ChangeKind, dict[str, Any]]]:
            if was.outcome != now.outcome:
                yield ChangeKind.status, {"field": "outcome", "old": was.outcome.value, "new": now.outcome.value}

        for measure_id, was, now in _pairs(self.o.evaluation_items, self.n.evaluation_items):
            self.match(EVALUATION_ITEM, self.path(measure=measure_id), was, now, check=outcome)

    # indicators.yaml and alcohol

    def indicators(self) -> None:
        for indicator_id, old, new in _pairs(self.o.indicators, self.n.indicators):
            path = self.path(indicator=indicator_id)
            self.match(INDICATOR, path, old, new)
            if old is None or new is None:
                continue
            for year in sorted(set(old.values) | set(new.values), key=span_years):  # a year, or a span «2015–2016»
                was, now = old.values.get(year), new.values.get(year)
                if was == now:
                    continue
                kind = ChangeKind.added if was is None else ChangeKind.removed if now is None else ChangeKind.changed
                self.add(kind, Target.indicator, self.path(indicator=indicator_id, year=year), label(new), field="values", old=plain(was), new=plain(now))

    def alcohol_register(self) -> None:
        """alcohol/licences.yaml field by field (`licences.<outlet>.<licence>.valid_to`; a whole outlet when it comes or goes),
        and each year's control log (`controls.<year>`) control by control."""
        old_ids = {o.id for o in self.old.licences.outlets} if self.old.licences else set()
        new_ids = {o.id for o in self.new.licences.outlets} if self.new.licences else set()

        def flat(plan: Plan, other: set[str]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for outlet in plan.licences.outlets if plan.licences else []:
                if outlet.id in other:
                    leaves(f"licences.{outlet.id}", outlet.model_dump(mode="json", by_alias=True), out)
                else:
                    out[f"licences.{outlet.id}"] = outlet.name
            out.update({f"controls.{year}": [c.model_dump(mode="json", by_alias=True) for c in log.controls] for year, log in plan.controls.items()})
            return out

        old, new = flat(self.old, new_ids), flat(self.new, old_ids)
        names = list(new) + [name for name in old if name not in new]
        self.fields(Target.alcohol, self.path(), None, {n: old.get(n) for n in names}, {n: new.get(n) for n in names})


def _where(plan: Plan, area_id: str, goal_id: str, measure: Measure) -> dict[str, Any]:
    return {"plan": plan.id, "focus_area": area_id, "goal": goal_id, "measure": measure.id, "number": measure.number, "title": measure.title}


def labels(*plans: Plan) -> dict[str, dict[str, Label]]:
    """Focus areas' and goals' labels by id, for the headings of a report."""
    areas: dict[str, Label] = {}
    goals: dict[str, Label] = {}
    for plan in plans:
        for area in plan.focus_areas:
            areas[area.id] = label(area)
            for goal in area.goals:
                goals[goal.id] = label(goal)
    return {"focus_areas": areas, "goals": goals}

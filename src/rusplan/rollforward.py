"""Roll a plan forward into the draft of its successor.

Every four years the plan is revised: each measure is evaluated, unfinished
ones are carried over («videreføres»), and the new plan starts from the old
one. This module makes that draft from a valid `Plan`: what to carry follows
from each measure's latest reported outcome, and what only a person can
decide is marked in the measure's `review` (rules RP701, RP702).

Pure: takes a `Plan`, returns the new plan's files as plain data and every
decision made. It never prints and never writes; `writeplan` writes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from rusplan.asciiid import ascii_id
from rusplan.history import Reported, reported_outcomes
from rusplan.messages import Msg
from rusplan.model import (
    SLUG,
    Cost,
    Deadline,
    Evaluation,
    EvaluationItem,
    FocusArea,
    Goal,
    Kind,
    Measure,
    Outcome,
    Period,
    Plan,
    PlanMeta,
    State,
    Status,
)
from rusplan.rules.review import DEADLINE, OUTCOME_UNKNOWN

OPEN = frozenset({Status.planned, Status.in_progress, Status.partly_done, Status.not_done})

# The evaluation knows only final outcomes: work in progress was partly done, planned work not done.
TO_OUTCOME = {
    Status.planned: Outcome.not_done,
    Status.in_progress: Outcome.partly_done,
    Status.partly_done: Outcome.partly_done,
    Status.not_done: Outcome.not_done,
    Status.done: Outcome.done,
    Status.discontinued: Outcome.discontinued,
}



class RollForwardError(Exception):
    """The roll-forward cannot start; `msg` says why, worded at the edge."""

    def __init__(self, key: str, **params: Any) -> None:
        self.msg = Msg.of(key, **params)
        super().__init__(key)


class Reason(StrEnum):
    """Why a measure was, or was not, carried over."""

    open = "open"  # planned, in progress, partly or not done
    unknown = "unknown"  # no outcome reported: carried, marked outcome-unknown
    responsibility = "responsibility"  # a standing task («Ansvar»)
    continued = "continued"  # done or discontinued, but the old plan says it continues
    carry_option = "carry-option"  # done or discontinued, carried because --carry names it
    done = "done"
    discontinued = "discontinued"


@dataclass(frozen=True)
class Decision:
    """What happened to one measure of the old plan."""

    area: str
    goal: str
    old_id: str
    old_number: int | str | None
    title: str
    reported: Reported | None
    reason: Reason
    new_id: str | None = None
    new_number: int | str | None = None
    review: tuple[str, ...] = ()

    @property
    def carried(self) -> bool:
        return self.new_id is not None


@dataclass(frozen=True)
class AreaSummary:
    id: str
    title: str
    carried: int
    not_carried: int
    review: int


@dataclass(frozen=True)
class RollForward:
    """The draft: the new `plan`, its `files` as plain data by file name, and every decision."""

    source: str
    created: dt.date
    plan: Plan
    files: dict[str, dict[str, Any]]
    decisions: tuple[Decision, ...]

    def summary(self) -> list[AreaSummary]:
        """Carried, not carried and carried-but-to-review, by focus area in plan order."""
        rows = []
        for area in self.plan.focus_areas:
            mine = [d for d in self.decisions if d.area == area.id]
            rows.append(
                AreaSummary(
                    area.id,
                    area.title,
                    carried=sum(d.carried for d in mine),
                    not_carried=sum(not d.carried for d in mine),
                    review=sum(bool(d.carried and d.review) for d in mine),
                )
            )
        return rows

    def totals(self) -> AreaSummary:
        rows = self.summary()
        return AreaSummary("", "", sum(r.carried for r in rows), sum(r.not_carried for r in rows), sum(r.review for r in rows))


# --- arguments -----------------------------------------------------------------

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")


def parse_period(text: str) -> Period:
    """`2024-2028` (or with an en dash) to a `Period`."""
    match = _PERIOD.match(text or "")
    if not match:
        raise RollForwardError("rollforward_period", value=text)
    try:
        return Period(start=int(match.group(1)), end=int(match.group(2)))
    except ValidationError:
        raise RollForwardError("rollforward_period", value=text) from None


def derive_id(old_id: str, period: Period) -> str:
    """`molde-2020-2024` to `molde-2024-2028`; an id without a period gets one appended."""
    new_suffix = f"{period.start}-{period.end}"
    if re.search(r"-\d{4}-\d{4}$", old_id):
        return re.sub(r"\d{4}-\d{4}$", new_suffix, old_id)
    return f"{old_id}-{new_suffix}"


def _retitle(title: str, old: Period, new: Period) -> str:
    """Replace the old period in the title, keeping the title's own dash."""
    pattern = re.compile(rf"\b{old.start}(\s*[-–—]\s*){old.end}\b")
    return pattern.sub(lambda m: f"{new.start}{m.group(1)}{new.end}", title)


# --- outcomes --------------------------------------------------------------------


def decide(measure: Measure, reported: Reported | None, carry: frozenset[str]) -> Reason:
    """Whether a measure is carried, and why."""
    if reported is None:
        return Reason.responsibility if measure.kind is Kind.responsibility else Reason.unknown
    if reported.status in OPEN:
        return Reason.open
    if measure.kind is Kind.responsibility and reported.status is Status.done:
        return Reason.responsibility
    if reported.continued:
        return Reason.continued
    if measure.id in carry:
        return Reason.carry_option
    return Reason.done if reported.status is Status.done else Reason.discontinued


CARRIED = frozenset({Reason.open, Reason.unknown, Reason.responsibility, Reason.continued, Reason.carry_option})


def deadline_holds(deadline: Deadline, old: Period) -> bool:
    """«Årlig», «I planperioden» and other wording without a year still hold; a year within (or before) the old period does not."""
    return deadline.year is None or deadline.year > old.end


# --- the new plan ------------------------------------------------------------------


def _numbering(plan: Plan) -> str:
    """`dotted` (1.1, 1.2 within each goal) when the old plan numbered that way, else `plain` (1, 2, 3 … through the plan)."""
    numbers = [str(m.number) for _, _, m in plan.measures() if m.number is not None]
    goals_numbered = all(goal.number is not None for area in plan.focus_areas for goal in area.goals)
    return "dotted" if numbers and goals_numbered and all("." in n for n in numbers) else "plain"


def _fresh_ids(taken: set[str]):
    """t1, t2, … skipping any id already used for something else in the plan."""
    counter = 0
    while True:
        counter += 1
        candidate = f"t{counter}"
        if candidate not in taken:
            taken.add(candidate)
            yield candidate


def roll_forward(
    plan: Plan,
    period: Period,
    *,
    new_id: str | None = None,
    carry: Iterable[str] = (),
    evaluation: Evaluation | None = None,
    today: dt.date | None = None,
) -> RollForward:
    """The draft of the plan that follows `plan` in `period`.

    `carry` names measures (`t41` or `molde-2020-2024/t41`) to carry even though
    they are done or discontinued. `evaluation` is an evaluation *of* `plan`
    (for example from a successor written by hand); it fills in outcomes the
    status reports do not give.
    """
    old = plan.meta.period
    new_id = _successor_id(plan, period, new_id)
    if evaluation is not None and evaluation.plan != plan.id:
        raise ValueError(f"the evaluation is of {evaluation.plan}, not of {plan.id}")
    carry_ids = _carry_ids(plan, carry)

    outcomes = reported_outcomes(plan, evaluation)
    style = _numbering(plan)
    taken = {area.id for area in plan.focus_areas} | {goal.id for area in plan.focus_areas for goal in area.goals} | {i.id for i in plan.indicators}
    others = set(taken)
    taken |= {m.id for _, _, m in plan.measures()}  # an old id stays with its measure when nothing else uses it
    ids = _fresh_ids(taken)
    running = 0
    decisions: list[Decision] = []
    areas: list[FocusArea] = []
    items: list[EvaluationItem] = []

    for area in plan.focus_areas:
        goals: list[Goal] = []
        for goal in area.goals:
            measures: list[Measure] = []
            for measure in goal.measures:
                reported = outcomes.get(measure.id)
                reason = decide(measure, reported, carry_ids)
                decision = Decision(area.id, goal.id, measure.id, measure.number, measure.title, reported, reason)
                if reason in CARRIED:
                    running += 1
                    number: int | str | None = f"{goal.number}.{len(measures) + 1}" if style == "dotted" else running
                    if measure.number is None:
                        number = None  # an unnumbered plan stays unnumbered; reports quote goal and position
                    new = _carry(measure, plan.id, next(ids) if measure.id in others else measure.id, number, reason, old)
                    measures.append(new)
                    decision = replace(decision, new_id=new.id, new_number=number, review=tuple(new.review))
                decisions.append(decision)
                items.append(_evaluation_item(measure, reported, decision.carried))
            goals.append(goal.model_copy(update={"measures": measures}))
        areas.append(FocusArea(id=area.id, number=area.number, title=area.title, strategies=area.strategies,
                               description=area.description, goals=goals))

    new_meta = _successor_meta(plan.meta, new_id, period)
    new_evaluation = Evaluation(plan=plan.id, items=items)
    new_plan = Plan(meta=new_meta, focus_areas=areas, evaluation=new_evaluation, indicators=plan.indicators, alcohol=plan.alcohol, units=plan.units)
    return RollForward(plan.id, today or dt.date.today(), new_plan, plan_files(new_plan), tuple(decisions))


def _successor_meta(meta: PlanMeta, new_id: str, period: Period) -> PlanMeta:
    """plan.yaml of the successor: a draft in the new period that names its predecessor; the rest as the old plan says."""
    return PlanMeta(
        terms=meta.terms,
        language=meta.language,  # a nynorsk municipality's next plan is nynorsk too
        id=new_id,
        title=_retitle(meta.title, meta.period, period),
        municipalities=meta.municipalities,
        period=period,
        state=State.draft,
        predecessor=meta.id,
        vision=meta.vision,
        main_goals=meta.main_goals,
        follow_up=meta.follow_up,
        reporting=meta.reporting,
        related_plans=meta.related_plans,
        focus_areas=meta.focus_areas,
        style=meta.style,  # the municipality's look; the new plan lies beside the old, so the relative path still holds
    )


def _successor_id(plan: Plan, period: Period, new_id: str | None) -> str:
    """The new plan's id (derived from the old one unless given), checked: a later period, a valid id, not the old id."""
    old = plan.meta.period
    if not (period.start > old.start and period.end > old.end):
        raise RollForwardError("rollforward_period_order", start=period.start, end=period.end, old_start=old.start, old_end=old.end)
    new_id = new_id if new_id is not None else derive_id(plan.id, period)
    if not re.fullmatch(SLUG, new_id):
        proposal = ascii_id(new_id)
        if re.fullmatch(SLUG, proposal):
            raise RollForwardError("rollforward_bad_id_proposal", id=new_id, proposal=proposal)
        raise RollForwardError("rollforward_bad_id", id=new_id)
    if new_id == plan.id:
        raise RollForwardError("rollforward_same_id", id=new_id)
    return new_id


def _carry_ids(plan: Plan, carry: Iterable[str]) -> frozenset[str]:
    """The measures `--carry` names (`t41` or `molde-2020-2024/t41`), each one the plan has."""
    known = {m.id for _, _, m in plan.measures()}
    wanted: set[str] = set()
    for raw in carry:
        measure_id = raw.split("/", 1)[1] if raw.startswith(f"{plan.id}/") else raw
        if measure_id not in known:
            raise RollForwardError("rollforward_carry_unknown", id=raw, plan=plan.id)
        wanted.add(measure_id)
    return frozenset(wanted)


def _carry(measure: Measure, plan_id: str, new_id: str, number: int | str | None, reason: Reason, old: Period) -> Measure:
    """The measure as it continues in the new plan: new id and number, lineage, and what to review."""
    review: list[str] = []
    deadline = measure.deadline
    if deadline is not None and not deadline_holds(deadline, old):
        deadline = None
        review.append(DEADLINE)
    elif deadline is None and DEADLINE in measure.review:
        review.append(DEADLINE)  # still waiting for the deadline the last roll-forward asked for
    if reason is Reason.unknown:
        review.append(OUTCOME_UNKNOWN)
    return Measure(
        id=new_id,
        number=number,
        title=measure.title,
        description=measure.description,
        sub_points=measure.sub_points,
        kind=measure.kind,
        responsible=measure.responsible,
        partners=measure.partners,
        cost=measure.cost,
        deadline=deadline,
        carried_from=f"{plan_id}/{measure.id}",
        review=review,
        tags=measure.tags,
    )


def _evaluation_item(measure: Measure, reported: Reported | None, carried: bool) -> EvaluationItem:
    if reported is None:
        outcome, comment = Outcome.not_evaluated, None  # nobody said how it went: unknown, not «not done»
    else:
        outcome, comment = TO_OUTCOME[reported.status], reported.note
    return EvaluationItem(measure=measure.id, number=measure.number, title=measure.title, outcome=outcome, comment=comment, continued=carried)


# --- files as plain data --------------------------------------------------------------


def plan_files(plan: Plan) -> dict[str, dict[str, Any]]:
    """The plan folder's files as plain data, in the format's key order (the models' field order)."""
    files: dict[str, dict[str, Any]] = {"plan.yaml": plain(plan.meta)}
    for area in plan.focus_areas:
        files[f"focus-areas/{area.id}.yaml"] = plain(area)
    if plan.evaluation is not None:
        files["evaluation.yaml"] = plain(plan.evaluation)
    if plan.indicators:
        files["indicators.yaml"] = {"indicators": plain(plan.indicators)}
    if plan.alcohol is not None:
        files["alcohol.yaml"] = plain(plan.alcohol)
    if plan.units:
        files["units.yaml"] = {"units": plain(plan.units)}  # the municipality's register goes on with its plans
    return files


def plain(value: Any) -> Any:
    """Models to dicts (aliases as keys), enums to their values, whole floats to ints; cost and deadline as worded."""
    if isinstance(value, (Cost, Deadline)):
        return _wording(value)
    if isinstance(value, BaseModel):
        return {(info.alias or name): plain(getattr(value, name)) for name, info in type(value).model_fields.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _wording(value: Cost | Deadline) -> Any:
    """Just the plan's wording when reading it back gives the same meaning; else the explicit mapping."""
    text = value.text
    short: Any = int(text) if isinstance(value, Deadline) and re.fullmatch(r"[12]\d{3}", text) else text
    if type(value).model_validate(short) == value:
        return short
    return {name: plain(getattr(value, name)) for name in type(value).model_fields}

"""Reports as documents: a plan, its annual status or its revision, through Jinja templates.

The core builds a *context* of plain, frozen data (no pydantic object reaches a
template), so a municipality can restyle every report by overriding a template
by name without knowing the models; docs/templates.md describes the context.
Plan text is escaped everywhere: autoescape in HTML, and in Markdown a
`finalize` hook that escapes whatever a template does not mark as safe.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from rusplan import charts
from rusplan.diff import ChangeKind, DiffError, PriorOutcome, Target, diff_revision
from rusplan.messages import Msg, pick
from rusplan.model import DeadlineKind, FocusArea, Indicator, Measure, Outcome, Plan, Status
from rusplan.planfolder import read_plan
from rusplan.resources import templates_dir

REPORTS = ("plan", "status", "revision")
FORMATS = ("md", "html")

NOT_REPORTED = "not_reported"
STATUS_ORDER = ("done", "partly_done", "in_progress", "planned", "not_done", "discontinued", NOT_REPORTED)
STATUS_LABEL = {**{s.value: Msg.of(f"status.{s.value}").text("nb") for s in Status}, NOT_REPORTED: "ikke rapportert"}
FINISHED = {Status.done.value, Status.discontinued.value}

OUTCOME_LABEL = {
    Outcome.done.value: "gjennomført",
    Outcome.partly_done.value: "delvis gjennomført",
    Outcome.not_done.value: "ikke gjennomført",
    Outcome.discontinued.value: "avviklet",
}
OUTCOME_MARK = {Outcome.done.value: "✔", Outcome.partly_done.value: "◐", Outcome.not_done.value: "✖", Outcome.discontinued.value: "–"}
STATE_LABEL = {"draft": "utkast", "consultation": "på høring", "adopted": "vedtatt", "expired": "utløpt"}
SCOPE_LABEL = {"municipality": "kommune", "region": "region", "county": "fylke", "national": "nasjonalt"}
KIND_LABEL = {"measure": "Tiltak", "responsibility": "Ansvar"}
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")
NO_UNIT = "Uten ansvarlig enhet"


class RenderProblem(Exception):
    """A report cannot be made as asked; `text(lang)` words it for the person who asked, str() is bokmål."""

    def __init__(self, msg: Msg | tuple[str, str]) -> None:
        self.msg = msg
        super().__init__(self.text())

    def text(self, lang: str = "nb") -> str:
        return pick(self.msg, lang) if isinstance(self.msg, tuple) else self.msg.text(lang)


# --- formatting: Norwegian numbers and dates ---------------------------------------------


def format_date(value: dt.date | None) -> str | None:
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}" if value else None


def format_number(value: float) -> str:
    """32 → «32», 241393 → «241 393», 77.4 → «77,4» (non-breaking space, decimal comma)."""
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
        text = whole.replace(",", "\u00a0") + ("," + decimals if decimals else "")
    return text.replace("-", "−")


def format_value(value: float, unit: str | None) -> str:
    number = format_number(value)
    if not unit or unit == "antall":
        return number
    if unit == "prosent":
        return f"{number}\u00a0%"
    return f"{number}\u00a0{unit}"


def _display(number: int | str | None) -> str:
    return "" if number is None else str(number)


def _safe_url(url: str | None) -> str | None:
    """Only web and mail links leave the plan; a `javascript:` URL is dropped."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https", "mailto") else None


def _join_names(names: list[str]) -> str:
    """«Molde», «Molde og Aukra», «Molde, Aukra og Vestnes»."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def nb_sort_key(text: str) -> str:
    """Norwegian alphabetical order: … x y z æ ø å."""
    return text.casefold().translate(_NB_ORDER)


# --- the context: plain data ------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AdoptionView:
    date: str | None
    date_iso: str | None
    body: str | None
    case: str | None
    url: str | None
    unanimous: bool | None
    decision: list[str]


@dataclass(frozen=True)
class RelatedPlanView:
    title: str
    period: str | None
    url: str | None
    note: str | None


@dataclass(frozen=True)
class PlanInfo:
    id: str
    title: str
    municipality: str
    municipalities: list[str]
    lead_municipality: str | None
    period: str
    period_start: int
    period_end: int
    state: str
    state_label: str
    adoption: AdoptionView | None
    predecessor: str | None
    previous_adoption: str | None
    vision: str | None
    main_goals: list[str]
    follow_up_responsible: list[str]
    follow_up_text: str | None
    annual_reporting: bool
    related_plans: list[RelatedPlanView]
    working_group: list[str]
    description: str | None


@dataclass(frozen=True)
class MeasureView:
    id: str
    number: str
    label: str
    kind: str
    kind_label: str
    title: str
    description: str | None
    sub_points: list[str]
    responsible: list[str]
    partners: list[str]
    cost: str | None
    deadline: str | None
    deadline_kind: str | None
    carried_from: str | None
    carried_from_label: str | None
    tags: list[str]
    area_id: str
    area_title: str
    area_heading: str
    goal_id: str
    goal_heading: str


@dataclass(frozen=True)
class GoalView:
    id: str
    number: str
    heading: str
    title: str
    description: str | None
    result_goals: list[str]
    strategies: list[str]
    measures: list[MeasureView]


@dataclass(frozen=True)
class AreaView:
    id: str
    number: str
    heading: str
    title: str
    strategies: list[str]
    description: str | None
    goals: list[GoalView]
    measures: list[MeasureView]


@dataclass(frozen=True)
class IndicatorValue:
    year: int
    value: float
    text: str


@dataclass(frozen=True)
class IndicatorView:
    id: str
    title: str
    source: str | None
    unit: str | None
    scope: str
    scope_label: str
    area: str | None
    group: str | None
    values: list[IndicatorValue]
    note: str | None
    trend: bool


@dataclass(frozen=True)
class IndicatorSource:
    source: str
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class OutcomeView:
    key: str
    label: str
    mark: str
    comment: str | None
    continued: bool
    source: str


@dataclass(frozen=True)
class EvaluationItemView:
    measure_id: str
    number: str
    title: str
    outcome: OutcomeView


@dataclass(frozen=True)
class EvaluationGroup:
    heading: str | None
    items: list[EvaluationItemView]


@dataclass(frozen=True)
class EvaluationView:
    plan_id: str
    plan_title: str | None
    legend: str | None
    text: str | None
    items: list[EvaluationItemView]
    groups: list[EvaluationGroup]
    counts: list[Count]


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class AlcoholView:
    facts: list[Fact]
    note: str | None


@dataclass(frozen=True)
class MeasureStatus:
    measure: MeasureView
    status: str
    status_label: str
    note: str | None
    source: str | None
    date: str | None
    reported_year: int | None
    current: bool
    previous_status: str | None
    previous_label: str | None
    changed: bool
    overdue: bool
    due: bool


@dataclass(frozen=True)
class AreaProgress:
    id: str
    heading: str
    title: str
    total: int
    counts: list[Count]
    measures: list[MeasureStatus]


@dataclass(frozen=True)
class UnitView:
    name: str
    counts: list[Count]
    measures: list[MeasureStatus]


@dataclass(frozen=True)
class StatusReportInfo:
    year: int
    date: str | None
    source: str | None
    summary: str | None
    reported: int


@dataclass(frozen=True)
class Carried:
    old: MeasureView
    new: MeasureView
    outcome: OutcomeView | None


@dataclass(frozen=True)
class Dropped:
    old: MeasureView
    outcome: OutcomeView | None


@dataclass
class ReportContext:
    """What every template gets; `data` holds the report's own keys (see docs/templates.md)."""

    report: str
    plan: PlanInfo
    generated: dt.date | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "plan": self.plan,
            "generated": format_date(self.generated),
            "generated_iso": self.generated.isoformat() if self.generated else None,
            **self.data,
        }


# --- building the views ------------------------------------------------------------------


def plan_info(plan: Plan) -> PlanInfo:
    meta = plan.meta
    adoption = None
    if meta.adoption:
        a = meta.adoption
        adoption = AdoptionView(
            date=format_date(a.date),
            date_iso=a.date.isoformat() if a.date else None,
            body=a.body,
            case=a.case,
            url=_safe_url(a.url),
            unanimous=a.unanimous,
            decision=list(a.decision),
        )
    names = [m.name for m in meta.municipalities]
    lead = next((m.name for m in meta.municipalities if m.responsible), None)
    state = meta.state.value
    return PlanInfo(
        id=meta.id,
        title=meta.title,
        municipality=_join_names(names),
        municipalities=names,
        lead_municipality=lead if len(names) > 1 else None,
        period=f"{meta.period.start}–{meta.period.end}",
        period_start=meta.period.start,
        period_end=meta.period.end,
        state=state,
        state_label=STATE_LABEL[state],
        adoption=adoption,
        predecessor=meta.predecessor,
        previous_adoption=format_date(meta.previous_adoption),
        vision=meta.vision,
        main_goals=list(meta.main_goals),
        follow_up_responsible=list(meta.follow_up.responsible) if meta.follow_up else [],
        follow_up_text=meta.follow_up.text if meta.follow_up else None,
        annual_reporting=bool(meta.reporting and meta.reporting.value == "annual"),
        related_plans=[RelatedPlanView(r.title, f"{r.period.start}–{r.period.end}" if r.period else None, _safe_url(r.url), r.note) for r in meta.related_plans],
        working_group=list(meta.working_group),
        description=meta.description,
    )


def _area_heading(number: int | str | None, title: str) -> str:
    return f"{number}. {title}" if number is not None else title


def _goal_heading(number: int | str | None) -> str:
    return f"Mål {number}" if number is not None else "Mål"


def measure_view(measure: Measure, area: FocusArea, goal_id: str, goal_heading: str, predecessor: Plan | None = None) -> MeasureView:
    kind = measure.kind.value
    number = _display(measure.number)
    return MeasureView(
        id=measure.id,
        number=number,
        label=f"{KIND_LABEL[kind]} {number}".strip(),
        kind=kind,
        kind_label=KIND_LABEL[kind],
        title=measure.title,
        description=measure.description,
        sub_points=list(measure.sub_points),
        responsible=list(measure.responsible),
        partners=list(measure.partners),
        cost=measure.cost.text if measure.cost else None,
        deadline=measure.deadline.text if measure.deadline else None,
        deadline_kind=measure.deadline.kind.value if measure.deadline else None,
        carried_from=measure.carried_from,
        carried_from_label=_carried_from_label(measure.carried_from, predecessor),
        tags=list(measure.tags),
        area_id=area.id,
        area_title=area.title,
        area_heading=_area_heading(area.number, area.title),
        goal_id=goal_id,
        goal_heading=goal_heading,
    )


def _carried_from_label(ref: str | None, predecessor: Plan | None) -> str | None:
    """«tiltak 1.1 i Ruspolitisk handlingsplan 2016–2020» when the predecessor is at hand, else the reference itself."""
    if not ref:
        return None
    plan_id, _, measure_id = ref.partition("/")
    if predecessor is not None and predecessor.id == plan_id:
        for _, _, old in predecessor.measures():
            if old.id == measure_id:
                name = f"{KIND_LABEL[old.kind.value].lower()} {_display(old.number)}".strip()
                return f"{name} i {predecessor.meta.title}"
    return ref


def area_views(plan: Plan, predecessor: Plan | None = None) -> list[AreaView]:
    areas = []
    for area in plan.focus_areas:
        heading = _area_heading(area.number, area.title)
        goals = []
        for goal in area.goals:
            goal_heading = _goal_heading(goal.number)
            measures = [measure_view(m, area, goal.id, goal_heading, predecessor) for m in goal.measures]
            goals.append(GoalView(goal.id, _display(goal.number), goal_heading, goal.title, goal.description, list(goal.result_goals), list(goal.strategies), measures))
        areas.append(
            AreaView(area.id, _display(area.number), heading, area.title, list(area.strategies), area.description, goals, [m for g in goals for m in g.measures])
        )
    return areas


def indicator_view(indicator: Indicator) -> IndicatorView:
    values = [IndicatorValue(year, value, format_value(value, indicator.unit)) for year, value in sorted(indicator.values.items())]
    scope = indicator.scope.value
    return IndicatorView(
        id=indicator.id,
        title=indicator.title,
        source=indicator.source,
        unit=indicator.unit,
        scope=scope,
        scope_label=SCOPE_LABEL[scope],
        area=indicator.area,
        group=indicator.group,
        values=values,
        note=indicator.note,
        trend=len(values) >= 2,
    )


def indicator_sources(indicators: Iterable[IndicatorView]) -> list[IndicatorSource]:
    """Indicators grouped by source, in the order each source first appears in the plan."""
    groups: dict[str, list[IndicatorView]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.source or "Kilde ikke oppgitt", []).append(indicator)
    return [IndicatorSource(source, items) for source, items in groups.items()]


def _outcome(key: str, comment: str | None, continued: bool, source: str) -> OutcomeView:
    return OutcomeView(key, OUTCOME_LABEL.get(key) or STATUS_LABEL[key], OUTCOME_MARK.get(key, ""), comment, continued, source)


def _counts(keys: Iterable[str], order: Iterable[str], labels: dict[str, str]) -> list[Count]:
    keys = list(keys)
    return [Count(key, labels[key], keys.count(key)) for key in order]


def evaluation_view(plan: Plan, predecessor: Plan | None) -> EvaluationView | None:
    evaluation = plan.evaluation
    if evaluation is None:
        return None
    items = [
        EvaluationItemView(item.measure, _display(item.number), item.title or "", _outcome(item.outcome.value, item.comment, item.continued, "evaluering"))
        for item in evaluation.items
    ]
    old = predecessor if predecessor and predecessor.id == evaluation.plan else None
    return EvaluationView(
        plan_id=evaluation.plan,
        plan_title=old.meta.title if old else None,
        legend=evaluation.legend,
        text=evaluation.text,
        items=items,
        groups=_evaluation_groups(items, old),
        counts=_counts((i.outcome.key for i in items), OUTCOME_LABEL, OUTCOME_LABEL),
    )


def _evaluation_groups(items: list[EvaluationItemView], old: Plan | None) -> list[EvaluationGroup]:
    """Items under the old plan's focus areas (its numbers restart per area); one group without it."""
    if old is None:
        return [EvaluationGroup(None, items)]
    area_of = {m.id: _area_heading(a.number, a.title) for a, _, m in old.measures()}
    headings = [_area_heading(a.number, a.title) for a in old.focus_areas]
    grouped = {h: [i for i in items if area_of.get(i.measure_id) == h] for h in headings}
    rest = [i for i in items if i.measure_id not in area_of]
    groups = [EvaluationGroup(h, found) for h, found in grouped.items() if found]
    return groups + ([EvaluationGroup("Andre tiltak", rest)] if rest else [])


def alcohol_view(plan: Plan) -> AlcoholView | None:
    alcohol = plan.alcohol
    if alcohol is None:
        return None
    facts: list[Fact] = []
    for label, value in (
        ("Salgsbevillinger", alcohol.sales_licences),
        ("Skjenkebevillinger", alcohol.serving_licences),
        ("Kontroller per år", alcohol.controls_per_year),
        ("Kontroller per salgs- og skjenkested per år", alcohol.controls_per_outlet),
    ):
        if value is not None:
            facts.append(Fact(label, format_number(value)))
    hours = [
        ("Salgstid, hverdager", alcohol.sales_hours and alcohol.sales_hours.weekdays),
        ("Salgstid, dager før søn- og helligdager", alcohol.sales_hours and alcohol.sales_hours.before_holidays),
        ("Skjenketid, gruppe 1 og 2", alcohol.serving_hours and alcohol.serving_hours.group_1_2),
        ("Skjenketid, gruppe 3", alcohol.serving_hours and alcohol.serving_hours.group_3),
    ]
    facts.extend(Fact(label, f"kl. {h.start}–{h.end}") for label, h in hours if h)
    return AlcoholView(facts, alcohol.note)


# --- the three reports ---------------------------------------------------------------------


def plan_context(plan: Plan, predecessor: Plan | None = None, generated: dt.date | None = None) -> dict[str, Any]:
    """The plan as adopted: title page, focus areas, overview of measures, indicators, evaluation."""
    areas = area_views(plan, predecessor)
    indicators = [indicator_view(i) for i in plan.indicators]
    return ReportContext(
        "plan",
        plan_info(plan),
        generated,
        {
            "focus_areas": areas,
            "measure_count": sum(len(a.measures) for a in areas),
            "indicators": indicators,
            "indicator_sources": indicator_sources(indicators),
            "trends": [i for i in indicators if i.trend],
            "evaluation": evaluation_view(plan, predecessor),
            "alcohol": alcohol_view(plan),
        },
    ).as_dict()


def _deadline_end(measure: Measure, plan: Plan) -> dt.date | None:
    """When a deadline runs out: a date itself; a year, or «i planperioden», at the end of that year."""
    deadline = measure.deadline
    if deadline is None:
        return None
    if deadline.kind is DeadlineKind.date and deadline.date:
        return deadline.date
    if deadline.kind is DeadlineKind.year and deadline.year:
        return dt.date(deadline.year, 12, 31)
    if deadline.kind is DeadlineKind.period:
        return dt.date(plan.meta.period.end, 12, 31)
    return None


def latest_status(plan: Plan, year: int) -> dict[str, tuple[int, Any]]:
    """Each measure's most recent status item reported in `year` or before, with the year it was reported."""
    latest: dict[str, tuple[int, Any]] = {}
    for report_year, report in sorted(plan.status_reports.items()):
        if report_year > year:
            break
        for item in report.measures:
            latest[item.measure] = (report_year, item)
    return latest


def status_context(plan: Plan, year: int, generated: dt.date | None = None) -> dict[str, Any]:
    """The annual report for `year`.

    A measure's status is the latest reported in `year` or before; one never
    reported counts as «ikke rapportert». Overdue: the deadline ran out before
    the end of `year` (a year deadline runs out on 31 December of that year, so a
    2022 deadline is *due*, not overdue, in the 2022 report; a date deadline runs
    out on that date; «i planperioden» at the end of the period) and the status
    is neither done nor discontinued.
    """
    if year not in plan.status_reports:
        raise KeyError(year)
    report = plan.status_reports[year]
    previous_year = max((y for y in plan.status_reports if y < year), default=None)
    now = latest_status(plan, year)
    before = latest_status(plan, previous_year) if previous_year is not None else {}
    year_end = dt.date(year, 12, 31)

    areas: list[AreaProgress] = []
    everything: list[MeasureStatus] = []
    views = {m.id: m for a in area_views(plan) for m in a.measures}
    for area in plan.focus_areas:
        rows = []
        for goal in area.goals:
            for measure in goal.measures:
                reported_year, item = now.get(measure.id, (None, None))
                status = item.status.value if item else NOT_REPORTED
                previous = before[measure.id][1].status.value if measure.id in before else None
                end = _deadline_end(measure, plan)
                unfinished = status not in FINISHED
                row = MeasureStatus(
                    measure=views[measure.id],
                    status=status,
                    status_label=STATUS_LABEL[status],
                    note=item.note if item else None,
                    source=(item.source or plan.status_reports[reported_year].source) if item else None,
                    date=format_date(item.date) if item else None,
                    reported_year=reported_year,
                    current=reported_year == year,
                    previous_status=previous,
                    previous_label=STATUS_LABEL[previous] if previous else None,
                    changed=previous_year is not None and reported_year == year and status != previous,
                    overdue=unfinished and end is not None and end < year_end,
                    due=unfinished and end == year_end,
                )
                rows.append(row)
        everything.extend(rows)
        areas.append(
            AreaProgress(area.id, _area_heading(area.number, area.title), area.title, len(rows), _counts((r.status for r in rows), STATUS_ORDER, STATUS_LABEL), rows)
        )

    return ReportContext(
        "status",
        plan_info(plan),
        generated,
        {
            "year": year,
            "previous_year": previous_year,
            "status_report": StatusReportInfo(year, format_date(report.date), report.source, report.summary, len(report.measures)),
            "totals": AreaProgress("", "Hele planen", "Hele planen", len(everything), _counts((r.status for r in everything), STATUS_ORDER, STATUS_LABEL), everything),
            "focus_areas": areas,
            "changes": [r for r in everything if r.changed],
            "overdue": [r for r in everything if r.overdue],
            "due": [r for r in everything if r.due],
            "units": unit_views(everything),
            "statuses": [Count(key, STATUS_LABEL[key], 0) for key in STATUS_ORDER],
        },
    ).as_dict()


def unit_key(name: str) -> str:
    """One key for one unit however it is written: case, spacing, «helse- og omsorg» = «helse og omsorg»."""
    return re.sub(r"-(?= og )", "", " ".join(name.split()).casefold())


def unit_views(rows: list[MeasureStatus]) -> list[UnitView]:
    """Measures by responsible unit, as each unit reads its own part.

    Names that differ only in case, spacing or a hyphen before «og» («helse- og
    omsorg», «helse og omsorg») are one unit, shown as first written.
    """
    names: dict[str, str] = {}
    members: dict[str, dict[str, MeasureStatus]] = {}
    for row in rows:
        for unit in row.measure.responsible or [NO_UNIT]:
            shown = " ".join(unit.split())
            key = unit_key(unit)
            names.setdefault(key, shown[:1].upper() + shown[1:])
            members.setdefault(key, {}).setdefault(row.measure.id, row)
    order = sorted((k for k in names if names[k] != NO_UNIT), key=lambda k: nb_sort_key(names[k]))
    order += [k for k in names if names[k] == NO_UNIT]
    return [UnitView(names[k], _counts((r.status for r in members[k].values()), STATUS_ORDER, STATUS_LABEL), list(members[k].values())) for k in order]


def revision_context(old_plan: Plan, new_plan: Plan, generated: dt.date | None = None) -> dict[str, Any]:
    """What the new plan carried over from its predecessor, dropped and added, with the old outcomes.

    Built on `diff.diff_revision`, the comparison `rusplan diff` shows, so the
    report and the diff cannot disagree about what was carried over. An old
    measure's outcome comes from the new plan's evaluation (the judgement made at
    revision); without one, from the predecessor's latest status report. Dropped
    measures are listed in the old plan's order, which is how the council read them.
    """
    revision = diff_revision(old_plan, new_plan)
    old_views = {m.id: m for a in area_views(old_plan) for m in a.measures}
    new_views = {m.id: m for a in area_views(new_plan, old_plan) for m in a.measures}
    carried: list[Carried] = []
    added: list[MeasureView] = []
    dropped: dict[str, Dropped] = {}
    for change in revision.changes:
        if change.target is not Target.measure:
            continue
        measure_id = change.path.measure or ""
        if change.kind is ChangeKind.carried:
            carried.append(Carried(old_views[change.old["measure"]], new_views[measure_id], _prior_outcome(change.outcome)))
        elif change.kind is ChangeKind.added:
            added.append(new_views[measure_id])
        elif change.kind is ChangeKind.removed:
            dropped[measure_id] = Dropped(old_views[measure_id], _prior_outcome(change.outcome))
    return ReportContext(
        "revision",
        plan_info(new_plan),
        generated,
        {
            "predecessor": plan_info(old_plan),
            "carried": carried,
            "dropped": [dropped[mid] for mid in old_views if mid in dropped],
            "added": added,
            "old_count": len(old_views),
            "new_count": len(carried) + len(added),
        },
    ).as_dict()


def _prior_outcome(prior: PriorOutcome | None) -> OutcomeView | None:
    if prior is None:
        return None
    source = "evaluering" if prior.source == "evaluation" else f"statusrapport {prior.year}"
    return _outcome(prior.outcome, prior.comment, bool(prior.continued), source)


# --- text filters: Markdown in plan text, and escaping for Markdown output ---------------------


class MdText(str):
    """Markdown output that is already safe; the Markdown finalizer leaves it alone."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_MD_LINE_START = re.compile(r"^([#+=-])")


def md_escape(text: str) -> str:
    """Plain text as one line of Markdown that renders as exactly that text."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(r"\\\1", text)


def md_block(text: str) -> MdText:
    """Plan Markdown kept as Markdown, without raw HTML (GitHub would render it)."""
    lines = str(text).replace("\r\n", "\n").replace("<", "&lt;").strip().split("\n")
    return MdText("\n".join(line.rstrip() for line in lines))


@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt

    # No raw HTML, no bare-URL linking, no images (the document must work offline).
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def markdown_html(text: str, heading_offset: int = 3) -> Markup:
    """Plan Markdown as HTML; headings inside plan text are pushed below the document's own."""
    md = _markdown_it()
    tokens = md.parse(str(text))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + heading_offset)}"
    return Markup(md.renderer.render(tokens, md.options, {}))  # noqa: S704 - markdown-it escapes all text, html is off


@jinja2.pass_eval_context
def _markdown_filter(eval_ctx, text: str | None):
    if text is None:
        return ""
    return markdown_html(text) if eval_ctx.autoescape else md_block(text)


@jinja2.pass_eval_context
def _finalize(eval_ctx, value: Any) -> Any:
    if eval_ctx.autoescape or not isinstance(value, str) or isinstance(value, (Markup, MdText)):
        return value
    return md_escape(value)


def _md_url(url: str | None) -> MdText:
    """A link destination for Markdown: characters that would end it are percent-encoded."""
    return MdText(quote(url or "", safe=":/?#[]@!$&'*+,;=%~"))


def _bar(count: float, total: float, width: int = 20, rest: str = "") -> MdText:
    """A text bar for Markdown, where an SVG chart cannot be shown: `count` of `total` in `width` blocks."""
    filled = round(count / total * width) if total else 0
    return MdText("█" * filled + rest[:1] * (width - filled))


def _status_chart(areas: list[AreaProgress], title: str = "Status per fokusområde") -> Markup:
    rows = [charts.BarRow(a.heading, [charts.Segment(c.key, c.label, c.count) for c in a.counts]) for a in areas]
    return Markup(charts.status_chart(rows, title=title))  # noqa: S704 - charts escape every text


def _trend_chart(indicator: IndicatorView) -> Markup:
    points = [charts.Point(v.year, v.value, v.text) for v in indicator.values]
    return Markup(charts.trend_chart(points, title=indicator.title))  # noqa: S704 - charts escape every text


# --- the environment ------------------------------------------------------------------


@lru_cache(maxsize=8)
def environment(extra: Path | None = None) -> jinja2.Environment:
    """Built once per template search path: `extra` first, so any template can be overridden by name."""
    paths = ([str(extra)] if extra else []) + [str(templates_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths, encoding="utf-8"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(markdown=_markdown_filter, md_url=_md_url, bar=_bar, number=format_number)
    env.globals.update(status_chart=_status_chart, trend_chart=_trend_chart)
    return env


def template_name(report: str, fmt: str) -> str:
    return f"{report}.{fmt}.j2"


def _template_position(error: BaseException) -> tuple[str, int] | None:
    """The template file and line an error happened in, from Jinja's rewritten traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    found = None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render(report: str, fmt: str, context: dict[str, Any], templates: Path | None = None) -> str:
    """The report as text; any template problem becomes a `RenderProblem` naming the file and line."""
    env = environment(templates.resolve() if templates else None)
    name = template_name(report, fmt)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        searched = ", ".join(str(p) for p in env.loader.searchpath)  # type: ignore[union-attr]
        raise RenderProblem(Msg.of("render_template_missing", name=error.name, searched=searched)) from error
    except Exception as error:
        where = _template_position(error)
        if where is None:
            raise
        message = getattr(error, "message", None) or str(error)
        raise RenderProblem(Msg.of("render_template_error", file=where[0], line=where[1], problem=message)) from error


# --- from a plan folder to a document ----------------------------------------------------------


def load_predecessor(folder: Path, plan: Plan) -> Plan | None:
    """The predecessor beside the plan folder (folder.parent / predecessor id), when it is there and valid."""
    if not plan.meta.predecessor:
        return None
    beside = folder.parent / plan.meta.predecessor
    if not (beside / "plan.yaml").is_file():
        return None
    return read_plan(beside).plan


def build_context(folder: Path, plan: Plan, report: str, year: int | None = None, generated: dt.date | None = None) -> dict[str, Any]:
    """The context for `report`; a `RenderProblem` when the plan cannot give that report."""
    if report == "plan":
        return plan_context(plan, load_predecessor(folder, plan), generated)
    if report == "status":
        if not plan.status_reports:
            raise RenderProblem(Msg.of("render_no_status_reports", id=plan.id))
        chosen = year if year is not None else max(plan.status_reports)
        if chosen not in plan.status_reports:
            years = ", ".join(str(y) for y in plan.status_reports)
            raise RenderProblem(Msg.of("render_no_status_for_year", id=plan.id, year=chosen, years=years))
        return status_context(plan, chosen, generated)
    if report == "revision":
        if not plan.meta.predecessor:
            raise RenderProblem(Msg.of("render_no_predecessor", id=plan.id))
        old = load_predecessor(folder, plan)
        if old is None:
            raise RenderProblem(Msg.of("render_predecessor_missing", predecessor=plan.meta.predecessor, folder=str(folder.parent), id=plan.id))
        try:
            return revision_context(old, plan, generated)
        except DiffError as error:
            raise RenderProblem(error.pair) from error
    raise RenderProblem(Msg.of("render_unknown_report", report=report, choices=", ".join(REPORTS)))


def write_output(path: Path, text: str, force: bool = False) -> None:
    """Write atomically: a temporary file beside `path`, then one rename; never half a document."""
    if path.exists() and not force:
        raise FileExistsError(path)
    directory = path.parent if str(path.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, prefix=f".{path.name}.", suffix=".tmp", delete=False, newline="")
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(handle.name, 0o666 & ~mask)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise

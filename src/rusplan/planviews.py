"""Building the views of a plan's parts (views.py) in the report's language.

Every word a view carries (status, outcome, state, scope and kind names, «ikke
rapportert», «Uten ansvarlig enhet») comes from the catalog: `labels(lang)`
holds them, so a template and a Word document say the same.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from rusplan.evaluated import is_placeholder
from rusplan.formatting import display, format_date, format_number, format_value, join_names, safe_url, word
from rusplan.model import FocusArea, Goal, Indicator, Measure, Outcome, Plan, Scope, State, Status, effective_responsible, span_years
from rusplan.terms import Words, words
from rusplan.views import (
    AdoptionView,
    AlcoholView,
    AreaView,
    Count,
    EvaluationGroup,
    EvaluationItemView,
    EvaluationView,
    Fact,
    GoalView,
    IndicatorSource,
    IndicatorValue,
    IndicatorView,
    MeasureView,
    OutcomeView,
    PlanInfo,
    RelatedPlanView,
)

NOT_REPORTED = "not_reported"
STATUS_ORDER = ("done", "partly_done", "in_progress", "planned", "not_done", "discontinued", NOT_REPORTED)
FINISHED = {Status.done.value, Status.discontinued.value}
OUTCOME_MARK = {Outcome.done.value: "✔", Outcome.partly_done.value: "◐", Outcome.not_done.value: "✖", Outcome.discontinued.value: "–",
                Outcome.not_evaluated.value: "?"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Labels:
    """The names of statuses, outcomes, plan states, indicator scopes and measure kinds in one language."""

    status: dict[str, str]
    outcome: dict[str, str]
    state: dict[str, str]
    scope: dict[str, str]
    kind: dict[str, str]
    no_unit: str


@functools.cache
def labels(lang: str = "nb") -> Labels:
    status = {**{s.value: word(f"status.{s.value}", lang) for s in Status}, NOT_REPORTED: word("report.not_reported", lang)}
    return Labels(
        status=status,
        outcome={o.value: status.get(o.value) or word(f"status.{o.value}", lang) for o in Outcome},
        state={s.value: word(f"value.{s.value}", lang) for s in State},
        scope={s.value: word(f"value.{s.value}", lang) for s in Scope},
        kind={k: _capital(word(f"value.{k}", lang)) for k in ("measure", "responsibility")},
        no_unit=word("report.no_unit", lang),
    )


def plan_info(plan: Plan, lang: str = "nb") -> PlanInfo:
    meta = plan.meta
    adoptions = [
        AdoptionView(
            municipality=a.municipality,
            date=format_date(a.date, lang),
            date_iso=a.date.isoformat() if a.date else None,
            body=a.body,
            case=a.case,
            url=safe_url(a.url),
            unanimous=a.unanimous,
            decision=list(a.decision),
        )
        for a in (meta.adoption if isinstance(meta.adoption, list) else [meta.adoption] if meta.adoption else [])
    ]
    adoption = adoptions[0] if len(adoptions) == 1 else None
    names = [m.name for m in meta.municipalities]
    leads = [m for m in meta.municipalities if m.responsible]
    rotating = len(leads) > 1 and all(m.responsible_period for m in leads)
    lead = (join_names([f"{m.name} {m.responsible_period.start}–{m.responsible_period.end}" for m in leads], lang) if rotating
            else next((m.name for m in leads), None))
    state = meta.state.value
    return PlanInfo(
        id=meta.id,
        title=meta.title,
        municipality=join_names(names, lang),
        municipalities=names,
        lead_municipality=lead if len(names) > 1 else None,
        period=f"{meta.period.start}–{meta.period.end}",
        period_start=meta.period.start,
        period_end=meta.period.end,
        state=state,
        state_label=labels(lang).state[state],
        adoption=adoption,
        predecessor=meta.predecessor,
        previous_adoption=str(meta.previous_adoption) if isinstance(meta.previous_adoption, int) else format_date(meta.previous_adoption, lang),
        vision=meta.vision,
        main_goals=list(meta.main_goals),
        follow_up_responsible=list(meta.follow_up.responsible) if meta.follow_up else [],
        follow_up_text=meta.follow_up.text if meta.follow_up else None,
        annual_reporting=bool(meta.reporting and meta.reporting.value == "annual"),
        related_plans=[RelatedPlanView(r.title, f"{r.period.start}–{r.period.end}" if r.period else None, safe_url(r.url), r.note) for r in meta.related_plans],
        working_group=list(meta.working_group),
        description=meta.description,
        adoptions=adoptions if len(adoptions) > 1 else [],
        document_date=format_date(meta.document_date, lang),
        next_revision=meta.next_revision,
        terms=words(meta.terms, lang),
    )


def area_heading(number: int | str | None, title: str) -> str:
    return f"{number}. {title}" if number is not None else title


def _goal_heading(number: int | str | None, term: str) -> str:
    return f"{term} {number}" if number is not None else term


def measure_view(
    measure: Measure, area: FocusArea, goal_id: str, goal_heading: str, predecessor: Plan | None = None,
    *, goal: Goal | None = None, reference: str | None = None, term: Words | None = None, lang: str = "nb",
) -> MeasureView:
    kind = measure.kind.value
    number = display(measure.number)
    kind_label = term.measure if term is not None and kind == "measure" else labels(lang).kind[kind]
    effective, source = effective_responsible(goal, measure) if goal is not None else (list(measure.responsible), "measure" if measure.responsible else None)
    return MeasureView(
        id=measure.id,
        number=number,
        label=f"{kind_label} {number or reference or ''}".strip(),
        kind=kind,
        kind_label=kind_label,
        title=measure.title,
        description=measure.description,
        sub_points=list(measure.sub_points),
        responsible=list(measure.responsible),
        partners=list(measure.partners),
        cost=measure.cost.text if measure.cost else None,
        deadline=measure.deadline.text if measure.deadline else None,
        deadline_kind=measure.deadline.kind.value if measure.deadline else None,
        carried_from=measure.carried_from,
        carried_from_label=_carried_from_label(measure.carried_from, predecessor, lang),
        tags=list(measure.tags),
        area_id=area.id,
        area_title=area.title,
        area_heading=area_heading(area.number, area.title),
        goal_id=goal_id,
        goal_heading=goal_heading,
        reference=reference or number or measure.id,
        responsible_from=source,
        responsible_effective=effective,
    )


def _carried_from_label(ref: str | None, predecessor: Plan | None, lang: str) -> str | None:
    """«tiltak 1.1 i Ruspolitisk handlingsplan 2016–2020» when the predecessor is at hand, else the reference itself."""
    if not ref:
        return None
    plan_id, _, measure_id = ref.partition("/")
    if predecessor is not None and predecessor.id == plan_id and measure_id in predecessor.measure_index:
        _, _, old = predecessor.measure_index[measure_id]
        name = f"{labels(lang).kind[old.kind.value].lower()} {display(old.number)}".strip()
        return word("report.carried_from", lang, measure=name, plan=predecessor.meta.title)
    return ref


def area_views(plan: Plan, predecessor: Plan | None = None, lang: str = "nb") -> list[AreaView]:
    areas = []
    term = words(plan.meta.terms, lang)
    references = plan.references()
    for area in plan.focus_areas:
        heading = area_heading(area.number, area.title)
        goals = []
        for goal in area.goals:
            goal_heading = _goal_heading(goal.number, term.goal)
            measures = [measure_view(m, area, goal.id, goal_heading, predecessor, goal=goal, reference=references[m.id], term=term, lang=lang) for m in goal.measures]
            goals.append(GoalView(goal.id, display(goal.number), goal_heading, goal.title, goal.description, list(goal.result_goals), list(goal.strategies), measures,
                                  list(goal.responsible)))
        areas.append(
            AreaView(area.id, display(area.number), heading, area.title, list(area.strategies), area.description, goals, [m for g in goals for m in g.measures])
        )
    return areas


def indicator_view(indicator: Indicator, lang: str = "nb") -> IndicatorView:
    ordered = sorted(indicator.values.items(), key=lambda kv: span_years(kv[0]))
    values = [IndicatorValue(span_years(key)[0], value, format_value(value, indicator.unit), str(key)) for key, value in ordered]
    scope = indicator.scope.value
    return IndicatorView(
        id=indicator.id,
        title=indicator.title,
        source=indicator.source,
        unit=indicator.unit,
        scope=scope,
        scope_label=labels(lang).scope[scope],
        area=indicator.area,
        group=indicator.group,
        values=values,
        note=indicator.note,
        trend=len(values) >= 2,
        municipality=indicator.municipality,
    )


def indicator_sources(indicators: Iterable[IndicatorView], lang: str = "nb") -> list[IndicatorSource]:
    """Indicators grouped by source, in the order each source first appears in the plan."""
    groups: dict[str, list[IndicatorView]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.source or word("report.source_unknown", lang), []).append(indicator)
    return [IndicatorSource(source, items) for source, items in groups.items()]


def outcome_view(key: str, comment: str | None, continued: bool, source: str, lang: str = "nb") -> OutcomeView:
    if is_placeholder(comment):  # a prompt left for the secretary is not a result: never show it as one
        key, comment = Outcome.not_evaluated.value, None
    names = labels(lang)
    return OutcomeView(key, names.outcome.get(key) or names.status[key], OUTCOME_MARK.get(key, ""), comment, continued, source)


def counts(keys: Iterable[str], order: Iterable[str], names: dict[str, str]) -> list[Count]:
    keys = list(keys)
    return [Count(key, names[key], keys.count(key)) for key in order]


def evaluation_view(plan: Plan, predecessor: Plan | None, lang: str = "nb") -> EvaluationView | None:
    evaluation = plan.evaluation
    if evaluation is None:
        return None
    source = word("report.source.evaluation", lang)
    items = [
        EvaluationItemView(item.measure, display(item.number), item.title or "", outcome_view(item.outcome.value, item.comment, item.continued, source, lang))
        for item in evaluation.items
    ]
    old = predecessor if predecessor and predecessor.id == evaluation.plan else None
    outcomes = labels(lang).outcome
    return EvaluationView(
        plan_id=evaluation.plan,
        plan_title=old.meta.title if old else None,
        legend=evaluation.legend,
        text=evaluation.text,
        items=items,
        groups=_evaluation_groups(items, old, lang),
        counts=counts((i.outcome.key for i in items), outcomes, outcomes),
    )


def _evaluation_groups(items: list[EvaluationItemView], old: Plan | None, lang: str) -> list[EvaluationGroup]:
    """Items under the old plan's focus areas (its numbers restart per area); one group without it."""
    if old is None:
        return [EvaluationGroup(None, items)]
    area_of = {m.id: area_heading(a.number, a.title) for a, _, m in old.measures()}
    headings = [area_heading(a.number, a.title) for a in old.focus_areas]
    grouped = {h: [i for i in items if area_of.get(i.measure_id) == h] for h in headings}
    rest = [i for i in items if i.measure_id not in area_of]
    groups = [EvaluationGroup(h, found) for h, found in grouped.items() if found]
    return groups + ([EvaluationGroup(word("report.other_measures", lang), rest)] if rest else [])


def alcohol_view(plan: Plan, lang: str = "nb") -> AlcoholView | None:
    alcohol = plan.alcohol
    if alcohol is None:
        return None
    facts: list[Fact] = []
    sales, serving = alcohol.sales_licences, alcohol.serving_licences
    if plan.licences is not None:  # a register: the counts are derived from it
        from rusplan.alcoholmodel import LicenceKind, outlets_with

        period = plan.meta.period
        sales, serving = (len(outlets_with(plan.licences, period.start, period.end, (kind,))) for kind in (LicenceKind.sales, LicenceKind.serving))
    for key, value in (
        ("sales_licences", sales),
        ("serving_licences", serving),
        ("controls_per_year", alcohol.controls_per_year),
        ("controls_per_outlet", alcohol.controls_per_outlet),
    ):
        if value is not None:
            facts.append(Fact(word(f"report.alcohol.{key}", lang), format_number(value)))
    hours = [
        ("sales_weekdays", alcohol.sales_hours and alcohol.sales_hours.weekdays),
        ("sales_before_holidays", alcohol.sales_hours and alcohol.sales_hours.before_holidays),
        ("serving_group_1_2", alcohol.serving_hours and alcohol.serving_hours.group_1_2),
        ("serving_group_3", alcohol.serving_hours and alcohol.serving_hours.group_3),
    ]
    facts.extend(Fact(word(f"report.alcohol.{key}", lang), word("report.hours", lang, start=h.start, end=h.end)) for key, h in hours if h)
    return AlcoholView(facts, alcohol.note)

"""The report context's plain data: frozen views of a plan that templates read (docs/templates.md).

No pydantic object reaches a template: a municipality can restyle a report by
overriding a template by name, knowing only these views. They are built in
`planviews.py` (the plan's parts) and `reportcontext.py` (the three reports).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rusplan.formatting import format_date
from rusplan.terms import Words, words


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AdoptionView:
    municipality: str | None
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
    adoptions: list[AdoptionView] = field(default_factory=list)
    document_date: str | None = None
    next_revision: int | None = None
    terms: Words = field(default_factory=lambda: words(None))


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
    reference: str = ""
    responsible_from: str | None = None
    responsible_effective: list[str] = field(default_factory=list)


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
    responsible: list[str] = field(default_factory=list)


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
    year: int  # the first year of a span
    value: float
    text: str
    label: str = ""  # «2018», or a span as the plan gives it: «2015–2016»


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
    municipality: str | None = None


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
    due_this_year: bool = False


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

    @property
    def heading(self) -> str:
        return self.name

    @property
    def total(self) -> int:
        return len(self.measures)


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
    lang: str = "nb"

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "lang": self.lang,
            "plan": self.plan,
            "generated": format_date(self.generated, self.lang),
            "generated_iso": self.generated.isoformat() if self.generated else None,
            **self.data,
        }

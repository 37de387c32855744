"""The contexts of the three plan reports: the plan as adopted, its annual status, its revision.

Each is a dict of plain views (views.py) a template reads, worded in the report's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from rusplan.diff import ChangeKind, Target, diff_revision
from rusplan.formatting import format_date, nb_sort_key, word
from rusplan.history import PriorOutcome, latest_status
from rusplan.model import DeadlineKind, Measure, Plan
from rusplan.planviews import (
    FINISHED,
    NOT_REPORTED,
    STATUS_ORDER,
    alcohol_view,
    area_heading,
    area_views,
    counts,
    evaluation_view,
    indicator_sources,
    indicator_view,
    labels,
    outcome_view,
    plan_info,
)
from rusplan.units import Register
from rusplan.views import AreaProgress, Carried, Count, Dropped, MeasureStatus, MeasureView, OutcomeView, ReportContext, StatusReportInfo, UnitView


def plan_context(plan: Plan, predecessor: Plan | None = None, generated: dt.date | None = None, lang: str = "nb") -> dict[str, Any]:
    """The plan as adopted: title page, focus areas, overview of measures, indicators, evaluation."""
    areas = area_views(plan, predecessor, lang)
    indicators = [indicator_view(i, lang) for i in plan.indicators]
    return ReportContext(
        "plan",
        plan_info(plan, lang),
        generated,
        {
            "focus_areas": areas,
            "measure_count": sum(len(a.measures) for a in areas),
            "indicators": indicators,
            "indicator_sources": indicator_sources(indicators, lang),
            "trends": [i for i in indicators if i.trend],
            "evaluation": evaluation_view(plan, predecessor, lang),
            "alcohol": alcohol_view(plan, lang),
        },
        lang,
    ).as_dict()


def deadline_end(measure: Measure, plan: Plan) -> dt.date | None:
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


def status_context(plan: Plan, year: int, generated: dt.date | None = None, lang: str = "nb") -> dict[str, Any]:
    """The annual report for `year`.

    A measure's status is the latest reported in `year` or before; one never
    reported counts as «ikke rapportert». Overdue: the deadline ran out before
    the end of `year` (a year deadline runs out on 31 December of that year, so a
    2022 deadline is *due*, not overdue, in the 2022 report; a date deadline runs
    out on that date; «i planperioden» at the end of the period) and the status
    is neither done nor discontinued. Per focus area and per responsible unit,
    the measures due in `year` that are not reported done come first.
    """
    if year not in plan.status_reports:
        raise KeyError(year)
    report = plan.status_reports[year]
    previous_year = max((y for y in plan.status_reports if y < year), default=None)
    now = latest_status(plan, year)
    before = latest_status(plan, previous_year) if previous_year is not None else {}
    names = labels(lang).status

    areas: list[AreaProgress] = []
    everything: list[MeasureStatus] = []
    views = {m.id: m for a in area_views(plan, lang=lang) for m in a.measures}
    for area in plan.focus_areas:
        rows = [_status_row(plan, year, previous_year, views[m.id], now.get(m.id, (None, None)), before.get(m.id), m, lang)
                for goal in area.goals for m in goal.measures]
        everything.extend(rows)
        areas.append(
            AreaProgress(area.id, area_heading(area.number, area.title), area.title, len(rows), counts((r.status for r in rows), STATUS_ORDER, names), _due_first(rows))
        )
    whole = word("report.whole_plan", lang)
    return ReportContext(
        "status",
        plan_info(plan, lang),
        generated,
        {
            "year": year,
            "previous_year": previous_year,
            "status_report": StatusReportInfo(year, format_date(report.date, lang), report.source, report.summary, len(report.measures)),
            "totals": AreaProgress("", whole, whole, len(everything), counts((r.status for r in everything), STATUS_ORDER, names), everything),
            "focus_areas": areas,
            "changes": [r for r in everything if r.changed],
            "overdue": [r for r in everything if r.overdue],
            "due": [r for r in everything if r.due],
            "units": unit_views(everything, Register(plan.units), lang),
            "statuses": [Count(key, names[key], 0) for key in STATUS_ORDER],
        },
        lang,
    ).as_dict()


def _status_row(
    plan: Plan, year: int, previous_year: int | None, view: MeasureView, now: tuple[int | None, Any], before: tuple[int, Any] | None, measure: Measure, lang: str
) -> MeasureStatus:
    """One measure's line in the annual report (the rules are in `status_context`)."""
    names = labels(lang).status
    reported_year, item = now
    status = item.status.value if item else NOT_REPORTED
    previous = before[1].status.value if before else None
    end = deadline_end(measure, plan)
    year_end = dt.date(year, 12, 31)
    unfinished = status not in FINISHED
    return MeasureStatus(
        measure=view,
        status=status,
        status_label=names[status],
        note=item.note if item else None,
        source=(item.source or plan.status_reports[reported_year].source) if item else None,
        date=format_date(item.date, lang) if item else None,
        reported_year=reported_year,
        current=reported_year == year,
        previous_status=previous,
        previous_label=names[previous] if previous else None,
        changed=previous_year is not None and reported_year == year and status != previous,
        overdue=unfinished and end is not None and end < year_end,
        due=unfinished and end == year_end,
        due_this_year=unfinished and end is not None and end.year == year,
    )


def unit_views(rows: list[MeasureStatus], register: Register | None = None, lang: str = "nb") -> list[UnitView]:
    """Measures by responsible unit, as each unit reads its own part.

    Names that differ only in case, spacing or a hyphen before «og» («helse- og
    omsorg», «helse og omsorg») are one unit, shown as first written; with a
    register of units (units.yaml), every alias counts as its unit, shown by the unit's name.
    """
    no_unit = labels(lang).no_unit
    names: dict[str, str] = {}
    members: dict[str, dict[str, MeasureStatus]] = {}
    for row in rows:
        for unit in row.measure.responsible_effective or [no_unit]:
            key, shown = unit_key(register.canonical(unit) if register and unit != no_unit else unit)
            names.setdefault(key, shown)
            members.setdefault(key, {}).setdefault(row.measure.id, row)
    order = sorted((k for k in names if names[k] != no_unit), key=lambda k: nb_sort_key(names[k]))
    order += [k for k in names if names[k] == no_unit]
    status = labels(lang).status
    return [UnitView(names[k], counts((r.status for r in members[k].values()), STATUS_ORDER, status), _due_first(members[k].values())) for k in order]


def _due_first(rows: Iterable[MeasureStatus]) -> list[MeasureStatus]:
    """The progress view's order: measures due in the report's year and not reported done first, then plan order."""
    return sorted(rows, key=lambda r: not r.due_this_year)


def unit_key(name: str) -> tuple[str, str]:
    """A responsible unit's grouping key and its name as shown (see `unit_views`); the status forms group by it too."""
    shown = " ".join(name.split())
    return re.sub(r"-(?= og )", "", shown.casefold()), shown[:1].upper() + shown[1:]


def revision_context(old_plan: Plan, new_plan: Plan, generated: dt.date | None = None, lang: str = "nb") -> dict[str, Any]:
    """What the new plan carried over from its predecessor, dropped and added, with the old outcomes.

    Built on `diff.diff_revision`, the comparison `rusplan diff` shows, so the
    report and the diff cannot disagree about what was carried over. An old
    measure's outcome comes from the new plan's evaluation (the judgement made at
    revision); without one, from the predecessor's latest status report. Dropped
    measures are listed in the old plan's order, which is how the council read them.
    """
    revision = diff_revision(old_plan, new_plan)
    old_views = {m.id: m for a in area_views(old_plan, lang=lang) for m in a.measures}
    new_views = {m.id: m for a in area_views(new_plan, old_plan, lang) for m in a.measures}
    carried: list[Carried] = []
    added: list[MeasureView] = []
    dropped: dict[str, Dropped] = {}
    for change in revision.changes:
        if change.target is not Target.measure:
            continue
        measure_id = change.path.measure or ""
        if change.kind is ChangeKind.carried:
            carried.append(Carried(old_views[change.old["measure"]], new_views[measure_id], prior_outcome(change.outcome, lang)))
        elif change.kind is ChangeKind.added:
            added.append(new_views[measure_id])
        elif change.kind is ChangeKind.removed:
            dropped[measure_id] = Dropped(old_views[measure_id], prior_outcome(change.outcome, lang))
    return ReportContext(
        "revision",
        plan_info(new_plan, lang),
        generated,
        {
            "predecessor": plan_info(old_plan, lang),
            "carried": carried,
            "dropped": [dropped[mid] for mid in old_views if mid in dropped],
            "added": added,
            "old_count": len(old_views),
            "new_count": len(carried) + len(added),
        },
        lang,
    ).as_dict()


def prior_outcome(prior: PriorOutcome | None, lang: str = "nb") -> OutcomeView | None:
    """An old measure's outcome as the revision found it, saying where from (the evaluation or a status report)."""
    if prior is None:
        return None
    source = word("report.source.evaluation", lang) if prior.source == "evaluation" else word("report.source.status", lang, year=prior.year)
    return outcome_view(prior.outcome, prior.comment, bool(prior.continued), source, lang)

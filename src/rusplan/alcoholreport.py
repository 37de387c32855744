"""The alcohol report for one year: licences, controls against the minimum, points, withdrawals.

Built from the licence register and the year's control log as plain, frozen data
(the same rules as `rusplan validate` use: alcoholmodel's tables and counts), so a
template never sees a pydantic object. Also the figures Helsedirektoratet's yearly
survey of the municipalities asks about, as far as the register and the log hold them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from rusplan.alcoholmodel import (
    PERMANENT,
    POINTS,
    Category,
    ControlKind,
    ControlLog,
    Licence,
    LicenceKind,
    LicenceRegister,
    Outlet,
    active_in,
    control_points,
    controlled_outlets,
)
from rusplan.formatting import word
from rusplan.model import Plan

WITHDRAWAL_POINTS = 12




def _day(date: dt.date | None) -> str | None:
    return date.strftime("%d.%m.%Y") if date else None


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    groups: str
    count: int


@dataclass(frozen=True)
class OutletRow:
    id: str
    name: str
    owner: str | None
    municipality: str
    licences: str
    must_be_controlled: bool
    controls: int
    controlled: bool
    points_year: int
    points_two_years: int
    due: bool


@dataclass(frozen=True)
class MinimumRow:
    municipality: str
    outlets: int
    needed: int
    controls: int
    met: bool


@dataclass(frozen=True)
class BreachRow:
    date: str
    outlet: str
    category: str
    points: int
    standard: int | None
    decided: str | None
    text: str | None
    note: str | None


@dataclass(frozen=True)
class WithdrawalRow:
    outlet: str
    licence: str
    decided: str
    start: str | None
    end: str | None
    case: str | None
    note: str | None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def _groups(licence: Licence) -> str:
    return ", ".join(str(g) for g in sorted(licence.groups)) or "–"


def _licence_text(licence: Licence, lang: str) -> str:
    kind = word(f"licence_kind.{licence.kind.value}", lang)
    return word("report.alcohol.licence_groups", lang, kind=kind, groups=_groups(licence)) if licence.groups else kind


def _on(licence: Licence, day: dt.date) -> bool:
    return (licence.valid_from or dt.date.min) <= day <= (licence.valid_to or dt.date.max)


def _granted_in(licence: Licence, year: int) -> bool:
    return licence.valid_from is not None and licence.valid_from.year == year


def _two_years_before(date: dt.date) -> dt.date:
    try:
        return date.replace(year=date.year - 2)
    except ValueError:
        return date.replace(year=date.year - 2, day=28)


def kind_rows(register: LicenceRegister, year: int, lang: str = "nb") -> list[KindRow]:
    """Licences by kind and groups: the permanent ones valid on 31 December, the occasional ones granted in the year."""
    year_end = dt.date(year, 12, 31)
    counts: Counter[tuple[str, str]] = Counter()
    for outlet in register.outlets:
        for licence in outlet.licences:
            counted = _on(licence, year_end) if licence.kind in PERMANENT or licence.kind is LicenceKind.monopoly else _granted_in(licence, year)
            if counted:
                counts[(licence.kind.value, _groups(licence))] += 1
    order = [k.value for k in LicenceKind]
    return [KindRow(kind, word(f"licence_kind.{kind}", lang), groups, n) for (kind, groups), n in sorted(counts.items(), key=lambda i: (order.index(i[0][0]), i[0][1]))]


def _events(plan: Plan) -> dict[str, list[tuple[dt.date, int]]]:
    events: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for log in plan.controls.values():
        for control in log.controls:
            for _index, breach in control_points(control):
                events[control.outlet].append((control.date, breach.given))
    return events


def _municipality(plan: Plan, outlet: Outlet) -> str:
    names = [m.name for m in plan.meta.municipalities]
    return outlet.municipality or (names[0] if len(names) == 1 else "")


def alcohol_data(plan: Plan, year: int, lang: str = "nb") -> dict[str, Any]:
    """The report's own keys (see docs/templates.md): everything about `year`, worded in `lang`."""
    register: LicenceRegister = plan.licences  # type: ignore[assignment]
    log: ControlLog | None = plan.controls.get(year)
    controls = log.controls if log else []
    must = {o.id for o in controlled_outlets(register, year)}
    outlets = _outlet_rows(plan, register, controls, must, year, lang)

    home = {o.id: _municipality(plan, o) for o in register.outlets}
    outlets_per_place = Counter(home[o] for o in must)
    controls_per_place = Counter(home.get(c.outlet) for c in controls)
    minimum = [MinimumRow(place, count, 3 * count, controls_per_place[place], controls_per_place[place] >= 3 * count)
               for place, count in sorted(outlets_per_place.items())]

    withdrawals = [
        WithdrawalRow(outlet.name, lic.id, _day(w.decided), _day(w.start), _day(w.end), w.case, w.note)
        for outlet in register.outlets for lic in outlet.licences for w in lic.withdrawals
        if w.decided.year == year or (w.start and w.start.year == year)
    ]

    return {
        "year": year,
        "log": {"exists": log is not None, "complete": bool(log and (log.complete if log.complete is not None else year < dt.date.today().year)),
                "note": log.note if log else None, "controls": len(controls)},
        "licences": kind_rows(register, year, lang),
        "outlets": outlets,
        "minimum": minimum,
        "minimum_met": all(m.met for m in minimum) and all(o.controlled for o in outlets if o.must_be_controlled),
        "breaches": _breach_rows(register, controls, lang),
        "points": [o for o in outlets if o.points_year or o.points_two_years],
        "withdrawals": withdrawals,
        "withdrawals_due": [o for o in outlets if o.due],
        "survey": survey_figures(plan, register, controls, year, lang),
    }


def _outlet_rows(plan: Plan, register: LicenceRegister, controls, must: set[str], year: int, lang: str) -> list[OutletRow]:
    """Every outlet licensed or controlled in `year`: its controls and its points in the year and the two years before."""
    per_outlet = Counter(c.outlet for c in controls)
    events = _events(plan)
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    outlets = []
    for outlet in register.outlets:
        active = [lic for lic in outlet.licences if active_in(lic, year)]
        if not active and outlet.id not in per_outlet:
            continue
        found = events.get(outlet.id, [])
        in_year = sum(p for d, p in found if year_start <= d <= year_end)
        two_years = sum(p for d, p in found if _two_years_before(year_end) < d <= year_end)
        withdrawn = any(w.decided >= year_start for lic in outlet.licences for w in lic.withdrawals)
        outlets.append(OutletRow(
            outlet.id, outlet.name, outlet.owner, _municipality(plan, outlet), "; ".join(_licence_text(lic, lang) for lic in active) or "–",
            outlet.id in must, per_outlet[outlet.id], per_outlet[outlet.id] >= 1, in_year, two_years,
            two_years >= WITHDRAWAL_POINTS and not withdrawn,
        ))
    return outlets


def _breach_rows(register: LicenceRegister, controls, lang: str) -> list[BreachRow]:
    """Every breach found in the year's controls, by date and outlet, with the points it gave."""
    names = {o.id: o.name for o in register.outlets}
    breaches = []
    for control in sorted(controls, key=lambda c: (c.date, names.get(c.outlet, c.outlet))):
        counted = {index for index, _ in control_points(control)}
        for index, breach in enumerate(control.breaches):
            breaches.append(BreachRow(
                _day(control.date), names.get(control.outlet, control.outlet), word(f"breach.{breach.category.value}", lang),
                breach.given if index in counted else 0, POINTS.get(breach.category), _day(breach.decided), breach.text, breach.note,
            ))
    return breaches


def survey_figures(plan: Plan, register: LicenceRegister, controls, year: int, lang: str = "nb") -> list[Figure]:
    """The figures Helsedirektoratet's yearly survey asks about (alkoholforskriften § 7-3), as far as the plan holds them."""
    rows = kind_rows(register, year, lang)

    def licences(kind: LicenceKind, groups: str | None = None) -> str:
        return str(sum(r.count for r in rows if r.kind == kind.value and (groups is None or r.groups == groups)))

    def figure(key: str, value: str) -> Figure:
        return Figure(word(f"report.survey.{key}", lang), value)

    kinds = Counter(c.kind for c in controls)
    categories = Counter(b.category for c in controls for _i, b in control_points(c))
    given = sum(b.given for c in controls for _i, b in control_points(c))
    with_points = len({c.outlet for c in controls if any(b.given for _i, b in control_points(c))})
    withdrawals = sum(1 for o in register.outlets for lic in o.licences for w in lic.withdrawals if w.decided.year == year)
    figures = [
        figure("sales", licences(LicenceKind.sales)),
        figure("serving_1", licences(LicenceKind.serving, "1")),
        figure("serving_1_2", licences(LicenceKind.serving, "1, 2")),
        figure("serving_1_2_3", licences(LicenceKind.serving, "1, 2, 3")),
        figure("ambulatory", licences(LicenceKind.ambulatory)),
        figure("single_occasion", licences(LicenceKind.single_occasion)),
    ]
    alcohol = plan.alcohol
    hours = [
        ("sales_weekdays", alcohol and alcohol.sales_hours and alcohol.sales_hours.weekdays),
        ("sales_before_holidays", alcohol and alcohol.sales_hours and alcohol.sales_hours.before_holidays),
        ("serving_group_1_2", alcohol and alcohol.serving_hours and alcohol.serving_hours.group_1_2),
        ("serving_group_3", alcohol and alcohol.serving_hours and alcohol.serving_hours.group_3),
    ]
    figures += [figure(key, f"{h.start}–{h.end}" if h else word("report.survey.hours_missing", lang)) for key, h in hours]
    figures += [
        figure("sales_controls", str(kinds[ControlKind.sales])),
        figure("serving_controls", str(kinds[ControlKind.serving])),
        figure("technical_controls", str(kinds[ControlKind.technical])),
    ]
    figures += [Figure(word("report.survey.found", lang, breach=word(f"breach.{cat.value}", lang)), str(categories[cat])) for cat in Category if categories[cat]]
    figures += [
        figure("points_given", str(given)),
        figure("outlets_with_points", str(with_points)),
        figure("withdrawals", str(withdrawals)),
        figure("applications", word("report.survey.not_in_plan", lang)),
    ]
    return figures

"""RP616–RP623: the licence register (alcohol/licences.yaml) against alkoholloven, and its agreement with the plan.

The control logs are checked in rules/controls.py. The paragraphs applied, and
where their exact wording could not be confirmed while writing these rules, are
in each rule's documentation (docs/rules.md).
"""

from __future__ import annotations

import datetime as dt

from rusplan.alcoholmodel import (
    CONTROLS_DIR,
    LICENCES_FILE,
    PERMANENT,
    Licence,
    LicenceKind,
    licence_period_end,
    outlets_with,
)
from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.alcohol import SALES_FRAME, SERVING_FRAME, _minutes, _within
from rusplan.rules.base import Context, rule


def control_log(year: int) -> str:
    """The file of a year's control log, as a finding names it."""
    return f"{CONTROLS_DIR}/{year}.yaml"


def register_outlets(ctx: Context):
    """The outlets of the licence register, with their index (for a finding's path)."""
    register = ctx.plan.licences
    return list(enumerate(register.outlets)) if register else []


def _licences(ctx: Context):
    for oi, outlet in register_outlets(ctx):
        for li, licence in enumerate(outlet.licences):
            yield outlet, licence, ("outlets", oi, "licences", li)


def _outside(span, frame: tuple[str, str]) -> bool:
    return not (_minutes(frame[0]) <= _minutes(span.start) <= _minutes(span.end) <= _minutes(frame[1]))


@rule("RP616", "licence-sales-hours", Severity.error)
def licence_sales_hours(ctx: Context):
    """A sales licence for group 1 may sell 08:00–20:00 on weekdays and
    08:00–18:00 on days before Sundays and holidays, and not at all on Sundays
    and holidays (alkoholloven § 3-7). The law's other exceptions (such as 1
    and 17 May, and the days the municipality may set itself) are not checked.
    An end at 20:00 is within the frame; 20:01 is not. The frame is the one
    RP602 uses for the plan's own hours; the law's text could not be re-read here.

    ```yaml
    sales_hours:
      weekdays: {from: "08:00", to: "20:01"}        # RP616
      sundays_and_holidays: {from: "10:00", to: "16:00"}   # RP616: ikke tillatt
    ```
    """
    for _outlet, licence, path in _licences(ctx):
        hours = licence.sales_hours
        if licence.kind is not LicenceKind.sales or hours is None:
            continue
        for when, frame in SALES_FRAME.items():
            span = getattr(hours, when)
            if span and _outside(span, frame):
                yield ctx.finding("RP616", LICENCES_FILE, (*path, "sales_hours", when), "licence_sales_hours", licence=licence.id,
                                  start=span.start, end=span.end, when=Msg.of(when), frame=f"{frame[0]}–{frame[1]}")
        if hours.sundays_and_holidays:
            span = hours.sundays_and_holidays
            yield ctx.finding("RP616", LICENCES_FILE, (*path, "sales_hours", "sundays_and_holidays"), "licence_sales_sunday",
                              licence=licence.id, start=span.start, end=span.end)


@rule("RP617", "licence-serving-hours", Severity.error)
def licence_serving_hours(ctx: Context):
    """A serving licence may serve groups 1 and 2 from 06:00 to 03:00 and
    group 3 from 13:00 to 03:00 (alkoholloven § 4-4), indoors and outdoors,
    and group 3 not outside the licence's own hours for groups 1 and 2.

    ```yaml
    serving_hours:
      group_1_2: {from: "12:00", to: "01:00"}
      group_3: {from: "13:00", to: "02:00"}        # RP617: etter gruppe 1 og 2
    outdoor_hours:
      group_1_2: {from: "05:30", to: "23:00"}      # RP617: før 06:00
    ```
    """
    for _outlet, licence, path in _licences(ctx):
        for field, outdoor in (("serving_hours", ""), ("outdoor_hours", Msg.of("outdoor"))):
            hours = getattr(licence, field)
            if hours is None:
                continue
            for group, (frame_start, frame_end) in SERVING_FRAME.items():
                span = getattr(hours, group)
                if span and not _within(span.start, span.end, frame_start, frame_end):
                    yield ctx.finding("RP617", LICENCES_FILE, (*path, field, group), "licence_serving_hours", licence=licence.id,
                                      start=span.start, end=span.end, group=Msg.of(group), outdoor=outdoor, frame=f"{frame_start}–{frame_end}")
                    break
            else:
                own, strong = hours.group_1_2, hours.group_3
                if own and strong and not _within(strong.start, strong.end, own.start, own.end):
                    yield ctx.finding("RP617", LICENCES_FILE, (*path, field, "group_3"), "licence_group3_outside", licence=licence.id,
                                      start=strong.start, end=strong.end, frame=f"{own.start}–{own.end}", outdoor=outdoor)


@rule("RP618", "licence-hours-policy", Severity.warning)
def licence_hours_policy(ctx: Context):
    """The municipality's own sales and serving hours in `alcohol.yaml`
    (`sales_hours`, `serving_hours`) are the frame for each licence's hours in
    the register (alkoholloven §§ 3-7 and 4-4 let the municipality set hours
    within the law's). Outdoor serving is held against the same serving hours.
    A licence given other hours by its own decision is marked with a `note` on
    the licence or silenced in place.

    ```yaml
    # alcohol.yaml: serving_hours: {group_1_2: {from: "10:00", to: "01:00"}}
    # alcohol/licences.yaml, a serving licence:
    serving_hours:
      group_1_2: {from: "10:00", to: "02:00"}      # RP618
    ```
    """
    policy = ctx.plan.alcohol
    if policy is None:
        return
    for _outlet, licence, path in _licences(ctx):
        if licence.note:
            continue
        checks = []
        if licence.kind is LicenceKind.sales and licence.sales_hours and policy.sales_hours:
            checks += [("sales_hours", when, getattr(licence.sales_hours, when), getattr(policy.sales_hours, when), "what_sales_hours") for when in SALES_FRAME]
        for field in ("serving_hours", "outdoor_hours"):
            hours = getattr(licence, field)
            if licence.kind is LicenceKind.serving and hours and policy.serving_hours:
                checks += [(field, group, getattr(hours, group), getattr(policy.serving_hours, group), "what_serving_hours") for group in SERVING_FRAME]
        for field, when, span, frame, what in checks:
            if span and frame and not _within(span.start, span.end, frame.start, frame.end):
                yield ctx.finding("RP618", LICENCES_FILE, (*path, field, when), "licence_hours_policy", licence=licence.id, what=Msg.of(what),
                                  start=span.start, end=span.end, when=Msg.of(when), frame=f"{frame.start}–{frame.end}")


def _period_end(licence: Licence) -> dt.date | None:
    if licence.valid_from is None:
        return None
    end = licence_period_end(licence.valid_from)
    return end.replace(year=end.year + 4) if licence.continued else end


@rule("RP619", "licence-past-period", Severity.error)
def licence_past_period(ctx: Context):
    """A sales or serving licence lapses on 30 September the year after the
    municipal election at the latest (2020, 2024, 2028 …; alkoholloven § 1-6),
    unless the council decides that the licences continue for a new period of
    up to four years (recorded as `continued` on the licence). A licence that
    runs past that day, or has no `valid_to` at all, is reported. Licences
    without `valid_from` are not checked; ambulatory and single-occasion
    licences and Vinmonopolet are not. Elections are taken to fall every four
    years from 2019; the law's exact wording on continuing licences could not be
    confirmed here, so any recorded `continued` decision allows one more period.

    ```yaml
    - {id: kiwi-salg, kind: sales, groups: [1], valid_from: 2020-10-01, valid_to: 2024-10-01}   # RP619: senest 2024-09-30
    ```
    """
    for _outlet, licence, path in _licences(ctx):
        if licence.kind not in PERMANENT:
            continue
        end = _period_end(licence)
        if end is None:
            continue
        if licence.valid_to is None:
            yield ctx.finding("RP619", LICENCES_FILE, path, "licence_no_end", licence=licence.id, period_end=end.isoformat())
        elif licence.valid_to > end:
            yield ctx.finding("RP619", LICENCES_FILE, (*path, "valid_to"), "licence_past_period", licence=licence.id,
                              valid_to=licence.valid_to.isoformat(), period_end=end.isoformat())


@rule("RP620", "register-counts-differ", Severity.warning)
def register_counts_differ(ctx: Context):
    """Where a plan keeps a licence register, the number of sales and serving
    outlets is derived from it; a count still written in `alcohol.yaml`
    (`sales_licences`, `serving_licences`) must agree with the outlets that
    hold such a licence at some time in the plan period, or be removed.

    ```yaml
    # alcohol.yaml, with 3 outlets with a sales licence in the register
    sales_licences: 4    # RP620
    ```
    """
    if not ctx.plan.licences or not ctx.plan.alcohol:
        return
    period = ctx.plan.meta.period
    sales, serving = (len(outlets_with(ctx.plan.licences, period.start, period.end, (kind,))) for kind in (LicenceKind.sales, LicenceKind.serving))
    for field, derived in (("sales_licences", sales), ("serving_licences", serving)):
        written = getattr(ctx.plan.alcohol, field)
        if written is not None and written != derived:
            yield ctx.finding("RP620", "alcohol.yaml", (field,), "register_counts_differ", field=field, written=written, derived=derived)


@rule("RP621", "control-unknown-outlet", Severity.error)
def control_unknown_outlet(ctx: Context):
    """Every control in a control log names an outlet of `alcohol/licences.yaml`
    by its id, so that controls, points and withdrawals can be counted per outlet.

    ```yaml
    - {date: 2024-03-02, outlet: kafe-bryga, kind: serving}   # RP621: skrivefeil
    ```
    """
    register = ctx.plan.licences
    known = {o.id for o in register.outlets} if register else set()
    for year, log in ctx.plan.controls.items():
        for ci, control in enumerate(log.controls):
            if control.outlet not in known:
                yield ctx.finding("RP621", control_log(year), ("controls", ci, "outlet"), "control_unknown_outlet", outlet=control.outlet)


@rule("RP622", "outlet-unknown-municipality", Severity.error)
def outlet_unknown_municipality(ctx: Context):
    """In an inter-municipal plan each outlet says which of the plan's
    municipalities it is in (`municipality`, spelt as in `plan.yaml`), so the
    minimum number of controls (RP612) is counted per municipality.

    ```yaml
    - {id: kiwi-sentrum, name: Kiwi Sentrum, municipality: Eksempelbyen}   # RP622: planen gjelder Eksempelby
    ```
    """
    names = [m.name for m in ctx.plan.meta.municipalities]
    for oi, outlet in register_outlets(ctx):
        if outlet.municipality is not None and outlet.municipality not in names:
            yield ctx.finding("RP622", LICENCES_FILE, ("outlets", oi, "municipality"), "outlet_unknown_municipality",
                              outlet=outlet.name, municipality=outlet.municipality, names=", ".join(names))


@rule("RP623", "register-duplicate-id", Severity.error)
def register_duplicate_id(ctx: Context):
    """Outlet ids and licence ids are each unique in the register: the control
    logs refer to outlets by id.

    ```yaml
    outlets:
      - {id: kiwi-sentrum, name: Kiwi Sentrum}
      - {id: kiwi-sentrum, name: Kiwi Havna}     # RP623
    ```
    """
    seen: dict[tuple[str, str], tuple] = {}
    for oi, outlet in register_outlets(ctx):
        entries = [("what_outlet", outlet.id, ("outlets", oi, "id"))]
        entries += [("what_licence", lic.id, ("outlets", oi, "licences", li, "id")) for li, lic in enumerate(outlet.licences)]
        for what, ident, path in entries:
            if (what, ident) in seen:
                first = ctx.loaded.at(LICENCES_FILE, seen[(what, ident)])[1]
                yield ctx.finding("RP623", LICENCES_FILE, path, "register_duplicate_id", id=ident, first=first, what=Msg.of(what))
            else:
                seen[(what, ident)] = path

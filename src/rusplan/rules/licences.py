"""RP611–RP623: the licence register and the control logs against alkoholloven and alkoholforskriften.

The paragraphs applied, and where their exact wording could not be confirmed
while writing these rules, are in each rule's documentation (docs/rules.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from rusplan.alcoholmodel import (
    CONTROLS_DIR,
    LICENCES_FILE,
    PERMANENT,
    ControlKind,
    Licence,
    LicenceKind,
    Outlet,
    control_points,
    controlled_outlets,
    licence_period_end,
    outlets_with,
)
from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.alcohol import SALES_FRAME, SERVING_FRAME, _minutes, _within
from rusplan.rules.base import Context, rule

WITHDRAWAL_POINTS = 12


@dataclass(frozen=True)
class MsgList(Msg):
    """Several messages joined with «; », each worded in the reader's language."""

    items: tuple[Msg, ...] = ()

    def text(self, lang: str = "nb") -> str:
        return "; ".join(item.text(lang) for item in self.items)


def _log(year: int) -> str:
    return f"{CONTROLS_DIR}/{year}.yaml"


def _day(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def _finished(log, today: dt.date | None = None) -> bool:
    """A log counts as the whole year when it says so, or when the year is over."""
    if log.complete is not None:
        return log.complete
    return log.year < (today or dt.date.today()).year


def _municipality_of(ctx: Context, outlet: Outlet) -> str:
    names = [m.name for m in ctx.plan.meta.municipalities]
    return outlet.municipality or (names[0] if len(names) == 1 else "")


def _outlets(ctx: Context):
    register = ctx.plan.licences
    return list(enumerate(register.outlets)) if register else []


def _licences(ctx: Context):
    for oi, outlet in _outlets(ctx):
        for li, licence in enumerate(outlet.licences):
            yield outlet, licence, ("outlets", oi, "licences", li)


@rule("RP611", "outlet-not-controlled", Severity.error, "Sted med bevilling er ikke kontrollert i året")
def outlet_not_controlled(ctx: Context):
    """Every outlet with a sales or serving licence valid in the year is
    controlled at least once that year (alkoholforskriften § 9-7). Checked for
    each control log `alcohol/controls/<year>.yaml` whose year is over (or that
    says `complete: true`), against the licences valid in that year in
    `alcohol/licences.yaml`. Ambulatory and single-occasion licences and
    Vinmonopolet are not counted. The finding points at the outlet in the register.
    The regulation's text could not be read here; the rule follows
    Helsedirektoratet's description of § 9-7 («et sted med bevilling skal
    kontrolleres minst en gang i året»).

    ```yaml
    # alcohol/licences.yaml
    outlets:
      - id: kafe-brygga          # RP611: ingen kontroll i alcohol/controls/2024.yaml
        name: Kafé Brygga
        licences:
          - {id: kafe-brygga-skjenking, kind: serving, groups: [1, 2], valid_from: 2020-10-01, valid_to: 2024-09-30}
    ```
    """
    register = ctx.plan.licences
    if not register:
        return
    for year, log in ctx.plan.controls.items():
        if not _finished(log):
            continue
        controlled = {c.outlet for c in log.controls}
        licensed = {o.id for o in controlled_outlets(register, year)}
        for oi, outlet in _outlets(ctx):
            if outlet.id in licensed and outlet.id not in controlled:
                yield ctx.finding("RP611", LICENCES_FILE, ("outlets", oi), "outlet_not_controlled", outlet=outlet.name, year=year, log=_log(year))


@rule("RP612", "controls-below-minimum", Severity.error, "Færre kontroller i året enn tre ganger antall steder")
def controls_below_minimum(ctx: Context):
    """The municipality carries out at least three times as many controls as
    it has outlets with a sales or serving licence (alkoholforskriften § 9-7):
    counted from the year's control log and the licences valid that year, per
    municipality in an inter-municipal plan (an outlet's `municipality`).
    Helsedirektoratet's guidance words the minimum as three times the number of
    *licences*; rusplan counts outlets (an outlet with both a sales and a
    serving licence counts once), as the regulation's text is summarised in
    municipal guidance — check this against lovdata.no if it matters, it could
    not be confirmed here. Every kind of control in the log counts, technical
    controls included. Checked only for a finished year, as RP611.

    ```yaml
    # alcohol/controls/2024.yaml, with 10 licensed outlets
    year: 2024
    controls:      # RP612: 29 kontroller, minst 30
      - …
    ```
    """
    register = ctx.plan.licences
    if not register:
        return
    for year, log in ctx.plan.controls.items():
        if not _finished(log):
            continue
        outlets = controlled_outlets(register, year)
        home = {o.id: _municipality_of(ctx, o) for o in register.outlets}
        per_place: dict[str, int] = defaultdict(int)
        for control in log.controls:
            if control.outlet in home:
                per_place[home[control.outlet]] += 1
        outlets_per_place = Counter(_municipality_of(ctx, o) for o in outlets)
        for place, count in sorted(outlets_per_place.items()):
            needed = 3 * count
            if per_place[place] < needed:
                where = Msg.of("where_municipality", name=place) if place and len(ctx.plan.meta.municipalities) > 1 else ""
                yield ctx.finding("RP612", _log(year), ("controls",), "controls_below_minimum", at_key=True,
                                  controls=per_place[place], year=year, where=where, outlets=count, needed=needed)


@rule("RP613", "controllers-too-few", Severity.error, "For få kontrollører ved kontrollen")
def controllers_too_few(ctx: Context):
    """A control of a serving outlet is carried out by two controllers; a
    sales control may be carried out by one (alkoholforskriften § 9-5, as
    Helsedirektoratet describes it; the exact wording could not be confirmed
    here). The minimums can be raised in the register's `control_policy`
    (`min_controllers_serving`, `min_controllers_sales`). Technical controls
    are not checked; a control without `controllers` is not checked.

    ```yaml
    # alcohol/controls/2024.yaml
    controls:
      - {date: 2024-05-17, outlet: kafe-brygga, kind: serving, controllers: 1}   # RP613: minst 2
    ```
    """
    register = ctx.plan.licences
    if not register:
        return
    policy = register.control_policy
    needed_by_kind = {ControlKind.serving: policy.min_controllers_serving, ControlKind.sales: policy.min_controllers_sales}
    for year, log in ctx.plan.controls.items():
        for ci, control in enumerate(log.controls):
            needed = needed_by_kind.get(control.kind)
            if needed is None or control.controllers is None or control.controllers >= needed:
                continue
            outlet = register.outlet(control.outlet)
            yield ctx.finding("RP613", _log(year), ("controls", ci, "controllers"), "controllers_too_few",
                              kind=Msg.of(f"control_kind.{control.kind.value}"), outlet=outlet.name if outlet else control.outlet,
                              date=_day(control.date), controllers=control.controllers, needed=needed)


@rule("RP614", "points-differ", Severity.warning, "Prikker ulikt forskriftens antall uten begrunnelse")
def points_differ(ctx: Context):
    """Each breach gives a fixed number of points (alkoholforskriften § 10-3):
    8 for sales or serving to a minor, breach of the duty to assist, of
    responsible operation, or obstructing a control; 4 for an obviously
    intoxicated customer, the hours, group 3 to 18- and 19-year-olds, or staff
    under age; 2 for letting an intoxicated person in or stay, internal
    control, turnover report, fee, or manager and deputy; 1 for advertising.
    The municipality may give fewer or more points only in very special
    circumstances, so a different number needs its reason in `note`. The list
    of categories is taken from Helsedirektoratet's and municipalities'
    summaries of § 10-3, not from the regulation's text itself, which could not
    be read here; use `category: other` with `points` for anything else.

    ```yaml
    breaches:
      - {category: hours, points: 2}          # RP614: forskriften gir 4
      - {category: hours, points: 2, note: Formildende: …}   # ingen funn
    ```
    """
    for year, log in ctx.plan.controls.items():
        for ci, control in enumerate(log.controls):
            for bi, breach in enumerate(control.breaches):
                standard = breach.standard_points
                if standard is None or breach.points is None or breach.points == standard or breach.note:
                    continue
                yield ctx.finding("RP614", _log(year), ("controls", ci, "breaches", bi, "points"), "points_differ",
                                  points=breach.points, category=Msg.of(f"breach.{breach.category.value}"), standard=standard)


def _two_years_before(date: dt.date) -> dt.date:
    try:
        return date.replace(year=date.year - 2)
    except ValueError:  # 29 February
        return date.replace(year=date.year - 2, day=28)


@rule("RP615", "withdrawal-due", Severity.error, "12 prikker innen to år: bevillingen skal inndras")
def withdrawal_due(ctx: Context):
    """When an outlet's licences have been given 12 points or more within two
    years, the council withdraws the licence for one week, longer for more than
    12 points (alkoholforskriften § 10-2). The two years are counted from the
    dates of the breaches (the controls' dates); a breach exactly two years
    before the last one no longer counts. Like breaches found in one control
    count once. Points are given per outlet (bevillingssted), across all of
    its licences and all control logs of the plan. The finding names the
    outlet, its licences, the breaches with their points and dates; it is gone
    once a withdrawal decided on or after the day the points reached 12 is
    recorded under the licence's `withdrawals`. After a withdrawal the points
    that led to it are not counted again (rusplan's reading: the regulation's
    text on this could not be confirmed here). How much longer the withdrawal
    is for more than 12 points is for the municipality to measure out; rusplan
    reports the points. The 12 points, the one week and «two years counted from
    the breaches» are as municipal pages quote § 10-2; the regulation itself
    could not be read here.

    ```yaml
    # alcohol/controls/2024.yaml: 8 + 4 = 12 prikker for kafe-brygga
    - {date: 2024-03-02, outlet: kafe-brygga, kind: serving, breaches: [{category: minor}]}
    - {date: 2024-06-15, outlet: kafe-brygga, kind: serving, breaches: [{category: hours}]}   # RP615
    ```
    """
    register = ctx.plan.licences
    events: dict[str, list] = defaultdict(list)
    for year, log in ctx.plan.controls.items():
        for ci, control in enumerate(log.controls):
            for bi, breach in control_points(control):
                if breach.given:
                    events[control.outlet].append((control.date, breach.given, year, ci, bi, breach))
    for outlet_id, found in events.items():
        outlet = register.outlet(outlet_id) if register else None
        if outlet is None:
            continue  # RP621 says so
        withdrawals = [w.decided for lic in outlet.licences for w in lic.withdrawals]
        found.sort(key=lambda e: (e[0], e[2], e[3], e[4]))
        left, total = 0, 0  # a sliding two-year window: linear in the number of breaches
        for i, (date, points, year, ci, bi, _breach) in enumerate(found):
            total += points
            while found[left][0] <= _two_years_before(date):
                total -= found[left][1]
                left += 1
            if total < WITHDRAWAL_POINTS:
                continue
            window, reached = found[left : i + 1], total
            left, total = i + 1, 0  # the points that led to a withdrawal are used up
            if any(decided >= date for decided in withdrawals):
                continue
            items = tuple(Msg.of("breach_item", points=e[1], date=_day(e[0]), category=Msg.of(f"breach.{e[5].category.value}")) for e in window)
            licences = ", ".join(lic.id for lic in outlet.licences if lic.kind in PERMANENT) or ", ".join(lic.id for lic in outlet.licences)
            yield ctx.finding("RP615", _log(year), ("controls", ci, "breaches", bi), "withdrawal_due",
                              outlet=outlet.name, licences=licences, points=reached, breaches=MsgList("breach_item", items=items))


def _outside(span, frame: tuple[str, str]) -> bool:
    return not (_minutes(frame[0]) <= _minutes(span.start) <= _minutes(span.end) <= _minutes(frame[1]))


@rule("RP616", "licence-sales-hours", Severity.error, "Bevillingens salgstid utenfor alkohollovens ramme")
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


@rule("RP617", "licence-serving-hours", Severity.error, "Bevillingens skjenketid utenfor alkohollovens ramme")
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


@rule("RP618", "licence-hours-policy", Severity.warning, "Bevillingens tider utenfor kommunens egne tider")
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


@rule("RP619", "licence-past-period", Severity.error, "Bevilling som varer forbi bevillingsperioden")
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


@rule("RP620", "register-counts-differ", Severity.warning, "Tallene i alcohol.yaml stemmer ikke med registeret")
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


@rule("RP621", "control-unknown-outlet", Severity.error, "Kontroll av et sted som ikke står i registeret")
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
                yield ctx.finding("RP621", _log(year), ("controls", ci, "outlet"), "control_unknown_outlet", outlet=control.outlet)


@rule("RP622", "outlet-unknown-municipality", Severity.error, "Sted i en kommune som ikke er med i planen")
def outlet_unknown_municipality(ctx: Context):
    """In an inter-municipal plan each outlet says which of the plan's
    municipalities it is in (`municipality`, spelt as in `plan.yaml`), so the
    minimum number of controls (RP612) is counted per municipality.

    ```yaml
    - {id: kiwi-sentrum, name: Kiwi Sentrum, municipality: Eksempelbyen}   # RP622: planen gjelder Eksempelby
    ```
    """
    names = [m.name for m in ctx.plan.meta.municipalities]
    for oi, outlet in _outlets(ctx):
        if outlet.municipality is not None and outlet.municipality not in names:
            yield ctx.finding("RP622", LICENCES_FILE, ("outlets", oi, "municipality"), "outlet_unknown_municipality",
                              outlet=outlet.name, municipality=outlet.municipality, names=", ".join(names))


@rule("RP623", "register-duplicate-id", Severity.error, "Samme id to ganger i bevillingsregisteret")
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
    for oi, outlet in _outlets(ctx):
        entries = [("what_outlet", outlet.id, ("outlets", oi, "id"))]
        entries += [("what_licence", lic.id, ("outlets", oi, "licences", li, "id")) for li, lic in enumerate(outlet.licences)]
        for what, ident, path in entries:
            if (what, ident) in seen:
                first = ctx.loaded.at(LICENCES_FILE, seen[(what, ident)])[1]
                yield ctx.finding("RP623", LICENCES_FILE, path, "register_duplicate_id", id=ident, first=first, what=Msg.of(what))
            else:
                seen[(what, ident)] = path


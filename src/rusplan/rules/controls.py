"""RP611–RP615: the control logs (alcohol/controls/<year>.yaml) against alkoholforskriften.

Each year's controls, counted against the outlets the licence register says
were licensed that year; breaches and their points. The paragraphs applied,
and where their exact wording could not be confirmed while writing these rules,
are in each rule's documentation (docs/rules.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from rusplan.alcoholmodel import (
    LICENCES_FILE,
    PERMANENT,
    ControlKind,
    Outlet,
    control_points,
    controlled_outlets,
)
from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.base import Context, rule
from rusplan.rules.licences import control_log, register_outlets

WITHDRAWAL_POINTS = 12


@dataclass(frozen=True)
class MsgList(Msg):
    """Several messages joined with «; », each worded in the reader's language."""

    items: tuple[Msg, ...] = ()

    def text(self, lang: str = "nb") -> str:
        return "; ".join(item.text(lang) for item in self.items)


def _day(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def _finished(log, today: dt.date | None = None) -> bool:
    """A log counts as the whole year when it says so, or when the year is over."""
    if log.complete is not None:
        return log.complete
    return log.year < (today or dt.date.today()).year


def _finished_years(ctx: Context):
    """(register, year, log) for each finished year's control log, when the plan keeps a licence register."""
    register = ctx.plan.licences
    if not register:
        return
    for year, log in ctx.plan.controls.items():
        if _finished(log):
            yield register, year, log


def _municipality_of(ctx: Context, outlet: Outlet) -> str:
    names = [m.name for m in ctx.plan.meta.municipalities]
    return outlet.municipality or (names[0] if len(names) == 1 else "")


@rule("RP611", "outlet-not-controlled", Severity.error)
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
    for register, year, log in _finished_years(ctx):
        controlled = {c.outlet for c in log.controls}
        licensed = {o.id for o in controlled_outlets(register, year)}
        for oi, outlet in register_outlets(ctx):
            if outlet.id in licensed and outlet.id not in controlled:
                yield ctx.finding("RP611", LICENCES_FILE, ("outlets", oi), "outlet_not_controlled", outlet=outlet.name, year=year, log=control_log(year))


@rule("RP612", "controls-below-minimum", Severity.error)
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
    for register, year, log in _finished_years(ctx):
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
                yield ctx.finding("RP612", control_log(year), ("controls",), "controls_below_minimum", at_key=True,
                                  controls=per_place[place], year=year, where=where, outlets=count, needed=needed)


@rule("RP613", "controllers-too-few", Severity.error)
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
            yield ctx.finding("RP613", control_log(year), ("controls", ci, "controllers"), "controllers_too_few",
                              kind=Msg.of(f"control_kind.{control.kind.value}"), outlet=outlet.name if outlet else control.outlet,
                              date=_day(control.date), controllers=control.controllers, needed=needed)


@rule("RP614", "points-differ", Severity.warning)
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
                yield ctx.finding("RP614", control_log(year), ("controls", ci, "breaches", bi, "points"), "points_differ",
                                  points=breach.points, category=Msg.of(f"breach.{breach.category.value}"), standard=standard)


def _two_years_before(date: dt.date) -> dt.date:
    try:
        return date.replace(year=date.year - 2)
    except ValueError:  # 29 February
        return date.replace(year=date.year - 2, day=28)


@rule("RP615", "withdrawal-due", Severity.error)
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
            yield ctx.finding("RP615", control_log(year), ("controls", ci, "breaches", bi), "withdrawal_due",
                              outlet=outlet.name, licences=licences, points=reached, breaches=MsgList("breach_item", items=items))

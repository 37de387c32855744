"""RP601–RP603: the alcohol licensing part stays within the law's minimum rules."""

from rusplan.alcoholmodel import outlets_with
from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.base import Context, rule

DOC = "alcohol.yaml"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _within(start: str, end: str, frame_start: str, frame_end: str) -> bool:
    """Whether start–end lies inside the frame; times after midnight count as the same evening."""
    base = _minutes(frame_start)

    def shift(clock: str) -> int:
        return (_minutes(clock) - base) % (24 * 60)

    s, e, fe = shift(start), shift(end), shift(frame_end) or 24 * 60
    if e == 0 and _minutes(end) != base:
        e = 24 * 60
    return s <= e <= fe


@rule("RP601", "controls-too-few", Severity.error)
def controls_too_few(ctx: Context):
    """Every outlet with a sales or serving licence is controlled at least once a
    year, and the municipality carries out at least three times as many
    controls as it has licences (alkoholforskriften § 9-7).

    ```yaml
    sales_licences: 8
    serving_licences: 6
    controls_per_year: 30   # RP601: minst 42
    ```

    Where the plan keeps a licence register (`alcohol/licences.yaml`), the
    outlets are counted from it instead (each outlet with a sales or serving
    licence in the plan period once), and RP620 reports counts that disagree.
    """
    alcohol = ctx.plan.alcohol
    if not alcohol:
        return
    outlets = (alcohol.sales_licences or 0) + (alcohol.serving_licences or 0)
    if ctx.plan.licences:  # a register: the outlets are counted from it, each once
        period = ctx.plan.meta.period
        outlets = len(outlets_with(ctx.plan.licences, period.start, period.end))
    if not outlets:
        return
    needed = 3 * outlets
    if alcohol.controls_per_year is not None and alcohol.controls_per_year < needed:
        yield ctx.finding("RP601", DOC, ("controls_per_year",), "controls_too_few", controls=alcohol.controls_per_year, outlets=outlets, needed=needed)
    elif alcohol.controls_per_year is None and alcohol.controls_per_outlet is not None and alcohol.controls_per_outlet < 3:
        controls = round(alcohol.controls_per_outlet * outlets)
        yield ctx.finding("RP601", DOC, ("controls_per_outlet",), "controls_too_few", controls=controls, outlets=outlets, needed=needed)


SALES_FRAME = {"weekdays": ("08:00", "20:00"), "before_holidays": ("08:00", "18:00")}


@rule("RP602", "sales-hours", Severity.error)
def sales_hours(ctx: Context):
    """Sales of beer (group 1) may take place 08–20 on weekdays and 08–18 on
    days before Sundays and holidays (alkoholloven § 3-7).

    ```yaml
    sales_hours:
      weekdays: {from: "08:00", to: "21:00"}   # RP602
    ```
    """
    hours = ctx.plan.alcohol.sales_hours if ctx.plan.alcohol else None
    if not hours:
        return
    for when, (frame_start, frame_end) in SALES_FRAME.items():
        span = getattr(hours, when)
        if span and not (_minutes(frame_start) <= _minutes(span.start) <= _minutes(span.end) <= _minutes(frame_end)):
            yield ctx.finding("RP602", DOC, ("sales_hours", when), "sales_hours", start=span.start, end=span.end,
                              when=Msg.of(when), frame=f"{frame_start}–{frame_end}")


SERVING_FRAME = {"group_1_2": ("06:00", "03:00"), "group_3": ("13:00", "03:00")}


@rule("RP603", "serving-hours", Severity.error)
def serving_hours(ctx: Context):
    """Serving may take place 06–03 for groups 1 and 2 and 13–03 for group 3
    (alkoholloven § 4-4); the municipality sets its hours within that frame.

    ```yaml
    serving_hours:
      group_3: {from: "12:00", to: "02:00"}    # RP603
    ```
    """
    hours = ctx.plan.alcohol.serving_hours if ctx.plan.alcohol else None
    if not hours:
        return
    for group, (frame_start, frame_end) in SERVING_FRAME.items():
        span = getattr(hours, group)
        if span and not _within(span.start, span.end, frame_start, frame_end):
            yield ctx.finding("RP603", DOC, ("serving_hours", group), "serving_hours", start=span.start, end=span.end,
                              group=Msg.of(group), frame=f"{frame_start}–{frame_end}")

"""RP401–RP403, RP407: annual status reports refer to real measures, in the period, consistently."""

from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.model import Status
from rusplan.rules.base import Context, rule


def _doc(year: int) -> str:
    return f"status/{year}.yaml"


@rule("RP401", "status-unknown-measure", Severity.error)
def status_unknown_measure(ctx: Context):
    """Each item in `status/<år>.yaml` names a measure of this plan by its id.

    ```yaml
    measures:
      - measure: t99    # RP401: planen har bare t1–t71
        status: done
    ```
    """
    ids = {m.id for _, _, m in ctx.plan.measures()}
    for year, report in ctx.plan.status_reports.items():
        for index, item in enumerate(report.measures):
            if item.measure not in ids:
                yield ctx.finding("RP401", _doc(year), ("measures", index, "measure"), "status_unknown_measure", measure=item.measure)


@rule("RP407", "status-duplicate", Severity.error)
def status_duplicate(ctx: Context):
    """One report per measure per year; two would contradict each other.

    ```yaml
    measures:
      - measure: t41
        status: in_progress
      - measure: t41    # RP407
        status: done
    ```
    """
    for year, report in ctx.plan.status_reports.items():
        first: dict[str, int] = {}
        for index, item in enumerate(report.measures):
            if item.measure in first:
                line = ctx.loaded.at(_doc(year), ("measures", first[item.measure]))[1]
                yield ctx.finding("RP407", _doc(year), ("measures", index, "measure"), "status_duplicate", measure=item.measure, first=line)
            else:
                first[item.measure] = index


@rule("RP402", "status-year-outside-period", Severity.error)
def status_year_outside(ctx: Context):
    """Status is reported for the years the plan is in force.

    ```yaml
    # plan.yaml: period: {start: 2020, end: 2024}
    year: 2019          # RP402
    ```
    """
    period = ctx.plan.meta.period
    for year in ctx.plan.status_reports:
        if not period.start <= year <= period.end:
            yield ctx.finding("RP402", _doc(year), ("year",), "status_year_outside", year=year, start=period.start, end=period.end)


@rule("RP403", "status-regressed", Severity.warning)
def status_regressed(ctx: Context):
    """A measure reported done one year and not done (or planned, in progress)
    a later year needs a note saying why, or the council will read it as an error.

    ```yaml
    # status/2022.yaml: t41 status: done
    # status/2023.yaml:
    - measure: t41
      status: not_done  # RP403: skriv i note hva som har skjedd
    ```
    """
    done_in: dict[str, int] = {}
    for year, report in ctx.plan.status_reports.items():
        for index, item in enumerate(report.measures):
            status = Status(item.status)
            if status is Status.done:
                done_in.setdefault(item.measure, year)
            elif item.measure in done_in and status is not Status.discontinued and not (item.note or "").strip():
                yield ctx.finding("RP403", _doc(year), ("measures", index, "status"), "status_regressed",
                                  measure=item.measure, done_year=done_in[item.measure], status=Msg.of(f"status.{status.value}"))

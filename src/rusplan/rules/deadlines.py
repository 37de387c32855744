"""RP301: a measure's deadline lies within the plan period."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule


@rule("RP301", "deadline-outside-period", Severity.warning)
def deadline_outside_period(ctx: Context):
    """A deadline year before the period starts or after it ends cannot be
    followed up in this plan's annual reports.

    ```yaml
    # plan.yaml: period: {start: 2020, end: 2024}
    deadline: 2026      # RP301
    ```
    """
    period = ctx.plan.meta.period
    for ref in ctx.loaded.measure_refs():
        deadline = ref.measure.deadline
        if deadline and deadline.year is not None and not period.start <= deadline.year <= period.end:
            yield ctx.finding("RP301", ref.doc, (*ref.path, "deadline"), "deadline_outside", deadline=deadline.text, start=period.start, end=period.end)

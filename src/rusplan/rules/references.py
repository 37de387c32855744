"""RP303, RP304: `carried_from` and `predecessor` point at something that exists."""

from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.base import Context, rule


@rule("RP304", "predecessor-missing", Severity.warning)
def predecessor_missing(ctx: Context):
    """`predecessor` names the plan this one revises. Validate it together with
    this plan (put both in `plans/`), so `carried_from` and the evaluation can
    be checked against it.

    ```yaml
    predecessor: molde-2016-2020   # RP304 if plans/molde-2016-2020 is missing
    ```
    """
    predecessor = ctx.plan.meta.predecessor
    if predecessor and predecessor not in ctx.plans:
        yield ctx.finding("RP304", "plan.yaml", ("predecessor",), "predecessor_missing", id=predecessor)


@rule("RP303", "carried-from-unresolved", Severity.error)
def carried_from_unresolved(ctx: Context):
    """`carried_from: PLAN/MEASURE` must name a measure of the predecessor plan.
    References into a plan that is not loaded are left to RP304.

    ```yaml
    carried_from: molde-2016-2020/bu-1-9   # RP303: planen har ikke bu-1-9
    ```
    """
    predecessor = ctx.plan.meta.predecessor
    for ref in ctx.loaded.measure_refs():
        target = ref.measure.carried_from
        if not target:
            continue
        plan_id, measure_id = target.split("/", 1)
        path = (*ref.path, "carried_from")
        if plan_id != predecessor:
            reason = Msg.of("ref_not_predecessor", plan=plan_id, predecessor=predecessor or "–")
            yield ctx.finding("RP303", ref.doc, path, "carried_from_unresolved", ref=target, reason=reason)
            continue
        measures = ctx.measures_of(plan_id)
        if measures is None:
            continue
        if measure_id not in measures:
            reason = Msg.of("ref_no_measure", plan=plan_id, measure=measure_id)
            yield ctx.finding("RP303", ref.doc, path, "carried_from_unresolved", ref=target, reason=reason)

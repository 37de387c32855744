"""RP404–RP406: the evaluation covers exactly the predecessor's measures."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule

DOC = "evaluation.yaml"


def _predecessor(ctx: Context):
    evaluation = ctx.plan.evaluation
    predecessor = ctx.plan.meta.predecessor
    if not evaluation or not predecessor or evaluation.plan != predecessor:
        return None
    return ctx.measures_of(predecessor)


@rule("RP406", "evaluation-plan", Severity.error)
def evaluation_plan(ctx: Context):
    """`evaluation.yaml` evaluates the plan named in `predecessor`.

    ```yaml
    # plan.yaml: predecessor: molde-2016-2020
    plan: molde-2012-2016     # RP406
    ```
    """
    evaluation = ctx.plan.evaluation
    if evaluation and evaluation.plan != ctx.plan.meta.predecessor:
        yield ctx.finding("RP406", DOC, ("plan",), "evaluation_plan", plan=evaluation.plan, predecessor=ctx.plan.meta.predecessor or "–")


@rule("RP404", "evaluation-missing", Severity.warning)
def evaluation_missing(ctx: Context):
    """At revision every measure of the old plan is evaluated: done or not, and
    whether it continues. A measure left out is easily forgotten.

    ```yaml
    items:
      - measure: bu-1-1
        outcome: done
      # RP404: bu-1-2 mangler
    ```
    """
    old = _predecessor(ctx)
    if old is None:
        return
    evaluated = {item.measure for item in ctx.plan.evaluation.items}
    for measure in old.values():
        if measure.id not in evaluated:
            yield ctx.finding("RP404", DOC, ("items",), "evaluation_missing", measure=measure.id, title=measure.number or measure.title[:40])


@rule("RP405", "evaluation-unknown-measure", Severity.error)
def evaluation_unknown(ctx: Context):
    """Each evaluated measure must exist in the predecessor plan.

    ```yaml
    items:
      - measure: bu-9-9   # RP405
    ```
    """
    old = _predecessor(ctx)
    if old is None:
        return
    for index, item in enumerate(ctx.plan.evaluation.items):
        if item.measure not in old:
            yield ctx.finding("RP405", DOC, ("items", index, "measure"), "evaluation_unknown", measure=item.measure, plan=ctx.plan.meta.predecessor)


@rule("RP408", "continued-not-carried", Severity.info)
def continued_not_carried(ctx: Context):
    """When the evaluation says an old measure continues («videreføres»), some
    measure of the new plan should say so with `carried_from`; otherwise the
    link is lost for the next revision. Add `carried_from` to the measure that
    continues it, or set `continued: false` if it was not continued after all.

    ```yaml
    # evaluation.yaml
    - measure: el-1-1
      outcome: done
      continued: true      # RP408: no measure has carried_from: molde-2016-2020/el-1-1
    ```
    """
    evaluation = ctx.plan.evaluation
    if not evaluation or evaluation.plan != ctx.plan.meta.predecessor:
        return
    carried = {m.carried_from.split("/", 1)[1] for _, _, m in ctx.plan.measures() if m.carried_from}
    for index, item in enumerate(evaluation.items):
        if item.continued and item.measure not in carried:
            yield ctx.finding("RP408", DOC, ("items", index, "continued"), "continued_not_carried", measure=item.measure, plan=evaluation.plan)

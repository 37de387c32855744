"""RP409: an adopted plan's evaluation still has items nobody has evaluated."""

from rusplan.evaluated import unevaluated
from rusplan.findings import Severity
from rusplan.model import State
from rusplan.rules.base import Context, rule

DOC = "evaluation.yaml"


@rule("RP409", "evaluation-unevaluated", Severity.warning)
def evaluation_unevaluated(ctx: Context):
    """Roll-forward writes `outcome: not_evaluated` («ikke vurdert») for every old
    measure nobody reported on. Before the plan is adopted someone must say how
    each of them went: a council should not read «ikke vurdert», and never a
    prompt such as «Fyll inn resultat og kommentar» as if it were a result.
    Once the plan is `state: adopted`, every such item is named here.

    ```yaml
    # plan.yaml: state: adopted
    items:
      - measure: t7
        outcome: not_evaluated   # RP409: skriv done, partly_done, not_done eller discontinued
    ```
    """
    evaluation = ctx.plan.evaluation
    if evaluation is None or ctx.plan.meta.state is not State.adopted:
        return
    for index, item in enumerate(evaluation.items):
        why = unevaluated(item)
        if why is not None:
            label = str(item.number) if item.number is not None else (item.title or item.measure)[:60]
            yield ctx.finding("RP409", DOC, ("items", index, why), f"unevaluated_{why}", measure=item.measure, label=label)

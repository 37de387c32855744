"""RP205: a goal numbers all of its measures or none of them."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule
from rusplan.terms import words


@rule("RP205", "number-mixed", Severity.warning)
def mixed_numbering(ctx: Context):
    """Unnumbered measures are fine: reports and exports quote them by goal
    number and position («2.3»), or by id. But under one goal, either every
    measure has a `number` or none has; otherwise «2.3» may be both a number
    and a position, and a council member quotes the wrong one.

    ```yaml
    measures:
      - {id: a1, number: 1, title: Kurs for foreldre}
      - {id: a2, title: Ungdomsklubb}     # RP205: gi nummer, eller fjern nummeret over
    ```
    """
    term = words(ctx.plan.meta.terms)
    for area in ctx.plan.focus_areas:
        for gi, goal in enumerate(area.goals):
            numbered = [m.number is not None for m in goal.measures]
            if any(numbered) and not all(numbered):
                for mi, measure in enumerate(goal.measures):
                    if measure.number is None:
                        goal_ref = f"{term.goal} {goal.number}" if goal.number is not None else f"{term.goal.lower()} «{goal.title[:40]}»"
                        yield ctx.finding("RP205", ctx.loaded.focus_doc(area.id), ("goals", gi, "measures", mi, "id"), "number_mixed",
                                          id=measure.id, goal=goal_ref, measure=term.measure)

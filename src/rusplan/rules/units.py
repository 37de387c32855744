"""RP305: with a register of units (units.yaml), every responsible name is a unit or one of its aliases."""

from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.base import Context, rule
from rusplan.units import Register


@rule("RP305", "unit-unknown", Severity.warning)
def unit_unknown(ctx: Context):
    """When the plan folder has a `units.yaml`, each name under `responsible`
    (on a measure or a goal) is a unit's name or one of its aliases. A name the
    register does not know is usually a misspelling: fix it, or add it to the
    unit's `aliases`. `rusplan units suggest PLAN` proposes a register.

    ```yaml
    # units.yaml
    units:
      - name: Psykisk helse og rustjenester
        aliases: [Psykisk helse og rustjenesten]
    # focus-areas/….yaml
    responsible: [Psykisk helse og rustjeneste]   # RP305: mente du «Psykisk helse og rustjenester»?
    ```
    """
    register = Register(ctx.plan.units)
    if not register:
        return
    for area in ctx.plan.focus_areas:
        doc = ctx.loaded.focus_doc(area.id)
        for gi, goal in enumerate(area.goals):
            places = [(("goals", gi, "responsible", i), name) for i, name in enumerate(goal.responsible)]
            for mi, measure in enumerate(goal.measures):
                places += [(("goals", gi, "measures", mi, "responsible", i), name) for i, name in enumerate(measure.responsible)]
            for path, name in places:
                if register.unit_of(name) is None:
                    guess = register.guess(name)
                    hint = Msg.of("did_you_mean", guess=guess) if guess else ""
                    yield ctx.finding("RP305", doc, path, "unit_unknown", name=name, hint=hint)

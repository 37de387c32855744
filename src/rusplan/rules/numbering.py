"""RP202, RP203: display numbers are neither duplicated nor skipped.

Plain numbers (1, 2, 3 …) count through the whole plan; dotted numbers
("1.1", "1.2") count within their goal. Measures without a number are left alone.
"""

from rusplan.findings import Severity
from rusplan.messages import Msg
from rusplan.rules.base import Context, rule


def _sequences(ctx: Context):
    """Group numbered measures into the scope their numbering counts within."""
    groups: dict[str, list] = {}
    for ref in ctx.loaded.measure_refs():
        number = ref.measure.number
        if number is None:
            continue
        text = str(number).strip()
        if text.isdecimal():  # not isdigit: "²" is a digit int() cannot read
            groups.setdefault(Msg.of("scope_plan"), []).append((int(text), text, ref))
        elif "." in text and text.rsplit(".", 1)[1].isdecimal():
            prefix, last = text.rsplit(".", 1)
            scope = Msg.of("scope_goal", area=ref.area.title, goal=ref.goal.number or ref.goal.title, prefix=prefix)
            if ctx.plan.meta.terms is not None and ctx.plan.meta.terms.goal:  # the plan's own word for a goal
                scope = Msg.of("scope_goal_term", area=ref.area.title, goal=f"{ctx.plan.meta.terms.goal} {ref.goal.number or ref.goal.title}", prefix=prefix)
            groups.setdefault(scope, []).append((int(last), text, ref))
    return groups


@rule("RP202", "number-duplicate", Severity.error)
def duplicate_numbers(ctx: Context):
    """Two measures with the same display number cannot both be «Tiltak 12» in
    the council's document.

    ```yaml
    - id: t12
      number: 12
    - id: t13
      number: 12      # RP202: skal være 13
    ```
    """
    for scope, items in _sequences(ctx).items():
        first: dict[int, str] = {}
        for value, text, ref in items:
            if value in first:
                yield ctx.finding("RP202", ref.doc, (*ref.path, "number"), "number_duplicate", number=text, scope=scope, other=first[value])
            else:
                first[value] = ref.measure.id


@rule("RP203", "number-skipped", Severity.warning)
def skipped_numbers(ctx: Context):
    """Numbers run 1, 2, 3 … in plan order; a gap usually means a measure was
    deleted or moved and the rest were not renumbered.

    ```yaml
    - id: t4
      number: 4
    - id: t5
      number: 6       # RP203: hopper fra 4 til 6
    ```
    """
    for scope, items in _sequences(ctx).items():
        previous = 0
        for value, text, ref in items:
            if value > previous + 1:
                yield ctx.finding("RP203", ref.doc, (*ref.path, "number"), "number_skipped", previous=previous, number=text, scope=scope)
            previous = max(previous, value)

"""RP302: every measure has someone responsible."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule


@rule("RP302", "no-responsible", Severity.warning)
def no_responsible(ctx: Context):
    """A measure nobody owns is rarely carried out. Where the adopted document
    really leaves the cell empty, keep it empty and silence the finding with
    `# rusplan: ignore RP302` on the measure's line.

    ```yaml
    - id: t10
      title: Etablere en funksjon som skolelos ved alle ungdomsskoler
      responsible: []   # RP302
    ```

    A `responsible` list on the goal applies to every measure under it that has none of its own.
    """
    for ref in ctx.loaded.measure_refs():
        if not ref.measure.responsible and not ref.goal.responsible:  # the goal's list applies to measures without their own
            if ctx.plan.meta.terms is not None:  # the plan names its levels: say it in its words
                from rusplan.terms import words

                term = words(ctx.plan.meta.terms)
                goal = f"{term.goal} {ref.goal.number}" if ref.goal.number is not None else f"{term.goal.lower()} «{_short(ref.goal.title, 40)}»"
                yield ctx.finding("RP302", ref.doc, (*ref.path, "id"), "no_responsible_term", title=_short(ref.measure.title), measure=term.measure, goal=goal)
                continue
            yield ctx.finding("RP302", ref.doc, (*ref.path, "id"), "no_responsible", title=_short(ref.measure.title))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

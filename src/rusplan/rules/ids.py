"""RP201: ids are unique within a plan."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule


@rule("RP201", "duplicate-id", Severity.error)
def duplicate_ids(ctx: Context):
    """Every focus area, goal, measure and indicator needs its own id: status
    reports, evaluations and the next plan's `carried_from` refer to it.

    ```yaml
    measures:
      - id: t1
        title: Utarbeide felles prosedyre ...
      - id: t1          # RP201: bruk en ny id, f.eks. t2
    ```
    """
    seen: dict[str, tuple[str, tuple]] = {}  # where each id was first seen; its line is looked up only for a duplicate

    def check(id_: str, doc: str, path):
        if id_ in seen:
            first_file, first_line, _ = ctx.loaded.at(*seen[id_])
            yield ctx.finding("RP201", doc, path, "duplicate_id", id=id_, first=first_line, file=first_file)
        else:
            seen[id_] = (doc, path)

    for area in ctx.plan.focus_areas:
        doc = ctx.loaded.focus_doc(area.id)
        for gi, goal in enumerate(area.goals):
            yield from check(goal.id, doc, ("goals", gi, "id"))
            for mi, measure in enumerate(goal.measures):
                yield from check(measure.id, doc, ("goals", gi, "measures", mi, "id"))
    for index, indicator in enumerate(ctx.plan.indicators):
        yield from check(indicator.id, "indicators.yaml", ("indicators", index, "id"))

"""RP209–RP211: inter-municipal plans name their municipalities consistently.

Several municipalities may share one plan: each council adopts it, one
municipality leads the next revision (the lead may rotate), and figures or the
alcohol part may be for one municipality only. Whatever names a municipality
must name one listed under `municipalities` in plan.yaml.
"""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule

PLAN = "plan.yaml"


def _names(ctx: Context) -> list[str]:
    return [m.name for m in ctx.plan.meta.municipalities]


def _adoptions(ctx: Context):
    adoption = ctx.plan.meta.adoption
    if isinstance(adoption, list):
        yield from ((("adoption", i), a) for i, a in enumerate(adoption))
    elif adoption is not None:
        yield ("adoption",), adoption


@rule("RP209", "municipality-unknown", Severity.error)
def municipality_unknown(ctx: Context):
    """An adoption, an indicator or the alcohol part that names a municipality
    names one of the plan's `municipalities`, spelt the same way.

    ```yaml
    # plan.yaml: municipalities: [{name: Fjellby}, {name: Dalvik}]
    adoption:
      - municipality: Dalvk      # RP209: mente du «Dalvik»?
        date: 2024-06-13
    ```
    """
    names = _names(ctx)
    places = [(PLAN, (*path, "municipality"), a.municipality) for path, a in _adoptions(ctx)]
    places += [("indicators.yaml", ("indicators", i, "municipality"), ind.municipality) for i, ind in enumerate(ctx.plan.indicators)]
    if ctx.plan.alcohol is not None:
        places.append(("alcohol.yaml", ("municipality",), ctx.plan.alcohol.municipality))
    for doc, path, name in places:
        if name is not None and name not in names:
            yield ctx.finding("RP209", doc, path, "municipality_unknown", name=name, names=", ".join(names), hint=_guess(name, names))


def _guess(name: str, names: list[str]):
    import difflib

    from rusplan.messages import Msg

    found = difflib.get_close_matches(name[:200], names, n=1, cutoff=0.6)
    return Msg.of("did_you_mean", guess=found[0]) if found else ""


@rule("RP210", "revision-lead", Severity.warning)
def revision_lead(ctx: Context):
    """In an inter-municipal plan one municipality leads the next revision
    (`responsible: true`). When the lead rotates, give each lead its
    `responsible_period`, and the periods must not overlap.

    ```yaml
    municipalities:
      - {name: Fjellby, responsible: true}
      - {name: Dalvik, responsible: true}    # RP210: hvem leder? Gi responsible_period
    ```
    """
    leads = [(i, m) for i, m in enumerate(ctx.plan.meta.municipalities) if m.responsible]
    for n, (index, lead) in enumerate(leads):
        for _, other in leads[:n]:
            a, b = lead.responsible_period, other.responsible_period
            if a is None or b is None or (a.start <= b.end and b.start <= a.end):
                yield ctx.finding("RP210", PLAN, ("municipalities", index, "responsible"), "revision_lead", name=lead.name, other=other.name)
                break


@rule("RP211", "adoption-per-council", Severity.warning)
def adoption_per_council(ctx: Context):
    """Each council adopts an inter-municipal plan. With `adoption` as a list,
    every entry names its `municipality` and no municipality is listed twice;
    a date, body or case that is not known may be left out.

    ```yaml
    adoption:
      - municipality: Fjellby
        date: 2024-06-13
      - date: 2024-06-20         # RP211: hvilken kommune?
    ```
    """
    seen: set[str] = set()
    for path, adoption in _adoptions(ctx):
        if len(path) == 1:
            return
        if adoption.municipality is None:
            yield ctx.finding("RP211", PLAN, path, "adoption_no_municipality", number=path[1] + 1)
        elif adoption.municipality in seen:
            yield ctx.finding("RP211", PLAN, (*path, "municipality"), "adoption_twice", name=adoption.municipality)
        else:
            seen.add(adoption.municipality)

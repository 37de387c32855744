"""RP701, RP702: decisions a roll-forward left to people, marked in a measure's `review`.

`rusplan roll-forward` cannot decide everything: it marks a carried measure
with short codes in `review`, and these rules keep reminding until a person
has decided and removed the code.
"""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule

DEADLINE = "deadline"
OUTCOME_UNKNOWN = "outcome-unknown"


def _marked(ctx: Context, code: str):
    for ref in ctx.loaded.measure_refs():
        if code in ref.measure.review:
            yield ref, ref.measure.review.index(code)


def _key(ctx: Context, key: str) -> tuple[str, dict]:
    """The message key, worded in the plan's own word for a measure when it names one (`terms:`)."""
    terms = ctx.plan.meta.terms
    if terms is not None and terms.measure:
        return f"{key}_term", {"measure": terms.measure}
    return key, {}


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@rule("RP701", "review-deadline", Severity.warning)
def review_deadline(ctx: Context):
    """The measure was carried over from the previous plan, whose deadline
    fell in the old period; roll-forward dropped it. Set a deadline in the
    new period (a year, a date, «I planperioden» or «Årlig») and remove
    `deadline` from `review`.

    ```yaml
    - id: t3
      title: Etablere en funksjon som Barneansvarlig
      carried_from: molde-2020-2024/t3
      review:
        - deadline        # RP701: sett deadline, og fjern denne linjen
    ```
    """
    key, words = _key(ctx, "review_deadline")
    for ref, index in _marked(ctx, DEADLINE):
        yield ctx.finding("RP701", ref.doc, (*ref.path, "review", index), key,
                          title=_short(ref.measure.title), source=ref.measure.carried_from or "–", **words)


@rule("RP702", "review-outcome-unknown", Severity.info)
def review_outcome_unknown(ctx: Context):
    """No status report and no evaluation said how the measure went in the
    previous plan, so roll-forward carried it to be safe. Decide whether to
    keep it; then remove `outcome-unknown` from `review` (or delete the
    measure), and correct its outcome in `evaluation.yaml`.

    ```yaml
    - id: t7
      title: Moldeskolene skal ha en felles plan for sitt rusforebyggende arbeid
      carried_from: molde-2020-2024/t7
      review:
        - outcome-unknown   # RP702: behold eller slett tiltaket
    ```
    """
    key, words = _key(ctx, "review_outcome_unknown")
    for ref, index in _marked(ctx, OUTCOME_UNKNOWN):
        yield ctx.finding("RP702", ref.doc, (*ref.path, "review", index), key,
                          title=_short(ref.measure.title), source=ref.measure.carried_from or "–", **words)

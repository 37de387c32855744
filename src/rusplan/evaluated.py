"""Whether an evaluation item has been evaluated by a person, or still waits for one.

Roll-forward pre-fills `evaluation.yaml`; what nobody reported is `not_evaluated`
(«ikke vurdert»). Drafts written by older versions of rusplan said `not_done`
with a prompt as the comment («… Fyll inn resultat og kommentar.»); such a
prompt is a placeholder, not a result, and is treated as «ikke vurdert».
"""

from __future__ import annotations

from rusplan.model import EvaluationItem, Outcome

# Prompts rusplan itself has written into comments; plain substring tests, bounded by the comment's length.
PLACEHOLDERS = ("Fyll inn resultat og kommentar", "Resultatet er ikke rapportert (ingen statusrapport eller evaluering)")


def is_placeholder(comment: str | None) -> bool:
    """True when the comment is a prompt to the secretary rather than what happened."""
    return bool(comment) and any(marker in comment for marker in PLACEHOLDERS)


def unevaluated(item: EvaluationItem) -> str | None:
    """Why an item still waits for a person: "outcome" (not_evaluated), "comment" (a placeholder), or None."""
    if item.outcome is Outcome.not_evaluated:
        return "outcome"
    if is_placeholder(item.comment):
        return "comment"
    return None

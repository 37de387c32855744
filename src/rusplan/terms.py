"""The plan's own words for its levels: «Innsatsområde», «Delmål», «Målsetting», «Aktivitet».

Plans name their levels differently; `terms:` in plan.yaml says how, and every
report and export heading about the plan uses those words. Without it the
words are rusplan's: Fokusområde, Mål, Resultatmål, Tiltak.
"""

from __future__ import annotations

from dataclasses import dataclass

from rusplan.messages import language, template
from rusplan.model import Terms

LEVELS = ("focus_area", "goal", "result_goal", "measure")
# Nouns whose plural is the singular (neuter one-syllable nouns and their compounds).
_SAME_IN_PLURAL = ("mål", "tiltak", "ansvar")


def plural(word: str, lang: str = "nb") -> str:
    """The plural of a level's name the plan gives.

    Bokmål: Innsatsområde → Innsatsområder, Aktivitet → Aktiviteter, Delmål → Delmål.
    Nynorsk: a neuter noun in -e or of one syllable keeps its form (Innsatsområde, Delmål), others
    take -ar (Aktivitet → Aktivitetar); a plan whose feminine level word takes -er can name it so
    in its own text. A plan's own words are Norwegian, so an English report uses the bokmål rule.
    """
    lowered = word.casefold()
    if lowered.endswith(_SAME_IN_PLURAL):
        return word
    if language(lang) == "nn":
        return word if lowered.endswith(("e", "ar", "er")) else word + "ar"
    if lowered.endswith("er"):
        return word
    if lowered.endswith("e"):
        return word + "r"
    return word + "er"


@dataclass(frozen=True)
class Words:
    """The names of the levels, singular and plural, capitalised as headings."""

    focus_area: str
    focus_areas: str
    goal: str
    goals: str
    result_goal: str
    result_goals: str
    measure: str
    measures: str
    custom: bool  # the plan names at least one level itself


def words(terms: Terms | None, lang: str = "nb") -> Words:
    """The plan's words where it gives them, else the catalog's (`level.*`) in the reader's language."""
    given = {key: (getattr(terms, key) or "").strip() for key in LEVELS} if terms else {}
    chosen = {key: given.get(key) or template(f"level.{key}", lang, count=1) for key in LEVELS}
    plurals = {key + "s": plural(given[key], lang) if given.get(key) else template(f"level.{key}", lang, count=2) for key in LEVELS}
    return Words(**chosen, **plurals, custom=any(given.values()))

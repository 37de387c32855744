"""The plan's own words for its levels: «Innsatsområde», «Delmål», «Målsetting», «Aktivitet».

Plans name their levels differently; `terms:` in plan.yaml says how, and every
report and export heading about the plan uses those words. Without it the
words are rusplan's: Fokusområde, Mål, Resultatmål, Tiltak.
"""

from __future__ import annotations

from dataclasses import dataclass

from rusplan.model import Terms

DEFAULTS = {"focus_area": "Fokusområde", "goal": "Mål", "result_goal": "Resultatmål", "measure": "Tiltak"}
ENGLISH = {"focus_area": "Focus area", "goal": "Goal", "result_goal": "Result goal", "measure": "Measure"}
# Nouns whose plural is the singular (neuter one-syllable nouns and their compounds).
_SAME_IN_PLURAL = ("mål", "tiltak", "ansvar")


def plural(word: str) -> str:
    """Bokmål plural of a level's name: Innsatsområde → Innsatsområder, Aktivitet → Aktiviteter, Delmål → Delmål."""
    lowered = word.casefold()
    if lowered.endswith(_SAME_IN_PLURAL) or lowered.endswith("er"):
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
    """The plan's words where it gives them, else rusplan's (in English with `lang="en"`)."""
    base = ENGLISH if lang == "en" else DEFAULTS
    given = {key: getattr(terms, key) for key in DEFAULTS} if terms else {}
    chosen = {key: (given.get(key) or base[key]).strip() for key in DEFAULTS}
    plurals = {key + "s": (plural(value) if given.get(key) or lang != "en" else value + "s") for key, value in chosen.items()}
    if lang != "en" and not given.get("focus_area"):
        plurals["focus_areas"] = "Fokusområder"
    return Words(**chosen, **plurals, custom=any(given.values()))

"""The register of responsible units (`units.yaml`): one name per unit, and the other names plans use.

Plans write the same unit many ways («Psykisk helse og rustjenester»,
«…rustjenesten», «…rus tjenesten»). With a register, a responsible name is
matched to its unit, a name that matches none is reported with a did-you-mean,
and the per-unit views count a unit once whatever it was called.
`suggest` proposes a register from the names a plan uses, grouping near-duplicates.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from rusplan.model import Plan, Unit

MAX_NAME = 200  # longer names are compared by their first 200 characters: bounded work per name
MAX_NAMES = 1000  # distinct names grouped by `suggest`; a plan has far fewer
MAX_SIMILAR = 60  # similarity is judged on the first 60 characters (difflib is quadratic in the length)
MAX_CANDIDATES = 40  # groups a name is compared with: bounded work even for a hostile plan
MAX_GUESS = 200  # register names a did-you-mean looks through
MAX_GUESSES = 20  # distinct unknown names that get a did-you-mean; the rest are reported without one
SIMILAR = 0.88  # SequenceMatcher ratio above which two names are taken as the same unit

_HYPHEN_OG = re.compile(r"-(?= og )")


def normalise(name: str) -> str:
    """Case, spacing and a hyphen before «og» do not make another unit: «Helse- og omsorg» = «helse og  omsorg»."""
    return _HYPHEN_OG.sub("", " ".join(name[:MAX_NAME].split()).casefold())


def _squashed(name: str) -> str:
    """Also without spaces: «rus tjenesten» = «rustjenesten»."""
    return normalise(name).replace(" ", "")


class Register:
    """Every name (unit names and aliases, normalised) to the unit's own name."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = list(units)
        self.names: dict[str, str] = {}
        self._guesses: dict[str, str | None] = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                self.names.setdefault(normalise(name), unit.name)
                self.names.setdefault(_squashed(name), unit.name)

    def __bool__(self) -> bool:
        return bool(self.units)

    def unit_of(self, name: str) -> str | None:
        """The unit a responsible name stands for, or None when the register does not know it."""
        return self.names.get(normalise(name)) or self.names.get(_squashed(name))

    def canonical(self, name: str) -> str:
        """The unit's own name when the register knows `name`; else `name` as written."""
        return self.unit_of(name) or name

    def guess(self, name: str) -> str | None:
        """The closest unit or alias to an unknown name, for a did-you-mean."""
        key = normalise(name)[:MAX_SIMILAR]
        if key not in self._guesses:
            if len(self._guesses) >= MAX_GUESSES:
                return None
            spelled = {normalise(n)[:MAX_SIMILAR]: n for unit in self.units for n in (unit.name, *unit.aliases)}
            found = difflib.get_close_matches(key, list(spelled)[:MAX_GUESS], n=1, cutoff=0.6)
            self._guesses[key] = spelled[found[0]] if found else None
        return self._guesses[key]


def names_in_use(plan: Plan) -> Counter[str]:
    """Every responsible name the plan writes (measures, goals, follow-up), with how often."""
    counts: Counter[str] = Counter()
    for area in plan.focus_areas:
        for goal in area.goals:
            counts.update(" ".join(n.split()) for n in goal.responsible)
            for measure in goal.measures:
                counts.update(" ".join(n.split()) for n in measure.responsible)
    if plan.meta.follow_up:
        counts.update(" ".join(n.split()) for n in plan.meta.follow_up.responsible)
    return counts


def suggest(plan: Plan) -> list[Unit]:
    """A proposed register: near-duplicate names grouped, the most used spelling as the unit's name.

    Names are grouped when they are the same after `normalise` or without spaces,
    or when they are very similar (difflib ratio ≥ 0.88), which catches
    «rustjenesten»/«rustjenester». A person still checks the proposal: two units
    with similar names («Skole» and «Skoler») may be one or two.
    """
    counts = names_in_use(plan)
    ordered = sorted(list(counts)[:MAX_NAMES], key=lambda n: (-counts[n], n))
    groups: list[list[str]] = []
    keys: list[str] = []
    for name in ordered:
        key = _squashed(name)
        for index, first in enumerate(keys):
            if key == first or (index < MAX_CANDIDATES and _similar(key[:MAX_SIMILAR], first[:MAX_SIMILAR])):
                groups[index].append(name)
                break
        else:
            groups.append([name])
            keys.append(key)
    units = []
    for group in groups:
        head = group[0]
        aliases: dict[str, str] = {}
        for name in group[1:]:  # spellings the register already matches (case, spacing) need no alias
            if normalise(name) != normalise(head):
                aliases.setdefault(normalise(name), name)
        units.append(Unit(name=head[:1].upper() + head[1:], aliases=list(aliases.values())))
    return sorted(units, key=lambda u: u.name.casefold())


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def register_data(units: list[Unit]) -> dict[str, Any]:
    """units.yaml as plain data, aliases left out where there are none."""
    return {"units": [{"name": u.name, **({"aliases": list(u.aliases)} if u.aliases else {})} for u in units]}

"""Renumber a plan's measures in plan order: `rusplan renumber PLAN`.

After a measure is inserted or deleted, the display numbers jump («Nummereringen
hopper fra 4 til 72»). Renumbering gives every numbered measure the number its
place in the plan calls for, the way the plan already numbers: plain numbers
count 1, 2, 3 … through the whole plan; dotted numbers «G.N» count within their
goal G. Ids never change, and unnumbered measures stay unnumbered.

The files are edited with ruamel.yaml's round-trip mode, so comments, quoting,
flow mappings and key order stay as the secretary wrote them; only the numbers
change. Planning (`plan_changes`) is pure; `apply` writes each file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rusplan.model import Plan
from rusplan.yamledit import dump, editor_for

# The indentation of the bundled plans and of files rusplan writes; tried first so the layout survives unchanged.


@dataclass(frozen=True)
class NumberChange:
    """One measure's display number, before and after."""

    doc: str  # focus-areas/<id>.yaml
    goal_index: int
    measure_index: int
    measure_id: str
    old: int | str
    new: int | str


def style(plan: Plan) -> str:
    """`dotted` when every numbered measure is «G.N» and every goal has a number; else `plain`."""
    numbers = [str(m.number) for _, _, m in plan.measures() if m.number is not None]
    goals_numbered = all(goal.number is not None for area in plan.focus_areas for goal in area.goals)
    return "dotted" if numbers and goals_numbered and all("." in n for n in numbers) else "plain"


def plan_changes(plan: Plan) -> list[NumberChange]:
    """The numbers that differ from what their place in the plan calls for, in plan order."""
    dotted = style(plan) == "dotted"
    changes: list[NumberChange] = []
    running = 0
    for area in plan.focus_areas:
        for gi, goal in enumerate(area.goals):
            within = 0
            for mi, measure in enumerate(goal.measures):
                if measure.number is None:
                    continue
                running += 1
                within += 1
                wanted: int | str = f"{goal.number}.{within}" if dotted else running
                if str(measure.number).strip() != str(wanted):
                    if not dotted and isinstance(measure.number, str):
                        wanted = str(wanted)  # the plan wrote "12" in quotes: keep it a string
                    changes.append(NumberChange(f"focus-areas/{area.id}.yaml", gi, mi, measure.id, measure.number, wanted))
    return changes


def edited_text(text: str, changes: list[NumberChange]) -> str:
    """The file's text with the numbers changed; everything else as it was (when ruamel.yaml can reproduce it)."""
    yaml = editor_for(text)
    data = yaml.load(text)
    for change in changes:
        node = data["goals"][change.goal_index]["measures"][change.measure_index]
        old = node["number"]
        if isinstance(old, str) and not isinstance(change.new, int):
            node["number"] = type(old)(str(change.new))  # keeps the quotes the file used
        else:
            node["number"] = change.new
    return dump(yaml, data)


def apply(folder: Path, changes: list[NumberChange]) -> list[Path]:
    """Rewrite each touched file through a temporary file beside it (one rename per file); returns the files written."""
    from rusplan import atomic

    by_doc: dict[str, list[NumberChange]] = {}
    for change in changes:
        by_doc.setdefault(change.doc, []).append(change)
    texts = {doc: edited_text((folder / doc).read_text(encoding="utf-8"), mine) for doc, mine in by_doc.items()}
    written = []
    for doc, text in texts.items():
        atomic.write_file(folder / doc, text, overwrite=True)  # the plan's own file: replaced, never written through a link
        written.append(folder / doc)
    return written

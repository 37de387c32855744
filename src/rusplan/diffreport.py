"""`rusplan diff` results as text: for a person (rich), for a pull request (Markdown), for machines (JSON).

The human and Markdown forms share one layout (difflayout: lines of styled
segments, worded by diffwords); only the last step, here, differs: rich
styles or Markdown marks. JSON keeps everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rusplan.diff import Change, ChangeKind, Label, PlanDiff
from rusplan.difflayout import Seg, SideLike, flat, report_lines
from rusplan.diffwords import summary_text
from rusplan.markdown import escape
from rusplan.safetext import document, json_text

FORMATS = ("human", "markdown", "json")  # human: print_human; the others: RENDERERS
JSON_VERSION = 1


# --- human (rich) ------------------------------------------------------------------------------

STYLES = {
    **{"": "", "head": "bold", "kind": "bold", "add": "green", "del": "red", "id": "dim", "dim": "dim", "mark": "yellow"},
    **{"sym+": "green", "sym-": "red", "sym~": "yellow"},
}


def print_human(diffs: Sequence[PlanDiff], old: SideLike, new: SideLike, lang: str, console) -> None:
    """The grouped changes for a terminal; markers like [-old-]{+new+} keep it readable without colour."""
    from rich.text import Text

    base = 2
    for line in report_lines(diffs, old, new, lang):
        if line.kind in ("plan", "section", "note"):
            console.print()
        if line.kind == "section":
            base = 2
        elif line.kind == "goal":
            base = 4
        indent = {"goal": 2, "item": base + 4 * line.depth}.get(line.kind, 0)
        text = Text(" " * indent)
        for style, chunk in line.segs:
            chosen = STYLES[style]
            if line.kind in ("plan", "summary"):
                chosen = f"{chosen} bold".strip()
            text.append(flat(chunk), style=chosen or None)
        console.print(text, soft_wrap=True, highlight=False)


# --- Markdown ----------------------------------------------------------------------------------

def md_escape(text: str) -> str:
    """Plan text on one line, escaped by the one Markdown rule (rusplan.markdown)."""
    return escape(flat(text))


def _md_segs(segs: Iterable[Seg]) -> str:
    out = []
    for style, chunk in segs:
        if style.startswith("sym"):
            continue
        if style == "kind":
            out.append(f"**{md_escape(chunk.strip())}**")
        elif style == "id":
            out.append(f"`{flat(chunk).strip('[]').replace('`', '')}`")
        elif style == "del" and chunk.startswith("[-") and chunk.endswith("-]"):
            out.append(f"<del>{md_escape(chunk[2:-2])}</del>")  # GitHub renders <del>/<ins>; plan text inside is escaped
        elif style == "add" and chunk.startswith("{+") and chunk.endswith("+}"):
            out.append(f"<ins>{md_escape(chunk[2:-2])}</ins>")
        else:
            out.append(md_escape(chunk))
    return "".join(out)


def to_markdown(diffs: Sequence[PlanDiff], old: SideLike, new: SideLike, lang: str) -> str:
    """For a pull-request comment or a job summary: headings per plan, focus area and goal; lists of changes."""
    out: list[str] = []

    def block(text: str) -> None:
        if out and out[-1] != "":
            out.append("")
        out.extend([text, ""])

    for line in report_lines(diffs, old, new, lang):
        body = _md_segs(line.segs)
        if line.kind == "item":
            out.append(("  " * line.depth) + f"- {body}")
        elif line.kind == "top":
            block(f"**rusplan diff** `{old.label.replace('`', '')}` → `{new.label.replace('`', '')}`")
        else:
            block({"plan": "## ", "section": "### ", "goal": "#### ", "summary": "**"}.get(line.kind, "") + body + ("**" if line.kind == "summary" else ""))
    return document("\n".join(out).strip("\n") + "\n", "md")


# --- JSON -----------------------------------------------------------------------------------------


def _label_json(label: Label | None) -> dict[str, Any] | None:
    return None if label is None else {"number": label.number, "title": label.title}


def change_json(change: Change) -> dict[str, Any]:
    p = change.path
    o = change.outcome
    return {
        "kind": change.kind.value,
        "target": change.target.value,
        "path": {"plan": p.plan, "focus_area": p.focus_area, "goal": p.goal, "measure": p.measure, "indicator": p.indicator, "year": p.year},
        "label": _label_json(change.label),
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "words": None if change.words is None else [{"op": word.op, "text": word.text} for word in change.words],
        "added": None if change.added is None else list(change.added),
        "removed": None if change.removed is None else list(change.removed),
        "outcome": None if o is None else {"outcome": o.outcome, "source": o.source, "year": o.year, "comment": o.comment, "continued": o.continued},
        "similar_to": change.similar_to,
    }


def plan_json(diff: PlanDiff, lang: str) -> dict[str, Any]:
    used_areas = [c.path.focus_area for c in diff.changes if c.path.focus_area]
    used_goals = [c.path.goal for c in diff.changes if c.path.goal]
    for c in diff.changes:
        for value in (c.old, c.new):
            if c.kind in (ChangeKind.moved, ChangeKind.carried) and isinstance(value, dict):
                used_areas.append(value.get("focus_area"))
                used_goals.append(value.get("goal"))
    areas = diff.labels.get("focus_areas", {})
    goals = diff.labels.get("goals", {})
    s = diff.summary
    return {
        "plan": diff.plan,
        "old_plan": diff.old_plan,
        "new_plan": diff.new_plan,
        "mode": diff.mode.value,
        "summary": {
            "added": s.added,
            "removed": s.removed,
            "changed": s.changed,
            "moved": s.moved,
            "renumbered": s.renumbered,
            "carried": s.carried,
            "status": s.status,
            "other": s.other,
            "total": s.total,
        },
        "summary_text": summary_text(diff, lang),
        "labels": {
            "focus_areas": {a: _label_json(areas[a]) for a in dict.fromkeys(used_areas) if a in areas},
            "goals": {g: _label_json(goals[g]) for g in dict.fromkeys(used_goals) if g in goals},
        },
        "changes": [change_json(c) for c in diff.changes],
    }


def to_json(diffs: Sequence[PlanDiff], old: SideLike, new: SideLike, lang: str) -> str:
    """The documented contract (docs/json.md, «rusplan diff»): stable keys, one entry per change."""
    data = {
        "version": JSON_VERSION,
        "old": {"rev": old.rev, "paths": list(old.paths)},
        "new": {"rev": new.rev, "paths": list(new.paths)},
        "differs": any(d.differs for d in diffs),
        "plans": [plan_json(d, lang) for d in diffs if d.differs],
        "unchanged": [d.plan for d in diffs if not d.differs],
    }
    return json_text(data)


RENDERERS = {"markdown": to_markdown, "json": to_json}  # and "human", which prints through `print_human`


def render(diffs: Sequence[PlanDiff], old: SideLike, new: SideLike, format: str, lang: str) -> str:
    """Markdown or JSON text (human output goes through `print_human`)."""
    if format not in RENDERERS:
        raise ValueError(f"unknown format {format!r}")
    return RENDERERS[format](diffs, old, new, lang)

"""`rusplan diff` results as text: for a person (rich), for a pull request (Markdown), for machines (JSON).

The human and Markdown forms share one layout, built here as a list of lines
made of styled segments; only the last step (rich styles or Markdown marks)
differs. Plan text is shown on one line per change; long unchanged runs in a
word diff are shortened so the edit itself stands out. JSON keeps everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rusplan.diff import PARAGRAPH, Change, ChangeKind, Label, Mode, PlanDiff, Summary, Target, Word, iter_groups
from rusplan.markdown import escape
from rusplan.messages import has, template
from rusplan.safetext import document, json_text, visible

FORMATS = ("human", "markdown", "json")  # human: print_human; the others: RENDERERS
JSON_VERSION = 1


class SideLike(Protocol):
    rev: str | None
    paths: tuple[str, ...]

    @property
    def label(self) -> str: ...


# --- words ------------------------------------------------------------------------------

ENUM_FIELDS = {"state", "status", "outcome", "kind", "reporting", "scope"}

MAX_VALUE = 160  # characters of a plain old → new value before it is shortened
CONTEXT = 6  # words kept on each side of an edit in a shortened word diff


def w(key: str, lang: str, **params: Any) -> str:
    """The catalog's `diff.<key>` worded; a parameter `n` picks the plural form."""
    count = params.get("n")
    return template(f"diff.{key}", lang, count if isinstance(count, int) else None).format(**params)


def field_name(name: str | None, lang: str) -> str:
    if name is None:
        return ""
    return template(f"field.{name}", lang) if has(f"field.{name}") else name


def value_word(value: str, lang: str) -> str | None:
    """The word for an enum value (a status, outcome, state, kind, scope), or None."""
    for key in (f"status.{value}", f"value.{value}"):
        if has(key):
            return template(key, lang)
    return None


def value_text(name: str | None, value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return w("yes" if value else "no", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        if name in ENUM_FIELDS and (word := value_word(value, lang)) is not None:
            return word
        return value
    if isinstance(value, list):
        return ", ".join(value_text(name, v, lang) for v in value) if value else "–"
    if isinstance(value, dict):
        if "text" in value:
            return str(value["text"])
        if set(value) == {"start", "end"}:
            return f"{value['start']}–{value['end']}"
        if set(value) == {"from", "to"}:
            return f"{value['from']}–{value['to']}"
        if "name" in value:
            return str(value["name"]) + (f" ({field_name('responsible', lang).lower()})" if value.get("responsible") else "")
        if "title" in value:
            return str(value["title"])
        if not value:
            return "–"
        return ", ".join(f"{key}: {value_text(None, item, lang)}" for key, item in value.items())
    return str(value)


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1].rstrip() + "…"


def summary_text(diff: PlanDiff, lang: str) -> str:
    """The summary line, e.g. «3 nye tiltak, 1 fjernet, 5 endret, 2 statusendringer»."""
    s: Summary = diff.summary
    if not diff.differs:
        return w("no_differences", lang).rstrip(".")
    whole = diff.changes[0] if diff.changes[0].target is Target.plan and diff.changes[0].kind in (ChangeKind.added, ChangeKind.removed) else None
    if whole is not None and len(diff.changes) == 1:
        return w("plan_added_summary" if whole.kind is ChangeKind.added else "plan_removed_summary", lang, n=s.added or s.removed)
    counts: list[tuple[str, int]] = [("count_added", s.added)]
    if diff.mode is Mode.revision:
        counts += [("count_carried_changed" if s.changed else "count_carried", s.carried), ("count_dropped", s.removed)]
    else:
        counts += [("count_removed", s.removed), ("count_changed", s.changed)]
    counts += [("count_moved", s.moved), ("count_renumbered", s.renumbered), ("count_status", s.status), ("count_other", s.other)]
    return ", ".join(w(key, lang, n=n, changed=s.changed) for key, n in counts if n)


# --- layout: lines of styled segments ------------------------------------------------------

Seg = tuple[str, str]  # (style, text); styles: "", "head", "kind", "add", "del", "id", "dim", "mark", and "sym+", "sym-", "sym~" (terminal only)


@dataclass(frozen=True)
class Line:
    kind: str  # "top", "plan", "summary", "section", "goal", "item", "note"
    segs: tuple[Seg, ...]
    depth: int = 0  # items: 0 an entry, 1 a detail under it


def _id(text: str | None) -> Seg:
    return ("id", f"[{text}]")


def _label_segs(noun: str, label: Label | None, ident: str | None) -> list[Seg]:
    number = f" {label.number}" if label and label.number is not None else ""
    segs: list[Seg] = [("kind", f"{noun}{number}"), ("", " "), _id(ident)]
    if label and label.title:
        segs.append(("", f": {label.title}"))
    return segs


def word_segs(words: Sequence[Word]) -> list[Seg]:
    """[-old-]{+new+} runs, with long unchanged stretches shortened to their ends."""
    segs: list[Seg] = []
    for index, word in enumerate(words):
        text = word.text.replace(PARAGRAPH, " ¶ ")
        if word.op == "equal":
            tokens = text.split(" ")
            first, last = index == 0, index == len(words) - 1
            keep = CONTEXT * (1 if first or last else 2)
            if len(tokens) > keep + CONTEXT:  # worth shortening: at least CONTEXT words go
                head = [] if first else tokens[:CONTEXT]
                tail = [] if last else tokens[-CONTEXT:]
                text = " ".join([*head, "…", *tail])
            pad_left = "" if first else " "
            pad_right = "" if last else " "
            segs.append(("", f"{pad_left}{text}{pad_right}"))
        elif word.op == "delete":
            segs.append(("del", f"[-{text}-]"))
        else:
            segs.append(("add", f"{{+{text}+}}"))
    return segs


def _delta_segs(change: Change, lang: str) -> list[Seg]:
    if change.words:
        return word_segs(change.words)
    if change.added is not None or change.removed is not None:
        parts: list[Seg] = []
        if change.added:
            parts.append(("add", w("list_added", lang, items=", ".join(f"«{value_text(change.field, v, lang)}»" for v in change.added))))
        if change.removed:
            if parts:
                parts.append(("", "; "))
            parts.append(("del", w("list_removed", lang, items=", ".join(f"«{value_text(change.field, v, lang)}»" for v in change.removed))))
        return parts or [("dim", w("list_order", lang))]
    return [("del", _short(value_text(change.field, change.old, lang))), ("", " → "), ("add", _short(value_text(change.field, change.new, lang)))]


def _field_line(change: Change, lang: str, prefix: str | None = None) -> list[Seg]:
    name = prefix or field_name(change.field, lang)
    return [("", f"{name}: "), *_delta_segs(change, lang)]


def _outcome_segs(change: Change, lang: str) -> list[Seg]:
    o = change.outcome
    if o is None:
        return [("dim", w("outcome_unknown", lang))]
    source = w("source_evaluation", lang) if o.source == "evaluation" else w("source_status", lang, year=o.year)
    words = [value_word(o.outcome, lang) or o.outcome]
    if o.continued:
        words.append(w("continued", lang))
    text = w("outcome", lang, outcome=", ".join(words)) + f" ({source})"
    if o.comment:
        text += f" – {_short(o.comment)}"
    return [("dim", text)]


def _new_measure_details(data: dict[str, Any] | None, lang: str) -> list[Seg]:
    if not data:
        return []
    parts = []
    for name in ("responsible", "cost", "deadline"):
        value = data.get(name)
        if value:
            parts.append(f"{field_name(name, lang)}: {value_text(name, value, lang)}")
    return [("dim", " · ".join(parts))] if parts else []


def _where(labels: Mapping[str, Any], area: str | None, goal: str | None) -> dict[str, list[Seg]]:
    """Segments naming a goal («1 [bu-m1]») and a focus area («Barn og unge»)."""
    goal_label = labels.get("goals", {}).get(goal)
    area_label = labels.get("focus_areas", {}).get(area)
    goal_segs: list[Seg] = [("", f"{goal_label.number} ")] if goal_label and goal_label.number is not None else []
    goal_segs.append(_id(goal))
    area_segs: list[Seg] = [("", area_label.title)] if area_label and area_label.title else [_id(area)]
    return {"goal": goal_segs, "area": area_segs}


def _fill(key: str, lang: str, style: str, **parts: list[Seg]) -> list[Seg]:
    """A catalog sentence whose {placeholders} are segments (ids keep their own style)."""
    segs: list[Seg] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template(f"diff.{key}", lang))):
        if index % 2:
            segs.extend((style if s == "" else s, t) for s, t in parts[piece])
        elif piece:
            segs.append((style, piece))
    return segs


def _status_line(change: Change, lang: str) -> list[Seg]:
    year = change.path.year
    if change.kind is ChangeKind.status:
        if change.old is None:
            return [("", w("status_line", lang, year=year) + ": "), ("add", w("status_first", lang, new=value_text("status", change.new, lang)))]
        return [("", w("status_line", lang, year=year) + ": "), *_delta_segs(change, lang)]
    if change.kind is ChangeKind.removed:
        return [("", w("status_line", lang, year=year) + ": "), ("del", w("status_removed", lang, old=value_text("status", change.old, lang)))]
    return _field_line(change, lang, prefix=w("status_field", lang, year=year, field=field_name(change.field, lang).lower()))


def _detail(change: Change, diff: PlanDiff, lang: str) -> list[Seg]:
    """One change as a line under its measure, goal, area or section heading."""
    labels = diff.labels
    if change.target is Target.status:
        return _status_line(change, lang)
    if change.kind is ChangeKind.renumbered:
        return [("", f"{w('renumbered', lang)}: "), ("del", value_text(None, change.old, lang)), ("", " → "), ("add", value_text(None, change.new, lang))]
    if change.kind is ChangeKind.moved:
        old = change.old or {}
        key = "moved_measure" if change.target is Target.measure else "moved_goal"
        return _fill(key, lang, "mark", **_where(labels, old.get("focus_area"), old.get("goal")))
    if change.target is Target.status_report:
        if change.kind is ChangeKind.added:
            return [("sym+", "+ "), ("add", w("report_added", lang, year=change.path.year, n=len((change.new or {}).get("measures", {}))))]
        if change.kind is ChangeKind.removed:
            return [("sym-", "- "), ("del", w("report_removed", lang, year=change.path.year, n=len((change.old or {}).get("measures", {}))))]
        return _field_line(change, lang, prefix=w("report_field", lang, year=change.path.year, field=field_name(change.field, lang).lower()))
    if change.target is Target.indicator and change.field == "values":
        return _field_line(change, lang, prefix=f"{field_name('values', lang)} {change.path.year}")
    if change.target is Target.evaluation and change.path.measure is None and change.kind in (ChangeKind.added, ChangeKind.removed):
        data = change.new if change.kind is ChangeKind.added else change.old
        key = "evaluation_added" if change.kind is ChangeKind.added else "evaluation_removed"
        return [("add" if change.kind is ChangeKind.added else "del", w(key, lang, plan=data.get("plan"), n=data.get("items")))]
    if change.target is Target.alcohol and change.kind in (ChangeKind.added, ChangeKind.removed):
        return [("add" if change.kind is ChangeKind.added else "del", w("alcohol_added" if change.kind is ChangeKind.added else "alcohol_removed", lang))]
    if change.kind is ChangeKind.added:
        key = {Target.goal: "new_goal", Target.focus_area: "new_area"}.get(change.target, "new_item")
        return [("sym+", "+ "), ("add", w(key, lang))]
    if change.kind is ChangeKind.removed:
        key = {Target.goal: "removed_goal", Target.focus_area: "removed_area"}.get(change.target, "removed_item")
        return [("sym-", "- "), ("del", w(key, lang))]
    return _field_line(change, lang)


# --- grouping into lines --------------------------------------------------------------------


def _group_key(change: Change) -> tuple[str, str] | None:
    if change.target in (Target.measure, Target.status) and change.path.measure:
        return ("measure", change.path.measure)
    if change.target is Target.evaluation and change.path.measure:
        return ("evaluation", change.path.measure)
    if change.target is Target.indicator and change.path.indicator:
        return ("indicator", change.path.indicator)
    return None


def _runs(changes: Iterable[Change]) -> list[tuple[tuple[str, str] | None, list[Change]]]:
    runs: list[tuple[tuple[str, str] | None, list[Change]]] = []
    for change in changes:
        key = _group_key(change)
        if key is not None and runs and runs[-1][0] == key:
            runs[-1][1].append(change)
        else:
            runs.append((key, [change]))
    return runs


def _entry_lines(key: tuple[str, str] | None, changes: list[Change], diff: PlanDiff, lang: str) -> list[Line]:
    if key is None:
        return [Line("item", tuple(_detail(c, diff, lang))) for c in changes]
    family, ident = key
    lead = changes[0]
    rest = changes[1:]
    noun = {"measure": w("measure", lang), "evaluation": w("measure", lang), "indicator": w("indicator", lang)}[family]
    details: list[list[Seg]] = []
    if lead.kind is ChangeKind.added and lead.field is None:  # the whole measure, item or indicator
        new_noun = {"measure": w("new_measure", lang), "indicator": w("new_indicator", lang)}.get(family, w("new_item", lang) + ": " + noun.lower())
        head = [("sym+", "+ "), *_label_segs(new_noun, lead.label, ident)]
        details.append(_new_measure_details(lead.new, lang) if family == "measure" else [])
        if lead.similar_to:
            details.append([("mark", w("similar_revision" if diff.mode is Mode.revision else "similar", lang, id=lead.similar_to))])
    elif lead.kind is ChangeKind.removed and lead.field is None:
        if family == "measure":
            gone_noun = w("dropped_measure" if diff.mode is Mode.revision else "removed_measure", lang)
        else:
            gone_noun = {"indicator": w("removed_indicator", lang)}.get(family, w("removed_item", lang) + ": " + noun.lower())
        head = [("sym-", "- "), *_label_segs(gone_noun, lead.label, ident)]
        if diff.mode is Mode.revision and family == "measure":
            details.append(_outcome_segs(lead, lang))
    elif lead.kind is ChangeKind.carried:
        old, new = lead.old or {}, lead.new or {}
        number = f" {lead.label.number}" if lead.label and lead.label.number is not None else ""
        old_number = f" {old['number']}" if old.get("number") is not None else ""
        head = [("sym~", "↻ "), ("kind", f"{w('carried_measure', lang)}{number}"), ("", " "), _id(ident)]
        head += [("dim", f" ← {w('from', lang)}{old_number} "), _id(old.get("measure"))]
        if lead.label and lead.label.title:
            head.append(("", f": {lead.label.title}"))
        details.append(_outcome_segs(lead, lang))
        if (old.get("focus_area"), old.get("goal")) != (new.get("focus_area"), new.get("goal")):
            details.append(_fill("carried_moved", lang, "dim", **_where(diff.labels, old.get("focus_area"), old.get("goal"))))
    else:
        head = [("sym~", "~ "), *_label_segs(noun, lead.label or _first_label(changes), ident)]
        rest = changes
        if family == "measure" and all(c.target is Target.status for c in changes) and lead.label and lead.label.title is None:
            head.append(("dim", f" ({w('not_in_plan', lang)})"))
    for change in rest:
        details.append(_detail(change, diff, lang))
    return [Line("item", tuple(head)), *(Line("item", tuple(d), depth=1) for d in details if d)]


def _first_label(changes: list[Change]) -> Label | None:
    return next((c.label for c in changes if c.label), None)


def _section_title(section: str, diff: PlanDiff, lang: str) -> list[Seg]:
    if section.startswith("area:"):
        area_id = section[5:]
        label = diff.labels.get("focus_areas", {}).get(area_id)
        number = f"{label.number} " if label and label.number is not None else ""
        return [("head", f"{number}{label.title if label else area_id} "), _id(area_id)]
    return [("head", w(f"section_{section}", lang))]


def _goal_title(goal_id: str, diff: PlanDiff, lang: str) -> list[Seg]:
    label = diff.labels.get("goals", {}).get(goal_id)
    number = f" {label.number}" if label and label.number is not None else ""
    title = f": {label.title}" if label and label.title else ""
    return [("head", f"{w('goal', lang)}{number}{title} "), _id(goal_id)]


def _plan_heading(diff: PlanDiff, lang: str) -> list[Seg]:
    if diff.mode is Mode.revision:
        return [("head", f"{diff.old_plan} → {diff.new_plan}"), ("dim", f" ({w('revision', lang)})")]
    if diff.old_plan is None:
        return [("head", diff.plan), ("dim", f" ({w('new_plan', lang)})")]
    if diff.new_plan is None:
        return [("head", diff.plan), ("dim", f" ({w('removed_plan', lang)})")]
    if diff.old_plan != diff.new_plan:
        return [("head", f"{diff.old_plan} → {diff.new_plan}")]
    return [("head", diff.plan)]


def plan_lines(diff: PlanDiff, lang: str) -> list[Line]:
    """One plan's differences in reading order: heading, summary, then section by section."""
    lines = [Line("plan", tuple(_plan_heading(diff, lang))), Line("summary", (("", summary_text(diff, lang)),))]
    first = diff.changes[0] if diff.changes else None
    if first is not None and first.target is Target.plan and first.kind in (ChangeKind.added, ChangeKind.removed):
        data = first.new or first.old or {}
        period = data.get("period") or {}
        areas = data.get("focus_areas")
        worded = template("diff.plan_overview", lang, count=areas or 0)
        text = worded.format(title=data.get("title"), start=period.get("start"), end=period.get("end"), n=areas)
        lines.append(Line("item", (("add" if first.kind is ChangeKind.added else "del", text),)))
        return lines
    for section, changes in iter_groups(diff):
        lines.append(Line("section", tuple(_section_title(section, diff, lang))))
        current_goal: str | None = None
        for key, run in _runs(changes):
            goal = run[0].path.goal if section.startswith("area:") else None
            if goal is not None and goal != current_goal:
                lines.append(Line("goal", tuple(_goal_title(goal, diff, lang))))
                current_goal = goal
            lines.extend(_entry_lines(key, run, diff, lang))
    return lines


def report_lines(diffs: Sequence[PlanDiff], old: SideLike, new: SideLike, lang: str) -> list[Line]:
    lines = [Line("top", (("", old.label), ("dim", " → "), ("", new.label)))]
    changed = [d for d in diffs if d.differs]
    for diff in changed:
        lines.extend(plan_lines(diff, lang))
    if not changed:
        lines.append(Line("note", (("", w("no_differences", lang)),)))
    unchanged = [d.plan for d in diffs if not d.differs]
    if changed and unchanged:
        lines.append(Line("note", (("dim", f"{w('unchanged', lang)}: {', '.join(unchanged)}"),)))
    return lines


def _flat(text: str) -> str:
    """Plan text on one line, without control characters."""
    return visible(text.replace(PARAGRAPH, " ¶ ").replace("\n", " "))


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
            text.append(_flat(chunk), style=chosen or None)
        console.print(text, soft_wrap=True, highlight=False)


# --- Markdown ----------------------------------------------------------------------------------

def md_escape(text: str) -> str:
    """Plan text on one line, escaped by the one Markdown rule (rusplan.markdown)."""
    return escape(_flat(text))


def _md_segs(segs: Iterable[Seg]) -> str:
    out = []
    for style, chunk in segs:
        if style.startswith("sym"):
            continue
        if style == "kind":
            out.append(f"**{md_escape(chunk.strip())}**")
        elif style == "id":
            out.append(f"`{_flat(chunk).strip('[]').replace('`', '')}`")
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

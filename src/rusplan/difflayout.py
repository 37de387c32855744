"""The layout a diff shares in every text form: a list of lines made of styled segments.

Only the last step differs (rich styles for a terminal, Markdown marks for a
pull request; see diffreport). Plan text is shown on one line per change; long
unchanged runs in a word diff are shortened so the edit itself stands out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rusplan.diff import PARAGRAPH, Change, ChangeKind, Label, Mode, PlanDiff, Target, Word, iter_groups
from rusplan.diffwords import CONTEXT, field_name, short, summary_text, value_text, value_word, w
from rusplan.messages import template
from rusplan.safetext import visible


class SideLike(Protocol):
    rev: str | None
    paths: tuple[str, ...]

    @property
    def label(self) -> str: ...


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
    return [("del", short(value_text(change.field, change.old, lang))), ("", " → "), ("add", short(value_text(change.field, change.new, lang)))]


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
        text += f" – {short(o.comment)}"
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


def flat(text: str) -> str:
    """Plan text on one line, without control characters."""
    return visible(text.replace(PARAGRAPH, " ¶ ").replace("\n", " "))

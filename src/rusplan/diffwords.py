"""The words of a diff: field names, values and the summary line, from the catalog, in the reader's language."""

from __future__ import annotations

from typing import Any

from rusplan.diff import ChangeKind, Mode, PlanDiff, Summary, Target
from rusplan.messages import has, template

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


def short(text: str) -> str:
    """A long value cut at MAX_VALUE characters."""
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

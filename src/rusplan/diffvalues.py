"""How one value changed between two plans: field by field, list item by list item, text word by word.

The walk (`diffwalk`) hands this module the JSON dumps of two versions of the
same thing; what comes back are the deltas a `Change` records.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from rusplan.diffmodel import Word
from rusplan.worddiff import tokens, word_diff

K = TypeVar("K", bound=Hashable)


def merge(old: Sequence[K], new: Sequence[K]) -> list[K]:
    """New order, with keys only in `old` placed after the key they followed there (removed before added, as diff does)."""
    in_new = set(new)
    after: dict[K | None, list[K]] = {}
    previous: K | None = None
    for key in old:
        if key in in_new:
            previous = key
        else:
            after.setdefault(previous, []).append(key)
    out: list[K] = list(after.pop(None, []))
    for key in new:
        out.append(key)
        out.extend(after.pop(key, []))
    return out


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _list_delta(old: list[Any], new: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Items added and removed, counting repeats (order-only changes give two empty tuples)."""
    old_count, new_count = Counter(_key(v) for v in old), Counter(_key(v) for v in new)
    added, removed = [], []
    seen: Counter[str] = Counter()
    for value in new:
        k = _key(value)
        seen[k] += 1
        if seen[k] > old_count[k]:
            added.append(value)
    seen.clear()
    for value in old:
        k = _key(value)
        seen[k] += 1
        if seen[k] > new_count[k]:
            removed.append(value)
    return tuple(added), tuple(removed)


def plain(value: Any) -> Any:
    """Whole floats as ints, so 32.0 reads 32."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same_number(a: Any, b: Any) -> bool:
    return (None if a is None else str(a)) == (None if b is None else str(b))


def norm_title(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@dataclass(frozen=True)
class Delta:
    old: Any
    new: Any
    words: tuple[Word, ...] | None = None
    added: tuple[Any, ...] | None = None
    removed: tuple[Any, ...] | None = None


def field_delta(old: Any, new: Any) -> Delta | None:
    """How one field's JSON value changed, or None. Text compares word by word, lists item by item."""
    if old == new or (old in EMPTY and new in EMPTY):
        return None
    if isinstance(old, str | None) and isinstance(new, str | None):
        if tokens(old) == tokens(new):
            return None
        multiword = len(tokens(old)) > 1 or len(tokens(new)) > 1
        return Delta(old, new, words=word_diff(old or "", new or "") if old and new and multiword else None)
    if isinstance(old, list | None) and isinstance(new, list | None):
        added, removed = _list_delta(old or [], new or [])
        return Delta(old, new, added=added, removed=removed)
    return Delta(plain(old), plain(new))


EMPTY: tuple[Any, ...] = (None, "", [], {})  # a missing parent (adoption: null) and an empty default say the same


FLATTEN = {"adoption", "follow_up", "sales_hours", "serving_hours"}


def fields(model: type[BaseModel], data: dict[str, Any] | None, skip: set[str] | frozenset[str]) -> dict[str, Any]:
    """A model's JSON values by field name, in model order; FLATTEN fields become `a.b`."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        key = info.alias or name
        value = data.get(key) if data else None
        if name in FLATTEN and not isinstance(value, list):  # one adoption per council: compared as a whole
            inner = _inner_model(info.annotation)
            if inner is not None:
                for sub, sub_info in inner.model_fields.items():
                    sub_key = sub_info.alias or sub
                    out[f"{name}.{sub_key}"] = value.get(sub_key) if isinstance(value, dict) else None
                continue
        out[name] = value
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    for arg in getattr(annotation, "__args__", (annotation,)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        if arg is not annotation and getattr(arg, "__args__", None):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def dump(model: BaseModel | None) -> dict[str, Any] | None:
    return model.model_dump(mode="json", by_alias=True) if model is not None else None


def leaves(prefix: str, value: Any, out: dict[str, Any]) -> None:
    """A nested JSON value as dotted paths to its leaves; lists of objects with an id are keyed by it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "id":
                leaves(f"{prefix}.{key}", item, out)
    elif isinstance(value, list) and value and all(isinstance(item, dict) and "id" in item for item in value):
        for item in value:
            leaves(f"{prefix}.{item['id']}", item, out)
    else:
        out[prefix] = value


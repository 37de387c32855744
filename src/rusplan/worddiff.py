"""A word-level diff of two texts, bounded in time: what `rusplan diff` shows of a changed title or description.

Words and paragraph breaks are compared; other whitespace (a re-folded line) is not a change.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from rusplan.diffmodel import Word

_TOKEN = re.compile(r"\n[ \t]*\n\s*|\S+")
PARAGRAPH = "\n\n"


def tokens(text: str | None) -> list[str]:
    """Words and paragraph breaks; other whitespace (a re-folded line) is not a change."""
    return [PARAGRAPH if tok[0] == "\n" else tok for tok in _TOKEN.findall(text or "")]


def _join(parts: Sequence[str]) -> str:
    return " ".join(parts).replace(f" {PARAGRAPH} ", PARAGRAPH).replace(f"{PARAGRAPH} ", PARAGRAPH).replace(f" {PARAGRAPH}", PARAGRAPH)


# difflib's matcher is exact but far from linear on repetitive text (1 000 repeated words took
# 33 s), so it only ever sees a stretch whose two sides multiply to at most EXACT_CELLS words;
# longer stretches are split at words that occur once on each side (patience diff), and a
# stretch that still cannot be matched within ANCHOR_ROUNDS splits is shown as replaced whole.
EXACT_CELLS = 1_024
ANCHOR_ROUNDS = 4


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of words found exactly once in `a` and once in `b`, the longest run in the same order on both sides."""
    seen_a: Counter[str] = Counter(a)
    seen_b: Counter[str] = Counter(b)
    where_b = {word: j for j, word in enumerate(b) if seen_b[word] == 1}
    pairs = [(i, where_b[word]) for i, word in enumerate(a) if seen_a[word] == 1 and word in where_b]
    # longest increasing run of j (patience sorting, O(k log k)), kept with back links
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        spot = bisect.bisect_left(tails, j)
        if spot == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[spot] = j
            tail_at[spot] = index
        back[index] = tail_at[spot - 1] if spot else -1
    chain: list[tuple[int, int]] = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _opcodes(a: Sequence[str], b: Sequence[str], rounds: int = ANCHOR_ROUNDS) -> list[tuple[str, int, int, int, int]]:
    """(tag, i1, i2, j1, j2) like SequenceMatcher.get_opcodes, in time about linear in len(a) + len(b)."""
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    out: list[tuple[str, int, int, int, int]] = []
    if head:
        out.append(("equal", 0, head, 0, head))
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    if a_mid or b_mid:
        for tag, i1, i2, j1, j2 in _middle(a_mid, b_mid, rounds):
            out.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def _middle(a: Sequence[str], b: Sequence[str], rounds: int) -> list[tuple[str, int, int, int, int]]:
    if not a or not b or len(a) * len(b) <= EXACT_CELLS:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    chain = _anchors(a, b) if rounds else []
    if not chain:
        return [("replace", 0, len(a), 0, len(b))]
    out: list[tuple[str, int, int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*chain, (len(a), len(b))]:
        for tag, i1, i2, j1, j2 in _opcodes(a[i0:i], b[j0:j], rounds - 1):
            out.append((tag, i1 + i0, i2 + i0, j1 + j0, j2 + j0))
        if i < len(a):
            out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return out


def word_diff(old: str, new: str) -> tuple[Word, ...]:
    """Runs of equal, deleted and inserted words (a bounded word diff: see EXACT_CELLS)."""
    a, b = tokens(old), tokens(new)
    out: list[Word] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            if out and out[-1].op == "equal":
                out[-1] = Word("equal", _join([out[-1].text, _join(a[i1:i2])]))
            else:
                out.append(Word("equal", _join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Word("delete", _join(a[i1:i2])))
        if j2 > j1:
            out.append(Word("insert", _join(b[j1:j2])))
    return tuple(out)


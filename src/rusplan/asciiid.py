"""Ids a Norwegian can type: «Ålesund 2025–2028» becomes `alesund-2025-2028`.

Ids stay ASCII (lower-case a–z, digits and hyphens) so they work in file names,
URLs and git on every machine; this is the one transliteration rusplan proposes
wherever an id is made from Norwegian words: æ→ae, ø→o, å→a.
"""

from __future__ import annotations

import re
import unicodedata

_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def ascii_id(text: str) -> str:
    """An id from Norwegian text: «Barn og unge» → `barn-og-unge`, «ålesund-2025-2028» → `alesund-2025-2028`."""
    lowered = unicodedata.normalize("NFKD", text[:500].lower().translate(_NORWEGIAN))
    kept = "".join(ch if ch.isascii() else "" if unicodedata.combining(ch) else "-" for ch in lowered)  # é → e, – → -
    return re.sub(r"[^a-z0-9]+", "-", kept).strip("-")

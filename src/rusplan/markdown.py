r"""Plain text as Markdown that shows exactly that text: the one escaping rule for every Markdown rusplan writes.

Reports (render), the diff (diffreport) and the findings table all escape with
it. Markup characters are escaped wherever they stand (\ ` * _ [ ] < > # | ~),
`&` where it would start an entity (`&lt;` stays those four characters), and
`+ = -` at the start of a line, where they would start a list or underline a
heading. `#` is escaped anywhere, not only first: a heading's text cannot end
in a closing `#` sequence either.
"""

from __future__ import annotations

import re

# an entity's «&» (with the «#» of a numeric one, which the backslash before «&» already disarms), or one markup character
_MARKUP = re.compile(r"&(?=(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)#?|[\\`*_\[\]<>#|~]")
_LINE_START = re.compile(r"^([+=-])")


def escape(text: str) -> str:
    """Text inside a line of Markdown, after other Markdown on it; whitespace is kept as it is."""
    return _MARKUP.sub(lambda match: "\\" + match.group(0), text)


def escape_line(text: str) -> str:
    """Text as a whole line of Markdown: on one line (runs of whitespace become one space), safe at its start too."""
    return _LINE_START.sub(r"\\\1", escape(" ".join(str(text).split())))

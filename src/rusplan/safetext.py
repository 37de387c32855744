"""Text from a plan, a file name or git on its way to a person: shown, never obeyed.

Plan text, keys and file names come from whoever wrote the pull request. Printed raw,
they could drive a terminal (clear the screen, set the clipboard with OSC 52, hide a
link behind OSC 8), fake lines of output («0 feil») with a line break, or forge a
GitHub Actions annotation with a line that starts with `::` (or holds `##[`, the older
form). `visible` is the one function every output path uses for such text; `json_text`
is the same rule for JSON, whose strings must stay valid JSON and valid UTF-8; and
`document` keeps a Markdown or HTML document's lines from starting a workflow command
without changing what it renders to.

Imports nothing from rusplan: the catalog, the reporters and the writers all use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Characters that are never written as they are: C0 controls but tab (and, in a multi-line
# text, the line feed), DEL, C1 controls (U+009B is a CSI by itself), YAML's and Unicode's own
# line breaks, bidirectional overrides and isolates (they reorder what is shown), lone
# surrogates (a file name that was not UTF-8) and the two non-characters XML refuses.
_CLASS = "\x00-\x08{lf}\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE_LINE = re.compile(f"[{_CLASS.format(lf=chr(10))}]")
_UNSAFE_LINES = re.compile(f"[{_CLASS.format(lf='')}]")
# A workflow command: a line whose first non-blank characters are «::» (GitHub), or «##[»
# (GitHub's older form) or «##vso[» (Azure Pipelines) anywhere in a line.
_COMMAND_START = re.compile(r"^([^\S\n]*)::", re.MULTILINE)
_LEGACY_COMMAND = re.compile(r"##(vso)?\[", re.IGNORECASE)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_char(ch: str) -> str:
    """One character as a visible escape: `\\x1b`, `\\u202e`; a byte that was not UTF-8 as that byte."""
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _defuse(text: str, colon: str, bracket: str) -> str:
    if "::" in text:
        text = _COMMAND_START.sub(lambda m: m.group(1) + colon + ":", text)
    if "##" in text:
        text = _LEGACY_COMMAND.sub(lambda m: "##" + (m.group(1) or "") + bracket, text)
    return text


def visible(text: Any, *, lines: bool = False) -> str:
    """`text` safe for a terminal and a CI log: controls as escapes, no workflow command.

    One line unless `lines`: a line break inside a key or a file name is shown as `\\n`,
    so it cannot make a fake line of output. With `lines`, line feeds are kept (a
    document shown on a terminal) and every line is made safe.
    """
    text = str(text)
    text = (_UNSAFE_LINES if lines else _UNSAFE_LINE).sub(lambda m: escape_char(m.group()), text)
    return _defuse(text, "\\:", "\\[")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8, as the text «\xff»: JSON must stay UTF-8
    return f"\\u{code:04x}"


def json_text(data: Any) -> str:
    """JSON that is safe on a terminal and in a CI log and is valid UTF-8, with the same data.

    json escapes C0 controls itself; the rest of the unsafe characters become `\\uXXXX`
    (the same string once parsed), and `##[` becomes `##\\u005b`. A line of indented JSON
    starts with a quote or a bracket, so it never starts a workflow command.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _UNSAFE_LINES.sub(_json_escape, text)  # json wrote line feeds only between its own lines
    if "##" in text:
        text = _LEGACY_COMMAND.sub(lambda m: "##" + (m.group(1) or "") + "\\u005b", text)
    return text + "\n"


def obeyed(text: str) -> bool:
    """Whether a line of `text` would start a workflow command in a CI log."""
    return ("::" in text and _COMMAND_START.search(text) is not None) or ("##" in text and _LEGACY_COMMAND.search(text) is not None)


def document(text: str, fmt: str) -> str:
    """A Markdown or HTML document whose lines never start a workflow command, rendering the same.

    Markdown takes a backslash before the punctuation (`\\::`, `##\\[`); HTML a character
    reference (`&#58;:`, `##&#91;`).
    """
    if fmt == "html":
        return _defuse(text, "&#58;", "&#91;")
    return _defuse(text, "\\:", "\\[")


def is_terminal(stream: Any) -> bool:
    """Whether a stream is a terminal: the one place rusplan asks, so a test can say yes."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def write_to(stream: Any, text: str) -> None:
    """Write a document: as it is to a file or a pipe, made `visible` to a terminal."""
    if is_terminal(stream):
        text = visible(text.replace("\r\n", "\n"), lines=True)
    stream.write(text)

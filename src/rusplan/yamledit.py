"""Editing YAML a person wrote: ruamel.yaml's round trip, so comments, quotes and layout stay.

One home for how rusplan changes a file a secretary keeps by hand (renumber, status import):
the indentation is the one the file already uses, and a line is folded only past `width`.
"""

from __future__ import annotations

import io
from typing import Any

# The indentations plan files use (mapping, sequence, offset); the first is rusplan's own.
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2))


def editor(indent: tuple[int, int, int] = INDENTS[0], width: int = 4096) -> Any:
    """A round-trip YAML with this indentation; 4096 never folds a line the secretary wrote."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = width
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def editor_for(text: str, width: int = 4096) -> Any:
    """The editor under which `text` comes back exactly as written, else rusplan's own layout."""
    for indent in INDENTS:
        yaml = editor(indent, width)
        if dump(yaml, yaml.load(text)) == text:
            return yaml
    return editor(INDENTS[0], width)


def dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()

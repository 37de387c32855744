"""Which format a file is written in: `--format`, else the extension of `-o`.

`render -o rapport.html` must write HTML (render's formats and extensions: publish.FORMATS), and `export -o molde.csv` CSV; a name that
says one format while `--format` says another, or an extension rusplan cannot write,
is refused before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from rusplan.messages import Msg

EXPORT_EXTENSIONS = {".xlsx": "xlsx", ".csv": "csv"}


class FormatProblem(Exception):
    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.key)
        self.msg = msg


def choose(output: Path | None, given: str | None, extensions: dict[str, str], default: str) -> str:
    """The format to write: what --format says, what the extension of -o says, or the default."""
    suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
    if suffix and suffix not in extensions:
        known = ", ".join(sorted(extensions))
        raise FormatProblem(Msg.of("format_unknown_extension", path=str(output), suffix=suffix, known=known))
    implied = extensions.get(suffix)
    if given and implied and given != implied:
        raise FormatProblem(Msg.of("format_contradiction", path=str(output), suffix=suffix, implied=implied, given=given))
    return given or implied or default

"""The municipality's look: logo, main colour and footer text for HTML, Word and PDF reports.

Read from a small YAML file given with `rusplan render --style FILE`:

    logo: grafikk/molde-logo.png   # PNG or JPEG, relative to this file, inside the repository
    colour: "#00509e"              # text and headings use it: at least 4.5:1 against white
    footer: Molde kommune · Rådhusplassen 1 · 6413 Molde

The logo must lie inside the repository the style file belongs to (the nearest
folder above it with `.git`, else the style file's own folder), so a style file
cannot make a report carry any file from the machine. A colour that fails WCAG
2.1 AA contrast for normal text against white (4.5:1) is refused with the
measured ratio, because headings and links are drawn in it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from rusplan.messages import Msg
from rusplan.planfiles import os_reason

DEFAULT_COLOUR = "#0b4f8a"
MIN_CONTRAST = 4.5
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_FOOTER = 300
KEYS = ("logo", "colour", "footer")
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


class LookProblem(Exception):
    """The style file cannot be used; `msg` says why and what to do, naming the file."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg
        super().__init__(msg.text())

    def text(self, lang: str = "nb") -> str:
        return self.msg.text(lang)


@dataclass(frozen=True)
class Logo:
    name: str
    data: bytes
    kind: str  # png or jpeg

    @property
    def data_uri(self) -> str:
        return f"data:image/{self.kind};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Look:
    colour: str = DEFAULT_COLOUR
    logo: Logo | None = None
    footer: str | None = None

    @property
    def colour_hex(self) -> str:
        """«0b4f8a», as Word wants it."""
        return self.colour.lstrip("#")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of `colour` (#rrggbb) against white, 1.0–21.0."""
    digits = colour.lstrip("#")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def parse_colour(value: str, where: str) -> str:
    """«#abc» or «#aabbcc» as «#aabbcc»; refused when unreadable or too light for text on white."""
    match = _HEX.fullmatch(value.strip())
    if not match:
        raise LookProblem(Msg.of("look_bad_colour", file=where, value=value))
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    colour = f"#{digits}"
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        raise LookProblem(Msg.of("look_low_contrast", file=where, colour=colour, ratio=f"{ratio:.2f}".replace(".", ","), minimum="4,5"))
    return colour


def repository_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `.git`; `start` itself when there is none."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def read_logo(name: str, style_file: Path, where: str) -> Logo:
    root = repository_root(style_file.parent.resolve())
    path = (style_file.parent / name).resolve()
    if not path.is_relative_to(root):
        raise LookProblem(Msg.of("look_logo_outside", file=where, logo=name, root=str(root)))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LookProblem(Msg.of("look_logo_unreadable", file=where, logo=name, reason=os_reason(error))) from None
    if len(data) > MAX_LOGO_BYTES:
        raise LookProblem(Msg.of("look_logo_too_large", file=where, logo=name, max_mb=MAX_LOGO_BYTES // (1024 * 1024)))
    kind = next((k for sig, k in _SIGNATURES.items() if data.startswith(sig)), None)
    if kind is None:
        raise LookProblem(Msg.of("look_logo_format", file=where, logo=name))
    return Logo(path.name, data, kind)


def load_look(path: Path, within: Path | None = None) -> Look:
    """The look in a style file; a `LookProblem` naming the file (and line) when it cannot be used.

    `within`: the folder the style file must lie in (for a `style:` named in plan.yaml,
    the plan's repository), so a plan cannot make rusplan read any file on the machine.
    """
    from rusplan.load import load_document
    from rusplan.planfiles import LoadProblem

    if within is not None and not path.resolve().is_relative_to(within.resolve()):
        raise LookProblem(Msg.of("look_style_outside", file=str(path), root=str(within)))

    try:
        document = load_document(path)
    except LoadProblem as problem:
        where = f"{path}:{problem.line}:{problem.column}"
        raise LookProblem(Msg.of("look_unreadable", file=where, problem=Msg.of(problem.key, **problem.params))) from None
    data = document.data
    if not isinstance(data, dict):
        raise LookProblem(Msg.of("look_not_mapping", file=str(path)))

    def at(key: str, *, of_key: bool = False) -> str:
        line, column = document.position((key,), key=of_key)
        return f"{path}:{line}:{column}"

    for key in data:
        if key not in KEYS:
            raise LookProblem(Msg.of("look_unknown_key", file=at(key, of_key=True), key=key, keys=", ".join(KEYS)))
    for key in KEYS:
        if key in data and not isinstance(data[key], str):
            raise LookProblem(Msg.of("look_not_text", file=at(key), key=key))
    colour = parse_colour(data["colour"], at("colour")) if "colour" in data else DEFAULT_COLOUR
    logo = read_logo(data["logo"], path, at("logo")) if data.get("logo") else None
    footer = " ".join(data.get("footer", "").split()) or None
    if footer and len(footer) > MAX_FOOTER:
        raise LookProblem(Msg.of("look_footer_too_long", file=at("footer"), max=MAX_FOOTER))
    return Look(colour, logo, footer)

"""Every document format `rusplan render` writes, in one place: name, file extension, text or bytes, and how it is made.

Markdown and HTML go through the Jinja templates (render.py); Word and PDF are
built from the same report context through `document.py`. `format_for_path`
maps an output file's extension to a format, so `-o rapport.docx` can choose
Word without `--format`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.look import Look
from rusplan.messages import Msg


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    binary: bool
    description: str


FORMATS: dict[str, Format] = {
    "md": Format("md", (".md", ".markdown"), False, "Markdown for GitHub"),
    "html": Format("html", (".html", ".htm"), False, "one self-contained, printable HTML file"),
    "docx": Format("docx", (".docx",), True, "Word document"),
    "pdf": Format("pdf", (".pdf",), True, "tagged PDF/A-2a and PDF/UA-1 (the rusplan[pdf] extra)"),
}


def extensions() -> dict[str, str]:
    """Each file extension rusplan render writes, and its format (`.docx` → docx); `-o` chooses by it (formats.choose)."""
    return {extension: f.name for f in FORMATS.values() for extension in f.extensions}


def format_for_path(path: Path) -> str | None:
    """The format a file name asks for by its extension (`rapport.DOCX` → docx), None when unknown."""
    return extensions().get(path.suffix.lower())


@dataclass
class Made:
    """A finished document: text for md/html, bytes for docx/pdf, and notes for the person who asked."""

    data: str | bytes
    notes: list[Msg] = field(default_factory=list)


def _template_look(look: Look | None) -> dict[str, Any] | None:
    if look is None:
        return None
    return {
        "colour": look.colour,
        "logo": look.logo.data_uri if look.logo else None,
        "footer": look.footer,
    }


def make(
    report: str, fmt: str, context: dict[str, Any], templates: Path | None = None, look: Look | None = None, generated: dt.date | None = None
) -> Made:
    """The report in `fmt`; raises render.RenderProblem when it cannot be made as asked."""
    from rusplan import render

    if fmt in ("md", "html"):
        return Made(render.render(report, fmt, {**context, "look": _template_look(look)}, templates))
    from rusplan.document import build

    doc = build(context)
    if fmt == "docx":
        from rusplan.docx_report import to_docx

        return Made(to_docx(doc, look, generated))
    if fmt == "pdf":
        from rusplan.pdf_report import PdfFailed, PdfUnavailable, to_pdf

        try:
            result = to_pdf(doc, look, generated)
        except PdfUnavailable:
            raise render.RenderProblem(Msg.of("render_pdf_missing")) from None
        except PdfFailed as error:
            raise render.RenderProblem(Msg.of("render_pdf_failed", problem=str(error))) from None
        return Made(result.data, [] if result.standards else [Msg.of("render_pdf_not_archival")])
    raise render.RenderProblem(Msg.of("render_unknown_format", format=fmt, choices=", ".join(FORMATS)))

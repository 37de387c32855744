"""A report as a tagged, accessible PDF for publishing and the archive (PDF/A-2a and PDF/UA-1).

Typeset with Typst through its Python wheel (`pip install 'rusplan[pdf]'`):
one self-contained wheel with its own fonts and no system libraries, which
writes tagged PDF (headings, paragraphs, lists, tables with header cells, the
title, the document language and reading order in the structure tree) and
checks PDF/A-2a and PDF/UA-1 while it writes. docs/documents.md says why
Typst and not WeasyPrint or ReportLab.

Every piece of plan text goes into the Typst source as a string literal
(`#"…";`), which Typst shows as text and never reads as markup or code, so a
plan cannot inject anything into the document. Only the fonts built into the
wheel are used, so the same plan gives the same PDF on every machine.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rusplan import atomic
from rusplan.document import Bullets, Document, Heading, Para, Run, Table
from rusplan.formatting import word
from rusplan.look import Look
from rusplan.messages import template

STANDARDS = ["a-2a", "ua-1"]
FONTS = '("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono", "New Computer Modern Math")'


class PdfUnavailable(Exception):
    """The Typst wheel (the rusplan[pdf] extra) is not installed."""


class PdfFailed(Exception):
    """Typst could not make the PDF; the message is Typst's own."""


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    standards: tuple[str, ...]  # empty when a character had no glyph and PDF/A/UA had to be left out


def lit(text: str) -> str:
    """A Typst string literal: shown as exactly this text, never read as markup."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n").replace("\t", " ")
    return f'"{escaped}"'


def _text(text: str) -> str:
    return f"#{lit(text)};"


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(f"#strong({lit(r.text)});" if r.bold else _text(r.text) for r in runs)


def _table(table: Table) -> str:
    widths = table.widths or tuple(1.0 for _ in table.header)
    columns = ", ".join(f"{w}fr" for w in widths)
    align = ", ".join("right" if i in table.numeric else "left" for i in range(len(table.header)))
    header = ", ".join(f"[{_text(h)}]" for h in table.header)
    cells = ",\n  ".join(", ".join(f"[{_text(v)}]" for v in row) for row in table.rows)
    body = f"table(\n  columns: ({columns},),\n  align: ({align},),\n  table.header({header}),\n  {cells}\n)"
    if table.caption:
        return f"#figure(kind: table, caption: figure.caption(position: top, [{_text(table.caption)}]), {body})\n"
    return f"#{body}\n"


def _language(tag: str) -> str:
    """Typst's `lang:` and `region:` for a language tag: «nb-NO» → lang "nb", region "NO"."""
    lang, _, region = tag.partition("-")
    return f'lang: "{lang}", ' + (f'region: "{region}", ' if region else "")


def _page_of(language: str) -> str:
    """«Side 2 av 9» as Typst markup: the catalog's words, Typst's page counters."""
    before, _, rest = template("report.page_of", language).partition("{page}")
    between, _, after = rest.partition("{pages}")
    words = [_text(part) if part else "" for part in (before, between, after)]
    return f"{words[0]}#counter(page).display(){words[1]}#str(counter(page).final().first()){words[2]}"


def typst_source(doc: Document, look: Look, generated: dt.date | None, logo: str | None = None) -> str:
    """The Typst source of the document; `logo` is the logo's path under the compile root."""
    date = f"datetime(year: {generated.year}, month: {generated.month}, day: {generated.day})" if generated else "auto"
    footer = f"{_text(look.footer)} #h(1fr) " if look.footer else "#h(1fr) "
    out = [
        f"#set document(title: {lit(doc.doc_title)}, author: {lit(doc.municipality)}, date: {date}, keywords: ({lit(word('report.keywords', doc.language))},))",
        f"#set text({_language(doc.lang)}font: {FONTS}, size: 10.5pt)",
        "#set par(justify: false, leading: 0.6em)",
        "#set page(paper: \"a4\", margin: (x: 2cm, top: 2.4cm, bottom: 2.4cm),",
        f"  header: context {{ if here().page() > 1 {{ set text(size: 8.5pt, fill: luma(60)); [{_text(doc.doc_title)} #h(1fr) {_text(doc.municipality)}] }} }},",
        f'  footer: context {{ set text(size: 8.5pt, fill: luma(60)); [{footer}{_page_of(doc.language)}] }})',
        f'#show heading: set text(fill: rgb("{look.colour}"))',
        "#show heading.where(level: 3): set text(fill: luma(10), size: 10.5pt)",
        "#show heading: set block(sticky: true, above: 1.4em, below: 0.7em)",
        "#show figure: set block(breakable: true)",
        "#show figure.caption: set text(weight: \"bold\")",
        "#set table(stroke: 0.5pt + luma(150), inset: 4pt)",
        "#set table.cell(breakable: false)",
        "#show table: set text(size: 9pt)",
        "#show table.cell.where(y: 0): set text(weight: \"bold\")",
        "",
    ]
    if logo:
        out.append(f"#image({lit(logo)}, height: 2cm, alt: {lit(word('report.logo', doc.language, municipality=doc.municipality))})\n")
    if doc.kicker:
        out.append(f'#text(weight: "bold", fill: rgb("{look.colour}"), upper({lit(doc.kicker)}))\n')
    out.append(f"#title[{_text(doc.title)}]\n")
    if doc.subtitle:
        out.append(f"#text(size: 13pt, {lit(doc.subtitle)})\n")
    for label, value in doc.facts:
        out.append(_runs((Run(f"{label}: ", True), Run(value))) + "\n")
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"{'=' * block.level} {_text(block.text)}\n")
        elif isinstance(block, Para):
            out.append(_runs(block.runs) + "\n")
        elif isinstance(block, Bullets):
            mark = "+" if block.ordered else "-"
            out.append("".join(f"{mark} {_runs(item)}\n" for item in block.items))
        elif isinstance(block, Table):
            out.append(_table(block))
    out.append(f"#text(size: 9pt, fill: luma(60), {lit(doc.colophon)})\n")
    return "\n".join(out)


def to_pdf(doc: Document, look: Look | None = None, generated: dt.date | None = None) -> PdfResult:
    """The document as PDF/A-2a and PDF/UA-1; tagged PDF without the two claims if a character has no glyph."""
    try:
        import typst
    except ImportError as error:
        raise PdfUnavailable from error
    look = look or Look()
    timestamp = dt.datetime.combine(generated, dt.time(12), tzinfo=dt.UTC) if generated else None
    with tempfile.TemporaryDirectory(prefix="rusplan-pdf-") as root:
        logo = None
        if look.logo:
            logo = f"/logo.{'png' if look.logo.kind == 'png' else 'jpg'}"
            atomic.write_file(Path(root) / logo[1:], look.logo.data)
        source = typst_source(doc, look, generated, logo).encode("utf-8")
        compiler = typst.Compiler(root=root, ignore_system_fonts=True)
        try:
            return PdfResult(compiler.compile(source, format="pdf", pdf_standards=STANDARDS, timestamp=timestamp), tuple(STANDARDS))
        except typst.TypstError:
            pass  # the standards refuse what they cannot guarantee (a character without a glyph); try tagged PDF without the claims
        try:
            return PdfResult(compiler.compile(source, format="pdf", timestamp=timestamp, pdf_tags=True), ())
        except typst.TypstError as error:
            raise PdfFailed(getattr(error, "message", str(error))) from None

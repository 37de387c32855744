"""A report as a plain document: headings, paragraphs, lists and tables, for Word and PDF.

Built from the same report contexts the Jinja templates get (render.plan_context,
status_context, revision_context; laid out in reportdocument.py), so Word, PDF,
HTML and Markdown cannot disagree about what a report says. The headings follow the Markdown report's
one for one (title, `##` chapters, `###` sections, `####` measures); a test
holds them to that. Charts become the tables of the numbers they draw, which
Word and PDF show without an image library. Plan text that is Markdown
becomes paragraphs and lists of plain text: no markup from a plan reaches the
Word or PDF writer as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

LANG = "nb-NO"
TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en"}  # the report language as a document language tag (BCP 47)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 1 chapter, 2 section, 3 measure (Markdown ##, ###, ####)
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    note: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] | None = None  # relative column widths


Block = Heading | Para | Bullets | Table


@dataclass
class Document:
    """One report: the title page's lines, then the blocks in reading order."""

    report: str
    title: str  # the document's title (H1 / Title)
    doc_title: str  # document property and running header
    kicker: str | None
    subtitle: str | None
    facts: list[tuple[str, str]]
    municipality: str
    plan_id: str
    generated: str | None
    generated_iso: str | None
    blocks: list[Block] = field(default_factory=list)
    language: str = "nb"  # rusplan's code for the report language: the catalog's words for the page furniture
    colophon: str = ""

    @property
    def lang(self) -> str:
        """The language tag Word and PDF record, so spelling and screen readers use the right language."""
        return TAGS.get(self.language, LANG)

    def headings(self) -> list[tuple[int, str]]:
        return [(b.level, b.text) for b in self.blocks if isinstance(b, Heading)]


# --- small builders ---------------------------------------------------------------------------


def para(*parts: str | Run, note: bool = False) -> Para:
    return Para(tuple(p if isinstance(p, Run) else Run(p) for p in parts), note)


def labelled(pairs: list[tuple[str, str | None]]) -> Para:
    """«Ansvarlig: Helse · Frist: 2022», labels in bold."""
    runs: list[Run] = []
    for label, value in pairs:
        if value is None:
            continue
        if runs:
            runs.append(Run(" · "))
        runs += [Run(f"{label}: ", bold=True), Run(value)]
    return Para(tuple(runs))


def bullets(items: list[str], ordered: bool = False) -> Bullets:
    return Bullets(tuple((Run(i),) for i in items), ordered)


def dash(value: str | None) -> str:
    return value or "–"


@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def _inline_runs(token: Any) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = 0
    href: str | None = None
    for child in token.children or []:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold > 0))
        elif child.type == "link_open":
            href = str(child.attrs.get("href") or "")
        elif child.type == "link_close":
            if href and urlsplit(href).scheme.lower() in ("http", "https", "mailto"):
                runs.append(Run(f" ({href})"))
            href = None
    return tuple(runs)


def markdown_blocks(text: str | None) -> list[Block]:
    """Plan Markdown as paragraphs and lists; a heading inside plan text becomes a bold paragraph."""
    if not text:
        return []
    tokens = _markdown_it().parse(str(text))
    blocks: list[Block] = []
    lists: list[tuple[bool, list[tuple[Run, ...]]]] = []
    bold_next = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token.type == "ordered_list_open", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, items = lists.pop()
            if lists:
                lists[-1][1].extend(items)
            else:
                blocks.append(Bullets(tuple(items), ordered))
        elif token.type == "heading_open":
            bold_next = True
        elif token.type == "inline":
            runs = _inline_runs(token)
            if bold_next:
                runs = tuple(Run(r.text, True) for r in runs)
                bold_next = False
            if lists:
                lists[-1][1].append(runs)
            elif runs:
                blocks.append(Para(runs))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(para(token.content.strip()))
    return blocks


def build(context: dict[str, Any]) -> Document:
    """The document for a report context from render.build_context (reportdocument.py lays the reports out)."""
    from rusplan.reportdocument import build_document

    return build_document(context)

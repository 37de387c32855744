"""A report as a Word document (.docx) a secretary can open, edit and attach to a council case.

Written with python-docx from the neutral document in `document.py`: Word's
own Title and Heading 1–3 styles (so the navigation pane shows the plan's
structure), tables whose header row repeats on every page and whose rows are
never split across pages, the plan's title in the running header, page numbers
and the municipality's footer text below, and the document's title, author
(the municipality) and language (nb-NO) in its properties and in the default
text style, so Word checks spelling in Norwegian.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from rusplan.document import Bullets, Document, Heading, Para, Run, Table
from rusplan.formatting import word
from rusplan.look import Look
from rusplan.messages import template

PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.2
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
INK = RGBColor(0x1A, 0x1A, 0x1A)


def _set_language(docx, lang: str) -> None:
    """The default text language, so spelling and screen readers use Norwegian."""
    rpr = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), lang)
    element.set(qn("w:bidi"), lang)
    rpr.append(element)


def _style(docx, look: Look) -> None:
    accent = RGBColor.from_string(look.colour_hex.upper())
    normal = docx.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = docx.styles[name]
        style.font.color.rgb = accent if name != "Heading 3" else INK
        style.font.size = Pt(size)
        style.font.name = "Calibri"
    docx.styles["Heading 3"].font.bold = True


def _field(paragraph, instruction: str) -> None:
    """A Word field such as PAGE or NUMPAGES, updated by Word when it lays out the pages."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _page(docx, doc: Document, look: Look) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.text = f"{doc.doc_title} · {doc.municipality}"
    header.style = docx.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = docx.styles["Footer"]
    footer.add_run((look.footer + " · ") if look.footer else "")
    before, _, rest = template("report.page_of", doc.language).partition("{page}")
    between, _, after = rest.partition("{pages}")
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(between)
    _field(footer, "NUMPAGES")
    if after:
        footer.add_run(after)


def _runs(paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        paragraph.add_run(run.text).bold = run.bold or None


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _table(docx, table: Table) -> None:
    if table.caption:
        caption = docx.add_paragraph(table.caption, style="Caption")
        caption.paragraph_format.keep_with_next = True
    grid = docx.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = docx.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    widths = table.widths or tuple(1.0 for _ in table.header)
    scale = TEXT_WIDTH_CM / sum(widths)
    for number, row in enumerate(grid.rows):
        _keep_row_together(row)
        values = table.header if number == 0 else table.rows[number - 1]
        if number == 0:
            _repeat_header(row)
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Cm(widths[column] * scale)
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value).bold = number == 0 or None
            if column in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docx.add_paragraph()


def to_docx(doc: Document, look: Look | None = None, generated: dt.date | None = None) -> bytes:
    """The document as the bytes of a .docx file."""
    look = look or Look()
    docx = new_docx()
    _set_language(docx, doc.lang)
    _style(docx, look)
    _page(docx, doc, look)

    props = docx.core_properties
    props.title = doc.doc_title
    props.subject = doc.subtitle or doc.title
    props.author = doc.municipality
    props.last_modified_by = "rusplan"
    props.language = doc.lang
    props.keywords = word("report.keywords", doc.language)
    when = dt.datetime.combine(generated, dt.time(12)) if generated else dt.datetime.now().replace(microsecond=0)
    props.created = props.modified = when
    props.revision = 1

    if look.logo:
        docx.add_picture(io.BytesIO(look.logo.data), height=Cm(2.2))
        inline = docx.inline_shapes[-1]._inline
        inline.docPr.set("descr", word("report.logo", doc.language, municipality=doc.municipality))
    if doc.kicker:
        kicker = docx.add_paragraph()
        run = kicker.add_run(doc.kicker.upper())
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(look.colour_hex.upper())
    docx.add_heading(doc.title, level=0)
    if doc.subtitle:
        docx.add_paragraph(doc.subtitle, style="Subtitle")
    for label, value in doc.facts:
        _runs(docx.add_paragraph(), (Run(f"{label}: ", True), Run(value)))

    for block in doc.blocks:
        if isinstance(block, Heading):
            docx.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            _runs(docx.add_paragraph(), block.runs)
        elif isinstance(block, Bullets):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                _runs(docx.add_paragraph(style=style), item)
        elif isinstance(block, Table):
            _table(docx, block)

    docx.add_paragraph(doc.colophon, style="Footer")
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()

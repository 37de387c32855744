"""rusplan.markdown: the one rule for plain text in Markdown (reports, diff and the findings table)."""

from __future__ import annotations

import pytest

from rusplan import diffreport, markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*fet* og _kursiv_", "\\*fet\\* og \\_kursiv\\_"),
        ("[lenke](http://x)", "\\[lenke\\](http://x)"),
        ("- punkt", "\\- punkt"),
        ("+ punkt", "\\+ punkt"),
        ("# tittel", "\\# tittel"),
        ("Mål nr. 3 #", "Mål nr. 3 \\#"),  # a heading's text cannot close the heading
        ("to\nlinjer", "to linjer"),
        ("&lt; og & og &#60;", "\\&lt; og & og \\&#60;"),
        ("<b>fet</b> ~~borte~~", "\\<b\\>fet\\</b\\> \\~\\~borte\\~\\~"),
        ("1. Barn og unge", "1. Barn og unge"),
    ],
)
def test_a_line_of_plain_text(text, escaped):
    assert markdown.escape_line(text) == escaped


def test_inside_a_line_whitespace_and_a_leading_dash_stay():
    assert markdown.escape(" - a  *b* ") == " - a  \\*b\\* "


def test_the_diff_and_the_findings_table_use_the_same_rule():
    text = "Tiltak *nytt* med &amp; og #3"
    assert diffreport.md_escape(text) == markdown.escape(text) == "Tiltak \\*nytt\\* med \\&amp; og \\#3"

"""rusplan.markdown: the one rule for plain text in Markdown (reports, diff and the findings table)."""

from __future__ import annotations

import pytest

from rusplan import diffreport, markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("+ punkt", "\\+ punkt"),  # a list
        ("Mål nr. 3 #", "Mål nr. 3 \\#"),  # a heading's text cannot close the heading
        ("&lt; og &#60;", "\\&lt; og \\&#60;"),  # an entity's # needs no escape of its own
        ("<b>fet</b>\n~~borte~~", "\\<b\\>fet\\</b\\> \\~\\~borte\\~\\~"),
    ],
)
def test_a_line_of_plain_text(text, escaped):
    assert markdown.escape_line(text) == escaped


def test_inside_a_line_whitespace_and_a_leading_dash_stay():
    assert markdown.escape(" - a  *b* ") == " - a  \\*b\\* "


def test_the_diff_and_the_findings_table_use_the_same_rule():
    text = "Tiltak *nytt* med &amp; og #3"
    assert diffreport.md_escape(text) == markdown.escape(text) == "Tiltak \\*nytt\\* med \\&amp; og \\#3"

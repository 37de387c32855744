"""`rusplan validate --format markdown`: the findings as a table for the GitHub job summary, capped, escaped."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import MINIMAL_AREA, write_plan
from rusplan.cli import app
from rusplan.findings import Finding, Severity
from rusplan.findings_table import to_markdown
from rusplan.messages import Msg

runner = CliRunner()


def finding(line: int, text: str = "x") -> Finding:
    return Finding("plans/a/plan.yaml", line, 3, "RP302", Severity.warning, Msg.of("round_reason_other", detail=text))


def test_table_is_capped_with_a_count_of_the_rest():
    text = to_markdown([finding(n) for n in range(1, 131)], 1, "nb", cap=50)
    rows = [line for line in text.splitlines() if line.startswith("| plans/")]
    assert len(rows) == 50 and rows[0] == "| plans/a/plan.yaml:1:3 | advarsel | RP302 | x |"
    assert "… og 80 funn til, se loggen (fil:linje:kolonne)." in text
    assert "… and 80 more findings" in to_markdown([finding(n) for n in range(1, 131)], 1, "en", cap=50)


def test_plan_text_in_a_message_cannot_break_the_table_or_add_markup():
    text = to_markdown([finding(1, "a | b <script> **c**\nd")], 1, "nb")
    row = next(line for line in text.splitlines() if line.startswith("| plans/"))
    # a line break in a message's plan text is shown as \n (safetext.visible), and its backslash escaped for Markdown
    assert row == "| plans/a/plan.yaml:1:3 | advarsel | RP302 | a \\| b \\<script\\> \\*\\*c\\*\\*\\\\nd |"


def test_no_findings_gives_only_the_summary_line():
    assert to_markdown([], 2, "nb") == "**2 planer kontrollert: 0 feil, 0 advarsler, 0 info**\n"


def test_cli_markdown_format(tmp_path):
    folder = write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("deadline: 2021", "deadline: 2030")})
    result = runner.invoke(app, ["validate", str(folder), "--format", "markdown"])
    assert result.exit_code == 0
    assert "| Sted | Alvor | Kode | Melding |" in result.stdout and "| RP301 |" in result.stdout

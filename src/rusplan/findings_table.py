"""Findings as a Markdown table for a GitHub job summary or a pull-request comment (`rusplan validate --format markdown`).

The summary line, then one row per finding (file:line:column, severity, code,
message), capped at `cap` rows with a count of the rest, so a plan with
thousands of findings still gives a summary GitHub shows. Plan text in a
message is escaped as Markdown, and a `|` cannot break the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from rusplan.diffreport import md_escape
from rusplan.findings import Finding
from rusplan.messages import Msg
from rusplan.reporters import severity_word, summary
from rusplan.safetext import document

CAP = 50


def to_markdown(findings: Sequence[Finding], plans: int, lang: str, cap: int = CAP) -> str:
    lines = [f"**{md_escape(summary(list(findings), plans, lang))}**", ""]
    if findings:
        lines += [Msg.of("findings_table_header").text(lang), "| --- | --- | --- | --- |"]
        for f in findings[:cap]:
            where = md_escape(f"{f.file}:{f.line}:{f.column}")
            lines.append(f"| {where} | {severity_word(f.severity, lang)} | {md_escape(f.code)} | {md_escape(f.message(lang))} |")
        if len(findings) > cap:
            lines += ["", Msg.of("findings_table_more", count=len(findings) - cap).text(lang)]
        lines.append("")
    return document("\n".join(lines), "md")

"""Findings to text: for a person (rich), for machines (json) and for GitHub Actions."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from rusplan.findings import Finding, Severity
from rusplan.messages import language

SEVERITY_WORDS = {
    "nb": {Severity.error: "feil", Severity.warning: "advarsel", Severity.info: "info"},
    "en": {Severity.error: "error", Severity.warning: "warning", Severity.info: "info"},
}
STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
FORMATS = ("human", "json", "github", "auto")


def resolve_format(name: str | None) -> str:
    """`auto` (or nothing): GitHub annotations inside GitHub Actions, human text elsewhere."""
    if name in (None, "auto"):
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
    return name


def safe(text: str) -> str:
    """Plan text must never drive the terminal: control characters become visible escapes."""
    return "".join(ch if ch in "\n\t" or (ch.isprintable() or ch == " ") else f"\\x{ord(ch):02x}" for ch in text)


def to_json(findings: Iterable[Finding], lang: str) -> str:
    items = [
        {
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "severity": f.severity.value,
            "code": f.code,
            "message": f.message(lang),
        }
        for f in findings
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Iterable[Finding], lang: str) -> str:
    """Workflow commands; each line also shows file:line:column plainly in the log."""
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
    lines = []
    for f in findings:
        title = f"{f.code} ({SEVERITY_WORDS[language(lang)][f.severity]})"
        props = f"file={_escape_property(f.file)},line={f.line},col={f.column},title={_escape_property(title)}"
        lines.append(f"::{level[f.severity]} {props}::{_escape_data(f'{f.file}:{f.line}:{f.column}: {f.code} ' + safe(f.message(lang)))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _source_line(file: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            cache[file] = None
    lines = cache[file]
    if lines is None or not 0 < line <= len(lines):
        return None
    return lines[line - 1]


def summary(findings: list[Finding], plans: int, lang: str) -> str:
    words = SEVERITY_WORDS[language(lang)]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if language(lang) == "en":
        head = f"{plans} plan{'s' if plans != 1 else ''} checked"
    else:
        head = f"{plans} {'plan' if plans == 1 else 'planer'} kontrollert"
    parts = [f"{counts[s]} {words[s]}" for s in Severity]
    return f"{head}: " + ", ".join(parts)


def print_human(findings: list[Finding], plans: int, lang: str, console) -> None:
    """Grouped by file, each finding with its source line and a caret under the column."""
    from rich.markup import escape

    words = SEVERITY_WORDS[language(lang)]
    cache: dict[str, list[str] | None] = {}
    current = None
    for f in findings:
        if f.file != current:
            if current is not None:
                console.print()
            console.print(f"[bold underline]{escape(safe(f.file))}[/]", soft_wrap=True)
            current = f.file
        console.print(
            f"  {f.line}:{f.column}  [{STYLES[f.severity]}]{words[f.severity]}[/] [dim]{f.code}[/]  {escape(safe(f.message(lang)))}",
            soft_wrap=True,
        )
        source = _source_line(f.file, f.line, cache)
        if source is not None:
            console.print(f"    [dim]{escape(safe(source.expandtabs(1)))}[/]", soft_wrap=True, highlight=False)
            console.print("    " + " " * (f.column - 1) + f"[{STYLES[f.severity]}]^[/]", highlight=False)
    if findings:
        console.print()
    style = "bold red" if any(f.severity is Severity.error for f in findings) else "bold green"
    console.print(f"[{style}]{summary(findings, plans, lang)}[/]")

"""Findings to text: for a person (rich), for machines (json, SARIF, GitLab) and for GitHub Actions.

`REPORTERS` names every format `rusplan validate --format` knows; `report` writes one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rusplan.findings import Finding, Severity
from rusplan.messages import template, text
from rusplan.planfiles import read_source
from rusplan.safetext import json_text, visible


def severity_word(severity: Severity, lang: str) -> str:
    """«feil», «advarsel», «info» in the reader's language."""
    return template(f"severity.{severity.value}", lang)


STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def resolve_format(name: str | None) -> str:
    """`auto` (or nothing): GitHub annotations inside GitHub Actions, human text elsewhere."""
    if name in (None, "auto"):
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
    return name


def to_json(findings: Iterable[Finding], lang: str) -> str:
    items = [
        {
            "file": visible(f.file),
            "line": f.line,
            "column": f.column,
            "severity": f.severity.value,
            "code": f.code,
            "message": f.message(lang),
        }
        for f in findings
    ]
    return json_text(items)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Iterable[Finding], lang: str) -> str:
    """Workflow commands; each line also shows file:line:column plainly in the log."""
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
    lines = []
    for f in findings:
        title = f"{f.code} ({severity_word(f.severity, lang)})"
        file = visible(f.file)
        props = f"file={_escape_property(file)},line={f.line},col={f.column},title={_escape_property(title)}"
        lines.append(f"::{level[f.severity]} {props}::{_escape_data(f'{file}:{f.line}:{f.column}: {f.code} ' + visible(f.message(lang)))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _source_line(file: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    """The line a finding points at, from a plan file the loader read: never another file, a FIFO or a device."""
    if file not in cache:
        raw = read_source(Path(file))
        cache[file] = None if raw is None else raw.decode("utf-8-sig", errors="replace").splitlines()
    lines = cache[file]
    if lines is None or not 0 < line <= len(lines):
        return None
    return lines[line - 1]


def _excerpt(line: str, column: int, width: int = 160) -> tuple[str, int]:
    """A window of a long source line around `column` (a minified file can be one 5 MB line), and the caret's column in it."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    head, tail = ("…" if start else ""), ("…" if start + width < len(line) else "")
    return head + line[start : start + width] + tail, column - start + len(head)


def summary(findings: list[Finding], plans: int, lang: str) -> str:
    """«2 planer kontrollert: 0 feil, 1 advarsel, 52 info», each count with its plural form."""
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    parts = [text(f"findings.count.{s.value}", lang, n=counts[s]) for s in Severity]
    return f"{text('findings.checked', lang, n=plans)}: " + ", ".join(parts)


def print_human(findings: list[Finding], plans: int, lang: str, console) -> None:
    """Grouped by file, each finding with its source line and a caret under the column."""
    from rich.markup import escape

    cache: dict[str, list[str] | None] = {}
    current = None
    for f in findings:
        if f.file != current:
            if current is not None:
                console.print()
            console.print(f"[bold underline]{escape(visible(f.file))}[/]", soft_wrap=True, emoji=False)
            current = f.file
        console.print(
            f"  {f.line}:{f.column}  [{STYLES[f.severity]}]{severity_word(f.severity, lang)}[/] [dim]{f.code}[/]  {escape(visible(f.message(lang)))}",
            soft_wrap=True,
            emoji=False,  # «:warning:» in plan text stays text
        )
        source = _source_line(f.file, f.line, cache)
        if source is not None:
            source = source.expandtabs(1)
            shown_column = len(visible(source[: max(f.column - 1, 0)])) + 1  # escapes before the column widen the line
            excerpt, column = _excerpt(visible(source), shown_column)
            console.print(f"    [dim]{escape(excerpt)}[/]", soft_wrap=True, highlight=False, emoji=False)
            console.print("    " + " " * (column - 1) + f"[{STYLES[f.severity]}]^[/]", soft_wrap=True, highlight=False)
    if findings:
        console.print()
    style = "bold red" if any(f.severity is Severity.error for f in findings) else "bold green"
    console.print(f"[{style}]{summary(findings, plans, lang)}[/]")


# --- code-scanning dashboards: SARIF 2.1.0 and GitLab code quality -------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
GITLAB_SEVERITIES = {Severity.error: "major", Severity.warning: "minor", Severity.info: "info"}


def repo_path(file: str) -> str:
    """A finding's file as a POSIX path relative to the working directory when it lies inside it (the repository root in CI)."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except (ValueError, RuntimeError, OSError):  # outside; or a symlink loop, which resolve() raises on
            return path.as_posix()
    return path.as_posix()


def _artifact_location(file: str) -> dict:
    """Relative to the repository root (`%SRCROOT%`) when possible, else an absolute file URI."""
    from urllib.parse import quote

    path = repo_path(file)
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(os.fsencode(path)), "uriBaseId": "%SRCROOT%"}  # a name that is not UTF-8 as its own bytes, %FF


def _sarif_rule(code: str, rules: dict, lang: str) -> dict:
    """A rule's SARIF entry: its title in the reader's language, its documentation as written (English)."""
    rule = rules.get(code)
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}}
    title = rule.title_in(lang)
    doc = rule.doc or title
    first = doc.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": first},
        "help": {"text": f"{title}\n\n{doc}", "markdown": f"**{title}**\n\n{doc}"},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": ["rusplan"]},
    }


def to_sarif(findings: Iterable[Finding], lang: str) -> str:
    """One SARIF 2.1.0 run: every rule with its help text, every finding with file, line and column."""
    from rusplan import __version__
    from rusplan.rules import REGISTRY

    findings = list(findings)
    codes = sorted(set(REGISTRY) | {f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": visible(f.message(lang))},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(f.file),
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rusplan",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "language": template("language.tag", lang),
                        "rules": [_sarif_rule(code, REGISTRY, lang) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(log)


def to_gitlab(findings: Iterable[Finding], lang: str) -> str:
    """GitLab code quality report (Code Climate subset); the fingerprint is stable for the same file, line, code and message."""
    import hashlib

    items = []
    for f in findings:
        path = visible(repo_path(f.file))
        message = visible(f.message(lang))
        fingerprint = hashlib.sha256(f"{path}\0{f.line}\0{f.code}\0{message}".encode()).hexdigest()
        items.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code}: {message}",
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITIES[f.severity],
                "location": {"path": path, "lines": {"begin": max(f.line, 1)}},
            }
        )
    return json_text(items)


# --- every format by name ------------------------------------------------------------------

Reporter = Callable[[Sequence[Finding], int, str, Any], None]  # (findings, plans checked, lang, rich console)


def _written(text_of: Callable[[list[Finding], int, str], str]) -> Reporter:
    """A reporter that writes `text_of`'s text as is to the console's stream (no markup, no wrapping)."""

    def reporter(findings: Sequence[Finding], plans: int, lang: str, console: Any) -> None:
        console.file.write(text_of(list(findings), plans, lang))

    return reporter


def _markdown(findings: list[Finding], plans: int, lang: str) -> str:
    from rusplan.findings_table import to_markdown  # it builds on this module

    return to_markdown(findings, plans, lang)


REPORTERS: dict[str, Reporter] = {
    "human": lambda findings, plans, lang, console: print_human(list(findings), plans, lang, console),
    "json": _written(lambda findings, plans, lang: to_json(findings, lang)),
    "github": _written(lambda findings, plans, lang: to_github(findings, lang) + summary(findings, plans, lang) + "\n"),
    "sarif": _written(lambda findings, plans, lang: to_sarif(findings, lang)),
    "gitlab": _written(lambda findings, plans, lang: to_gitlab(findings, lang)),
    "markdown": _written(_markdown),
}
FORMATS = (*REPORTERS, "auto")  # auto: see resolve_format


def report(format: str | None, findings: Sequence[Finding], plans: int, lang: str, console: Any) -> None:
    """Write the findings in `format` (None or "auto": by where rusplan runs) to `console`."""
    REPORTERS[resolve_format(format)](findings, plans, lang, console)

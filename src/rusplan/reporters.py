"""Findings to text: for a person (rich), for machines (json) and for GitHub Actions."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from rusplan.findings import Finding, Severity
from rusplan.load import LoadProblem, read_bytes
from rusplan.messages import language

SEVERITY_WORDS = {
    "nb": {Severity.error: "feil", Severity.warning: "advarsel", Severity.info: "info"},
    "en": {Severity.error: "error", Severity.warning: "warning", Severity.info: "info"},
}
STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
FORMATS = ("human", "json", "github", "sarif", "gitlab", "markdown", "auto")


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
    text = json.dumps(items, ensure_ascii=False, indent=2)
    # json escapes C0 controls itself; C1 controls (U+0080–U+009F, e.g. CSI) would reach the terminal raw.
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


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
        file = safe(f.file)
        props = f"file={_escape_property(file)},line={f.line},col={f.column},title={_escape_property(title)}"
        lines.append(f"::{level[f.severity]} {props}::{_escape_data(f'{file}:{f.line}:{f.column}: {f.code} ' + safe(f.message(lang)))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _source_line(file: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    """The line a finding points at; never from a FIFO, a device or a file over the size limit."""
    if file not in cache:
        try:
            cache[file] = read_bytes(Path(file)).decode("utf-8-sig", errors="replace").splitlines()
        except LoadProblem:
            cache[file] = None
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
    words = SEVERITY_WORDS[language(lang)]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if language(lang) == "en":
        head = f"{plans} plan{'s' if plans != 1 else ''} checked"
    else:
        head = f"{plans} {'plan' if plans == 1 else 'planer'} kontrollert"
    plurals = {"nb": {Severity.warning: "advarsler"}, "en": {Severity.error: "errors", Severity.warning: "warnings"}}[language(lang)]
    parts = [f"{counts[s]} {words[s] if counts[s] == 1 else plurals.get(s, words[s])}" for s in Severity]
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
            console.print(f"[bold underline]{escape(safe(f.file))}[/]", soft_wrap=True, emoji=False)
            current = f.file
        console.print(
            f"  {f.line}:{f.column}  [{STYLES[f.severity]}]{words[f.severity]}[/] [dim]{f.code}[/]  {escape(safe(f.message(lang)))}",
            soft_wrap=True,
            emoji=False,  # «:warning:» in plan text stays text
        )
        source = _source_line(f.file, f.line, cache)
        if source is not None:
            excerpt, column = _excerpt(safe(source.expandtabs(1)), f.column)
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


def _dump(data) -> str:
    """JSON for a file or a terminal: C0 controls are escaped by json, C1 controls (U+0080–U+009F) here."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if "\x7f" <= ch <= "\x9f" else ch for ch in text) + "\n"


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
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def _sarif_rule(code: str, rules: dict) -> dict:
    rule = rules.get(code)
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}}
    doc = rule.doc or rule.title
    first = doc.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": first},
        "help": {"text": f"{rule.title}\n\n{doc}", "markdown": f"**{rule.title}**\n\n{doc}"},
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
            "message": {"text": safe(f.message(lang))},
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
                        "language": "en" if language(lang) == "en" else "nb-NO",
                        "rules": [_sarif_rule(code, REGISTRY) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return _dump(log)


def to_gitlab(findings: Iterable[Finding], lang: str) -> str:
    """GitLab code quality report (Code Climate subset); the fingerprint is stable for the same file, line, code and message."""
    import hashlib

    items = []
    for f in findings:
        path = repo_path(f.file)
        message = safe(f.message(lang))
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
    return _dump(items)

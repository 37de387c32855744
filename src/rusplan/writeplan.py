"""Write a plan folder for people: readable YAML, and the whole folder or nothing.

The YAML is what a secretary opens in an editor: the format's key order, block
style, Norwegian letters as letters, long sentences folded, multi-line text as
`|` blocks, empty fields left out, and a header comment saying where it came
from. The folder is written beside the target under a hidden temporary name,
validated there, and renamed into place; on any failure the temporary folder
is removed and the target never appears. An existing target is never touched.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
import yaml.representer

from rusplan import atomic
from rusplan.findings import Finding, Severity
from rusplan.load import plain_tag, reads_as_text
from rusplan.messages import Msg, template
from rusplan.planfolder import LoadedPlan, read_plan

if TYPE_CHECKING:
    from rusplan.rollforward import RollForward

WIDTH = 88


class TargetError(Exception):
    """The target folder cannot be used; `msg` says why."""

    def __init__(self, key: str, **params: Any) -> None:
        self.msg = Msg.of(key, **params)
        super().__init__(key)


class DraftInvalid(Exception):
    """The written draft does not validate; nothing was kept."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(f"{len(findings)} error(s)")


# --- YAML for people ---------------------------------------------------------------


class PlanDumper(yaml.SafeDumper):
    """Block style with indented sequences, as the bundled plans are written.

    Text asks to be folded (`>-`); the emitter, which knows the column, keeps
    it on the line when it fits. Keys and text that cannot be a block fall
    back to PyYAML's own choice (plain or quoted).
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        event = self.event
        if event.style == ">" and (self.simple_key_context or self.column + 1 + len(event.value) <= self.best_width):
            event.style = None
        return super().choose_scalar_style()

    def write_folded(self, text: str) -> None:
        """PyYAML's own, except that a line breaks before the word that would cross the width, not after it.

        A line that starts with a space is never broken: YAML keeps the breaks around such lines.
        """
        hints = self.determine_block_hints(text)
        self.write_indicator(">" + hints, True)
        if hints[-1:] == "+":
            self.open_ended = True
        self.write_line_break()
        leading_space, spaces, breaks = True, False, True
        start = end = 0
        while end <= len(text):
            ch = text[end] if end < len(text) else None
            if breaks:
                if ch is None or ch not in _BREAKS:
                    if not leading_space and ch is not None and ch != " " and text[start] == "\n":
                        self.write_line_break()
                    leading_space = ch == " "
                    for br in text[start:end]:
                        self.write_line_break() if br == "\n" else self.write_line_break(br)
                    if ch is not None:
                        self.write_indent()
                    start = end
            elif spaces:
                if ch != " ":
                    if start + 1 == end and not leading_space and self.column + 1 + _word_length(text, end) > self.best_width:
                        self.write_indent()
                    else:
                        self.column += end - start
                        self.stream.write(text[start:end])
                    start = end
            elif ch is None or ch in " " + _BREAKS:
                self.column += end - start
                self.stream.write(text[start:end])
                if ch is None:
                    self.write_line_break()
                start = end
            if ch is not None:
                breaks = ch in _BREAKS
                spaces = ch == " "
            end += 1


_BREAKS = "\n\x85\u2028\u2029"


def _word_length(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] not in " " + _BREAKS:
        end += 1
    return end - start


YAML_ONLY_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks to YAML, not to Python: only escapes keep them


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in YAML_ONLY_BREAKS):
        style = '"'
    else:
        style = "|" if "\n" in value else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


PlanDumper.add_representer(str, _represent_str)


class _NotPlain(Exception):
    """A value _block_yaml leaves to PyYAML's emitter."""


# what the emitter escapes, and line breaks other than \n (the representer quotes those)
_SPECIAL = re.compile("[^\\n\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd\\U00010000-\\U0010fffe]")
_SPACES = re.compile("( +)")
_REPRESENTER = yaml.representer.SafeRepresenter()  # how PyYAML writes a float (1.0e+20, .inf)


def _block_yaml(data: Any) -> str | None:
    """`data` as PlanDumper writes it, for what plans hold; None for anything else.

    PyYAML's emitter is pure Python and decides every character on its own; this writes the
    mappings, sequences and scalars of a plan directly, in the same layout: two-space indents,
    indented sequences, text plain when it fits on its line and reads back as text, else quoted,
    a `|` block when it has line breaks, a `>-` block folded before the word that would cross
    WIDTH. A value it cannot be sure of (control characters, leading or trailing spaces, empty
    text, flow collections, other types) makes it give up, and PlanDumper writes the file.
    """
    if not isinstance(data, dict):
        return None
    out: list[str] = []
    try:
        _mapping(data, 0, "", out)
    except _NotPlain:
        return None
    return "".join(out)


def _mapping(data: dict[Any, Any], indent: int, first: str, out: list[str]) -> None:
    if not data:
        raise _NotPlain
    prefix = first or " " * indent
    for key, value in data.items():
        line = prefix + _key(key) + ":"
        prefix = " " * indent
        _value(value, indent, line, out)


def _sequence(items: list[Any], indent: int, first: str, out: list[str]) -> None:
    if not items:
        raise _NotPlain
    prefix = first or " " * indent
    for item in items:
        if type(item) is dict:
            _mapping(item, indent + 2, prefix + "- ", out)
        elif type(item) is list:
            _sequence(item, indent + 2, prefix + "- ", out)
        else:
            out.append(prefix + "-" + _scalar(item, indent + 1, indent + 2) + "\n")
        prefix = " " * indent


def _value(value: Any, indent: int, line: str, out: list[str]) -> None:
    if type(value) is dict:
        out.append(line + "\n")
        _mapping(value, indent + 2, "", out)
    elif type(value) is list:
        out.append(line + "\n")
        _sequence(value, indent + 2, "", out)
    else:
        out.append(line + _scalar(value, len(line), indent + 2) + "\n")


def _key(key: Any) -> str:
    if type(key) is int:
        return str(key)
    if type(key) is not str or len(key) > 64 or not _plain_allowed(key) or not reads_as_text(key):
        raise _NotPlain
    return key


def _scalar(value: Any, column: int, indent: int) -> str:
    """A scalar after `column` (its own leading space included); block content at `indent`."""
    if value is True or value is False:
        return " true" if value else " false"
    if type(value) is int:
        return f" {value}"
    if type(value) is float:
        node = _REPRESENTER.represent_data(value)
        if not _plain_allowed(node.value) or plain_tag(node.value) != node.tag:
            raise _NotPlain
        return " " + node.value
    if type(value) is not str or not value or value[0] == " " or value[-1] == " " or _SPECIAL.search(value):
        raise _NotPlain
    if "\n" in value:
        if value[0] == "\n" or " \n" in value or value.endswith("\n\n"):
            raise _NotPlain
        body, chomp = (value[:-1], "") if value[-1] == "\n" else (value, "-")
        return f" |{chomp}\n" + "".join(f"{' ' * indent}{line}\n" if line else "\n" for line in body.split("\n"))[:-1]
    if column + 1 + len(value) <= WIDTH:
        if _plain_allowed(value) and reads_as_text(value):
            return " " + value
        quoted = "'" + value.replace("'", "''") + "'"
        if column + 1 + len(quoted) > WIDTH:
            raise _NotPlain
        return " " + quoted
    return " >-\n" + _folded(value, indent)


def _plain_allowed(text: str) -> bool:
    """Whether the emitter may write this one line of text (no leading or trailing space) plain in a block."""
    if text[0] in "#,[]{}&*!|>'\"%@`" or text.startswith(("---", "...")):
        return False
    if text[0] in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return ": " not in text and " #" not in text and text[-1] != ":"


def _folded(text: str, indent: int) -> str:
    """One line of text as the content of a `>-` block: PlanDumper.write_folded's breaks, before the word that would cross WIDTH."""
    parts = _SPACES.split(text)
    margin = " " * indent
    lines = []
    line = [margin, parts[0]]
    column = indent + len(parts[0])
    for i in range(1, len(parts), 2):
        spaces, word = parts[i], parts[i + 1]
        if len(spaces) == 1 and column + 1 + len(word) > WIDTH:
            lines.append("".join(line))
            line = [margin, word]
            column = indent + len(word)
        else:
            line += (spaces, word)
            column += len(spaces) + len(word)
    lines.append("".join(line))
    return "\n".join(lines)


def prune(value: Any) -> Any:
    """Leave out None and empty text, lists and mappings: the models supply them as defaults."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if not _empty(v)}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def dump(data: dict[str, Any], header: str = "") -> str:
    """One file's text: the header as comments, then the data as block YAML.

    What plans hold is written by _block_yaml; anything it is not sure of, by PyYAML with
    PlanDumper, which gives the same text for what both can write (tests/test_writeplan_fast.py).
    """
    pruned = prune(data)
    body = _block_yaml(pruned)
    if body is None:
        body = yaml.dump(pruned, Dumper=PlanDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=WIDTH, indent=2)
    wrapped = [part for line in header.splitlines() for part in textwrap.wrap(line, WIDTH - 2, break_long_words=False, break_on_hyphens=False) or [""]]
    return "".join(f"# {line}".rstrip() + "\n" for line in wrapped) + body


def header(source: str, new_id: str, created: dt.date, name: str, lang: str = "nb") -> str:
    """The comment at the top of a draft file, in the plan's own language (it is the secretary's file)."""
    lines = [template("writeplan.made", lang).format(source=source, date=created.isoformat()), template("writeplan.draft", lang).format(id=new_id)]
    about = {"evaluation.yaml": "writeplan.evaluation", "indicators.yaml": "writeplan.indicators", "units.yaml": "writeplan.units"}.get(name)
    if about:
        lines.append(template(about, lang).format(source=source))
    return "\n".join(lines)


def render(forward: RollForward, schemas: str | None = None) -> dict[str, str]:
    """The draft's files as text, by file name relative to the plan folder.

    `schemas` (the schema folder relative to the plan folder) puts the editor's
    `# yaml-language-server` modeline first in every file, as in the bundled plans.
    """
    from rusplan.schema import kind_of, modeline

    new_id = forward.plan.id
    lang = forward.plan.meta.language.value if forward.plan.meta.language else "nb"
    texts = {name: dump(data, header(forward.source, new_id, forward.created, name, lang)) for name, data in forward.files.items()}
    if schemas:
        texts = {name: modeline(kind, schemas) + "\n" + text if (kind := kind_of(name)) else text for name, text in texts.items()}
    return texts


# --- the folder: all or nothing -----------------------------------------------------------


def check_target(target: Path, plan_id: str, *, force: bool = False) -> None:
    """Refuse a target that exists (whatever `force` says), sits in a missing folder, or is misnamed."""
    if target.exists() or target.is_symlink():
        raise TargetError("target_exists", path=str(target))
    if not target.parent.is_dir():
        raise TargetError("target_parent_missing", path=str(target.parent))
    if target.name != plan_id:
        raise TargetError("target_name", name=target.name, id=plan_id)


def check_folder(folder: Path, predecessor: LoadedPlan | None = None) -> list[Finding]:
    """Load a written plan folder and run every rule on it, with its predecessor for reference."""
    from rusplan.validate import check_plan, summarize

    loaded = read_plan(folder)
    context = {predecessor.id: summarize(predecessor)} if predecessor is not None else {}
    return check_plan(loaded, context)


def write_plan(files: dict[str, str], target: Path, plan_id: str, *, predecessor: LoadedPlan | None = None) -> list[Finding]:
    """Write `files` as the plan folder `target`, or nothing at all.

    Returns the written plan's findings (warnings and infos: the decisions left
    to people), pointing at the files in `target`. Raises `TargetError` if the
    target cannot be used and `DraftInvalid` if the draft has errors.
    """
    check_target(target, plan_id)
    findings: list[Finding] = []

    def check(staged: Path) -> None:
        findings.extend(_relocate(check_folder(staged, predecessor), staged, target))
        errors = [f for f in findings if f.severity is Severity.error]
        if errors:
            raise DraftInvalid(errors)
        check_target(target, plan_id)  # once more, just before the rename

    atomic.write_folder(target, files, check)
    return findings


def _relocate(findings: list[Finding], staged: Path, target: Path) -> list[Finding]:
    """Point findings at the target folder rather than the temporary one."""
    prefix = str(staged)
    return [replace(f, file=str(target) + f.file[len(prefix):]) if f.file.startswith(prefix) else f for f in findings]

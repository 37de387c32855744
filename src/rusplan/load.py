"""Read plan files safely into plain data plus the source position of every node.

PyYAML silently keeps the last of two equal keys, expands alias bombs without
limit and recurses on deep nesting; a secretary would lose text or wait
forever. This loader composes the node tree once (libyaml's C parser when
present), then builds the data itself, refusing each of those with a finding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor

from rusplan.messages import Msg

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]


@dataclass
class LoadProblem(Exception):
    """A file could not be read as data; `key` names the message."""

    code: str
    key: str
    line: int = 1
    column: int = 1
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """One YAML file: its data, where each value and key starts, and its ignore comments."""

    path: Path
    data: Any
    positions: dict[Path_, tuple[int, int]]
    key_positions: dict[Path_, tuple[int, int]]
    ignores: dict[int, frozenset[str] | None]

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, falling back to the deepest known ancestor."""
        table = self.key_positions if key else self.positions
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            if key and prefix in self.key_positions:
                return self.key_positions[prefix]
            if prefix in self.positions:
                return self.positions[prefix]
        return table.get((), (1, 1))


_YAML_PROBLEMS = (
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "expected_colon"),
    ("did not find expected key", "expected_key"),
    ("did not find expected '-'", "expected_dash"),
    ("end of stream", "end_of_stream"),
    ("expected ',' or", "flow"),
    ("undefined alias", "alias"),
    ("escape character", "escape"),
    ("'\\t'", "tab"),
    ("cannot start any token", "character"),
)


def yaml_problem(problem: str):
    """PyYAML's English problem text as a Norwegian message."""
    for needle, key in _YAML_PROBLEMS:
        if needle in problem:
            return Msg.of(f"yaml.{key}")
    return Msg.of("yaml.other", detail=problem)


def read_text(path: Path) -> str:
    """Bytes to text: size limit, UTF-8 (BOM tolerated), CRLF normalised, tabs refused."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadProblem("RP009", "too_large", params={"mb": round(size / 1024 / 1024, 1), "max_mb": MAX_BYTES // 1024 // 1024})
        raw = path.read_bytes()
    except PermissionError as exc:
        raise LoadProblem("RP010", "unreadable", params={"reason": exc.strerror or str(exc)}) from None
    except OSError as exc:
        raise LoadProblem("RP010", "unreadable", params={"reason": exc.strerror or str(exc)}) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadProblem("RP003", "not_utf8", line, column, {"byte": f"0x{raw[exc.start]:02X}"}) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")):
        raise LoadProblem("RP005", "empty_file")
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise LoadProblem("RP004", "tab_indent", number, len(line) - len(stripped) + 1)
    return text


def _suspiciously_deep(text: str) -> bool:
    """Cheap test whether the exact (slower) depth check is worth running."""
    brackets = text.count("[") + text.count("{")
    widest = max((len(ln) - len(ln.lstrip(" ")) for ln in text.split("\n")), default=0)
    return brackets > MAX_DEPTH or widest > 2 * MAX_DEPTH or "- - - -" in text


def _check_depth(text: str) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise LoadProblem("RP007", "too_deep", mark.line + 1, mark.column + 1, {"max": MAX_DEPTH})
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the syntax error is reported by compose, with its position


class _Builder:
    """Turns a composed node tree into data, recording positions as it goes."""

    def __init__(self) -> None:
        self.constructor = SafeConstructor()
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.nodes += 1
        mark = node.start_mark
        if self.nodes > MAX_NODES:
            raise LoadProblem("RP006", "too_many_nodes", mark.line + 1, mark.column + 1, {"max": MAX_NODES})
        if depth > MAX_DEPTH:
            raise LoadProblem("RP007", "too_deep", mark.line + 1, mark.column + 1, {"max": MAX_DEPTH})
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            raise LoadProblem("RP001", "bad_scalar", mark.line + 1, mark.column + 1, {"value": str(node.value)[:60], "reason": str(exc).split("\n")[0]}) from None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        try:
            self.constructor.flatten_mapping(node)
        except ConstructorError as exc:
            mark = exc.problem_mark or node.start_mark
            raise LoadProblem("RP001", "yaml_syntax", mark.line + 1, mark.column + 1, {"problem": yaml_problem(exc.problem or str(exc))}) from None
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadProblem("RP001", "complex_key", kmark.line + 1, kmark.column + 1)
            key = self.constructor.construct_object(key_node)
            if isinstance(key, list | dict):  # pragma: no cover - guarded above
                raise LoadProblem("RP001", "complex_key", kmark.line + 1, kmark.column + 1)
            if key in first_seen:
                raise LoadProblem("RP002", "duplicate_key", kmark.line + 1, kmark.column + 1, {"key": str(key), "first": first_seen[key]})
            first_seen[key] = kmark.line + 1
            child = (*path, key)
            self.key_positions[child] = (kmark.line + 1, kmark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def parse_ignores(text: str) -> dict[int, frozenset[str] | None]:
    """`# rusplan: ignore RP302` silences its own line, or the next when alone on a line."""
    ignores: dict[int, frozenset[str] | None] = {}
    if "rusplan:" not in text:
        return ignores
    for number, line in enumerate(text.split("\n"), start=1):
        marker = line.find("# rusplan: ignore")
        if marker < 0:
            continue
        rest = line[marker + len("# rusplan: ignore") :].strip()
        codes = frozenset(c.strip() for c in rest.replace(",", " ").split() if c.strip()) or None
        target = number + 1 if not line[:marker].strip() else number
        ignores[target] = codes
    return ignores


def load_document(path: Path) -> Document:
    """Load one YAML file or raise `LoadProblem` saying exactly what is wrong where."""
    text = read_text(path)
    if _suspiciously_deep(text):
        _check_depth(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code_point = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadProblem("RP001", "yaml_syntax", line, column, {"problem": Msg.of("yaml.control_char", char=f"U+{code_point:04X}")}) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadProblem("RP001", "yaml_syntax", line, column, {"problem": yaml_problem(exc.problem or exc.context or "")}) from None
    except yaml.YAMLError as exc:
        raise LoadProblem("RP001", "yaml_syntax", params={"problem": yaml_problem(str(exc).split("\n")[0])}) from None
    except RecursionError:
        raise LoadProblem("RP007", "too_deep", params={"max": MAX_DEPTH}) from None
    if node is None:
        raise LoadProblem("RP005", "empty_file")
    builder = _Builder()
    data = builder.build(node, ())
    return Document(path, data, builder.positions, builder.key_positions, parse_ignores(text))


def is_plan_dir(path: Path) -> bool:
    return (path / "plan.yaml").is_file()


def discover(root: Path) -> list[Path]:
    """Plan folders at or directly below `root` (a plan, or a folder of plans)."""
    if is_plan_dir(root):
        return [root]
    found = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir() and is_plan_dir(Path(entry.path)):
                found.append(Path(entry.path))
        except OSError:
            continue
    return found

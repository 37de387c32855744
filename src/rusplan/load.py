"""Read plan files safely into plain data plus the source position of every node.

PyYAML silently keeps the last of two equal keys, expands alias bombs without
limit and recurses on deep nesting; a secretary would lose text or wait
forever. This loader reads plain YAML (what plans are) in one pass over libyaml's
events; anything else it composes into a node tree and builds the data from it
itself, refusing each of those with a finding.

Why one module of about 500 lines: the fast reading and the careful one must agree on
every typing rule (YAML 1.1 resolution, `number` kept as written), every limit (depth,
values, aliases) and every position; side by side a reader can check that they do, and
tests/test_loader_fastpath.py checks it on generated files. Finding and reading the files
themselves is in planfiles.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.reader
import yaml.resolver
import yaml.scanner
from yaml.constructor import ConstructorError, SafeConstructor

from rusplan.messages import Msg
from rusplan.planfiles import (  # noqa: F401 - the loader's public names, also importable from here
    MAX_BYTES,
    LoadProblem,
    _line_column,
    canonical,
    default_paths,
    discover,
    inside,
    is_plan_dir,
    os_reason,
    read_bytes,
    read_source,
    read_text,
    reads,
    remember_reads,
    without_cyclic_gc,
)

try:
    from yaml import CSafeLoader as _Loader

    _LIBYAML = True
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _LIBYAML = False

MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]
_Positions = tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]  # of values, of keys


@dataclass
class Document:
    """One YAML file: its data, its ignore comments, and where each value and key starts.

    Positions are needed only where there is a finding, which is rare, so they are found on
    first use from the source kept as UTF-8: a national corpus then costs its data, not a
    table of millions of positions. `data` is the file as read; planfolder sets it to None
    once the model holds it.
    """

    path: Path
    data: Any
    ignores: dict[int, frozenset[str] | None]
    source: bytes = field(repr=False)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, falling back to the deepest known ancestor."""
        positions, key_positions = _position_tables(self.source)
        table = key_positions if key else positions
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            if key and prefix in key_positions:
                return key_positions[prefix]
            if prefix in positions:
                return positions[prefix]
        return table.get((), (1, 1))


@functools.lru_cache(maxsize=64)
def _position_tables(source: bytes) -> _Positions:
    """Where every value and key of a loaded document starts (its findings come together, so a few are cached)."""
    positions: _Positions = ({}, {})
    if _read_plain(source, positions) is not _NOT_PLAIN:
        return positions
    builder = _Builder(record=True)
    builder.build(yaml.compose(source, Loader=_Loader), ())
    return builder.positions, builder.key_positions


def yaml_problem(exc: yaml.YAMLError, text: str = "") -> Msg:
    """What is wrong, in the reader's language, from the kind of error and the source at its mark.

    PyYAML's own problem text is English and changes between releases, so it is never read:
    the exception class says which stage failed, and the line it points at says why.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    lines = text.split("\n")
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    at = line[mark.column : mark.column + 1] if mark is not None else ""
    if at == "\t" or ("\t" in line and not line.strip().startswith("#")):
        return Msg.of("yaml.tab")
    if isinstance(exc, yaml.composer.ComposerError):
        return Msg.of("yaml.alias" if at == "*" else "yaml.documents")
    if isinstance(exc, ConstructorError):
        return Msg.of("yaml.merge")
    if mark is not None and mark.line >= len(lines) - 1 and not line[mark.column :].strip():
        return Msg.of("yaml.end_of_stream")
    value = line.split(": ", 1)[1] if ": " in line.lstrip("- ") else ""
    if ": " in value and value.lstrip()[:1] not in ("'", '"', "{", "["):
        return Msg.of("yaml.colon")
    if at == ":" and isinstance(exc, yaml.scanner.ScannerError):
        return Msg.of("yaml.indent")
    if at in ("@", "`", "%", "|", ">") or (at and at in "\\" and isinstance(exc, yaml.scanner.ScannerError)):
        return Msg.of("yaml.character")
    if isinstance(exc, yaml.scanner.ScannerError):
        return Msg.of("yaml.scanner")
    return Msg.of("yaml.structure")


_DEEP_INDENT = " " * (2 * MAX_DEPTH + 1)
_LONG_LINE = re.compile(rf"^[^\n]{{{2 * MAX_DEPTH}}}", re.MULTILINE)


def _may_exceed_limits(text: str) -> bool:
    """Cheap, conservative test whether the exact (slower) shape check is worth running.

    Flow nesting takes a bracket per level; block nesting takes indentation or, on one line,
    an indicator and a space per level ("- - x", "-  ? x", "- &a - x"); every value takes about
    a character. The exact check must run before compose, whose recursion in C overflows the
    stack on deep input (100 000 levels of "-  " crashed the interpreter).
    """
    if len(text) > MAX_NODES or text.count("[") + text.count("{") > MAX_DEPTH:
        return True
    if text.startswith(_DEEP_INDENT) or "\n" + _DEEP_INDENT in text:
        return True
    for match in _LONG_LINE.finditer(text):
        end = text.find("\n", match.start())
        line = text[match.start() : end if end >= 0 else len(text)]
        if line.count("-") + line.count("?") + line.count(":") > MAX_DEPTH:
            return True
    return False


def _check_shape(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and more than MAX_NODES values, before compose.

    libyaml may stop with its own limit (PyYAML 6.0.4: 1 000 flow levels, found while its
    scanner reads ahead of the events) before rusplan's count is reached. Inside flow
    collections the nesting is plain brackets, so the count then goes on in the text itself;
    rusplan's limits hold however and wherever the library reports its problem.
    """
    depth = nodes = 0
    flow_base: int | None = None  # the depth outside the outermost [ or { we are in
    last = None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            last = event
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    raise LoadProblem("RP006", "too_many_nodes", mark.line + 1, mark.column + 1, {"max": MAX_NODES})
            if isinstance(event, yaml.CollectionStartEvent):
                if event.flow_style and flow_base is None:
                    flow_base = depth
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise LoadProblem("RP007", "too_deep", mark.line + 1, mark.column + 1, {"max": MAX_DEPTH})
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                if depth == flow_base:
                    flow_base = None
    except yaml.YAMLError:
        if flow_base is not None and last is not None:
            _count_brackets(text, last.end_mark.line, last.end_mark.column, depth, flow_base)
        # otherwise a real syntax error: compose reports it, with its position


def _count_brackets(text: str, line: int, column: int, depth: int, base: int) -> None:
    """Go on counting flow nesting in the text from (line, column), skipping quotes and comments; linear."""
    starts = [0]
    for _ in range(line):
        starts.append(text.index("\n", starts[-1]) + 1)
    i = starts[line] + column
    size = len(text)
    while i < size:
        char = text[i]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                at_line, at_column = _line_column(text[:i])
                raise LoadProblem("RP007", "too_deep", at_line, at_column, {"max": MAX_DEPTH})
        elif char in "]}":
            depth -= 1
            if depth <= base:
                return
        elif char in "'\"":
            i = _end_of_quote(text, i)
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = size if end < 0 else end
        i += 1


def _end_of_quote(text: str, start: int) -> int:
    """Index of the quote that closes the one at `start` ('' and \\" are escapes)."""
    quote, i = text[start], start + 1
    while True:
        i = text.find(quote, i)
        if i < 0:
            return len(text)
        if quote == "'" and text.startswith("''", i):
            i += 2
        elif quote == '"' and _escaped(text, i):
            i += 1
        else:
            return i


def _escaped(text: str, i: int) -> bool:
    backslashes = 0
    while i - backslashes - 1 >= 0 and text[i - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_FLOAT = "tag:yaml.org,2002:float"
_SCALAR_REASONS = {"tag:yaml.org,2002:timestamp": "yaml.bad_date", "tag:yaml.org,2002:int": "yaml.bad_number", _FLOAT: "yaml.bad_number"}
TEXT_AS_WRITTEN = frozenset({"number"})  # «1.10» is a display number, not the float 1.1


class _Builder:
    """Turns a composed node tree into data; with `record`, also the position of every value and key."""

    def __init__(self, record: bool = False) -> None:
        self.constructor = SafeConstructor()
        self.record = record
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
        if self.record:
            self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value  # most of a plan: skip the constructor's bookkeeping
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            mark = node.start_mark
            reason = Msg.of(_SCALAR_REASONS.get(node.tag, "yaml.bad_value"))
            raise LoadProblem("RP001", "bad_scalar", mark.line + 1, mark.column + 1, {"value": str(node.value)[:60], "reason": reason}) from None

    def _merged(self, node: yaml.Node, path: Path_, depth: int) -> list[dict[Any, Any]]:
        """The mappings a `<<` key merges, each built (and counted) like any other value."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not all(isinstance(source, yaml.MappingNode) for source in sources):
            mark = node.start_mark
            raise LoadProblem("RP001", "yaml_syntax", mark.line + 1, mark.column + 1, {"problem": Msg.of("yaml.merge")})
        kept = self.positions.get(path)
        merged = [self.build(source, path, depth + 1) for source in sources]
        if kept is not None:
            self.positions[path] = kept  # the mapping starts here, not at the anchor it merges
        return merged

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        """Keys in order; `<<` merges (YAML 1.1) the keys the mapping does not set itself, the first merge winning.

        The merged mappings are built here rather than by PyYAML's `flatten_mapping`, which copies
        nested merges before anything is counted (737 bytes took 2.6 GB); here every merged value
        counts against MAX_NODES. A key set in the mapping overrides a merged one, as YAML says,
        so only a key written twice in the mapping itself is a duplicate.
        """
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        merges = [value for key, value in node.value if key.tag == _MERGE]
        if merges:
            for merged in (m for value in merges for m in self._merged(value, path, depth)):
                for key, value in merged.items():
                    result.setdefault(key, value)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            if key_node.tag == _VALUE:  # «=», YAML 1.1's value key: plain text, as PyYAML reads it
                key_node = yaml.ScalarNode(_STR, key_node.value, key_node.start_mark, key_node.end_mark)
            kmark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadProblem("RP001", "complex_key", kmark.line + 1, kmark.column + 1)
            key = self._scalar(key_node)
            if key in first_seen:
                raise LoadProblem("RP002", "duplicate_key", kmark.line + 1, kmark.column + 1, {"key": str(key), "first": first_seen[key]})
            first_seen[key] = kmark.line + 1
            child = (*path, key)
            if self.record:
                self.key_positions[child] = (kmark.line + 1, kmark.column + 1)
            if key in TEXT_AS_WRITTEN and value_node.tag == _FLOAT and isinstance(value_node, yaml.ScalarNode):
                self.nodes += 1
                if self.record:
                    self.positions[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
                result[key] = value_node.value
                continue
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


_RESOLVER = yaml.resolver.Resolver()
_NEEDS_RESOLVER = frozenset(first for first in _RESOLVER.yaml_implicit_resolvers if first)  # first characters of non-text
_ANY_FIRST = None in _RESOLVER.yaml_implicit_resolvers  # a resolver for every first character: always ask
_CONSTRUCTED = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", _FLOAT, "tag:yaml.org,2002:timestamp"})
_NOT_PLAIN = object()  # the file needs the careful reading: see _read_plain
_NO_KEY = object()


def _read_plain(text: str | bytes, positions: _Positions | None = None) -> Any:
    """The data of a file that is plain YAML, in one pass over libyaml's events; _NOT_PLAIN otherwise.

    Plain means what plans are: one document of mappings, sequences and scalars, without
    anchors, aliases, tags, merge or value keys, complex or repeated keys, within the limits
    and without a syntax error. For such a file this gives exactly the data the careful path
    (compose, then _Builder) gives, without the node tree, the second parse of a large file,
    or a resolver call for a plain scalar that cannot be anything but text. Anything else
    answers _NOT_PLAIN, and the careful path reads the file and words what is wrong.

    With `positions`, also where every value and key starts, as _Builder(record=True) finds them.

    Why one function of about 85 lines: it is the loop that runs once per event of every plan
    file (millions in a county's corpus); a helper call per event costs measurable time, and one
    loop keeps the stack of open mappings and sequences in view.
    """
    if _RESOLVER.yaml_path_resolvers:  # types by place in the document: only compose knows the place
        return _NOT_PLAIN
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end, stream_end = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.StreamEndEvent
    needs_resolver = _NEEDS_RESOLVER
    typed = _typed_scalar
    root: Any = _NOT_PLAIN
    container: Any = None
    key: Any = _NO_KEY
    stack: list[tuple[Any, Any, Path_]] = []
    path: Path_ = ()
    nodes = documents = 0
    loader = _Loader(text)
    try:
        next_event = loader.get_event
        while True:
            event = next_event()
            kind = event.__class__
            if kind is scalar_event:
                nodes += 1
                if event.anchor is not None or event.tag is not None or nodes > MAX_NODES or len(stack) >= MAX_DEPTH:
                    return _NOT_PLAIN
                value = event.value
                if event.implicit[0] and (_ANY_FIRST or not value or value[0] in needs_resolver):
                    tag, built = typed(value)
                    if built is _NOT_PLAIN:
                        return _NOT_PLAIN
                    if tag != _FLOAT or key not in TEXT_AS_WRITTEN or type(container) is not dict:
                        value = built  # but the value of `number` as written
            elif kind is mapping_start or kind is sequence_start:
                nodes += 1
                if event.anchor is not None or event.tag is not None or nodes > MAX_NODES or len(stack) >= MAX_DEPTH:
                    return _NOT_PLAIN
                value = {} if kind is mapping_start else []
            elif kind is mapping_end or kind is sequence_end:
                container, key, path = stack.pop()
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _NOT_PLAIN
                continue
            elif kind is stream_end:
                return root
            elif kind is yaml.AliasEvent:
                return _NOT_PLAIN
            else:
                continue
            if type(container) is dict:
                if key is _NO_KEY:
                    if kind is not scalar_event or value in container:
                        return _NOT_PLAIN  # a complex key, or a key written twice
                    key = value
                    if positions is not None:
                        positions[1][(*path, key)] = (event.start_mark.line + 1, event.start_mark.column + 1)
                    continue
                child = (*path, key) if positions is not None else path
                container[key] = value
                key = _NO_KEY
            elif container is not None:
                child = (*path, len(container)) if positions is not None else path
                container.append(value)
            else:
                child = ()
                root = value
            if positions is not None:
                positions[0][child] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if kind is not scalar_event:
                stack.append((container, key, path))
                container, key, path = value, _NO_KEY, child
    except yaml.YAMLError:
        return _NOT_PLAIN
    finally:
        loader.dispose()


def plain_tag(value: str) -> str:
    """What `value`, written as a plain scalar, reads back as: the YAML 1.1 tag the loader gives it."""
    if not _ANY_FIRST and value and value[0] not in _NEEDS_RESOLVER:
        return _STR
    return _typed_scalar(value)[0]


def reads_as_text(value: str) -> bool:
    """Whether `value`, written as a plain scalar, reads back as this text."""
    return plain_tag(value) == _STR


_TYPED: dict[str, tuple[str, Any]] = {}  # plain scalar -> (tag, value): keys and short values repeat in every file


def _typed_scalar(value: str) -> tuple[str, Any]:
    """The resolver's tag for a plain scalar and the value it stands for (_NOT_PLAIN: not a value _read_plain reads).

    The values are immutable (text, numbers, booleans, None, dates), so one may stand for every
    occurrence; the table is bounded.
    """
    known = _TYPED.get(value)
    if known is not None:
        return known
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    built: Any = value
    if tag != _STR:
        built = _NOT_PLAIN
        if tag in _CONSTRUCTED:
            try:
                built = SafeConstructor().construct_object(yaml.ScalarNode(tag, value), deep=True)
            except (ConstructorError, ValueError, OverflowError):
                pass
    if len(value) <= 64:
        if len(_TYPED) >= 8192:
            _TYPED.clear()
        _TYPED[value] = (tag, built)
    return tag, built


def load_document(path: Path, within: Path | None = None) -> Document:
    """Load one YAML file or raise `LoadProblem` saying exactly what is wrong where (`within`: see read_text).

    Plain YAML is read in one pass (_read_plain); anything else, and every problem, by composing
    the node tree and building the data from it with the limits and checks of _Builder.
    """
    text = read_text(path, within)
    data = _read_plain(text)
    if data is _NOT_PLAIN:
        data = _read_carefully(text)
    return Document(path, data, parse_ignores(text), text.encode("utf-8"))


def _read_carefully(text: str) -> Any:
    """The data of any YAML file, or LoadProblem: the limits, then compose, then _Builder."""
    if _may_exceed_limits(text):
        _check_shape(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset into the UTF-8 text, PyYAML's own reader a character offset
        before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore") if _LIBYAML else text[: exc.position]
        line, column = _line_column(before)
        code_point = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadProblem("RP001", "yaml_syntax", line, column, {"problem": Msg.of("yaml.control_char", char=f"U+{code_point:04X}")}) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadProblem("RP001", "yaml_syntax", line, column, {"problem": yaml_problem(exc, text)}) from None
    except RecursionError:
        raise LoadProblem("RP007", "too_deep", params={"max": MAX_DEPTH}) from None
    if node is None:
        raise LoadProblem("RP005", "empty_file")
    return _Builder().build(node, ())



"""The one-pass reader of plain YAML gives exactly the data of the careful path (compose, then _Builder).

Plans are plain YAML: mappings, sequences and scalars. load.py reads such a file in one pass over
libyaml's events and hands everything else (anchors, tags, merges, repeated keys, syntax errors,
the limits) to the careful path. These tests hold the two paths to the same typing rules.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rusplan import load
from rusplan.load import MAX_DEPTH, LoadProblem, load_document


def typed(value):
    """The data with the type of every value, so that 1, 1.0 and True are told apart (and NaN equals itself)."""
    if isinstance(value, dict):
        return {"dict": [(typed(k), typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [typed(v) for v in value]}
    return (type(value).__name__, repr(value))


def careful(text: str):
    try:
        return typed(load._read_carefully(text))
    except LoadProblem as problem:
        return (problem.code, problem.key, problem.line, problem.column)


def assert_same_as_careful(text: str) -> None:
    fast = load._read_plain(text)
    if fast is not load._NOT_PLAIN:
        assert typed(fast) == careful(text), text


TRICKY_SCALARS = [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "", "1_000", "0x1F", "0o17", "017", "0b101",
    "1:20", "190:20:30", "1.10", "1e3", "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "+12", "-0", "0", ".", "-", "+",
    "2024-01-01", "2024-1-1 10:00:00", "2001-12-14t21:59:43.10-05:00", "2024-02-30", "2024-13-45", "=", "<<", "!", "&", "*",
    "Tiltaket videreføres", "Året 2024", "«Ungdata»", "Oppfølging", "Yrkesfag", "Nei takk", "Tirsdag", "One", "08:00",
    "1.2.3", "12 000 kr", "2021–2024", "Øvrige", "~tilde", ".5", "0.", "1__0", "+.5", "nan",
]


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_a_plain_scalar_is_typed_as_yaml_1_1_types_it(scalar):
    assert_same_as_careful(f"value: {scalar}\nnumber: {scalar}\nlist:\n  - {scalar}\n")


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_a_plain_scalar_as_a_key_is_typed_too(scalar):
    assert_same_as_careful(f"{scalar}: a\nz: b\n")


def test_a_quoted_or_block_scalar_is_always_text():
    text = "a: '1.10'\nb: \"yes\"\nc: |\n  2024-01-01\nd: >-\n  true\nnumber: '2'\n"
    assert load._read_plain(text) == {"a": "1.10", "b": "yes", "c": "2024-01-01\n", "d": "true", "number": "2"}


def test_number_keeps_a_float_as_written_and_reads_other_numbers_as_numbers():
    text = "measures:\n  - number: 1.10\n  - number: 3\n  - number: 1e3\n  - other: 1.10\n"
    assert load._read_plain(text) == {"measures": [{"number": "1.10"}, {"number": 3}, {"number": "1e3"}, {"other": 1.1}]}
    assert_same_as_careful(text)


def test_dates_bools_and_nulls_are_read_as_yaml_1_1_reads_them():
    text = "deadline: 2024-06-30\ndone: ja\napproved: yes\nnote: ~\nat: 2024-06-30 12:00:00\n"
    assert load._read_plain(text) == {"deadline": dt.date(2024, 6, 30), "done": "ja", "approved": True, "note": None,
                                      "at": dt.datetime(2024, 6, 30, 12, 0)}
    assert_same_as_careful(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!str 1\n",  # tags
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",  # merge keys
    "a: {<<: {x: 1}}\n",  # merge without an anchor
    "=: a\n",  # YAML 1.1's value key
    "a: 1\na: 2\n",  # a key written twice
    "1: a\ntrue: b\n",  # two keys equal in Python
    "? [a, b]\n: c\n",  # a complex key
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1, 2\n",  # a syntax error
    "a: 2024-02-30\n",  # not a date
    "a: b\n" * 3 + "c: [\n",  # an error after plain lines
    "a:\n" + "".join("  " * i + "- \n" for i in range(MAX_DEPTH + 2)),  # too deep
])
def test_anything_but_plain_yaml_goes_the_careful_way(text):
    assert load._read_plain(text) is load._NOT_PLAIN


@pytest.mark.parametrize(("text", "code", "line"), [
    ("a: 1\nb:\n  c: 2\n  c: 3\n", "RP002", 4),
    ("a: 1\nb: 2024-13-45\n", "RP001", 2),
    ("a: b\nc: d: e\n", "RP001", 2),
    ("a: b\na: [\n", "RP001", 3),  # the syntax error wins over the repeated key, as before
])
def test_a_problem_is_still_found_where_it_is(tmp_path, text, code, line):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_a_large_plain_file_is_parsed_once(tmp_path, monkeypatch):
    """A file above the limits' cheap test was parsed twice (the shape check, then compose); plain YAML is parsed once."""
    path = tmp_path / "big.yaml"
    path.write_text("measures:\n" + "".join(f"  - id: t{i}\n    title: Tiltak nummer {i} for barn og unge\n" for i in range(6000)), encoding="utf-8")
    monkeypatch.setattr(load, "_check_shape", lambda text: pytest.fail("parsed a second time for the limits"))
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: pytest.fail("composed"))
    data = load_document(path).data
    assert len(data["measures"]) == 6000 and data["measures"][5999] == {"id": "t5999", "title": "Tiltak nummer 5999 for barn og unge"}


plain_words = st.sampled_from(TRICKY_SCALARS + ["a b", "tiltak", "Molde kommune", "x-y", "#", "a #b", "'q'", "[a]", "{a}"])
keys = st.sampled_from(["id", "number", "title", "yes", "1", "1.5", "2024-01-01", "~", "on", "a"])


@st.composite
def documents(draw, depth=0):
    """YAML text of nested block mappings and sequences with tricky plain scalars (some of it not YAML at all)."""
    indent = "  " * depth
    if depth < 3 and draw(st.booleans()):
        lines = []
        for key in draw(st.lists(keys, min_size=1, max_size=4)):
            if depth < 2 and draw(st.booleans()):
                lines.append(f"{indent}{key}:\n{draw(documents(depth + 1))}")
            else:
                lines.append(f"{indent}{key}: {draw(plain_words)}\n")
        return "".join(lines)
    items = draw(st.lists(plain_words, min_size=1, max_size=4))
    return "".join(f"{indent}- {item}\n" for item in items)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(documents())
def test_any_document_reads_as_the_careful_path_reads_it(text):
    assert_same_as_careful(text)


def careful_positions(text: str):
    builder = load._Builder(record=True)
    builder.build(yaml.compose(text, Loader=load._Loader), ())
    return builder.positions, builder.key_positions


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(documents())
def test_positions_are_found_where_the_careful_path_finds_them(text):
    positions: tuple[dict, dict] = ({}, {})
    if load._read_plain(text, positions) is not load._NOT_PLAIN:
        assert positions == careful_positions(text)


def test_a_finding_points_at_its_value_and_its_key(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("title: Barn og unge\ngoals:\n  - id: m1\n    measures:\n      - id: t1\n        number: 1.10\n", encoding="utf-8")
    document = load_document(path)
    assert document.position(("goals", 0, "measures", 0, "number")) == (6, 17)
    assert document.position(("goals", 0, "measures", 0, "number"), key=True) == (6, 9)
    assert document.position(("goals", 0, "measures", 0, "missing")) == (5, 9)  # the measure it would belong to

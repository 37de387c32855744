"""roll-forward writes plan YAML directly (writeplan._block_yaml), byte for byte as PyYAML with PlanDumper writes it.

PyYAML's emitter is pure Python and was most of roll-forward's time; the direct writer knows the
few shapes a plan has and gives up (None) on anything it is not sure of, which PlanDumper then writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rusplan import writeplan
from rusplan.planfolder import read_plan
from rusplan.rollforward import Period, roll_forward

PLANS = Path(__file__).resolve().parent.parent / "plans"


def by_pyyaml(data) -> str:
    return yaml.dump(data, Dumper=writeplan.PlanDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=writeplan.WIDTH, indent=2)


def assert_written_as_pyyaml_writes_it(data) -> None:
    direct = writeplan._block_yaml(data)
    if direct is not None:
        assert direct == by_pyyaml(data)


def test_a_measure_is_written_as_the_bundled_plans_are():
    measure = {"id": "t1", "number": 1, "title": "Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole",
               "description": "Første linje.\n\nAndre avsnitt.", "cost": {"text": "Innenfor ramme", "within_budget": True}, "tags": ["a", "2021"]}
    text = writeplan._block_yaml({"goals": [{"id": "m1", "measures": [measure]}]})
    assert text == (
        "goals:\n"
        "  - id: m1\n"
        "    measures:\n"
        "      - id: t1\n"
        "        number: 1\n"
        "        title: >-\n"
        "          Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole\n"
        "        description: |-\n"
        "          Første linje.\n"
        "\n"
        "          Andre avsnitt.\n"
        "        cost:\n"
        "          text: Innenfor ramme\n"
        "          within_budget: true\n"
        "        tags:\n"
        "          - a\n"
        "          - '2021'\n"
    )
    assert text == by_pyyaml({"goals": [{"id": "m1", "measures": [measure]}]})


@pytest.mark.parametrize("value", ["", " ledende", "etterfølgende ", "tab\there", "a\r\nb", "linje\x85skift", [], {}, None, dt.date(2024, 1, 1)])
def test_what_the_direct_writer_is_not_sure_of_is_left_to_pyyaml(value):
    assert writeplan._block_yaml({"items": [value]}) is None
    assert writeplan.dump({"items": [value]}) == by_pyyaml({"items": [value]})


@pytest.mark.parametrize("name", sorted(p.name for p in PLANS.iterdir() if (p / "plan.yaml").is_file()))
def test_every_bundled_plan_rolls_forward_through_the_direct_writer(name):
    loaded = read_plan(PLANS / name)
    period = loaded.plan.meta.period
    forward = roll_forward(loaded.plan, Period(start=period.end, end=period.end + 4), today=dt.date(2025, 1, 1))
    for data in forward.files.values():
        pruned = writeplan.prune(data)
        assert writeplan._block_yaml(pruned) == by_pyyaml(pruned)


words = st.sampled_from([
    "Tiltaket", "videreføres", "æøå", "«Ungdata»", "–", "2021", "08:00", "ja:", "#", "a #b", "x: y", "- z", "? q", ":", "-",
    "'", '"', "yes", "No", "~", "null", "1.10", "---", "...", "[a]", "{b}", "%", "@", "`", "!", "&", "*", "|", ">", ",", "  ",
    "\n", "\n\n", "ord" * 40, "é" * 90, "\t", "\u2028", "\ufeff", "🙂",
])
texts = st.lists(words, min_size=1, max_size=40).map(" ".join) | st.text(max_size=200) | words
scalars = texts | st.integers(-10**6, 10**6) | st.booleans() | st.floats(allow_nan=True) | st.none()
keys = st.sampled_from(["id", "title", "description", "measures", "number", "yes", "2021", "a b", "x: y", "k" * 70]) | st.integers(0, 3000)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
@example({"title": "Kurs i «Snakk om rus» for alle ansatte på ungdomsskolen og i videregående skole, to ganger i året"})
@example({"a": [[1, [2, 3]], {"b": ["c"]}]})
@example({"n": [1.5, -3.0, float("inf"), 1e20, -0.0]})
def test_any_data_is_written_as_pyyaml_writes_it(data):
    assert_written_as_pyyaml_writes_it(data)

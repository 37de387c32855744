"""What people read stays complete: both languages for every message, a doc entry for every rule."""

from __future__ import annotations

from conftest import ROOT
from rusplan.messages import Msg
from rusplan.rules import REGISTRY
from rusplan.rules.docs import render


def test_nested_messages_are_worded_in_the_same_language():
    msg = Msg.of("unknown_key", key="titel", hint=Msg.of("did_you_mean", guess="title"))
    assert msg.text("nb") == "Ukjent nøkkel «titel». Mente du «title»? Rett skrivefeilen eller fjern nøkkelen."
    assert msg.text("en") == "Unknown key «titel». Did you mean «title»? Fix the typo or remove the key."


def test_every_rule_has_a_code_a_title_and_documentation_with_an_example_or_explanation():
    for code, rule in REGISTRY.items():
        assert code.startswith("RP") and len(code) == 5
        assert rule.title and rule.doc, code


def test_rules_md_is_generated_from_the_registry():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render(), "docs/rules.md is stale: run python -m rusplan.rules.docs > docs/rules.md"

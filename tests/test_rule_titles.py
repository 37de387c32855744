"""Rule titles live in the catalog (`rule.<code>`): SARIF words them in the reader's language."""

from __future__ import annotations

import json

from babel.messages.pofile import read_po
from typer.testing import CliRunner

from conftest import PLANS
from rusplan import messages, reporters
from rusplan.cli import app
from rusplan.messages import LANGUAGES, has, template
from rusplan.rules import REGISTRY

runner = CliRunner()


def sarif_rules(lang: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(reporters.to_sarif([], lang))["runs"][0]["tool"]["driver"]["rules"]}


def test_every_rule_has_its_title_in_the_catalog_and_every_title_a_rule():
    assert [code for code in REGISTRY if not has(f"rule.{code}")] == []
    with open(messages.LOCALE / "nb" / "LC_MESSAGES" / f"{messages.DOMAIN}.po", "rb") as file:
        titled = {m.id.removeprefix("rule.") for m in read_po(file) if isinstance(m.id, str) and m.id.startswith("rule.")}
    assert titled == set(REGISTRY)


def test_the_title_is_bokmal_and_worded_in_every_language():
    rp401 = REGISTRY["RP401"]
    assert rp401.title == "Statusrapport for et tiltak som ikke finnes"
    assert rp401.title_in("nn") == "Statusrapport for eit tiltak som ikkje finst"
    assert rp401.title_in("en") == "Status report for a measure that does not exist"
    assert all(rule.title_in(lang) == template(f"rule.{code}", lang) for code, rule in REGISTRY.items() for lang in LANGUAGES)


def test_sarif_words_the_rule_titles_in_the_readers_language():
    nynorsk = sarif_rules("nn")["RP302"]
    assert nynorsk["shortDescription"]["text"] == "Tiltak utan ansvarleg eining"
    assert nynorsk["help"]["text"].startswith("Tiltak utan ansvarleg eining\n\n")
    assert nynorsk["help"]["markdown"].startswith("**Tiltak utan ansvarleg eining**\n\n")
    assert sarif_rules("en")["RP302"]["shortDescription"]["text"] == "Measure without a responsible unit"
    assert sarif_rules("nb")["RP302"]["shortDescription"]["text"] == "Tiltak uten ansvarlig enhet"


def test_the_documentation_stays_as_written_whatever_the_language():
    assert sarif_rules("nn")["RP501"]["fullDescription"] == sarif_rules("nb")["RP501"]["fullDescription"]


def test_validate_lang_nn_gives_nynorsk_rule_titles_in_sarif(monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    result = runner.invoke(app, ["validate", str(PLANS / "molde-2020-2024"), "-f", "sarif", "--lang", "nn"])
    rules = {r["id"]: r for r in json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["RP003"]["shortDescription"]["text"] == "Fila er ikkje UTF-8"

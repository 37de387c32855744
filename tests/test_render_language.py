"""Reports in the reader's language: `--lang`, else the plan's `language:`, else bokmål; every word from the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL_PLAN, PLANS, write_plan
from rusplan import messages, render
from rusplan.cli import app
from rusplan.planfolder import read_plan

runner = CliRunner()
GENERATED = "2025-01-15"


def rendered(folder: Path, *args: str) -> str:
    result = runner.invoke(app, ["render", str(folder), "--generated", GENERATED, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def with_language(tmp_path: Path, language: str) -> Path:
    plan_yaml = MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024) + f"language: {language}\n"
    return write_plan(tmp_path, {"plan.yaml": plan_yaml})


def words(text: str, word: str) -> int:
    return len(re.findall(rf"(?<!\w){word}(?!\w)", text))


# --- which language ----------------------------------------------------------------------


def test_the_flag_wins_then_the_environment_then_the_plan_then_bokmal(tmp_path, monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    plan = read_plan(with_language(tmp_path, "nn")).plan
    assert render.report_language(None, None) == "nb"
    assert render.report_language(None, plan) == messages.language("nn")  # nn once the nynorsk catalog has landed, bokmål until then
    assert render.report_language("en", plan) == "en"
    monkeypatch.setenv("RUSPLAN_LANG", "en")
    assert render.report_language(None, plan) == "en"
    assert render.report_language("nb", plan) == "nb"


def test_a_plan_may_ask_for_bokmal_or_nynorsk_and_nothing_else(tmp_path):
    assert read_plan(with_language(tmp_path / "nb", "nb")).plan.meta.language == "nb"
    loaded = read_plan(with_language(tmp_path / "de", "de"))
    assert loaded.plan is None
    assert [(f.line, dict(f.msg.params)["field"]) for f in loaded.findings] == [(8, "language")]


def test_the_plans_language_reaches_the_report(tmp_path, monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    folder = with_language(tmp_path, "nn")
    plan = read_plan(folder).plan
    assert render.build_context(folder, plan, "plan")["lang"] == messages.language("nn")
    assert render.build_context(folder, plan, "plan", lang="en")["lang"] == "en"


# --- the words ---------------------------------------------------------------------------------


def test_bokmal_is_the_default_and_english_is_english(monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    bokmal = rendered(PLANS / "molde-2020-2024", "--report", "status", "--year", "2022")
    english = rendered(PLANS / "molde-2020-2024", "--report", "status", "--year", "2022", "--lang", "en")
    assert "# Årsrapport 2022:" in bokmal and "| Nr. | Tiltak |" in bokmal
    assert "# Annual report 2022:" in english and "| No. | Measure |" in english
    assert "## Overdue measures" in english and "Forsinkede tiltak" not in english


def test_html_reports_say_their_language(monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    assert '<html lang="nb">' in rendered(PLANS / "averoy-2021-2024", "--format", "html")
    assert '<html lang="en">' in rendered(PLANS / "averoy-2021-2024", "--format", "html", "--lang", "en")


@pytest.mark.skipif("nn" not in messages.LANGUAGES, reason="the nynorsk catalog has not landed yet")
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_nynorsk_reports_hold_nynorsk_words_and_no_bokmal_ones(fmt):
    """The plan's own text stays as written: a bokmål word may occur as often as in the English report, not more."""
    plan = rendered(PLANS / "averoy-2021-2024", "--format", fmt, "--lang", "nn")
    status = rendered(PLANS / "molde-2020-2024", "--report", "status", "--year", "2022", "--format", fmt, "--lang", "nn")
    assert "Ansvarleg" in plan and "ikkje rapportert" in status
    english = {
        "plan": rendered(PLANS / "averoy-2021-2024", "--format", fmt, "--lang", "en"),
        "status": rendered(PLANS / "molde-2020-2024", "--report", "status", "--year", "2022", "--format", fmt, "--lang", "en"),
    }
    for name, text in (("plan", plan), ("status", status)):
        for bokmal in ("Ansvarlig", "ikke"):
            assert words(text, bokmal) == words(english[name], bokmal), (name, bokmal)


# --- templates of one's own ----------------------------------------------------------------------


def test_templates_of_ones_own_have_t_in_the_sandbox(tmp_path):
    (tmp_path / "plan.md.j2").write_text('{{ t("field.responsible") }} / {{ t("report.status.title", year=2024) }}\n', encoding="utf-8")
    folder = PLANS / "randaberg-2025-2030"
    plan = read_plan(folder).plan
    assert render.render("plan", "md", render.build_context(folder, plan, "plan", lang="nb"), tmp_path) == "Ansvarlig / Årsrapport 2024\n"
    assert render.render("plan", "md", render.build_context(folder, plan, "plan", lang="en"), tmp_path) == "Responsible / Annual report 2024\n"


def test_t_escapes_the_values_it_fills_in_and_not_its_own_text(tmp_path):
    (tmp_path / "plan.md.j2").write_text('{{ t("report.status.unit_caption", unit="*Skole*") }}\n', encoding="utf-8")
    (tmp_path / "plan.html.j2").write_text('{{ t("report.status.unit_caption", unit="<b>Skole</b>") }}\n', encoding="utf-8")
    folder = PLANS / "randaberg-2025-2030"
    context = render.build_context(folder, read_plan(folder).plan, "plan", lang="nb")
    assert render.render("plan", "md", context, tmp_path) == "Tiltak \\*Skole\\* har ansvar for\n"
    assert render.render("plan", "html", context, tmp_path) == "Tiltak &lt;b&gt;Skole&lt;/b&gt; har ansvar for\n"


def test_every_key_a_template_names_is_in_the_catalog():
    root = Path(render.__file__).parent.parent.parent / "templates"
    keys = {key for path in root.rglob("*.j2") for key in re.findall(r'\bt\("([a-z_.0-9]+)"', path.read_text(encoding="utf-8"))}
    assert keys and [key for key in sorted(keys) if not messages.has(key)] == []

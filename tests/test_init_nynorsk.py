"""`rusplan init` in the reader's language: a nynorsk reader gets a nynorsk plan (`language: nn`), commented in nynorsk."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from typer.testing import CliRunner

from rusplan import api, scaffold
from rusplan.cli import app
from rusplan.messages import LANGUAGES
from rusplan.model import Language, PlanMeta
from rusplan.render import report_language
from rusplan.validate import validate

runner = CliRunner()


def run(*args: str, environment: str = "", input: str | None = None):
    """`rusplan ARGS` with RUSPLAN_LANG=`environment`, set back afterwards (`rusplan --lang` sets it too)."""
    return runner.invoke(app, list(args), input=input, env={"RUSPLAN_LANG": environment})


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A plan repository as cwd, with schemas/ like this one, and no language in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUSPLAN_LANG", "")
    assert run("schema", "-o", "schemas").exit_code == 0
    return tmp_path


def read(folder, name: str = "plan.yaml") -> str:
    return (folder / name).read_text(encoding="utf-8")


def assert_nynorsk_plan(folder) -> None:
    plan = read(folder)
    assert "language: nn " in plan
    assert "# Metadata for planen. Alle nøklane er forklarte i docs/plan-format.md;" in plan
    assert "# id-en til planen: lik mappenamnet, blir aldri endra" in plan
    area = read(folder, "focus-areas/forebygging.yaml")
    assert "title: Førebygging " in area and "# Filnamnet er id-en til fokusområdet." in area
    assert "deadline: I planperioden" in area and "ikke" not in plan + area
    meta = PlanMeta.model_validate(yaml.safe_load(plan))
    assert meta.language == Language.nn
    assert meta.title == f"Ruspolitisk handlingsplan for Voss kommune {meta.period.start}–{meta.period.end}"


@pytest.mark.parametrize("how", ["rusplan --lang nn init", "RUSPLAN_LANG=nn rusplan init"])
def test_a_nynorsk_reader_gets_a_nynorsk_plan_that_validates(here, how):
    if how.startswith("RUSPLAN_LANG"):
        result = run("init", "plans/voss-2024-2028", "--no-interactive", environment="nn")
    else:
        result = run("--lang", "nn", "init", "plans/voss-2024-2028", "--no-interactive")
    assert result.exit_code == 0, result.output
    folder = here / "plans" / "voss-2024-2028"
    assert_nynorsk_plan(folder)
    checked = run("validate", str(folder))
    assert checked.exit_code == 0, checked.output
    assert validate([folder]).findings == []


def test_init_lang_nn_after_the_command(here):
    result = run("init", "plans/voss-2024-2028", "--no-interactive", "--lang", "nn")
    assert result.exit_code == 0, result.output
    assert_nynorsk_plan(here / "plans" / "voss-2024-2028")


def test_the_use_case_writes_nynorsk_and_reports_about_the_plan_are_nynorsk(here):
    target = here / "plans" / "voss-2024-2028"
    api.init(target, api.init_proposal(target, "nn"), schemas="", lang="nn")
    assert_nynorsk_plan(target)
    assert report_language(None, validate([target]).plans["voss-2024-2028"].plan) == "nn"


def test_the_interactive_prompts_propose_the_nynorsk_title_and_focus_area(here):
    answers = "Voss\n\n\n\n\n\n\n"  # everything else as proposed
    result = run("--lang", "nn", "init", "plans/voss-2024-2028", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "[Ruspolitisk handlingsplan for Voss kommune 2024–2028]" in result.output and "[Førebygging]" in result.output
    assert_nynorsk_plan(here / "plans" / "voss-2024-2028")


def test_an_english_reader_gets_english_comments_in_a_bokmal_plan(here):
    target = here / "plans" / "molde-2024-2028"
    api.init(target, api.init_proposal(target, "en"), schemas="", lang="en")
    plan = read(target)
    assert "# the plan's id: the folder's name, never changed" in plan and "language: null " in plan
    assert "title: Ruspolitisk handlingsplan for Molde kommune 2024–2028 " in plan
    assert "title: Forebygging " in read(target, "focus-areas/forebygging.yaml")
    assert validate([target]).findings == []


def test_bokmal_is_the_default_and_the_same_whoever_asks(here):
    proposal = scaffold.defaults(here / "plans" / "molde-2024-2028")
    assert scaffold.files(proposal) == scaffold.files(proposal, lang="nb") == scaffold.files(scaffold.defaults(here / "plans" / "molde-2024-2028", lang="nb"), lang="nb")
    assert "language: null " in scaffold.files(proposal)["plan.yaml"]


def test_inter_municipal_titles_in_nynorsk():
    assert scaffold.default_title("Voss", 2024, 2028, ("Ulvik", "Eidfjord"), lang="nn") == "Interkommunal ruspolitisk handlingsplan for Voss, Ulvik og Eidfjord 2024–2028"


def test_no_name_can_leave_its_comment(tmp_path):
    """A municipality name is shown in the commented adoption example: a line break in it stays inside the comment."""
    proposal = scaffold.defaults(tmp_path / "voss-2024-2028", lang="nn")
    new = dataclasses.replace(proposal, other_municipalities=("Ulvik\nsneaked: in\u2028also: in\rthird: in",))
    plan = yaml.safe_load(scaffold.files(new, lang="nn")["plan.yaml"])
    assert not {"sneaked", "also", "third"} & set(plan)
    assert plan["municipalities"][1]["name"] == "Ulvik\nsneaked: in\u2028also: in\rthird: in"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_comment_is_in_the_catalog(tmp_path, lang):
    """A key missing from the catalog would be written as itself («scaffold.comment.…»)."""
    proposal = scaffold.defaults(tmp_path / "voss-2024-2028", lang=lang)
    for new in (proposal, dataclasses.replace(proposal, municipality_number="4621", other_municipalities=("Ulvik",))):
        for name, text in scaffold.files(new, lang=lang).items():
            assert "scaffold." not in text, (name, [line for line in text.splitlines() if "scaffold." in line])

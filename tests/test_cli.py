"""The `rusplan` command as a secretary and a CI job use it: through typer's runner and as the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS
from rusplan.cli import app

runner = CliRunner()


def broken_plan(make_plan) -> Path:
    area = MINIMAL_AREA.replace("responsible: [Skole, barnehage]", "responsible: []").replace("deadline: 2021", "deadline: 2030")
    return make_plan({"focus-areas/barn-og-unge.yaml": area})


def test_validate_the_bundled_plans_exits_0():
    result = runner.invoke(app, ["validate", str(PLANS), "--format", "human"])
    assert result.exit_code == 0, result.output
    assert "0 feil" in result.output


def test_human_output_shows_file_line_source_and_caret(make_plan):
    folder = broken_plan(make_plan)
    result = runner.invoke(app, ["validate", str(folder), "--format", "human"], env={"COLUMNS": "200"})
    assert result.exit_code == 0  # warnings only
    lines = result.output.splitlines()
    assert lines[0] == str(folder / "focus-areas" / "barn-og-unge.yaml")
    assert lines[1].startswith("  14:19  advarsel RP301  Fristen «2030» ligger utenfor planperioden 2020–2024.")
    assert lines[2] == "            deadline: 2030"
    assert lines[3] == "                      ^"
    assert lines[-1] == "1 plan kontrollert: 0 feil, 2 advarsler, 0 info"


def test_strict_turns_warnings_into_exit_1(make_plan):
    folder = broken_plan(make_plan)
    assert runner.invoke(app, ["validate", str(folder), "--strict", "-f", "json"]).exit_code == 1


def test_json_output_is_a_list_of_findings(make_plan):
    folder = broken_plan(make_plan)
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    data = json.loads(result.output)
    assert [sorted(item) for item in data] == [["code", "column", "file", "line", "message", "severity"]] * 2
    assert data[0] == {
        "file": str(folder / "focus-areas" / "barn-og-unge.yaml"),
        "line": 14,
        "column": 19,
        "severity": "warning",
        "code": "RP301",
        "message": "Fristen «2030» ligger utenfor planperioden 2020–2024. Sett en frist i perioden, eller forklar i beskrivelsen.",
    }


def test_english_with_lang_or_environment(make_plan):
    folder = broken_plan(make_plan)
    by_flag = json.loads(runner.invoke(app, ["validate", str(folder), "-f", "json", "--lang", "en"]).output)
    by_env = json.loads(runner.invoke(app, ["validate", str(folder), "-f", "json"], env={"RUSPLAN_LANG": "en"}).output)
    assert by_flag == by_env
    assert by_flag[0]["message"].startswith("The deadline «2030» is outside the plan period 2020–2024.")
    human = runner.invoke(app, ["validate", str(folder), "-f", "human", "--lang", "en"]).output
    assert human.splitlines()[-1] == "1 plan checked: 0 errors, 2 warnings, 0 info"


def test_github_annotations_keep_file_and_line_visible(make_plan):
    folder = broken_plan(make_plan)
    result = runner.invoke(app, ["validate", str(folder), "--format", "github"])
    first = result.output.splitlines()[0]
    assert first.startswith(f"::warning file={folder / 'focus-areas' / 'barn-og-unge.yaml'},line=14,col=19,title=RP301 (advarsel)::")
    assert f"{folder / 'focus-areas' / 'barn-og-unge.yaml'}:14:19: RP301 Fristen" in first


def test_github_format_is_chosen_inside_github_actions(make_plan):
    folder = broken_plan(make_plan)
    result = runner.invoke(app, ["validate", str(folder)], env={"GITHUB_ACTIONS": "true"})
    assert result.output.startswith("::warning file=")


def test_errors_exit_1(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("- id: t2", "- id: t1")})
    result = runner.invoke(app, ["validate", str(folder)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 1
    assert "RP201" in result.output


@pytest.mark.parametrize("path", ["finnes-ikke", "."])
def test_a_path_that_is_not_a_plan_exits_2_with_a_message(tmp_path, path):
    target = tmp_path / path
    result = runner.invoke(app, ["validate", str(target), "-f", "json"])
    assert result.exit_code == 2
    [finding] = json.loads(result.output)
    assert finding["code"] == "RP011"
    assert str(target) in finding["message"]


def test_control_characters_in_plan_text_never_reach_the_terminal(make_plan):
    area = MINIMAL_AREA.replace(
        "title: Etablere en funksjon som skolelos ved alle ungdomsskoler", 'title: "Etablere \\e[31men funksjon"'
    ).replace("responsible: [Skole, barnehage]", "responsible: []")
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area})
    result = runner.invoke(app, ["validate", str(folder), "-f", "human"])
    assert "\x1b[31m" not in result.output
    assert "\\x1b[31m" in result.output


def test_show_json_is_the_normalised_plan():
    result = runner.invoke(app, ["show", str(PLANS / "molde-2020-2024"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "molde-2020-2024"
    assert data["municipalities"][0]["name"] == "Molde"
    assert data["period"] == {"start": 2020, "end": 2024}
    measure = data["focus_areas"][0]["goals"][0]["measures"][0]
    assert {"id", "number", "title", "responsible", "cost", "deadline", "carried_from"} <= set(measure)
    assert measure["cost"]["text"] == "Innenfor ramme" and measure["cost"]["within_budget"] is True
    assert measure["deadline"] == {"text": "2020", "kind": "year", "year": 2020, "date": None}
    assert measure["carried_from"] == "molde-2016-2020/bu-1-1"
    assert {"measure", "outcome", "comment", "continued"} <= set(data["evaluation"]["items"][0])
    assert isinstance(data["indicators"], list) and isinstance(data["status_reports"], list)


def test_show_of_a_broken_plan_exits_2_with_findings(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("title: Barn og unge", "titel: Barn og unge")})
    result = runner.invoke(app, ["show", str(folder)])
    assert result.exit_code == 2
    assert "RP101" in result.output and "Mente du «title»?" in result.output


def test_help_does_not_import_jinja2_or_pydantic():
    code = "import sys; from rusplan.cli import app; print('jinja2' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_installed_console_script_validates_the_bundled_plans():
    beside = Path(sys.executable).parent / "rusplan"
    script = str(beside) if beside.exists() else shutil.which("rusplan")
    assert script, "rusplan is not installed: run the install command from README.md"
    env = {**os.environ, "GITHUB_ACTIONS": ""}
    done = subprocess.run([script, "validate", str(PLANS), "--format", "json"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert all(f["severity"] != "error" for f in json.loads(done.stdout))


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "rusplan", "validate", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "--format" in done.stdout


def test_a_raw_control_character_is_reported_where_it_is(make_plan):
    area = MINIMAL_AREA.replace("Etablere en funksjon", "Etablere \x1b[31men funksjon")
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area})
    [finding] = json.loads(runner.invoke(app, ["validate", str(folder), "-f", "json"]).output)
    assert (finding["code"], finding["line"], finding["column"]) == ("RP001", 17, 25)
    assert "U+001B" in finding["message"]


def test_a_broken_link_given_as_path_is_named_as_such(tmp_path):
    link = tmp_path / "plans"
    link.symlink_to(tmp_path / "borte")
    [finding] = json.loads(runner.invoke(app, ["validate", str(link), "-f", "json"]).output)
    assert finding["code"] == "RP011"
    assert finding["message"].startswith(f"«{link}» er en symbolsk lenke som ikke fører fram")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["roll-forward", "plans/molde-2020-2024"], "Feil: Mangler --to: Den nye planperioden"),
        (["validate", "--bogus"], "Feil: Ukjent valg «--bogus»."),
        (["vali"], "Feil: Ukjent kommando «vali». Mente du «validate»?"),
        (["validate", "-f", "nope"], "Feil: Ugyldig verdi «nope» for --format: velg en av auto, human, json, github, sarif, gitlab, markdown."),
    ],
)
def test_usage_errors_are_explained_in_bokmal_with_exit_2(argv, expected):
    done = subprocess.run([sys.executable, "-m", "rusplan", *argv], capture_output=True, text=True, cwd=PLANS.parent, env={**os.environ, "RUSPLAN_LANG": ""})
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Se «rusplan" in done.stderr and "Traceback" not in done.stderr


def test_usage_errors_in_english_with_rusplan_lang():
    done = subprocess.run([sys.executable, "-m", "rusplan", "vali"], capture_output=True, text=True, env={**os.environ, "RUSPLAN_LANG": "en"})
    assert "Error: Unknown command «vali». Did you mean «validate»?" in done.stderr

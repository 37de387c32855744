"""Nynorsk, the third language of the one catalog: `--lang nn`, `RUSPLAN_LANG=nn` and `rusplan --lang nn COMMAND`."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import PLANS
from rusplan.cli import app, main
from rusplan.messages import Msg, language, template
from rusplan.terms import words

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"RUSPLAN_LANG": "", "GITHUB_ACTIONS": "", "COLUMNS": "200", **(env or {})})


@pytest.fixture
def misspelt(tmp_path):
    folder = tmp_path / "averoy-2021-2024"
    shutil.copytree(PLANS / "averoy-2021-2024", folder)
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    return folder


def test_a_secretary_who_writes_nynorsk_reads_the_findings_in_nynorsk(misspelt):
    result = run("validate", str(misspelt), "--lang", "nn")
    assert result.exit_code == 1
    assert "Ukjend nøkkel «titel». Meinte du «title»?" in result.stdout
    assert "1 plan kontrollert: 2 feil, 0 åtvaringar, 0 info" in result.stdout
    assert "Ukjent" not in result.stdout and "advarsler" not in result.stdout


def test_the_environment_and_the_root_option_choose_nynorsk_too(misspelt, monkeypatch, capsys):
    assert "Ukjend nøkkel" in run("validate", str(misspelt), env={"RUSPLAN_LANG": "nn"}).stdout
    monkeypatch.setenv("RUSPLAN_LANG", "")
    with pytest.raises(SystemExit) as exit_code:
        main(["--lang", "nn", "validate", str(misspelt), "-f", "json"])
    assert exit_code.value.code == 1
    messages = [finding["message"] for finding in json.loads(capsys.readouterr().out)]
    assert any(m.startswith("Ukjend nøkkel «titel».") for m in messages), messages


def test_the_measure_table_for_excel_has_nynorsk_headings():
    result = run("export", str(PLANS / "molde-2020-2024"), "-f", "csv", "-o", "-", "--lang", "nn")
    assert result.exit_code == 0
    heading = next(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert heading[:5] == ["Fokusområde", "Mål", "Nr.", "Tiltak", "Ansvarleg"]


def test_status_words_and_plurals_are_nynorsk():
    assert template("status.not_done", "nn") == "ikkje gjennomført"
    assert Msg.of("findings.count.warning", n=2).text("nn") == "2 åtvaringar"
    assert language("nn-NO") == "nn" and language("nno") == "nn"


def test_a_plans_own_level_words_get_a_nynorsk_plural():
    from rusplan.model import Terms

    own = words(Terms(focus_area="Innsatsområde", measure="Aktivitet"), "nn")
    assert (own.focus_areas, own.measures, own.goals) == ("Innsatsområde", "Aktivitetar", "Mål")
    assert words(None, "nn").focus_areas == "Fokusområde" and words(None, "nb").focus_areas == "Fokusområder"


@pytest.mark.parametrize(("written", "kind"), [("Årleg", "annual"), ("Kvart år", "annual"), ("Løpande", "ongoing"), ("I planperioden", "period")])
def test_a_deadline_written_in_nynorsk_is_understood(written, kind):
    from rusplan.values import parse_deadline

    assert parse_deadline(written)["kind"] == kind


def test_a_cost_written_in_nynorsk_is_understood():
    from rusplan.values import Cost

    assert Cost.model_validate("Innanfor eksisterande ramme").within_budget
    assert Cost.model_validate("Innanfor ramma, kr 20 000").amount_nok == 20000
    assert Cost.model_validate("Søkjer tilskot").grant

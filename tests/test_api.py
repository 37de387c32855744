"""The use cases as a script calls them: a plain result back, or a UseCaseError that says why, in either language, with the exit code.

Nothing here prints: what the command line shows is tested in test_cli.py and beside each command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINIMAL_AREA, PLANS
from rusplan import api
from rusplan.api import UseCaseError

MOLDE = PLANS / "molde-2020-2024"


def broken(make_plan) -> Path:
    return make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("id: t2", "id: t1")})


# --- one plan, with its neighbours ---------------------------------------------------------------


def test_one_plan_gives_the_plan_and_the_predecessor_read_beside_it():
    found = api.one_plan(MOLDE)
    assert found.id == "molde-2020-2024" and found.folder.resolve() == MOLDE
    assert found.predecessor().id == "molde-2016-2020"


def test_one_plan_refuses_a_folder_of_plans_with_exit_2():
    with pytest.raises(UseCaseError) as stop:
        api.one_plan(PLANS)
    assert stop.value.code == 2
    assert stop.value.text("nb").startswith(f"«{PLANS}» inneholder 6 planer. Pek på én planmappe")
    assert stop.value.text("en").startswith(f"«{PLANS}» holds 6 plans. Point at one plan folder")


def test_one_plan_refuses_a_missing_path_with_the_finding_that_says_so():
    with pytest.raises(UseCaseError) as stop:
        api.one_plan(Path("plans/finnes-ikke"))
    assert stop.value.code == 2 and stop.value.msg is None
    assert [f.code for f in stop.value.findings] == ["RP011"]


def test_one_plan_refuses_a_plan_with_errors_with_exit_1_and_the_errors(make_plan):
    with pytest.raises(UseCaseError) as stop:
        api.one_plan(broken(make_plan))
    assert stop.value.code == 1 and stop.value.checked == 1
    assert {f.severity.value for f in stop.value.findings} == {"error"}
    assert stop.value.text("en") == "The plan «testby-2020-2024» has errors (above). Fix them and try again."


def test_one_plan_with_a_year_outside_the_period_is_a_usage_problem():
    with pytest.raises(UseCaseError) as stop:
        api.one_plan(MOLDE, 2030)
    assert stop.value.code == 2 and "2030" in stop.value.text()


# --- the use cases --------------------------------------------------------------------------------


def test_validate_gives_the_result_with_its_exit_code():
    result = api.validate([MOLDE])
    assert result.checked == 1 and result.exit_code() == 0


def test_show_gives_the_normalised_plan_as_json():
    assert json.loads(api.show(MOLDE))["id"] == "molde-2020-2024"


def test_render_to_path_writes_the_report_and_says_where(tmp_path):
    target = tmp_path / "molde.html"
    assert api.render_to_path(MOLDE, target, generated="2025-01-01") == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_refuses_a_year_for_the_plan_itself():
    with pytest.raises(UseCaseError) as stop:
        api.render(MOLDE, "plan", year=2022)
    assert stop.value.code == 2


def test_save_never_writes_over_a_file_without_force(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(UseCaseError) as stop:
        api.save("# Plan\n", target)
    assert stop.value.text() == f"Filen «{target}» finnes allerede. Bruk --force for å overskrive den."
    assert target.read_text(encoding="utf-8") == "mine"


def test_export_gives_csv_bytes_for_standard_output():
    done = api.export(MOLDE, output=Path("-"))
    assert done.data.startswith(b"\xef\xbb\xbf") and done.measures == 71 and done.targets == []


def test_export_refuses_a_delimiter_of_two_characters():
    with pytest.raises(UseCaseError) as stop:
        api.export(MOLDE, output=Path("-"), delimiter=";;")
    assert stop.value.text("en") == "The delimiter must be one character, e.g. ; or ,."


def test_roll_forward_dry_run_gives_the_draft_and_writes_nothing(tmp_path):
    done = api.roll_forward(MOLDE, "2024-2028", out=tmp_path / "molde-2024-2028", dry_run=True)
    assert not done.written and not (tmp_path / "molde-2024-2028").exists()
    assert done.forward.plan.id == "molde-2024-2028" and "plan.yaml" in done.files


def test_roll_forward_refuses_a_plan_with_errors_in_its_own_words(make_plan):
    with pytest.raises(UseCaseError) as stop:
        api.roll_forward(broken(make_plan), "2024-2028", dry_run=True)
    assert stop.value.code == 1 and "blir ikke rullert" in stop.value.text()


def test_diff_of_a_plan_with_itself_finds_nothing():
    assert api.diff([str(MOLDE), str(MOLDE)]).exit_code == 0


def test_diff_says_what_to_give_when_a_side_is_missing():
    with pytest.raises(UseCaseError) as stop:
        api.diff([])
    assert stop.value.code == 2 and stop.value.text("en").startswith("Give two plans to compare (OLD NEW)")


def test_init_writes_a_plan_folder_that_validates(tmp_path):
    target = tmp_path / "testby-2028-2032"
    written = api.init(target, api.init_proposal(target), schemas="")
    assert target / "plan.yaml" in written
    assert api.validate([target]).exit_code() == 0


def test_init_never_writes_over_a_folder(tmp_path):
    target = tmp_path / "testby-2028-2032"
    target.mkdir()
    with pytest.raises(UseCaseError) as stop:
        api.init(target, api.init_proposal(target))
    assert stop.value.code == 2 and "rusplan init never overwrites" in stop.value.text("en")


def test_units_suggest_gives_a_register_without_writing():
    proposal = api.units_suggest(MOLDE)
    assert proposal.written is None and proposal.units > 0 and "units:" in proposal.text


def test_renumber_dry_run_lists_the_changes_of_a_plan_in_order():
    done = api.renumber(MOLDE, dry_run=True)
    assert done.id == "molde-2020-2024" and done.written == []


def test_schema_check_of_the_repository_schemas_passes():
    assert api.schema(PLANS.parent / "schemas", check=True).changed == []


def test_status_new_dry_run_gives_the_report_text(make_plan):
    started = api.status_new(make_plan(), 2022, dry_run=True)
    assert not started.written and started.measures == 2 and "year: 2022" in started.text


def test_calendar_gives_icalendar_bytes():
    assert api.calendar([MOLDE]).data.startswith(b"BEGIN:VCALENDAR")

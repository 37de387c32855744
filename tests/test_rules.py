"""Each rule with a plan that breaks it (code and position asserted) and one that keeps it."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_AREA, write_plan
from rusplan.validate import validate


def findings(*folders: Path, code: str | None = None):
    found = validate(list(folders)).findings
    return [(Path(f.file).name, f.line, f.column, f.code) for f in found if code is None or f.code == code]


def test_the_minimal_plan_is_clean(make_plan):
    assert findings(make_plan()) == []


def test_rp201_duplicate_measure_id_points_at_the_second(make_plan):
    area = MINIMAL_AREA.replace("- id: t2", "- id: t1")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [("barn-og-unge.yaml", 15, 13, "RP201")]


def test_rp202_duplicate_number(make_plan):
    area = MINIMAL_AREA.replace("number: 2", "number: 1")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [("barn-og-unge.yaml", 16, 17, "RP202")]


def test_rp203_skipped_number(make_plan):
    area = MINIMAL_AREA.replace("number: 2", "number: 3")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [("barn-og-unge.yaml", 16, 17, "RP203")]


def test_dotted_numbers_count_within_their_goal(make_plan):
    area = MINIMAL_AREA.replace("        number: 1\n        title: Utarbeide", '        number: "1.1"\n        title: Utarbeide').replace(
        "number: 2", 'number: "1.2"'
    )
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == []
    skipped = area.replace('"1.2"', '"1.3"')
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": skipped}), code="RP203") == [("barn-og-unge.yaml", 16, 17, "RP203")]


def test_rp301_deadline_outside_the_period(make_plan):
    area = MINIMAL_AREA.replace("deadline: 2021", "deadline: 2026")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [("barn-og-unge.yaml", 14, 19, "RP301")]


def test_rp302_measure_without_responsible_is_a_warning(make_plan):
    area = MINIMAL_AREA.replace("responsible: [Skole, barnehage]", "responsible: []")
    result = validate([make_plan({"focus-areas/barn-og-unge.yaml": area})])
    assert [(f.line, f.column, f.code, f.severity.value) for f in result.findings] == [(15, 13, "RP302", "warning")]
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1


def test_rp302_can_be_silenced_in_place(make_plan):
    area = MINIMAL_AREA.replace("responsible: [Skole, barnehage]", "responsible: []").replace(
        "- id: t2", "- id: t2  # rusplan: ignore RP302"
    )
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == []


def test_an_ignore_comment_for_another_code_silences_nothing(make_plan):
    area = MINIMAL_AREA.replace("responsible: [Skole, barnehage]", "responsible: []").replace(
        "- id: t2", "# rusplan: ignore RP301\n      - id: t2"
    )
    assert [f[3] for f in findings(make_plan({"focus-areas/barn-og-unge.yaml": area}))] == ["RP302"]


def test_a_plan_can_switch_a_rule_off_or_change_its_severity(tmp_path):
    area = MINIMAL_AREA.replace("responsible: [Skole, barnehage]", "responsible: []")
    plan = write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": area})
    plan_yaml = plan / "plan.yaml"
    original = plan_yaml.read_text(encoding="utf-8")

    plan_yaml.write_text(original + "rules:\n  RP302: off\n", encoding="utf-8")
    assert validate([plan]).findings == []

    plan_yaml.write_text(original + "rules:\n  RP302: error\n", encoding="utf-8")
    result = validate([plan])
    assert [(f.code, f.severity.value) for f in result.findings] == [("RP302", "error")]
    assert result.exit_code() == 1


def test_an_unknown_rule_code_in_config_is_an_error(make_plan):
    folder = make_plan()
    (folder / "plan.yaml").write_text((folder / "plan.yaml").read_text() + "rules:\n  RP9: off\n", encoding="utf-8")
    assert findings(folder) == [("plan.yaml", 9, 3, "RP103")]


NEW_PLAN = """\
id: testby-2024-2028
title: Ruspolitisk handlingsplan 2024–2028
municipalities: [{name: Testby}]
period: {start: 2024, end: 2028}
state: draft
predecessor: testby-2020-2024
focus_areas: [barn-og-unge]
"""


def new_area(carried_from: str) -> str:
    return MINIMAL_AREA.replace("deadline: 2021", f"deadline: 2025\n        carried_from: {carried_from}")


def test_rp303_carried_from_must_name_a_measure_of_the_predecessor(tmp_path):
    old = write_plan(tmp_path, {})
    new = write_plan(tmp_path, {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t9")}, plan_id="testby-2024-2028")
    assert findings(old, new) == [("barn-og-unge.yaml", 15, 23, "RP303")]

    fixed = write_plan(tmp_path, {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1")}, plan_id="testby-2024-2028")
    assert findings(old, fixed) == []


def test_rp303_carried_from_another_plan_than_the_predecessor(tmp_path):
    new = write_plan(tmp_path, {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("annen-2016-2020/t1")}, plan_id="testby-2024-2028")
    write_plan(tmp_path, {})
    assert findings(new) == [("barn-og-unge.yaml", 15, 23, "RP303")]


def test_the_predecessor_is_found_beside_the_plan(tmp_path):
    write_plan(tmp_path, {})
    new = write_plan(tmp_path, {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1")}, plan_id="testby-2024-2028")
    assert findings(new) == []


def test_rp304_predecessor_not_found(make_plan):
    folder = make_plan({"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1")}, plan_id="testby-2024-2028")
    assert findings(folder) == [("plan.yaml", 6, 14, "RP304")]


STATUS = """\
year: {year}
measures:
  - measure: t1
    status: {status}
{note}"""


def test_rp401_status_for_an_unknown_measure(make_plan):
    folder = make_plan({"status/2022.yaml": STATUS.format(year=2022, status="done", note="").replace("t1", "t7")})
    assert findings(folder) == [("2022.yaml", 3, 14, "RP401")]


def test_rp402_status_year_outside_the_period(make_plan):
    folder = make_plan({"status/2019.yaml": STATUS.format(year=2019, status="done", note="")})
    assert findings(folder) == [("2019.yaml", 1, 7, "RP402")]


def test_rp207_status_year_must_match_the_file_name(make_plan):
    folder = make_plan({"status/2022.yaml": STATUS.format(year=2021, status="done", note="")})
    assert findings(folder) == [("2022.yaml", 1, 7, "RP207")]


def test_rp403_done_then_not_done_needs_a_note(make_plan):
    files = {
        "status/2021.yaml": STATUS.format(year=2021, status="done", note=""),
        "status/2022.yaml": STATUS.format(year=2022, status="not_done", note=""),
    }
    assert findings(make_plan(files)) == [("2022.yaml", 4, 13, "RP403")]
    files["status/2022.yaml"] = STATUS.format(year=2022, status="not_done", note="    note: Tiltaket ble avviklet etter evaluering.\n")
    assert findings(make_plan(files)) == []



def test_rp403_names_the_status_in_the_readers_language(make_plan):
    files = {
        "status/2021.yaml": STATUS.format(year=2021, status="done", note=""),
        "status/2022.yaml": STATUS.format(year=2022, status="in_progress", note=""),
    }
    [finding] = validate([make_plan(files)]).findings
    assert "men nå «pågår» uten merknad" in finding.message("nb")
    assert "but is now «in progress» without a note" in finding.message("en")


def test_rp407_measure_reported_twice_in_one_year(make_plan):
    text = STATUS.format(year=2022, status="done", note="") + "  - measure: t1\n    status: done\n"
    assert findings(make_plan({"status/2022.yaml": text})) == [("2022.yaml", 5, 14, "RP407")]


EVALUATION = """\
plan: testby-2020-2024
items:
  - measure: t1
    outcome: done
    comment: Er gjennomført.
"""


def test_rp404_rp405_evaluation_covers_the_predecessor(tmp_path):
    write_plan(tmp_path, {})
    new_files = {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1"), "evaluation.yaml": EVALUATION}
    new = write_plan(tmp_path, new_files, plan_id="testby-2024-2028")
    assert findings(new) == [("evaluation.yaml", 3, 3, "RP404")]

    new_files["evaluation.yaml"] = EVALUATION + "  - measure: t2\n    outcome: not_done\n    continued: false\n  - measure: t3\n    outcome: done\n"
    new = write_plan(tmp_path, new_files, plan_id="testby-2024-2028")
    assert findings(new) == [("evaluation.yaml", 9, 14, "RP405")]


def test_rp406_evaluation_of_another_plan(tmp_path):
    write_plan(tmp_path, {})
    evaluation = EVALUATION.replace("plan: testby-2020-2024", "plan: testby-2016-2020")
    files = {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1"), "evaluation.yaml": evaluation}
    assert findings(write_plan(tmp_path, files, plan_id="testby-2024-2028")) == [("evaluation.yaml", 1, 7, "RP406")]


def test_rp501_rp502_a_six_year_plan_is_warned_about(make_plan):
    folder = make_plan(plan_id="testby-2025-2030", start=2025, end=2030)
    area = MINIMAL_AREA.replace("deadline: 2021", "deadline: 2026")
    (folder / "focus-areas/barn-og-unge.yaml").write_text(area, encoding="utf-8")
    assert findings(folder) == [("plan.yaml", 5, 9, "RP501"), ("plan.yaml", 5, 28, "RP502")]


def test_four_year_periods_in_both_spellings_are_fine(make_plan):
    assert findings(make_plan(plan_id="testby-2021-2024", start=2021, end=2024)) == []
    assert findings(make_plan(plan_id="testby-2020-2024", start=2020, end=2024)) == []


ALCOHOL = """\
sales_licences: 8
serving_licences: 6
controls_per_year: {controls}
sales_hours:
  weekdays: {{from: "08:00", to: "{sales_end}"}}
  before_holidays: {{from: "08:00", to: "18:00"}}
serving_hours:
  group_1_2: {{from: "08:00", to: "{serving_end}"}}
  group_3: {{from: "{group3_start}", to: "01:00"}}
"""


def alcohol(**overrides) -> str:
    values = {"controls": 42, "sales_end": "20:00", "serving_end": "02:00", "group3_start": "13:00"} | overrides
    return ALCOHOL.format(**values)


def test_alcohol_within_the_law_is_clean(make_plan):
    assert findings(make_plan({"alcohol.yaml": alcohol()})) == []


def test_rp601_fewer_controls_than_three_per_licence(make_plan):
    assert findings(make_plan({"alcohol.yaml": alcohol(controls=30)})) == [("alcohol.yaml", 3, 20, "RP601")]


def test_rp601_controls_per_outlet(make_plan):
    text = "sales_licences: 8\nserving_licences: 6\ncontrols_per_outlet: 2\n"
    assert findings(make_plan({"alcohol.yaml": text})) == [("alcohol.yaml", 3, 22, "RP601")]
    assert findings(make_plan({"alcohol.yaml": text.replace("2\n", "3\n")})) == []


def test_rp602_sales_after_20(make_plan):
    assert findings(make_plan({"alcohol.yaml": alcohol(sales_end="21:00")})) == [("alcohol.yaml", 5, 13, "RP602")]


def test_rp603_serving_outside_the_frame(make_plan):
    assert findings(make_plan({"alcohol.yaml": alcohol(serving_end="03:30")})) == [("alcohol.yaml", 8, 14, "RP603")]
    assert findings(make_plan({"alcohol.yaml": alcohol(group3_start="12:00")})) == [("alcohol.yaml", 9, 12, "RP603")]
    assert findings(make_plan({"alcohol.yaml": alcohol(serving_end="03:00")})) == []


def test_rp204_listed_focus_area_without_a_file(make_plan):
    folder = make_plan()
    (folder / "focus-areas/barn-og-unge.yaml").rename(folder / "focus-areas/ungdom.yaml")
    assert findings(folder) == [("ungdom.yaml", 1, 1, "RP212"), ("plan.yaml", 7, 15, "RP204")]


def test_rp212_an_unlisted_focus_area_file_is_a_warning_with_its_own_code(make_plan):
    folder = make_plan()
    (folder / "focus-areas/ungdom.yaml").write_text(MINIMAL_AREA.replace("id: barn-og-unge", "id: ungdom"), encoding="utf-8")
    (unlisted,) = validate([folder]).findings
    assert (Path(unlisted.file).name, unlisted.code, unlisted.severity.value) == ("ungdom.yaml", "RP212", "warning")
    plan_yaml = (folder / "plan.yaml").read_text(encoding="utf-8") + "rules:\n  RP212: error\n"
    (folder / "plan.yaml").write_text(plan_yaml, encoding="utf-8")
    assert [f.severity.value for f in validate([folder]).findings] == ["error"]  # the plan's setting, the only other source


def test_every_rule_written_is_in_the_registry_list_once():
    import importlib
    import pkgutil

    from rusplan import loaderrules, rules
    from rusplan.findings import Rule

    written = {loaderrules.LOADER_RULES[i].code for i in range(len(loaderrules.LOADER_RULES))}
    for module in pkgutil.iter_modules(rules.__path__):
        names = vars(importlib.import_module(f"rusplan.rules.{module.name}"))
        written |= {value.code for value in names.values() if isinstance(value, Rule)}
    assert len(rules.RULES) == len(rules.REGISTRY) == len(written)
    assert set(rules.REGISTRY) == written


def test_the_loader_takes_every_severity_from_the_registry(make_plan):
    from rusplan.planfolder import read_plan
    from rusplan.rules import REGISTRY

    broken_area = MINIMAL_AREA.replace("title: Barn og unge", "tittel: Barn og unge")
    folder = make_plan({"focus-areas/barn-og-unge.yaml": broken_area, "focus-areas/ungdom.yaml": "id: ungdom\n", "evalueringer.yaml": "plan: x\n"})
    found = read_plan(folder).findings
    assert {f.code for f in found} == {"RP008", "RP101", "RP102", "RP212"}  # a warning and errors
    assert all(f.severity is REGISTRY[f.code].severity for f in found)


def test_rp206_id_must_equal_the_folder_name(make_plan):
    plan = NEW_PLAN.replace("predecessor: testby-2020-2024\n", "")
    folder = make_plan({"plan.yaml": plan, "focus-areas/barn-og-unge.yaml": new_area("x-2020-2024/t1").replace("        carried_from: x-2020-2024/t1\n", "")})
    assert findings(folder) == [("plan.yaml", 1, 5, "RP206")]


def test_rp008_unknown_yaml_file_in_the_plan_folder(make_plan):
    folder = make_plan({"tiltak.yaml": "a: 1\n"})
    assert findings(folder) == [("tiltak.yaml", 1, 1, "RP008")]


def test_rp208_the_same_plan_id_twice(tmp_path):
    first = write_plan(tmp_path / "a", {})
    second = write_plan(tmp_path / "b", {})
    assert findings(first, second) == [("plan.yaml", 1, 5, "RP208")]


def test_rp408_evaluation_says_continued_but_nothing_carries_it(tmp_path):
    write_plan(tmp_path, {})
    evaluation = EVALUATION + "  - measure: t2\n    outcome: not_done\n    continued: true\n"
    files = {"plan.yaml": NEW_PLAN, "focus-areas/barn-og-unge.yaml": new_area("testby-2020-2024/t1"), "evaluation.yaml": evaluation}
    assert findings(write_plan(tmp_path, files, plan_id="testby-2024-2028")) == [("evaluation.yaml", 8, 16, "RP408")]

    files["focus-areas/barn-og-unge.yaml"] = new_area("testby-2020-2024/t1").replace(
        "deadline: I planperioden", "deadline: I planperioden\n        carried_from: testby-2020-2024/t2"
    )
    assert findings(write_plan(tmp_path, files, plan_id="testby-2024-2028")) == []


def test_numbering_messages_name_their_scope_in_the_readers_language(make_plan):
    area = MINIMAL_AREA.replace("number: 2", "number: 3")
    [finding] = validate([make_plan({"focus-areas/barn-og-unge.yaml": area})]).findings
    assert finding.message("nb").startswith("Nummereringen hopper fra 1 til 3 i planen.")
    assert finding.message("en").startswith("The numbering jumps from 1 to 3 in the plan.")

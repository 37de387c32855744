"""`rusplan diff`: each kind of change on small plans, through the core and through the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS, write_plan
from rusplan.cli import app
from rusplan.diff import ChangeKind, DiffError, Mode, Target, compare, compare_sets, exit_code, word_diff
from rusplan.model import Plan
from rusplan.planfolder import read_plan

runner = CliRunner()

AREA = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats barn og unge
    measures:
      - id: t1
        number: 1
        title: Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole
        responsible: [Skole]
        cost: Innenfor ramme
        deadline: 2021
      - id: t2
        number: 2
        title: Etablere en funksjon som skolelos ved alle ungdomsskoler
        responsible: [Skole, barnehage]
        deadline: I planperioden
  - id: bu-m2
    number: 2
    title: Redusere skadelig rusbruk blant ungdom
    measures:
      - id: t3
        number: 3
        title: Positive, rusfrie treffsteder for ungdom skal opprettholdes
"""

STATUS_2022 = """\
year: 2022
measures:
  - {measure: t1, status: in_progress}
  - {measure: t3, status: planned}
"""


def pair(tmp_path: Path, new: dict[str, str | None], old: dict[str, str | None] | None = None) -> tuple[Path, Path]:
    """Two versions of the same plan: `old` (AREA unless replaced) and `old` with `new` applied."""
    base = {"focus-areas/barn-og-unge.yaml": AREA, **(old or {})}
    changed = {name: text for name, text in {**base, **new}.items() if text is not None}  # None: the file is deleted
    return write_plan(tmp_path / "old", base), write_plan(tmp_path / "new", changed)


def load(folder: Path) -> Plan:
    loaded = read_plan(folder)
    assert loaded.plan is not None, [f.message() for f in loaded.findings]
    return loaded.plan


def changes_of(tmp_path: Path, new: dict[str, str | None], old: dict[str, str | None] | None = None):
    old_folder, new_folder = pair(tmp_path, new, old)
    return compare(load(old_folder), load(new_folder))


def kinds(diff) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.kind.value, c.target.value, c.path.measure or c.path.goal or c.path.focus_area, c.field) for c in diff.changes]


# --- the core: one kind of change at a time ------------------------------------------------------


def test_identical_plans_have_no_changes(tmp_path):
    diff = changes_of(tmp_path, {})
    assert diff.changes == () and not diff.differs and exit_code([diff]) == 0
    assert diff.mode is Mode.plan


def test_one_word_in_a_title_is_a_word_level_change(tmp_path):
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("felles prosedyre", "felles lokal prosedyre")})
    (change,) = diff.changes
    assert (change.kind, change.target, change.path.measure, change.field) == (ChangeKind.changed, Target.measure, "t1", "title")
    assert change.old.startswith("Utarbeide felles prosedyre") and change.new.startswith("Utarbeide felles lokal prosedyre")
    assert [(w.op, w.text) for w in change.words] == [
        ("equal", "Utarbeide felles"),
        ("insert", "lokal"),
        ("equal", "prosedyre for melding til barnevernet for barnehage og skole"),
    ]
    assert diff.summary.changed == 1 and exit_code([diff]) == 1


def test_refolding_a_description_is_not_a_change(tmp_path):
    description = "    description: |-\n      En lang tekst\n      over to linjer.\n"
    described = AREA.replace("    title: Tidlig innsats barn og unge\n", "    title: Tidlig innsats barn og unge\n" + description)
    refolded = described.replace("En lang tekst\n      over to linjer.", "En lang tekst over\n      to linjer.")
    assert changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": refolded}, {"focus-areas/barn-og-unge.yaml": described}).changes == ()


def test_renumbering_is_renumbering_not_remove_and_add(tmp_path):
    swapped = AREA.replace("        number: 1\n", "        number: 9\n").replace("number: 2\n        title: Etablere", "number: 1\n        title: Etablere")
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": swapped})
    assert kinds(diff) == [("renumbered", "measure", "t1", "number"), ("renumbered", "measure", "t2", "number")]
    assert [(c.old, c.new) for c in diff.changes] == [(1, 9), (2, 1)]
    assert (diff.summary.renumbered, diff.summary.added, diff.summary.removed) == (2, 0, 0)


def test_reordering_measures_without_renumbering_is_no_change(tmp_path):
    t1 = AREA[AREA.index("      - id: t1") : AREA.index("      - id: t2")]
    t2 = AREA[AREA.index("      - id: t2") : AREA.index("  - id: bu-m2")]
    reordered = AREA.replace(t1 + t2, t2 + t1)
    assert reordered != AREA
    assert changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": reordered}).changes == ()


def test_a_measure_moved_to_another_goal_is_a_move(tmp_path):
    t2 = AREA[AREA.index("      - id: t2") : AREA.index("  - id: bu-m2")]
    moved = AREA.replace(t2, "") + t2
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": moved})
    (change,) = diff.changes
    assert (change.kind, change.path.goal, change.path.measure) == (ChangeKind.moved, "bu-m2", "t2")
    assert change.old == {"focus_area": "barn-og-unge", "goal": "bu-m1"}
    assert change.new == {"focus_area": "barn-og-unge", "goal": "bu-m2"}
    assert (diff.summary.moved, diff.summary.added, diff.summary.removed) == (1, 0, 0)


def test_a_measure_moved_to_another_focus_area(tmp_path):
    t3 = AREA[AREA.index("      - id: t3") :]
    other = f"id: eldre\nnumber: 2\ntitle: Eldre\ngoals:\n  - id: el-m1\n    number: 1\n    title: Eldre og rus\n    measures:\n{t3}"
    meta = "id: testby-2020-2024\ntitle: Plan\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\nstate: adopted\nfocus_areas: [barn-og-unge, eldre]\n"
    empty_other = "id: eldre\nnumber: 2\ntitle: Eldre\ngoals:\n  - id: el-m1\n    number: 1\n    title: Eldre og rus\n"
    diff = changes_of(
        tmp_path,
        {"focus-areas/barn-og-unge.yaml": AREA.replace("    measures:\n" + t3, "    measures: []\n"), "focus-areas/eldre.yaml": other},
        {"plan.yaml": meta, "focus-areas/eldre.yaml": empty_other},
    )
    assert kinds(diff) == [("moved", "measure", "t3", None)]
    assert diff.changes[0].path.focus_area == "eldre"
    assert diff.changes[0].old == {"focus_area": "barn-og-unge", "goal": "bu-m2"}


def test_deleted_and_re_added_with_a_new_id_is_removed_plus_added(tmp_path):
    readded = AREA.replace("      - id: t2\n        number: 2", "      - id: t9\n        number: 2")
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": readded})
    assert sorted(kinds(diff)) == [("added", "measure", "t9", None), ("removed", "measure", "t2", None)]
    added = next(c for c in diff.changes if c.kind is ChangeKind.added)
    assert added.similar_to == "t2" and added.new["title"] == "Etablere en funksjon som skolelos ved alle ungdomsskoler"
    removed = next(c for c in diff.changes if c.kind is ChangeKind.removed)
    assert removed.old["id"] == "t2"
    assert (diff.summary.added, diff.summary.removed) == (1, 1)


def test_responsible_cost_deadline_sub_points_and_carried_from(tmp_path):
    edited = AREA.replace("responsible: [Skole]", "responsible: [NAV, Skole helse]").replace("cost: Innenfor ramme", "cost: Søkes tilskudd, kr 250 000")
    edited = edited.replace("deadline: 2021", "deadline: 2022\n        sub_points: [Kartlegge dagens praksis]\n        carried_from: eldre-2016-2020/bu-1-1")
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": edited})
    by_field = {c.field: c for c in diff.changes}
    assert list(by_field) == ["sub_points", "responsible", "cost", "deadline", "carried_from"]  # model order
    assert (by_field["responsible"].added, by_field["responsible"].removed) == (("NAV", "Skole helse"), ("Skole",))
    assert by_field["cost"].old["text"] == "Innenfor ramme" and by_field["cost"].new == {
        "text": "Søkes tilskudd, kr 250 000",
        "within_budget": False,
        "grant": True,
        "investment": False,
        "amount_nok": 250000,
    }
    assert (by_field["deadline"].old["year"], by_field["deadline"].new["year"]) == (2021, 2022)
    assert by_field["sub_points"].added == ("Kartlegge dagens praksis",)
    assert (by_field["carried_from"].old, by_field["carried_from"].new) == (None, "eldre-2016-2020/bu-1-1")
    assert diff.summary.changed == 1


def test_focus_area_and_goal_added_removed_and_changed(tmp_path):
    goal = "  - id: bu-m3\n    number: 3\n    title: Foreldre som ressurs\n    measures:\n      - id: t4\n        number: 4\n        title: Foreldrekurs hvert år\n"
    bu_m2 = AREA[AREA.index("  - id: bu-m2") :]
    edited = AREA.replace(bu_m2, goal).replace("title: Barn og unge", "title: Barn, unge og familier")
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": edited})
    assert kinds(diff) == [
        ("changed", "focus_area", "barn-og-unge", "title"),
        ("removed", "goal", "bu-m2", None),
        ("removed", "measure", "t3", None),
        ("added", "goal", "bu-m3", None),
        ("added", "measure", "t4", None),
    ]
    removed_goal = diff.changes[1]
    assert removed_goal.old == {"id": "bu-m2", "number": 2, "title": "Redusere skadelig rusbruk blant ungdom", "description": None, "result_goals": [], "strategies": [],
                                "responsible": []}


def test_status_transitions_per_year(tmp_path):
    status_2023 = "year: 2023\nmeasures:\n  - {measure: t3, status: done, note: Treffstedet er åpnet.}\n  - {measure: t2, status: in_progress}\n"
    diff = changes_of(
        tmp_path,
        {"status/2022.yaml": STATUS_2022.replace("t1, status: in_progress", "t1, status: done"), "status/2023.yaml": status_2023},
        {"status/2022.yaml": STATUS_2022},
    )
    status = [(c.path.measure, c.path.year, c.old, c.new) for c in diff.changes if c.kind is ChangeKind.status]
    assert status == [("t1", 2022, "in_progress", "done"), ("t2", 2023, None, "in_progress"), ("t3", 2023, "planned", "done")]
    assert all(c.target is Target.status and c.path.goal for c in diff.changes if c.kind is ChangeKind.status)
    note = next(c for c in diff.changes if c.field == "note")
    assert (note.path.measure, note.path.year, note.old, note.new) == ("t3", 2023, None, "Treffstedet er åpnet.")
    report = next(c for c in diff.changes if c.target is Target.status_report)
    assert (report.kind, report.path.year, report.new["measures"]) == (ChangeKind.added, 2023, {"t3": "done", "t2": "in_progress"})
    assert diff.summary.status == 3


def test_status_shown_under_its_measure_in_plan_order(tmp_path):
    edited = {"status/2022.yaml": STATUS_2022.replace("planned", "done"), "focus-areas/barn-og-unge.yaml": AREA.replace("Positive,", "Gode,")}
    diff = changes_of(tmp_path, edited, {"status/2022.yaml": STATUS_2022})
    assert kinds(diff) == [("changed", "measure", "t3", "title"), ("status", "status", "t3", "status")]


def test_status_item_removed_and_report_removed(tmp_path):
    only_t1 = "year: 2022\nmeasures:\n  - {measure: t1, status: in_progress}\n"
    before = {"status/2022.yaml": STATUS_2022, "status/2021.yaml": "year: 2021\nmeasures: []\n"}
    diff = changes_of(tmp_path, {"status/2022.yaml": only_t1, "status/2021.yaml": None}, before)
    assert [(c.kind.value, c.target.value, c.path.measure, c.path.year) for c in diff.changes] == [
        ("removed", "status", "t3", 2022),
        ("removed", "status_report", None, 2021),
    ]
    assert diff.changes[0].old == "planned" and diff.changes[0].path.goal == "bu-m2"


EVALUATION = """\
plan: testby-2016-2020
items:
  - {measure: a1, number: "1.1", title: Gammelt tiltak, outcome: not_done, comment: Ikke startet.}
  - {measure: a2, number: "1.2", title: Annet tiltak, outcome: done}
"""


def test_evaluation_outcome_change_is_a_status_change(tmp_path):
    edited = EVALUATION.replace("outcome: not_done, comment: Ikke startet.", "outcome: partly_done, comment: Delvis startet.")
    diff = changes_of(tmp_path, {"evaluation.yaml": edited.replace("  - {measure: a2", "  - {measure: a3")}, {"evaluation.yaml": EVALUATION})
    assert [(c.kind.value, c.target.value, c.path.measure, c.field, c.old, c.new) for c in diff.changes] == [
        ("status", "evaluation", "a1", "outcome", "not_done", "partly_done"),
        ("changed", "evaluation", "a1", "comment", "Ikke startet.", "Delvis startet."),
        ("removed", "evaluation", "a2", None, diff.changes[2].old, None),
        ("added", "evaluation", "a3", None, None, diff.changes[3].new),
    ]


INDICATORS = """\
indicators:
  - id: skjenkebevillinger
    title: Antall skjenkebevillinger
    values: {2016: 32, 2018: 28}
"""


def test_indicators_new_years_and_changed_values(tmp_path):
    edited = INDICATORS.replace("{2016: 32, 2018: 28}", "{2016: 32, 2018: 27, 2020: 25}")
    edited += "  - id: salgssteder\n    title: Antall salgssteder\n    values: {2020: 8}\n"
    diff = changes_of(tmp_path, {"indicators.yaml": edited}, {"indicators.yaml": INDICATORS})
    assert [(c.kind.value, c.path.indicator, c.path.year, c.old, c.new) for c in diff.changes] == [
        ("changed", "skjenkebevillinger", 2018, 28, 27),
        ("added", "skjenkebevillinger", 2020, None, 25),
        ("added", "salgssteder", None, None, diff.changes[2].new),
    ]
    assert diff.changes[2].new["values"] == {"2020": 8}


def test_metadata_state_adoption_and_period(tmp_path):
    meta = "id: testby-2020-2024\ntitle: Plan\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\nstate: consultation\nfocus_areas: [barn-og-unge]\n"
    adopted = meta.replace("state: consultation", "state: adopted\nadoption: {date: 2020-06-18, body: Testby kommunestyre}").replace("end: 2024", "end: 2025")
    diff = changes_of(tmp_path, {"plan.yaml": adopted}, {"plan.yaml": meta})
    assert [(c.target.value, c.field, c.old, c.new) for c in diff.changes] == [
        ("plan", "period", {"start": 2020, "end": 2024}, {"start": 2020, "end": 2025}),
        ("plan", "state", "consultation", "adopted"),
        ("plan", "adoption.date", None, "2020-06-18"),
        ("plan", "adoption.body", None, "Testby kommunestyre"),
    ]
    assert diff.summary.other == 4


def test_alcohol_licences_and_hours(tmp_path):
    alcohol = 'serving_licences: 6\nserving_hours:\n  group_3: {from: "13:00", to: "02:00"}\n'
    edited = alcohol.replace("6", "7").replace("13:00", "14:00")
    diff = changes_of(tmp_path, {"alcohol.yaml": edited}, {"alcohol.yaml": alcohol})
    assert [(c.target.value, c.field, c.old, c.new) for c in diff.changes] == [
        ("alcohol", "serving_licences", 6, 7),
        ("alcohol", "serving_hours.group_3", {"from": "13:00", "to": "02:00"}, {"from": "14:00", "to": "02:00"}),
    ]


def test_changes_are_frozen_and_hashable(tmp_path):
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("responsible: [Skole]", "responsible: [NAV]")})
    (change,) = diff.changes
    with pytest.raises(AttributeError):
        change.kind = ChangeKind.added
    assert len({change, change}) == 1


def test_changes_come_in_plan_order(tmp_path):
    edited = AREA.replace("Positive,", "Gode,").replace("Etablere en", "Etablere én").replace("felles prosedyre", "lokal prosedyre")
    meta = "id: testby-2020-2024\ntitle: Plan\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\nstate: adopted\nfocus_areas: [barn-og-unge]\n"
    diff = changes_of(tmp_path, {"focus-areas/barn-og-unge.yaml": edited, "plan.yaml": meta.replace("title: Plan", "title: Ny plan")}, {"plan.yaml": meta})
    assert [c.path.measure or c.target.value for c in diff.changes] == ["plan", "t1", "t2", "t3"]


def test_duplicate_ids_cannot_be_compared(tmp_path):
    duplicate = AREA.replace("- id: t2", "- id: t1")
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": duplicate})
    with pytest.raises(DiffError) as caught:
        compare(load(old), load(new))
    assert "Id-en «t1» er brukt for mer enn ett tiltak" in str(caught.value)
    assert "is used for more than one measure" in caught.value.text("en")


def test_added_and_removed_plans(tmp_path):
    plan = load(write_plan(tmp_path, {}))
    added = compare(None, plan)
    (change,) = added.changes
    assert (change.kind, change.target, change.new["measures"]) == (ChangeKind.added, Target.plan, 2)
    assert added.summary.added == 2
    assert compare(plan, None).changes[0].kind is ChangeKind.removed
    assert [d.changes[0].kind for d in compare_sets({"a": plan}, {"b": plan})] == [ChangeKind.removed, ChangeKind.added]
    assert len(compare_sets({"a": plan}, {"b": plan}, pair_lone=True)) == 1


def test_word_diff_keeps_paragraph_breaks_and_replacements():
    words = word_diff("Første avsnitt.\n\nAndre avsnitt her.", "Første avsnitt.\n\nTredje avsnitt her.")
    assert [(w.op, w.text) for w in words] == [("equal", "Første avsnitt.\n\n"), ("delete", "Andre"), ("insert", "Tredje"), ("equal", "avsnitt her.")]


# --- the predecessor pair (the revision view) ------------------------------------------------------


def _measures(folder: Path) -> list[dict]:
    out = []
    for path in sorted((folder / "focus-areas").glob("*.yaml")):
        for goal in yaml.safe_load(path.read_text(encoding="utf-8")).get("goals") or []:
            out.extend(goal.get("measures") or [])
    return out


def test_molde_predecessor_pair_counts_match_the_yaml():
    old_folder, new_folder = PLANS / "molde-2016-2020", PLANS / "molde-2020-2024"
    old_ids = {m["id"] for m in _measures(old_folder)}
    new_measures = _measures(new_folder)
    refs = [m.get("carried_from") or "" for m in new_measures]
    carried = [r.split("/", 1)[1] for r in refs if r.startswith("molde-2016-2020/") and r.split("/", 1)[1] in old_ids]
    evaluation = {item["measure"]: item["outcome"] for item in yaml.safe_load((new_folder / "evaluation.yaml").read_text(encoding="utf-8"))["items"]}

    diff = compare(load(old_folder), load(new_folder))

    assert diff.mode is Mode.revision
    assert diff.summary.carried == len(carried)
    assert diff.summary.removed == len(old_ids - set(carried))
    assert diff.summary.added == len(new_measures) - len(carried)
    dropped = [c for c in diff.changes if c.kind is ChangeKind.removed and c.target is Target.measure]
    assert {c.path.measure for c in dropped} == old_ids - set(carried)
    assert all(c.path.plan == "molde-2016-2020" for c in dropped)
    assert {c.path.measure: c.outcome.outcome for c in dropped} == {m: evaluation[m] for m in old_ids - set(carried)}
    first = next(c for c in diff.changes if c.kind is ChangeKind.carried)
    assert (first.path.measure, first.old["measure"], first.outcome.source) == ("t1", "bu-1-1", "evaluation")
    assert not any(c.field in ("carried_from", "number", "id") for c in diff.changes if c.target is Target.measure)


def test_revision_without_evaluation_takes_the_outcome_from_the_last_status_report(tmp_path):
    status = "year: 2020\nmeasures:\n  - {measure: t2, status: discontinued, note: Lagt ned.}\n"
    old = write_plan(tmp_path, {"status/2020.yaml": status}, plan_id="testby-2016-2020", start=2016, end=2020)
    area = MINIMAL_AREA.replace("        deadline: 2021\n", "        deadline: 2021\n        carried_from: testby-2016-2020/t1\n").replace("- id: t2", "- id: t7")
    plan_yaml = "id: testby-2020-2024\ntitle: Ny\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\nstate: adopted\n"
    plan_yaml += "predecessor: testby-2016-2020\nfocus_areas: [barn-og-unge]\n"
    new = write_plan(tmp_path, {"plan.yaml": plan_yaml, "focus-areas/barn-og-unge.yaml": area})
    diff = compare(load(old), load(new))
    measures = [(c.kind.value, c.path.measure) for c in diff.changes if c.target is Target.measure]
    assert measures == [("carried", "t1"), ("removed", "t2"), ("added", "t7")]
    dropped = diff.changes[[c.kind for c in diff.changes].index(ChangeKind.removed)]
    assert (dropped.outcome.outcome, dropped.outcome.source, dropped.outcome.year, dropped.outcome.comment) == ("discontinued", "status", 2020, "Lagt ned.")
    added = next(c for c in diff.changes if c.kind is ChangeKind.added)
    assert added.similar_to == "t2"  # same text, but no carried_from


# --- the command -------------------------------------------------------------------------------------


def run(*args: str):
    return runner.invoke(app, ["diff", *args])


def test_cli_exit_codes_like_diff(tmp_path):
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("Positive,", "Gode,")})
    same_old, same_new = pair(tmp_path / "same", {})
    assert run(str(same_old), str(same_new)).exit_code == 0
    assert run(str(old), str(new)).exit_code == 1
    missing = run(str(old), str(tmp_path / "finnes-ikke"))
    assert missing.exit_code == 2
    assert "finnes ikke" in missing.output and "Traceback" not in missing.output
    assert run(str(old)).exit_code == 2  # a plain folder cannot stand alone


def test_cli_unreadable_plan_exits_2_with_findings(tmp_path):
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("title: Barn og unge", "tittel: Barn og unge")})
    result = run(str(old), str(new))
    assert result.exit_code == 2
    assert "Ukjent nøkkel «tittel»" in result.output and "Traceback" not in result.output


def test_cli_duplicate_ids_exit_2_with_a_message(tmp_path):
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("- id: t2", "- id: t1")})
    result = run(str(old), str(new))
    assert result.exit_code == 2
    assert "Id-en «t1» er brukt for mer enn ett tiltak i planen «testby-2020-2024»" in result.output and "Traceback" not in result.output


def test_cli_speaks_english_when_asked():
    """The wording in bokmål is pinned by tests/diff_cases/; here only that --lang en switches it."""
    case = Path(__file__).parent / "diff_cases" / "status-change"
    english = run(str(case / "old"), str(case / "new"), "--lang", "en").output
    assert "3 status changes, 4 other changes" in english and "Status 2022: in progress → done" in english


CHANGE_KEYS = ["kind", "target", "path", "label", "field", "old", "new", "words", "added", "removed", "outcome", "similar_to"]


def test_cli_json_shape(tmp_path):
    edited = AREA.replace("felles prosedyre", "felles lokal prosedyre").replace("number: 3\n", "number: 4\n")
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": edited})
    result = run(str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert list(data) == ["version", "old", "new", "differs", "plans", "unchanged"]
    assert data["version"] == 1 and data["differs"] is True and data["unchanged"] == []
    assert data["old"] == {"rev": None, "paths": [str(old)]}
    (plan,) = data["plans"]
    assert list(plan) == ["plan", "old_plan", "new_plan", "mode", "summary", "summary_text", "labels", "changes"]
    assert plan["mode"] == "plan" and plan["summary"]["total"] == 2
    assert plan["labels"] == {
        "focus_areas": {"barn-og-unge": {"number": 1, "title": "Barn og unge"}},
        "goals": {"bu-m1": {"number": 1, "title": "Tidlig innsats barn og unge"}, "bu-m2": {"number": 2, "title": "Redusere skadelig rusbruk blant ungdom"}},
    }
    title, renumber = plan["changes"]
    assert all(list(change) == CHANGE_KEYS for change in plan["changes"])
    assert title["path"] == {"plan": "testby-2020-2024", "focus_area": "barn-og-unge", "goal": "bu-m1", "measure": "t1", "indicator": None, "year": None}
    assert (title["kind"], title["target"], title["field"]) == ("changed", "measure", "title")
    assert title["words"][:2] == [{"op": "equal", "text": "Utarbeide felles"}, {"op": "insert", "text": "lokal"}]
    assert title["label"] == {"number": 1, "title": title["new"]}
    assert (renumber["kind"], renumber["old"], renumber["new"], renumber["words"]) == ("renumbered", 3, 4, None)


def test_cli_json_revision_view_for_molde():
    result = run(str(PLANS / "molde-2016-2020"), str(PLANS / "molde-2020-2024"), "-f", "json")
    assert result.exit_code == 1
    (plan,) = json.loads(result.output)["plans"]
    assert (plan["mode"], plan["old_plan"], plan["new_plan"]) == ("revision", "molde-2016-2020", "molde-2020-2024")
    kinds_seen = {c["kind"] for c in plan["changes"]}
    assert kinds_seen <= {"added", "removed", "changed", "moved", "renumbered", "status", "carried"}
    carried = [c for c in plan["changes"] if c["kind"] == "carried"]
    assert len(carried) == plan["summary"]["carried"]
    assert carried[0]["old"]["measure"] == "bu-1-1" and carried[0]["outcome"]["outcome"] == "done"
    dropped = next(c for c in plan["changes"] if c["kind"] == "removed" and c["target"] == "measure")
    assert dropped["outcome"]["source"] == "evaluation"


@pytest.mark.parametrize("fmt", ["human", "markdown", "json"])
def test_output_is_deterministic(fmt):
    args = ["diff", str(PLANS / "molde-2016-2020"), str(PLANS / "molde-2020-2024"), "--format", fmt]
    first, second = runner.invoke(app, args, env={"COLUMNS": "200"}), runner.invoke(app, args, env={"COLUMNS": "40"})  # never wrapped
    assert first.exit_code == second.exit_code == 1
    assert first.stdout_bytes == second.stdout_bytes and first.stdout_bytes


def test_plan_text_cannot_drive_the_terminal(tmp_path):
    title = "title: Positive, rusfrie treffsteder for ungdom skal opprettholdes"
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace(title, 'title: "Positive \\e[31m rusfrie treffsteder"')})
    result = run(str(old), str(new))
    assert "\x1b" not in result.output and "\\x1b" in result.output


def test_markdown_escapes_plan_text(tmp_path):
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("Positive, rusfrie", "Positive *rusfrie* <b>")})
    result = run(str(old), str(new), "-f", "markdown")
    assert "\\*rusfrie\\* \\<b\\>" in result.output


def test_markdown_marks_changed_words_with_tags_github_renders_and_plan_text_cannot_close_them(tmp_path):
    hostile = "Positive </ins><script>alert(1)</script><del> ~~rusfrie~~"
    old, new = pair(tmp_path, {"focus-areas/barn-og-unge.yaml": AREA.replace("Positive, rusfrie", hostile)})
    line = next(x for x in run(str(old), str(new), "-f", "markdown").output.splitlines() if x.startswith("  - Tittel:"))
    assert line.count("<del>") == line.count("</del>") == 1 and line.count("<ins>") == line.count("</ins>") == 1
    assert "\\</ins\\>\\<script\\>" in line and "\\~\\~rusfrie\\~\\~" in line
    assert "[-" not in line and "{+" not in line

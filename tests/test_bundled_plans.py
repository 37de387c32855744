"""The bundled plans are the documents: counts and spot checks against the source texts in shared/seeds."""

from __future__ import annotations

import pytest

from conftest import PLANS
from rusplan.findings import Severity
from rusplan.planfolder import read_plan
from rusplan.validate import validate


@pytest.fixture(scope="module")
def result():
    return validate([PLANS])


def plan(plan_id):
    loaded = read_plan(PLANS / plan_id)
    assert loaded.plan is not None, loaded.findings
    return loaded.plan


def measures(plan_id):
    return {m.id: m for _, _, m in plan(plan_id).measures()}


def test_bundled_plans_validate_without_errors(result):
    assert set(result.plans) == {
        "molde-2016-2020", "molde-2020-2024", "averoy-2021-2024", "randaberg-2025-2030", "eksempel-alkohol-2025-2028", "example-interkommunal-2024-2027"
    }
    assert [f for f in result.findings if f.severity is Severity.error] == []


def test_the_warnings_left_are_the_ones_the_documents_deserve(result):
    """Listed in plans/README.md: empty responsible cells in Molde's table, continued measures the new plan
    does not name, Randaberg's six-year period."""
    left = sorted((f.file.split("plans/")[1], f.code) for f in result.findings)
    assert left == [
        ("molde-2020-2024/evaluation.yaml", "RP408"),  # el-1-1 «Videreføres», no new measure names it
        ("molde-2020-2024/evaluation.yaml", "RP408"),  # bo-2-1 Housing First «Tiltaket videreføres»
        ("molde-2020-2024/focus-areas/barn-og-unge.yaml", "RP302"),  # Tiltak 10
        ("molde-2020-2024/focus-areas/barn-og-unge.yaml", "RP302"),  # Tiltak 14
        ("molde-2020-2024/focus-areas/barn-og-unge.yaml", "RP302"),  # Tiltak 15
        ("molde-2020-2024/focus-areas/barn-og-unge.yaml", "RP302"),  # Tiltak 16
        ("molde-2020-2024/focus-areas/barn-og-unge.yaml", "RP302"),  # Tiltak 17
        ("randaberg-2025-2030/plan.yaml", "RP501"),
        ("randaberg-2025-2030/plan.yaml", "RP502"),
    ]


def test_molde_2020_2024_has_six_focus_areas_and_71_measures():
    molde = plan("molde-2020-2024")
    assert [a.title for a in molde.focus_areas] == [
        "Barn og unge",
        "Eldre",
        "Arbeid og aktivitet",
        "Bolig",
        "Oppfølgingstjenester, behandling og ettervern",
        "Kompetanse",
    ]
    numbers = [m.number for _, _, m in molde.measures()]
    assert numbers == list(range(1, 72))
    assert molde.meta.adoption.date.isoformat() == "2020-06-18"
    assert molde.meta.adoption.body == "Molde kommunestyre"
    assert len(molde.meta.adoption.decision) == 4
    assert molde.meta.predecessor == "molde-2016-2020"


@pytest.mark.parametrize(
    ("measure_id", "title_start", "responsible", "cost", "deadline"),
    [
        ("t1", "Utarbeide felles prosedyre for melding til barnevernet", ["Skole", "barnehage", "barneverntjenesten"], "Innenfor ramme", "2020"),
        ("t5", "Det skal utarbeides en overordnet strategi for SLT arbeidet", ["SLT-koordinator"], "Innenfor ramme", "2020"),
        ("t37", "Utskrivningsklare personer i langvarig rusbehandling (TSB)", ["Psykisk helse og rus tjenesten", "Molde eiendom KF"], "Innenfor ramme", "I planperioden"),
        ("t41", "Opprette en funksjon som Miljøvaktmester", ["Psykisk helse og rustjenester"], "700 000", "2023"),
        ("t10", "Etablere en funksjon som skolelos ved alle ungdomsskoler", [], None, None),
    ],
)
def test_molde_measures_read_like_the_overview_table(measure_id, title_start, responsible, cost, deadline):
    measure = measures("molde-2020-2024")[measure_id]
    assert measure.title.startswith(title_start)
    assert measure.responsible == responsible
    assert (measure.cost.text if measure.cost else None) == cost
    assert (measure.deadline.text if measure.deadline else None) == deadline


def test_molde_measure_41_costs_700_000_kroner():
    assert measures("molde-2020-2024")["t41"].cost.amount_nok == 700_000


def test_molde_measures_47_and_69_have_sub_points():
    molde = measures("molde-2020-2024")
    assert len(molde["t47"].sub_points) >= 2 and len(molde["t69"].sub_points) >= 2


def test_molde_2016_2020_is_evaluated_measure_by_measure():
    old = plan("molde-2016-2020")
    new = plan("molde-2020-2024")
    old_ids = [m.id for _, _, m in old.measures()]
    assert len(old.focus_areas) == 6
    assert [i.measure for i in new.evaluation.items] == old_ids
    final = old.status_reports[2020]
    assert {i.measure for i in final.measures} == set(old_ids)
    first = next(i for i in new.evaluation.items if i.measure == "bu-1-1")
    assert (first.number, first.outcome.value, first.continued) == ("1.1", "done", True)
    assert first.comment.endswith("Tiltaket videreføres.")


def test_carried_from_links_point_into_the_predecessor():
    old_ids = set(measures("molde-2016-2020"))
    links = [m.carried_from for m in measures("molde-2020-2024").values() if m.carried_from]
    assert links and all(link.split("/")[1] in old_ids for link in links)
    assert measures("molde-2020-2024")["t1"].carried_from == "molde-2016-2020/bu-1-1"


def test_molde_indicators_from_the_document():
    values = {(i.id, year): v for i in plan("molde-2020-2024").indicators for year, v in i.values.items()}
    by_title = {i.title: i for i in plan("molde-2020-2024").indicators}
    assert any(v == 9241 and year == 2018 for (_, year), v in values.items())
    assert any(set(i.values.items()) >= {(2016, 32), (2018, 28)} for i in by_title.values())
    assert any(set(i.values.items()) >= {(2016, 241393), (2018, 179297)} for i in by_title.values())
    assert any(i.values.get(2019) == 168 for i in by_title.values())


def test_molde_2022_status_reports_the_miljovaktmester_post():
    report = plan("molde-2020-2024").status_reports[2022]
    item = next(i for i in report.measures if i.measure == "t41")
    assert item.status.value == "done"
    assert "miljøvaktmester" in item.note.lower()


def test_averoy_has_five_goals_with_result_goals_and_both_kinds_of_measures():
    averoy = plan("averoy-2021-2024")
    goals = [g for a in averoy.focus_areas for g in a.goals]
    assert [g.number for g in goals] == [1, 2, 3, 4, 5]
    assert all(g.result_goals for g in goals)
    kinds = {m.kind.value for _, _, m in averoy.measures()}
    assert kinds == {"measure", "responsibility"}
    assert averoy.meta.previous_adoption.isoformat() == "2016-09-05"
    assert averoy.alcohol.sales_licences == 8 and averoy.alcohol.serving_licences == 6
    assert averoy.alcohol.controls_per_outlet == 3


def test_averoy_keeps_the_counts_form_because_the_document_names_no_outlets():
    """The document gives 8 beer outlets, 6 serving outlets and three controls a year, but no outlet or licence by name."""
    averoy = plan("averoy-2021-2024")
    assert averoy.licences is None and averoy.controls == {}
    assert not (PLANS / "averoy-2021-2024" / "alcohol").exists()


def test_averoy_ungdata_series():
    series = {i.title: i.values for i in plan("averoy-2021-2024").indicators}
    assert {2015: 25, 2018: 20, 2020: 10} in [dict(v) for v in series.values()]
    assert {2015: 15, 2018: 14, 2020: 9} in [dict(v) for v in series.values()]


def test_randaberg_has_eight_priority_measures_with_sub_points():
    randaberg = plan("randaberg-2025-2030")
    numbered = [m.number for _, _, m in randaberg.measures()]
    assert numbered == list(range(1, 9))
    assert (randaberg.meta.period.start, randaberg.meta.period.end) == (2025, 2030)
    assert any(m.sub_points for _, _, m in randaberg.measures())
    assert any(i.source == "BrukerPlan" and 2024 in i.values for i in randaberg.indicators)


def test_no_ocr_damage_left_in_randaberg():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (PLANS / "randaberg-2025-2030").rglob("*.yaml"))
    for damaged in ("g@", "@", "mgte", "oppfglging", "Igpet", "palagt", "naere"):
        assert damaged not in text, damaged

"""`rusplan roll-forward`: what is carried and why, the draft it writes, and that it writes all or nothing."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS, write_plan
from rusplan import atomic, writeplan
from rusplan.cli import app
from rusplan.model import Kind, Outcome, Period, State
from rusplan.planfolder import read_plan
from rusplan.rollforward import Reason, RollForwardError, derive_id, parse_period, roll_forward
from rusplan.validate import validate

runner = CliRunner()
OLD = "testby-2020-2024"
NEW = "testby-2024-2028"

# One measure per outcome; the id says what happens to it. Period 2020–2024, rolled to 2024–2028.
AREA = """\
id: barn-og-unge
number: 1
title: Barn og unge
strategies:
  - Ungdomstiltak i kommunen skal styrkes
description: Innledning til kapittelet.
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats barn og unge
    result_goals: [Færre unge debuterer tidlig]
    measures:
      - id: done
        number: 1
        title: Utarbeide felles prosedyre for melding til barnevernet
        responsible: [Skole]
        deadline: 2021
      - id: discontinued
        number: 2
        title: Etablere ungdomsklubb i sentrum
        responsible: [Kultur]
      - id: not-done
        number: 3
        title: Etablere en funksjon som skolelos ved alle ungdomsskoler
        description: Skolelosen følger opp elever med høyt fravær.
        sub_points: [Ungdomsskolen, Videregående skole]
        responsible: [Skole, barnehage]
        partners: [NAV]
        cost: Innenfor ramme/tilskudd
        deadline: 2021
        carried_from: testby-2016-2020/bu-1-1
        tags: [skole]
      - id: partly-done
        number: 4
        title: Videreutvikle rusfrie treffsteder for ungdom
        responsible: [Kultur]
        deadline: I planperioden
      - id: in-progress
        number: 5
        title: Gjennomføre Ungdata
        responsible: [Folkehelse]
        deadline: Årlig
      - id: planned
        number: 6
        title: Lage en felles plan for rusforebygging i skolen
        responsible: [Skole]
        deadline: 2026
  - id: bu-m2
    number: 2
    title: Redusere skadelig rusbruk blant ungdom
    measures:
      - id: standing
        number: 7
        title: Årlig kampanje mot langing før russetiden
        responsible: [Politi]
        deadline: Årlig
      - id: unknown
        number: 8
        title: Kurs i «Snakk om rus» for alle ansatte på ungdomsskolen
        responsible: [Skole]
        deadline: 30.06.2022
      - id: responsibility
        number: 9
        kind: responsibility
        title: Samarbeide med oppfølgingstjenesten
        responsible: [NAV]
      - id: resp-unknown
        number: 10
        kind: responsibility
        title: Tverrfaglig team
        responsible: [Helsestasjonen]
      - id: campaign
        number: 11
        title: Kampanje om alkohol og graviditet
        responsible: [Helsestasjonen]
      - id: resp-stopped
        number: 12
        kind: responsibility
        title: Drifte natteravner
        responsible: [Frivilligsentralen]
  - id: bu-m3
    number: 3
    title: Et mål der ingenting videreføres
    measures:
      - id: all-done
        number: 13
        title: Opprette stilling som SLT-koordinator
        responsible: [Kommunedirektøren]
"""

STATUS_2021 = """\
year: 2021
measures:
  - measure: done
    status: in_progress
    note: Arbeidet med prosedyren er startet.
  - measure: not-done
    status: planned
"""

STATUS_2022 = """\
year: 2022
source: Årsrapport 2022
measures:
  - measure: done
    status: done
  - measure: discontinued
    status: discontinued
    note: Klubben ble lagt ned.
  - measure: not-done
    status: not_done
    note: Ikke startet, mangler midler.
  - measure: partly-done
    status: partly_done
  - measure: in-progress
    status: in_progress
    note: Gjennomføres høsten 2023.
  - measure: planned
    status: planned
  - measure: standing
    status: done
    note: Gjennomført hvert år.
    continued: true
  - measure: responsibility
    status: done
  - measure: campaign
    status: done
  - measure: resp-stopped
    status: discontinued
  - measure: all-done
    status: done
"""

PLAN = """\
id: testby-2020-2024
title: Ruspolitisk handlingsplan 2020–2024
municipalities:
  - name: Tøtlandvik
    responsible: true
period: {start: 2020, end: 2024}
state: adopted
predecessor: testby-2016-2020
adoption:
  date: 2020-06-18
  body: Tøtlandvik kommunestyre
vision: Et godt liv for alle
main_goals: [Forebygge rusproblemer]
working_group: [Åse Ødegård, leder]
description: Planen ble vedtatt i 2020.
focus_areas: [barn-og-unge]
"""

INDICATORS = """\
indicators:
  - id: skjenkebevillinger
    title: Antall skjenkebevillinger
    values: {2016: 32, 2018: 28.5}
"""

FILES = {
    "plan.yaml": PLAN,
    "focus-areas/barn-og-unge.yaml": AREA,
    "status/2021.yaml": STATUS_2021,
    "status/2022.yaml": STATUS_2022,
    "indicators.yaml": INDICATORS,
}


@pytest.fixture
def old_plan(tmp_path: Path) -> Path:
    """The plan with one measure per outcome, in tmp_path/plans/."""
    return write_plan(tmp_path / "plans", FILES, plan_id=OLD)


def roll(folder: Path, to: str = "2024-2028", **kwargs):
    loaded = read_plan(folder)
    assert loaded.plan is not None, loaded.findings
    return roll_forward(loaded.plan, parse_period(to), **kwargs)


def decisions(forward):
    return {d.old_id: d for d in forward.decisions}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[Path]:
    return sorted(parent.glob(atomic.TEMP_PREFIX + "*"))


def findings(folder: Path, code: str | None = None):
    return [(Path(f.file).name, f.line, f.column, f.code) for f in validate([folder]).findings if code is None or f.code == code]


# --- what is carried, and why ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old_id", "carried", "reason", "review"),
    [
        ("done", False, Reason.done, ()),
        ("discontinued", False, Reason.discontinued, ()),
        ("not-done", True, Reason.open, ("deadline",)),
        ("partly-done", True, Reason.open, ()),
        ("in-progress", True, Reason.open, ()),
        ("planned", True, Reason.open, ()),
        ("standing", True, Reason.continued, ()),
        ("unknown", True, Reason.unknown, ("deadline", "outcome-unknown")),
        ("responsibility", True, Reason.responsibility, ()),
        ("resp-unknown", True, Reason.responsibility, ()),
        ("campaign", False, Reason.done, ()),
        ("resp-stopped", False, Reason.discontinued, ()),
        ("all-done", False, Reason.done, ()),
    ],
)
def test_each_outcome_decides_whether_the_measure_is_carried(old_plan, old_id, carried, reason, review):
    decision = decisions(roll(old_plan))[old_id]
    assert (decision.carried, decision.reason, decision.review) == (carried, reason, review)


def test_the_latest_report_gives_the_outcome_and_the_latest_note(old_plan):
    found = decisions(roll(old_plan))
    assert found["done"].reported.status == "done"
    assert found["done"].reported.source == "status/2022.yaml"
    assert found["done"].reported.note == "Arbeidet med prosedyren er startet."  # 2022 has no note of its own
    assert found["not-done"].reported.note == "Ikke startet, mangler midler."
    assert found["unknown"].reported is None


def test_carried_measures_keep_their_ids_get_new_numbers_lineage_and_keep_their_content(old_plan):
    forward = roll(old_plan)
    measures = [m for _, _, m in forward.plan.measures()]
    assert [m.id for m in measures] == ["not-done", "partly-done", "in-progress", "planned", "standing", "unknown", "responsibility", "resp-unknown"]
    assert [m.number for m in measures] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [m.carried_from for m in measures] == [
        f"{OLD}/{old}" for old in ("not-done", "partly-done", "in-progress", "planned", "standing", "unknown", "responsibility", "resp-unknown")
    ]
    old = {m.id: m for _, _, m in read_plan(old_plan).plan.measures()}["not-done"]
    new = measures[0]
    for name in ("title", "description", "sub_points", "kind", "responsible", "partners", "cost", "tags"):
        assert getattr(new, name) == getattr(old, name), name
    assert measures[6].kind is Kind.responsibility
    assert forward.plan.status_reports == {}


def test_deadlines_in_the_old_period_are_dropped_and_marked_for_review(old_plan):
    by_old = {m.carried_from.split("/")[1]: m for _, _, m in roll(old_plan).plan.measures()}
    assert by_old["not-done"].deadline is None and by_old["not-done"].review == ["deadline"]  # 2021
    assert by_old["unknown"].deadline is None and "deadline" in by_old["unknown"].review  # 30.06.2022
    assert by_old["partly-done"].deadline.text == "I planperioden" and by_old["partly-done"].review == []
    assert by_old["in-progress"].deadline.text == "Årlig"
    assert by_old["planned"].deadline.year == 2026 and by_old["planned"].review == []  # after the old period: still holds


def test_the_plan_metadata_is_carried_where_it_still_holds(old_plan):
    meta = roll(old_plan).plan.meta
    assert (meta.id, meta.state, meta.predecessor, meta.period) == (NEW, State.draft, OLD, Period(start=2024, end=2028))
    assert meta.title == "Ruspolitisk handlingsplan 2024–2028"
    assert meta.adoption is None
    assert [m.name for m in meta.municipalities] == ["Tøtlandvik"] and meta.municipalities[0].responsible
    assert (meta.vision, meta.main_goals, meta.focus_areas) == ("Et godt liv for alle", ["Forebygge rusproblemer"], ["barn-og-unge"])
    assert (meta.working_group, meta.description) == ([], None)


def test_a_nynorsk_plans_successor_is_nynorsk_too(old_plan):
    plan_yaml = old_plan / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8") + "language: nn\n", encoding="utf-8")
    forward = roll(old_plan)
    assert forward.plan.meta.language.value == "nn"
    from rusplan.writeplan import render as draft_files

    assert draft_files(forward)["plan.yaml"].startswith(f"# Laga av rusplan roll-forward frå {OLD} ")


def test_focus_areas_goals_and_strategies_are_kept_even_when_nothing_is_carried(old_plan):
    area = roll(old_plan).plan.focus_areas[0]
    assert (area.id, area.strategies, area.description) == ("barn-og-unge", ["Ungdomstiltak i kommunen skal styrkes"], "Innledning til kapittelet.")
    assert [g.id for g in area.goals] == ["bu-m1", "bu-m2", "bu-m3"]
    assert area.goals[0].result_goals == ["Færre unge debuterer tidlig"]
    assert area.goals[2].measures == []


def test_the_evaluation_is_prefilled_for_every_old_measure(old_plan):
    evaluation = roll(old_plan).plan.evaluation
    assert evaluation.plan == OLD
    items = {i.measure: i for i in evaluation.items}
    assert list(items) == ["done", "discontinued", "not-done", "partly-done", "in-progress", "planned", "standing",
                           "unknown", "responsibility", "resp-unknown", "campaign", "resp-stopped", "all-done"]
    assert (items["done"].outcome, items["done"].continued, items["done"].number) == (Outcome.done, False, 1)
    assert items["discontinued"].comment == "Klubben ble lagt ned."
    assert (items["in-progress"].outcome, items["in-progress"].continued) == (Outcome.partly_done, True)
    assert items["planned"].outcome is Outcome.not_done
    assert (items["standing"].outcome, items["standing"].continued) == (Outcome.done, True)
    assert items["unknown"].outcome is Outcome.not_evaluated and items["unknown"].comment is None  # nobody reported: unknown, not «not done»


def test_indicators_are_carried_as_history(old_plan):
    forward = roll(old_plan)
    assert forward.plan.indicators == read_plan(old_plan).plan.indicators
    assert sorted(forward.files) == ["evaluation.yaml", "focus-areas/barn-og-unge.yaml", "indicators.yaml", "plan.yaml"]
    assert forward.files["indicators.yaml"]["indicators"][0]["values"] == {2016: 32, 2018: 28.5}


def test_the_summary_counts_by_focus_area(old_plan):
    forward = roll(old_plan)
    [row] = forward.summary()
    assert (row.id, row.carried, row.not_carried, row.review) == ("barn-og-unge", 8, 5, 2)
    assert forward.totals().carried == 8


def test_an_evaluation_of_the_old_plan_fills_in_what_the_reports_lack(old_plan):
    from rusplan.model import Evaluation

    evaluation = Evaluation(plan=OLD, items=[{"measure": "unknown", "outcome": "done", "comment": "Kurset er holdt."},
                                             {"measure": "done", "outcome": "not_done"}])
    found = decisions(roll(old_plan, evaluation=evaluation))
    assert (found["unknown"].carried, found["unknown"].reported.source) == (False, "evaluation.yaml")
    assert found["done"].reported.source == "status/2022.yaml"  # a status report wins over the evaluation


def test_an_old_id_used_by_an_indicator_gets_a_fresh_one(tmp_path):
    indicators = INDICATORS.replace("id: skjenkebevillinger", "id: partly-done")
    folder = write_plan(tmp_path, {**FILES, "indicators.yaml": indicators}, plan_id=OLD)
    assert [m.id for _, _, m in roll(folder).plan.measures()][:3] == ["not-done", "t1", "in-progress"]


def test_dotted_numbers_are_kept_within_their_goal(tmp_path):
    area = AREA
    for n in range(1, 14):
        area = area.replace(f"        number: {n}\n", f"        number: '{(1 if n <= 6 else 2 if n <= 12 else 3)}.{n}'\n", 1)
    folder = write_plan(tmp_path, {**FILES, "focus-areas/barn-og-unge.yaml": area}, plan_id=OLD)
    assert [m.number for _, _, m in roll(folder).plan.measures()] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"]


@pytest.mark.parametrize("raw", ["campaign", f"{OLD}/campaign"])
def test_carry_takes_a_done_measure_along(old_plan, raw):
    found = decisions(roll(old_plan, carry=[raw]))
    assert (found["campaign"].carried, found["campaign"].reason) == (True, Reason.carry_option)
    assert found["not-done"].reason is Reason.open  # --carry on an open measure changes nothing


def test_carry_of_an_unknown_measure_is_refused(old_plan):
    with pytest.raises(RollForwardError) as caught:
        roll(old_plan, carry=["t99"])
    assert caught.value.msg.key == "rollforward_carry_unknown"


@pytest.mark.parametrize(("text", "expected"), [("2024-2028", (2024, 2028)), ("2024–2028", (2024, 2028)), (" 2025 - 2028 ", (2025, 2028))])
def test_parse_period(text, expected):
    period = parse_period(text)
    assert (period.start, period.end) == expected


@pytest.mark.parametrize("text", ["2024", "24-28", "2028-2024", "", "2024-2028-2032"])
def test_a_bad_period_is_refused(text):
    with pytest.raises(RollForwardError):
        parse_period(text)


@pytest.mark.parametrize(("old", "new"), [("molde-2020-2024", "molde-2024-2028"), ("averoy-2021-2024", "averoy-2024-2028"), ("testby", "testby-2024-2028")])
def test_the_new_id_is_derived_from_the_old(old, new):
    assert derive_id(old, Period(start=2024, end=2028)) == new


@pytest.mark.parametrize(("kwargs", "to", "key"), [
    ({}, "2019-2023", "rollforward_period_order"),
    ({}, "2020-2024", "rollforward_period_order"),
    ({"new_id": "Ny_plan"}, "2024-2028", "rollforward_bad_id_proposal"),  # names «ny-plan»
    ({"new_id": "!!!"}, "2024-2028", "rollforward_bad_id"),
    ({"new_id": OLD}, "2024-2028", "rollforward_same_id"),
])
def test_bad_arguments_are_refused(old_plan, kwargs, to, key):
    with pytest.raises(RollForwardError) as caught:
        roll(old_plan, to, **kwargs)
    assert caught.value.msg.key == key


# --- the command -------------------------------------------------------------------------------


def test_roll_forward_writes_a_draft_that_validates_and_prints_a_summary(old_plan):
    before = snapshot(old_plan)
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    target = old_plan.parent / NEW
    assert snapshot(old_plan) == before  # the old plan is never modified
    assert leftovers(old_plan.parent) == []
    assert sorted(snapshot(target)) == ["evaluation.yaml", "focus-areas/barn-og-unge.yaml", "indicators.yaml", "plan.yaml"]
    assert re.search(r"Barn og unge\s*│\s*8\s*│\s*5\s*│\s*2\s*│", result.output)
    assert re.search(r"Totalt\s*│\s*8\s*│\s*5\s*│\s*2\s*│", result.output)
    assert "campaign" in result.output and "--carry" in result.output
    assert f"Skrev {target}: utkastet har 2 advarsler og 1 info" in result.output
    codes = sorted(code for *_, code in findings(target))
    assert codes == ["RP701", "RP701", "RP702"]  # the decisions left to people, and nothing else


def test_roll_forward_speaks_english_with_lang_en(old_plan):
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Carried" in result.output and "Wrote" in result.output and "Videreført" not in result.output


def test_carry_on_the_command_line(old_plan):
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--carry", "campaign", "--carry", "all-done"])
    assert result.exit_code == 0, result.output
    area = yaml.safe_load((old_plan.parent / NEW / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8"))
    carried = [m["carried_from"] for goal in area["goals"] for m in goal.get("measures", [])]
    assert f"{OLD}/campaign" in carried and f"{OLD}/all-done" in carried and len(carried) == 10


def test_carry_of_an_unknown_id_is_a_usage_error(old_plan):
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--carry", "t99"])
    assert result.exit_code == 2
    assert "--carry t99: planen «testby-2020-2024» har ikke noe tiltak med den id-en" in result.output
    assert not (old_plan.parent / NEW).exists()


def test_id_and_out_choose_the_new_plan(old_plan, tmp_path):
    out = tmp_path / "utkast"
    out.mkdir()
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--id", "testby-ny", "--out", str(out / "testby-ny")])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((out / "testby-ny" / "plan.yaml").read_text(encoding="utf-8"))["id"] == "testby-ny"


def test_dry_run_prints_the_files_and_writes_nothing(old_plan):
    before = snapshot(old_plan.parent)
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert snapshot(old_plan.parent) == before
    assert not (old_plan.parent / NEW).exists() and leftovers(old_plan.parent) == []
    assert f"# ==> {old_plan.parent / NEW / 'plan.yaml'} <==" in result.output
    assert "carried_from: testby-2020-2024/not-done" in result.output
    assert "Tørrkjøring: ingenting er skrevet." in result.output


@pytest.mark.parametrize("extra", [[], ["--force"], ["--dry-run"]])
@pytest.mark.parametrize("empty", [False, True])
def test_an_existing_target_is_never_overwritten(old_plan, extra, empty):
    target = old_plan.parent / NEW
    target.mkdir()
    if not empty:
        (target / "plan.yaml").write_text("id: noe-annet\n", encoding="utf-8")
    before = snapshot(old_plan.parent)
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", *extra])
    assert result.exit_code == 2
    assert f"«{target}» finnes allerede" in result.output and "heller ikke med --force" in result.output
    assert snapshot(old_plan.parent) == before and leftovers(old_plan.parent) == []


def test_the_old_plan_itself_cannot_be_the_target(old_plan):
    before = snapshot(old_plan)
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028", "--id", OLD.replace("2020-2024", "x"), "--out", str(old_plan)])
    assert result.exit_code == 2 and snapshot(old_plan) == before


def test_molde_2016_cannot_be_rolled_onto_the_existing_molde_2020(tmp_path):
    shutil.copytree(PLANS, tmp_path / "plans")
    before = snapshot(tmp_path / "plans")
    result = runner.invoke(app, ["roll-forward", str(tmp_path / "plans" / "molde-2016-2020"), "--to", "2020-2024"])
    assert result.exit_code == 2, result.output
    assert "molde-2020-2024» finnes allerede" in result.output
    assert snapshot(tmp_path / "plans") == before


@pytest.mark.parametrize(("args", "message"), [
    (["--to", "2024"], "«2024» er ikke en planperiode"),
    (["--to", "2018-2022"], "Den nye perioden 2018–2022 må komme etter den gamle (2020–2024)"),
    (["--to", "2024-2028", "--out", "/nonexistent-rusplan-dir/testby-2024-2028"], "Mappen «/nonexistent-rusplan-dir» finnes ikke"),
    (["--to", "2024-2028", "--out", "feil-navn"], "Mappenavnet «feil-navn» må være lik plan-id-en «testby-2024-2028»"),
])
def test_usage_problems_exit_2_with_a_message(old_plan, args, message):
    result = runner.invoke(app, ["roll-forward", str(old_plan), *args], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert message in result.output


def test_a_folder_of_plans_is_not_a_plan(tmp_path):
    write_plan(tmp_path, {}, plan_id="a-2020-2024")
    write_plan(tmp_path, {}, plan_id="b-2020-2024")
    result = runner.invoke(app, ["roll-forward", str(tmp_path), "--to", "2024-2028"], env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "inneholder 2 planer" in result.output


def test_a_plan_with_errors_is_refused_with_the_validate_findings(old_plan):
    (old_plan / "status" / "2023.yaml").write_text("year: 2023\nmeasures:\n  - measure: t99\n    status: done\n", encoding="utf-8")
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028"], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "3:14  feil RP401" in result.output
    assert "Planen «testby-2020-2024» har feil og blir ikke rullert" in result.output
    assert not (old_plan.parent / NEW).exists() and leftovers(old_plan.parent) == []


def test_a_plan_that_does_not_load_is_refused(old_plan):
    (old_plan / "plan.yaml").write_text(PLAN.replace("state: adopted", "state: godkjent"), encoding="utf-8")
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028"], env={"COLUMNS": "300"})
    assert result.exit_code == 1 and "RP103" in result.output
    assert not (old_plan.parent / NEW).exists()


# --- all or nothing ------------------------------------------------------------------------------


def crash_after_first_file(monkeypatch, error: BaseException):
    written: list[Path] = []
    real = atomic.write_file

    def write(path: Path, data, **kwargs) -> Path:
        if written:
            raise error
        done = real(path, data, **kwargs)
        written.append(path)
        return done

    monkeypatch.setattr(atomic, "write_file", write)
    return written


def test_a_crash_half_way_leaves_no_target_and_no_temporary_folder(old_plan, monkeypatch):
    written = crash_after_first_file(monkeypatch, RuntimeError("strømbrudd"))
    forward = roll(old_plan)
    target = old_plan.parent / NEW
    with pytest.raises(RuntimeError):
        writeplan.write_plan(writeplan.render(forward), target, NEW)
    assert len(written) == 1 and not written[0].exists()
    assert not target.exists() and leftovers(old_plan.parent) == []


def test_an_interrupt_half_way_leaves_nothing_either(old_plan, monkeypatch):
    crash_after_first_file(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        writeplan.write_plan(writeplan.render(roll(old_plan)), old_plan.parent / NEW, NEW)
    assert not (old_plan.parent / NEW).exists() and leftovers(old_plan.parent) == []


def test_a_disk_error_half_way_is_reported_and_leaves_nothing(old_plan, monkeypatch):
    crash_after_first_file(monkeypatch, OSError(28, "No space left on device"))
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "Planen kunne ikke skrives: disken er full (eller kvoten brukt opp). Ingenting er skrevet" in result.output
    assert not (old_plan.parent / NEW).exists() and leftovers(old_plan.parent) == []


def test_a_draft_that_does_not_validate_is_not_kept(old_plan):
    files = writeplan.render(roll(old_plan))
    files["focus-areas/barn-og-unge.yaml"] = files["focus-areas/barn-og-unge.yaml"].replace("id: partly-done\n", "id: not-done\n")
    target = old_plan.parent / NEW
    with pytest.raises(writeplan.DraftInvalid) as caught:
        writeplan.write_plan(files, target, NEW)
    assert [f.code for f in caught.value.findings] == ["RP201"]
    assert caught.value.findings[0].file == str(target / "focus-areas" / "barn-og-unge.yaml")
    assert not target.exists() and leftovers(old_plan.parent) == []


def test_file_names_cannot_leave_the_plan_folder(old_plan):
    with pytest.raises(ValueError):
        writeplan.write_plan({"../plan.yaml": "id: x\n"}, old_plan.parent / NEW, NEW)
    assert leftovers(old_plan.parent) == []


# --- round trip and readable YAML -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in PLANS.iterdir() if (p / "plan.yaml").is_file()))
def test_every_bundled_plan_rolls_forward_and_reads_back_identically(tmp_path, name):
    loaded = read_plan(PLANS / name)
    period = loaded.plan.meta.period
    forward = roll_forward(loaded.plan, Period(start=period.end, end=period.end + 4))
    target = tmp_path / forward.plan.id
    written = writeplan.write_plan(writeplan.render(forward), target, forward.plan.id, predecessor=loaded)
    assert [f for f in written if f.severity.value == "error"] == []
    back = read_plan(target)
    assert back.findings == [] and back.plan == forward.plan
    assert {f.code for f in writeplan.check_folder(target, loaded)} <= {"RP302", "RP301", "RP501", "RP502", "RP701", "RP702"}


def test_the_written_yaml_is_clean_and_readable(tmp_path):
    loaded = read_plan(PLANS / "molde-2020-2024")
    forward = roll_forward(loaded.plan, Period(start=2024, end=2028), today=dt.date(2024, 3, 1))
    files = writeplan.render(forward)
    for name, text in files.items():
        assert text.startswith("# Laget av rusplan roll-forward fra molde-2020-2024 2024-03-01.\n# Utkast til molde-2024-2028: "), name
        assert "\\x" not in text and "\\u" not in text, name
        assert yaml.safe_load(text) is not None
    area = files["focus-areas/barn-og-unge.yaml"]
    assert "title: Barn og unge\n" in area and "Opprette en funksjon som Miljøvaktmester" in files["evaluation.yaml"]
    assert "period:\n  start: 2024\n  end: 2028\n" in files["plan.yaml"]  # block style
    assert "  - name: Molde\n" in files["plan.yaml"]  # sequences indented, as the bundled plans
    assert "adoption" not in files["plan.yaml"] and "null" not in "".join(files.values()) and "[]" not in "".join(files.values())
    assert "deadline: 2021" not in area and "deadline: I planperioden" in area
    first = area[area.index("      - id: t1\n"):]
    assert first.splitlines()[:4] == ["      - id: t1", "        number: 1", "        title: >-",  # 78 characters do not fit after «title:»
                                      "          Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole"]
    assert "        title: Det skal utarbeides en overordnet strategi for SLT arbeidet i kommunen\n" in area  # these do
    assert "    description: |-\n" in area  # multi-line text as a literal block
    assert "title: >-\n" in area  # long text folded
    too_long = [line for text in files.values() for line in outside_literal_blocks(text) if len(line) > writeplan.WIDTH]
    assert too_long == []  # only text with line breaks of its own (a `|` block) may run longer


def outside_literal_blocks(text: str):
    """The lines of a YAML text that are not the content of a `|` block: those are the plan's own lines."""
    block_indent = None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            continue
        block_indent = indent if re.search(r"(:|^\s*-) \|[-+]?\d*$", line) else None
        yield line


def test_cost_and_deadline_keep_their_wording_or_their_explicit_meaning(tmp_path):
    area = AREA.replace("        cost: Innenfor ramme/tilskudd\n", "        cost: {text: Se budsjettet, within_budget: true}\n")
    area = area.replace("        deadline: I planperioden\n", "        deadline: {text: Våren 2027, kind: other}\n", 1)
    folder = write_plan(tmp_path / "plans", {**FILES, "focus-areas/barn-og-unge.yaml": area}, plan_id=OLD)
    forward = roll(folder)
    target = tmp_path / "plans" / NEW
    writeplan.write_plan(writeplan.render(forward), target, NEW, predecessor=read_plan(folder))
    text = (target / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8")
    assert "cost:\n          text: Se budsjettet\n          within_budget: true\n" in text
    assert "deadline:\n          text: Våren 2027\n          kind: other\n" in text
    assert "deadline: Årlig\n" in text and "deadline: 2026\n" in text  # plain wording where it means the same
    assert read_plan(target).plan == forward.plan


def test_norwegian_letters_are_written_as_letters(old_plan):
    result = runner.invoke(app, ["roll-forward", str(old_plan), "--to", "2024-2028"])
    assert result.exit_code == 0, result.output
    raw = (old_plan.parent / NEW / "plan.yaml").read_bytes()
    assert "Tøtlandvik".encode() in raw and b"\\xF8" not in raw and b"\\u00f8" not in raw.lower()
    area = (old_plan.parent / NEW / "focus-areas" / "barn-og-unge.yaml").read_text(encoding="utf-8")
    assert "title: Kurs i «Snakk om rus» for alle ansatte på ungdomsskolen" in area
    assert "- Færre unge debuterer tidlig" in area


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
@example("\x85")  # a YAML line break that Python does not count as one
@example(" " + "0" * 90)  # a long line led by a space must not be folded
@example("Tiltaket videreføres. " * 12)
def test_any_text_survives_the_dumper(text):
    data = {"title": text, "items": [{"note": text}]}
    assert yaml.safe_load(writeplan.dump(data, "Laget av en test\nmed to linjer")) == writeplan.prune(data)


@given(st.lists(st.sampled_from(["Tiltaket", "videreføres", "æøå", "ÆØÅ", "«Ungdata»", "–", "2021", "08:00", "ja:", "#", "\n", "  "]), max_size=60))
def test_plan_like_text_survives_the_dumper(words):
    text = " ".join(words)
    assert yaml.safe_load(writeplan.dump({"description": text})) == writeplan.prune({"description": text})


# --- the real revision pair ------------------------------------------------------------------------------


def raw(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected(folder: Path) -> dict[str, tuple[str, bool]]:
    """measure id -> (focus area, carried), worked out from the plan's files without rusplan's models."""
    latest: dict[str, dict] = {}
    for path in sorted((folder / "status").glob("*.yaml")):
        for item in raw(path)["measures"]:
            latest[item["measure"]] = item
    out = {}
    for area in raw(folder / "plan.yaml")["focus_areas"]:
        for goal in raw(folder / "focus-areas" / f"{area}.yaml").get("goals", []):
            for measure in goal.get("measures", []):
                item = latest.get(measure["id"])
                if item is None or item["status"] in ("planned", "in_progress", "partly_done", "not_done"):
                    carried = True
                elif measure.get("kind") == "responsibility" and item["status"] == "done":
                    carried = True
                else:
                    carried = bool(item.get("continued"))
                out[measure["id"]] = (area, carried)
    return out


@pytest.mark.parametrize(("name", "to", "left_out"), [
    ("molde-2020-2024", "2024-2028", {"t41"}),  # status/2022.yaml: Miljøvaktmester established
    ("molde-2016-2020", "2020-2024", None),
])
def test_molde_roll_forward_carries_what_the_reports_say(tmp_path, name, to, left_out):
    shutil.copytree(PLANS / name, tmp_path / "plans" / name)
    folder = tmp_path / "plans" / name
    new_id = derive_id(name, parse_period(to))
    out = tmp_path / "ut" / new_id
    out.parent.mkdir()
    result = runner.invoke(app, ["roll-forward", str(folder), "--to", to, "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    want = expected(folder)
    carried = {m for m, (_, c) in want.items() if c}
    if left_out is not None:
        assert set(want) - carried == left_out
    written = {m["carried_from"].split("/")[1] for path in (out / "focus-areas").glob("*.yaml")
               for goal in raw(path).get("goals", []) for m in goal.get("measures", [])}
    assert written == carried
    items = raw(out / "evaluation.yaml")["items"]
    assert [i["measure"] for i in items] == list(want)
    assert {i["measure"] for i in items if i["continued"]} == carried
    total = f"Totalt\\s*│\\s*{len(carried)}\\s*│\\s*{len(want) - len(carried)}\\s*│"
    assert re.search(total, result.output), result.output
    for area in raw(folder / "plan.yaml")["focus_areas"]:
        mine = [c for a, c in want.values() if a == area]
        title = raw(folder / "focus-areas" / f"{area}.yaml")["title"].split(",")[0]
        assert re.search(rf"{re.escape(title)}.*?│\s*{sum(mine)}\s*│\s*{len(mine) - sum(mine)}\s*│", result.output), (area, result.output)
    back = validate([out.parent])
    assert [f for f in back.findings if f.severity.value == "error"] == []


# --- RP701, RP702 --------------------------------------------------------------------------------------


def test_rp701_a_carried_measure_waits_for_a_deadline(make_plan):
    area = MINIMAL_AREA.replace("        deadline: 2021\n", "        review:\n          - deadline\n")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [("barn-og-unge.yaml", 15, 13, "RP701")]


def test_rp702_a_carried_measure_with_unknown_outcome(make_plan):
    area = MINIMAL_AREA.replace("        deadline: I planperioden\n", "        deadline: I planperioden\n        review: [outcome-unknown]\n")
    found = validate([make_plan({"focus-areas/barn-og-unge.yaml": area})]).findings
    assert [(Path(f.file).name, f.line, f.column, f.code, f.severity.value) for f in found] == [("barn-og-unge.yaml", 20, 18, "RP702", "info")]
    assert "fjern «outcome-unknown» fra review" in found[0].message()
    assert "remove «outcome-unknown» from review" in found[0].message("en")


def test_rp701_rp702_both_codes_point_at_their_own_line(make_plan):
    area = MINIMAL_AREA.replace("        deadline: 2021\n", "        review:\n          - outcome-unknown\n          - deadline\n")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == [
        ("barn-og-unge.yaml", 15, 13, "RP702"),
        ("barn-og-unge.yaml", 16, 13, "RP701"),
    ]


@pytest.mark.parametrize("review", ["[]", "[annet]"])
def test_rp701_rp702_are_quiet_once_decided(make_plan, review):
    area = MINIMAL_AREA.replace("        deadline: 2021\n", f"        deadline: 2022\n        review: {review}\n")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == []


def test_rp701_can_be_silenced_in_place(make_plan):
    area = MINIMAL_AREA.replace("        deadline: 2021\n", "        review:\n          - deadline  # rusplan: ignore RP701\n")
    assert findings(make_plan({"focus-areas/barn-og-unge.yaml": area})) == []


def test_a_draft_written_inside_the_repository_carries_the_editor_modelines(tmp_path, monkeypatch):
    """Like the bundled plans, every file of a draft in plans/ points VS Code at its schema."""
    from typer.testing import CliRunner

    from conftest import PLANS
    from rusplan.cli import app

    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    (repo / "plans").mkdir()
    import shutil

    shutil.copytree(PLANS / "molde-2020-2024", repo / "plans" / "molde-2020-2024")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["roll-forward", "plans/molde-2020-2024", "--to", "2024-2028"])
    assert result.exit_code == 0, result.output
    draft = repo / "plans" / "molde-2024-2028"
    assert (draft / "plan.yaml").read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../../schemas/plan.schema.json"
    assert (draft / "focus-areas" / "bolig.yaml").read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../../schemas/focus-area.schema.json"
    )

"""The licence register and control logs: each rule on both sides of its limit.

Every case starts from the bundled, invented example plan (plans/eksempel-alkohol-2025-2028),
which is clean, and changes one thing in a copy of it: the finding appears, positioned on
the line that was changed, worded in Norwegian; the unchanged side of the limit stays clean.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import PLANS
from rusplan.validate import validate

EXAMPLE = PLANS / "eksempel-alkohol-2025-2028"
LICENCES = "alcohol/licences.yaml"
LOG = "alcohol/controls/2025.yaml"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / EXAMPLE.name
    shutil.copytree(EXAMPLE, target)
    return target


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str, nth: int = 1) -> int:
    """The line `needle` is on (the nth such line); a needle ending in «$» must end the line."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    whole = needle.endswith("$")
    hits = [i + 1 for i, line in enumerate(lines) if (line.endswith(needle[:-1]) if whole else needle in line)]
    return hits[nth - 1]


def found(folder: Path, code: str):
    return [f for f in validate([folder]).findings if f.code == code]


def test_the_example_plan_is_clean_and_keeps_a_register_and_a_log(plan):
    result = validate([plan])
    assert result.findings == []
    loaded = result.plans["eksempel-alkohol-2025-2028"].plan
    assert len(loaded.licences.outlets) == 8
    assert len(loaded.controls[2025].controls) == 18


# --- § 9-7: every outlet once, three times as many controls as outlets -----------------------


def test_rp611_an_outlet_without_a_control_in_a_finished_year(plan):
    edit(plan, LOG, "outlet: kafe-brygga", "outlet: hotell-sentrum", count=1)
    edit(plan, LOG, "outlet: kafe-brygga", "outlet: hotell-sentrum", count=1)
    assert found(plan, "RP611") == []  # one control left: controlled once is enough for RP611
    edit(plan, LOG, "outlet: kafe-brygga", "outlet: hotell-sentrum", count=1)
    (finding,) = found(plan, "RP611")
    assert (Path(finding.file).name, finding.line, finding.column) == ("licences.yaml", line_of(plan, LICENCES, "- id: kafe-brygga"), 5)
    assert finding.message() == (
        "«Kafé Brygga» hadde bevilling i 2025, men står ikke i kontrolloggen for 2025 (alcohol/controls/2025.yaml). "
        "Hvert sted skal kontrolleres minst én gang i året (alkoholforskriften § 9-7): før inn kontrollen, eller rett bevillingens gyldighet."
    )


def test_rp611_waits_for_the_year_to_be_complete(plan):
    edit(plan, LOG, "outlet: kafe-brygga", "outlet: hotell-sentrum", count=3)
    assert len(found(plan, "RP611")) == 1
    edit(plan, LOG, "complete: true", "complete: false")
    assert found(plan, "RP611") == []


def test_rp611_does_not_count_vinmonopolet_single_occasions_or_expired_licences(plan):
    edit(plan, LICENCES, "valid_to: 2028-09-30\n        conditions:", "valid_to: 2024-12-31\n        conditions:")
    edit(plan, LOG, "outlet: bensin-nord", "outlet: dagligvare-torget", count=3)
    assert found(plan, "RP611") == []


def register_with(outlets: int) -> str:
    rows = "\n".join(
        f"  - {{id: sted-{i}, name: Sted {i}, licences: [{{id: sted-{i}-salg, kind: sales, groups: [1], valid_from: 2024-10-01, valid_to: 2028-09-30}}]}}"
        for i in range(outlets)
    )
    return "outlets:\n" + rows + "\n"


def log_with(controls: int, outlets: int) -> str:
    rows = "\n".join(f"  - {{date: 2025-0{1 + i % 9}-10, outlet: sted-{i % outlets}, kind: sales, controllers: 1}}" for i in range(controls))
    return f"year: 2025\ncomplete: true\ncontrols:\n{rows}\n"


@pytest.mark.parametrize(("controls", "expected"), [(29, 1), (30, 0)], ids=["2.9x", "3x"])
def test_rp612_three_times_as_many_controls_as_outlets(plan, controls, expected):
    shutil.rmtree(plan / "alcohol")
    (plan / "alcohol" / "controls").mkdir(parents=True)
    (plan / LICENCES).write_text(register_with(10), encoding="utf-8")
    (plan / LOG).write_text(log_with(controls, 10), encoding="utf-8")
    edit(plan, "plan.yaml", "  - name: Prøvedal\n", "")
    findings = found(plan, "RP612")
    assert len(findings) == expected
    if findings:
        assert (Path(findings[0].file).name, findings[0].line, findings[0].column) == ("2025.yaml", 3, 1)
        assert findings[0].message().startswith("29 kontroller i 2025, men 10 salgs- og skjenkesteder med bevilling krever minst 30")


def test_rp612_counts_each_municipality_of_an_inter_municipal_plan_by_itself(plan):
    # Prøvedal has 2 outlets and 6 controls; moving one of them to Eksempelby leaves Prøvedal short.
    edit(plan, LOG, "outlet: naerbutikken-provedal", "outlet: dagligvare-torget")
    (finding,) = found(plan, "RP612")
    assert finding.message().startswith("5 kontroller i 2025 i Prøvedal, men 2 salgs- og skjenkesteder med bevilling krever minst 6")
    assert "in Prøvedal" in finding.message("en")


# --- § 9-5: who carries out a control --------------------------------------------------------


def test_rp613_a_serving_control_needs_two_controllers_a_sales_control_one(plan):
    assert found(plan, "RP613") == []  # sales controls with 1, serving controls with 2
    edit(plan, LOG, "time: \"23:10\", outlet: kafe-brygga, kind: serving, controllers: 2", "time: \"23:10\", outlet: kafe-brygga, kind: serving, controllers: 1")
    (finding,) = found(plan, "RP613")
    line = line_of(plan, LOG, "23:10")
    assert (finding.line, finding.column) == (line, (plan / LOG).read_text().splitlines()[line - 1].index("controllers") + 14)
    assert finding.message() == (
        "Skjenkekontroll av «Kafé Brygga» 22.03.2025 ble gjort av 1 kontrollør(er); det skal være minst 2 (alkoholforskriften § 9-5). "
        "Rett antallet, eller skriv i note hvorfor."
    )


def test_rp613_the_register_can_ask_for_more_controllers(plan):
    edit(plan, LICENCES, "min_controllers_sales: 1", "min_controllers_sales: 2")
    assert len(found(plan, "RP613")) == 6  # the sales controls carried out by one controller


# --- kapittel 10: penalty points and withdrawal ----------------------------------------------


def test_rp614_points_other_than_the_regulations_need_a_reason(plan):
    assert found(plan, "RP614") == []  # 2 points for «intoxicated», with a note
    edit(plan, LOG, "        note: Færre prikker fordi gjesten ble bortvist straks og stedet selv varslet kontrollørene (formildende).\n", "")
    (finding,) = found(plan, "RP614")
    assert (finding.line, finding.column, finding.severity.value) == (line_of(plan, LOG, "points: 2"), 17, "warning")
    assert finding.message() == (
        "2 prikker for «salg eller skjenking til åpenbart påvirket person», men forskriften gir 4 (alkoholforskriften § 10-3). "
        "Avvik krever særlige omstendigheter: begrunn det i note, eller rett antallet."
    )


def drop_withdrawal(folder: Path) -> None:
    text = (folder / LICENCES).read_text(encoding="utf-8")
    (folder / LICENCES).write_text(text[: text.index("        withdrawals:")], encoding="utf-8")


def test_rp615_twelve_points_within_two_years_without_a_withdrawal(plan):
    assert found(plan, "RP615") == []  # 8 + 4 = 12, and the withdrawal is recorded
    drop_withdrawal(plan)
    (finding,) = found(plan, "RP615")
    assert (Path(finding.file).name, finding.line, finding.column) == ("2025.yaml", line_of(plan, LOG, "category: hours"), 9)
    assert finding.message() == (
        "«Pub Prøvedal» (pub-provedal-skjenking) har fått 12 prikker innen to år: "
        "8 prikker 05.04.2025 (salg eller skjenking til person under 18 år); 4 prikker 27.09.2025 (brudd på salgs-, utleverings- eller skjenketiden). "
        "Kommunestyret skal inndra bevillingen i én uke, lenger ved mer enn 12 prikker (alkoholforskriften § 10-2). "
        "Før vedtaket under withdrawals i alcohol/licences.yaml."
    )
    assert "8 points on 05.04.2025 (sale or serving to a person under 18)" in finding.message("en")


def test_rp615_eleven_points_are_not_yet_a_withdrawal(plan):
    drop_withdrawal(plan)
    edit(plan, LOG, "      - category: hours\n        text: Skjenking etter kl. 02.00.",
         "      - category: internal_control\n      - category: advertising\n        text: Plakat for øl i vinduet.")
    assert found(plan, "RP615") == []  # 8 + 2 + 1 = 11
    edit(plan, LOG, "      - category: advertising\n", "      - category: advertising\n      - category: fee\n")
    assert len(found(plan, "RP615")) == 1  # 8 + 2 + 1 + 2 = 13


def test_rp615_like_breaches_in_one_control_count_once(plan):
    drop_withdrawal(plan)
    edit(plan, LOG, "      - category: hours\n        text: Skjenking etter kl. 02.00.", "      - category: internal_control\n      - category: internal_control")
    assert found(plan, "RP615") == []  # 8 + 2, not 8 + 2 + 2


def test_rp615_counts_two_years_from_the_dates_of_the_breaches(plan):
    drop_withdrawal(plan)
    edit(plan, LOG, "category: hours\n        text: Skjenking etter kl. 02.00.", "category: hours\n        points: 0\n        note: Frafalt etter klage.")
    later = "year: 2027\ncomplete: true\ncontrols:\n  - {date: DATE, outlet: pub-provedal, kind: serving, controllers: 2, breaches: [{category: hours}]}\n"
    (plan / "alcohol/controls/2027.yaml").write_text(later.replace("DATE", "2027-04-05"), encoding="utf-8")
    assert found(plan, "RP615") == []  # exactly two years later: the 8 points no longer count
    (plan / "alcohol/controls/2027.yaml").write_text(later.replace("DATE", "2027-04-04"), encoding="utf-8")
    assert len(found(plan, "RP615")) == 1


# --- hours: § 3-7 and § 4-4, and the municipality's own -----------------------------------


def test_rp616_group_1_sales_until_20_not_a_minute_later(plan):
    assert found(plan, "RP616") == []  # Bensinstasjon Nord sells until 19:59
    edit(plan, LICENCES, 'to: "19:59"', 'to: "20:01"')
    (finding,) = found(plan, "RP616")
    assert (finding.line, finding.column) == (line_of(plan, LICENCES, "20:01"), 21)
    assert finding.message() == (
        "Bevillingen «bensin-nord-salg» har salgstid 09:00–20:01 (hverdager), utenfor lovens ramme 08:00–20:00 for gruppe 1 (alkoholloven § 3-7). Rett salgstiden."
    )


def test_rp616_before_sundays_until_18_and_never_on_sundays(plan):
    sunday = '\n          sundays_and_holidays: {from: "12:00", to: "16:00"}'
    edit(plan, LICENCES, 'before_holidays: {from: "09:00", to: "18:00"}', 'before_holidays: {from: "09:00", to: "18:01"}' + sunday)
    findings = found(plan, "RP616")
    assert [f.line for f in findings] == [line_of(plan, LICENCES, "18:01"), line_of(plan, LICENCES, "sundays_and_holidays")]
    assert "salg av gruppe 1 er ikke tillatt da (alkoholloven § 3-7)" in findings[1].message()


def test_rp617_serving_until_03_and_group_3_within_groups_1_and_2(plan):
    edit(plan, LICENCES, 'group_1_2: {from: "10:00", to: "02:00"}', 'group_1_2: {from: "10:00", to: "03:00"}')
    assert found(plan, "RP617") == []
    edit(plan, LICENCES, 'group_1_2: {from: "10:00", to: "03:00"}', 'group_1_2: {from: "10:00", to: "03:01"}')
    (finding,) = found(plan, "RP617")
    assert finding.line == line_of(plan, LICENCES, "03:01")
    assert "utenfor lovens ramme 06:00–03:00 (alkoholloven § 4-4)" in finding.message()


def test_rp617_group_3_not_after_the_licences_own_group_1_2_hours(plan):
    edit(plan, LICENCES, 'group_3: {from: "13:00", to: "01:00"}', 'group_3: {from: "13:00", to: "02:30"}')
    (finding,) = found(plan, "RP617")
    assert finding.line == line_of(plan, LICENCES, "02:30")
    assert finding.message().startswith(
        "Bevillingen «hotell-sentrum-skjenking» skjenker gruppe 3 13:00–02:30, utenfor sin egen skjenketid for gruppe 1 og 2 (10:00–02:00)."
    )


def test_rp617_outdoor_serving_too(plan):
    edit(plan, LICENCES, 'group_1_2: {from: "12:00", to: "23:00"}', 'group_1_2: {from: "05:59", to: "23:00"}')
    (finding,) = found(plan, "RP617")
    assert "(gruppe 1 og 2, ute)" in finding.message()


def test_rp618_a_licence_within_the_law_but_outside_the_municipalitys_hours(plan):
    edit(plan, LICENCES, 'group_1_2: {from: "12:00", to: "01:00"}', 'group_1_2: {from: "12:00", to: "02:30"}')
    assert found(plan, "RP617") == []
    (finding,) = found(plan, "RP618")
    assert (finding.line, finding.severity.value) == (line_of(plan, LICENCES, "02:30"), "warning")
    assert finding.message().startswith(
        "Bevillingen «kafe-brygga-skjenking» har skjenketid 12:00–02:30 (gruppe 1 og 2), utenfor kommunens egne tider i alcohol.yaml (10:00–02:00)."
    )
    edit(plan, LICENCES, 'group_1_2: {from: "12:00", to: "02:30"}', 'group_1_2: {from: "12:00", to: "02:00"}')
    assert found(plan, "RP618") == []


# --- § 1-6: the licence period ----------------------------------------------------------------


def test_rp619_a_licence_past_30_september_after_the_election(plan):
    edit(plan, LICENCES, "valid_to: 2028-09-30", "valid_to: 2028-10-01")
    (finding,) = found(plan, "RP619")
    assert (finding.line, finding.column) == (line_of(plan, LICENCES, "2028-10-01"), 19)
    assert finding.message().startswith("Bevillingen «dagligvare-torget-salg» gjelder til 2028-10-01, men bevillingsperioden slutter 2028-09-30")


def test_rp619_a_licence_from_the_previous_period_needs_a_decision_to_continue(plan):
    assert found(plan, "RP619") == []  # Pub Prøvedal: from 2020, continued by the council in 2024
    edit(plan, LICENCES, "        continued: {date: 2024-06-20, body: kommunestyret, case: 24/77}\n", "")
    (finding,) = found(plan, "RP619")
    assert "bevillingsperioden slutter 2024-09-30" in finding.message()


def test_rp619_a_licence_without_an_end(plan):
    edit(plan, LICENCES, "        valid_to: 2028-09-30\n        decision:", "        decision:")
    (finding,) = found(plan, "RP619")
    assert finding.message() == (
        "Bevillingen «dagligvare-torget-salg» har ingen sluttdato; en salgs- eller skjenkebevilling opphører senest 2028-09-30 "
        "(alkoholloven § 1-6). Sett valid_to."
    )


# --- counts, references, ids --------------------------------------------------------------------


def test_rp620_counts_in_alcohol_yaml_agree_with_the_register(plan):
    edit(plan, "alcohol.yaml", "controls_per_outlet: 3\n", "controls_per_outlet: 3\nsales_licences: 3\nserving_licences: 3\n")
    assert found(plan, "RP620") == []
    edit(plan, "alcohol.yaml", "sales_licences: 3", "sales_licences: 4")
    (finding,) = found(plan, "RP620")
    assert (Path(finding.file).name, finding.line, finding.column) == ("alcohol.yaml", 5, 17)
    assert "har 3 steder med slik bevilling i planperioden" in finding.message()


@pytest.mark.parametrize(("controls", "expected"), [(17, 1), (18, 0)])
def test_rp601_counts_the_outlets_from_the_register(plan, controls, expected):
    edit(plan, "alcohol.yaml", "controls_per_outlet: 3\n", f"controls_per_year: {controls}\nsales_licences: 8\n")
    assert len(found(plan, "RP601")) == expected  # 6 outlets in the register, not 8 + 0 counted by hand


def test_rp621_a_control_of_an_outlet_not_in_the_register(plan):
    edit(plan, LOG, "outlet: kafe-brygga", "outlet: kafe-bryga")
    (finding,) = found(plan, "RP621")
    line = line_of(plan, LOG, "kafe-bryga,")
    assert (finding.line, finding.column) == (line, (plan / LOG).read_text().splitlines()[line - 1].index("kafe-bryga") + 1)
    assert finding.message() == "Kontrollen gjelder stedet «kafe-bryga», som ikke finnes i alcohol/licences.yaml. Rett id-en, eller legg stedet inn i registeret."


def test_rp622_an_outlet_in_a_municipality_outside_the_plan(plan):
    edit(plan, LICENCES, "municipality: Prøvedal", "municipality: Prøvdal")
    (finding,) = found(plan, "RP622")
    assert finding.line == line_of(plan, LICENCES, "Prøvdal")
    assert finding.message() == "Stedet «Nærbutikken Prøvedal» ligger i «Prøvdal», som ikke er blant planens kommuner (Eksempelby, Prøvedal). Rett kommunenavnet."


def test_rp623_the_same_id_twice_in_the_register(plan):
    edit(plan, LICENCES, "  - id: bensin-nord\n", "  - id: dagligvare-torget\n")
    (finding,) = found(plan, "RP623")
    assert finding.line == line_of(plan, LICENCES, "- id: dagligvare-torget$", nth=2)
    first = line_of(plan, LICENCES, "- id: dagligvare-torget$")
    assert finding.message() == f"Id-en «dagligvare-torget» er brukt før i alcohol/licences.yaml (linje {first}). Gi stedet en ny id."


# --- reading the files -----------------------------------------------------------------------------


def test_a_log_whose_year_is_not_its_file_name(plan):
    (plan / LOG).rename(plan / "alcohol/controls/2024.yaml")
    (finding,) = [f for f in validate([plan]).findings if f.code == "RP207"]
    assert finding.file.endswith("alcohol/controls/2024.yaml") and finding.line == 4


def test_an_unknown_file_in_the_alcohol_folder_is_warned_about(plan):
    (plan / "alcohol/notater.yaml").write_text("a: 1\n", encoding="utf-8")
    (finding,) = [f for f in validate([plan]).findings if f.code == "RP008"]
    assert "«alcohol/notater.yaml»" in finding.message()


def test_schema_errors_in_the_register_are_positioned_and_norwegian(plan):
    edit(plan, LICENCES, "kind: serving\n        groups: [1, 2]\n        serving_hours:\n          group_1_2: {from: \"12:00\"",
         "kind: skjenking\n        groups: [1, 2]\n        serving_hours:\n          group_1_2: {from: \"12:00\"")
    (finding,) = validate([plan]).findings
    assert (finding.code, finding.line, finding.column) == ("RP103", line_of(plan, LICENCES, "kind: skjenking"), 15)
    assert "må være en av: sales, serving, ambulatory, single_occasion, monopoly" in finding.message()


def test_a_breach_of_another_kind_must_say_its_points(plan):
    edit(plan, LOG, "      - category: internal_control\n", "      - category: other\n")
    (finding,) = validate([plan]).findings
    assert finding.code == "RP103" and "et brudd av typen other må oppgi points" in finding.message()


def test_a_plan_with_only_alcohol_yaml_keeps_working(make_plan):
    counts = textwrap.dedent("""\
        sales_licences: 8
        serving_licences: 6
        controls_per_outlet: 3
    """)
    result = validate([make_plan({"alcohol.yaml": counts})])
    assert result.findings == []
    assert next(iter(result.plans.values())).plan.licences is None


def test_a_large_register_and_log_are_checked_in_linear_time(plan):
    """Thousands of outlets in as many «municipalities» and thousands of breaches at one outlet: seconds, not minutes."""
    import time

    outlets = "\n".join(
        f"  - {{id: sted-{i}, name: Sted {i}, municipality: Kommune {i}, licences: [{{id: lic-{i}, kind: sales, groups: [1], "
        f"valid_from: 2024-10-01, valid_to: 2028-09-30}}]}}"
        for i in range(3000)
    )
    (plan / LICENCES).write_text(f"outlets:\n{outlets}\n", encoding="utf-8")
    days = [f"2025-{1 + d // 28:02d}-{1 + d % 28:02d}" for d in range(12 * 28)]
    controls = "\n".join(f"  - {{date: {days[i % len(days)]}, outlet: sted-0, kind: sales, breaches: [{{category: advertising}}]}}" for i in range(6000))
    (plan / LOG).write_text(f"year: 2025\ncomplete: true\ncontrols:\n{controls}\n", encoding="utf-8")
    started = time.perf_counter()
    result = validate([plan])
    elapsed = time.perf_counter() - started
    assert len([f for f in result.findings if f.code == "RP615"]) == 500  # every 12 points a withdrawal is due
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_impossible_groups_and_dates_in_the_register_are_explained(plan):
    edit(plan, LICENCES, "groups: [1, 2, 3]", "groups: [1, 2, 4]")
    edit(plan, LICENCES, "valid_from: 2020-10-01", "valid_from: 2029-10-01")
    found = sorted(validate([plan]).findings)
    assert [(f.code, f.line) for f in found] == [("RP103", line_of(plan, LICENCES, "[1, 2, 4]")), ("RP103", line_of(plan, LICENCES, "- id: pub-provedal-skjenking"))]
    assert found[0].message() == "Ugyldig verdi for «groups»: alkoholgruppe 4 finnes ikke (bruk 1, 2 eller 3)."
    assert "gyldig til (2028-09-30) er før gyldig fra (2029-10-01)" in found[1].message()

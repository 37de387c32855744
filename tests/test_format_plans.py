"""Issue 13: the plan format for every municipality, one part at a time.

Each part: a plan that uses it validates, renders and exports as described;
a plan that misuses it gets a finding in Norwegian, at the line it is about.
"""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from typer.testing import CliRunner

from conftest import PLANS
from rusplan import export
from rusplan.cli import app
from rusplan.planfolder import read_plan
from rusplan.render import build_context, render
from rusplan.validate import validate

runner = CliRunner()
EXAMPLE = PLANS / "example-interkommunal-2024-2027"


def findings(folder, code=None):
    found = validate([folder]).findings
    return [f for f in found if code is None or f.code == code]


def where(finding):
    return finding.file.rsplit("/", 1)[1], finding.line, finding.column


def markdown(folder, report="plan", **kw):
    plan = read_plan(folder).plan
    assert plan is not None
    return render(report, "md", build_context(folder, plan, report, **kw))


def csv_rows(folder):
    data = export.export(read_plan(folder).plan, "csv")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# --- the bundled example ------------------------------------------------------------------------


def test_the_bundled_example_validates_with_no_findings_and_says_it_is_made_up():
    assert findings(EXAMPLE) == []
    assert "OPPDIKTET EKSEMPEL – ikke en ekte plan" in (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    assert "(oppdiktet eksempel)" in read_plan(EXAMPLE).plan.meta.title


# --- 1. inter-municipal plans -------------------------------------------------------------------

INTERMUNICIPAL = """\
id: testby-2020-2024
title: Interkommunal plan
municipalities:
  - {name: Testby, responsible: true}
  - {name: Nabovik}
period: {start: 2020, end: 2024}
state: adopted
adoption:
  - municipality: Testby
    date: 2020-06-18
    body: Testby kommunestyre
  - municipality: Nabovik
focus_areas: [barn-og-unge]
"""


def test_an_inter_municipal_plan_lists_its_municipalities_and_each_council(make_plan):
    folder = make_plan({"plan.yaml": INTERMUNICIPAL})
    assert findings(folder) == []
    text = markdown(folder)
    assert "- **Kommuner:** Testby og Nabovik (Testby har ansvaret for rulleringen)" in text
    assert "- **Vedtatt i Testby:** Testby kommunestyre, 18. juni 2020" in text
    assert "- **Vedtatt i Nabovik:** kommunestyret, dato ikke kjent" in text
    status = json.loads(runner.invoke(app, ["show", str(folder)]).output)
    assert [a["municipality"] for a in status["adoption"]] == ["Testby", "Nabovik"]


def test_the_example_names_the_rotating_lead_and_figures_per_municipality():
    text = markdown(EXAMPLE)
    assert "(Fjellby 2024–2025 og Dalvik 2026–2027 har ansvaret for rulleringen)" in text
    assert "| Ungdomsskoleelever som har vært tydelig beruset | Dalvik |" in text
    assert "**Ungdomsskoleelever som har vært tydelig beruset** (Fjellby). Kilde: Ungdata." in text  # the trend of each municipality
    assert read_plan(EXAMPLE).plan.alcohol.municipality == "Fjellby"


def test_a_council_that_is_not_one_of_the_plans_municipalities_is_an_error_with_a_guess(make_plan):
    folder = make_plan({"plan.yaml": INTERMUNICIPAL.replace("  - municipality: Nabovik", "  - municipality: Nabovk")})
    [found] = findings(folder, "RP209")
    assert where(found) == ("plan.yaml", 12, 19)
    assert found.message() == ("Kommunen «Nabovk» er ikke en av planens kommuner (Testby, Nabovik). Mente du «Nabovik»? "
                               "Skriv navnet som under municipalities i plan.yaml, eller legg kommunen til der.")


def test_an_indicator_for_an_unknown_municipality_is_an_error(make_plan):
    indicators = "indicators:\n  - id: x\n    title: Tall\n    municipality: Oslo\n    values: {2020: 1}\n"
    folder = make_plan({"plan.yaml": INTERMUNICIPAL, "indicators.yaml": indicators})
    [found] = findings(folder, "RP209")
    assert where(found) == ("indicators.yaml", 4, 19) and "«Oslo»" in found.message()


def test_an_adoption_without_its_municipality_and_two_leads_at_once_are_warnings(make_plan):
    text = INTERMUNICIPAL.replace("  - municipality: Nabovik", "  - body: Nabovik kommunestyre").replace("{name: Nabovik}", "{name: Nabovik, responsible: true}")
    folder = make_plan({"plan.yaml": text})
    [adoption] = findings(folder, "RP211")
    assert where(adoption) == ("plan.yaml", 12, 5)
    assert adoption.message().startswith("Vedtak nr. 2 sier ikke hvilken kommune som vedtok planen.")
    [lead] = findings(folder, "RP210")
    assert where(lead) == ("plan.yaml", 5, 34) and "Både Testby og Nabovik har responsible: true" in lead.message()


def test_adoption_entries_are_checked_field_by_field_at_their_line(make_plan):
    folder = make_plan({"plan.yaml": INTERMUNICIPAL.replace("    body: Testby kommunestyre", "    unanimous: kanskje")})
    [found] = findings(folder, "RP103")
    assert where(found) == ("plan.yaml", 11, 16)
    assert found.message() == "Ugyldig verdi for «unanimous»: skal være true eller false."


def test_init_takes_several_municipalities_and_the_first_leads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "plans/fjellby-2024-2027", "--no-interactive", "-m", "Fjellby", "-m", "Dalvik, Strandvik"])
    assert result.exit_code == 0, result.output
    meta = read_plan(tmp_path / "plans" / "fjellby-2024-2027").meta
    assert [(m.name, m.responsible) for m in meta.municipalities] == [("Fjellby", True), ("Dalvik", False), ("Strandvik", False)]
    assert meta.title == "Interkommunal ruspolitisk handlingsplan for Fjellby, Dalvik og Strandvik 2024–2027"
    assert "#   - municipality: Strandvik" in (tmp_path / "plans" / "fjellby-2024-2027" / "plan.yaml").read_text(encoding="utf-8")


def test_init_asks_for_several_municipalities_as_a_comma_list(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = "Fjellby, Dalvik\n\n\n\n\n\nForebygging\n"
    result = runner.invoke(app, ["init", "plans/fjellby-2024-2027", "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    meta = read_plan(tmp_path / "plans" / "fjellby-2024-2027").meta
    assert [m.name for m in meta.municipalities] == ["Fjellby", "Dalvik"]


def test_init_counts_a_municipality_given_twice_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "plans/fjellby-2024-2027", "--no-interactive", "-m", "Fjellby", "-m", "Fjellby,Dalvik"])
    assert result.exit_code == 0, result.output
    assert [m.name for m in read_plan(tmp_path / "plans" / "fjellby-2024-2027").meta.municipalities] == ["Fjellby", "Dalvik"]


# --- 2. responsible per goal -------------------------------------------------------------------

GOAL_RESPONSIBLE = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats
    responsible: [Skole, Helsestasjonen, NAV]
    measures:
      - {id: t1, number: 1, title: Foreldremøter om rus}
      - {id: t2, number: 2, title: Ungdata, responsible: [Kommunalsjef]}
"""


def test_a_goals_responsible_applies_to_measures_without_their_own(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": GOAL_RESPONSIBLE})
    assert findings(folder, "RP302") == []
    shown = json.loads(runner.invoke(app, ["show", str(folder)]).output)
    m1, m2 = shown["focus_areas"][0]["goals"][0]["measures"]
    assert (m1["responsible"], m1["responsible_from"]) == (["Skole", "Helsestasjonen", "NAV"], "goal")
    assert (m2["responsible"], m2["responsible_from"]) == (["Kommunalsjef"], "measure")
    text = markdown(folder)
    assert text.count("Skole, Helsestasjonen, NAV") == 1  # once, at the goal
    assert "**Ansvarlig:** Skole, Helsestasjonen, NAV (for tiltak under Mål 1 uten egen ansvarlig)" in text
    assert "| 1 | Foreldremøter om rus | se Mål 1 |" in text
    assert csv_rows(folder)[1][4] == "Skole, Helsestasjonen, NAV"  # a spreadsheet row stands alone


def test_the_status_report_counts_a_goals_units_for_each_of_its_measures(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": GOAL_RESPONSIBLE,
                        "status/2022.yaml": "year: 2022\nmeasures:\n  - {measure: t1, status: done}\n"})
    plan = read_plan(folder).plan
    units = {u.name: [r.measure.id for r in u.measures] for u in build_context(folder, plan, "status", year=2022)["units"]}
    assert units == {"Helsestasjonen": ["t1"], "Kommunalsjef": ["t2"], "NAV": ["t1"], "Skole": ["t1"]}


def test_a_measure_with_neither_its_own_nor_its_goals_responsible_is_still_reported(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": GOAL_RESPONSIBLE.replace("    responsible: [Skole, Helsestasjonen, NAV]\n", "")})
    [found] = findings(folder, "RP302")
    assert where(found) == ("barn-og-unge.yaml", 9, 14)
    shown = json.loads(runner.invoke(app, ["show", str(folder)]).output)
    assert shown["focus_areas"][0]["goals"][0]["measures"][0]["responsible_from"] is None


# --- 3. the plan's own words for its levels ---------------------------------------------------------


def test_the_plans_own_words_head_reports_and_exports(make_plan):
    plan_yaml = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    assert "focus_area: Innsatsområde" in plan_yaml
    text = markdown(EXAMPLE)
    assert "### Delmål 1: Utsette alkoholdebuten" in text and "**Målsettinger:**" in text
    assert "- **Tiltak:** 5 i 2 innsatsområder" in text and "## Oversikt over tiltak" in text
    assert "Fokusområde" not in text and "Resultatmål" not in text
    folder = make_plan({"plan.yaml": "id: testby-2020-2024\ntitle: T\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\n"
                                     "state: draft\nfocus_areas: [barn-og-unge]\nterms: {focus_area: Satsingsområde, goal: Hovedmål, measure: Aktivitet}\n"})
    header = csv_rows(folder)[0]
    assert header[:4] == ["Satsingsområde", "Hovedmål", "Nr.", "Aktivitet"]
    text = markdown(folder)
    assert "#### Aktivitet 1: Utarbeide felles prosedyre" in text and "| Nr. | Aktivitet | Ansvarlig |" in text
    assert "## Oversikt over aktiviteter" in text


def test_a_misspelt_level_name_is_an_unknown_key_with_a_guess(make_plan):
    folder = make_plan({"plan.yaml": "id: testby-2020-2024\ntitle: T\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\n"
                                     "state: draft\nfocus_areas: [barn-og-unge]\nterms:\n  goals: Delmål\n"})
    [found] = findings(folder, "RP101")
    assert where(found) == ("plan.yaml", 8, 3)
    assert found.message() == "Ukjent nøkkel «goals». Mente du «goal»? Rett skrivefeilen eller fjern nøkkelen."


# --- 4. unnumbered measures ---------------------------------------------------------------------

UNNUMBERED = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: g1
    number: 1
    title: Tidlig innsats
    measures:
      - {id: foreldre, title: Foreldremøter, responsible: [Skole]}
      - {id: ungdata, title: Ungdata, responsible: [Skole]}
  - id: g2
    number: 2
    title: Bolig
    measures:
      - {id: bolig, title: Boligteam, responsible: [NAV]}
"""


def test_unnumbered_measures_get_a_quotable_reference_everywhere(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": UNNUMBERED})
    assert findings(folder) == []
    text = markdown(folder)
    assert "| 1.2 | Ungdata | Skole |" in text and "| 2.1 | Boligteam | NAV |" in text
    assert "#### Tiltak 2.1: Boligteam" in text
    assert [row[2] for row in csv_rows(folder)[1:]] == ["1.1", "1.2", "2.1"]
    shown = json.loads(runner.invoke(app, ["show", str(folder)]).output)
    assert [m["reference"] for g in shown["focus_areas"][0]["goals"] for m in g["measures"]] == ["1.1", "1.2", "2.1"]


def test_goal_numbers_that_start_again_in_each_area_are_quoted_with_the_area():
    references = read_plan(EXAMPLE).plan.references()
    assert references["ungdata"] == "1.1.2" and references["ettervern"] == "2.1.2"


def test_roll_forward_keeps_ids_and_leaves_unnumbered_measures_unnumbered(make_plan, tmp_path):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": UNNUMBERED})
    out = tmp_path / "testby-2024-2028"
    result = runner.invoke(app, ["roll-forward", str(folder), "--to", "2024-2028", "--out", str(out)])
    assert result.exit_code == 0, result.output
    plan = read_plan(out).plan
    assert [(m.id, m.number, m.carried_from) for _, _, m in plan.measures()] == [
        ("foreldre", None, "testby-2020-2024/foreldre"), ("ungdata", None, "testby-2020-2024/ungdata"), ("bolig", None, "testby-2020-2024/bolig")]


def test_a_goal_that_numbers_some_measures_but_not_others_gets_a_warning(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": UNNUMBERED.replace("{id: ungdata, title", "{id: ungdata, number: 2, title")})
    [found] = findings(folder, "RP205")
    assert where(found) == ("barn-og-unge.yaml", 9, 14)
    assert found.message() == "Tiltak «foreldre» har ikke nummer, men andre under Mål 1 har. Gi alle under Mål 1 nummer, eller ingen."


# --- 6. dates as plans give them ---------------------------------------------------------------------


def test_dates_as_the_example_gives_them():
    meta = read_plan(EXAMPLE).plan.meta
    assert (meta.previous_adoption, meta.next_revision, meta.document_date.isoformat()) == (2019, 2027, "2024-04-30")
    text = markdown(EXAMPLE)
    assert "- **Forrige plan vedtatt:** 2019" in text and "- **Datert:** 30. april 2024" in text
    assert "- **Neste fullstendige rullering:** 2027" in text
    assert "| 2015–2016 | 12 % |" in text
    shown = json.loads(runner.invoke(app, ["show", str(EXAMPLE)]).output)
    assert shown["indicators"][0]["values"] == {"2015–2016": 12.0, "2019": 9.0, "2022": 8.0}
    assert (shown["previous_adoption"], shown["document_date"], shown["next_revision"]) == (2019, "2024-04-30", 2027)


def test_a_year_span_written_with_a_hyphen_reads_as_the_same_span(make_plan):
    folder = make_plan({"indicators.yaml": "indicators:\n  - id: x\n    title: Tall\n    values:\n      2006-2008: 3\n      2010: 4\n"})
    assert findings(folder) == []
    assert list(read_plan(folder).plan.indicators[0].values) == ["2006–2008", 2010]


@pytest.mark.parametrize(("values", "line", "column"), [("2016–2015: 3", 5, 18), ("snart: 3", 5, 14)])
def test_a_span_that_is_no_span_of_years_is_an_error_on_its_line(make_plan, values, line, column):
    folder = make_plan({"indicators.yaml": f"indicators:\n  - id: x\n    title: Tall\n    values:\n      {values}\n"})
    [found] = findings(folder, "RP103")
    assert where(found) == ("indicators.yaml", line, column)
    assert "er verken et årstall eller et spenn av år som «2015–2016»" in found.message()


def test_a_previous_adoption_year_out_of_range_is_an_error(make_plan):
    plan = ("id: testby-2020-2024\ntitle: T\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\n"
            "state: draft\nfocus_areas: [barn-og-unge]\nnext_revision: 21\n")
    [found] = findings(make_plan({"plan.yaml": plan}), "RP103")
    assert where(found) == ("plan.yaml", 7, 16) and "minst 1900" in found.message()


# --- 7. the register of units ------------------------------------------------------------------------

UNITS = """\
units:
  - name: Psykisk helse og rustjenester
    aliases: [Psykisk helse og rustjenesten, Psykisk helse og rus tjenesten]
  - name: Skole
"""


def test_aliases_count_as_their_unit_in_the_status_report_and_export(make_plan):
    area = GOAL_RESPONSIBLE.replace("[Skole, Helsestasjonen, NAV]", "[Psykisk helse og rustjenesten]")
    area = area.replace("[Kommunalsjef]", "[psykisk helse og rus  tjenesten, Skole]")
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area, "units.yaml": UNITS, "status/2022.yaml": "year: 2022\nmeasures: []\n"})
    assert findings(folder) == []
    plan = read_plan(folder).plan
    units = {u.name: [r.measure.id for r in u.measures] for u in build_context(folder, plan, "status", year=2022)["units"]}
    assert units == {"Psykisk helse og rustjenester": ["t1", "t2"], "Skole": ["t2"]}
    assert [row[4] for row in csv_rows(folder)[1:]] == ["Psykisk helse og rustjenester", "Psykisk helse og rustjenester, Skole"]


def test_a_name_the_register_does_not_know_is_reported_with_a_guess(make_plan):
    area = GOAL_RESPONSIBLE.replace("[Kommunalsjef]", "[Psykisk helse og rustjeneste]")
    folder = make_plan({"focus-areas/barn-og-unge.yaml": area, "units.yaml": UNITS})
    found = findings(folder, "RP305")
    assert [(where(f), f.message()) for f in found][-1] == (
        ("barn-og-unge.yaml", 11, 59),
        "«Psykisk helse og rustjeneste» finnes ikke i enhetsregisteret (units.yaml). Mente du «Psykisk helse og rustjenester»? "
        "Rett navnet, eller legg det til som alias under riktig enhet.",
    )
    assert len(found) == 3  # Skole is known; Helsestasjonen and NAV at the goal, and the misspelling


def test_units_suggest_groups_near_duplicates(tmp_path):
    result = runner.invoke(app, ["units", "suggest", str(PLANS / "averoy-2021-2024")])
    assert result.exit_code == 0, result.output
    import yaml

    assert result.output.startswith("# Forslag til enhetsregister fra ansvarlig-navnene i averoy-2021-2024.")
    units = {u["name"]: u.get("aliases", []) for u in yaml.safe_load(result.output)["units"]}
    assert units["Psykisk helse & rus"] == ["Psykisk helse og rus"]  # «&» and «og», any case: one unit
    assert units["Helsestasjonen"] == ["helsestasjon"] and units["Ungdomsrådet"] == ["ungdomsråd"]
    assert "Psykisk helse" in units  # a different unit, not merged with «Psykisk helse og rus»
    out = tmp_path / "units.yaml"
    assert runner.invoke(app, ["units", "suggest", str(PLANS / "averoy-2021-2024"), "-o", str(out)]).exit_code == 0
    again = runner.invoke(app, ["units", "suggest", str(PLANS / "averoy-2021-2024"), "-o", str(out)])
    assert again.exit_code == 2 and "finnes allerede" in again.output


def test_a_suggested_register_makes_the_plan_validate_without_unit_findings(tmp_path):
    import shutil

    shutil.copytree(PLANS / "averoy-2021-2024", tmp_path / "averoy-2021-2024")
    result = runner.invoke(app, ["units", "suggest", str(tmp_path / "averoy-2021-2024"), "-o", str(tmp_path / "averoy-2021-2024" / "units.yaml")])
    assert result.exit_code == 0, result.output
    assert findings(tmp_path / "averoy-2021-2024", "RP305") == []
    assert findings(tmp_path / "averoy-2021-2024", "RP103") == []


def test_diff_compares_adoptions_per_council_and_year_spans(tmp_path):
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / EXAMPLE.name)
    plan_yaml = tmp_path / EXAMPLE.name / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("    body: Strandvik kommunestyre\n", "    body: Strandvik kommunestyre\n    date: 2024-06-27\n"),
                         encoding="utf-8")
    indicators = tmp_path / EXAMPLE.name / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("2015–2016: 14", "2015–2016: 15"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(EXAMPLE), str(tmp_path / EXAMPLE.name)])
    assert result.exit_code == 1, result.output
    assert "date: 2024-06-27" in result.output and "Verdi 2015–2016: 14 → 15" in result.output


TERMS_PLAN = ("id: testby-2020-2024\ntitle: T\nmunicipalities: [{name: Testby}]\nperiod: {start: 2020, end: 2024}\nstate: draft\n"
              "focus_areas: [barn-og-unge]\nterms: {goal: Delmål, measure: Aktivitet}\n")


def test_findings_about_a_plan_use_its_words(make_plan):
    area = UNNUMBERED.replace("{id: ungdata, title", "{id: ungdata, number: 2, title").replace("title: Foreldremøter, responsible: [Skole]", "title: Foreldremøter")
    folder = make_plan({"plan.yaml": TERMS_PLAN, "focus-areas/barn-og-unge.yaml": area})
    [mixed] = findings(folder, "RP205")
    assert mixed.message() == "Aktivitet «foreldre» har ikke nummer, men andre under Delmål 1 har. Gi alle under Delmål 1 nummer, eller ingen."
    [nobody] = findings(folder, "RP302")
    assert nobody.message() == ("Aktivitet «Foreldremøter» har ingen ansvarlig enhet, og det har heller ikke Delmål 1. "
                                "Legg til hvem som har ansvaret under responsible, her eller på Delmål 1.")
    dotted = MINIMAL_DOTTED.replace('number: "1.2"', 'number: "1.3"')
    folder = make_plan({"plan.yaml": TERMS_PLAN, "focus-areas/barn-og-unge.yaml": dotted})
    [skipped] = findings(folder, "RP203")
    assert skipped.message() == "Nummereringen hopper fra 1 til 1.3 i Barn og unge / Delmål 1 (1.x). Nummerer tiltakene fortløpende."


MINIMAL_DOTTED = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: g1
    number: 1
    title: Mål
    measures:
      - {id: a, number: "1.1", title: A, responsible: [Skole]}
      - {id: b, number: "1.2", title: B, responsible: [Skole]}
"""


def test_an_adoption_listed_twice_for_one_council_is_a_warning(make_plan):
    text = INTERMUNICIPAL.replace("  - municipality: Nabovik", "  - municipality: Testby")
    [found] = findings(make_plan({"plan.yaml": text}), "RP211")
    assert where(found) == ("plan.yaml", 12, 19)
    assert found.message() == "Kommunen «Testby» har to vedtak. Ett vedtak per kommunestyre: slå dem sammen eller rett kommunenavnet."


def test_units_suggest_wants_one_plan_folder(tmp_path):
    result = runner.invoke(app, ["units", "suggest", str(PLANS)])
    assert result.exit_code == 2
    assert f"«{PLANS}» inneholder 6 planer. Pek på én planmappe" in result.output


def test_units_suggest_says_what_it_wrote(tmp_path):
    out = tmp_path / "units.yaml"
    result = runner.invoke(app, ["units", "suggest", str(EXAMPLE), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (" in result.output and "Check the grouping before you use it as units.yaml." in result.output
    import yaml

    from rusplan.model import Units

    assert Units.model_validate(yaml.safe_load(out.read_text(encoding="utf-8"))).units


def test_a_hostile_register_is_checked_in_bounded_time():
    import random
    import time

    from rusplan.model import Unit
    from rusplan.units import Register

    rng = random.Random(1)
    names = ["Psykisk helse og rustjeneste" + "".join(rng.choice("abcdefgh") for _ in range(150)) for _ in range(2000)]
    register = Register([Unit(name=n[:100], aliases=[n[:90]]) for n in names[:800]])
    started = time.monotonic()
    guesses = [register.guess(n + "x") for n in names]
    assert time.monotonic() - started < 20
    assert sum(g is not None for g in guesses) <= 20  # a did-you-mean for the first few unknown names only


def test_the_status_report_and_xlsx_of_an_inter_municipal_plan_with_its_own_words(make_plan):
    folder = make_plan({"plan.yaml": INTERMUNICIPAL + "terms: {focus_area: Innsatsområde, measure: Aktivitet}\n",
                        "status/2022.yaml": "year: 2022\nmeasures:\n  - {measure: t1, status: in_progress}\n"})
    text = markdown(folder, "status", year=2022)
    assert "- **Kommuner:** Testby og Nabovik" in text
    assert "| Nr. | Aktivitet |" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.export(read_plan(folder).plan, "xlsx"))).active
    assert [c.value for c in sheet[1]][:4] == ["Innsatsområde", "Mål", "Nr.", "Aktivitet"]


def test_units_alone_shows_its_commands():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rusplan", "units"], capture_output=True, text=True, env={**os.environ, "RUSPLAN_LANG": ""})
    assert done.returncode == 0
    assert "suggest" in done.stdout and "Enhetsregisteret (units.yaml)" in done.stdout


def test_one_span_written_two_ways_is_an_error_not_a_lost_value(make_plan):
    folder = make_plan({"indicators.yaml": "indicators:\n  - id: x\n    title: Tall\n    values:\n      2015-2016: 3\n      2015–2016: 4\n"})
    [found] = findings(folder, "RP103")
    assert where(found) == ("indicators.yaml", 5, 7)
    assert found.message() == "Ugyldig verdi for «values»: to verdier for 2015–2016: behold én av dem."


def test_a_roll_forward_of_a_plan_with_its_own_words_reminds_in_those_words(tmp_path):
    import shutil

    shutil.copytree(EXAMPLE, tmp_path / EXAMPLE.name)
    out = tmp_path / "example-interkommunal-2028-2031"
    result = runner.invoke(app, ["roll-forward", str(tmp_path / EXAMPLE.name), "--to", "2028-2031", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert read_plan(out).plan.meta.terms.focus_area == "Innsatsområde"
    assert (out / "units.yaml").is_file()  # the register goes on with the plan
    messages = [f.message() for f in findings(out)]
    assert "Tiltak «Rus som tema på foreldremøter i 8. trinn» er videreført fra example-interkommunal-2024-2027/foreldremoter uten kjent resultat. " \
           "Avgjør om det skal beholdes, fjern «outcome-unknown» fra review, og rett resultatet i evaluation.yaml." in messages
    assert any(m.startswith("Tiltak «Gjennomføre Ungdata-undersøkelsen i alle tre kommuner» er videreført fra") for m in messages)

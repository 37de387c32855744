"""`rusplan render PLAN --report alcohol --year YEAR`: the year's licences, controls, points and survey figures."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from conftest import PLANS
from rusplan import render
from rusplan.cli import app
from rusplan.planfolder import read_plan

EXAMPLE = PLANS / "eksempel-alkohol-2025-2028"
runner = CliRunner()


def context(folder=EXAMPLE, year=2025):
    return render.build_context(folder, read_plan(folder).plan, "alcohol", year)


def test_licences_by_kind_and_group_on_31_december():
    rows = [(r.label, r.groups, r.count) for r in context()["licences"]]
    assert rows == [
        ("salgsbevilling", "1", 3),
        ("skjenkebevilling", "1, 2", 2),
        ("skjenkebevilling", "1, 2, 3", 1),
        ("bevilling for en enkelt anledning", "1, 2", 1),
        ("Vinmonopolet", "2, 3", 1),
    ]


def test_controls_against_the_minimum_per_municipality_and_per_outlet():
    ctx = context()
    assert [(m.municipality, m.outlets, m.needed, m.controls, m.met) for m in ctx["minimum"]] == [("Eksempelby", 4, 12, 12, True), ("Prøvedal", 2, 6, 6, True)]
    assert ctx["minimum_met"] is True
    rows = {o.name: (o.must_be_controlled, o.controls) for o in ctx["outlets"]}
    assert rows["Vinmonopolet Eksempelby"] == (False, 0) and rows["Kulturhuset"] == (False, 0)
    assert rows["Kafé Brygga"] == (True, 3)


def test_a_short_year_shows_in_the_report(tmp_path):
    folder = tmp_path / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    log = folder / "alcohol/controls/2025.yaml"
    log.write_text(log.read_text(encoding="utf-8").replace("outlet: naerbutikken-provedal", "outlet: dagligvare-torget"), encoding="utf-8")
    ctx = context(folder)
    assert [(m.municipality, m.controls, m.met) for m in ctx["minimum"]] == [("Eksempelby", 15, True), ("Prøvedal", 3, False)]
    assert ctx["minimum_met"] is False
    text = render.render("alcohol", "md", ctx)
    assert "| Prøvedal | 2 | 6 | 3 | **nei** |" in text
    assert "| Nærbutikken Prøvedal | Prøvedal | salgsbevilling (gruppe 1) | 0 | **nei** |" in text


def test_points_withdrawals_and_the_public_list():
    ctx = context()
    assert [(o.name, o.points_year, o.points_two_years, o.due) for o in ctx["points"]] == [
        ("Kafé Brygga", 2, 2, False), ("Hotell Sentrum", 2, 2, False), ("Pub Prøvedal", 12, 12, False),
    ]
    assert [(w.outlet, w.decided, w.start, w.end) for w in ctx["withdrawals"]] == [("Pub Prøvedal", "20.11.2025", "01.12.2025", "07.12.2025")]
    text = render.render("alcohol", "md", ctx)
    assert "| 05.04.2025 | Pub Prøvedal | Salg eller skjenking til person under 18 år | 8 | 15.05.2025 |" in text


def test_a_due_withdrawal_is_named_in_the_report(tmp_path):
    folder = tmp_path / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    register = folder / "alcohol/licences.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text[: text.index("        withdrawals:")], encoding="utf-8")
    ctx = context(folder)
    assert [o.name for o in ctx["withdrawals_due"]] == ["Pub Prøvedal"]
    assert "inndragning: Pub Prøvedal." in render.render("alcohol", "md", ctx)


def test_the_survey_figures():
    survey = {f.label: f.value for f in context()["survey"]}
    assert survey["Salgsbevillinger, gruppe 1 (per 31.12.)"] == "3"
    assert survey["Alminnelige skjenkebevillinger, gruppe 1 og 2 (per 31.12.)"] == "2"
    assert survey["Alminnelige skjenkebevillinger, gruppe 1, 2 og 3 (per 31.12.)"] == "1"
    assert survey["Bevillinger for en enkelt anledning gitt i året"] == "1"
    assert (survey["Salgskontroller"], survey["Skjenkekontroller"], survey["Tekniske kontroller"]) == ("8", "9", "1")
    assert survey["Prikker tildelt i alt"] == "16" and survey["Steder som fikk prikker"] == "3"
    assert survey["Vedtak om inndragning"] == "1"
    assert survey["Kommunens skjenketid, gruppe 3"] == "13:00–01:00"
    assert survey["Nye søknader innvilget og avslått"] == "føres ikke i planen"


def test_the_plan_report_derives_the_counts_from_the_register():
    plan_ctx = render.build_context(EXAMPLE, read_plan(EXAMPLE).plan, "plan")
    facts = {f.label: f.value for f in plan_ctx["alcohol"].facts}
    assert (facts["Salgsbevillinger"], facts["Skjenkebevillinger"]) == ("3", "3")


def test_cli_writes_the_report_and_defaults_to_the_latest_log(tmp_path):
    target = tmp_path / "alkohol-2025.html"
    result = runner.invoke(app, ["render", str(EXAMPLE), "--report", "alcohol", "--year", "2025", "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "<h1>Alkoholrapport 2025</h1>" in target.read_text(encoding="utf-8")
    latest = runner.invoke(app, ["render", str(EXAMPLE), "--report", "alcohol"])
    assert latest.exit_code == 0 and latest.stdout.startswith("# Alkoholrapport 2025:")


def test_cli_says_why_an_alcohol_report_cannot_be_made():
    no_register = runner.invoke(app, ["render", str(PLANS / "averoy-2021-2024"), "--report", "alcohol"])
    assert no_register.exit_code == 2
    assert no_register.stderr == (
        "rusplan render: Planen «averoy-2021-2024» har ingen bevillingsregister (alcohol/licences.yaml); en alkoholrapport kan ikke lages. "
        "Se docs/plan-format.md.\n"
    )
    no_log = runner.invoke(app, ["render", str(EXAMPLE), "--report", "alcohol", "--year", "2024", "--lang", "en"])
    assert no_log.exit_code == 2
    assert no_log.stderr == "rusplan render: The plan «eksempel-alkohol-2025-2028» has no control log for 2024 (alcohol/controls/2024.yaml). Years logged: 2025.\n"


def test_diff_reports_changes_to_the_register_and_the_control_log(tmp_path):
    old, new = tmp_path / "a" / EXAMPLE.name, tmp_path / "b" / EXAMPLE.name
    shutil.copytree(EXAMPLE, old)
    shutil.copytree(EXAMPLE, new)
    register = new / "alcohol/licences.yaml"
    text = register.read_text(encoding="utf-8").replace('to: "19:59"', 'to: "19:30"')
    text = text[: text.index("  - id: vinmonopolet-eksempelby")] + text[text.index("  - id: kulturhuset") :]
    register.write_text(text + "  - {id: ny-kafe, name: Ny kafé}\n", encoding="utf-8")
    log = new / "alcohol/controls/2025.yaml"
    log.write_text(log.read_text(encoding="utf-8") + "  - {date: 2025-12-20, outlet: kafe-brygga, kind: serving, controllers: 2}\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.output
    changes = {c["field"]: c for c in json.loads(result.stdout)["plans"][0]["changes"]}
    assert set(changes) == {
        "licences.bensin-nord.licences.bensin-nord-salg.sales_hours.weekdays.to", "licences.ny-kafe", "licences.vinmonopolet-eksempelby", "controls.2025",
    }
    assert (changes["licences.bensin-nord.licences.bensin-nord-salg.sales_hours.weekdays.to"]["old"], "19:30") == ("19:59", "19:30")
    assert changes["licences.ny-kafe"]["new"] == "Ny kafé" and changes["licences.vinmonopolet-eksempelby"]["old"] == "Vinmonopolet Eksempelby"
    assert [c["date"] for c in changes["controls.2025"]["added"]] == ["2025-12-20"]
    assert all(c["target"] == "alcohol" for c in changes.values())
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 0

"""`rusplan calendar`: the plan's dates as iCalendar, parsed back the way Outlook would read them."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS
from rusplan.cli import app

runner = CliRunner()


def events(data: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(data)
    return {
        str(e["UID"]): {"start": e.decoded("DTSTART"), "end": e.decoded("DTEND"), "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"])}
        for e in calendar.walk("VEVENT")
    }


def test_deadlines_period_end_and_licence_lapse_are_events_with_stable_uids(make_plan, tmp_path):
    folder = make_plan()  # t1: deadline 2021; t2: «I planperioden»; period 2020–2024
    target = tmp_path / "frister.ics"
    result = runner.invoke(app, ["calendar", str(folder), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Skrev {target} (5 hendelser)." in result.output
    found = events(target.read_bytes())
    assert set(found) == {
        "testby-2020-2024-t1-deadline@rusplan",
        "testby-2020-2024-t2-deadline@rusplan",
        "testby-2020-2024-period-end@rusplan",
        "testby-2020-2024-licences-2020@rusplan",
        "testby-2020-2024-licences-2024@rusplan",
    }
    t1 = found["testby-2020-2024-t1-deadline@rusplan"]
    assert (t1["start"], t1["end"]) == (dt.date(2021, 12, 31), dt.date(2022, 1, 1))  # a whole day
    assert t1["summary"] == "Frist: 1 Utarbeide felles prosedyre for melding til barnevernet"
    assert "Ansvarlig: Skole." in t1["description"]
    assert [str(c) for c in Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]["CATEGORIES"].cats] == ["Bevillinger"]
    assert found["testby-2020-2024-t2-deadline@rusplan"]["start"] == dt.date(2024, 12, 31)
    assert found["testby-2020-2024-period-end@rusplan"]["start"] == dt.date(2024, 12, 31)
    lapse = found["testby-2020-2024-licences-2024@rusplan"]
    assert lapse["start"] == dt.date(2024, 9, 30) and "alkoholloven § 1-6" in lapse["summary"] and "(2023)" in lapse["description"]
    # written again: the same UIDs, so a re-import updates instead of duplicating; --force is needed to overwrite
    assert runner.invoke(app, ["calendar", str(folder), "-o", str(target)]).exit_code == 2
    assert runner.invoke(app, ["calendar", str(folder), "-o", str(target), "--force"]).exit_code == 0
    assert set(events(target.read_bytes())) == set(found)


def test_several_plans_in_one_calendar_on_standard_output_in_english():
    result = runner.invoke(app, ["calendar", str(PLANS / "molde-2016-2020"), str(PLANS / "molde-2020-2024"), "--lang", "en"])
    assert result.exit_code == 0
    found = events(result.stdout_bytes)
    assert "molde-2020-2024-t41-deadline@rusplan" in found and any(uid.startswith("molde-2016-2020-") for uid in found)
    assert found["molde-2020-2024-t41-deadline@rusplan"]["summary"].startswith("Deadline: 41 ")
    assert Calendar.from_ical(result.stdout_bytes)["X-WR-CALNAME"].startswith("Deadlines: ")


def test_a_date_is_its_own_day_and_yearly_wording_has_no_event(make_plan):
    area = MINIMAL_AREA.replace("deadline: 2021", "deadline: 30.06.2022").replace("deadline: I planperioden", "deadline: Årlig")
    found = events(runner.invoke(app, ["calendar", str(make_plan({"focus-areas/barn-og-unge.yaml": area}))]).stdout_bytes)
    assert found["testby-2020-2024-t1-deadline@rusplan"]["start"] == dt.date(2022, 6, 30)
    assert "testby-2020-2024-t2-deadline@rusplan" not in found


def test_a_missing_plan_exits_2_and_a_broken_plan_exits_1(make_plan, tmp_path):
    assert runner.invoke(app, ["calendar", str(tmp_path / "finnes-ikke")]).exit_code == 2
    broken = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("title: Barn og unge", "tittel: Barn og unge")})
    assert runner.invoke(app, ["calendar", str(broken)]).exit_code == 1

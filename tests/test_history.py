"""history.py: what the status reports say of a measure, year by year, and how it ended."""

from __future__ import annotations

from conftest import write_plan
from rusplan import history
from rusplan.model import Status
from rusplan.planfolder import read_plan

STATUS = {
    "status/2021.yaml": "year: 2021\nmeasures:\n  - {measure: t1, status: planned, note: Venter på midler.}\n  - {measure: t2, status: in_progress}\n",
    "status/2022.yaml": "year: 2022\nmeasures:\n  - {measure: t1, status: in_progress}\n",
}


def plan_with(tmp_path, files, **kwargs):
    loaded = read_plan(write_plan(tmp_path, files, **kwargs))
    assert loaded.plan is not None, [f.message() for f in loaded.findings]
    return loaded.plan


def test_latest_status_is_the_newest_report_up_to_a_year(tmp_path):
    plan = plan_with(tmp_path, STATUS)
    latest = {measure: (year, item.status.value) for measure, (year, item) in history.latest_status(plan).items()}
    assert latest == {"t1": (2022, "in_progress"), "t2": (2021, "in_progress")}
    assert history.latest_status(plan, 2021)["t1"][1].status is Status.planned


def test_the_timeline_and_the_status_before_a_year(tmp_path):
    entries = history.timeline(plan_with(tmp_path, STATUS))["t1"]
    assert [(year, item.status.value) for year, item in entries] == [(2021, "planned"), (2022, "in_progress")]
    assert (history.status_before(entries, 2021), history.status_before(entries, 2022), history.status_before(entries, 2030)) == (None, "planned", "in_progress")


def test_reported_outcomes_keep_the_last_note_written_and_the_evaluation_fills_gaps(tmp_path):
    plan = plan_with(tmp_path, STATUS)
    outcomes = history.reported_outcomes(plan)
    assert outcomes["t1"] == history.Reported(Status.in_progress, "Venter på midler.", False, "status/2022.yaml")
    assert "t3" not in outcomes


def test_prior_outcomes_prefer_the_successors_evaluation(tmp_path):
    old = plan_with(tmp_path, STATUS, plan_id="testby-2016-2020", start=2016, end=2020)
    evaluation = "plan: testby-2016-2020\nitems:\n  - {measure: t1, number: 1, title: Prosedyre, outcome: done, comment: Ferdig.}\n"
    new = plan_with(tmp_path, {"evaluation.yaml": evaluation}, plan_id="testby-2020-2024")
    outcomes = history.prior_outcomes(old, new)
    assert (outcomes["t1"].outcome, outcomes["t1"].source, outcomes["t1"].comment) == ("done", "evaluation", "Ferdig.")
    assert outcomes["t2"] == history.PriorOutcome("in_progress", "status", 2021, None, False)
    assert history.prior_outcomes(old, None)["t1"].source == "status"
    assert history.prior_outcomes(None, new, "testby-2016-2020")["t1"].outcome == "done"  # the old plan not at hand

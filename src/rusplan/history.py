"""A measure's status history: what the status reports said of it, year by year, and how it ended.

Every report, export, roll-forward and diff asks the same few questions of
`status/<year>.yaml`; they are answered here, once:

- `timeline`: each measure's status items across the years, oldest first;
- `latest_status`: each measure's most recent item (in a given year or before);
- `status_before`: what a measure last reported before a year (what a new status changes from);
- `prior_outcomes`: how the measures of a predecessor ended, as a plan revising it sees them
  (the successor's evaluation first, else the predecessor's last status report);
- `reported_outcomes`: the same plan's own view when it is rolled forward
  (the last status report first, the evaluation filling the gaps).

Within one year a measure is reported once (RP407 is an error); if it is not,
the later item of the report counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from rusplan.model import Evaluation, Outcome, Plan, Status, StatusItem

Entry = tuple[int, StatusItem]  # (year of the report, the item)


def timeline(plan: Plan) -> dict[str, list[Entry]]:
    """Each measure's status items, oldest report first."""
    out: dict[str, list[Entry]] = {}
    for year, report in sorted(plan.status_reports.items()):
        for item in report.measures:
            out.setdefault(item.measure, []).append((year, item))
    return out


def latest_status(plan: Plan, year: int | None = None) -> dict[str, Entry]:
    """Each measure's most recent status item reported in `year` or before (any year when None), with its year."""
    latest: dict[str, Entry] = {}
    for report_year, report in sorted(plan.status_reports.items()):
        if year is not None and report_year > year:
            break
        for item in report.measures:
            latest[item.measure] = (report_year, item)
    return latest


def status_before(entries: list[Entry], year: int) -> str | None:
    """The status a measure last reported before `year`, from its `timeline` entries."""
    earlier = [item for report_year, item in entries if report_year < year]
    return earlier[-1].status.value if earlier else None


@dataclass(frozen=True)
class PriorOutcome:
    """How a predecessor's measure ended: from the new plan's evaluation, else the old plan's last status report."""

    outcome: str
    source: str  # "evaluation" | "status"
    year: int | None = None
    comment: str | None = None
    continued: bool | None = None


def prior_outcomes(old: Plan | None, new: Plan | None, old_id: str | None = None) -> dict[str, PriorOutcome]:
    """The outcome of each measure of the old plan (`old`, or only its id when it is not at hand)
    that `new` (its successor) evaluates or `old` reported on."""
    outcomes: dict[str, PriorOutcome] = {}
    old_id = old_id or (old.id if old is not None else None)
    evaluation = new.evaluation if new is not None else None
    if evaluation is not None and old_id is not None and evaluation.plan == old_id:
        for item in evaluation.items:
            outcomes.setdefault(item.measure, PriorOutcome(item.outcome.value, "evaluation", None, item.comment, item.continued))
    for measure_id, (year, status_item) in latest_status(old).items() if old is not None else ():
        outcomes.setdefault(measure_id, PriorOutcome(status_item.status.value, "status", year, status_item.note, status_item.continued))
    return outcomes


@dataclass(frozen=True)
class Reported:
    """A measure's latest outcome, as the status reports (or an evaluation) tell it."""

    status: Status
    note: str | None
    continued: bool
    source: str  # the file it came from: "status/2022.yaml", "evaluation.yaml"


def reported_outcomes(plan: Plan, evaluation: Evaluation | None = None) -> dict[str, Reported]:
    """Each measure's outcome from the latest status report mentioning it; the evaluation fills the gaps.

    The note is the latest one written: a later report without a note does not erase an earlier note.
    """
    latest: dict[str, Reported] = {}
    for measure_id, entries in timeline(plan).items():
        year, item = entries[-1]
        notes = [text for _, earlier in entries if (text := (earlier.note or "").strip())]
        latest[measure_id] = Reported(Status(item.status), notes[-1] if notes else None, item.continued, f"status/{year}.yaml")
    if evaluation is not None:
        for ev in evaluation.items:
            if ev.measure not in latest and ev.outcome is not Outcome.not_evaluated:
                latest[ev.measure] = Reported(Status(ev.outcome.value), (ev.comment or "").strip() or None, ev.continued, "evaluation.yaml")
    return latest

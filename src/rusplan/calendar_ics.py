"""The plan's dates as an iCalendar file a secretary subscribes to in Outlook.

Events: each measure's deadline (a date; a year or «i planperioden» at the end
of that year), the end of the plan period, and the day the alcohol licences
lapse (alkoholloven § 1-6: 30 September the year after a municipal election)
within the period. Every event has a UID made from the plan id and what the
event is, never from the time it was made, so importing the file again updates
the events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rusplan.messages import Msg
from rusplan.model import Plan
from rusplan.reportcontext import deadline_end
from rusplan.rules.period import ELECTION_YEAR
from rusplan.statusround import TargetExists, reference

UID_DOMAIN = "rusplan"


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    category: str


def licence_lapses(plan: Plan) -> list[tuple[int, dt.date]]:
    """(election year, 30 September the year after) for each lapse within the plan period."""
    period = plan.meta.period
    out = []
    for year in range(period.start, period.end + 1):
        if (year - 1 - ELECTION_YEAR) % 4 == 0:
            out.append((year - 1, dt.date(year, 9, 30)))
    return out


def events(plan: Plan, lang: str = "nb") -> list[Event]:
    """The plan's dated events, in date order."""
    found: list[Event] = []
    for _, _, measure in plan.measures():
        end = deadline_end(measure, plan)
        if end is None:
            continue
        ref = reference(measure)
        title = " ".join(measure.title.split())
        found.append(Event(
            f"{plan.id}-{measure.id}-deadline@{UID_DOMAIN}", end,
            Msg.of("cal.deadline", reference=ref, title=title if len(title) <= 90 else title[:89] + "…").text(lang),
            Msg.of("cal.deadline_text", deadline=measure.deadline.text, responsible=", ".join(measure.responsible) or "–", plan=plan.meta.title).text(lang),
            Msg.of("cal.category_deadline").text(lang),
        ))
    period = plan.meta.period
    found.append(Event(
        f"{plan.id}-period-end@{UID_DOMAIN}", dt.date(period.end, 12, 31),
        Msg.of("cal.period_end", plan=plan.meta.title).text(lang),
        Msg.of("cal.period_end_text", start=period.start, end=period.end).text(lang),
        Msg.of("cal.category_period").text(lang),
    ))
    for election, day in licence_lapses(plan):
        found.append(Event(
            f"{plan.id}-licences-{day.year}@{UID_DOMAIN}", day,
            Msg.of("cal.licences").text(lang),
            Msg.of("cal.licences_text", election=election, plan=plan.meta.title).text(lang),
            Msg.of("cal.category_licences").text(lang),
        ))
    found.sort(key=lambda e: (e.day, e.uid))
    return found


def calendar(plans: list[Plan], lang: str = "nb", stamp: dt.datetime | None = None) -> bytes:
    """One VCALENDAR with the events of every plan, as bytes (UTF-8, CRLF line ends)."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//rusplan//rusplan//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = Msg.of("cal.name", plan=", ".join(p.meta.title for p in plans)).text(lang)
    cal.add("x-wr-calname", name)
    seen: set[str] = set()
    for plan in plans:
        for event in events(plan, lang):
            if event.uid in seen:
                continue
            seen.add(event.uid)
            item = VEvent()
            item.add("uid", event.uid)
            item.add("dtstamp", stamp)
            item.add("dtstart", event.day)
            item.add("dtend", event.day + dt.timedelta(days=1))
            item.add("summary", event.summary)
            item.add("description", event.description)
            item.add("categories", [event.category])
            item.add("transp", "TRANSPARENT")
            cal.add_component(item)
    return cal.to_ical()


def write_calendar(plans: list[Plan], output: Path, *, force: bool = False, lang: str = "nb") -> int:
    """Write the calendar atomically (refused over an existing file unless `force`: TargetExists); the number of events."""
    from rusplan.export import write

    data = calendar(plans, lang)
    if (output.exists() or output.is_symlink()) and not force:
        raise TargetExists(output)
    write(data, output, force=True)  # refused above unless --force
    return data.count(b"BEGIN:VEVENT")

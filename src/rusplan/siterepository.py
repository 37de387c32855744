"""What a plan repository holds, as the site shows it: plans by municipality, each measure's
lineage across plan periods, and the responsible units with their measures.

Also the file names of the site's pages, made from ids and names a stranger may have
written (`segment` keeps every name inside the output folder).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rusplan import history
from rusplan import render as renderer
from rusplan.model import Plan, State
from rusplan.planviews import labels
from rusplan.units import Register

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SNIPPET = 220  # characters of a measure's description in the search index
CURRENT, DRAFT, EXPIRED = "current", "draft", "expired"


# --- names in the output folder ---------------------------------------------------------------


def segment(text: str) -> str:
    """A file-name part from an id or a name: a slug as it is, anything else folded to one.

    Plan and measure ids are slugs already (the model insists); unit and municipality
    names are folded (æ → ae, spaces → -) and, when nothing is left, hashed. The
    result never holds a slash or a dot, so no id or name can reach outside its folder.
    """
    if _SLUG.fullmatch(text) and len(text) <= 80:
        return text
    folded = _NOT_SLUG.sub("-", text.casefold().translate(_FOLD)).strip("-")[:60].strip("-")
    return folded or "x-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def plan_path(plan_id: str) -> str:
    return f"plan/{segment(plan_id)}/index.html"


def measure_path(plan_id: str, measure_id: str) -> str:
    return f"plan/{segment(plan_id)}/tiltak/{segment(measure_id)}.html"


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to another, both given from the site's root as plain `a/b/c.html` paths."""
    here, there = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


# --- plain data for the site's own pages ----------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    year: int | None
    total: int
    done: int
    counts: list[renderer.Count]


@dataclass(frozen=True)
class PlanEntry:
    info: renderer.PlanInfo
    path: str
    category: str
    progress: Progress
    superseded_by: str | None


@dataclass(frozen=True)
class MunicipalityView:
    name: str
    groups: list[tuple[str, str, list[PlanEntry]]]


@dataclass(frozen=True)
class YearStatus:
    year: int
    status: str
    label: str
    note: str | None
    source: str | None


@dataclass(frozen=True)
class Step:
    """One measure in a lineage: where it stood, and how its plan's successor judged it."""

    plan: renderer.PlanInfo | None
    plan_path: str | None
    plan_id: str
    measure_id: str
    measure: renderer.MeasureView | None
    path: str | None
    outcome: renderer.OutcomeView | None
    latest: YearStatus | None


@dataclass(frozen=True)
class UnitLink:
    name: str
    path: str | None


@dataclass(frozen=True)
class UnitRow:
    entry: PlanEntry
    measure: renderer.MeasureView
    path: str
    status: str
    status_label: str
    year: int | None


@dataclass
class UnitPage:
    name: str
    municipality: str
    path: str
    rows: list[UnitRow] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    path: str
    text: str


@dataclass
class Published:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.written) + self.unchanged


# --- what the repository holds -------------------------------------------------------------------


def _successors(plans: dict[str, Plan]) -> dict[str, str]:
    """Plan id → the adopted plan that names it as predecessor."""
    found: dict[str, str] = {}
    for plan in sorted(plans.values(), key=lambda p: (p.meta.period.start, p.id)):
        if plan.meta.predecessor and plan.meta.state in (State.adopted, State.expired):
            found.setdefault(plan.meta.predecessor, plan.id)
    return found


def category(plan: Plan, superseded_by: str | None) -> str:
    """Drafts and consultation drafts; expired plans and adopted plans an adopted successor replaced; the rest current.

    No clock is read: a plan is current until its successor is adopted, so the site
    does not change on New Year's Day by itself.
    """
    if plan.meta.state in (State.draft, State.consultation):
        return DRAFT
    if plan.meta.state is State.expired or superseded_by:
        return EXPIRED
    return CURRENT




def progress(plan: Plan, lang: str = "nb") -> Progress:
    latest = history.latest_status(plan)
    keys = [latest[m.id][1].status.value if m.id in latest else renderer.NOT_REPORTED for _, _, m in plan.measures()]
    counts = [renderer.Count(k, labels(lang).status[k], keys.count(k)) for k in renderer.STATUS_ORDER]
    return Progress(max(plan.status_reports) if plan.status_reports else None, len(keys), keys.count("done"), counts)


def unit_key(municipality: str, name: str) -> tuple[str, str]:
    return municipality, renderer.unit_key(name)[0]


@dataclass
class Repository:
    """Every plan of the site, with the relations between them worked out once."""

    plans: dict[str, Plan]
    lang: str = "nb"
    entries: dict[str, PlanEntry] = field(default_factory=dict)
    views: dict[str, dict[str, renderer.MeasureView]] = field(default_factory=dict)
    continued_by: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    units: dict[tuple[str, str], UnitPage] = field(default_factory=dict)

    @classmethod
    def of(cls, plans: dict[str, Plan], lang: str = "nb") -> Repository:
        repo = cls(dict(sorted(plans.items())), lang)
        successors = _successors(repo.plans)
        for plan in repo.plans.values():
            after = successors.get(plan.id)
            repo.entries[plan.id] = PlanEntry(renderer.plan_info(plan, lang), plan_path(plan.id), category(plan, after), progress(plan, lang), after)
            predecessor = repo.plans.get(plan.meta.predecessor or "")
            repo.views[plan.id] = {m.id: m for a in renderer.area_views(plan, predecessor, lang) for m in a.measures}
            for _, _, measure in plan.measures():
                if measure.carried_from:
                    old_plan, _, old_measure = measure.carried_from.partition("/")
                    repo.continued_by.setdefault((old_plan, old_measure), []).append((plan.id, measure.id))
        repo._collect_units()
        return repo

    def _collect_units(self) -> None:
        taken: dict[str, tuple[str, str]] = {}
        for plan in self.plans.values():
            entry = self.entries[plan.id]
            if entry.category == EXPIRED:
                continue
            latest = history.latest_status(plan)
            municipality = entry.info.municipality
            register = Register(plan.units)
            for measure in self.views[plan.id].values():
                reported = latest.get(measure.id)
                status = reported[1].status.value if reported else renderer.NOT_REPORTED
                for name in map(register.canonical, measure.responsible_effective):
                    key = unit_key(municipality, name)
                    page = self.units.get(key)
                    if page is None:
                        shown = " ".join(name.split())
                        path = f"enhet/{segment(municipality)}/{segment(key[1])}.html"
                        if path in taken:
                            path = f"enhet/{segment(municipality)}/{segment(key[1])}-{hashlib.sha256(key[1].encode()).hexdigest()[:8]}.html"
                        taken[path] = key
                        page = self.units[key] = UnitPage(shown[:1].upper() + shown[1:], municipality, path)
                    if not any(r.measure.id == measure.id and r.entry is entry for r in page.rows):
                        page.rows.append(
                            UnitRow(entry, measure, measure_path(plan.id, measure.id), status, labels(self.lang).status[status], reported[0] if reported else None)
                        )

    def unit_links(self, plan_id: str, names: list[str]) -> list[UnitLink]:
        municipality = self.entries[plan_id].info.municipality
        register = Register(self.plans[plan_id].units)
        return [UnitLink(n, page.path if (page := self.units.get(unit_key(municipality, register.canonical(n)))) else None) for n in names]

    # --- one measure across periods

    def statuses(self, plan: Plan, measure_id: str) -> list[YearStatus]:
        words = labels(self.lang).status
        return [
            YearStatus(year, item.status.value, words[item.status.value], item.note, item.source or plan.status_reports[year].source)
            for year, item in history.timeline(plan).get(measure_id, [])
        ]

    def outcome(self, old_plan_id: str, old_measure_id: str, new_plan_id: str) -> renderer.OutcomeView | None:
        """How the old measure ended: the new plan's evaluation of it, else the old plan's last status (as `diff` says)."""
        new, old = self.plans.get(new_plan_id), self.plans.get(old_plan_id)
        prior = history.prior_outcomes(old, new, old_plan_id).get(old_measure_id)
        return renderer.prior_outcome(prior, self.lang)

    def step(self, plan_id: str, measure_id: str, judged_by: str | None) -> Step:
        plan = self.plans.get(plan_id)
        view = self.views.get(plan_id, {}).get(measure_id)
        history = self.statuses(plan, measure_id) if plan and view else []
        return Step(
            self.entries[plan_id].info if plan else None,
            self.entries[plan_id].path if plan else None,
            plan_id,
            measure_id,
            view,
            measure_path(plan_id, measure_id) if view else None,
            self.outcome(plan_id, measure_id, judged_by) if judged_by else None,
            history[-1] if history else None,
        )

    def backward(self, plan_id: str, measure_id: str) -> list[Step]:
        """The measures this one continues, nearest first, as far back as the repository goes."""
        steps: list[Step] = []
        seen = {(plan_id, measure_id)}
        here = (plan_id, measure_id)
        while True:
            view = self.views.get(here[0], {}).get(here[1])
            if view is None or not view.carried_from:
                return steps
            old_plan, _, old_measure = view.carried_from.partition("/")
            if (old_plan, old_measure) in seen:
                return steps
            seen.add((old_plan, old_measure))
            steps.append(self.step(old_plan, old_measure, here[0]))
            here = (old_plan, old_measure)

    def forward(self, plan_id: str, measure_id: str) -> list[Step]:
        """The measures that continue this one, period by period (a measure split in two gives two)."""
        steps: list[Step] = []
        seen = {(plan_id, measure_id)}
        frontier = [(plan_id, measure_id)]
        while frontier:
            following = []
            for here in frontier:
                for nxt in self.continued_by.get(here, []):
                    if nxt in seen:
                        continue
                    seen.add(nxt)
                    onward = self.continued_by.get(nxt)
                    steps.append(self.step(nxt[0], nxt[1], onward[0][0] if onward else None))
                    following.append(nxt)
            frontier = following
        return steps

"""The public web pages of a plan repository: `rusplan site PATH... -o DIR`.

One static site from every plan found: a front page (municipalities and their
plans), a page per plan (the `render` plan document, with each measure linked),
a page per measure (its text, status year by year and its lineage across plan
periods), a page per responsible unit, and a search that needs no server: a
prebuilt index file read by a few lines of plain script, so the site works from
`file://` and offline.

The site is content-addressed: a page is written only when its bytes differ from
the file already there (atomically, through `render.write_output`), so after one
plan changes only that plan's pages are rewritten, the others keep their mtime
and a web server's caches stay valid. Pages carry no build date for that reason.
A manifest (`.rusplan-site.json`) remembers which files rusplan wrote, so pages
of a removed plan or measure are removed, and nothing else in the folder is touched.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan import history
from rusplan import render as renderer
from rusplan.formatting import word
from rusplan.model import Plan, State
from rusplan.planviews import labels
from rusplan.resources import templates_dir
from rusplan.units import Register

MANIFEST = ".rusplan-site.json"
CSS = "site.css"
SEARCH_PAGE = "sok.html"
SEARCH_SCRIPT = "sok.js"
SEARCH_INDEX = "sok-indeks.js"

CURRENT, DRAFT, EXPIRED = "current", "draft", "expired"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SNIPPET = 220


class SiteProblem(Exception):
    """The site cannot be written where asked; `reason` says why (an OSError's words)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


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


# --- the pages ------------------------------------------------------------------------------


def site_language(plans: dict[str, Plan], lang: str | None = None) -> str:
    """The site's one language: --lang (or RUSPLAN_LANG), else the plans' own when they all agree, else bokmål."""
    own = {plan.meta.language for plan in plans.values()}
    return renderer.report_language(lang, next(iter(plans.values())) if len(own) == 1 else None)


def _env(lang: str = "nb"):
    return renderer.environment(None, lang)


def stylesheet() -> str:
    """The HTML reports' own stylesheet (the `style` block of _base.html.j2) and the site's additions."""
    base = _env().get_template("_base.html.j2")
    css = "".join(base.blocks["style"](base.new_context({})))
    return css.strip() + "\n\n" + (templates_dir() / "site" / "site.css").read_text(encoding="utf-8")


def plan_label(info: renderer.PlanInfo) -> str:
    """«Ruspolitisk handlingsplan 2020–2024 (Molde)»: the period once, the municipality always."""
    title = info.title if info.period in info.title else f"{info.title} {info.period}"
    return f"{title} ({info.municipality})"


def _page(name: str, path: str, lang: str, /, **context: Any) -> Page:
    root = relative(path, "index.html")[: -len("index.html")]

    def href(target: str | None) -> str | None:
        return relative(path, target) if target else None

    shared = {"root": root, "href": href, "plan_label": plan_label, "search": relative(path, SEARCH_PAGE), "lang": lang}
    text = _env(lang).get_template(f"site/{name}.html.j2").render({**shared, **context})
    return Page(path, text)


def municipalities(repo: Repository) -> list[MunicipalityView]:
    """Each municipality with its plans; a plan for several municipalities is listed under each."""
    by_name: dict[str, list[PlanEntry]] = {}
    for entry in repo.entries.values():
        for name in entry.info.municipalities or [entry.info.municipality]:
            by_name.setdefault(name, []).append(entry)
    views = []
    for name in sorted(by_name, key=renderer.nb_sort_key):
        entries = sorted(by_name[name], key=lambda e: (-e.info.period_start, e.info.id))
        groups = [(key, word(f"report.site.{key}", repo.lang), [e for e in entries if e.category == key]) for key in (CURRENT, DRAFT, EXPIRED)]
        views.append(MunicipalityView(name, [g for g in groups if g[2]]))
    return views


def plan_page(repo: Repository, plan: Plan) -> Page:
    entry = repo.entries[plan.id]
    predecessor = repo.plans.get(plan.meta.predecessor or "")
    context = renderer.plan_context(plan, predecessor, lang=repo.lang)
    links = {m.id: measure_path(plan.id, m.id) for m in repo.views[plan.id].values()}
    neighbours = {
        "previous": repo.entries.get(plan.meta.predecessor or ""),
        "next": repo.entries.get(entry.superseded_by or ""),
    }
    return _page("plan", entry.path, repo.lang, entry=entry, measure_paths=links, neighbours=neighbours, **context)


def measure_page(repo: Repository, plan: Plan, measure_id: str) -> Page:
    entry = repo.entries[plan.id]
    view = repo.views[plan.id][measure_id]
    forward = repo.forward(plan.id, measure_id)
    judge = forward[0].plan_id if forward else entry.superseded_by
    return _page(
        "measure",
        measure_path(plan.id, measure_id),
        repo.lang,
        entry=entry,
        plan=entry.info,
        measure=view,
        responsible=repo.unit_links(plan.id, view.responsible_effective),
        statuses=repo.statuses(plan, measure_id),
        backward=repo.backward(plan.id, measure_id),
        forward=forward,
        own_outcome=repo.outcome(plan.id, measure_id, judge) if judge else None,
    )


def search_index(repo: Repository) -> str:
    """`window.RUSPLAN_SOK = [[path, title, text, context], …]`: a script, since a page read from file:// may not fetch JSON."""
    rows = []
    for plan_id, views in repo.views.items():
        info = repo.entries[plan_id].info
        for view in views.values():
            text = " ".join(" ".join([view.description or "", *view.sub_points]).split())
            if len(text) > SNIPPET:
                text = text[:SNIPPET].rsplit(" ", 1)[0] + " …"
            where = f"{view.label} · {info.title} · {info.municipality} · {info.period}"
            rows.append([measure_path(plan_id, view.id), view.title, text, where])
    body = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return f"window.RUSPLAN_SOK = {body};\n"


def pages(plans: dict[str, Plan], lang: str | None = None) -> Iterator[Page]:
    """Every file of the site, in a fixed order; each depends only on the plans (and the language, `site_language`)."""
    repo = Repository.of(plans, site_language(plans, lang) if plans else renderer.report_language(lang))
    yield Page(CSS, stylesheet())
    yield Page(SEARCH_SCRIPT, (templates_dir() / "site" / "sok.js").read_text(encoding="utf-8"))
    yield Page(SEARCH_INDEX, search_index(repo))
    yield _page("index", "index.html", repo.lang, municipalities=municipalities(repo), plan_count=len(repo.plans))
    yield _page("search", SEARCH_PAGE, repo.lang)
    for plan in repo.plans.values():
        yield plan_page(repo, plan)
        for measure_id in repo.views[plan.id]:
            yield measure_page(repo, plan, measure_id)
    for unit in sorted(repo.units.values(), key=lambda u: u.path):
        yield _page("unit", unit.path, repo.lang, unit=unit)


# --- writing: only what changed ---------------------------------------------------------------


def _inside(out: Path, name: str) -> Path | None:
    """`out / name` when `name` is a plain relative path that stays inside `out`."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") or "\\" in p for p in parts):
        return None
    return out.joinpath(*parts)


def _read_manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(files, dict) else {}


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def publish(site_pages: Iterable[Page], out: Path) -> Published:
    """Write the pages whose bytes changed, remove the pages rusplan wrote before and no longer makes."""
    result = Published()
    try:
        out.mkdir(parents=True, exist_ok=True)
        before = _read_manifest(out)
        files: dict[str, str] = {}
        for page in site_pages:
            target = _inside(out, page.path)
            if target is None:
                raise SiteProblem(out / page.path, "invalid page path")
            data = page.text.encode("utf-8")
            files[page.path] = hashlib.sha256(data).hexdigest()
            if _unchanged(target, data):
                result.unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            renderer.write_output(target, page.text, force=True)
            result.written.append(page.path)
        for name in sorted(set(before) - set(files)):
            target = _inside(out, name)
            if target is not None and target.is_file() and not target.is_symlink():
                target.unlink()
                result.removed.append(name)
                _prune(target.parent, out)
        manifest = json.dumps({"generator": "rusplan site", "files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1) + "\n"
        if not _unchanged(out / MANIFEST, manifest.encode("utf-8")):
            renderer.write_output(out / MANIFEST, manifest, force=True)
    except OSError as error:
        raise SiteProblem(Path(error.filename or out), error.strerror or str(error)) from error
    return result


def _prune(folder: Path, out: Path) -> None:
    """Remove folders left empty by removed pages, up to (not including) the site folder."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def build(plans: dict[str, Plan], out: Path, lang: str | None = None) -> Published:
    """Every page of the site from these plans, in `lang` (see `site_language`), written to `out`."""
    return publish(pages(plans, lang), out)


def site_plans(paths: list[Path]):
    """The plans under `paths`, validated together: (plans by id, findings, usage problem)."""
    from rusplan.validate import validate

    result = validate(paths, keep=True)
    plans = {pid: loaded.plan for pid, loaded in result.plans.items() if loaded.plan is not None}
    return plans, result


"""The public web pages of a plan repository: `rusplan site PATH... -o DIR`.

One static site from every plan found: a front page (municipalities and their
plans), a page per plan (the `render` plan document, with each measure linked),
a page per measure (its text, status year by year and its lineage across plan
periods), a page per responsible unit, and a search that needs no server: a
prebuilt index file read by a few lines of plain script, so the site works from
`file://` and offline.

The site is content-addressed: a page is written only when its bytes differ from
the file already there (atomically, through `atomic.py`), so after one
plan changes only that plan's pages are rewritten, the others keep their mtime
and a web server's caches stay valid. Pages carry no build date for that reason.
A manifest (`.rusplan-site.json`) remembers which files rusplan wrote, so pages
of a removed plan or measure are removed, and nothing else in the folder is touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rusplan import render as renderer
from rusplan.formatting import word
from rusplan.model import Plan
from rusplan.resources import templates_dir
from rusplan.siterepository import (
    CURRENT,
    DRAFT,
    EXPIRED,
    SNIPPET,
    MunicipalityView,
    Page,
    PlanEntry,
    Published,
    Repository,
    measure_path,
    relative,
)

MANIFEST = ".rusplan-site.json"
CSS = "site.css"
SEARCH_PAGE = "sok.html"
SEARCH_SCRIPT = "sok.js"
SEARCH_INDEX = "sok-indeks.js"


class SiteProblem(Exception):
    """The site cannot be written where asked; `reason` says why (an OSError's words)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


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


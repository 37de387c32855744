"""The validate engine: find plans, load them, run every rule, apply configuration.

A county or a national body validates hundreds of plans at once, so memory must not grow
with the corpus and both cores should work. Cross-plan rules need only an index of the
predecessor's measures (`PlanSummary`), not the predecessor itself, so plans are checked one
at a time, predecessors first, and dropped when checked (unless the caller keeps them). Plans
linked by `predecessor` form a lineage; lineages are independent and are checked in parallel
(`jobs`). Findings are sorted at the end, so a parallel run prints exactly what a serial one does.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rusplan.findings import Finding, Severity
from rusplan.load import load_document
from rusplan.loaderrules import finding as loader_finding
from rusplan.messages import Msg
from rusplan.planfiles import LoadProblem, canonical, discover, inside, is_plan_dir, reads, remember_reads, without_cyclic_gc
from rusplan.planfolder import PLAN_FILE, LoadedPlan, read_plan
from rusplan.rules import REGISTRY, Context, MeasureSummary, PlanSummary

PARALLEL_FROM = 16  # fewer plans than this are checked faster than a worker process starts


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    plans: dict[str, LoadedPlan] = field(default_factory=dict)
    usage_problem: bool = False
    checked: int = 0
    neighbours: dict[str, LoadedPlan] = field(default_factory=dict)  # predecessors read beside the plans (with keep)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings with strict), 2 a path could not be used."""
        if self.usage_problem:
            return 2
        if self.count(Severity.error) or (strict and self.count(Severity.warning)):
            return 1
        return 0


def collect(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    """Plan folders named by `paths` (a plan or a folder of plans), and findings for paths that are neither."""
    folders: list[Path] = []
    problems: list[Finding] = []
    for path in paths:
        if not path.exists():
            key = "bad_link" if path.is_symlink() else "not_found"
            problems.append(loader_finding(str(path), 1, 1, "RP011", Msg.of(key, path=str(path))))
            continue
        path = canonical(path)
        found = discover(path) if path.is_dir() else []
        if not found and path.is_file() and is_plan_dir(path.parent):
            found = [path.parent]
        if not found:
            problems.append(loader_finding(str(path), 1, 1, "RP011", Msg.of("not_a_plan", path=str(path))))
        for folder in found:
            if folder != path and path.is_dir() and not inside(folder, path):  # a plan folder below PATH that is a link out of it
                problems.append(loader_finding(str(folder / "plan.yaml"), 1, 1, "RP010", Msg.of("outside_folder", folder=str(path))))
            else:
                folders.append(folder)
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), folder)
    return list(unique.values()), problems


def summarize(loaded: LoadedPlan) -> PlanSummary:
    """What another plan's rules may ask of this one: that it exists, and its measures."""
    measures = {m.id: MeasureSummary(m.id, m.number, m.title) for _, _, m in loaded.plan.measures()} if loaded.plan else None
    return PlanSummary(loaded.id, measures)


@dataclass(frozen=True)
class _Entry:
    """A plan folder as found by a quick look at its plan.yaml: its id and the plan it revises."""

    folder: Path
    id: str
    predecessor: str | None
    checked: bool  # False: a predecessor found beside a plan, loaded for reference only


def _peek(folder: Path) -> tuple[str, str | None]:
    try:
        data = load_document(folder / PLAN_FILE, within=folder).data
    except LoadProblem:
        return folder.name, None
    data = data if isinstance(data, dict) else {}
    plan_id, predecessor = data.get("id"), data.get("predecessor")
    return (plan_id if isinstance(plan_id, str) else folder.name), (predecessor if isinstance(predecessor, str) else None)


def _duplicate(entry: _Entry, first: _Entry) -> Finding:
    document = load_document(entry.folder / PLAN_FILE, within=entry.folder)
    line, column = document.position(("id",))
    return loader_finding(str(entry.folder / PLAN_FILE), line, column, "RP208", Msg.of("duplicate_plan", id=entry.id, other=str(first.folder)))


def lineages(folders: list[Path]) -> tuple[list[list[_Entry]], list[Finding]]:
    """The plans grouped by lineage (linked by `predecessor`), each group predecessors first.

    A predecessor that was not asked for but lies beside a plan joins its group unchecked. A
    second plan with an id already seen is reported (RP208) and left out.
    """
    entries: dict[str, _Entry] = {}
    problems: list[Finding] = []
    for folder in folders:
        plan_id, predecessor = _peek(folder)
        entry = _Entry(folder, plan_id, predecessor, True)
        if plan_id in entries:
            problems.append(_duplicate(entry, entries[plan_id]))
            continue
        entries[plan_id] = entry
    for entry in list(entries.values()):
        if entry.predecessor and entry.predecessor not in entries:
            beside = entry.folder.parent / entry.predecessor
            if is_plan_dir(beside) and inside(beside, entry.folder.parent):  # not a link out of the folder
                plan_id, predecessor = _peek(beside)
                entries.setdefault(entry.predecessor, _Entry(beside, entry.predecessor, predecessor, False))
    groups: dict[str, list[_Entry]] = {}
    for entry in entries.values():
        groups.setdefault(_root(entry, entries), []).append(entry)
    ordered = [_predecessors_first(group, entries) for group in groups.values()]
    return ordered, problems


def _root(entry: _Entry, entries: dict[str, _Entry]) -> str:
    """The oldest plan of the lineage (a cycle ends where it closes)."""
    seen = {entry.id}
    while entry.predecessor in entries and entry.predecessor not in seen:
        entry = entries[entry.predecessor]
        seen.add(entry.id)
    return min(seen) if entry.predecessor in seen else entry.id


def _predecessors_first(group: list[_Entry], entries: dict[str, _Entry]) -> list[_Entry]:
    def age(entry: _Entry) -> int:
        steps, seen = 0, {entry.id}
        while entry.predecessor in entries and entry.predecessor not in seen:
            entry = entries[entry.predecessor]
            seen.add(entry.id)
            steps += 1
        return steps

    return sorted(group, key=lambda e: (age(e), str(e.folder)))


def _configure(loaded: LoadedPlan, findings: list[Finding]) -> list[Finding]:
    """Apply the plan's own rule settings and in-place ignore comments."""
    settings = loaded.meta.rules if loaded.meta else {}
    by_file = {loaded.file(name): doc for name, doc in loaded.docs.items()}
    kept = []
    for finding in findings:
        setting = settings.get(finding.code)
        if setting == "off":
            continue
        doc = by_file.get(finding.file)
        if doc and finding.line in doc.ignores:
            codes = doc.ignores[finding.line]
            if codes is None or finding.code in codes:
                continue
        if setting:
            finding = dataclasses.replace(finding, severity=Severity(setting))
        kept.append(finding)
    return kept


def check_plan(loaded: LoadedPlan, others: dict[str, PlanSummary]) -> list[Finding]:
    findings = list(loaded.findings)
    if loaded.plan is not None:
        ctx = Context(loaded, others)
        for rule in REGISTRY.values():
            if rule.check:
                findings.extend(rule.check(ctx))
    return _configure(loaded, findings)


def _check_lineage(group: list[_Entry], keep: bool) -> tuple[list[Finding], list[tuple[_Entry, LoadedPlan]], int]:
    """Check one lineage, oldest first; only summaries of checked plans are kept unless `keep`."""
    findings: list[Finding] = []
    kept: list[tuple[_Entry, LoadedPlan]] = []
    others: dict[str, PlanSummary] = {}
    checked = 0
    with without_cyclic_gc():
        for entry in group:
            loaded = read_plan(entry.folder)
            if entry.checked:
                findings.extend(check_plan(loaded, others))
                checked += 1
            if keep:
                kept.append((entry, loaded))
            others[entry.id] = summarize(loaded)
    return findings, kept, checked


def _check_lineages(groups: list[list[_Entry]]) -> tuple[list[Finding], int, dict[str, str]]:
    """A worker's share of the lineages (a top-level function, so a process pool can call it).

    With the findings goes what the loader read for them, so the parent can show their source
    lines: excerpts come only from files the loader read (planfiles.read_source).
    """
    findings: list[Finding] = []
    checked = 0
    for group in groups:
        found, _, count = _check_lineage(group, keep=False)
        findings.extend(found)
        checked += count
    return findings, checked, reads({f.file for f in findings})


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _shares(groups: list[list[_Entry]], jobs: int) -> list[list[list[_Entry]]]:
    """Lineages dealt out so each worker gets about the same number of plans."""
    shares: list[list[list[_Entry]]] = [[] for _ in range(jobs)]
    sizes = [0] * jobs
    for group in sorted(groups, key=len, reverse=True):
        smallest = sizes.index(min(sizes))
        shares[smallest].append(group)
        sizes[smallest] += len(group)
    return [share for share in shares if share]


SHARES_PER_JOB = 8  # small shares, handed out as workers finish: a worker slowed by other work on the machine takes fewer


def _parallel(groups: list[list[_Entry]], jobs: int) -> Iterable[tuple[list[Finding], int, dict[str, str]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")  # the workers share the imported code; no second start-up
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(_check_lineages, _shares(groups, jobs * SHARES_PER_JOB))


def validate(paths: list[Path], *, keep: bool = True, jobs: int = 1) -> Result:
    """Check the plans under `paths`. `keep` keeps every loaded plan in `Result.plans` (for the
    commands that go on to use one); without it memory stays that of one plan. `jobs` > 1 checks
    lineages in that many processes when there are enough plans to gain from it."""
    folders, problems = collect(paths)
    groups, duplicates = lineages(folders)
    result = Result(usage_problem=bool(problems))
    result.findings.extend(problems + duplicates)
    plans = sum(1 for group in groups for entry in group if entry.checked)
    if not keep and jobs > 1 and plans >= PARALLEL_FROM and sys.platform.startswith("linux"):
        for found, checked, read in _parallel(groups, jobs):
            result.findings.extend(found)
            result.checked += checked
            remember_reads(read)
    else:
        for group in groups:
            found, kept, checked = _check_lineage(group, keep)
            result.findings.extend(found)
            result.checked += checked
            for entry, loaded in kept:
                (result.plans if entry.checked else result.neighbours)[loaded.id] = loaded
    result.findings.sort()
    return result

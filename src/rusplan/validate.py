"""The validate engine: find plans, load them, run every rule, apply configuration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from rusplan.findings import Finding, Severity
from rusplan.load import canonical, discover, is_plan_dir, without_cyclic_gc
from rusplan.messages import Msg
from rusplan.planfolder import LoadedPlan, read_plan
from rusplan.rules import REGISTRY, Context


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    plans: dict[str, LoadedPlan] = field(default_factory=dict)
    usage_problem: bool = False

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
            problems.append(Finding(str(path), 1, 1, "RP011", Severity.error, Msg.of(key, path=str(path))))
            continue
        path = canonical(path)
        found = discover(path) if path.is_dir() else []
        if not found and path.is_file() and is_plan_dir(path.parent):
            found = [path.parent]
        if not found:
            problems.append(Finding(str(path), 1, 1, "RP011", Severity.error, Msg.of("not_a_plan", path=str(path))))
        folders.extend(found)
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), folder)
    return list(unique.values()), problems


def load_plans(folders: list[Path]) -> tuple[dict[str, LoadedPlan], dict[str, LoadedPlan], list[Finding]]:
    """The plans asked for, and predecessors found beside them (loaded for reference only)."""
    plans: dict[str, LoadedPlan] = {}
    problems: list[Finding] = []
    for folder in folders:
        loaded = read_plan(folder)
        if loaded.id in plans:
            f, line, col = loaded.at("plan.yaml", ("id",))
            problems.append(Finding(f, line, col, "RP208", Severity.error, Msg.of("duplicate_plan", id=loaded.id, other=str(plans[loaded.id].folder))))
            continue
        plans[loaded.id] = loaded
    context = dict(plans)
    for loaded in list(plans.values()):
        predecessor = loaded.meta.predecessor if loaded.meta else None
        if predecessor and predecessor not in context:
            beside = loaded.folder.parent / predecessor
            if is_plan_dir(beside):
                context[predecessor] = read_plan(beside)
    return plans, context, problems


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


def check_plan(loaded: LoadedPlan, context: dict[str, LoadedPlan]) -> list[Finding]:
    findings = list(loaded.findings)
    if loaded.plan is not None:
        ctx = Context(loaded, context)
        for rule in REGISTRY.values():
            if rule.check:
                findings.extend(rule.check(ctx))
    return _configure(loaded, findings)


def validate(paths: list[Path]) -> Result:
    with without_cyclic_gc():
        folders, problems = collect(paths)
        plans, context, duplicates = load_plans(folders)
        result = Result(plans=plans, usage_problem=bool(problems))
        result.findings.extend(problems + duplicates)
        for loaded in plans.values():
            result.findings.extend(check_plan(loaded, context))
    result.findings.sort()
    return result

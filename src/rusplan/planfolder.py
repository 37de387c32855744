"""Read a plan folder into a `Plan`, turning every load or schema problem into a finding.

A plan whose files all load and validate gets a `plan`; otherwise `plan` is
None and the findings say why. Positions of every model object stay
reachable through the documents, so rules can point at the exact line.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rusplan.alcoholmodel import CONTROLS_DIR, LICENCES_FILE, ControlLog, LicenceRegister
from rusplan.findings import Finding
from rusplan.load import Document, Path_, load_document
from rusplan.loaderrules import finding
from rusplan.messages import Msg, has
from rusplan.model import (
    Alcohol,
    Evaluation,
    FocusArea,
    Goal,
    Indicators,
    Measure,
    Plan,
    PlanMeta,
    StatusReport,
    Units,
    accepted_words,
)
from rusplan.planfiles import LoadProblem

PLAN_FILE = "plan.yaml"
FOCUS_DIR = "focus-areas"
STATUS_DIR = "status"
OPTIONAL_FILES = {"evaluation.yaml": Evaluation, "indicators.yaml": Indicators, "alcohol.yaml": Alcohol, "units.yaml": Units}


@dataclass(frozen=True)
class MeasureRef:
    """A measure with where it stands: its area, goal, file and path in that file."""

    area: FocusArea
    goal: Goal
    measure: Measure
    doc: str
    path: Path_


@dataclass
class LoadedPlan:
    folder: Path
    docs: dict[str, Document] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    plan: Plan | None = None
    meta: PlanMeta | None = None

    @property
    def id(self) -> str:
        return self.meta.id if self.meta else self.folder.name

    def file(self, doc: str) -> str:
        return str(self.folder / doc)

    def at(self, doc: str, path: Path_, *, key: bool = False) -> tuple[str, int, int]:
        """file, line, column of `path` in document `doc`."""
        document = self.docs.get(doc)
        line, column = document.position(path, key=key) if document else (1, 1)
        return self.file(doc), line, column

    def focus_doc(self, area_id: str) -> str:
        return f"{FOCUS_DIR}/{area_id}.yaml"

    def measure_refs(self):
        if not self.plan:
            return
        for area in self.plan.focus_areas:
            for gi, goal in enumerate(area.goals):
                for mi, measure in enumerate(goal.measures):
                    yield MeasureRef(area, goal, measure, self.focus_doc(area.id), ("goals", gi, "measures", mi))




def _problem_finding(loaded: LoadedPlan, doc: str, problem: LoadProblem) -> Finding:
    return finding(loaded.file(doc), problem.line, problem.column, problem.code, Msg.of(problem.key, **problem.params))


# --- schema errors to findings -------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...], list[...], dict[..., ...] or Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        for arg in reversed(typing.get_args(annotation)):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next((f for f in current.model_fields.values() if f.alias == part), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _pattern_hint(pattern: str) -> str:
    if "/" in pattern:
        return "pattern.ref"
    if ":" in pattern:
        return "pattern.clock"
    if "a-z0-9" in pattern:
        return "pattern.slug"
    return "pattern.other"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-branch and validator markers, keep keys and indices."""
    skip = {"int", "str", "float", "bool", "date", "[key]", "function-after", "function-before"}
    cleaned = []
    for part in loc:
        if isinstance(part, str) and (part in skip or part.startswith(("function-", "lax-", "strict-", "json-", "constrained-", "union:"))):
            continue
        if isinstance(part, str) and part.isdecimal():  # "²".isdigit(), but int("²") fails
            part = int(part)
        cleaned.append(part)
    return tuple(cleaned)


def schema_findings(loaded: LoadedPlan, doc: str, model: type[BaseModel], error: ValidationError) -> list[Finding]:
    document = loaded.docs[doc]
    seen: set[tuple[Any, ...]] = set()
    out: list[Finding] = []
    # a union (a number written as 1 or «1.1») reports each branch; a text over its length limit says most
    for err in sorted(error.errors(include_url=False), key=lambda e: e["type"] != "string_too_long"):
        kind = err["type"]
        loc = _clean_loc(err["loc"])
        if loc in seen:
            continue  # one finding per place; unions report once per branch
        seen.add(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            names = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
            guess = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            hint = Msg.of("did_you_mean", guess=guess[0]) if guess else ""
            line, column = document.position(loc, key=True)
            out.append(finding(loaded.file(doc), line, column, "RP101", Msg.of("unknown_key", key=key, hint=hint)))
        elif kind == "missing":
            line, column = document.position(loc[:-1])
            out.append(finding(loaded.file(doc), line, column, "RP102", Msg.of("missing_field", field=str(loc[-1]))))
        else:
            ctx = err.get("ctx") or {}
            params: dict[str, Any] = {}
            if kind == "string_pattern_mismatch":
                params["hint"] = Msg.of(_pattern_hint(str(ctx.get("pattern", ""))))
            elif kind == "enum":
                params.update(_enum_params(model, loc, err.get("input")))
            elif kind == "string_too_long":
                params["max_length"] = f"{ctx.get('max_length', 0):,}".replace(",", "\u00a0")
            elif kind in ("greater_than_equal", "less_than_equal"):
                params.update({k: ctx.get(k) for k in ("ge", "le") if k in ctx})
            else:
                params.update({k: v for k, v in ctx.items() if isinstance(v, (str, int))})
            problem_key = f"schema.{kind}" if has(f"schema.{kind}") else None
            problem: Any = Msg.of(problem_key, **params) if problem_key else Msg.of("schema.other", kind=kind)
            line, column = document.position(loc)
            name = next((str(p) for p in reversed(loc) if isinstance(p, str)), doc)
            out.append(finding(loaded.file(doc), line, column, "RP103", Msg.of("invalid_value", field=name, problem=problem)))
    return out


def _enum_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[Enum] | None:
    parent = _model_at(model, loc[:-1]) if loc else None
    info = parent.model_fields.get(str(loc[-1])) if parent else None
    kind = info.annotation if info else None
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return kind if isinstance(kind, type) and issubclass(kind, Enum) else None


def _enum_params(model: type[BaseModel], loc: tuple[Any, ...], given: Any) -> dict[str, Any]:
    """The accepted words, and the nearest one to what was written."""
    enum = _enum_at(model, loc)
    accepted = accepted_words(enum) if enum else []
    guess = difflib.get_close_matches(str(given).lower()[:100], accepted, n=1, cutoff=0.5) if isinstance(given, str) else []
    return {"expected": ", ".join(accepted_words(enum, variants=False) if enum else []), "hint": Msg.of("schema.enum_guess", guess=guess[0]) if guess else ""}


# --- reading the folder ----------------------------------------------------------


def _read(loaded: LoadedPlan, doc: str, model: type[BaseModel]) -> Any | None:
    """Load and validate one file; on failure record findings and return None."""
    try:
        document = load_document(loaded.folder / doc, within=loaded.folder)
    except LoadProblem as problem:
        loaded.findings.append(_problem_finding(loaded, doc, problem))
        return None
    loaded.docs[doc] = document
    if not isinstance(document.data, dict):
        found = type(document.data).__name__
        found = {"list": "en liste", "str": "en tekst", "int": "et tall"}.get(found, found)
        loaded.findings.append(finding(loaded.file(doc), 1, 1, "RP103", Msg.of("not_mapping", found=found)))
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        loaded.findings.extend(schema_findings(loaded, doc, model, error))
        return None
    finally:
        document.data = None  # the model holds it now; a national corpus would keep it twice


def read_plan(folder: Path) -> LoadedPlan:
    """Every file of a plan folder, validated; `plan` is set only when all of it is valid."""
    loaded = LoadedPlan(folder)
    meta = _read(loaded, PLAN_FILE, PlanMeta)
    loaded.meta = meta
    ok = meta is not None
    if meta and meta.id != folder.name:
        f, line, col = loaded.at(PLAN_FILE, ("id",))
        loaded.findings.append(finding(f, line, col, "RP206", Msg.of("id_mismatch", id=meta.id, what=Msg.of("what_folder"), expected=folder.name)))

    areas, areas_ok = _read_focus_areas(loaded, meta)
    ok = ok and areas_ok

    optional: dict[str, Any] = {}
    for name, model in OPTIONAL_FILES.items():
        if (folder / name).exists():
            optional[name] = _read(loaded, name, model)
            ok = ok and optional[name] is not None

    reports, reports_ok = _read_yearly(loaded, STATUS_DIR, StatusReport)
    ok = ok and reports_ok

    licences, controls, alcohol_ok = _read_alcohol_part(loaded)
    ok = ok and alcohol_ok

    known = {PLAN_FILE, *OPTIONAL_FILES}
    for path in sorted(folder.glob("*.y*ml")):
        if path.name not in known:
            loaded.findings.append(finding(str(path), 1, 1, "RP008", Msg.of("unknown_file", name=path.name)))

    if ok and meta:
        indicators = optional.get("indicators.yaml")
        loaded.plan = Plan(
            meta=meta,
            focus_areas=areas,
            evaluation=optional.get("evaluation.yaml"),
            indicators=indicators.indicators if indicators else [],
            alcohol=optional.get("alcohol.yaml"),
            status_reports=dict(sorted(reports.items())),
            licences=licences,
            controls=controls,
            units=optional["units.yaml"].units if optional.get("units.yaml") else [],
        )
    return loaded


def _read_focus_areas(loaded: LoadedPlan, meta: PlanMeta | None) -> tuple[list[FocusArea], bool]:
    """The focus areas plan.yaml lists, in its order, and whether each was there and valid; a file it does not list is named (RP212)."""
    folder = loaded.folder
    areas: list[FocusArea] = []
    ok = True
    listed = list(meta.focus_areas) if meta else []
    present = {p.stem: p for p in sorted((folder / FOCUS_DIR).glob("*.yaml"))} if (folder / FOCUS_DIR).is_dir() else {}
    for index, area_id in enumerate(listed):
        doc = f"{FOCUS_DIR}/{area_id}.yaml"
        if area_id not in present:
            f, line, col = loaded.at(PLAN_FILE, ("focus_areas", index))
            loaded.findings.append(finding(f, line, col, "RP204", Msg.of("focus_area_missing", id=area_id, file=doc)))
            ok = False
            continue
        area = _read(loaded, doc, FocusArea)
        if area is None:
            ok = False
            continue
        if area.id != area_id:
            f, line, col = loaded.at(doc, ("id",))
            loaded.findings.append(finding(f, line, col, "RP206", Msg.of("id_mismatch", id=area.id, what=Msg.of("what_file"), expected=area_id)))
        areas.append(area)
    if meta:
        listed_ids = set(listed)
        for stem, path in present.items():
            if stem not in listed_ids:
                loaded.findings.append(finding(str(path), 1, 1, "RP212", Msg.of("focus_area_unlisted", id=stem)))
    return areas, ok


def _read_yearly(loaded: LoadedPlan, directory: str, model: type[BaseModel]) -> tuple[dict[int, Any], bool]:
    """`<directory>/<year>.yaml` files (status reports, control logs) by year, each of which must say its own year."""
    found: dict[int, Any] = {}
    ok = True
    folder = loaded.folder / directory
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        doc = f"{directory}/{path.name}"
        report = _read(loaded, doc, model)
        if report is None:
            ok = False
            continue
        if str(report.year) != path.stem:
            f, line, col = loaded.at(doc, ("year",))
            loaded.findings.append(finding(f, line, col, "RP207", Msg.of("status_year_mismatch", year=report.year, file=doc)))
            ok = False
            continue
        found[report.year] = report
    return dict(sorted(found.items())), ok


def _read_alcohol_part(loaded: LoadedPlan) -> tuple[LicenceRegister | None, dict[int, ControlLog], bool]:
    """alcohol/licences.yaml and alcohol/controls/<year>.yaml, when the plan keeps a register."""
    folder = loaded.folder / "alcohol"
    if not folder.is_dir():
        return None, {}, True
    ok = True
    licences = None
    if (loaded.folder / LICENCES_FILE).exists():
        licences = _read(loaded, LICENCES_FILE, LicenceRegister)
        ok = licences is not None
    logs, logs_ok = _read_yearly(loaded, CONTROLS_DIR, ControlLog)
    ok = ok and logs_ok
    controls_dir = loaded.folder / CONTROLS_DIR
    known = {loaded.folder / LICENCES_FILE, *(loaded.folder / f"{CONTROLS_DIR}/{year}.yaml" for year in logs)}
    for path in sorted(folder.rglob("*.y*ml")):
        if path not in known and not (path.parent == controls_dir and path.suffix == ".yaml"):
            loaded.findings.append(finding(str(path), 1, 1, "RP008", Msg.of("unknown_file", name=f"alcohol/{path.relative_to(folder).as_posix()}")))
    return licences, dict(sorted(logs.items())), ok

"""JSON Schema for every kind of plan file, generated from the pydantic models.

Editors read these (VS Code's YAML extension through a `# yaml-language-server:
$schema=...` modeline) to complete keys, show the Norwegian titles and
descriptions on hover and underline mistakes while a secretary types. The
models stay the single source of truth; this module only adjusts what pydantic
cannot know from the types: the shorthand a plan may write (`cost: Innenfor
ramme` for a cost object), YAML 1.1 reading a bare `off` as false, and year
keys that are integers in YAML but strings in JSON.

`$id` is the schema's own file name: a relative reference that resolves to
wherever the file is read from, so a copy in any plan repository is
self-consistent and no network address is implied.
"""

from __future__ import annotations

import inspect
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from rusplan import alcoholmodel, atomic, model
from rusplan.alcoholmodel import ControlLog, LicenceRegister
from rusplan.model import Alcohol, Evaluation, FocusArea, Indicators, PlanMeta, StatusReport, Units
from rusplan.planfiles import LoadProblem, read_bytes

DRAFT = "https://json-schema.org/draft/2020-12/schema"
MODELINE_PREFIX = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class FileKind:
    """One kind of plan file: its model, schema file name and where it lives in a plan folder."""

    name: str
    model: type[BaseModel]
    pattern: str  # path inside the plan folder, `*` for the variable part
    title: str
    description: str

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def depth(self) -> int:
        """Folders between the plan folder and the file (focus-areas/x.yaml: 1)."""
        return self.pattern.count("/")


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("plan", PlanMeta, "plan.yaml", "Plan (plan.yaml)",
                 "Planens metadata: tittel, kommune(r), planperiode, vedtak, rekkefølgen på fokusområdene og regelinnstillinger. "
                 "Se docs/plan-format.md."),
        FileKind("focus-area", FocusArea, "focus-areas/*.yaml", "Fokusområde (focus-areas/<id>.yaml)",
                 "Ett fokusområde (satsingsområde) med mål og tiltak. Filnavnet er fokusområdets id."),
        FileKind("evaluation", Evaluation, "evaluation.yaml", "Evaluering (evaluation.yaml)",
                 "Evaluering av forrige plan, tiltak for tiltak: resultat, kommentar og om tiltaket videreføres."),
        FileKind("indicators", Indicators, "indicators.yaml", "Indikatorer (indicators.yaml)",
                 "Tall med årstall fra Ungdata, BrukerPlan, KOSTRA, politiet, alkoholomsetning og liknende."),
        FileKind("alcohol", Alcohol, "alcohol.yaml", "Alkoholpolitisk del (alcohol.yaml)",
                 "Salgs- og skjenkebevillinger, planlagte kontroller og salgs- og skjenketider."),
        FileKind("status", StatusReport, "status/*.yaml", "Statusrapport (status/<år>.yaml)",
                 "Årlig statusrapport: hvor langt hvert tiltak er kommet. Filnavnet er året."),
        FileKind("alcohol-licences", LicenceRegister, "alcohol/licences.yaml", "Bevillingsregister (alcohol/licences.yaml)",
                 "Salgs- og skjenkestedene i kommunen med bevillinger: type, alkoholgrupper, tider, gyldighet, vilkår og inndragninger."),
        FileKind("alcohol-controls", ControlLog, "alcohol/controls/*.yaml", "Kontrollogg (alcohol/controls/<år>.yaml)",
                 "Årets salgs- og skjenkekontroller: dato, sted, type, antall kontrollører, brudd og prikker. Filnavnet er året."),
        FileKind("units", Units, "units.yaml", "Enhetsregister (units.yaml)",
                 "Kommunens enheter med de andre navnene planene bruker for dem; ansvarlig-navn sjekkes mot registeret."),
    )
}

# Norwegian titles for the shared definitions (the class names are English).
DEF_TITLES = {
    "Adoption": "Vedtak",
    "Alcohol": "Alkoholpolitisk del",
    "Cost": "Kostnad",
    "Deadline": "Frist",
    "DeadlineKind": "Fristtype",
    "EvaluationItem": "Evaluert tiltak",
    "FollowUp": "Oppfølging",
    "Goal": "Mål",
    "Hours": "Tidsrom",
    "Indicator": "Indikator",
    "Kind": "Type tiltak",
    "Measure": "Tiltak",
    "Municipality": "Kommune",
    "Outcome": "Resultat",
    "Period": "Periode",
    "RelatedPlan": "Relatert plan",
    "Reporting": "Rapportering",
    "RuleSetting": "Regelinnstilling",
    "SalesHours": "Salgstider",
    "Scope": "Nivå",
    "ServingHours": "Skjenketider",
    "State": "Planstatus",
    "Status": "Status",
    "StatusItem": "Status for tiltak",
    # alcoholmodel.py
    "Breach": "Brudd",
    "Category": "Bruddkategori",
    "Control": "Kontroll",
    "ControlKind": "Kontrolltype",
    "ControlLog": "Kontrollogg",
    "ControlPolicy": "Kontrollrutiner",
    "Decision": "Vedtak",
    "Licence": "Bevilling",
    "LicenceKind": "Bevillingstype",
    "LicenceRegister": "Bevillingsregister",
    "Outlet": "Salgs- eller skjenkested",
    "SalesHoursPolicy": "Salgstider",
    "ServingHoursPolicy": "Skjenketider",
    "Withdrawal": "Inndragning",
    "Terms": "Planens ord",
    "Unit": "Enhet",
}


def kind_of(relative: str | PurePosixPath) -> FileKind | None:
    """The kind of a file given by its path inside the plan folder (`focus-areas/bolig.yaml`)."""
    path = PurePosixPath(relative)
    for kind in KINDS.values():
        if path.match(kind.pattern) and len(path.parts) == kind.depth + 1:
            return kind
    return None


def modeline(kind: FileKind, schemas: str) -> str:
    """The first line of a plan file: `schemas` is the schema folder relative to the plan folder.

    The line is a YAML comment: a line break in `schemas` would end it and write the rest
    as keys of the plan, so any control character is refused (callers check first, with a message).
    """
    if not schemas_path_ok(schemas):
        raise ValueError(f"schema folder with a control character: {schemas!r}")
    up = "../" * kind.depth
    return f"{MODELINE_PREFIX}{up}{schemas.rstrip('/')}/{kind.filename}"


def schemas_path_ok(schemas: str) -> bool:
    """Whether `schemas` can stand in a modeline: no line break or other control character, not too long."""
    return len(schemas) <= 1_000 and all(ch.isprintable() or ch == " " for ch in schemas)


def schemas_relative(plan_folder: Path, schemas_dir: Path) -> str:
    """The schema folder as a POSIX path relative to a plan folder (what `modeline` takes)."""
    return Path(os.path.relpath(schemas_dir.resolve(), plan_folder.resolve())).as_posix()


# --- generating ----------------------------------------------------------------

_SHORTHAND = {
    "Cost": "Skriv kostnaden slik planen formulerer den («Innenfor ramme», «kr 250 000», et beløp), "
    "eller som et objekt med text og det den betyr (within_budget, grant, investment, amount_nok).",
    "Deadline": "Skriv fristen slik planen formulerer den (et årstall, en dato, «I planperioden», «Årlig»), "
    "eller som et objekt med text og det den betyr (kind, year, date).",
}


def _rule_setting() -> dict[str, Any]:
    return {
        "title": "Regelinnstilling",
        "description": "off (slått av), error, warning eller info.",
        "anyOf": [
            {"enum": ["off", "error", "warning", "info"]},
            {"const": False, "description": "YAML leser «off» uten anførselstegn som false; det betyr det samme: regelen er slått av."},
        ],
    }


def _rules_property(prop: dict[str, Any]) -> dict[str, Any]:
    """Rule codes complete with their Norwegian title; any RPnnn code is accepted, as the model does."""
    from rusplan.rules import REGISTRY

    known = {
        code: {"$ref": "#/$defs/RuleSetting", "title": rule.title, "description": f"{code}: {rule.title} (standard: {rule.severity.value})."}
        for code, rule in sorted(REGISTRY.items())
    }
    return {
        "title": prop.get("title"),
        "description": prop.get("description"),
        "type": "object",
        "properties": known,
        "propertyNames": {"pattern": r"^RP\d{3}$"},
        "additionalProperties": {"$ref": "#/$defs/RuleSetting"},
    }


def _hoist_titles(name: str, prop: dict[str, Any]) -> None:
    """`number: DisplayNumber | None` gets pydantic's English title «Number»; use the Norwegian one inside the union."""
    default_title = name.replace("_", " ").title()
    if prop.get("title") not in (None, default_title) or "anyOf" not in prop:
        return
    for branch in prop["anyOf"]:
        if "title" in branch:
            prop["title"] = branch.pop("title")
            if "description" in branch and "description" not in prop:
                prop["description"] = branch.pop("description")
            return


def _shorthand(prop: dict[str, Any], defs: dict[str, Any]) -> None:
    """`cost: Cost | None` also takes the plan's wording (text or a number), as the model does.

    The alternatives stay on one level (text, number, the object, null), so an editor shows
    the field's title once and its help, not the title of every nested alternative.
    """
    branches = prop.get("anyOf", [prop] if "$ref" in prop else [])
    for index, branch in enumerate(branches):
        name = branch.get("$ref", "").rsplit("/", 1)[-1]
        if name in _SHORTHAND and name in defs:
            shorthand = [{"type": "string"}, {"type": "integer"}, {"$ref": branch["$ref"]}]
            rest = [b for i, b in enumerate(branches) if i != index] if "anyOf" in prop else []
            prop.pop("$ref", None)
            prop["anyOf"] = shorthand + rest
            prop["description"] = f"{prop.get('description', '')} {_SHORTHAND[name]}".strip()
            return


def _walk_properties(schema: dict[str, Any]):
    """Every (definition, property name, property schema) of the top level and of $defs."""
    for owner in (schema, *schema.get("$defs", {}).values()):
        for name, prop in owner.get("properties", {}).items():
            yield owner, name, prop


def _adjust(schema: dict[str, Any]) -> dict[str, Any]:
    models = {name: cls for name, cls in [*vars(model).items(), *vars(alcoholmodel).items()] if isinstance(cls, type) and issubclass(cls, BaseModel)}
    defs = schema.setdefault("$defs", {})
    for name, definition in defs.items():
        cls = models.get(name)
        if cls is not None and cls.__doc__ and definition.get("description") == inspect.cleandoc(cls.__doc__):
            del definition["description"]  # developer docstrings are English; field descriptions carry the Norwegian help
        if name in DEF_TITLES:
            definition["title"] = DEF_TITLES[name]
    for owner, name, prop in list(_walk_properties(schema)):
        _hoist_titles(name, prop)
        _shorthand(prop, defs)
        if owner is schema and name == "rules" and schema.get("title") == PlanMeta.__name__:
            owner["properties"]["rules"] = _rules_property(prop)
            defs["RuleSetting"] = _rule_setting()
        if name == "values" and prop.get("type") == "object":
            prop["propertyNames"] = {"pattern": r"^(-?[0-9]+|[0-9]{4} ?[–-] ?[0-9]{4})$", "description": "Årstall, eller et spenn av år («2015–2016»)."}
    return schema


def schema_for(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one kind of plan file."""
    raw = _adjust(kind.model.model_json_schema(by_alias=True))
    raw.pop("title", None)
    raw.pop("description", None)
    defs = raw.pop("$defs", {})
    out = {"$schema": DRAFT, "$id": kind.filename, "title": kind.title, "description": kind.description, **raw}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def render(kind: FileKind) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def generate() -> dict[str, str]:
    """File name to text, for every kind."""
    return {kind.filename: render(kind) for kind in KINDS.values()}


def stale(directory: Path) -> list[str]:
    """Schema files in `directory` that are missing or differ from what the models give now."""
    return _stale(directory, generate())


def _stale(directory: Path, texts: dict[str, str]) -> list[str]:
    out = []
    for name, text in texts.items():
        path = directory / name
        try:  # never from a FIFO, a device or a huge file
            current = read_bytes(path).decode("utf-8", errors="replace")
        except LoadProblem:
            current = None
        if current != text:
            out.append(name)
    return out


def write(directory: Path) -> list[Path]:
    """Write every schema to `directory`; only files whose text changed are touched. Returns those."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = generate()
    changed = []
    for name in _stale(directory, texts):
        path = directory / name
        atomic.write_file(path, texts[name], overwrite=True)
        changed.append(path)
    return changed

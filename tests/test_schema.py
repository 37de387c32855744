"""The exported JSON Schema: what editors use, checked with an independent validator (jsonschema).

Every bundled plan file must validate against the schema in `schemas/` (as VS Code would
check it), a broken file must not, and the model and the schema must agree on the
shorthand a plan may write. `schemas/` itself must be what `rusplan schema` writes now.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import textwrap
from pathlib import Path, PurePosixPath

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from conftest import PLANS, ROOT
from rusplan import schema
from rusplan.cli import app
from rusplan.model import FocusArea, Indicators, PlanMeta

SCHEMAS = ROOT / "schemas"
BUNDLED = sorted(PLANS.rglob("*.yaml"))
runner = CliRunner()


def inside_plan(path: Path) -> PurePosixPath:
    """`plans/molde-2020-2024/focus-areas/eldre.yaml` → `focus-areas/eldre.yaml`."""
    return PurePosixPath(*path.relative_to(PLANS).parts[1:])


def as_json(data):
    """What a JSON Schema validator sees of YAML data: string keys, dates as ISO text."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def validator(kind: schema.FileKind) -> jsonschema.Draft202012Validator:
    stored = json.loads((SCHEMAS / kind.filename).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(stored, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(kind_name: str, text: str) -> list[str]:
    data = as_json(yaml.safe_load(textwrap.dedent(text)))
    return [e.message for e in validator(schema.KINDS[kind_name]).iter_errors(data)]


# --- drift and modelines ------------------------------------------------------------------


def test_schemas_folder_is_what_rusplan_schema_generates_now():
    """Fails after a model change until `rusplan schema -o schemas` is run and the result committed."""
    generated = schema.generate()
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(generated)
    stale = [name for name, text in generated.items() if (SCHEMAS / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"schemas/ is out of date: run «rusplan schema -o schemas» ({', '.join(stale)})"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(PLANS)))
def test_every_bundled_plan_file_starts_with_its_modeline(path):
    kind = schema.kind_of(inside_plan(path))
    assert kind is not None, f"{path} is no kind of plan file"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == schema.modeline(kind, "../../schemas")
    target = (path.parent / first.removeprefix(schema.MODELINE_PREFIX)).resolve()
    assert target == (SCHEMAS / kind.filename).resolve() and target.is_file()


def test_schema_kinds_cover_every_file_the_loader_reads():
    assert {k.filename for k in schema.KINDS.values()} == {
        "plan.schema.json", "focus-area.schema.json", "evaluation.schema.json",
        "indicators.schema.json", "alcohol.schema.json", "status.schema.json",
        "alcohol-licences.schema.json", "alcohol-controls.schema.json",
        "units.schema.json",
    }
    assert schema.kind_of("status/2022.yaml").name == "status"
    assert schema.kind_of("alcohol/licences.yaml").name == "alcohol-licences"
    assert schema.kind_of("alcohol/controls/2025.yaml").name == "alcohol-controls"
    assert schema.kind_of("focus-areas/bolig.yaml").name == "focus-area"
    assert schema.kind_of("README.md") is None and schema.kind_of("focus-areas/x/y.yaml") is None


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", schema.KINDS.values(), ids=lambda k: k.name)
def test_each_schema_is_valid_draft_2020_12_with_id_and_norwegian_title(kind):
    stored = json.loads((SCHEMAS / kind.filename).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(stored)
    assert stored["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert stored["$id"] == kind.filename
    assert stored["title"] == kind.title and stored["description"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(PLANS)))
def test_every_bundled_plan_file_validates_against_its_exported_schema(path):
    kind = schema.kind_of(inside_plan(path))
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert problems == []


BROKEN = {
    "unknown key in a measure": ("focus-area", "focus-areas/x.yaml", """\
        id: x
        title: X
        goals:
          - id: m1
            title: Mål
            measures:
              - id: t1
                title: Tiltak
                ansvarlig: [Skole]
        """),
    "state not in the list": ("plan", "plan.yaml", """\
        id: x
        title: X
        municipalities: [{name: X}]
        period: {start: 2020, end: 2024}
        state: godkjent
        focus_areas: [a]
        """),
    "title missing": ("focus-area", "focus-areas/x.yaml", "id: x\ngoals: []\n"),
    "id with capitals": ("focus-area", "focus-areas/x.yaml", "id: Barn-og-unge\ntitle: X\n"),
    "rule setting misspelt": ("plan", "plan.yaml", """\
        id: x
        title: X
        municipalities: [{name: X}]
        period: {start: 2020, end: 2024}
        state: adopted
        focus_areas: [a]
        rules: {RP302: of}
        """),
    "rule code unknown form": ("plan", "plan.yaml", """\
        id: x
        title: X
        municipalities: [{name: X}]
        period: {start: 2020, end: 2024}
        state: adopted
        focus_areas: [a]
        rules: {302: off}
        """),
    "cost as a list": ("focus-area", "focus-areas/x.yaml", """\
        id: x
        title: X
        goals: [{id: m1, title: M, measures: [{id: t1, title: T, cost: [a, b]}]}]
        """),
    "deadline as true": ("focus-area", "focus-areas/x.yaml", """\
        id: x
        title: X
        goals: [{id: m1, title: M, measures: [{id: t1, title: T, deadline: true}]}]
        """),
    "indicator value not a number": ("indicators", "indicators.yaml", """\
        indicators: [{id: a, title: A, values: {2020: mange}}]
        """),
    "indicator key not a year": ("indicators", "indicators.yaml", """\
        indicators: [{id: a, title: A, values: {i fjor: 3}}]
        """),
    "clock without leading zero": ("alcohol", "alcohol.yaml", """\
        sales_hours: {weekdays: {from: "8:00", to: "20:00"}}
        """),
    "status not in the list": ("status", "status/2022.yaml", "year: 2022\nmeasures: [{measure: t1, status: ferdig}]\n"),
    "municipality number as a number": ("plan", "plan.yaml", """\
        id: x
        title: X
        municipalities: [{name: X, number: 1506}]
        period: {start: 2020, end: 2024}
        state: adopted
        focus_areas: [a]
        """),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_a_broken_file_fails_the_schema_and_the_model_alike(case):
    kind_name, _, text = BROKEN[case]
    assert errors(kind_name, text), "the exported schema accepted a broken file"
    with pytest.raises(ValidationError):
        schema.KINDS[kind_name].model.model_validate(yaml.safe_load(textwrap.dedent(text)))


SHORTHAND = {
    "cost as wording": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, cost: Innenfor ramme}]}]"),
    "cost as a number": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, cost: 250000}]}]"),
    "cost as an object": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, cost: {text: Søkes tilskudd, grant: true}}]}]"),
    "deadline as a year": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, deadline: 2022}]}]"),
    "deadline as a YAML date": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, deadline: 2022-06-30}]}]"),
    "deadline as an object": ("focus-area", "goals: [{id: m1, title: M, measures: [{id: t1, title: T, deadline: {text: Høsten 2022, kind: other}}]}]"),
    "number dotted": ("focus-area", "goals: [{id: m1, number: 1, title: M, measures: [{id: t1, number: '1.1', title: T}]}]"),
}


@pytest.mark.parametrize("case", SHORTHAND, ids=str)
def test_shorthand_the_model_accepts_the_schema_accepts(case):
    kind_name, body = SHORTHAND[case]
    text = f"id: x\ntitle: X\n{body}\n"
    FocusArea.model_validate(yaml.safe_load(text))
    assert errors(kind_name, text) == []


@pytest.mark.parametrize("setting", ["off", '"off"', "error", "warning", "info"])
def test_rule_settings_including_bare_off_which_yaml_reads_as_false(setting):
    text = f"""\
        id: x
        title: X
        municipalities: [{{name: X}}]
        period: {{start: 2020, end: 2024}}
        state: adopted
        focus_areas: [a]
        rules: {{RP302: {setting}, RP999: info}}
        """
    PlanMeta.model_validate(yaml.safe_load(textwrap.dedent(text)))
    assert errors("plan", text) == []


def test_indicator_years_are_integer_keys_in_yaml_and_string_keys_in_json():
    text = "indicators: [{id: a, title: A, values: {2016: 32, 2018: 28.5}}]\n"
    Indicators.model_validate(yaml.safe_load(text))
    assert errors("indicators", text) == []


@pytest.mark.parametrize("name", ["bad-enum", "bad-id", "missing-field", "unknown-key", "wrong-type", "list-not-mapping"])
def test_the_broken_corpus_of_schema_errors_fails_the_exported_schema_too(name):
    """The cases the loader reports as RP101–RP103 are exactly what an editor should underline."""
    text = (ROOT / "tests" / "broken" / f"{name}.yaml").read_text(encoding="utf-8")
    assert errors("plan", text)


# --- what an editor shows -------------------------------------------------------------------------


def test_hover_texts_are_the_norwegian_titles_and_descriptions():
    plan = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    area = json.loads((SCHEMAS / "focus-area.schema.json").read_text(encoding="utf-8"))
    assert plan["properties"]["period"]["title"] == "Planperiode"
    assert plan["properties"]["state"]["description"].startswith("draft (utkast)")
    measure = area["$defs"]["Measure"]["properties"]
    assert measure["cost"]["title"] == "Kostnad" and measure["deadline"]["title"] == "Frist"
    assert measure["number"]["title"] == "Nummer"  # not pydantic's English «Number»
    assert "Innenfor ramme" in measure["cost"]["description"] and measure["cost"]["anyOf"][:2] == [{"type": "string"}, {"type": "integer"}]
    assert area["$defs"]["Cost"]["title"] == "Kostnad" and area["$defs"]["Deadline"]["title"] == "Frist"
    assert "the plan's own wording" not in json.dumps(area)  # developer docstrings stay out of hover text


def test_rule_codes_complete_with_their_titles():
    from rusplan.rules import REGISTRY

    rules = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))["properties"]["rules"]
    assert set(rules["properties"]) == set(REGISTRY)
    assert rules["properties"]["RP302"]["title"] == REGISTRY["RP302"].title


# --- the command --------------------------------------------------------------------------------------


def test_rusplan_schema_writes_every_kind_and_check_finds_drift(tmp_path):
    out = tmp_path / "schemas"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(schema.generate())
    assert runner.invoke(app, ["schema", "-o", str(out), "--check"]).exit_code == 0
    (out / "status.schema.json").write_text("{}", encoding="utf-8")
    stale = runner.invoke(app, ["schema", "-o", str(out), "--check"])
    assert stale.exit_code == 1
    assert "status.schema.json" in stale.output and "rusplan schema" in stale.output
    again = runner.invoke(app, ["schema", "-o", str(out)])
    assert again.exit_code == 0 and again.output.strip() == f"Skrev {out / 'status.schema.json'}"


def test_rusplan_schema_that_cannot_write_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["schema", "-o", str(blocker / "schemas")])
    assert result.exit_code == 2
    assert "Kan ikke skrive" in result.output and "Traceback" not in result.output


def test_a_schema_read_from_another_folder_resolves_its_own_references(tmp_path, monkeypatch):
    """`$id` is relative: a copy in a plan repository works where it lies."""
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["schema"])
    stored = json.loads(Path("schemas", "focus-area.schema.json").read_text(encoding="utf-8"))
    check = jsonschema.Draft202012Validator(stored)
    assert not check.is_valid({"id": "x", "title": "X", "goals": [{"id": "m", "title": "M", "measures": [{"id": "t", "title": "T", "kost": 1}]}]})
    assert os.path.exists("schemas/plan.schema.json")

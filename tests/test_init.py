"""`rusplan init`: a new plan folder that validates at once, explains itself in Norwegian and never overwrites."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT
from rusplan import scaffold
from rusplan.cli import app
from rusplan.model import FocusArea, PlanMeta
from rusplan.schema import KINDS, MODELINE_PREFIX
from rusplan.validate import validate

runner = CliRunner()


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A plan repository as cwd: with schemas/ like this one."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["schema", "-o", "schemas"]).exit_code == 0
    return tmp_path


def init(*args: str, input: str | None = None):
    return runner.invoke(app, ["init", *args], input=input)


def test_non_interactive_init_validates_at_once_without_any_finding(here):
    result = init("plans/nord-aurdal-2024-2028", "--no-interactive")
    assert result.exit_code == 0, result.output
    folder = here / "plans" / "nord-aurdal-2024-2028"
    checked = validate([folder])
    assert checked.exit_code() == 0
    assert [(f.code, f.message()) for f in checked.findings] == []
    meta = checked.plans["nord-aurdal-2024-2028"].plan.meta
    assert (meta.municipalities[0].name, meta.period.start, meta.period.end, meta.state.value) == ("Nord-Aurdal", 2024, 2028, "draft")
    assert meta.title == "Ruspolitisk handlingsplan for Nord-Aurdal kommune 2024–2028"
    assert "rusplan validate plans/nord-aurdal-2024-2028" in result.output


def test_flags_set_every_value(here):
    result = init(
        "plans/averoy-2025-2028", "--no-interactive", "-m", "Averøy", "--municipality-number", "1554", "--start", "2025", "--end", "2028",
        "--title", "Ruspolitisk handlingsplan: Averøy", "--focus-area", "Barn og unge", "--focus-area", "Oppfølging og ettervern",
    )
    assert result.exit_code == 0, result.output
    folder = here / "plans" / "averoy-2025-2028"
    meta = PlanMeta.model_validate(yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8")))
    assert meta.municipalities[0].name == "Averøy" and meta.municipalities[0].number == "1554"
    assert meta.title == "Ruspolitisk handlingsplan: Averøy"
    assert meta.focus_areas == ["barn-og-unge", "oppfolging-og-ettervern"]
    area = FocusArea.model_validate(yaml.safe_load((folder / "focus-areas" / "oppfolging-og-ettervern.yaml").read_text(encoding="utf-8")))
    assert (area.number, area.title) == (2, "Oppfølging og ettervern")
    assert validate([folder]).findings == []


def test_interactive_init_prompts_with_defaults(here):
    answers = "Averøy\n1554\n\n\n\n\nBarn og unge, Bolig\n"  # name, number, start, end, title and predecessor as proposed
    result = init("plans/averoy-2021-2024", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "Kommune (flere skilles med komma) [Averoy]:" in result.output and "Første år i planperioden [2021]:" in result.output
    plan = (here / "plans" / "averoy-2021-2024" / "plan.yaml").read_text(encoding="utf-8")
    meta = PlanMeta.model_validate(yaml.safe_load(plan))
    assert meta.municipalities[0].name == "Averøy"
    assert (meta.period.start, meta.period.end) == (2021, 2024)
    assert meta.title == "Ruspolitisk handlingsplan for Averøy kommune 2021–2024"
    assert meta.focus_areas == ["barn-og-unge", "bolig"]
    assert validate([here / "plans" / "averoy-2021-2024"]).findings == []


def test_every_field_is_present_with_a_norwegian_comment(here):
    init("plans/molde-2028-2032", "--no-interactive")
    folder = here / "plans" / "molde-2028-2032"
    for name, model in (("plan.yaml", PlanMeta), ("focus-areas/forebygging.yaml", FocusArea)):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        top = {ln.split(":")[0]: ln for ln in lines if re.match(r"^[a-z_]+:", ln)}
        assert set(top) == {f.alias or n for n, f in model.model_fields.items()}, name
        assert all(" # " in ln for ln in top.values()), [ln for ln in top.values() if " # " not in ln]
    area = (folder / "focus-areas" / "forebygging.yaml").read_text(encoding="utf-8")
    example = "\n".join(ln[2:] for ln in area.splitlines() if ln.startswith("#   ") or ln == "# goals:")
    goal = yaml.safe_load(example)["goals"][0]  # the commented example is itself a valid goal
    FocusArea.model_validate({"id": "forebygging", "title": "F", "goals": [goal]})
    assert "measure («Tiltak»)" in area and "Innenfor ramme" in area


def test_modelines_point_at_the_schemas_of_the_repository(here):
    init("plans/molde-2028-2032", "--no-interactive")
    for path in (here / "plans" / "molde-2028-2032").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE_PREFIX)
        target = path.parent / first.removeprefix(MODELINE_PREFIX)
        assert target.resolve().is_file()
    plan = (here / "plans" / "molde-2028-2032" / "plan.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")


def test_the_new_files_validate_against_the_exported_schema(here):
    init("plans/molde-2028-2032", "--no-interactive", "--focus-area", "Barn og unge")
    folder = here / "plans" / "molde-2028-2032"
    for name, kind in (("plan.yaml", "plan"), ("focus-areas/barn-og-unge.yaml", "focus-area")):
        stored = json.loads((here / "schemas" / KINDS[kind].filename).read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load((folder / name).read_text(encoding="utf-8")), stored, cls=jsonschema.Draft202012Validator)


def test_no_modeline_without_schemas_folder_or_with_empty_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init("plans/molde-2028-2032", "--no-interactive").exit_code == 0
    assert not (tmp_path / "plans/molde-2028-2032/plan.yaml").read_text(encoding="utf-8").startswith("#" + " yaml-language-server")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "plan.schema.json").write_text("{}", encoding="utf-8")
    assert init("plans/molde-2032-2036", "--no-interactive", "--schemas", "").exit_code == 0
    assert not (tmp_path / "plans/molde-2032-2036/plan.yaml").read_text(encoding="utf-8").startswith("#" + " yaml-language-server")
    assert init("plans/molde-2036-2040", "--no-interactive", "--schemas", "../../../shared/schemas").exit_code == 0
    area = (tmp_path / "plans/molde-2036-2040/focus-areas/forebygging.yaml").read_text(encoding="utf-8")
    assert area.startswith("# yaml-language-server: $schema=../../../../shared/schemas/focus-area.schema.json\n")


def test_the_predecessor_beside_it_is_proposed(here):
    assert init("plans/molde-2020-2024", "--no-interactive").exit_code == 0
    assert init("plans/molde-2024-2028", "--no-interactive").exit_code == 0
    meta = PlanMeta.model_validate(yaml.safe_load((here / "plans/molde-2024-2028/plan.yaml").read_text(encoding="utf-8")))
    assert meta.predecessor == "molde-2020-2024"
    assert init("plans/molde-2028-2032", "--no-interactive", "--predecessor", "").exit_code == 0
    assert PlanMeta.model_validate(yaml.safe_load((here / "plans/molde-2028-2032/plan.yaml").read_text(encoding="utf-8"))).predecessor is None


@pytest.mark.parametrize("existing", ["folder with a plan", "empty folder", "file"])
def test_never_overwrites(here, existing):
    target = here / "plans" / "molde-2024-2028"
    if existing == "file":
        target.parent.mkdir()
        target.write_text("mine", encoding="utf-8")
    elif existing == "empty folder":
        target.mkdir(parents=True)
    else:
        assert init(str(target.relative_to(here)), "--no-interactive", "-m", "Molde").exit_code == 0
        (target / "plan.yaml").write_text("# mitt arbeid\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in target.parent.rglob("*") if p.is_file()}
    result = init("plans/molde-2024-2028", "--no-interactive")
    assert result.exit_code == 2
    assert "finnes allerede" in result.output and "skriver aldri over" in result.output
    assert {p: p.read_bytes() for p in target.parent.rglob("*") if p.is_file()} == before
    assert [p.name for p in target.parent.iterdir()] == ["molde-2024-2028"]  # no temporary folder left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plans/Molde_2024"], "kan ikke være plan-id"),
        (["plans/molde-2024-2028", "--municipality-number", "15"], "ikke fire sifre"),
        (["plans/molde-2024-2028", "--start", "2028", "--end", "2024"], "slutter før den begynner"),
        (["plans/molde-2024-2028", "--focus-area", "Bolig", "--focus-area", "bolig"], "samme id"),
        (["plans/molde-2024-2028", "--focus-area", "!!!"], "trenger en tittel"),
        (["plans/molde-2024-2028", "--predecessor", "Molde 2020"], "ikke en gyldig plan-id"),
        (["plans/molde-2024-2028", "-m", " "], "Kommunenavnet mangler"),
    ],
)
def test_bad_values_exit_2_with_a_norwegian_message_and_write_nothing(here, args, message):
    result = init(*args, "--no-interactive")
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (here / "plans").exists() or not any((here / "plans").iterdir())


def test_interrupted_prompts_write_nothing_and_exit_2(here):
    result = init("plans/molde-2024-2028", "--interactive", input="Molde\n")  # input ends after the first answer
    assert result.exit_code == 2 and "Avbrutt: ingenting er skrevet." in result.output
    assert not (here / "plans").exists()


def test_english_messages(here):
    result = runner.invoke(app, ["init", "plans/Molde", "--no-interactive", "--lang", "en"])
    assert result.exit_code == 2 and "cannot be a plan id" in result.output


def test_default_period_follows_the_licence_period():
    assert scaffold.default_period(dt.date(2026, 11, 22)) == (2025, 2028)
    assert scaffold.default_period(dt.date(2027, 3, 1)) == (2029, 2032)
    assert scaffold.default_period(dt.date(2028, 1, 1)) == (2029, 2032)


def test_a_folder_name_without_years_gets_the_licence_period(here):
    assert init("plans/testby", "--no-interactive").exit_code == 0
    assert validate([here / "plans" / "testby"]).findings == []


@given(st.text(max_size=40))
def test_any_text_is_written_as_yaml_that_reads_back_the_same_or_refused(text):
    try:
        written = scaffold.scalar(text)
    except scaffold.ScaffoldError:
        return
    assert yaml.safe_load(f"k: {written}") == {"k": text}


def test_focus_area_ids_from_norwegian_titles():
    assert scaffold.slugify("Oppfølgingstjenester, behandling og ettervern") == "oppfolgingstjenester-behandling-og-ettervern"
    assert scaffold.slugify("Bærum – Åsane") == "baerum-asane"


def test_the_repository_itself_would_give_the_bundled_modelines(monkeypatch):
    """`rusplan init plans/<id>` run in this repository writes the same modeline the bundled plans carry."""
    monkeypatch.chdir(ROOT)
    files = scaffold.files(scaffold.defaults(ROOT / "plans" / "ny-2028-2032"), "../../schemas")
    bundled = (ROOT / "plans" / "molde-2020-2024" / "plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert files["plan.yaml"].splitlines()[0] == bundled

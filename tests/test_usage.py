"""Using rusplan as a secretary would: help and mistakes in Norwegian, any spelling of a path,
the file name choosing the format, and the words a secretary writes in plan files.

Each command line runs as the installed console script, so what is tested is what a user gets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_AREA, MINIMAL_PLAN, PLANS
from rusplan.load import LoadProblem, load_document
from rusplan.validate import validate

SCRIPT = str(Path(sys.executable).with_name("rusplan"))
MOLDE = PLANS / "molde-2020-2024"
COMMANDS = ["validate", "show", "roll-forward", "diff", "render", "schema", "init", "export"]

# Words of typer's, click's and pydantic's own English that must never reach a bokmål reader.
ENGLISH = re.compile(
    r"Usage:|Options:|Arguments:|Commands:|Show this message|\[default:|\[required\]|<list\[|<path>|\{plan\}|"
    r"Missing (option|argument|parameter)|No such|requires an argument|Invalid value|is not one of|"
    r"Input should|unexpected extra|Traceback|Error:|not a valid"
)


def run(*args: str, cwd: Path | None = None, lang: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "RUSPLAN_LANG": lang, "COLUMNS": "100"}
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=cwd or PLANS.parent, env=env, stdin=subprocess.DEVNULL)


# --- help and usage errors -----------------------------------------------------


def _leaves(command, path=()):
    """Every command of the installed tree, as the words that call it («status new»)."""
    from rusplan.usage import subcommands

    found = [path]
    for name, sub in subcommands(command).items():
        found += _leaves(sub, (*path, name))
    return found


def _tree():
    import typer.main

    from rusplan.cli import app

    return typer.main.get_command(app)


ALL_COMMANDS = _leaves(_tree())


@pytest.mark.parametrize("words", ALL_COMMANDS, ids=lambda w: " ".join(w) or "rusplan")
def test_every_help_screen_is_norwegian(words):
    done = run(*words, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Bruk: rusplan")
    assert "Valg:" in done.stdout and "Vis denne hjelpen og avslutt." in done.stdout
    assert not ENGLISH.search(done.stdout), ENGLISH.search(done.stdout)


@pytest.mark.parametrize("words", ALL_COMMANDS, ids=lambda w: " ".join(w) or "rusplan")
def test_every_help_screen_is_english_with_lang_en(words):
    """The command's text and every option's and argument's help come from the catalog in the reader's language."""
    from rusplan.usage import command_help, param_help

    command, path = _tree(), ["rusplan", *words]
    for word in words:
        command = command.commands[word]
    done = run("--lang", "en", *words, "--help")
    assert done.returncode == 0 and done.stdout.startswith("Usage: rusplan")
    shown = "".join(done.stdout.split())  # the help column wraps at spaces and after hyphens
    params = [p for p in command.params if not p.hidden]
    assert all(param_help(path, p, "en") for p in params), [p.name for p in params if not param_help(path, p, "en")]
    for text in [command_help(path, "en"), *(param_help(path, p, "en") for p in params)]:
        assert "".join(text.split()) in shown
    for text in [command_help(path, "nb"), *(param_help(path, p, "nb") for p in params)]:
        assert "".join(text.split()) not in shown


BOKMAL_ONLY = re.compile(r"\b(ikke|fra|bare|hvis|hva|hvor|enhet|enheter|filen|mappen|kjør|planer|meldinger)\b", re.IGNORECASE)


@pytest.mark.parametrize("words", ALL_COMMANDS, ids=lambda w: " ".join(w) or "rusplan")
def test_every_help_screen_is_nynorsk_with_lang_nn(words):
    from rusplan.usage import command_help, param_help

    command, path = _tree(), ["rusplan", *words]
    for word in words:
        command = command.commands[word]
    done = run("--lang", "nn", *words, "--help")
    assert done.returncode == 0 and done.stdout.startswith("Bruk: rusplan")
    shown = "".join(done.stdout.split())
    for text in [command_help(path, "nn"), *(param_help(path, p, "nn") for p in command.params if not p.hidden)]:
        assert "".join(text.split()) in shown
    assert not BOKMAL_ONLY.search(done.stdout), BOKMAL_ONLY.search(done.stdout)


def _needs_an_argument(words) -> bool:
    command = _tree()
    for word in words:
        command = command.commands[word]
    return any(p.param_type_name == "argument" and p.required for p in command.params)


@pytest.mark.parametrize("words", [w for w in ALL_COMMANDS if w and _needs_an_argument(w)], ids=" ".join)
def test_every_command_without_its_argument_exits_2_in_bokmal(words):
    done = run(*words)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Feil: Mangler" in done.stderr and not ENGLISH.search(done.stderr), done.stderr


@pytest.mark.parametrize("words", [w for w in ALL_COMMANDS if w], ids=" ".join)
def test_every_command_explains_an_unknown_option_in_bokmal(words):
    done = run(*words, "--finnes-ikke")
    assert done.returncode == 2
    assert "Feil: Ukjent valg «--finnes-ikke»." in done.stderr and not ENGLISH.search(done.stderr), done.stderr


def test_the_operating_systems_reasons_are_worded_by_errno():
    import errno

    from rusplan.load import os_reason

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")).text("nb") == "disken er full (eller kvoten brukt opp)"
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")).text("nb") == "operativsystemet svarte med feilkoden ECONNRESET"


def test_help_shows_defaults_requirements_and_choices_in_norwegian():
    text = run("render", "--help").stdout
    assert "-r, --report plan|status|revision" in text and "[standard: plan]" in text
    assert "PLAN" in text and "[påkrevd]" in text
    assert "--year ÅR" in text and "-o, --output FIL" in text


def test_no_arguments_shows_the_command_list():
    done = run()
    assert done.returncode == 0 and "Kommandoer:" in done.stdout and "validate" in done.stdout


def test_version_names_rusplan_and_its_libraries():
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("rusplan ") and "typer " in done.stdout and "PyYAML " in done.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show"], "Feil: Mangler PLAN: Planmappen som skal vises."),
        (["render"], "Feil: Mangler PLAN"),
        (["export"], "Feil: Mangler PLAN"),
        (["init"], "Feil: Mangler MAPPE"),
        (["roll-forward", "--to", "2024-2028"], "Feil: Mangler PLAN"),
        (["roll-forward", str(MOLDE)], "Feil: Mangler --to"),
        (["render", str(MOLDE), "--year"], "Feil: «--year» trenger en verdi etter seg."),
        (["render", str(MOLDE), "--report", "status", "--year", "tjue"], "Feil: Ugyldig verdi «tjue» for --year: skriv et helt tall"),
        (["render", str(MOLDE), "-r", "årsrapport"], "Feil: Ugyldig verdi «årsrapport» for --report: velg en av plan, status, revision, alcohol."),
        (["validate", "--strikt"], "Feil: Ukjent valg «--strikt». Mente du «--strict»?"),
        (["valider"], "Feil: Ukjent kommando «valider». Mente du «validate»?"),
        (["show", str(MOLDE), "ekstra"], "Feil: For mange argumenter: ekstra."),
        (["validate", "--strict=ja"], "Feil: «--strict» tar ingen verdi."),
    ],
)
def test_usage_mistakes_exit_2_in_bokmal(argv, expected):
    done = run(*argv)
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert done.stderr.splitlines()[0].startswith("Bruk: rusplan")
    assert "Se «rusplan" in done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr


def test_a_missing_path_exits_2_in_bokmal():
    done = run("show", "plans/finnes-ikke")
    assert done.returncode == 2 and "«plans/finnes-ikke» finnes ikke" in done.stdout + done.stderr


@pytest.mark.parametrize("how", ["flag", "environment", "before the command"])
def test_usage_mistakes_in_english_when_asked(how):
    args = {"flag": ["render", "--lang", "en", "--year"], "environment": ["render", "--year"], "before the command": ["--lang", "en", "render", "--year"]}[how]
    done = run(*args, lang="en" if how == "environment" else "")
    assert done.returncode == 2
    assert done.stderr.startswith("Usage: rusplan render [OPTIONS] PLAN")
    assert "Error: «--year» needs a value after it." in done.stderr


# --- any spelling of a path names the same folder ------------------------------


@pytest.fixture
def repo(tmp_path) -> Path:
    """The bundled plans copied, so predecessors lie beside each other as in a real repository."""
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


@pytest.mark.parametrize(
    ("cwd", "path"),
    [
        ("plans/molde-2020-2024", "."),
        ("plans/molde-2020-2024", None),
        ("plans/molde-2020-2024/status", ".."),
        ("plans", "./molde-2020-2024/"),
        (".", "ABSOLUTE"),
        (".", "LINK"),
    ],
)
def test_any_spelling_of_the_plan_folder_validates_alike(repo, cwd, path):
    expected = run("validate", "plans/molde-2020-2024", "-f", "json", cwd=repo)
    if path == "ABSOLUTE":
        path = str(repo / "plans" / "molde-2020-2024")
    elif path == "LINK":
        (repo / "gjeldende").symlink_to(repo / "plans" / "molde-2020-2024")
        path = "gjeldende"
    done = run("validate", *([path] if path else []), "-f", "json", cwd=repo / cwd)
    assert done.returncode == expected.returncode == 0
    codes = sorted(f["code"] for f in json.loads(done.stdout))
    assert codes == sorted(f["code"] for f in json.loads(expected.stdout))
    assert "RP206" not in codes and "RP304" not in codes


def test_render_and_export_work_from_inside_the_plan_folder(repo):
    here = repo / "plans" / "molde-2020-2024"
    assert run("render", ".", "--report", "revision", cwd=here).returncode == 0
    assert run("export", ".", "-o", str(repo / "tiltak.csv"), cwd=here).returncode == 0


# --- the name of -o chooses the format -------------------------------------------


def test_the_extension_of_o_chooses_the_format(tmp_path):
    assert run("render", str(MOLDE), "-o", str(tmp_path / "rapport.html")).returncode == 0
    assert (tmp_path / "rapport.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("export", str(MOLDE), "-o", str(tmp_path / "molde.csv")).returncode == 0
    assert (tmp_path / "molde.csv").read_bytes().startswith("\ufeffFokusområde;".encode())


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["render", str(MOLDE), "-o", "{tmp}/r.odt"], "rusplan kan ikke skrive filtypen «.odt»"),
        (["render", str(MOLDE), "-o", "{tmp}/r.md", "-f", "html"], "sier md, men --format sier html"),
        (["export", str(MOLDE), "-o", "{tmp}/m.csv", "-f", "xlsx"], "sier csv, men --format sier xlsx"),
        (["export", str(MOLDE), "-o", "{tmp}/m.ods"], "rusplan kan ikke skrive filtypen «.ods»"),
    ],
)
def test_a_file_name_that_contradicts_the_format_is_refused_and_nothing_written(tmp_path, argv, expected):
    done = run(*[a.format(tmp=tmp_path) for a in argv])
    assert done.returncode == 2 and expected in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "molde.xlsx"
    target.write_bytes(b"mitt eget regneark")
    done = run("export", str(MOLDE), "-o", str(target))
    assert done.returncode == 2 and "finnes allerede. Bruk --force" in done.stderr
    assert target.read_bytes() == b"mitt eget regneark"
    assert run("export", str(MOLDE), "-o", str(target), "--force").returncode == 0
    assert target.read_bytes().startswith(b"PK")


# --- the secretary's own words in plan files -------------------------------------------


NORWEGIAN_AREA = MINIMAL_AREA.replace("responsible: [Skole]\n", "responsible: Servicetorget\n        kind: tiltak\n").replace(
    "responsible: [Skole, barnehage]\n", "responsible: [Skole, barnehage]\n        kind: ansvar\n"
)


def test_norwegian_words_mean_the_codes(make_plan):
    folder = make_plan(
        {
            "plan.yaml": MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024).replace("state: adopted", "state: vedtatt"),
            "focus-areas/barn-og-unge.yaml": NORWEGIAN_AREA,
            "status/2022.yaml": "year: 2022\nmeasures:\n  - measure: t1\n    status: pågår\n  - measure: t2\n    status: Ikke  gjennomført\n",
        }
    )
    result = validate([folder])
    assert not [f for f in result.findings if f.severity.value == "error"], [f.message() for f in result.findings]
    plan = next(iter(result.plans.values())).plan
    assert plan.meta.state.value == "adopted"
    (_, _, first), (_, _, second) = plan.measures()
    assert first.responsible == ["Servicetorget"] and first.kind.value == "measure" and second.kind.value == "responsibility"
    assert [item.status.value for item in plan.status_reports[2022].measures] == ["in_progress", "not_done"]


def test_show_keeps_printing_the_codes(make_plan):
    folder = make_plan({"plan.yaml": MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024).replace("state: adopted", "state: på høring")})
    done = run("show", str(folder))
    assert json.loads(done.stdout)["state"] == "consultation"


def test_an_unknown_word_suggests_the_nearest_accepted_one(make_plan):
    folder = make_plan({"status/2022.yaml": "year: 2022\nmeasures:\n  - measure: t1\n    status: gjenomført\n"})
    [finding] = [f for f in validate([folder]).findings if f.code == "RP103"]
    text = finding.message("nb")
    assert "planlagt, pågår, gjennomført, delvis gjennomført, ikke gjennomført, avviklet, planned" in text and "(mente du «gjennomført»?)" in text
    assert (finding.line, finding.column) == (4, 13)


@pytest.mark.parametrize(("written", "kept"), [("1.3", "1.3"), ("1.10", "1.10"), ("'3a'", "3a"), ("4", 4)])
def test_a_display_number_is_kept_as_written(make_plan, written, kept):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("      - id: t1\n        number: 1\n", f"      - id: t1\n        number: {written}\n")})
    result = validate([folder])
    assert not [f for f in result.findings if f.severity.value == "error"]
    assert next(next(iter(result.plans.values())).plan.measures())[2].number == kept


def test_a_word_is_not_a_display_number(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("      - id: t1\n        number: 1\n", "      - id: t1\n        number: to\n")})
    [finding] = [f for f in validate([folder]).findings if f.severity.value == "error"]
    assert finding.code == "RP103" and "«to» er ikke et visningsnummer" in finding.message("nb")
    assert (finding.line, finding.column) == (10, 17)


# --- YAML, schema and operating-system problems are classified, never quoted ---------------


@pytest.mark.parametrize(
    ("text", "code", "position", "words"),
    [
        ("a: 1\nb: Dette: er feil\n", "RP001", (2, 9), "sett teksten i anførselstegn"),
        ('a: "ikke lukket\n', "RP001", (2, 1), "filen slutter midt i en verdi"),
        ("a: *ukjent\n", "RP001", (1, 4), "ukjent alias"),
        ("a: 1\n  b: 2\n", "RP001", (2, 4), "sjekk innrykket på denne linjen"),
        ("a: 1\n---\nb: 2\n", "RP001", (2, 1), "mer enn ett YAML-dokument"),
        ("a: @b\n", "RP001", (1, 4), "et tegn som ikke kan begynne en verdi"),
        ("a: 2024-13-01\n", "RP001", (1, 4), "det ser ut som en dato, men finnes ikke i kalenderen"),
        ("a: [" + "[" * 2000 + "]" * 2001 + "\n", "RP007", (1, 67), "nestet dypere enn 64 nivåer"),
    ],
)
def test_yaml_problems_in_norwegian_at_their_position(tmp_path, text, code, position, words):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    problem = caught.value
    from rusplan.messages import Msg

    message = Msg.of(problem.key, **problem.params).text("nb")
    assert (problem.code, (problem.line, problem.column)) == (code, position)
    assert words in message and not re.search(r"[a-z]+ing\b|expected|found|could not|while", message), message


def test_nothing_in_src_reads_another_librarys_message_text():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "src").rglob("*.py"))
    assert not re.search(r"typer\._click|from click\._|\.problem ==|in str\((e|exc|error)\)|err\[\"msg\"\]", source)


def test_the_operating_systems_reason_is_norwegian(tmp_path):
    folder = tmp_path / "plan-2020-2024"
    folder.mkdir()
    (folder / "plan.yaml").mkdir()
    done = run("validate", str(tmp_path))
    assert done.returncode == 2 and "No such file" not in done.stdout + done.stderr


def test_the_schema_offers_the_norwegian_words_to_the_editor():
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "status.schema.json").read_text(encoding="utf-8"))
    assert "pågår" in json.dumps(schema, ensure_ascii=False) and "in_progress" in json.dumps(schema)
    assert yaml.safe_load("status: pågår")["status"] == "pågår"

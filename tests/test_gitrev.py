"""`rusplan diff` against git revisions, in a temporary repository: read-only, and clear when it cannot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, write_plan
from rusplan.cli import app
from rusplan.gitrev import GitRevError, Repo, SourceError, sides, split_spec

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

runner = CliRunner()
PLAN = "plans/testby-2020-2024"
AREA_FILE = f"{PLAN}/focus-areas/barn-og-unge.yaml"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    config = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    return subprocess.run(["git", *config, *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository with two committed plans under plans/, and the current folder at its top."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write_plan(root / "plans", {})
    write_plan(root / "plans", {}, plan_id="annen-2020-2024")
    (root / PLAN / "README.md").write_text("Fri tekst.\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "planer")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(root)
    return root


def edit_title(root: Path) -> None:
    area = root / AREA_FILE
    area.write_text(area.read_text(encoding="utf-8").replace("Utarbeide felles prosedyre", "Utarbeide felles lokal prosedyre"), encoding="utf-8")


def diff(*args: str):
    return runner.invoke(app, ["diff", *args])


def test_rev_path_alone_compares_with_the_working_tree(repo):
    edit_title(repo)
    result = diff(f"HEAD:{PLAN}", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["old"] == {"rev": "HEAD", "paths": [PLAN]} and data["new"] == {"rev": None, "paths": [PLAN]}
    (change,) = data["plans"][0]["changes"]
    assert (change["kind"], change["path"]["measure"], change["field"]) == ("changed", "t1", "title")
    assert {"op": "insert", "text": "lokal"} in change["words"]
    assert diff(f"HEAD:{PLAN}", PLAN, "--format", "json").output == result.output


def test_unchanged_revision_exits_0(repo):
    result = diff(f"HEAD:{PLAN}")
    assert result.exit_code == 0
    assert result.output == f"HEAD:{PLAN} → {PLAN}\n\nIngen forskjeller.\n"


def test_two_revisions(repo):
    edit_title(repo)
    git(repo, "commit", "-q", "-am", "lokal prosedyre")
    result = diff(f"HEAD~1:{PLAN}", f"HEAD:{PLAN}", "-f", "markdown")
    assert result.exit_code == 1
    assert "  - Tittel: Utarbeide felles <ins>lokal</ins> prosedyre for melding til barnevernet" in result.output
    assert diff(f"HEAD:{PLAN}", PLAN).exit_code == 0


def test_reading_a_revision_leaves_index_and_working_tree_alone(repo):
    edit_title(repo)
    (repo / "plans" / "utkast.txt").write_text("ikke sporet\n", encoding="utf-8")
    index = repo / ".git" / "index"
    status = ("--no-optional-locks", "status", "--porcelain")  # so that looking does not rewrite the index either
    before = (git(repo, *status), index.read_bytes(), index.stat().st_mtime_ns, (repo / AREA_FILE).read_bytes())
    assert diff(f"HEAD:{PLAN}").exit_code == 1
    assert diff("--git", "HEAD").exit_code == 1
    after = (git(repo, *status), index.read_bytes(), index.stat().st_mtime_ns, (repo / AREA_FILE).read_bytes())
    assert after == before
    assert git(repo, "stash", "list") == ""


def test_git_base_covers_changed_added_and_removed_plans(repo):
    edit_title(repo)
    shutil.rmtree(repo / "plans" / "annen-2020-2024")
    write_plan(repo / "plans", {}, plan_id="ny-2024-2028", start=2024, end=2028)  # untracked: the working tree counts
    result = diff("--git", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["old"] == {"rev": "HEAD", "paths": ["plans"]} and data["new"] == {"rev": None, "paths": ["plans"]}
    plans = {p["plan"]: p for p in data["plans"]}
    assert list(plans) == ["annen-2020-2024", "ny-2024-2028", "testby-2020-2024"]
    assert [(c["kind"], c["target"]) for c in plans["annen-2020-2024"]["changes"]] == [("removed", "plan")]
    assert [(c["kind"], c["target"]) for c in plans["ny-2024-2028"]["changes"]] == [("added", "plan")]
    assert plans["ny-2024-2028"]["summary"]["added"] == 2 and plans["ny-2024-2028"]["old_plan"] is None
    assert [c["field"] for c in plans["testby-2020-2024"]["changes"]] == ["title"]
    human = diff("--git", "HEAD").output
    assert "ny-2024-2028 (ny plan)\nNy plan: 2 tiltak\n" in human and "annen-2020-2024 (plan fjernet)\n" in human


def test_git_base_lists_unchanged_plans(repo):
    edit_title(repo)
    result = diff("--git", "HEAD", "plans")
    assert result.exit_code == 1
    assert result.output.rstrip("\n").endswith("Uten endringer: annen-2020-2024")
    git(repo, "commit", "-q", "-am", "lokal prosedyre")
    clean = diff("--git", "HEAD", "-f", "json")
    assert clean.exit_code == 0
    assert json.loads(clean.output)["unchanged"] == ["annen-2020-2024", "testby-2020-2024"]


def test_paths_from_a_subfolder(repo, monkeypatch):
    edit_title(repo)
    monkeypatch.chdir(repo / "plans")
    assert diff(f"HEAD:{PLAN}").exit_code == 1  # REV:PATH counts from the top, like git
    assert diff(f"HEAD:{PLAN}", "testby-2020-2024").exit_code == 1
    assert diff("HEAD:./testby-2020-2024", "testby-2020-2024").exit_code == 1  # ./ counts from here, like git
    result = diff("--git", "HEAD", "testby-2020-2024", "-f", "json")  # --git paths count from here
    assert result.exit_code == 1 and json.loads(result.output)["plans"][0]["plan"] == "testby-2020-2024"


def test_unknown_revision_exits_2_with_a_norwegian_message(repo):
    for args in ([f"finnes-ikke:{PLAN}", PLAN], ["--git", "finnes-ikke"]):
        result = diff(*args)
        assert result.exit_code == 2
        assert "Revisjonen «finnes-ikke» finnes ikke i git-depotet" in result.output
        assert "Traceback" not in result.output
    english = diff("--git", "finnes-ikke", "--lang", "en")
    assert "The revision «finnes-ikke» does not exist" in english.output


def test_revision_that_looks_like_an_option_is_refused(repo):
    with pytest.raises(GitRevError):
        Repo.at(repo).tree("--output=/tmp/x")


def test_path_missing_at_the_revision_exits_2(repo):
    result = diff("HEAD:plans/finnes-ikke")
    assert result.exit_code == 2
    assert "«plans/finnes-ikke» er ikke en planmappe i revisjonen «HEAD»" in result.output
    result = diff("--git", "HEAD", "docs")
    assert result.exit_code == 2 and "Fant ingen planer under «docs»" in result.output


def test_outside_a_repository_exits_2(tmp_path, monkeypatch):
    folder = tmp_path / "utenfor"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(folder)
    result = diff("HEAD:plans/x", "plans/x")
    assert result.exit_code == 2 and "er ikke i et git-depot" in result.output


def test_broken_plan_at_the_revision_names_rev_and_file(repo):
    (repo / AREA_FILE).write_text(MINIMAL_AREA.replace("title: Barn og unge", "tittel: Barn og unge"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "skrivefeil")
    (repo / AREA_FILE).write_text(MINIMAL_AREA, encoding="utf-8")
    result = diff(f"HEAD:{PLAN}")
    assert result.exit_code == 2
    assert f"HEAD:{AREA_FILE}" in result.output and "Ukjent nøkkel «tittel»" in result.output
    assert "rusplan-diff-" not in result.output  # no temporary folder names


def test_sides_and_split_spec(repo):
    odd = repo / "plans" / "med:kolon"
    odd.mkdir()
    assert split_spec("plans/med:kolon", repo) == (None, "plans/med:kolon")  # an existing path wins
    assert split_spec("main:plans", repo) == ("main", "plans")
    assert split_spec("HEAD:", repo) == ("HEAD", ".")
    with pytest.raises(GitRevError):
        split_spec(":plans", repo)
    with pytest.raises(SourceError):
        sides([], None, repo)
    old, new = sides([f"HEAD:{PLAN}"], None, repo)
    assert (old.label, new.label) == (f"HEAD:{PLAN}", PLAN)
    assert list(old.by_name()) == ["testby-2020-2024"]


def test_usage_messages(repo):
    result = diff()
    assert result.exit_code == 2 and "Oppgi to planer å sammenligne (GAMMEL NY)" in result.output
    result = diff(PLAN)
    assert result.exit_code == 2 and "Oppgi også den nye planen" in result.output
    result = diff("HEAD:../utenfor", PLAN)
    assert result.exit_code == 2 and "ligger utenfor git-depotet" in result.output
    result = diff("--git", "HEAD", "plans", PLAN)
    assert result.exit_code == 2 and "Planen «testby-2020-2024» finnes mer enn én gang" in result.output


def test_git_missing_is_explained(repo, tmp_path, monkeypatch):
    empty = tmp_path / "tom"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = diff(f"HEAD:{PLAN}")
    assert result.exit_code == 2 and "Programmet git finnes ikke" in result.output


def test_git_diff_reads_only_the_plans_that_changed(repo, monkeypatch):
    """A pull request that edits one plan of many: the others are the same on both sides and are not read."""
    import rusplan.gitrev

    read: list[str] = []
    real = rusplan.gitrev.read_plan
    monkeypatch.setattr(rusplan.gitrev, "read_plan", lambda folder: read.append(folder.name) or real(folder))
    edit_title(repo)
    result = diff("--git", "HEAD", "plans", "--format", "json")
    assert result.exit_code == 1, result.output
    assert sorted(read) == ["testby-2020-2024", "testby-2020-2024"]  # base and working tree, nothing else
    assert json.loads(result.output)["unchanged"] == ["annen-2020-2024"]


@pytest.mark.parametrize("change", ["new file", "deleted file", "ignored file"])
def test_a_plan_with_any_changed_file_is_read(repo, change, monkeypatch):
    import rusplan.gitrev

    read: list[str] = []
    real = rusplan.gitrev.read_plan
    monkeypatch.setattr(rusplan.gitrev, "read_plan", lambda folder: read.append(folder.name) or real(folder))
    folder = repo / "plans" / "annen-2020-2024"
    if change == "new file":
        (folder / "status").mkdir()
        (folder / "status" / "2022.yaml").write_text("year: 2022\nmeasures:\n  - measure: t1\n    status: done\n", encoding="utf-8")
    elif change == "deleted file":
        (folder / "focus-areas" / "barn-og-unge.yaml").unlink()
    else:
        (repo / ".gitignore").write_text("status/\n", encoding="utf-8")
        (folder / "status").mkdir()
        (folder / "status" / "2022.yaml").write_text("year: 2022\nmeasures:\n  - measure: t1\n    status: done\n", encoding="utf-8")
    diff("--git", "HEAD", "plans", "--format", "json")
    assert sorted(read) == ["annen-2020-2024", "annen-2020-2024"]

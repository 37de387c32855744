"""A corpus of broken plan.yaml files: each gives its own code at its own position, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rusplan.cli import app
from rusplan.validate import validate

BROKEN = Path(__file__).parent / "broken"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))


def plan_with(tmp_path: Path, plan_file: Path) -> Path:
    folder = tmp_path / "testby-2020-2024"
    (folder / "focus-areas").mkdir(parents=True)
    shutil.copy(plan_file, folder / "plan.yaml")
    (folder / "focus-areas" / "barn-og-unge.yaml").write_text(
        "id: barn-og-unge\ntitle: Barn og unge\ngoals: []\n", encoding="utf-8"
    )
    return folder


def test_every_case_has_an_expectation():
    cases = {p.name for p in BROKEN.glob("*.yaml")} - {"expected.yaml"}
    assert cases == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_its_code_at_its_position(tmp_path, name):
    code, line, column = EXPECTED[name]
    folder = plan_with(tmp_path, BROKEN / name)

    findings = validate([folder]).findings

    assert [(f.code, f.line, f.column) for f in findings] == [(code, line, column)]
    assert findings[0].file == str(folder / "plan.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_through_the_cli_is_a_message_not_a_traceback(tmp_path, name):
    folder = plan_with(tmp_path, BROKEN / name)

    result = CliRunner().invoke(app, ["validate", str(folder), "--format", "human"])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert EXPECTED[name][0] in result.output
    assert "plan.yaml" in result.output


def test_bom_and_crlf_are_tolerated(tmp_path):
    folder = plan_with(tmp_path, BROKEN / "latin1.yaml")
    text = (BROKEN / "bad-enum.yaml").read_text(encoding="utf-8").replace("state: godkjent", "state: adopted")
    (folder / "plan.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))

    assert validate([folder]).findings == []


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    folder = plan_with(tmp_path, BROKEN / "bad-enum.yaml")
    with (folder / "plan.yaml").open("w", encoding="utf-8") as out:
        out.write("vision: |\n")
        out.write(("  " + "x" * 98 + "\n") * 60_000)

    [finding] = validate([folder]).findings

    assert (finding.code, finding.line, finding.column) == ("RP009", 1, 1)
    assert "MB" in finding.message()

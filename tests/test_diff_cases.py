"""`rusplan diff old new` on each folder of tests/diff_cases/: a new case is a new folder, not new code.

Each case holds two plan folders (`old/` and `new/`) and what the command
prints for them in each format (`expected.txt`, `expected.md`,
`expected.json`), reviewed by eye. Regenerate them only with
`pytest tests/test_diff_cases.py --update-golden` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rusplan.cli import app

CASES = Path(__file__).parent / "diff_cases"
FORMATS = {"human": "expected.txt", "markdown": "expected.md", "json": "expected.json"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_diff_case(case, fmt, request, monkeypatch):
    monkeypatch.chdir(CASES / case)  # the output names the folders as given: old and new
    result = CliRunner().invoke(app, ["diff", "old", "new", "--format", fmt], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 1, result.output
    expected = CASES / case / FORMATS[fmt]
    if request.config.getoption("--update-golden"):
        expected.write_bytes(result.stdout_bytes)
        pytest.skip(f"updated {case}/{expected.name}")
    assert expected.exists(), f"{expected} is missing; create it with pytest --update-golden and review it"
    assert result.stdout == expected.read_text(encoding="utf-8"), f"{case}/{expected.name} differs; if the change is intended, run pytest --update-golden"

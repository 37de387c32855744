"""reporters.REPORTERS: every format `rusplan validate --format` knows, by name, writing what the command prints."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from typer.testing import CliRunner

from rusplan import reporters
from rusplan.cli import app
from rusplan.validate import validate


def test_every_format_but_auto_has_its_reporter():
    assert reporters.FORMATS == ("human", "json", "github", "sarif", "gitlab", "markdown", "auto")
    assert set(reporters.REPORTERS) == set(reporters.FORMATS) - {"auto"}


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "gitlab", "markdown"])
def test_a_reporter_writes_what_the_command_prints(make_plan, fmt, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    folder = make_plan({"evalueringer.yaml": "plan: x\n"})
    result = validate([folder])
    out = io.StringIO()
    reporters.report(fmt, result.findings, result.checked, "nb", Console(file=out))
    assert out.getvalue() == CliRunner().invoke(app, ["validate", str(folder), "--format", fmt]).stdout


def test_auto_is_github_inside_github_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert reporters.resolve_format("auto") == reporters.resolve_format(None) == "github"

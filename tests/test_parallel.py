"""Validating many plans on every core prints exactly what one process prints, and keeps only one plan in memory."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, ROOT
from rusplan.validate import PARALLEL_FROM, lineages, validate

SCRIPT = str(Path(sys.executable).with_name("rusplan"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled plans beside 12 generated municipalities (24 plans), as bench/ makes them."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(out, scale=1, seed=7, municipalities=12)
    for plan in PLANS.iterdir():
        if (plan / "plan.yaml").is_file():
            shutil.copytree(plan, out / "plans" / plan.name)
    return out / "plans"


@pytest.mark.parametrize("fmt", ["json", "human", "github", "sarif"])
def test_a_parallel_validate_prints_byte_for_byte_what_a_serial_one_prints(corpus, fmt):
    env = {**os.environ, "RUSPLAN_LANG": "", "GITHUB_ACTIONS": "", "COLUMNS": "120"}
    serial = subprocess.run([SCRIPT, "validate", str(corpus), "-f", fmt, "--jobs", "1"], capture_output=True, env=env)
    parallel = subprocess.run([SCRIPT, "validate", str(corpus), "-f", fmt, "--jobs", "2"], capture_output=True, env=env)
    assert serial.returncode == parallel.returncode == 0
    assert b"RP302" in serial.stdout  # the generated plans have findings to order
    assert serial.stdout == parallel.stdout


def test_the_corpus_is_large_enough_to_run_in_parallel(corpus):
    groups, _ = lineages([p for p in sorted(corpus.iterdir())])
    assert sum(len(g) for g in groups) >= PARALLEL_FROM
    assert validate([corpus], keep=False, jobs=2).checked == sum(len(g) for g in groups)


def test_lineages_put_every_predecessor_before_its_successor(corpus):
    groups, _ = lineages(sorted(corpus.iterdir()))
    molde = next(g for g in groups if any(e.id == "molde-2020-2024" for e in g))
    assert [e.id for e in molde] == ["molde-2016-2020", "molde-2020-2024"]
    generated = next(g for g in groups if any(e.id == "kommune-001-2024-2028" for e in g))
    assert [e.id for e in generated] == ["kommune-001-2020-2024", "kommune-001-2024-2028"]


def test_without_keep_no_plan_is_held(corpus):
    result = validate([corpus], keep=False, jobs=1)
    assert result.plans == {} and result.checked > 20
    assert validate([corpus / "molde-2020-2024"]).plans.keys() == {"molde-2020-2024"}


def test_a_predecessor_beside_is_read_for_reference_but_not_reported(tmp_path):
    shutil.copytree(PLANS / "molde-2016-2020", tmp_path / "molde-2016-2020")
    shutil.copytree(PLANS / "molde-2020-2024", tmp_path / "molde-2020-2024")
    result = validate([tmp_path / "molde-2020-2024"], keep=False)
    assert result.checked == 1
    assert {f.code for f in result.findings}.isdisjoint({"RP303", "RP304", "RP405"})
    assert all("molde-2016-2020" not in f.file for f in result.findings)

"""Issue 13, point 5: an outcome nobody evaluated is «ikke vurdert», never «ikke gjennomført»."""

from __future__ import annotations

import shutil

import pytest
import yaml
from typer.testing import CliRunner

from conftest import PLANS
from rusplan.cli import app
from rusplan.planfolder import read_plan
from rusplan.render import build_context, render
from rusplan.rollforward import parse_period, roll_forward
from rusplan.validate import validate

runner = CliRunner()

BUNDLED = ["molde-2016-2020", "molde-2020-2024", "averoy-2021-2024", "randaberg-2025-2030", "example-interkommunal-2024-2027"]
NEXT = {"molde-2016-2020": "2020-2024", "molde-2020-2024": "2024-2028", "averoy-2021-2024": "2024-2028", "randaberg-2025-2030": "2030-2034",
        "example-interkommunal-2024-2027": "2028-2031"}


def reported_ids(plan) -> set[str]:
    ids = {item.measure for report in plan.status_reports.values() for item in report.measures}
    return ids


@pytest.mark.parametrize("name", BUNDLED)
def test_roll_forward_of_a_bundled_plan_writes_no_not_done_nobody_reported(tmp_path, name):
    shutil.copytree(PLANS / name, tmp_path / name)
    old = read_plan(tmp_path / name).plan
    result = runner.invoke(app, ["roll-forward", str(tmp_path / name), "--to", NEXT[name], "--id", f"neste-{NEXT[name]}"])
    assert result.exit_code == 0, result.output
    evaluation = yaml.safe_load((tmp_path / f"neste-{NEXT[name]}" / "evaluation.yaml").read_text(encoding="utf-8"))
    reported = reported_ids(old)
    for item in evaluation["items"]:
        if item["measure"] not in reported:
            assert item["outcome"] == "not_evaluated", item
            assert "comment" not in item  # no prompt dressed up as a result
        assert item["outcome"] != "not_done" or item["measure"] in reported


def test_the_revision_report_of_an_untouched_roll_forward_says_ikke_vurdert(tmp_path):
    shutil.copytree(PLANS / "molde-2020-2024", tmp_path / "molde-2020-2024")
    old = read_plan(tmp_path / "molde-2020-2024").plan
    forward = roll_forward(old, parse_period("2024-2028"))
    from rusplan import writeplan

    writeplan.write_plan(writeplan.render(forward), tmp_path / "molde-2024-2028", "molde-2024-2028")
    folder = tmp_path / "molde-2024-2028"
    new = read_plan(folder).plan
    markdown = render("revision", "md", build_context(folder, new, "revision"))
    assert "ikke gjennomført" not in markdown
    assert "Fyll inn" not in markdown
    unreported = sum(1 for _, _, m in old.measures() if m.id not in reported_ids(old))
    assert markdown.count("? ikke vurdert") == unreported


EVALUATION_LEFT_OPEN = """\
plan: testby-2016-2020
items:
  - measure: a1
    number: 1
    title: Kurs for foreldre
    outcome: not_evaluated
  - measure: a2
    number: 2
    title: Ungdomsklubb
    outcome: not_done
    comment: Resultatet er ikke rapportert (ingen statusrapport eller evaluering). Fyll inn resultat og kommentar.
  - measure: a3
    number: 3
    title: Skjenkekontroller
    outcome: done
    comment: Gjennomført hvert år.
"""

OLD_AREA = """\
id: barn-og-unge
title: Barn og unge
goals:
  - id: g1
    title: Mål
    measures:
      - {id: a1, number: 1, title: Kurs for foreldre, responsible: [Skole]}
      - {id: a2, number: 2, title: Ungdomsklubb, responsible: [Kultur]}
      - {id: a3, number: 3, title: Skjenkekontroller, responsible: [Politi]}
"""


def _pair(make_plan, state: str):
    make_plan({"focus-areas/barn-og-unge.yaml": OLD_AREA}, plan_id="testby-2016-2020", start=2016, end=2020)
    plan = make_plan({"evaluation.yaml": EVALUATION_LEFT_OPEN})
    text = (plan / "plan.yaml").read_text(encoding="utf-8").replace("state: adopted", f"state: {state}")
    (plan / "plan.yaml").write_text(text + "predecessor: testby-2016-2020\n", encoding="utf-8")
    return plan


def test_an_adopted_plan_with_unevaluated_items_gets_a_positioned_warning_naming_each(make_plan):
    plan = _pair(make_plan, "adopted")
    found = [f for f in validate([plan]).findings if f.code == "RP409"]
    assert [(f.file.endswith("evaluation.yaml"), f.line, f.column) for f in found] == [(True, 6, 14), (True, 11, 14)]
    assert found[0].message() == (
        "Planen er vedtatt, men tiltak «a1» (1) i evalueringen er ikke vurdert (outcome: not_evaluated). "
        "Skriv resultatet: done, partly_done, not_done eller discontinued."
    )
    assert "plassholder" in found[1].message() and "«a2» (2)" in found[1].message()
    assert "placeholder" in found[1].message("en")


def test_a_draft_may_still_have_unevaluated_items(make_plan):
    plan = _pair(make_plan, "draft")
    assert [f for f in validate([plan]).findings if f.code == "RP409"] == []


def test_reports_never_show_a_placeholder_as_a_fact(make_plan):
    plan = _pair(make_plan, "adopted")
    loaded = read_plan(plan).plan
    markdown = render("plan", "md", build_context(plan, loaded, "plan"))
    assert "Fyll inn" not in markdown and "ikke gjennomført" not in markdown
    assert markdown.count("? ikke vurdert") == 2 and "✔ gjennomført" in markdown


def test_show_and_diff_carry_the_new_outcome(make_plan):
    plan = _pair(make_plan, "draft")
    result = runner.invoke(app, ["show", str(plan)])
    assert result.exit_code == 0, result.output
    assert '"outcome": "not_evaluated"' in result.output

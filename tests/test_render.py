"""`rusplan render`: golden documents of the bundled plans, the template context, charts, escaping and the CLI.

Golden files in tests/golden/ were reviewed by eye once; regenerate them only
with `pytest tests/test_render.py --update-golden` and read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, MINIMAL_PLAN, PLANS, ROOT, write_plan
from rusplan import charts, render
from rusplan.cli import app
from rusplan.planfolder import read_plan

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_DAY = "2025-01-01"  # every report states when it was made; the golden files are made on this day
SVG = "{http://www.w3.org/2000/svg}"

# (plan, report, year): every bundled plan as a plan; Molde's 2022 status and its revision; the invented example's alcohol report.
GOLDEN_CASES = [
    ("molde-2020-2024", "plan", None),
    ("molde-2016-2020", "plan", None),
    ("averoy-2021-2024", "plan", None),
    ("randaberg-2025-2030", "plan", None),
    ("molde-2020-2024", "status", 2022),
    ("molde-2020-2024", "revision", None),
    ("eksempel-alkohol-2025-2028", "plan", None),
    ("eksempel-alkohol-2025-2028", "alcohol", 2025),
]


def load(plan_id: str, root: Path = PLANS):
    loaded = read_plan(root / plan_id)
    assert loaded.plan is not None, loaded.findings
    return loaded.plan


def document(folder: Path, report: str = "plan", fmt: str = "md", year: int | None = None, templates: Path | None = None) -> str:
    plan = read_plan(folder).plan
    assert plan is not None
    return render.render(report, fmt, render.build_context(folder, plan, report, year, dt.date.fromisoformat(GOLDEN_DAY)), templates)


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("plan_id", "report", "year"), GOLDEN_CASES, ids=[f"{p}.{r}" for p, r, _ in GOLDEN_CASES])
def test_golden(plan_id, report, year, fmt, request):
    out = document(PLANS / plan_id, report, fmt, year)
    golden = GOLDEN / f"{plan_id}.{report}.{fmt}"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
        pytest.skip(f"updated {golden.relative_to(ROOT)}")
    assert golden.exists(), f"{golden} is missing; create it with pytest --update-golden and review it"
    expected = golden.read_bytes().decode("utf-8")
    assert out == expected, f"{golden.name} differs; if the change is intended, run pytest --update-golden and review the diff"


def test_cli_writes_the_same_document_as_the_golden_file(tmp_path):
    target = tmp_path / "molde.html"
    args = ["render", str(PLANS / "molde-2020-2024"), "--report", "status", "--year", "2022", "--format", "html", "-o", str(target), "--generated", GOLDEN_DAY]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (GOLDEN / "molde-2020-2024.status.html").read_bytes()


def test_output_is_deterministic():
    folder = PLANS / "molde-2020-2024"
    assert document(folder, "status", "html", 2022) == document(folder, "status", "html", 2022)


# --- the context is plain data ---------------------------------------------------------------


def _walk(value, seen=None):
    """Every value reachable from a context."""
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item)


@pytest.mark.parametrize(("plan_id", "report", "year"), GOLDEN_CASES)
def test_context_holds_no_pydantic_objects(plan_id, report, year):
    folder = PLANS / plan_id
    context = render.build_context(folder, load(plan_id), report, year)
    allowed = (str, int, float, bool, type(None), dict, list, tuple)
    for value in _walk(context):
        assert not isinstance(value, BaseModel)
        assert isinstance(value, allowed) or dataclasses.is_dataclass(value), type(value)


def test_plan_context_molde():
    context = render.plan_context(load("molde-2020-2024"), load("molde-2016-2020"))
    plan = context["plan"]
    assert (plan.title, plan.municipality, plan.period, plan.state_label) == ("Ruspolitisk handlingsplan 2020–2024", "Molde", "2020–2024", "vedtatt")
    assert plan.adoption.date == "18. juni 2020" and plan.adoption.date_iso == "2020-06-18" and plan.adoption.unanimous
    assert plan.annual_reporting and len(plan.adoption.decision) == 4
    assert context["generated"] is None and context["report"] == "plan"
    areas = context["focus_areas"]
    assert [a.heading for a in areas][:2] == ["1. Barn og unge", "2. Eldre"]
    assert context["measure_count"] == 71 == sum(len(a.measures) for a in areas)
    t1 = areas[0].goals[0].measures[0]
    assert (t1.id, t1.number, t1.label, t1.cost, t1.deadline, t1.deadline_kind) == ("t1", "1", "Tiltak 1", "Innenfor ramme", "2020", "year")
    assert t1.responsible == ["Skole", "barnehage", "barneverntjenesten"]
    assert t1.carried_from == "molde-2016-2020/bu-1-1"
    assert t1.carried_from_label == "tiltak 1.1 i Ruspolitisk handlingsplan 2016–2020"
    assert (t1.area_heading, t1.goal_heading) == ("1. Barn og unge", "Mål 1")


def test_plan_context_evaluation_grouped_by_the_old_focus_areas():
    evaluation = render.plan_context(load("molde-2020-2024"), load("molde-2016-2020"))["evaluation"]
    assert evaluation.plan_title == "Ruspolitisk handlingsplan 2016–2020"
    assert {c.key: c.count for c in evaluation.counts} == {"done": 34, "partly_done": 0, "not_done": 20, "discontinued": 0, "not_evaluated": 0}
    assert [g.heading for g in evaluation.groups] == [
        "1. Barn og unge",
        "2. Eldre",
        "3. Arbeid og aktivitet",
        "4. Bolig",
        "5. Oppfølgingstjenester, behandling og ettervern",
        "6. Kompetanse",
    ]
    assert sum(len(g.items) for g in evaluation.groups) == len(evaluation.items) == 54
    first = evaluation.items[0]
    assert (first.number, first.outcome.mark, first.outcome.label, first.outcome.continued) == ("1.1", "✔", "gjennomført", True)
    not_done = next(i for i in evaluation.items if i.outcome.key == "not_done")
    assert (not_done.outcome.mark, not_done.outcome.label) == ("✖", "ikke gjennomført")


def test_plan_context_without_predecessor_keeps_one_evaluation_group_and_raw_reference():
    context = render.plan_context(load("molde-2020-2024"))
    assert [g.heading for g in context["evaluation"].groups] == [None]
    assert context["focus_areas"][0].measures[0].carried_from_label == "molde-2016-2020/bu-1-1"


def test_plan_context_indicators_and_alcohol():
    molde = render.plan_context(load("molde-2020-2024"))
    assert [i.id for i in molde["trends"]] == ["skjenkebevillinger", "skjenking-inntil-4-7-liter", "skjenkekontrollen-kjop-andel-forsok-molde"]
    liters = molde["trends"][1]
    assert [(v.year, v.value, v.text) for v in liters.values] == [(2016, 241393, "241\u00a0393\u00a0liter"), (2018, 179297, "179\u00a0297\u00a0liter")]
    assert sum(len(s.indicators) for s in molde["indicator_sources"]) == len(molde["indicators"]) == 60
    assert molde["alcohol"] is None

    averoy = render.plan_context(load("averoy-2021-2024"))
    assert averoy["plan"].previous_adoption == "5. september 2016" and averoy["plan"].adoption is None
    assert [(f.label, f.value) for f in averoy["alcohol"].facts] == [
        ("Salgsbevillinger", "8"),
        ("Skjenkebevillinger", "6"),
        ("Kontroller per salgs- og skjenkested per år", "3"),
    ]
    unnumbered = averoy["focus_areas"][0].measures[0]
    assert (unnumbered.number, unnumbered.label, unnumbered.reference) == ("", "Tiltak 1.1", "1.1")  # goal 1, first measure


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (32, "antall", "32"),
        (241393, "liter", "241\u00a0393\u00a0liter"),
        (77.4, "prosent", "77,4\u00a0%"),
        (8.4, "per 1000", "8,4\u00a0per 1000"),
        (-3, None, "−3"),
        (1234.5, None, "1\u00a0234,5"),
    ],
)
def test_numbers_are_written_the_norwegian_way(value, unit, text):
    assert render.format_value(value, unit) == text


# --- status report: carry-forward, changes, overdue, units --------------------------------------

STATUS_AREA = """\
id: barn-og-unge
number: 1
title: Barn og unge
goals:
  - id: bu-m1
    number: 1
    title: Tidlig innsats
    measures:
      - {id: t1, number: 1, title: Frist i fjor, responsible: [Skole], deadline: 2021}
      - {id: t2, number: 2, title: Frist i år, responsible: [skole], deadline: 2022}
      - {id: t3, number: 3, title: Dato i år, responsible: [Sektor for helse- og omsorg], deadline: 30.06.2022}
      - {id: t4, number: 4, title: Gjennomført, responsible: [Sektor for helse og omsorg], deadline: 2020}
      - {id: t5, number: 5, title: Avviklet, responsible: [Nav], deadline: 2020}
      - {id: t6, number: 6, title: Årlig, deadline: Årlig}
      - {id: t7, number: 7, title: Dato siste dag, responsible: [Nav], deadline: 31.12.2022}
"""
STATUS_2021 = """\
year: 2021
source: Rapport 2021
measures:
  - {measure: t1, status: in_progress, note: Startet}
  - {measure: t4, status: done}
  - {measure: t6, status: planned}
"""
STATUS_2022 = """\
year: 2022
source: Rapport 2022
summary: Et *godt* år.
measures:
  - {measure: t1, status: in_progress, note: Fortsatt i gang}
  - {measure: t2, status: partly_done}
  - {measure: t5, status: discontinued, note: Lagt ned}
  - {measure: t6, status: in_progress, source: Egen kilde}
"""


@pytest.fixture
def status_plan(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": STATUS_AREA, "status/2021.yaml": STATUS_2021, "status/2022.yaml": STATUS_2022})
    return folder, load(folder.name, folder.parent)


def test_status_context_carries_the_latest_status_forward(status_plan):
    _, plan = status_plan
    context = render.status_context(plan, 2022)
    rows = {r.measure.id: r for r in context["totals"].measures}
    assert (context["year"], context["previous_year"]) == (2022, 2021)
    assert (rows["t4"].status, rows["t4"].reported_year, rows["t4"].current) == ("done", 2021, False)
    assert (rows["t2"].status, rows["t2"].status_label, rows["t2"].current) == ("partly_done", "delvis gjennomført", True)
    assert (rows["t3"].status, rows["t3"].status_label, rows["t3"].reported_year) == ("not_reported", "ikke rapportert", None)
    assert rows["t6"].source == "Egen kilde" and rows["t1"].source == "Rapport 2022" and rows["t4"].source == "Rapport 2021"
    assert {c.key: c.count for c in context["totals"].counts} == {
        "done": 1,
        "partly_done": 1,
        "in_progress": 2,
        "planned": 0,
        "not_done": 0,
        "discontinued": 1,
        "not_reported": 2,
    }
    assert context["status_report"].reported == 4 and context["status_report"].summary == "Et *godt* år."


def test_status_context_changes_since_the_previous_report(status_plan):
    _, plan = status_plan
    changes = {r.measure.id: (r.previous_status, r.status) for r in render.status_context(plan, 2022)["changes"]}
    # t1 is reported again with the same status: not a change; t2 and t5 are new in 2022.
    assert changes == {"t2": (None, "partly_done"), "t5": (None, "discontinued"), "t6": ("planned", "in_progress")}
    assert render.status_context(plan, 2021)["changes"] == []
    assert render.status_context(plan, 2021)["previous_year"] is None


def test_status_context_overdue_and_due(status_plan):
    _, plan = status_plan
    context = render.status_context(plan, 2022)
    # t1: year 2021 < 2022, in progress -> overdue. t3: 30.06.2022 passed before the end of 2022 -> overdue.
    # t2: year 2022 runs to 31.12.2022 -> due, not overdue. t7: 31.12.2022 -> due.
    # t4 done, t5 discontinued, t6 annual: never overdue.
    assert [r.measure.id for r in context["overdue"]] == ["t1", "t3"]
    assert [r.measure.id for r in context["due"]] == ["t2", "t7"]
    # In 2021, t5 (deadline 2020) had not been reported at all.
    assert [r.measure.id for r in render.status_context(plan, 2021)["overdue"]] == ["t5"]


def test_status_context_by_responsible_unit(status_plan):
    _, plan = status_plan
    units = render.status_context(plan, 2022)["units"]
    by_name = {u.name: [r.measure.id for r in u.measures] for u in units}
    # «Skole»/«skole» and «helse- og omsorg»/«helse og omsorg» are one unit each, shown as first written;
    # within a unit, the measures due in 2022 and not reported done come first (t7, t2), then plan order.
    assert by_name == {"Nav": ["t7", "t5"], "Sektor for helse- og omsorg": ["t3", "t4"], "Skole": ["t2", "t1"], "Uten ansvarlig enhet": ["t6"]}
    assert [u.name for u in units][-1] == "Uten ansvarlig enhet"


def test_progress_view_lists_measures_due_this_year_first(status_plan):
    folder, plan = status_plan
    context = render.status_context(plan, 2022)
    area = context["focus_areas"][0]
    # t2 (2022), t3 (30.06.2022) and t7 (31.12.2022) are due in 2022 and not done; t4 (done) and the rest follow in plan order.
    assert [r.measure.id for r in area.measures] == ["t2", "t3", "t7", "t1", "t4", "t5", "t6"]
    assert [(u.heading, u.total) for u in context["units"]][0] == ("Nav", 2)
    text = render.render("status", "md", context)
    assert "## Fremdrift per ansvarlig enhet" in text
    assert "| Skole | " in text and "står tiltak med frist i 2022 som ikke er rapportert gjennomført, først" in text
    assert "Antall tiltak per status og ansvarlig enhet, 2022" in render.render("status", "html", context)


def test_units_sort_in_norwegian_order():
    assert sorted(["Åsen", "Ørsta", "Ærø", "Zeta", "aker"], key=render.nb_sort_key) == ["aker", "Zeta", "Ærø", "Ørsta", "Åsen"]


def test_status_context_molde_2022():
    context = render.status_context(load("molde-2020-2024"), 2022)
    assert context["status_report"].reported == 3 and context["totals"].total == 71
    assert {a.heading: {c.key: c.count for c in a.counts if c.count} for a in context["focus_areas"]} == {
        "1. Barn og unge": {"not_reported": 21},
        "2. Eldre": {"not_reported": 4},
        "3. Arbeid og aktivitet": {"in_progress": 2, "not_reported": 9},
        "4. Bolig": {"done": 1, "not_reported": 6},
        "5. Oppfølgingstjenester, behandling og ettervern": {"not_reported": 17},
        "6. Kompetanse": {"not_reported": 11},
    }
    assert context["previous_year"] is None and context["changes"] == []
    assert all(r.measure.deadline in ("2020", "2021") for r in context["overdue"])


# --- revision -------------------------------------------------------------------------------


def test_revision_context_molde():
    context = render.revision_context(load("molde-2016-2020"), load("molde-2020-2024"))
    assert (len(context["carried"]), len(context["dropped"]), len(context["added"])) == (21, 33, 50)
    assert (context["old_count"], context["new_count"]) == (54, 71)
    first = context["carried"][0]
    assert (first.new.id, first.old.id, first.outcome.key, first.outcome.source) == ("t1", "bu-1-1", "done", "evaluering")
    flagged = [d.old.id for d in context["dropped"] if d.outcome and d.outcome.continued]
    assert flagged == ["el-1-1", "bo-2-1"]
    assert context["predecessor"].title == "Ruspolitisk handlingsplan 2016–2020"


def test_revision_context_takes_outcomes_from_the_old_status_report_without_evaluation(tmp_path):
    old_area = MINIMAL_AREA.replace("id: t1", "id: a1").replace("id: t2", "id: a2")
    write_plan(
        tmp_path,
        {"focus-areas/barn-og-unge.yaml": old_area, "status/2019.yaml": "year: 2019\nmeasures:\n  - {measure: a1, status: done, note: Ferdig}\n"},
        plan_id="testby-2016-2019",
        start=2016,
        end=2019,
    )
    new_area = MINIMAL_AREA.replace("deadline: 2021\n", "deadline: 2021\n        carried_from: testby-2016-2019/a2\n", 1)
    new_area = new_area.replace("deadline: I planperioden\n", "deadline: I planperioden\n        carried_from: annen-2016-2019/x1\n")
    plan_yaml = MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024) + "predecessor: testby-2016-2019\n"
    folder = write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": new_area, "plan.yaml": plan_yaml})
    context = render.build_context(folder, read_plan(folder).plan, "revision")
    assert [(c.old.id, c.new.id, c.outcome) for c in context["carried"]] == [("a2", "t1", None)]
    [dropped] = context["dropped"]
    assert (dropped.old.id, dropped.outcome.key, dropped.outcome.comment, dropped.outcome.source) == ("a1", "done", "Ferdig", "statusrapport 2019")
    assert [m.id for m in context["added"]] == ["t2"]  # carried from a plan that is not the predecessor



def test_revision_context_is_the_diff_revision_view():
    """The report and `rusplan diff` answer carried/dropped/new from one comparison."""
    from rusplan.diff import ChangeKind, Target, diff_revision

    old, new = load("molde-2016-2020"), load("molde-2020-2024")
    context = render.revision_context(old, new)
    measures = [c for c in diff_revision(old, new).changes if c.target is Target.measure]
    assert [(c.old.id, c.new.id) for c in context["carried"]] == [(c.old["measure"], c.path.measure) for c in measures if c.kind is ChangeKind.carried]
    assert sorted(d.old.id for d in context["dropped"]) == sorted(c.path.measure for c in measures if c.kind is ChangeKind.removed)
    assert [m.id for m in context["added"]] == [c.path.measure for c in measures if c.kind is ChangeKind.added]


def test_revision_context_lists_dropped_measures_in_the_old_plans_order():
    old, new = load("molde-2016-2020"), load("molde-2020-2024")
    reordered = new.model_copy(update={"focus_areas": list(reversed(new.focus_areas))})
    dropped = [d.old.id for d in render.revision_context(old, reordered)["dropped"]]
    old_order = [m.id for _, _, m in old.measures()]
    assert dropped == sorted(dropped, key=old_order.index) and dropped[0] == "bu-1-2"


def test_revision_with_a_predecessor_that_reuses_an_id_is_a_render_problem(tmp_path):
    write_plan(tmp_path, {"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("- id: t2", "- id: t1")}, plan_id="testby-2016-2019", start=2016, end=2019)
    plan_yaml = MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024) + "predecessor: testby-2016-2019\n"
    folder = write_plan(tmp_path, {"plan.yaml": plan_yaml})
    with pytest.raises(render.RenderProblem, match="Id-en «t1» er brukt for mer enn ett tiltak i planen «testby-2016-2019»") as problem:
        render.build_context(folder, read_plan(folder).plan, "revision")
    assert problem.value.text("en").startswith("The id «t1» is used for more than one measure in plan «testby-2016-2019»")


# --- report problems ---------------------------------------------------------------------------


def test_build_context_refuses_what_the_plan_cannot_give(make_plan):
    folder = make_plan()
    plan = read_plan(folder).plan
    with pytest.raises(render.RenderProblem, match="ingen statusrapporter"):
        render.build_context(folder, plan, "status")
    with pytest.raises(render.RenderProblem, match="ingen forrige plan"):
        render.build_context(folder, plan, "revision")
    molde = PLANS / "molde-2020-2024"
    with pytest.raises(render.RenderProblem, match=r"ingen statusrapport for 2021 \(status/2021.yaml\). Rapporterte år: 2022"):
        render.build_context(molde, load("molde-2020-2024"), "status", 2021)
    assert render.build_context(molde, load("molde-2020-2024"), "status")["year"] == 2022


def test_revision_without_the_predecessor_beside_it(tmp_path):
    plan_yaml = MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024) + "predecessor: borte-2016-2019\n"
    folder = write_plan(tmp_path, {"plan.yaml": plan_yaml})
    with pytest.raises(render.RenderProblem, match="Forrige plan «borte-2016-2019» finnes ikke"):
        render.build_context(folder, read_plan(folder).plan, "revision")


# --- escaping and Markdown in plan text -------------------------------------------------------------

HOSTILE_PLAN = """\
id: testby-2020-2024
title: Plan <script>alert(1)</script> & «mer»
municipalities:
  - name: Testby
period: {start: 2020, end: 2024}
state: adopted
adoption:
  date: 2020-06-18
  url: "javascript:alert(1)"
description: |-
  Et *viktig* avsnitt med [lenke](https://example.no) og <img src=x onerror=alert(1)>.

  # Overskrift i teksten

  - punkt [x](javascript:alert(2))
focus_areas: [barn-og-unge]
"""


def test_plan_text_cannot_inject_markup_in_html(make_plan):
    out = document(make_plan({"plan.yaml": HOSTILE_PLAN}), fmt="html")
    assert "<script>alert(1)</script>" not in out
    assert "<title>Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; «mer»</title>" in out
    assert "<h1>Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; «mer»</h1>" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "javascript:" not in out.replace("[x](javascript:alert(2))", "")
    assert "<script" not in out.lower()


def test_simple_markdown_in_plan_text_renders_in_html(make_plan):
    out = document(make_plan({"plan.yaml": HOSTILE_PLAN}), fmt="html")
    assert "<em>viktig</em>" in out
    assert '<a href="https://example.no">lenke</a>' in out
    assert "<h4>Overskrift i teksten</h4>" in out  # pushed below the document's own headings
    assert "<li>punkt [x](javascript:alert(2))</li>" in out  # an unsafe link stays text


def test_plan_text_cannot_inject_markup_in_markdown(make_plan):
    out = document(make_plan({"plan.yaml": HOSTILE_PLAN}), fmt="md")
    assert out.startswith("# Plan \\<script\\>alert(1)\\</script\\> & «mer»\n")
    assert "&lt;img src=x onerror=alert(1)>" in out
    assert not re.search(r"(?<!\\)<(script|img)", out)
    assert "Et *viktig* avsnitt med [lenke](https://example.no)" in out  # plan Markdown stays Markdown
    assert "saksdokumenter" not in out  # the javascript: URL is dropped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*fet* og _kursiv_", "\\*fet\\* og \\_kursiv\\_"),
        ("[lenke](http://x)", "\\[lenke\\](http://x)"),
        ("- punkt", "\\- punkt"),
        ("# tittel", "\\# tittel"),
        ("to\nlinjer", "to linjer"),
        ("&lt; og & og &#60;", "\\&lt; og & og \\&#60;"),
        ("1. Barn og unge", "1. Barn og unge"),
    ],
)
def test_markdown_escaping_of_plain_text(text, escaped):
    assert render.md_escape(text) == escaped


# --- templates: environment, overrides and errors --------------------------------------------------


def test_environment_is_built_once_with_the_agreed_settings():
    import jinja2

    env = render.environment()
    assert env is render.environment()
    assert env.undefined is jinja2.StrictUndefined and env.keep_trailing_newline
    assert env.autoescape("plan.html.j2") and not env.autoescape("plan.md.j2")


def test_templates_dir_overrides_a_template_by_name_and_keeps_the_rest(tmp_path):
    (tmp_path / "plan.md.j2").write_text('{% import "_macros.md.j2" as m %}Egen mal for {{ plan.title }}\n', encoding="utf-8")
    out = document(PLANS / "randaberg-2025-2030", templates=tmp_path)
    assert out == "Egen mal for Rusmiddelpolitisk handlingsplan 2025–2030\n"
    assert document(PLANS / "randaberg-2025-2030", fmt="html", templates=tmp_path).startswith("<!DOCTYPE html>")


def test_template_error_names_the_file_and_line(tmp_path):
    (tmp_path / "plan.md.j2").write_text("# {{ plan.title }}\n\n{{ plan.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(render.RenderProblem) as problem:
        document(PLANS / "randaberg-2025-2030", templates=tmp_path)
    assert str(problem.value).startswith(f"Feil i malen {tmp_path / 'plan.md.j2'}, linje 3: ")
    assert "no_such_field" in str(problem.value)

    (tmp_path / "plan.md.j2").write_text("{% for x in plan %}\n", encoding="utf-8")
    with pytest.raises(render.RenderProblem, match=r"plan.md.j2, linje \d"):
        document(PLANS / "randaberg-2025-2030", templates=tmp_path)


# --- charts: what is drawn equals the data ------------------------------------------------------------


def test_status_chart_draws_the_molde_2022_numbers():
    context = render.status_context(load("molde-2020-2024"), 2022)
    svg = ET.fromstring(str(render._status_chart(context["focus_areas"])))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Status per fokusområde"
    assert svg.find(f"{SVG}title").text == "Status per fokusområde"
    assert "4. Bolig: 1 gjennomført, 6 ikke rapportert." in svg.find(f"{SVG}desc").text
    rows = svg.findall(f"{SVG}g[@class='row']")
    assert [r.find(f"{SVG}text[@class='row-label']").text for r in rows] == [a.heading for a in context["focus_areas"]]
    scale = None
    for row, area in zip(rows, context["focus_areas"], strict=True):
        drawn = {s.get("data-status"): int(s.get("data-count")) for s in row.findall(f"{SVG}rect[@class='segment']")}
        assert drawn == {c.key: c.count for c in area.counts if c.count}
        assert row.find(f"{SVG}text[@class='total']").text == f"{area.total} tiltak"
        for segment in row.findall(f"{SVG}rect[@class='segment']"):
            width = float(segment.get("width")) / int(segment.get("data-count"))
            scale = scale or width
            assert width == pytest.approx(scale, abs=0.01)  # one scale for all bars
            assert segment.find(f"{SVG}title").text.endswith(f": {segment.get('data-count')} {render.STATUS_LABEL[segment.get('data-status')]}")
        counts = [int(t.text) for t in row.findall(f"{SVG}text[@class='count']")]
        assert set(counts) <= set(drawn.values())


@pytest.mark.parametrize(
    ("plan_id", "indicator_id"),
    [
        ("molde-2020-2024", "skjenking-inntil-4-7-liter"),
        ("averoy-2021-2024", "ungdata-beruset-siste-12-mnd"),
        ("molde-2020-2024", "skjenkekontrollen-kjop-andel-forsok-molde"),
    ],
)
def test_trend_chart_draws_the_indicator_values(plan_id, indicator_id):
    indicator = next(i for i in render.plan_context(load(plan_id))["indicators"] if i.id == indicator_id)
    svg = ET.fromstring(str(render._trend_chart(indicator)))
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == indicator.title
    assert svg.find(f"{SVG}desc").text == f"{indicator.title}: " + ", ".join(f"{v.year}: {v.text}" for v in indicator.values) + "."
    assert [t.text for t in svg.findall(f"{SVG}text[@class='value']")] == [v.text for v in indicator.values]
    assert [int(t.text) for t in svg.findall(f"{SVG}text[@class='year']")] == [v.year for v in indicator.values]
    bars = svg.findall(f"{SVG}rect[@class='bar']")
    assert [float(b.get("data-value")) for b in bars] == [v.value for v in indicator.values]
    ratios = {round(float(b.get("height")) / v.value, 3) for b, v in zip(bars, indicator.values, strict=True)}
    assert len(ratios) == 1  # heights proportional to the values, from zero
    baseline = float(svg.find(f"{SVG}line[@class='baseline']").get("y1"))
    assert all(float(b.get("y")) + float(b.get("height")) == pytest.approx(baseline, abs=0.01) for b in bars)


def test_chart_text_is_escaped():
    svg = charts.trend_chart([charts.Point(2020, 1, "1 <b>")], title="<script>x</script>")
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    ET.fromstring(svg)


def test_html_is_self_contained_and_accessible():
    out = (GOLDEN / "molde-2020-2024.plan.html").read_text(encoding="utf-8")
    assert out.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert '<main id="innhold">' in out and '<nav class="toc"' in out and "<header" in out and "<footer" in out
    assert "<script" not in out and " src=" not in out and "url(" not in out and "@import" not in out
    assert all(href.startswith(("#", "http")) for href in re.findall(r'href="([^"]*)"', out))
    assert "@page { size: A4" in out and "thead { display: table-header-group; }" in out
    assert "break-before: page" not in out  # chapters run on; only the title page and contents stand alone
    assert "@media screen and (max-width: 40rem)" in out and '<td data-label="Tiltak">' in out  # tables reflow at 320 px
    assert out.count("<caption>") == out.count("<table")
    assert 'scope="col"' in out and 'scope="row"' in out


class _TagBalance(HTMLParser):
    """Checks that every element is closed in order and that ids are unique."""

    VOID = frozenset({"meta", "br", "img", "hr", "link", "input", "rect", "line"})

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids.extend(value for name, value in attrs if name == "id")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:]}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDEN.glob("*.html")))
def test_html_is_well_formed_with_unique_ids_and_working_anchors(golden):
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    parser = _TagBalance()
    parser.feed(text)
    assert parser.problems == [] and parser.stack == []
    assert len(parser.ids) == len(set(parser.ids))
    targets = set(re.findall(r'href="#([^"]+)"', text)) | set(re.findall(r'aria-labelledby="([^"]+)"', text))
    assert targets <= set(parser.ids)


# --- the command ------------------------------------------------------------------------------------


def test_cli_prints_markdown_to_stdout():
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "--generated", GOLDEN_DAY])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "randaberg-2025-2030.plan.md").read_text(encoding="utf-8")


def test_cli_generated_date_overrides_the_day_of_making():
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "--generated", "2025-03-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("Laget med rusplan fra planmappen `randaberg-2025-2030`, 1. mars 2025.")
    html = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-f", "html", "--generated", "2025-03-01"]).stdout
    assert '<time datetime="2025-03-01">1. mars 2025</time>' in html
    bad = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "--generated", "i går"])
    assert bad.exit_code == 2 and "er ikke en dato" in bad.stderr


def test_cli_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("gammel\n", encoding="utf-8")
    args = ["render", str(PLANS / "randaberg-2025-2030"), "-o", str(target), "--generated", GOLDEN_DAY]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == f"rusplan render: Filen «{target}» finnes allerede. Bruk --force for å overskrive den.\n"
    assert target.read_text(encoding="utf-8") == "gammel\n"
    result = runner.invoke(app, [*args, "--force"])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_bytes() == (GOLDEN / "randaberg-2025-2030.plan.md").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]  # no temporary file left behind


def test_write_output_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "plan.md"
    target.write_text("gammel\n", encoding="utf-8")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(render.os, "replace", fail)
    with pytest.raises(OSError):
        render.write_output(target, "ny\n", force=True)
    assert target.read_text(encoding="utf-8") == "gammel\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["molde-2020-2024", "-r", "status", "--year", "2030"], "Planen «molde-2020-2024» har ingen statusrapport for 2030 (status/2030.yaml). Rapporterte år: 2022."),
        (["averoy-2021-2024", "-r", "status"], "Planen «averoy-2021-2024» har ingen statusrapporter (status/<år>.yaml); en årsrapport kan ikke lages."),
        (["averoy-2021-2024", "-r", "revision"], "Planen «averoy-2021-2024» har ingen forrige plan (predecessor i plan.yaml); en revisjonsrapport kan ikke lages."),
        (["molde-2020-2024", "--year", "2022"], "--year gjelder bare årsrapporten (--report status) og alkoholrapporten (--report alcohol)."),
        (["molde-2020-2024", "--templates", "finnes-ikke"], "Malmappen «finnes-ikke» finnes ikke."),
    ],
)
def test_cli_usage_problems_exit_2_with_a_norwegian_message(args, message):
    result = runner.invoke(app, ["render", str(PLANS / args[0]), *args[1:]])
    assert result.exit_code == 2
    assert result.stderr == f"rusplan render: {message}\n"



@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["molde-2020-2024", "-r", "status", "--year", "2030"], "The plan «molde-2020-2024» has no status report for 2030 (status/2030.yaml). Years reported: 2022."),
        (["averoy-2021-2024", "-r", "status"], "The plan «averoy-2021-2024» has no status reports (status/<year>.yaml); an annual report cannot be made."),
        (["averoy-2021-2024", "-r", "revision"], "The plan «averoy-2021-2024» has no predecessor (predecessor in plan.yaml); a revision report cannot be made."),
        (["molde-2020-2024", "--year", "2022"], "--year applies only to the annual report (--report status) and the alcohol report (--report alcohol)."),
        (["molde-2020-2024", "--templates", "finnes-ikke"], "The template folder «finnes-ikke» does not exist."),
        (["molde-2020-2024", "--generated", "i går"], "«i går» is not a date. Write --generated as YYYY-MM-DD, e.g. 2024-03-01."),
    ],
)
def test_cli_usage_problems_in_english_with_lang_en(args, message):
    result = runner.invoke(app, ["render", str(PLANS / args[0]), *args[1:], "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == f"rusplan render: {message}\n"


def test_cli_refuses_to_overwrite_in_english_and_honours_rusplan_lang(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("gammel\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-o", str(target)], env={"RUSPLAN_LANG": "en"})
    assert result.exit_code == 2
    assert result.stderr == f"rusplan render: The file «{target}» already exists. Use --force to overwrite it.\n"
    result = runner.invoke(app, ["render", str(PLANS), "--lang", "en"])
    assert result.stderr == f"rusplan render: «{PLANS}» must be one plan folder (with plan.yaml).\n"


def test_cli_cannot_write_names_the_file(tmp_path):
    target = tmp_path / "mangler" / "plan.md"
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rusplan render: Kan ikke skrive «{target}»: ")
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-o", str(target), "--lang", "en"])
    assert result.stderr.startswith(f"rusplan render: Cannot write «{target}»: ")


def test_template_problems_in_english(tmp_path):
    (tmp_path / "plan.md.j2").write_text('{% import "finnes-ikke.md.j2" as m %}\n', encoding="utf-8")
    with pytest.raises(render.RenderProblem) as problem:
        document(PLANS / "randaberg-2025-2030", templates=tmp_path)
    assert str(problem.value).startswith("Malen «finnes-ikke.md.j2» finnes ikke (søkt i ")
    assert problem.value.text("en").startswith("The template «finnes-ikke.md.j2» does not exist (searched in ")
    (tmp_path / "plan.md.j2").write_text("{{ plan.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(render.RenderProblem) as problem:
        document(PLANS / "randaberg-2025-2030", templates=tmp_path)
    assert problem.value.text("en").startswith(f"Error in the template {tmp_path / 'plan.md.j2'}, line 1: ")


def test_unknown_report_and_missing_predecessor_in_both_languages(tmp_path):
    plan_yaml = MINIMAL_PLAN.format(id="testby-2020-2024", start=2020, end=2024) + "predecessor: borte-2016-2019\n"
    folder = write_plan(tmp_path, {"plan.yaml": plan_yaml})
    plan = read_plan(folder).plan
    with pytest.raises(render.RenderProblem) as problem:
        render.build_context(folder, plan, "revision")
    assert problem.value.text("en") == (
        f"The predecessor «borte-2016-2019» is missing, or has errors, in {tmp_path}. Put it beside «testby-2020-2024» and run rusplan validate on it."
    )
    with pytest.raises(render.RenderProblem, match="Ukjent rapport «budsjett». Velg plan, status, revision, alcohol.") as problem:
        render.build_context(folder, plan, "budsjett")
    assert problem.value.text("en") == "Unknown report «budsjett». Choose plan, status, revision, alcohol."


def test_cli_template_error_exits_2_naming_file_and_line(tmp_path):
    (tmp_path / "status.md.j2").write_text("{{ year }}\n{{ yaer }}\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(PLANS / "molde-2020-2024"), "-r", "status", "--templates", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rusplan render: Feil i malen {tmp_path / 'status.md.j2'}, linje 2: ")


def test_cli_a_folder_of_plans_is_not_one_plan():
    result = runner.invoke(app, ["render", str(PLANS)])
    assert result.exit_code == 2
    assert result.stderr == f"rusplan render: «{PLANS}» må være én planmappe (med plan.yaml).\n"


def test_cli_plan_with_errors_exits_1_and_prints_findings(make_plan):
    folder = make_plan({"focus-areas/barn-og-unge.yaml": MINIMAL_AREA.replace("title: Barn og unge", "tittel: Barn og unge")})
    result = runner.invoke(app, ["render", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "RP101" in result.stderr and "Ukjent nøkkel «tittel»" in result.stderr


def test_importing_the_cli_does_not_import_jinja2():
    code = "import sys, rusplan.cli; print('jinja2' in sys.modules, 'rusplan.render' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False", "False"]


def test_templates_doc_names_every_template():
    doc = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    for template in sorted((ROOT / "templates").glob("*.j2")):
        assert f"`{template.name}`" in doc, template.name
    for report in render.REPORTS:
        for fmt in render.FORMATS:
            assert (ROOT / "templates" / render.template_name(report, fmt)).is_file()


def test_dates_are_written_the_norwegian_way():
    assert render.format_date(dt.date(2025, 3, 1)) == "1. mars 2025"
    assert render.format_date(dt.date(2020, 12, 31)) == "31. desember 2020"

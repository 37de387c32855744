"""`rusplan site`: the bundled plans as a static web site, followed link by link.

The site is read as a browser would read it from disk: every href and src is
resolved against the page it is on, and must name a file of the site (and, with
a #fragment, an id on that page). Nothing may be loaded from another host: the
only links that leave the site are plan text's own web links (`<a href="http…">`,
e.g. the council's case), which a reader follows, never a page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from conftest import PLANS, write_plan
from rusplan.cli import app

runner = CliRunner()


# --- reading the site as a browser would -----------------------------------------------------------


class Page(HTMLParser):
    """Every URL a page refers to, what loads it, and the ids it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src", "action", "poster", "data"):
            if attrs.get(name) is not None:
                self.refs.append((tag, name, attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for part in (attrs.get(name) or "").split(","):
                if part.strip():
                    self.refs.append((tag, name, part.split()[0]))
        if attrs.get("style") and "url(" in attrs["style"]:
            self.refs.append((tag, "style", attrs["style"]))

    def handle_data(self, data):
        self.text.append(data)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def text_of(path: Path) -> str:
    return " ".join(" ".join(read_page(path).text).split())


def check_site(root: Path) -> tuple[int, list[str], set[str]]:
    """(links followed, problems, web links that leave the site)."""
    root = root.resolve()
    pages = {p: read_page(p) for p in root.rglob("*.html")}
    problems: list[str] = []
    outward: set[str] = set()
    followed = 0
    for path, page in pages.items():
        where = path.relative_to(root).as_posix()
        if page.lang != "nb":
            problems.append(f"{where}: <html lang> is {page.lang!r}")
        for tag, attribute, url in page.refs:
            parts = urlsplit(url)
            if attribute == "style" or parts.scheme or parts.netloc:
                if tag == "a" and attribute == "href" and parts.scheme in ("http", "https", "mailto"):
                    outward.add(url)
                else:
                    problems.append(f"{where}: <{tag} {attribute}={url!r}> would load from outside the site")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            followed += 1
            if not target.is_relative_to(root):
                problems.append(f"{where}: {url} leads outside the site")
            elif not target.is_file():
                problems.append(f"{where}: {url} is broken")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{where}: {url} names no id on its page")
    for css in root.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            problems.append(f"{css.name}: url({url}) in the stylesheet")
    for script in root.rglob("*.js"):
        source = script.read_text(encoding="utf-8")
        if re.search(r"\bfetch\(|XMLHttpRequest|https?://", source):
            problems.append(f"{script.name} asks for something over the network")
    return followed, problems, outward


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = runner.invoke(app, ["site", str(PLANS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


# --- the site as a whole -------------------------------------------------------------------------------


def test_site_builds_from_the_bundled_plans(site):
    assert (site / "index.html").is_file()
    for plan_id in ("molde-2016-2020", "molde-2020-2024", "averoy-2021-2024", "randaberg-2025-2030"):
        assert (site / "plan" / plan_id / "index.html").is_file()
    measures = list((site / "plan" / "molde-2020-2024" / "tiltak").glob("*.html"))
    assert len(measures) == 71
    assert list((site / "enhet").rglob("*.html"))


def test_every_link_works_and_nothing_is_loaded_from_another_host(site):
    followed, problems, outward = check_site(site)
    assert problems == []
    assert followed > 1000
    # the only ways out are the plans' own links for a reader to follow
    assert all(url.startswith(("http://", "https://")) for url in outward)


def test_the_link_checker_finds_a_broken_link_and_a_foreign_script(tmp_path):
    shutil.copytree(PLANS / "randaberg-2025-2030", tmp_path / "plans" / "randaberg-2025-2030")
    out = tmp_path / "site"
    assert runner.invoke(app, ["site", str(tmp_path / "plans"), "-o", str(out)]).exit_code == 0
    front = out / "index.html"
    front.write_text(front.read_text(encoding="utf-8").replace("</body>", '<a href="plan/nowhere.html">x</a><script src="https://cdn.example/x.js"></script></body>'))
    _, problems, _ = check_site(out)
    assert any("plan/nowhere.html is broken" in p for p in problems)
    assert any("cdn.example" in p for p in problems)


def test_front_page_lists_each_municipality_with_current_draft_and_expired_plans(site):
    text = text_of(site / "index.html")
    molde = text[text.index("Molde Gjeldende plan"):]
    assert molde.startswith("Molde Gjeldende plan Ruspolitisk handlingsplan 2020–2024 Periode 2020–2024 Status Vedtatt")
    assert "Utløpte planer Ruspolitisk handlingsplan 2016–2020 Periode 2016–2020 Status Utløpt" in molde
    assert "Averøy Utkast og høring Ruspolitisk handlingsplan for Averøy kommune" in text
    # progress from the latest status report
    assert "34 av 54 tiltak gjennomført (status 2020)" in text


def test_plan_page_is_the_rendered_plan_with_each_measure_linked_to_its_page(site):
    page = site / "plan" / "molde-2020-2024" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Tiltaksoversikt" in html and "Evaluering av forrige plan" in html
    assert '<a href="tiltak/t1.html">Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole</a>' in html
    assert 'href="../molde-2016-2020/index.html"' in html  # the previous period


# --- lineage ---------------------------------------------------------------------------------------------


def test_molde_2020_measure_1_continues_2016_measure_1_1_with_the_evaluations_outcome_and_comment(site):
    page = site / "plan" / "molde-2020-2024" / "tiltak" / "t1.html"
    text = text_of(page)
    lineage = text[text.index("Videreført fra"):]
    assert "Ruspolitisk handlingsplan 2016–2020 (2016–2020, Molde) Tiltak 1.1 Utarbeide felles prosedyre" in lineage
    assert "Resultat i forrige periode: ✔ Gjennomført (evaluering) : Nasjonale retningslinjer er innført i barnehage og skole." in lineage
    assert "Tiltaket videreføres." in lineage
    assert ("a", "href", "../../molde-2016-2020/tiltak/bu-1-1.html") in read_page(page).refs


def test_the_old_measure_links_forward_to_the_measure_that_continues_it(site):
    page = site / "plan" / "molde-2016-2020" / "tiltak" / "bu-1-1.html"
    text = text_of(page)
    assert "Videreført i" in text
    assert "Tiltak 1 Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole" in text[text.index("Videreført i"):]
    assert ("a", "href", "../../molde-2020-2024/tiltak/t1.html") in read_page(page).refs
    assert "Resultat for dette tiltaket: ✔ Gjennomført (evaluering) : Nasjonale retningslinjer" in text


def test_lineage_is_followed_across_as_many_periods_as_the_repository_holds(tmp_path):
    plans = tmp_path / "plans"
    for n, (start, end) in enumerate(((2012, 2016), (2016, 2020), (2020, 2024))):
        area = "focus-areas/barn-og-unge.yaml"
        carried = "\n" + " " * 20 + f"carried_from: testby-{start - 4}-{start}/t1" if n else ""
        files = {
            area: f"""\
            id: barn-og-unge
            title: Barn og unge
            goals:
              - id: bu-m1
                title: Tidlig innsats
                measures:
                  - id: t1
                    number: 1
                    title: Skolelos i periode {start}–{end}
                    responsible: [Skole]{carried}
            """,
        }
        if n:
            files["plan.yaml"] = (
                f"id: testby-{start}-{end}\ntitle: Plan {start}–{end}\nmunicipalities: [{{name: Testby}}]\n"
                f"period: {{start: {start}, end: {end}}}\nstate: adopted\npredecessor: testby-{start - 4}-{start}\nfocus_areas: [barn-og-unge]\n"
            )
            files["evaluation.yaml"] = (
                f"plan: testby-{start - 4}-{start}\nitems:\n  - measure: t1\n    outcome: partly_done\n    comment: Delvis i {start - 1}.\n    continued: true\n"
            )
        write_plan(plans, files, plan_id=f"testby-{start}-{end}", start=start, end=end)
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(plans), "-o", str(out)])
    assert result.exit_code == 0, result.output
    newest = text_of(out / "plan" / "testby-2020-2024" / "tiltak" / "t1.html")
    back = newest[newest.index("Videreført fra"):]
    assert back.index("Skolelos i periode 2016–2020") < back.index("Skolelos i periode 2012–2016")
    assert "Delvis i 2019." in back and "Delvis i 2015." in back
    oldest = text_of(out / "plan" / "testby-2012-2016" / "tiltak" / "t1.html")
    onward = oldest[oldest.index("Videreført i"):]
    assert onward.index("Skolelos i periode 2016–2020") < onward.index("Skolelos i periode 2020–2024")
    assert "Tiltaket er nytt i denne planen" in oldest
    assert check_site(out)[1] == []


# --- units and search ---------------------------------------------------------------------------------------


def test_unit_page_lists_the_units_measures_in_current_plans_with_status(site):
    units = site / "enhet" / "molde"
    pages = {p.name: text_of(p) for p in units.glob("*.html")}
    assert "barneverntjenesten.html" in pages
    text = pages["barneverntjenesten.html"]
    assert text.count("Utarbeide felles prosedyre for melding til barnevernet") == 1  # the current plan only, not 2016–2020
    assert "ikke rapportert" in text
    measure = read_page(site / "plan" / "molde-2020-2024" / "tiltak" / "t1.html")
    assert ("a", "href", "../../../enhet/molde/barneverntjenesten.html") in measure.refs


def test_units_named_once_for_a_goal_or_by_an_alias_are_one_page_each(site):
    units = site / "enhet" / "fjellby-dalvik-og-strandvik"
    assert "Rus som tema på foreldremøter i 8. trinn" in text_of(units / "skolene.html")  # responsible given on the goal
    assert not (units / "psykisk-helse-og-rus-tjenesten.html").exists()  # an alias in units.yaml, not a unit of its own
    assert (units / "psykisk-helse-og-rustjenester.html").is_file()


def test_search_index_is_a_local_script_with_every_measure(site):
    source = (site / "sok-indeks.js").read_text(encoding="utf-8")
    assert source.startswith("window.RUSPLAN_SOK = ")
    rows = json.loads(source[len("window.RUSPLAN_SOK = "):].rstrip().rstrip(";"))
    assert len(rows) == sum(1 for _ in (site / "plan").rglob("tiltak/*.html"))
    row = next(r for r in rows if r[0] == "plan/molde-2020-2024/tiltak/t1.html")
    assert row[1] == "Utarbeide felles prosedyre for melding til barnevernet for barnehage og skole"
    assert "Molde" in row[3] and "2020–2024" in row[3]
    search = read_page(site / "sok.html")
    assert ("script", "src", "sok-indeks.js") in search.refs and ("script", "src", "sok.js") in search.refs
    assert ("form", "action", "sok.html") in read_page(site / "index.html").refs


def test_names_become_file_names_that_stay_inside_the_site(tmp_path):
    from rusplan.siterepository import segment

    assert segment("t1") == "t1"
    assert segment("Helse- og omsorg") == "helse-og-omsorg"
    assert segment("Psykisk helse/rus ../../etc") == "psykisk-helse-rus-etc"
    assert segment("..").startswith("x-") and "/" not in segment("../..") and "." not in segment("../..")
    folder = write_plan(tmp_path / "plans", {})
    path = folder / "focus-areas" / "barn-og-unge.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("responsible: [Skole]", 'responsible: ["../../../utenfor"]'), encoding="utf-8")
    out = tmp_path / "site"
    assert runner.invoke(app, ["site", str(tmp_path / "plans"), "-o", str(out)]).exit_code == 0
    assert (out / "enhet" / "testby" / "utenfor.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "site"]


def test_plan_text_is_escaped_on_pages_and_in_the_index(tmp_path):
    hostile = "Tiltak <script>alert(1)</script> </script><img src=x onerror=alert(2)>"
    folder = write_plan(tmp_path / "plans", {})
    path = folder / "focus-areas" / "barn-og-unge.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Utarbeide felles prosedyre for melding til barnevernet", json.dumps(hostile)), encoding="utf-8")
    out = tmp_path / "site"
    assert runner.invoke(app, ["site", str(tmp_path / "plans"), "-o", str(out)]).exit_code == 0
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "plan" / "testby-2020-2024" / "tiltak" / "t1.html").read_text(encoding="utf-8")
    assert hostile in (out / "sok-indeks.js").read_text(encoding="utf-8")  # data in a script file; sok.js shows it with textContent
    assert "innerHTML" not in (out / "sok.js").read_text(encoding="utf-8")


# --- incremental and content-addressed ---------------------------------------------------------------------


def _stamp(root: Path) -> dict[str, int]:
    """Set every file's mtime far back, and return them."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(10**18, 10**18))
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def _touched(root: Path, before: dict[str, int]) -> set[str]:
    now = {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    return {name for name, mtime in now.items() if before.get(name) != mtime}


def test_rebuilding_after_one_plan_changes_rewrites_only_the_pages_that_changed(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans, ignore=shutil.ignore_patterns("README.md"))
    out = tmp_path / "site"
    assert runner.invoke(app, ["site", str(plans), "-o", str(out)]).exit_code == 0
    (out / "egen-fil.txt").write_text("not rusplan's", encoding="utf-8")
    before = _stamp(out)

    result = runner.invoke(app, ["site", str(plans), "-o", str(out)])
    assert result.exit_code == 0
    assert "0 skrevet" in result.output
    assert _touched(out, before) == set()

    area = plans / "randaberg-2025-2030" / "focus-areas"
    changed = next(area.glob("*.yaml"))
    text = changed.read_text(encoding="utf-8")
    first_title = re.search(r"^\s+title: (.+)$", text[text.index("measures:"):], re.M).group(1)
    changed.write_text(text.replace(first_title, first_title.rstrip() + " (endret)", 1), encoding="utf-8")
    result = runner.invoke(app, ["site", str(plans), "-o", str(out)])
    assert result.exit_code == 0, result.output
    touched = _touched(out, before)
    assert "plan/randaberg-2025-2030/index.html" in touched
    assert "sok-indeks.js" in touched
    assert {name.split("/")[1] for name in touched if name.startswith("plan/")} == {"randaberg-2025-2030"}
    assert all(name.startswith(("plan/randaberg-2025-2030/", "enhet/randaberg/")) for name in touched - {"sok-indeks.js", ".rusplan-site.json"})
    assert len([n for n in touched if n.startswith("plan/randaberg-2025-2030/tiltak/")]) == 1
    assert "egen-fil.txt" not in touched


def test_pages_of_a_removed_plan_are_removed_and_nothing_else(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans, ignore=shutil.ignore_patterns("README.md"))
    out = tmp_path / "site"
    assert runner.invoke(app, ["site", str(plans), "-o", str(out)]).exit_code == 0
    (out / "egen-fil.txt").write_text("not rusplan's", encoding="utf-8")
    shutil.rmtree(plans / "averoy-2021-2024")
    result = runner.invoke(app, ["site", str(plans), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "plan" / "averoy-2021-2024").exists()
    assert (out / "egen-fil.txt").is_file()
    assert "Averøy" not in text_of(out / "index.html")
    assert check_site(out)[1] == []


# --- the command ---------------------------------------------------------------------------------------------


def test_plans_with_errors_are_not_published(tmp_path, make_plan):
    folder = make_plan({"plan.yaml": "id: testby-2020-2024\ntitle: x\n"})
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "nettstedet er ikke skrevet" in result.output
    assert not out.exists()


def test_the_site_is_never_written_into_a_plan_folder(tmp_path):
    shutil.copytree(PLANS / "randaberg-2025-2030", tmp_path / "randaberg-2025-2030")
    result = runner.invoke(app, ["site", str(tmp_path), "-o", str(tmp_path / "randaberg-2025-2030" / "site"), "--lang", "en"])
    assert result.exit_code == 2
    assert "is a plan folder or lies inside one" in result.output
    assert not (tmp_path / "randaberg-2025-2030" / "site").exists()


def test_a_missing_path_is_a_usage_problem(tmp_path):
    result = runner.invoke(app, ["site", str(tmp_path / "nowhere"), "-o", str(tmp_path / "site")])
    assert result.exit_code == 2
    assert "finnes ikke" in result.output


def test_the_github_action_step_builds_the_site_and_writes_the_job_summary(tmp_path):
    import subprocess
    import sys

    shutil.copytree(PLANS / "randaberg-2025-2030", tmp_path / "plans" / "randaberg-2025-2030")
    summary = tmp_path / "summary.md"
    script = PLANS.parent / "ci" / "github-site.sh"
    env = {**os.environ, "PATHS": "plans", "SITE": "_site", "GITHUB_STEP_SUMMARY": str(summary), "RUSPLAN": str(Path(sys.executable).parent / "rusplan")}
    done = subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "_site" / "plan" / "randaberg-2025-2030" / "index.html").is_file()
    assert summary.read_text(encoding="utf-8").startswith("### rusplan site\n\nNettstedet i _site: ")
    env["PATHS"] = "nowhere"
    assert subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True).returncode == 2

"""Safe to run on a stranger's pull request (docs/security.md): one test per finding of the attack run, then its siblings.

No test here times anything: linear behaviour is shown by bounding what reaches an algorithm
(a field's length, the cells given to difflib) and by counting the work it is given.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.dom import minidom

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, ROOT, write_plan
from rusplan import atomic, diff, diffwalk, export, load, model, planfiles, safetext, values, worddiff
from rusplan.cli import app
from rusplan.load import MAX_NODES, LoadProblem, load_document
from rusplan.model import MAX_LINE, MAX_PROSE
from rusplan.validate import validate

runner = CliRunner()
AREA = "focus-areas/barn-og-unge.yaml"
ENV = {"GITHUB_ACTIONS": "", "RUSPLAN_LANG": "", "COLUMNS": "200"}
EXACT = settings(deadline=None, derandomize=True, database=None, max_examples=300)


def cli(*args: str, **env: str):
    result = runner.invoke(app, list(args), env={**ENV, **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def raw_controls(text: str) -> list[str]:
    """What would drive a terminal: C0 controls but newline and tab, DEL, C1 controls, line separators, bidi overrides."""
    return [ch for ch in text if re.match("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]", ch)]


def command_lines(text: str) -> list[str]:
    """Lines a CI runner would obey: first non-blank characters «::», or «##[» anywhere."""
    return [line for line in re.split("\r\n|[\n\r]", text) if line.lstrip().startswith("::") or "##[" in line]


def area_with(**fields: str) -> str:
    """The minimal focus area with fields of its first measure replaced (values as YAML)."""
    text = MINIMAL_AREA
    for name, value in fields.items():
        if name == "id":
            text = text.replace("      - id: t1\n", f"      - id: {value}\n", 1)
            continue
        pattern = re.compile(rf"^(        {name}): .*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda m, v=value: f"{m.group(1)}: {v}", text, count=1)
        else:
            text = text.replace("        responsible: [Skole]\n", f"        responsible: [Skole]\n        {name}: {value}\n", 1)
    return text


# --- 1. a long cost text hung every command -------------------------------------------------------

OLD_AMOUNT = re.compile(r"(?:kr\.?|nok)\s*(\d[\d .]*\d|\d)|(\d[\d .]*\d|\d)\s*(?:kr\b|kroner|nok\b|,-)", re.I)


def old_amount(text: str) -> int | None:
    match = OLD_AMOUNT.search(text)
    return int(re.sub(r"\D", "", match.group(1) or match.group(2))) if match else None


@EXACT
@given(st.lists(st.sampled_from(["1", "0", " ", ".", "kr", "Kr.", "NOK", "nok", "kroner", ",-", "\t", "\n", "\u00a0", "x", "e", "\u0661"]), max_size=16))
def test_the_linear_amount_reader_reads_what_the_old_pattern_read(parts):
    text = "".join(parts)
    assert values.amount_nok(text) == old_amount(text)


def test_a_long_cost_text_is_a_positioned_norwegian_finding_and_never_reaches_the_patterns(make_plan, monkeypatch):
    lengths: list[int] = []
    real = values.amount_nok
    monkeypatch.setattr(values, "amount_nok", lambda text: lengths.append(len(text)) or real(text))
    folder = make_plan({AREA: area_with(cost="'" + "1 " * 8_000 + "'")})
    result = validate([folder])
    [finding] = [f for f in result.findings if f.code == "RP103"]
    assert (Path(finding.file).name, finding.line, finding.column) == ("barn-og-unge.yaml", 13, 15)
    assert finding.message() == "Ugyldig verdi for «text»: er for lang: høyst 1\u00a0000 tegn her. Kort den ned, eller flytt teksten til en beskrivelse."
    assert max(lengths, default=0) <= MAX_LINE  # the long text is a finding before any pattern sees it


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", MAX_LINE), ("description", MAX_PROSE), ("deadline", MAX_LINE), ("cost", MAX_LINE), ("id", model.MAX_ID)],
)
def test_every_text_field_has_a_length_limit_with_a_finding_where_the_text_is(make_plan, field, limit):
    value = "a" * limit
    assert not [f for f in validate([make_plan({AREA: area_with(**{field: value})})]).findings if f.severity.value == "error" and f.code != "RP201"]
    result = validate([make_plan({AREA: area_with(**{field: value + "a"})})])
    errors = [f for f in result.findings if f.code == "RP103"]
    assert errors and all("for lang" in f.message() and f.line > 1 for f in errors), [f.message() for f in result.findings]


# --- 2. forged annotations through the diff step --------------------------------------------------

FORGED_KEY = '"x\\n::error file=README.md,line=1,title=Godkjent::Alt OK\\n::stop-commands::abc123\\n##[error]gammel form\\n": 1\n'


def test_a_key_with_workflow_commands_reaches_no_output_as_a_command(make_plan, tmp_path):
    good = make_plan()
    bad = write_plan(tmp_path / "ny", {"plan.yaml": (good / "plan.yaml").read_text(encoding="utf-8") + FORGED_KEY})
    result = cli("diff", str(good), str(bad))
    assert result.exit_code == 2 and "RP101" in result.stderr
    assert command_lines(result.stdout + result.stderr) == [], result.stderr
    for fmt in ("human", "json", "sarif", "gitlab"):
        out = cli("validate", str(bad), "-f", fmt)
        assert command_lines(out.stdout) == [], (fmt, out.stdout)
    github = cli("validate", str(bad), "-f", "github").stdout
    assert [line.split(" ", 1)[0] for line in command_lines(github)] == ["::error"]  # our own annotation, the key inside it escaped


def test_plan_text_lines_never_start_a_command_in_a_markdown_report(make_plan, tmp_path):
    old = make_plan()
    text = "'Første linje\n\n  ::error file=README.md::Alt OK\n\n##[warning]gammel form'"
    new = write_plan(tmp_path / "ny", {AREA: area_with(description=json.dumps(json.loads(text.replace("'", '"').replace("\n", "\\n"))))})
    commands = (["diff", str(old), str(new), "-f", "markdown"], ["render", str(new)], ["render", str(new), "-f", "html"],
                ["show", str(new)], ["show", str(new), "-f", "yaml"], ["export", str(new), "-f", "csv", "-o", "-"])
    for args in commands:
        result = cli(*args)
        assert result.exit_code in (0, 1), result.output
        assert ("Alt OK" in result.stdout or args[0] == "export") and command_lines(result.stdout) == [], (args, result.stdout)


def test_the_diff_step_stops_workflow_commands_while_it_prints_the_report():
    script = (ROOT / "ci" / "github-diff.sh").read_text(encoding="utf-8")
    stop, resume = script.index('echo "::stop-commands::$token"'), script.index('echo "::$token::"')
    assert stop < script.index('diff --git "$base"') < script.index('cat "$report"') < resume
    assert "/dev/urandom" in script


# --- 3. links out of the plan folder ----------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("HEMMELIG=passord\nandre linje: 1\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["plan.yaml", AREA, "focus-areas/ukjent.yaml", "evaluation.yaml", "status/2022.yaml", "rusplan.yml"])
def test_a_plan_file_linking_out_of_the_folder_is_refused_unread(make_plan, secret, where, monkeypatch):
    folder = make_plan()
    link = folder / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    opened: list[str] = []
    real = planfiles.read_bytes
    monkeypatch.setattr(planfiles, "read_bytes", lambda path: opened.append(os.path.realpath(path)) or real(path))
    for fmt in ("human", "json", "github", "sarif", "gitlab"):
        out = cli("validate", str(folder), "-f", fmt).stdout
        assert "HEMMELIG" not in out and "andre linje" not in out, (fmt, out)
    assert str(secret) not in opened
    assert opened or where == "plan.yaml"  # the plan's own files went through the hook (a refused plan.yaml stops the reading)
    findings = [f for f in validate([folder]).findings if f.file == str(link)]
    if where in ("plan.yaml", AREA, "evaluation.yaml", "status/2022.yaml"):
        assert [(f.code, f.msg.key) for f in findings] == [("RP010", "outside_folder")]


def test_a_folder_of_the_plan_linking_out_is_refused_too(make_plan, tmp_path, secret):
    folder = make_plan()
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (outside / "barn-og-unge.yaml").write_text(MINIMAL_AREA.replace("Barn og unge", "HEMMELIG"), encoding="utf-8")
    shutil.rmtree(folder / "focus-areas")
    (folder / "focus-areas").symlink_to(outside)
    out = cli("validate", str(folder)).stdout
    assert "HEMMELIG" not in out and "RP010" in out


def test_a_plan_folder_linking_out_of_the_path_given_is_refused(tmp_path, secret):
    outside = write_plan(tmp_path / "utenfor", {}, plan_id="hemmelig-2020-2024")
    (outside / "plan.yaml").write_text((outside / "plan.yaml").read_text(encoding="utf-8").replace("Testby", "HEMMELIG"), encoding="utf-8")
    plans = tmp_path / "plans"
    write_plan(plans, {})
    (plans / "hemmelig-2020-2024").symlink_to(outside)
    out = cli("validate", str(plans)).stdout
    assert "HEMMELIG" not in out and "RP010" in out and "utenfor planmappen" in out


def test_links_inside_the_plan_folder_still_work(make_plan):
    folder = make_plan()
    (folder / "kopi.yaml.txt").write_text(MINIMAL_AREA, encoding="utf-8")
    (folder / AREA).unlink()
    (folder / AREA).symlink_to(Path("..") / "kopi.yaml.txt")
    assert validate([folder]).exit_code() == 0


# --- 4. writers ------------------------------------------------------------------------------------------


@pytest.fixture
def plan(make_plan) -> Path:
    return make_plan()


def test_export_never_replaces_a_fifo_or_a_folder(plan, tmp_path):
    fifo = tmp_path / "ut.csv"
    os.mkfifo(fifo)
    result = cli("export", str(plan), "-f", "csv", "-o", str(fifo))
    assert result.exit_code == 2 and "ikke en vanlig fil" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    (tmp_path / "mappe.csv").mkdir()
    result = cli("export", str(plan), "-f", "csv", "-o", str(tmp_path / "mappe.csv"))
    assert result.exit_code == 2 and "er en mappe" in result.stderr
    assert leftovers(tmp_path) == []


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp") or p.name.startswith(".rusplan-"))


def test_planted_links_for_the_next_temporary_names_write_nothing(plan, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("uendret\n", encoding="utf-8")
    for pid in range(os.getpid(), os.getpid() + 64):
        (tmp_path / f".ut.csv.{pid}.tmp").symlink_to(victim)
    assert cli("export", str(plan), "-f", "csv", "-o", str(tmp_path / "ut.csv")).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "uendret\n"
    assert (tmp_path / "ut.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_link_as_target_is_written_through_only_with_force_and_said(plan, tmp_path):
    real = tmp_path / "ekte.md"
    real.write_text("gammel\n", encoding="utf-8")
    link = tmp_path / "lenke.md"
    link.symlink_to(real)
    result = cli("render", str(plan), "-o", str(link))
    assert result.exit_code == 2 and "symbolsk lenke" in result.stderr and real.read_text(encoding="utf-8") == "gammel\n"
    result = cli("render", str(plan), "-o", str(link), "--force")
    assert result.exit_code == 0 and f"skrev filen den peker til, «{real}»" in result.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# ")
    assert cli("export", str(plan), "-f", "csv", "-o", str(link)).exit_code == 2 and link.is_symlink()


def test_render_force_never_replaces_a_device_or_a_fifo(plan, tmp_path):
    fifo = tmp_path / "ut.md"
    os.mkfifo(fifo)
    assert cli("render", str(plan), "-o", str(fifo), "--force").exit_code == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(atomic.Refused, match="ikke en vanlig fil"):
        atomic.target_for(Path(os.devnull), overwrite=True, follow_links=True)  # checked, never written


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_an_error_half_way_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, failing):
    target = tmp_path / "plan.schema.json"
    target.write_text("gammel\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(OSError):
        atomic.write_file(target, "ny\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "gammel\n" and leftovers(tmp_path) == []


def test_schema_on_a_full_disk_keeps_the_old_schema_files(tmp_path, monkeypatch):
    assert cli("schema", "-o", str(tmp_path)).exit_code == 0
    first = tmp_path / "plan.schema.json"
    first.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    result = cli("schema", "-o", str(tmp_path))
    assert result.exit_code == 2 and first.read_text(encoding="utf-8") == "{}\n" and leftovers(tmp_path) == []


def test_every_writer_goes_through_the_one_atomic_writer():
    """No module but atomic.py opens a file for writing or renames one into place."""
    writes = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*[\"'][wax]b?[\"']|O_CREAT|os\.replace\(|os\.rename\(|NamedTemporaryFile|mkstemp|truncate\(")
    offenders = [p.name for p in (ROOT / "src" / "rusplan").rglob("*.py") if p.name != "atomic.py" and writes.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# --- 5. templates from a pull request ------------------------------------------------------------------


def test_a_user_template_cannot_run_python(plan, tmp_path):
    marker = tmp_path / "kjort"
    templates = tmp_path / "maler"
    templates.mkdir()
    (templates / "plan.md.j2").write_text(f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n", encoding="utf-8")
    result = cli("render", str(plan), "--templates", str(templates))
    assert result.exit_code == 2 and "prøver noe en mal ikke får gjøre" in result.stderr
    assert not marker.exists()


def test_a_user_template_still_formats_the_context(plan, tmp_path):
    templates = tmp_path / "maler"
    templates.mkdir()
    (templates / "plan.md.j2").write_text("# {{ plan.title }} ({{ focus_areas | length }})\n", encoding="utf-8")
    result = cli("render", str(plan), "--templates", str(templates))
    assert result.exit_code == 0 and result.stdout == "# Ruspolitisk handlingsplan 2020–2024 (1)\n"


def test_a_template_linking_out_of_its_folder_is_refused(plan, tmp_path, secret):
    templates = tmp_path / "maler"
    templates.mkdir()
    (templates / "plan.md.j2").symlink_to(secret)
    result = cli("render", str(plan), "--templates", str(templates))
    assert result.exit_code == 2 and "HEMMELIG" not in result.stdout + result.stderr and "utenfor malmappen" in result.stderr


def test_templates_doc_says_what_a_template_can_and_cannot_do():
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert "## What a template can and cannot do" in text and "sandbox" in text


# --- 6. terminal escapes reach the terminal -----------------------------------------------------------------

ESCAPES = "\\e]52;c;aGVp\\a \\e]8;;http://x\\a lenke \\e[2J \\e]0;tittel\\a \\x9b31m \\u202e"


@pytest.fixture
def tty(monkeypatch):
    """Standard output of the test runner counts as a terminal (rusplan asks in one place)."""
    monkeypatch.setattr(safetext, "is_terminal", lambda stream: True)


def escaping_plan(make_plan) -> Path:
    return make_plan({AREA: area_with(title=f'"Tittel {ESCAPES}"', description=f'"Beskrivelse {ESCAPES}"')})


@pytest.mark.parametrize("args", [["render"], ["render", "-f", "html"], ["show"], ["show", "-f", "yaml"], ["export", "-f", "csv", "-o", "-"]])
def test_documents_on_a_terminal_are_terminal_safe(make_plan, tty, args):
    folder = escaping_plan(make_plan)
    result = cli(*args[:1], str(folder), *args[1:])
    assert result.exit_code == 0, result.output
    assert raw_controls(result.stdout) == [] and "Tittel" in result.stdout


def _read_terminal(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # Linux says EIO once the other side is closed and everything is read
        return b""


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs a POSIX system")
def test_a_real_terminal_gets_the_document_made_visible(make_plan):
    """The same as above on a pseudo-terminal, without the test's stand-in for `is_terminal`."""
    import pty

    folder = escaping_plan(make_plan)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rusplan", "render", str(folder)],
        stdout=follower, stderr=subprocess.DEVNULL, env={**os.environ, **ENV},
    )
    os.close(follower)  # read while it writes: a full terminal buffer would otherwise stop it
    chunks = []
    try:
        while chunk := _read_terminal(leader):
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert process.wait(timeout=120) == 0
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Tittel" in shown and raw_controls(shown) == []


def test_documents_to_a_pipe_are_the_document_bytes(make_plan):
    result = cli("render", str(escaping_plan(make_plan)))
    assert "\x1b]52;c;aGVp\x07" in result.stdout  # a pipe or a file gets the document as it is


def test_revisions_and_paths_echoed_on_stderr_are_terminal_safe(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["diff", "\x1b]52;c;aGVp\x07:plans", "plans"], ["diff", "x\n::error::falsk", "y"], ["validate", "\x1b[2J\n0 feil"], ["render", "\x1b]0;t\x07"]):
        result = cli(*args)
        assert result.exit_code == 2
        assert raw_controls(result.stdout + result.stderr) == [] and command_lines(result.stdout + result.stderr) == [], args


def test_visible_is_the_one_rule():
    assert safetext.visible("a\x1b[2Jb\nc\u202ed\udcff") == "a\\x1b[2Jb\\nc\\u202ed\\xff"
    assert safetext.visible("  ::error::x") == "  \\::error::x" and safetext.visible("a ##[error] ##vso[x]") == "a ##\\[error] ##vso\\[x]"
    assert safetext.visible("a\nb", lines=True) == "a\nb" and safetext.visible("a\n::b", lines=True) == "a\n\\::b"
    assert json.loads(safetext.json_text({"k": "\x9b ##[x] \u2028 \udcff"})) == {"k": "\x9b ##[x] \u2028 \\xff"}


# --- 7. merge keys --------------------------------------------------------------------------------------------


def test_a_merge_override_is_valid_yaml_and_accepted(make_plan):
    area = MINIMAL_AREA.replace(
        "      - id: t2\n        number: 2\n        title: Etablere en funksjon som skolelos ved alle ungdomsskoler\n",
        "      - &base\n        id: t2\n        number: 2\n        title: Etablere en funksjon som skolelos ved alle ungdomsskoler\n"
        "        responsible: [Skole]\n      - <<: *base\n        id: t3\n        number: 3\n",
    ).replace("        responsible: [Skole, barnehage]\n        deadline: I planperioden\n", "")
    folder = make_plan({AREA: area})
    result = validate([folder])
    assert result.exit_code() == 0, [(f.code, f.line, f.message()) for f in result.findings]
    measures = [m.id for _, _, m in result.plans["testby-2020-2024"].plan.measures()]
    assert measures == ["t1", "t2", "t3"]


def test_merge_rules_follow_yaml(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n", encoding="utf-8")
    assert load_document(path).data["c"] == {"x": 3, "y": 1, "z": 2}
    path.write_text("a: &a {x: 1}\nc:\n  x: 2\n  x: 3\n  <<: *a\n", encoding="utf-8")
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    assert (caught.value.code, caught.value.line) == ("RP002", 4)
    path.write_text("c:\n  <<: 5\n", encoding="utf-8")
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    assert caught.value.code == "RP001" and caught.value.params["problem"].key == "yaml.merge"


def test_nested_merges_are_counted_before_they_grow(tmp_path, monkeypatch):
    """737 bytes of nested merges took 2.6 GB in PyYAML's flatten_mapping; here every merged value counts against MAX_NODES."""
    lines = ["a0: &a0 {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8}"]
    lines += [f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 8)}], z{i}: 1}}" for i in range(1, 12)]
    path = tmp_path / "x.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built: list[int] = []
    real = load._Builder.build
    monkeypatch.setattr(load._Builder, "build", lambda self, *a, **k: built.append(1) or real(self, *a, **k))
    with pytest.raises(LoadProblem) as caught:
        load_document(path)
    assert caught.value.code == "RP006" and len(built) <= MAX_NODES + 1


# --- 8. quadratic diff ---------------------------------------------------------------------------------------


def counted_matcher(monkeypatch) -> list[tuple[int, int]]:
    sizes: list[tuple[int, int]] = []
    real = difflib.SequenceMatcher

    def matcher(isjunk, a, b, autojunk=True):
        sizes.append((len(a), len(b)))
        return real(isjunk, a, b, autojunk=autojunk)

    monkeypatch.setattr(diff, "SequenceMatcher", matcher)
    return sizes


@settings(deadline=None, derandomize=True, database=None, max_examples=40)
@given(
    st.lists(st.sampled_from(["ord", "og", "til", "\n\n", "tiltak", "x"]), min_size=0, max_size=4_000),
    st.lists(st.sampled_from(["ord", "og", "til", "\n\n", "tiltak", "y"]), min_size=0, max_size=4_000),
)
def test_word_diff_gives_difflib_only_small_stretches_and_linear_work(old, new):
    sizes: list[tuple[int, int]] = []
    real = difflib.SequenceMatcher

    def matcher(isjunk, a, b, autojunk=True):
        sizes.append((len(a), len(b)))
        return real(isjunk, a, b, autojunk=autojunk)

    diff.SequenceMatcher = matcher
    try:
        words = diff.word_diff(" ".join(old), " ".join(new))
    finally:
        diff.SequenceMatcher = real
    assert all(a * b <= diff.EXACT_CELLS for a, b in sizes if a and b)
    assert sum(a + b for a, b in sizes) <= len(old) + len(new) + 2
    assert worddiff.tokens(" ".join(w.text for w in words if w.op != "insert")) == worddiff.tokens(" ".join(old))
    assert worddiff.tokens(" ".join(w.text for w in words if w.op != "delete")) == worddiff.tokens(" ".join(new))


def test_a_small_edit_is_still_shown_word_by_word():
    old = "Kommunen skal utarbeide en felles prosedyre for melding til barnevernet. " * 40
    new = old.replace("felles prosedyre", "felles skriftlig prosedyre", 1)
    words = diff.word_diff(old, new)
    assert [w.op for w in words] == ["equal", "insert", "equal"] and words[1].text == "skriftlig"


def renamed(tmp_path: Path, count: int) -> tuple[Path, Path]:
    def area(prefix: str) -> str:
        measures = "".join(f"      - id: {prefix}{i}\n        title: Tiltak nummer {i}\n" for i in range(count))
        return f"id: barn-og-unge\ntitle: Barn og unge\ngoals:\n  - id: m1\n    title: Mål\n    measures:\n{measures}"

    return write_plan(tmp_path / "gammel", {AREA: area("a")}), write_plan(tmp_path / "ny", {AREA: area("b")})


def test_matching_renamed_measures_is_indexed_not_searched(tmp_path, monkeypatch):
    old, new = renamed(tmp_path, 2_000)
    calls: list[int] = []
    real = diffwalk.norm_title
    monkeypatch.setattr(diffwalk, "norm_title", lambda text: calls.append(1) or real(text))
    result = cli("diff", str(old), str(new), "-f", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["plans"][0]["changes"]
    assert sum(1 for c in changes if c["similar_to"]) == 2_000
    assert len(calls) <= 2 * 2_000 + 10


# --- 9. names and characters that broke outputs ---------------------------------------------------------------


@pytest.fixture
def odd_name(make_plan) -> Path:
    """A plan with an unlisted focus-area file whose name is not UTF-8 and holds a line break."""
    folder = make_plan()
    name = os.fsencode(folder / "focus-areas") + b"/x\xff\n0 feil.yaml"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, MINIMAL_AREA.encode())
    os.close(fd)
    return folder


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [t for v in data.values() for t in strings_in(v)]
    if isinstance(data, list):
        return [t for v in data for t in strings_in(v)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("fmt", ["human", "json", "github", "sarif", "gitlab"])
def test_a_file_name_that_is_not_utf8_and_holds_a_line_break_breaks_no_format(odd_name, fmt):
    result = subprocess.run(
        [sys.executable, "-m", "rusplan", "validate", str(odd_name), "-f", fmt], capture_output=True, env={**os.environ, **ENV, "PYTHONIOENCODING": "utf-8"}
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")  # valid UTF-8
    assert "intern feil" not in result.stderr.decode("utf-8")
    shown = "\n".join(strings_in(json.loads(text))) if fmt in ("json", "sarif", "gitlab") else text
    assert "x\\xff\\n0 feil" in shown and not any(line.startswith("0 feil") for line in text.splitlines())
    if fmt == "sarif":
        assert "x%FF%0A0%20feil.yaml" in text


def test_a_non_character_in_plan_text_gives_a_well_formed_workbook(make_plan, tmp_path):
    folder = make_plan({AREA: area_with(title='"Tittel \\uFFFE og \\x1b[2J"')})
    assert cli("export", str(folder), "-o", str(tmp_path / "x.xlsx")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        for name in book.namelist():
            if name.endswith(".xml"):
                minidom.parseString(book.read(name))  # well-formed XML, or this raises
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").active["D2"].value == "Tittel \\ufffe og \\x1b[2J"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_tree_with_a_file_and_a_folder_of_the_same_name_is_a_message(make_plan, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": str(tmp_path)}

    def git(*args: str, data: bytes | None = None) -> str:
        command = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args]
        return subprocess.run(command, cwd=repo, env=env, input=data, check=True, capture_output=True).stdout.decode().strip()

    git("init", "-q")
    blob = git("hash-object", "-w", "--stdin", data=MINIMAL_AREA.encode())
    plan_blob = git("hash-object", "-w", "--stdin", data=(make_plan() / "plan.yaml").read_bytes())
    inner = git("mktree", data=f"100644 blob {blob}\ty.yaml\n".encode())
    areas = git("mktree", "--missing", data=f"100644 blob {blob}\tbarn-og-unge.yaml\n040000 tree {inner}\tbarn-og-unge.yaml\n".encode())
    plan_tree = git("mktree", data=f"100644 blob {plan_blob}\tplan.yaml\n040000 tree {areas}\tfocus-areas\n".encode())
    top = git("mktree", data=f"040000 tree {plan_tree}\ttestby-2020-2024\n".encode())
    commit = git("commit-tree", top, "-m", "laget", data=b"")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli("diff", f"{commit}:testby-2020-2024", f"{commit}:testby-2020-2024")
    assert result.exit_code == 2 and "kolliderer" in result.stderr and "intern feil" not in result.output


def test_a_template_that_is_not_utf8_is_a_message(plan, tmp_path):
    templates = tmp_path / "maler"
    templates.mkdir()
    (templates / "plan.md.j2").write_bytes(b"# tittel\n\xe6rlig\n")
    result = cli("render", str(plan), "--templates", str(templates))
    assert result.exit_code == 2 and result.stderr == "rusplan render: En mal er ikke lagret som UTF-8 (byte 0xE6 på linje 2). Lagre den på nytt som UTF-8.\n"


def test_init_refuses_a_schema_folder_that_would_write_keys(tmp_path):
    target = tmp_path / "molde-2028-2032"
    result = cli("init", str(target), "--schemas", "../s\nid: x", "--no-interactive")
    assert result.exit_code == 2 and "linjeskift" in result.stderr and not target.exists()


# --- 10. remote content in Markdown -----------------------------------------------------------------------------


def test_images_in_plan_markdown_are_dropped_in_markdown_as_in_html(make_plan):
    from markdown_it import MarkdownIt

    folder = make_plan({AREA: area_with(description='"Se ![sporing](https://evil.example/t.png) og ![ref][r], \\\\![ikke bilde](x).\\n\\n[r]: https://evil.example/r.png"')})
    md = cli("render", str(folder)).stdout
    tokens = [t for block in MarkdownIt("commonmark").parse(md) for t in (block.children or [])]
    assert not [t for t in tokens if t.type == "image"] and "sporing" in md
    html = cli("render", str(folder), "-f", "html").stdout
    assert "<img" not in html and "sporing" in html


# --- 11. formula prefixes -----------------------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1;1)", " =1+1", "- 1+1", "-\t1+1", "\n=1+1", "\u00a0=1+1", "＝1+1", "|cmd", "\t=1+1", "＋1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_could_be_a_formula_gets_an_apostrophe(text):
    assert export.csv_cell(text).startswith("'")


@pytest.mark.parametrize("text", ["-5", "-1 000,50", "Skole", "5-3", "Innenfor ramme"])
def test_numbers_and_text_stay_as_they_are(text):
    assert export.csv_cell(text) == text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_evaluates_no_cell_of_an_export(make_plan, tmp_path):
    items = ", ".join(json.dumps(t) for t in FORMULAS)
    folder = make_plan({AREA: area_with(responsible=f"[{items}]", title=json.dumps(FORMULAS[0]))})
    out = tmp_path / "ut.csv"
    assert cli("export", str(folder), "-f", "csv", "-o", str(out)).exit_code == 0
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--infilter=CSV:59,34,76,1",
         "--convert-to", "xlsx", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=300,
    )
    sheet = openpyxl.load_workbook(tmp_path / "ut.xlsx").active
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []


# --- done when: the fuzz test, bounded ----------------------------------------------------------------------------

# Worst cases for each text field's patterns: what made the amount pattern backtrack, the
# budget and date patterns, Markdown escapes, word diff repetitions, and what drives a terminal.
PIECES = st.sampled_from(
    ["1 ", "1", " ", ".", "kr", "kr.", " kr", "nok", ",-", "infor ", "innenfor", "eksisterende ", "ramme", "12.12.2024", "2024", "årlig",
     "&#", "&a", ";", "\\", "![", "](", "[", "`", "*", "_", "<", "\n", "\n\n", "\t", "ord ", "::", "##[", "\x1b]52;c;", "\x07", "\x9b",
     "\u202e", "\u2028", "\r", "=", "- ", "|", "\ufffe", "æøå"]
)


@settings(deadline=None, derandomize=True, database=None, max_examples=30)
@given(
    field=st.sampled_from(["title", "description", "cost", "deadline", "responsible"]),
    pieces=st.lists(PIECES, min_size=1, max_size=40),
    repeat=st.integers(min_value=1, max_value=400),
)
def test_every_command_on_generated_worst_cases(tmp_path_factory, field, pieces, repeat):
    """Every command answers generated worst cases up to a field's limit; nothing from the plan drives a terminal.

    The time of each step is bounded by construction: a field is at most its limit long (longer
    texts are a finding and go no further), the amount is read by a linear scan, the word diff gives
    difflib only stretches of at most EXACT_CELLS, and the counts below check those two bounds.
    """
    limit = MAX_PROSE if field == "description" else MAX_LINE
    text = ("".join(pieces) * repeat)[: limit + 10]
    value = json.dumps([text]) if field == "responsible" else json.dumps(text)
    root = tmp_path_factory.mktemp("fuzz")
    old = write_plan(root / "gammel", {})
    new = write_plan(root / "ny", {AREA: area_with(**{field: value})})
    amounts: list[int] = []
    cells: list[int] = []
    real_amount, real_matcher = values.amount_nok, difflib.SequenceMatcher
    values.amount_nok = lambda t: amounts.append(len(t)) or real_amount(t)
    diff.SequenceMatcher = lambda j, a, b, autojunk=True: cells.append(len(a) * len(b)) or real_matcher(j, a, b, autojunk=autojunk)
    real_is_terminal = safetext.is_terminal
    safetext.is_terminal = lambda stream: True
    try:
        outputs = []
        for args in (
            ["validate", str(new)], ["validate", str(new), "-f", "github"], ["validate", str(new), "-f", "sarif"],
            ["show", str(new)], ["diff", str(old), str(new)], ["diff", str(old), str(new), "-f", "markdown"],
            ["render", str(new)], ["render", str(new), "-f", "html"], ["export", str(new), "-f", "csv", "-o", "-"],
        ):
            result = runner.invoke(app, args, env=ENV)
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert result.exit_code in (0, 1, 2), (args, result.output)
            outputs.append((args, result.stdout + result.stderr))
    finally:
        values.amount_nok, diff.SequenceMatcher, safetext.is_terminal = real_amount, real_matcher, real_is_terminal
    for args, output in outputs:
        ours = re.compile(r"::(error|warning|notice) file=") if "github" in args else None
        assert raw_controls(re.sub(r"\x1b\[[\d;]*m", "", output)) == [], (args, output[:300])  # but rich's own colours
        assert [line for line in command_lines(output) if not (ours and ours.match(line))] == [], (args, output[:300])
    assert all(n <= MAX_LINE for n in amounts)
    assert all(n <= diff.EXACT_CELLS for n in cells)


def test_security_doc_and_resource_table_exist():
    security = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for heading in ("## Time and memory", "## What is read", "## What is written", "## Templates", "## CI logs and terminals", "## Reporting a problem"):
        assert heading in security
    assert "## Resources at the limits" in (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")



def test_a_roll_forward_whose_draft_would_be_over_the_size_limit_writes_nothing_and_says_why(make_plan, monkeypatch):
    folder = make_plan()
    monkeypatch.setattr(planfiles, "MAX_BYTES", max(p.stat().st_size for p in folder.rglob("*.yaml")) + 20)
    result = cli("roll-forward", str(folder), "--to", "2024-2028")
    assert result.exit_code == 2 and "over grensen" in result.stderr and "feil i rusplan" not in result.stderr
    assert not (folder.parent / "testby-2024-2028").exists()


def test_a_roll_forward_whose_draft_would_have_too_many_values_says_why(make_plan, monkeypatch):
    folder = make_plan()
    monkeypatch.setattr(load, "MAX_NODES", 50)  # the old plan's files fit; the draft's added keys do not
    result = cli("roll-forward", str(folder), "--to", "2024-2028")
    assert result.exit_code == 2 and "RP006" in result.stderr and "går over grensene" in result.stderr
    assert not (folder.parent / "testby-2024-2028").exists()


def test_a_status_form_counts_its_rows_instead_of_asking_openpyxl_per_row(make_plan, monkeypatch, tmp_path):
    """openpyxl's max_row scans every cell: asked once per row it made `status form` quadratic (15 000 measures: 65 s)."""
    from openpyxl.worksheet.worksheet import Worksheet

    asked: list[int] = []
    real = Worksheet.max_row
    monkeypatch.setattr(Worksheet, "max_row", property(lambda self: asked.append(1) or real.fget(self)))
    measures = "".join(f"      - id: x{i}\n        title: Tiltak {i}\n" for i in range(30))
    folder = make_plan({AREA: MINIMAL_AREA.replace("    measures:\n", "    measures:\n" + measures, 1)})
    assert cli("status", "form", str(folder), "--year", "2022", "-o", str(tmp_path / "skjema.xlsx")).exit_code == 0
    assert len(asked) <= 3  # not one per row

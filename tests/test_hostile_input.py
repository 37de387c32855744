"""Whatever a user or a pull request feeds rusplan, it answers with findings: never a crash, a hang or a lost file.

Three kinds of test:
- property-based (hypothesis): random YAML documents, random bytes and mutations of the bundled
  plans, through the loader and `rusplan validate` in every format;
- resource limits: each hostile file is refused within 2 s in a child process whose address space
  is capped, so a hang or an unbounded allocation fails the test instead of the machine;
- output safety: plan text and file names never drive the terminal.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from conftest import MINIMAL_AREA, PLANS, write_plan
from rusplan import load, reporters
from rusplan.cli import app
from rusplan.load import LoadProblem, load_document
from rusplan.validate import validate

runner = CliRunner()
FORMATS = ("human", "json", "github")
AREA_FILE = "focus-areas/barn-og-unge.yaml"
HYPOTHESIS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150)

# --- helpers ----------------------------------------------------------------------------


def source_lines(file: str) -> list[str] | None:
    """The lines of `file` split as YAML splits them, or None when it is not a regular file."""
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return None
        text = Path(file).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return None
    return re.split("\r\n|[\n\r\x85\u2028\u2029]", text)


def assert_positions_inside(findings: list[dict]) -> None:
    """Every finding points into its file: a line that exists (or the one after the last), a column from 1 to one past its end."""
    for finding in findings:
        lines = source_lines(finding["file"]) or [""]
        assert 1 <= finding["line"] <= len(lines) + 1, (finding, len(lines))
        width = len(lines[finding["line"] - 1]) if finding["line"] <= len(lines) else 0
        assert 1 <= finding["column"] <= width + 1, (finding, width)


def validate_cli(*args: str) -> tuple[int, str]:
    """`rusplan validate ARGS` in-process; an uncaught exception fails the test with its traceback."""
    result = runner.invoke(app, ["validate", *args], env={"GITHUB_ACTIONS": "", "RUSPLAN_LANG": ""})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, result.output


def check_every_format(folder: Path) -> None:
    """Validate `folder` once and render it in all three formats: exit code, positions inside the files, no raw control characters."""
    result = validate([folder])
    assert result.exit_code() in (0, 1, 2) and result.exit_code(strict=True) in (0, 1, 2)
    assert_positions_inside(json.loads(reporters.to_json(result.findings, "nb")))
    human = io.StringIO()
    reporters.print_human(result.findings, len(result.plans), "nb", Console(file=human, width=120, highlight=False))
    for output in (human.getvalue(), reporters.to_github(result.findings, "en")):
        assert raw_controls(output) == [], repr(output)


def raw_controls(output: str) -> list[str]:
    """Characters that would drive a terminal: C0 controls but newline and tab, DEL and C1 controls."""
    return [ch for ch in output if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F]


# --- property-based: the loader ---------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(max_size=40),
    st.sampled_from(["t1", "bu-m1", "barn-og-unge", "2022", "Innenfor ramme", "I planperioden", "Årlig", "kr 250 000",
                     "off", "adopted", "done", "testby-2016-2020/t1", "08:00", "Skole", "1.1", "~", "*", "&a", "!!binary"]),
)
KEYS = st.one_of(
    st.sampled_from(["id", "number", "title", "goals", "measures", "responsible", "cost", "deadline", "carried_from",
                     "focus_areas", "period", "start", "end", "state", "municipalities", "name", "year", "measure",
                     "status", "indicators", "values", "rules", "predecessor", "items", "outcome", "plan", "sub_points",
                     "RP302", "<<", "serving_hours", "from", "to"]),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=3000),
)
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(KEYS, inner, max_size=6)), max_leaves=40)


def dump(data, flow: bool, unicode: bool) -> str:
    return yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)


def load_or_problem(path: Path) -> None:
    """The loader's whole contract: data, or a LoadProblem with a position inside the file."""
    try:
        load_document(path)
    except LoadProblem as problem:
        assert_positions_inside([{"file": str(path), "line": problem.line, "column": problem.column}])


@HYPOTHESIS
@given(data=DOCUMENTS, flow=st.booleans(), unicode=st.booleans())
def test_loader_reads_any_yaml_document_or_says_where_it_fails(data, flow, unicode):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_text(dump(data, flow, unicode), encoding="utf-8")
        load_or_problem(path)


@settings(deadline=None, max_examples=300)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=200).map(lambda t: t.encode("utf-8"))),
       bom=st.booleans(), crlf=st.booleans())
def test_loader_survives_random_bytes(raw, bom, crlf):
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
        load_or_problem(path)


# --- property-based: validate on random and mutated plans -----------------------------

TARGETS = ["plan.yaml", AREA_FILE, "status/2022.yaml", "evaluation.yaml", "indicators.yaml", "alcohol.yaml"]


@HYPOTHESIS
@given(data=DOCUMENTS, target=st.sampled_from(TARGETS), flow=st.booleans())
def test_validate_answers_any_document_in_any_file_of_a_plan(data, target, flow):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_plan(Path(tmp), {target: dump(data, flow, True)})
        check_every_format(folder)


def _plan_files() -> list[Path]:
    return sorted(p for p in PLANS.glob("*/**/*.yaml"))


INSERTS = st.sampled_from(["\n", ": ", "- ", "  ", "\t", "#", "&a ", "*a", "!!str ", "<<: *a\n", '"', "'", "|\n", ">-\n", "[",
                           "]", "{", "}", ",", "? ", "---\n", "...\n", "%YAML 1.1\n", "\x1b[2J", "\x00", "\ufeff", "\u2028",
                           "\r", "æøå", "id: x\n", "- id: t1\n", "99999999999999999999", "2021-02-30", "null"])


@st.composite
def mutations(draw):
    """A bundled plan file with a few random edits: inserted YAML punctuation, deleted, duplicated or swapped lines."""
    path = draw(st.sampled_from(_plan_files()))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent", "cut"]))
        if op == "insert":
            at = draw(st.integers(min_value=0, max_value=len(lines[i])))
            lines[i] = lines[i][:at] + draw(INSERTS) + lines[i][at:]
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(min_value=0, max_value=3)) + lines[i].lstrip(" ")
        elif op == "cut":
            lines = lines[: i + 1]
    return path, "\n".join(lines)


@HYPOTHESIS
@given(mutated=mutations())
def test_validate_answers_mutations_of_the_bundled_plans(mutated):
    path, text = mutated
    plan_dir = path.relative_to(PLANS).parts[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / plan_dir
        shutil.copytree(PLANS / plan_dir, folder)
        (folder / path.relative_to(PLANS / plan_dir)).write_text(text, encoding="utf-8")
        check_every_format(folder)


@settings(deadline=None, max_examples=100)
@given(raw=st.binary(max_size=200), target=st.sampled_from(TARGETS))
def test_validate_answers_random_bytes_in_any_file(raw, target):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_plan(Path(tmp), {})
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        (folder / target).write_bytes(raw)
        check_every_format(folder)


@pytest.mark.parametrize("number", ['"²"', '"1.²"', '"١٢"', '"１２"'])
def test_digits_int_cannot_read_are_refused_not_a_crash(make_plan, number):
    """"²".isdigit() is true but int("²") fails: a measure number or key like that once crashed validate.

    A display number is ASCII digits, dots and a letter, so these are refused with a finding.
    """
    folder = make_plan({AREA_FILE: MINIMAL_AREA.replace("number: 2", f"number: {number}") + "¹: fotnote\n"})
    check_every_format(folder)
    assert [f.code for f in validate([folder]).findings] == ["RP103", "RP101"]


# --- resource limits: each refused within 2 s, in bounded memory ------------------------

HANG_GUARD = 10  # seconds: a hang guard on a loaded 2-core machine, not a benchmark (bench/ measures time)
MEMORY_LIMIT = 256 * 1024 * 1024  # address space of the child: rusplan itself needs about 50 MB
BOUNDED = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from rusplan.cli import app
app(sys.argv[2:], prog_name="rusplan")
"""


def run_bounded(folder: Path, fmt: str = "human") -> tuple[int, str]:
    """`rusplan validate FOLDER` in a child process with capped memory; the timeout is a hang guard, not a benchmark."""
    env = {**os.environ, "GITHUB_ACTIONS": "", "RUSPLAN_LANG": "", "COLUMNS": "200"}
    args = [sys.executable, "-c", BOUNDED, str(MEMORY_LIMIT), "validate", str(folder), "-f", fmt]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=HANG_GUARD, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"rusplan validate {folder} did not answer within {HANG_GUARD} s")
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2), (done.returncode, done.stderr[-2000:])
    return done.returncode, done.stdout


def parse_human(output: str) -> list[dict]:
    """The findings of the human format: a file name, then `  line:column  severity CODE  message` lines."""
    findings, file = [], None
    for text in output.splitlines():
        finding = re.match(r"  (\d+):(\d+)  \S+ (RP\d+)  ", text)
        if finding:
            findings.append({"file": file, "line": int(finding[1]), "column": int(finding[2]), "code": finding[3]})
        elif text and not text.startswith(" ") and "kontrollert:" not in text:
            file = text
    return findings


def refused(folder: Path, file: str) -> list[tuple[str, int, int]]:
    """The findings for `file`, as (code, line, column), from the human format run within limits."""
    code, output = run_bounded(folder, "human")
    assert code == 1, output
    findings = parse_human(output)
    assert_positions_inside(findings)
    return [(f["code"], f["line"], f["column"]) for f in findings if f["file"] == str(folder / file)]


def alias_bomb(levels: int = 12) -> str:
    lines = ["vision:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


PLAN_HEAD = textwrap.dedent(
    """\
    id: testby-2020-2024
    title: Ruspolitisk handlingsplan 2020–2024
    municipalities:
      - name: Testby
    period: {start: 2020, end: 2024}
    state: adopted
    focus_areas: [barn-og-unge]
    """
)


HOSTILE_STRUCTURES = {
    "alias-bomb": (alias_bomb(), "RP006"),  # 10^12 values once expanded
    "10k-levels-flow": ("vision: " + "[" * 10_000 + "]" * 10_000 + "\n", "RP007"),
    "10k-levels-block": ("vision:\n  " + "- " * 10_000 + "x\n", "RP007"),
    "100k-levels-block-two-spaces": ("vision:\n  " + "-  " * 100_000 + "x\n", "RP007"),
    "100k-levels-block-tabs": ("vision:\n  " + "-\t" * 100_000 + "x\n", "RP001"),  # libyaml: a tab is no separator here
    "100k-levels-flow-mappings": ("vision: " + "{a: " * 100_000 + "}" * 100_000 + "\n", "RP007"),
    "1m-item-block-list": ("vision:\n" + "- 1\n" * 1_000_000, "RP006"),  # 4 MB: under MAX_BYTES, over MAX_NODES
    "2.5m-item-flow-list": ("vision: [" + "1," * 2_500_000 + "1]\n", "RP006"),
}


@pytest.mark.parametrize("case", HOSTILE_STRUCTURES)
def test_hostile_structure_is_refused_quickly_in_bounded_memory(tmp_path, case):
    body, code = HOSTILE_STRUCTURES[case]
    folder = write_plan(tmp_path, {"plan.yaml": PLAN_HEAD + body})
    assert [c for c, _, _ in refused(folder, "plan.yaml")] == [code], case


def test_a_50_mb_file_is_refused_without_being_read(tmp_path):
    folder = write_plan(tmp_path, {})
    block = ("  " + "Tiltaket videreføres i ny planperiode. " * 2 + "\n").encode("utf-8") * 10_000
    with (folder / AREA_FILE).open("ab") as out:
        out.write(b"description: |\n")
        while out.tell() < 50 * 1024 * 1024:
            out.write(block)
    assert refused(folder, AREA_FILE) == [("RP009", 1, 1)]


def test_symlink_loops_in_plans_are_reported_not_followed_forever(tmp_path):
    plans = tmp_path / "plans"
    plan = plans / "averoy-2021-2024"
    shutil.copytree(PLANS / plan.name, plan)
    os.symlink(plans, plans / "loop")  # a folder linked to its parent
    os.symlink("b", plans / "a")  # a -> b -> a
    os.symlink("a", plans / "b")
    (plan / "focus-areas" / "kommunale-mal.yaml").unlink()
    os.symlink("kommunale-mal.yaml", plan / "focus-areas" / "kommunale-mal.yaml")  # a listed file linked to itself
    os.symlink(plan / "focus-areas", plan / "focus-areas" / "sub.yaml")  # a folder inside itself, named like a file

    code, output = run_bounded(plans, "human")
    findings = {(Path(f["file"]).name, f["code"], f["line"], f["column"]) for f in parse_human(output)}
    assert code == 1
    assert findings == {("kommunale-mal.yaml", "RP010", 1, 1), ("sub.yaml", "RP212", 1, 1)}
    assert "en symbolsk lenke peker i ring" in output
    for fmt in ("sarif", "gitlab"):  # they resolve paths, which raises on a loop
        assert validate_cli(str(plans.resolve()), "-f", fmt)[0] == 1
    assert validate_cli(str(plans / "loop" / "loop" / "loop"), "-f", "json")[0] == 1
    assert validate_cli(str(plans / "a"), "-f", "json")[0] == 2


def test_a_fifo_where_a_file_should_be_is_reported_not_waited_for(tmp_path):
    """Tests run as root here, so chmod 000 does not stop reading; a FIFO stands in for a file that cannot be read."""
    folder = write_plan(tmp_path, {})
    (folder / AREA_FILE).unlink()
    os.mkfifo(folder / AREA_FILE)
    [(code, line, column)] = refused(folder, AREA_FILE)
    assert (code, line, column) == ("RP010", 1, 1)


def test_a_device_where_a_file_should_be_is_reported_not_read_forever(tmp_path):
    folder = write_plan(tmp_path, {})
    (folder / "status").mkdir()
    os.symlink("/dev/zero", folder / "status" / "2022.yaml")
    assert refused(folder, "status/2022.yaml") == [("RP010", 1, 1)]


def test_a_directory_where_a_file_should_be_is_reported(tmp_path):
    folder = write_plan(tmp_path, {})
    (folder / AREA_FILE).unlink()
    (folder / AREA_FILE).mkdir()
    [(code, _, _)] = refused(folder, AREA_FILE)
    assert code == "RP010"


def test_a_directory_named_plan_yaml_is_not_a_plan(tmp_path):
    folder = write_plan(tmp_path, {})
    (folder / "plan.yaml").unlink()
    (folder / "plan.yaml").mkdir()
    code, output = run_bounded(folder, "human")
    assert code == 2
    assert "ikke en planmappe" in output


def test_a_file_that_may_not_be_read_says_so(make_plan, monkeypatch):
    """Root may read anything, so the refusal of the operating system is simulated."""
    folder = make_plan()
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("barn-og-unge.yaml"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(LoadProblem) as problem:
        load.read_text(folder / AREA_FILE)
    assert (problem.value.code, problem.value.key) == ("RP010", "unreadable")
    code, output = validate_cli(str(folder), "-f", "json")
    [finding] = json.loads(output)
    assert (code, finding["code"], finding["line"], finding["column"]) == (1, "RP010", 1, 1)
    assert "du har ikke lesetilgang" in finding["message"]


# --- output safety ----------------------------------------------------------------------

ESCAPES = "\\e[31m \\e]8;;http://x\\a \\e[2J \\x9b31m \\r \\b \\a :warning:"  # YAML escapes: CSI, OSC 8, C1 CSI, CR, BS, BEL


@pytest.mark.parametrize("fmt", FORMATS)
def test_terminal_escapes_in_plan_text_are_never_printed_raw(make_plan, fmt):
    area = MINIMAL_AREA.replace(
        "title: Etablere en funksjon som skolelos ved alle ungdomsskoler", f'title: "{ESCAPES}"'
    ).replace("responsible: [Skole, barnehage]", "responsible: []")
    code, output = validate_cli(str(make_plan({AREA_FILE: area})), "-f", fmt)
    assert (code, raw_controls(output)) == (0, []), repr(output)
    assert "RP302" in output
    if fmt == "json":
        [finding] = json.loads(output)
        # a message is prose for a person: controls in it are shown as escapes in every format alike (safetext.visible)
        assert "\\x1b[31m" in finding["message"] and "\\x9b" in finding["message"] and "\x1b" not in finding["message"]
    else:
        assert ":warning:" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_terminal_escapes_in_a_key_are_never_printed_raw(make_plan, fmt):
    code, output = validate_cli(str(make_plan({AREA_FILE: MINIMAL_AREA + f'"{ESCAPES}": x\n'})), "-f", fmt)
    assert (code, raw_controls(output)) == (1, []), repr(output)
    assert "RP101" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_terminal_escapes_in_a_file_name_are_never_printed_raw(make_plan, fmt):
    folder = make_plan()
    (folder / AREA_FILE).with_name("x\x1b[2J\x07.yaml").write_text("id: x\n", encoding="utf-8")
    code, output = validate_cli(str(folder), "-f", fmt)
    assert (code, raw_controls(output)) == (0, []), repr(output)  # an unlisted focus area is a warning


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_with_spaces_and_norwegian_letters_work(tmp_path, fmt):
    root = tmp_path / "Rusplaner for Ålesund og Bærum"
    folder = write_plan(root, {})
    (folder / "focus-areas" / "økonomi og ære.yaml").write_text("id: økonomi\n", encoding="utf-8")
    code, output = validate_cli(str(root), "-f", fmt)
    assert code == 0
    assert "økonomi og ære.yaml" in output
    assert "RP212" in output
    if fmt == "json":
        [finding] = json.loads(output)
        assert finding["file"] == str(folder / "focus-areas" / "økonomi og ære.yaml")
    if fmt == "github":
        assert "file=" + str(folder / "focus-areas" / "økonomi og ære.yaml") in output


def test_a_plan_folder_named_with_norwegian_letters_gets_findings_not_a_crash(tmp_path):
    folder = write_plan(tmp_path, {}, plan_id="tromsø 2020-2024")
    check_every_format(folder)

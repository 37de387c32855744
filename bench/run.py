"""rusplan against its peers on a synthetic national corpus: prints a Markdown table.

    pip install -e '.[bench]'
    python bench/run.py                      # about 20 minutes on 2 cores
    python bench/run.py --scales 1 --runs 3  # the national corpus only

validate and the parse floor run at ×1, ×2 and ×4 (5 runs, 3 at ×4); check-jsonschema, yamllint,
diff, render and roll-forward at ×1 (3 runs: each takes half a minute or more).

Every row is the median (and min–max) wall time of several runs of a subprocess (time.perf_counter
around it) and its peak RSS (os.wait4, that child alone). Rows compared with each other (rusplan and
the parse floor, `rusplan --help` and `python -c pass`) run as interleaved pairs, A B A B …, so a
change in the machine's load hits both alike. Python writes its bytecode cache as it does for a user.
All tools read the same files. The corpus is made by bench/generate.py (cached per scale and seed
under --work). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
SCHEMAS = {  # file pattern under a plan folder -> schema written by `rusplan schema`
    "plan.yaml": "plan.schema.json",
    "focus-areas/*.yaml": "focus-area.schema.json",
    "evaluation.yaml": "evaluation.schema.json",
    "indicators.yaml": "indicators.schema.json",
    "alcohol.yaml": "alcohol.schema.json",
    "status/*.yaml": "status.schema.json",
}


def tool(name: str) -> str:
    """The console script beside this interpreter (not a shell shim, whose own start-up would be measured)."""
    beside = BIN / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed: pip install -e '.[bench]'")
    return found


@dataclass
class Row:
    scale: int
    name: str
    command: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> str:
        return f"{min(self.times):.3f}–{max(self.times):.3f}"


def run_once(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall time of `commands` run one after another, their CPU time (user + system, with their workers),
    the largest peak RSS among them (MB), the last exit code."""
    start = time.perf_counter()
    peak, cpu, code = 0.0, 0.0, 0
    for command in commands:
        with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as errors:
            child = subprocess.Popen(command, cwd=cwd, env=env, stdout=devnull, stderr=errors)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the running maximum of all children
            cpu += usage.ru_utime + usage.ru_stime  # includes the worker processes it waited for
            child.returncode = code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                errors.seek(0)
                print(f"  ! exit {code}: {' '.join(command)[:200]}\n{errors.read()[-1500:].decode('utf-8', 'replace')}", file=sys.stderr)
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - start, cpu, peak, code


def measure(rows: list[Row], scale: int, name: str, commands: list[list[str]], runs: int, cwd: Path, env: dict[str, str], prepare=None) -> Row:
    return measure_interleaved(rows, scale, [(name, commands)], runs, cwd, env, prepare)[0]


def measure_interleaved(
    rows: list[Row], scale: int, named: list[tuple[str, list[list[str]]]], runs: int, cwd: Path, env: dict[str, str], prepare=None
) -> list[Row]:
    """Run the commands in turn, run after run (A B A B …), so drifting load affects each alike."""
    measured = [Row(scale, name, shown(commands)) for name, commands in named]
    for _ in range(runs):
        for row, (_, commands) in zip(measured, named, strict=True):
            if prepare:
                prepare()
            seconds, cpu, rss, code = run_once(commands, cwd, env)
            row.times.append(seconds)
            row.cpu.append(cpu)
            row.rss_mb.append(rss)
            row.codes.add(code)
    for row in measured:
        rows.append(row)
        cpu = statistics.median(row.cpu)
        line = f"  ×{scale} {row.name:<40} {row.median:8.3f} s ({row.spread})  CPU {cpu:8.3f} s  {max(row.rss_mb):6.0f} MB  exit {sorted(row.codes)}"
        print(line, file=sys.stderr, flush=True)
    return measured


def shown(commands: list[list[str]]) -> str:
    """A command as a person would type it (tool names without their install path, long file lists cut)."""
    parts = []
    for command in commands:
        words = [Path(command[0]).name] + [word.removeprefix(f"{ROOT}/") for word in command[1:]]
        if len(words) > 8:
            words = words[:6] + [f"… ({len(words) - 6} more)"]
        parts.append(" ".join(words))
    return " ; ".join(parts) if len(parts) < 3 else f"{parts[0]} ; … ({len(parts)} invocations)"


def corpus(work: Path, scale: int, seed: int) -> Path:
    """bench/generate.py's corpus for this scale and seed, made once."""
    folder = work / f"corpus-x{scale}-seed{seed}"
    stamp = folder / ".complete"
    if not stamp.exists():
        print(f"generating ×{scale} corpus in {folder} …", file=sys.stderr, flush=True)
        generate(folder, scale, seed)
        stamp.write_text("ok\n")
    return folder


def git_revision(folder: Path, work: Path, scale: int, seed: int) -> Path:
    """A git repository of the corpus with 10 % of the current plans edited in the work tree (not committed)."""
    repo = work / f"git-x{scale}-seed{seed}"
    if not (repo / ".complete").exists():
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(folder / "plans", repo / "plans")
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
        subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "corpus"], cwd=repo, check=True)
        (repo / ".complete").write_text("ok\n")
    subprocess.run(["git", "checkout", "-q", "--", "plans"], cwd=repo, check=True)
    current = sorted(p for p in (repo / "plans").iterdir() if p.name.endswith("-2024-2028"))
    for plan in current[::10]:
        touch_plan(plan)
    return repo


def touch_plan(plan: Path) -> None:
    """A realistic revision: a measure reworded, one added, a deadline moved, a status report extended."""
    area_file = sorted((plan / "focus-areas").glob("*.yaml"))[0]
    area = yaml.safe_load(area_file.read_text(encoding="utf-8"))
    measures = area["goals"][0]["measures"]
    measures[0]["title"] += " (revidert)"
    measures[-1]["deadline"] = "I planperioden"
    highest = max(int(m["number"]) for g in _goals(plan) for m in g["measures"])
    measures.append({"id": f"t{highest + 1}", "number": highest + 1, "title": "Nytt tiltak vedtatt ved rulleringen", "responsible": ["Kommunalsjef"]})
    area_file.write_text(yaml.safe_dump(area, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    status_file = plan / "status" / "2026.yaml"
    status = yaml.safe_load(status_file.read_text(encoding="utf-8"))
    status["summary"] = "Tilføyd i revisjonen."
    status_file.write_text(yaml.safe_dump(status, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


def _goals(plan: Path):
    for path in (plan / "focus-areas").glob("*.yaml"):
        yield from yaml.safe_load(path.read_text(encoding="utf-8"))["goals"]


def jsonschema_commands(folder: Path, schemas: Path) -> list[list[str]]:
    """check-jsonschema once per file kind, each with its schema, on the same files rusplan reads."""
    commands = []
    for pattern, schema in SCHEMAS.items():
        files = sorted(str(p.relative_to(folder)) for p in (folder / "plans").glob(f"*/{pattern}"))
        if files:
            commands.append([tool("check-jsonschema"), "--schemafile", str(schemas / schema), *files])
    return commands


def bench_scale(rows: list[Row], scale: int, args, env: dict[str, str], schemas: Path) -> None:
    """validate and the parse floor at every scale; the peers and the other commands at the --full scales."""
    runs = args.runs if scale < 4 else args.runs_large
    slow = min(runs, args.slow_runs)
    folder = corpus(args.work, scale, args.seed)
    rusplan, python = tool("rusplan"), sys.executable
    named = [
        ("rusplan validate", [[rusplan, "validate", "plans", "-f", "github"]]),
        ("rusplan validate --jobs 1", [[rusplan, "validate", "plans", "-f", "github", "--jobs", "1"]]),
        ("parse floor (PyYAML C loader)", [[python, str(HERE / "floor.py"), "plans"]]),
    ]
    measure_interleaved(rows, scale, named, runs, folder, env)
    if scale not in args.full:
        return
    if not args.skip_peers:
        measure(rows, scale, "check-jsonschema (exported schemas)", jsonschema_commands(folder, schemas), slow, folder, env)
        measure(rows, scale, "yamllint (syntax only)", [[tool("yamllint"), "-d", "{rules: {}}", "-f", "parsable", "plans"]], slow, folder, env)
    if not args.skip_commands:
        runs = slow
        repo = git_revision(folder, args.work, scale, args.seed)
        measure(rows, scale, "rusplan diff --git (10 % touched)", [[rusplan, "diff", "--git", "HEAD", "plans", "-f", "json"]], runs, repo, env)
        current = sorted(str(p.relative_to(folder)) for p in (folder / "plans").iterdir() if p.name.endswith("-2024-2028"))
        out = args.work / "out"

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)

        inproc = str(HERE / "inproc.py")
        measure(rows, scale, "render every plan to HTML", [[python, inproc, "render", str(out), *current]], runs, folder, env, fresh)
        measure(rows, scale, "roll-forward every plan", [[python, inproc, "roll-forward", str(out), *current]], runs, folder, env, fresh)


def cold_start(rows: list[Row], runs: int, env: dict[str, str]) -> None:
    rusplan = tool("rusplan")
    named = [
        ("python -c pass", [[sys.executable, "-c", "pass"]]),
        ("rusplan --help", [[rusplan, "--help"]]),
        ("rusplan validate (one bundled plan)", [[rusplan, "validate", "plans/molde-2020-2024", "-f", "human"]]),
        ("rusplan render (one bundled plan, HTML)", [[rusplan, "render", "plans/molde-2020-2024", "-f", "html"]]),
    ]
    measure_interleaved(rows, 0, named, runs, ROOT, env)


def large_plans(rows: list[Row], sizes: list[int], runs: int, work: Path, env: dict[str, str]) -> None:
    """One municipality whose plans have 1 000 or 10 000 measures: each command must stay linear in the plan's size."""
    rusplan = tool("rusplan")
    for size in sizes:
        folder = work / f"large-{size}"
        if not (folder / ".complete").exists():
            generate(folder, 1, 1, municipalities=1, measures=size)
            (folder / ".complete").write_text("ok\n")
        plan = "plans/kommune-001-2024-2028"
        out = work / "out-large"

        def fresh(out: Path = out) -> None:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)

        named = [
            (f"validate, {size} measures", [[rusplan, "validate", plan, "--jobs", "1"]]),
            (f"render HTML, {size} measures", [[rusplan, "render", plan, "-f", "html", "-o", str(out / "plan.html")]]),
            (f"roll-forward, {size} measures", [[rusplan, "roll-forward", plan, "--to", "2028-2032", "--out", str(out / "kommune-001-2028-2032")]]),
        ]
        measure_interleaved(rows, 1, named, runs, folder, env, fresh)


def table(rows: list[Row]) -> str:
    by = {(r.scale, r.name): r for r in rows}
    lines = ["| scale | what | median s | min–max s | × floor | median CPU s | peak RSS MB | runs | command |"]
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        floor = by.get((r.scale, "parse floor (PyYAML C loader)"))
        ratio = f"{r.median / floor.median:.2f}" if floor and r.scale else ""
        scale = f"×{r.scale}" if r.scale else "cold"
        cpu = statistics.median(r.cpu)
        lines.append(f"| {scale} | {r.name} | {r.median:.3f} | {r.spread} | {ratio} | {cpu:.3f} | {max(r.rss_mb):.0f} | {len(r.times)} | `{r.command}` |")
    return "\n".join(lines)


def targets(rows: list[Row]) -> str:
    by = {(r.scale, r.name): r for r in rows}
    out = ["| target | measured | met |", "| --- | --- | --- |"]

    def add(target: str, measured: str, ok: bool) -> None:
        out.append(f"| {target} | {measured} | {'met' if ok else 'missed'} |")

    validate, floor = by.get((1, "rusplan validate")), by.get((1, "parse floor (PyYAML C loader)"))
    if validate and floor:
        add("validate ×1 within 1.2× the parse floor (wall time, every core)", f"{validate.median / floor.median:.2f}×", validate.median <= 1.2 * floor.median)
    for scale in (1, 2, 4):
        row = by.get((scale, "rusplan validate"))
        if row:
            add(f"peak memory of validate ×{scale} at most 300 MiB", f"{max(row.rss_mb):.0f} MB", max(row.rss_mb) <= 300)
    for command in ("validate", "render HTML", "roll-forward"):
        small, big = by.get((1, f"{command}, 1000 measures")), by.get((1, f"{command}, 10000 measures"))
        if small and big:
            add(f"{command}: 10× the measures at most 11× the time", f"{big.median / small.median:.1f}×", big.median <= 11 * small.median)
            add(f"{command}: 10 000 measures in at most 3 s", f"{big.median:.2f} s", big.median <= 3)
    peer = by.get((1, "check-jsonschema (exported schemas)"))
    if validate and peer:
        faster = f"{validate.median:.2f} s vs {peer.median:.2f} s ({peer.median / validate.median:.1f}× faster)"
        add("validate ×1 faster than check-jsonschema", faster, validate.median < peer.median)
    for scale in (2, 4):
        big = by.get((scale, "rusplan validate"))
        if validate and big:
            growth = big.median / validate.median
            add(f"validate cost linear in corpus size (×{scale})", f"{growth:.2f}× the time for {scale}× the plans", growth <= scale * 1.15)
    bare, help_ = by.get((0, "python -c pass")), by.get((0, "rusplan --help"))
    if bare and help_:
        add("`rusplan --help` within 0.05 s of `python -c pass`", f"+{help_.median - bare.median:.3f} s", help_.median - bare.median <= 0.05)
    one = by.get((0, "rusplan validate (one bundled plan)"))
    if one:
        add("validate one bundled plan in at most 0.2 s", f"{one.median:.3f} s", one.median <= 0.2)
    return "\n".join(out)


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")), platform.processor())
    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    return f"{os.cpu_count()} CPUs ({cpu}), {python}, {platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,2,4", help="corpus scales, comma-separated (default 1,2,4)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median is reported)")
    parser.add_argument("--runs-large", type=int, default=3, help="runs at ×4 and above")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of the peers and of diff, render and roll-forward")
    parser.add_argument("--full", default="1", help="scales at which the peers and the other commands are measured too (default 1)")
    parser.add_argument("--cold-runs", type=int, default=15, help="runs of the cold-start rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rusplan-bench"), help="where corpora and repositories are kept")
    parser.add_argument("--skip-peers", action="store_true", help="leave out check-jsonschema and yamllint")
    parser.add_argument("--skip-commands", action="store_true", help="leave out diff, render and roll-forward")
    parser.add_argument("--large", default="1000,10000", help="measures per plan in the large-plan rows (\"\" to leave them out)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs of the large-plan rows")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args()
    args.full = {int(s) for s in args.full.split(",")}
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GITHUB_ACTIONS": "", "RUSPLAN_LANG": ""}
    print(f"machine: {machine()}", file=sys.stderr)

    schemas = args.work / "schemas"
    subprocess.run([tool("rusplan"), "schema", "-o", str(schemas)], check=True, env=env, stdout=subprocess.DEVNULL)
    rows: list[Row] = []
    cold_start(rows, args.cold_runs, env)
    if args.large:
        large_plans(rows, [int(n) for n in args.large.split(",")], args.large_runs, args.work, env)
    for scale in (int(s) for s in args.scales.split(",")):
        bench_scale(rows, scale, args, env, schemas)

    print(f"\nMachine: {machine()}\n")
    print(table(rows))
    print()
    print(targets(rows))
    if args.json:
        args.json.write_text(json.dumps([{**r.__dict__, "codes": sorted(r.codes), "median": r.median} for r in rows], indent=2) + "\n")


if __name__ == "__main__":
    main()

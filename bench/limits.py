"""rusplan at its input limits: the time and peak memory of each command on plans as large as it accepts.

    python bench/limits.py [--work /tmp/rusplan-limits] [--runs 3]

Builds two plans at the limits of docs/security.md and a changed copy of each, runs every
command on them as a subprocess, and prints a Markdown table (median wall time, peak RSS of
the child, the command). Not part of the test suite; docs/benchmarks.md has the numbers.

- `lang`: one focus-area file just under MAX_BYTES of measures whose every text is at its
  field's length limit, made of the patterns that once were slow (`1 1 1 …` costs, repeated
  words in descriptions for the word diff); the changed copy rewords every description (so diff
  compares every one of them word by word).
- `mange`: one focus-area file of just under MAX_NODES values (short measures); its copy renames
  every measure (so diff matches each renamed measure by title).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from rusplan.load import MAX_BYTES, MAX_NODES  # noqa: E402
from rusplan.model import MAX_LINE, MAX_PROSE  # noqa: E402

BIN = Path(sys.executable).parent
PLAN = """\
id: {id}
title: Plan ved grensene
municipalities:
  - name: Grenseby
period: {{start: 2024, end: 2028}}
state: adopted
focus_areas: [omrade]
"""


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def long_measure(i: int, prefix: str, variant: int) -> str:
    words = ("tiltak", "for", "barn", "og", "unge") if variant == 0 else ("tiltak", "for", "unge", "og", "barn")
    description = " ".join(words[(i + k) % len(words)] for k in range(MAX_PROSE // 5))[:MAX_PROSE]
    title = f"Tiltak {i} " + ("1 " * MAX_LINE)
    return (
        f"      - id: {prefix}{i}\n"
        f"        title: {quoted(title[:MAX_LINE].rstrip())}\n"
        f"        description: {quoted(description.rstrip())}\n"
        f"        responsible: [{quoted(('Enhet ' * MAX_LINE)[:MAX_LINE].rstrip())}]\n"
        f"        cost: {quoted(('1 ' * MAX_LINE)[:MAX_LINE - 3] + 'kr')}\n"
        f"        deadline: {quoted(('I planperioden ' * MAX_LINE)[:MAX_LINE].rstrip())}\n"
    )


def short_measure(i: int, prefix: str, variant: int) -> str:
    return f"      - {{id: {prefix}{i}, title: Tiltak {i + variant}, responsible: [Skole], cost: Innenfor ramme, deadline: 2026}}\n"


def area(kind: str, prefix: str, variant: int) -> str:
    head = "id: omrade\ntitle: Område\ngoals:\n  - id: mal\n    title: Mål\n    measures:\n"
    parts, size, nodes, i = [head], len(head), 10, 0
    make = long_measure if kind == "lang" else short_measure
    per_measure = 14 if kind == "lang" else 13  # the mapping, its keys and values, a list and its item
    while True:
        text = make(i, prefix, variant)
        if size + len(text.encode()) > MAX_BYTES - 1024 or nodes + per_measure > MAX_NODES - 50:
            break
        parts.append(text)
        size += len(text.encode())
        nodes += per_measure
        i += 1
    return "".join(parts)


def build(work: Path) -> dict[str, tuple[Path, Path]]:
    out = {}
    for kind in ("lang", "mange"):
        sides = []
        for side, prefix, variant in (("gammel", "t", 0), ("ny", "t" if kind == "lang" else "n", 1)):
            plan_id = f"{kind}-2024-2028"
            folder = work / side / plan_id
            (folder / "focus-areas").mkdir(parents=True, exist_ok=True)
            (folder / "plan.yaml").write_text(PLAN.format(id=plan_id), encoding="utf-8")
            (folder / "focus-areas" / "omrade.yaml").write_text(area(kind, prefix, variant), encoding="utf-8")
            sides.append(folder)
        out[kind] = (sides[0], sides[1])
    return out


def run(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system: what a busy machine does not inflate), peak RSS MB, exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/rusplan-limits"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    plans = build(args.work)
    rusplan = str(BIN / "rusplan")
    print("| plan | command | exit | median wall s | median CPU s | peak RSS MB | shown as |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for kind, (old, new) in plans.items():
        size = (old / "focus-areas" / "omrade.yaml").stat().st_size / 1024 / 1024
        out = args.work / "out"
        commands = [
            ("validate", ["validate", str(old)]),
            ("validate -f sarif", ["validate", str(old), "-f", "sarif"]),
            ("show", ["show", str(old)]),
            ("diff", ["diff", str(old), str(new), "-f", "json"]),
            ("diff -f markdown", ["diff", str(old), str(new), "-f", "markdown"]),
            ("render -f md", ["render", str(old), "-o", str(out / "plan.md"), "--force"]),
            ("render -f html", ["render", str(old), "-f", "html", "-o", str(out / "plan.html"), "--force"]),
            ("export -f xlsx", ["export", str(old), "-o", str(out / "plan.xlsx")]),
            ("export -f csv", ["export", str(old), "-f", "csv", "-o", str(out / "plan.csv")]),
            ("status form", ["status", "form", str(old), "--year", "2025", "-o", str(out / "skjema.xlsx")]),
            ("calendar", ["calendar", str(old), "-o", str(out / "plan.ics")]),
            ("roll-forward", ["roll-forward", str(old), "--to", "2028-2032", "--out", str(out / "rf" / f"{kind}-2028-2032")]),
        ]
        for name, rest in commands:
            results = []
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)
                (out / "rf").mkdir(parents=True)
                results.append(run([rusplan, *rest], args.work))
            seconds = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            memory = max(r[2] for r in results)
            shown = "rusplan " + " ".join(a.replace(str(args.work) + "/", "") for a in rest)
            print(f"| {kind} ({size:.1f} MB) | {name} | {results[0][3]} | {seconds:.2f} | {cpu:.2f} | {memory:.0f} | `{shown}` |", flush=True)


if __name__ == "__main__":
    main()

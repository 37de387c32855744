"""Run one use case for every plan in one process, as a script that renders or rolls all plans would.

    python bench/inproc.py render OUT PLAN...        # as rusplan render PLAN -f html -o OUT/<id>.html
    python bench/inproc.py roll-forward OUT PLAN...  # as rusplan roll-forward PLAN --to 2028-2032 --out OUT/<new id>

It calls the use-case layer (rusplan.api) the CLI calls, so the table shows what the work itself
costs per plan; the cold start of a single invocation is measured separately.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rusplan import api


def run(command: str, out: Path, plan: Path) -> None:
    if command == "render":
        api.render_to_path(plan, out / f"{plan.name}.html", format="html", force=True, generated="2025-01-01")
    else:
        api.roll_forward(plan, "2028-2032", out=out / plan.name.replace("-2024-2028", "-2028-2032"))


def main(command: str, out: Path, plans: list[str]) -> int:
    failures = 0
    for plan in plans:
        try:
            run(command, out, Path(plan))
        except api.UseCaseError as stop:
            print(f"{plan}: {stop.text()}", file=sys.stderr)
            failures += 1
        except Exception as exc:  # noqa: BLE001 - count it and go on; the table reports failures
            print(f"{plan}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failures += 1
    print(f"{len(plans) - failures}/{len(plans)} plans done", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))

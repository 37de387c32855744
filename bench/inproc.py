"""Run one rusplan command for every plan in one process, as a script that renders or rolls all plans would.

    python bench/inproc.py render OUT PLAN...        # rusplan render PLAN -f html -o OUT/<id>.html
    python bench/inproc.py roll-forward OUT PLAN...  # rusplan roll-forward PLAN --to 2028-2032 --out OUT/<new id>

One interpreter start for all plans, so the table shows what the command itself costs per plan;
the cold start of a single invocation is measured separately.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rusplan.cli import app


def main(command: str, out: Path, plans: list[str]) -> int:
    failures = 0
    for plan in plans:
        name = Path(plan).name
        if command == "render":
            args = ["render", plan, "-f", "html", "-o", str(out / f"{name}.html"), "--force", "--generated", "2025-01-01"]
        else:
            new_id = name.replace("-2024-2028", "-2028-2032")
            args = ["roll-forward", plan, "--to", "2028-2032", "--out", str(out / new_id)]
        try:
            app(args, standalone_mode=False)
        except SystemExit as exc:
            failures += exc.code not in (0, None)
        except Exception as exc:  # noqa: BLE001 - count it and go on; the table reports failures
            print(f"{plan}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failures += 1
    print(f"{len(plans) - failures}/{len(plans)} plans done", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))

"""What Jinja's sandbox costs: the built-in plan report of one bundled plan, rendered plain and sandboxed.

    python bench/sandbox.py [PLAN]        # default plans/molde-2020-2024

Prints the best of 15 renders (CPU time) per format. rusplan renders templates of the user's
own (--templates) in the sandbox and its built-in ones without, for this difference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from rusplan import render
from rusplan.planfolder import read_plan


def best(template, context, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        template.render(context)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    loaded = read_plan(Path(sys.argv[1] if len(sys.argv) > 1 else "plans/molde-2020-2024"))
    plain = render.environment(None)
    sandbox = ImmutableSandboxedEnvironment(
        loader=plain.loader, autoescape=plain.autoescape, undefined=plain.undefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, finalize=plain.finalize,
    )
    sandbox.filters.update(plain.filters)
    sandbox.globals.update(plain.globals)
    context = render.build_context(loaded.folder, loaded.plan, "plan")
    print("| format | plain ms | sandboxed ms |")
    print("| --- | ---: | ---: |")
    for fmt in ("md", "html"):
        name = render.template_name("plan", fmt)
        timings = [best(env.get_template(name), context) * 1000 for env in (plain, sandbox)]
        print(f"| {fmt} | {timings[0]:.1f} | {timings[1]:.1f} |")


if __name__ == "__main__":
    main()

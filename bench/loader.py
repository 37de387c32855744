"""rusplan's loader against the parse floor, in one process, by CPU time: what a loaded machine distorts least.

    python bench/loader.py plans [--runs 3]

For every `.yaml` under the folders: PyYAML's C loader (`yaml.load`, CSafeLoader: what
bench/floor.py does), libyaml's events alone (`yaml.parse`: what any reader of the text pays), and
`rusplan.load.load_document` (data, limits, duplicate keys, YAML 1.1 types). The files are read
once before timing, so the rows compare parsing, not the disk. Prints the best of --runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from rusplan.load import load_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(p for root in args.roots for p in root.rglob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in paths]  # the page cache warm, for every row alike

    def floor() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    def events() -> None:
        for text in texts:
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass

    def rusplan() -> None:
        for path in paths:
            load_document(path)

    rows = [("yaml.load, CSafeLoader (the parse floor)", floor), ("yaml.parse, libyaml events only", events), ("rusplan load_document", rusplan)]
    best = {}
    for _ in range(args.runs):
        for name, run in rows:
            start = time.process_time()
            run()
            best[name] = min(best.get(name, float("inf")), time.process_time() - start)
    print(f"{len(paths)} files, {sum(len(t) for t in texts) / 1024 / 1024:.1f} MiB of text, best of {args.runs} runs, CPU seconds")
    for name, _ in rows:
        print(f"| {name} | {best[name]:.2f} | {best[name] / best[rows[0][0]]:.2f} |")


if __name__ == "__main__":
    main()

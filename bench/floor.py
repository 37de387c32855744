"""The parse floor: read every YAML file under the given folders with PyYAML's C loader, nothing else.

    python bench/floor.py plans

No positions, no limits, no schema, no rules: what any YAML-reading tool pays at least.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(roots: list[str]) -> int:
    files = 0
    for root in roots:
        for path in sorted(Path(root).rglob("*.yaml")):
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            files += 1
    return 0 if files else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["plans"]))

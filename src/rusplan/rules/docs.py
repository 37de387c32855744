"""docs/rules.md is generated from the registry, so the docs cannot drift from the code.

Regenerate with: python -m rusplan.rules.docs > docs/rules.md
"""

from __future__ import annotations

from rusplan.rules import REGISTRY

HEADER = """\
# Regler (rules)

Every finding `rusplan validate` can report. Generated from the rule registry
(`python -m rusplan.rules.docs > docs/rules.md`); a test fails when this file is stale.

Severity is the default; a plan changes it, or switches a rule off, in `plan.yaml`:

```yaml
rules:
  RP302: off          # off | error | warning | info
  RP203: error
```

A single finding is silenced in place with `# rusplan: ignore RP302` at the end of
the line the finding points at, or alone on the line above it
(`# rusplan: ignore` without codes silences every finding on that line).
Findings of the loader (RP0xx, RP1xx) stop the plan from being read; switching
them off hides the message but the plan is still not checked further.

| code | name | severity | title |
| --- | --- | --- | --- |
"""


def render() -> str:
    rules = sorted(REGISTRY.values(), key=lambda r: r.code)
    out = [HEADER]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity.value} | {r.title} |\n" for r in rules]
    for r in rules:
        out.append(f"\n## {r.code}\n\n**{r.title}** — `{r.name}`, default severity *{r.severity.value}*.\n")
        out.append("\n" + (r.doc or "Reported while reading the file; the message says what is wrong and what to do.") + "\n")
    return "".join(out)


if __name__ == "__main__":
    print(render(), end="")

"""The findings the loader itself reports while reading files: syntax, encoding, limits, schema and folder layout.

Each has its registry entry here (code, name, default severity and documentation;
the title is in the catalog, `rule.<code>`), below the rules package, so that `planfolder`, which reports
them, takes their severity from the one place the registry reads too
(`rules.REGISTRY` lists them first) without importing the rules.
"""

from rusplan.findings import Finding, Rule, Severity

E, W = Severity.error, Severity.warning

LOADER_RULES: tuple[Rule, ...] = (
    Rule("RP001", "yaml-syntax", E, loader_doc="""
    The file is not valid YAML. The message says what the parser stumbled on, in plain words.

    ```yaml
    vision: Et godt liv: for alle   # RP001: sett teksten i anførselstegn
    ```
"""),
    Rule("RP002", "duplicate-key", E, loader_doc="""
    YAML would silently keep only the last value and lose the first. The finding
    points at the second key and names the line of the first.

    ```yaml
    title: Ruspolitisk handlingsplan 2020–2024
    title: Ruspolitisk handlingsplan (ny)     # RP002
    ```
"""),
    Rule("RP003", "not-utf8", E, loader_doc="""
    Plan files are UTF-8 (a byte-order mark is tolerated). A file saved as Latin-1
    or Windows-1252 shows æøå wrongly elsewhere; save it again as UTF-8.
"""),
    Rule("RP004", "tab-indent", E, loader_doc="""
    YAML indents with spaces only. Editors often insert a tab: replace it with spaces.
"""),
    Rule("RP005", "empty-file", E, loader_doc="""
    A plan file with no content (or only comments). Fill it in or delete it.
"""),
    Rule("RP006", "alias-bomb", E, loader_doc="""
    Anchors and aliases (`&a`, `*a`) that expand to more than 200 000 values: a
    «billion laughs» file meant to exhaust memory. Refused before it is expanded.

    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]   # … and so on: RP006
    ```
"""),
    Rule("RP007", "too-deep", E, loader_doc="""
    More than 64 levels of nesting. A plan needs at most about eight; deeper
    structures are mistakes or attacks and are refused quickly.
"""),
    Rule("RP008", "unknown-file", W, loader_doc="""
    A YAML file in the plan folder that rusplan does not read (for example a
    misspelt `evalueringer.yaml`). Rename it or move it out of the folder.
"""),
    Rule("RP009", "too-large", E, loader_doc="""
    A plan file larger than 5 MB. Real plan files are a few kilobytes.
"""),
    Rule("RP010", "unreadable", E, loader_doc="""
    The file exists but cannot be read (permissions, a broken link, a FIFO or a device
    where a file should be), or it is a symbolic link to a place outside the plan folder:
    such a file is refused unread, so a plan cannot make rusplan show another file's
    content (docs/security.md).
"""),
    Rule("RP011", "not-a-plan", E, loader_doc="""
    A path given to `rusplan validate` is missing, or is neither a plan folder
    (with `plan.yaml`) nor a folder of plan folders. Exit code 2.
"""),
    Rule("RP101", "unknown-key", E, loader_doc="""
    A key the format does not know; usually a typo, suggested when close.

    ```yaml
    titel: Barn og unge     # RP101: Mente du «title»?
    ```
"""),
    Rule("RP102", "missing-field", E, loader_doc="""
    A required key is missing (for a measure: `id` and `title`; for the plan:
    `id`, `title`, `municipalities`, `period`, `state`, `focus_areas`).
"""),
    Rule("RP103", "invalid-value", E, loader_doc="""
    A value of the wrong kind or outside its allowed set, with what is expected; or a
    text longer than its field accepts (an id 100 characters, a title, a name, a list item
    or the wording of a cost or a deadline 1 000, a description, note or comment 20 000).

    ```yaml
    state: vedtatt          # RP103: må være en av: draft, consultation, adopted, expired
    period: {start: tjue, end: 2024}   # RP103: skal være et heltall
    ```
"""),
    Rule("RP204", "focus-area-file", E, loader_doc="""
    `focus_areas` in `plan.yaml` lists the focus areas in order; each has its file
    `focus-areas/<id>.yaml`. A listed id without a file is an error: the plan cannot
    be read whole. (A file that is not listed is RP212.)
"""),
    Rule("RP212", "focus-area-unlisted", W, loader_doc="""
    A file `focus-areas/<id>.yaml` whose id `focus_areas` in `plan.yaml` does not list:
    it is left out of the plan, and named in a warning without being opened. List it,
    or move it out of the folder. (Before RP212 had its own code, this warning was
    reported as RP204, whose default severity is error.)
"""),
    Rule("RP206", "id-mismatch", E, loader_doc="""
    The plan's `id` equals its folder name, and a focus area's `id` its file name,
    so that references and file names never disagree.
"""),
    Rule("RP207", "status-year-file", E, loader_doc="""
    `status/2022.yaml` must say `year: 2022`.
"""),
    Rule("RP208", "duplicate-plan", E, loader_doc="""
    Two folders validated together hold plans with the same id.
"""),
)
SEVERITY = {rule.code: rule.severity for rule in LOADER_RULES}


def finding(file: str, line: int, column: int, code: str, msg) -> Finding:
    """A finding of the loader or of plan discovery, with its severity from its entry here, never written at the call."""
    return Finding(file, line, column, code, SEVERITY[code], msg)

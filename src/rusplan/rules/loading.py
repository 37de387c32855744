"""Findings reported while reading files: syntax, encoding, limits and schema.

They are listed here so that every code has a registry entry, a title and
documentation, even though the loader (`load.py`, `planfolder.py`) raises them.
"""

from rusplan.findings import Severity
from rusplan.rules.base import builtin

E, W = Severity.error, Severity.warning

builtin("RP001", "yaml-syntax", E, "YAML-syntaksfeil", """
    The file is not valid YAML. The message says what the parser stumbled on, in plain words.

    ```yaml
    vision: Et godt liv: for alle   # RP001: sett teksten i anførselstegn
    ```
""")
builtin("RP002", "duplicate-key", E, "Samme nøkkel to ganger i en mapping", """
    YAML would silently keep only the last value and lose the first. The finding
    points at the second key and names the line of the first.

    ```yaml
    title: Ruspolitisk handlingsplan 2020–2024
    title: Ruspolitisk handlingsplan (ny)     # RP002
    ```
""")
builtin("RP003", "not-utf8", E, "Filen er ikke UTF-8", """
    Plan files are UTF-8 (a byte-order mark is tolerated). A file saved as Latin-1
    or Windows-1252 shows æøå wrongly elsewhere; save it again as UTF-8.
""")
builtin("RP004", "tab-indent", E, "Tabulator brukt til innrykk", """
    YAML indents with spaces only. Editors often insert a tab: replace it with spaces.
""")
builtin("RP005", "empty-file", E, "Tom fil", """
    A plan file with no content (or only comments). Fill it in or delete it.
""")
builtin("RP006", "alias-bomb", E, "Filen utvider seg til for mange verdier (ankre/aliaser)", """
    Anchors and aliases (`&a`, `*a`) that expand to more than 200 000 values: a
    «billion laughs» file meant to exhaust memory. Refused before it is expanded.

    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]   # … and so on: RP006
    ```
""")
builtin("RP007", "too-deep", E, "For dyp nesting", """
    More than 64 levels of nesting. A plan needs at most about eight; deeper
    structures are mistakes or attacks and are refused quickly.
""")
builtin("RP008", "unknown-file", W, "YAML-fil som ikke hører til planformatet", """
    A YAML file in the plan folder that rusplan does not read (for example a
    misspelt `evalueringer.yaml`). Rename it or move it out of the folder.
""")
builtin("RP009", "too-large", E, "Filen er for stor", """
    A plan file larger than 5 MB. Real plan files are a few kilobytes.
""")
builtin("RP010", "unreadable", E, "Filen eller mappen kan ikke leses", """
    The file exists but cannot be read (permissions, a broken link, a FIFO or a device
    where a file should be), or it is a symbolic link to a place outside the plan folder:
    such a file is refused unread, so a plan cannot make rusplan show another file's
    content (docs/security.md).
""")
builtin("RP011", "not-a-plan", E, "Stien er ikke en planmappe", """
    A path given to `rusplan validate` is missing, or is neither a plan folder
    (with `plan.yaml`) nor a folder of plan folders. Exit code 2.
""")
builtin("RP101", "unknown-key", E, "Ukjent nøkkel (med forslag)", """
    A key the format does not know; usually a typo, suggested when close.

    ```yaml
    titel: Barn og unge     # RP101: Mente du «title»?
    ```
""")
builtin("RP102", "missing-field", E, "Påkrevd felt mangler", """
    A required key is missing (for a measure: `id` and `title`; for the plan:
    `id`, `title`, `municipalities`, `period`, `state`, `focus_areas`).
""")
builtin("RP103", "invalid-value", E, "Ugyldig verdi", """
    A value of the wrong kind or outside its allowed set, with what is expected; or a
    text longer than its field accepts (an id 100 characters, a title, a name, a list item
    or the wording of a cost or a deadline 1 000, a description, note or comment 20 000).

    ```yaml
    state: vedtatt          # RP103: må være en av: draft, consultation, adopted, expired
    period: {start: tjue, end: 2024}   # RP103: skal være et heltall
    ```
""")
builtin("RP204", "focus-area-file", E, "Fokusområde i plan.yaml uten fil, eller fil som ikke står i listen", """
    `focus_areas` in `plan.yaml` lists the focus areas in order; each has its file
    `focus-areas/<id>.yaml`. A listed id without a file is an error; a file that is
    not listed is a warning (it would be left out of the plan).
""")
builtin("RP206", "id-mismatch", E, "Id ulik mappe- eller filnavn", """
    The plan's `id` equals its folder name, and a focus area's `id` its file name,
    so that references and file names never disagree.
""")
builtin("RP207", "status-year-file", E, "Året i statusrapporten ulikt filnavnet", """
    `status/2022.yaml` must say `year: 2022`.
""")
builtin("RP208", "duplicate-plan", E, "Samme plan-id i to mapper", """
    Two folders validated together hold plans with the same id.
""")

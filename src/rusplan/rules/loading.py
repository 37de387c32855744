"""Findings reported while reading files: syntax, encoding, limits and schema.

They are listed here so that every code has a registry entry, a title and
documentation, even though the loader (`load.py`, `planfolder.py`) raises them.
"""

from rusplan.findings import Severity
from rusplan.rules.base import builtin

E, W = Severity.error, Severity.warning

builtin("RP001", "yaml-syntax", E, "YAML-syntaksfeil")
builtin("RP002", "duplicate-key", E, "Samme nøkkel to ganger i en mapping")
builtin("RP003", "not-utf8", E, "Filen er ikke UTF-8")
builtin("RP004", "tab-indent", E, "Tabulator brukt til innrykk")
builtin("RP005", "empty-file", E, "Tom fil")
builtin("RP006", "alias-bomb", E, "Filen utvider seg til for mange verdier (ankre/aliaser)")
builtin("RP007", "too-deep", E, "For dyp nesting")
builtin("RP008", "unknown-file", W, "YAML-fil som ikke hører til planformatet")
builtin("RP009", "too-large", E, "Filen er for stor")
builtin("RP010", "unreadable", E, "Filen eller mappen kan ikke leses")
builtin("RP011", "not-a-plan", E, "Stien er ikke en planmappe")
builtin("RP101", "unknown-key", E, "Ukjent nøkkel (med forslag)")
builtin("RP102", "missing-field", E, "Påkrevd felt mangler")
builtin("RP103", "invalid-value", E, "Ugyldig verdi")
builtin("RP204", "focus-area-file", E, "Fokusområde i plan.yaml uten fil, eller fil som ikke står i listen")
builtin("RP206", "id-mismatch", E, "Id ulik mappe- eller filnavn")
builtin("RP207", "status-year-file", E, "Året i statusrapporten ulikt filnavnet")
builtin("RP208", "duplicate-plan", E, "Samme plan-id i to mapper")

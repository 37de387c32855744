"""The use cases: one function per thing a person does with plans, called by the CLI, the CI scripts and the benchmarks.

Each loads what it needs, calls the core, and returns a plain result, or raises `UseCaseError`
with the message (a `Msg`, worded by the caller), the findings that explain it and the exit
code. Nothing here prints or knows about typer: the CLI parses, calls, prints and exits.

    from rusplan import api
    api.render_to_path(Path("plans/molde-2020-2024"), Path("molde.html"))
"""

from rusplan.api._base import OnePlan, UseCaseError, one_plan, repository_schemas
from rusplan.api.checking import Compared, calendar, diff, schema, show, site, validate
from rusplan.api.documents import Exported, Rendered, export, render, render_to_path, save
from rusplan.api.rounds import status_form, status_import, status_new
from rusplan.api.writing import RolledForward, init, init_proposal, renumber, roll_forward, units_suggest

__all__ = [
    "Compared", "Exported", "OnePlan", "RolledForward", "Rendered", "UseCaseError",
    "calendar", "diff", "export", "init", "init_proposal", "one_plan", "render", "render_to_path", "renumber", "repository_schemas",
    "roll_forward", "save", "schema", "show", "site", "status_form", "status_import", "status_new", "units_suggest", "validate",
]

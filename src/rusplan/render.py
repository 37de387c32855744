"""Reports as documents: a plan, its annual status, its revision or its alcohol year, through Jinja templates.

The public face of the report modules: `build_context` gives a report's context
(plain, frozen views: views.py, planviews.py, reportcontext.py), `render` fills a
template with it (jinjaenv.py), `write_output` writes the result. A municipality can
restyle every report by overriding a template by name (docs/templates.md).
Reports speak the language `report_language` picks.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import jinja2

from rusplan import atomic, messages
from rusplan.diff import DiffError
from rusplan.formatting import format_date, format_number, format_value, nb_sort_key
from rusplan.jinjaenv import MdText, TemplateOutside, _status_chart, _trend_chart, environment, markdown_html, md_block, md_escape
from rusplan.messages import Msg
from rusplan.model import Plan
from rusplan.planfiles import inside
from rusplan.planfolder import read_plan
from rusplan.planviews import FINISHED, NOT_REPORTED, OUTCOME_MARK, STATUS_ORDER, area_views, indicator_view, labels, measure_view, plan_info
from rusplan.reportcontext import deadline_end, latest_status, plan_context, prior_outcome, revision_context, status_context, unit_key, unit_views
from rusplan.safetext import document
from rusplan.views import Count, MeasureView, OutcomeView, PlanInfo, ReportContext

REPORTS = ("plan", "status", "revision", "alcohol")
FORMATS = ("md", "html")

# The bokmål names, for callers that predate `planviews.labels(lang)`.
STATUS_LABEL = labels("nb").status
OUTCOME_LABEL = labels("nb").outcome
STATE_LABEL = labels("nb").state
SCOPE_LABEL = labels("nb").scope
KIND_LABEL = labels("nb").kind
NO_UNIT = labels("nb").no_unit

__all__ = [
    "FINISHED", "FORMATS", "NOT_REPORTED", "Count", "MeasureView", "OutcomeView", "PlanInfo", "OUTCOME_MARK", "REPORTS",
    "STATUS_ORDER", "MdText", "RenderProblem", "TemplateOutside", "deadline_end", "_status_chart", "_trend_chart",
    "alcohol_context", "area_views", "build_context", "environment", "format_date", "format_number", "format_value",
    "indicator_view", "latest_status", "load_predecessor", "markdown_html", "md_block", "md_escape", "measure_view",
    "nb_sort_key", "plan_context", "plan_info", "prior_outcome", "render", "report_language", "revision_context",
    "status_context", "template_name", "unit_key", "unit_views", "write_output",
]


class RenderProblem(Exception):
    """A report cannot be made as asked; `text(lang)` words it for the person who asked, str() is bokmål."""

    def __init__(self, msg: Msg | DiffError) -> None:
        self.msg = msg
        super().__init__(self.text())

    def text(self, lang: str = "nb") -> str:
        return self.msg.text(lang)


def report_language(lang: str | None, plan: Plan | None = None) -> str:
    """The language a report is written in: `--lang` (or RUSPLAN_LANG) when given, else the plan's `language`, else bokmål."""
    asked = lang or os.environ.get("RUSPLAN_LANG")
    if asked:
        return messages.language(asked)
    own = plan.meta.language.value if plan is not None and plan.meta.language else None
    return messages.language(own or messages.DEFAULT)


def template_name(report: str, fmt: str) -> str:
    return f"{report}.{fmt}.j2"


def _template_position(error: BaseException) -> tuple[str, int] | None:
    """The template file and line an error happened in, from Jinja's rewritten traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    found = None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render(report: str, fmt: str, context: dict[str, Any], templates: Path | None = None) -> str:
    """The report as text, in the context's language; any template problem becomes a `RenderProblem` naming the file and line."""
    env = environment(templates.resolve() if templates else None, context.get("lang", "nb"))
    name = template_name(report, fmt)
    try:
        return document(env.get_template(name).render(context), fmt)
    except jinja2.TemplateNotFound as error:
        searched = ", ".join(str(p) for p in env.loader.searchpath)  # type: ignore[union-attr]
        raise RenderProblem(Msg.of("render_template_missing", name=error.name, searched=searched)) from error
    except TemplateOutside as error:
        raise RenderProblem(Msg.of("render_template_outside", name=error.name, folder=error.folder)) from error
    except UnicodeDecodeError as error:
        data = error.object if isinstance(error.object, bytes) else b""
        line = data[: error.start].count(b"\n") + 1
        byte = f"0x{data[error.start]:02X}" if error.start < len(data) else "?"
        raise RenderProblem(Msg.of("render_template_encoding", line=line, byte=byte)) from error
    except jinja2.exceptions.SecurityError as error:
        where = _template_position(error)
        raise RenderProblem(Msg.of("render_template_unsafe", file=where[0] if where else name, line=where[1] if where else 1, problem=str(error))) from error
    except Exception as error:
        where = _template_position(error)
        if where is None:
            raise
        message = getattr(error, "message", None) or str(error)
        raise RenderProblem(Msg.of("render_template_error", file=where[0], line=where[1], problem=message)) from error


def load_predecessor(folder: Path, plan: Plan) -> Plan | None:
    """The predecessor beside the plan folder (folder.parent / predecessor id), when it is there and valid."""
    if not plan.meta.predecessor:
        return None
    beside = folder.parent / plan.meta.predecessor
    if not (beside / "plan.yaml").is_file() or not inside(beside, folder.parent):
        return None
    return read_plan(beside).plan


def build_context(
    folder: Path, plan: Plan, report: str, year: int | None = None, generated: dt.date | None = None, predecessor: Plan | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The context for `report`, in `report_language(lang, plan)`; a `RenderProblem` when the plan cannot give that report.

    `predecessor` is the plan validate already read beside this one; without it, it is read here.
    """
    lang = report_language(lang, plan)
    if predecessor is None or predecessor.id != plan.meta.predecessor:
        predecessor = load_predecessor(folder, plan) if report in ("plan", "revision") else None
    if report == "plan":
        return plan_context(plan, predecessor, generated, lang)
    if report == "status":
        if not plan.status_reports:
            raise RenderProblem(Msg.of("render_no_status_reports", id=plan.id))
        chosen = year if year is not None else max(plan.status_reports)
        if chosen not in plan.status_reports:
            years = ", ".join(str(y) for y in plan.status_reports)
            raise RenderProblem(Msg.of("render_no_status_for_year", id=plan.id, year=chosen, years=years))
        return status_context(plan, chosen, generated, lang)
    if report == "revision":
        if not plan.meta.predecessor:
            raise RenderProblem(Msg.of("render_no_predecessor", id=plan.id))
        if predecessor is None:
            raise RenderProblem(Msg.of("render_predecessor_missing", predecessor=plan.meta.predecessor, folder=str(folder.parent), id=plan.id))
        try:
            return revision_context(predecessor, plan, generated, lang)
        except DiffError as error:
            raise RenderProblem(error) from error
    if report == "alcohol":
        return alcohol_context(plan, year, generated, lang)
    raise RenderProblem(Msg.of("render_unknown_report", report=report, choices=", ".join(REPORTS)))


def alcohol_context(plan: Plan, year: int | None = None, generated: dt.date | None = None, lang: str = "nb") -> dict[str, Any]:
    """The alcohol report for `year` (default: the latest year with a control log); see alcoholreport.py."""
    from rusplan.alcoholreport import alcohol_data

    if plan.licences is None:
        raise RenderProblem(Msg.of("render_no_alcohol_register", id=plan.id))
    chosen = year if year is not None else max(plan.controls, default=None)
    if chosen is None or chosen not in plan.controls:
        years = ", ".join(str(y) for y in plan.controls) or "–"
        raise RenderProblem(Msg.of("render_no_control_log", id=plan.id, year=chosen if chosen is not None else Msg.of("report.year_placeholder"), years=years))
    return ReportContext("alcohol", plan_info(plan, lang), generated, alcohol_data(plan, chosen, lang), lang).as_dict()


def write_output(path: Path, text: str | bytes, force: bool = False) -> Path:
    """Write the document atomically (atomic.write_file; bytes, docx and pdf, as they are); `force` replaces a file,
    or writes through a link. Returns the file written."""
    return atomic.write_file(path, text, overwrite=force, follow_links=force)

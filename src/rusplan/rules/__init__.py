"""The rule registry: importing this package registers every rule, one concern per module."""

from rusplan.rules import alcohol, deadlines, evaluation, ids, licences, loading, numbering, period, references, responsible, review, status
from rusplan.rules.base import REGISTRY, Context, MeasureSummary, PlanSummary, Rule

__all__ = ["REGISTRY", "Context", "MeasureSummary", "PlanSummary", "Rule"]
_MODULES = (loading, ids, numbering, deadlines, responsible, references, status, evaluation, period, alcohol, licences, review)

# The plan format for every municipality (issue 13): unevaluated outcomes, inter-municipal plans, unnumbered measures, units.
from rusplan.rules import municipalities, unevaluated, units, unnumbered  # noqa: E402

_MODULES += (unevaluated, municipalities, unnumbered, units)

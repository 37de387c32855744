"""The rule registry: importing this package registers every rule, one concern per module."""

from rusplan.rules import alcohol, deadlines, evaluation, ids, licences, loading, numbering, period, references, responsible, review, status
from rusplan.rules.base import REGISTRY, Context, MeasureSummary, PlanSummary, Rule

__all__ = ["REGISTRY", "Context", "MeasureSummary", "PlanSummary", "Rule"]
_MODULES = (loading, ids, numbering, deadlines, responsible, references, status, evaluation, period, alcohol, licences, review)

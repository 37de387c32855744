"""What a rule is and what it is given: the plan under check and all plans loaded beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rusplan.findings import Finding, Rule, Severity
from rusplan.load import Path_
from rusplan.messages import Msg
from rusplan.planfolder import LoadedPlan


@dataclass(frozen=True)
class MeasureSummary:
    id: str
    number: int | str | None
    title: str


@dataclass(frozen=True)
class PlanSummary:
    """What a rule may know of another plan: that it was found, and its measures (None when it
    does not load). Small, so validating a national corpus does not keep every plan in memory."""

    id: str
    measures: dict[str, MeasureSummary] | None


@dataclass(frozen=True)
class Context:
    """The plan a rule checks, and a summary of the plans checked before it in its lineage."""

    loaded: LoadedPlan
    plans: dict[str, PlanSummary]

    def measures_of(self, plan_id: str | None) -> dict[str, MeasureSummary] | None:
        """The measures of another plan by id, when that plan is known and loads."""
        other = self.plans.get(plan_id) if plan_id else None
        return other.measures if other else None

    @property
    def plan(self):
        return self.loaded.plan

    def finding(self, code: str, doc: str, path: Path_, key: str, *, at_key: bool = False, **params) -> Finding:
        from rusplan.rules import REGISTRY  # the registry lists this module's rules: read it when a check runs

        file, line, column = self.loaded.at(doc, path, key=at_key)
        return Finding(file, line, column, code, REGISTRY[code].severity, Msg.of(key, **params))


Check = Callable[[Context], Iterator[Finding]]


def rule(code: str, name: str, severity: Severity) -> Callable[[Check], Rule]:
    """Make a check function a `Rule` under a stable code; `rules.REGISTRY` lists it, the catalog has its title (`rule.<code>`)."""

    def make(check: Check) -> Rule:
        return Rule(code, name, severity, check)

    return make

"""The rule registry, whole: every rule rusplan knows, by code, in one list a reader can see.

A rule is a check function made a `Rule` by `@rule(...)` in the module of its
concern (one concern per module); the findings the loader reports while reading
files have their entries in `rusplan.loaderrules`. A new rule needs a line here,
and a test (tests/test_rules.py) fails when a rule is written but not listed.
"""

from rusplan.loaderrules import LOADER_RULES
from rusplan.rules import (
    alcohol,
    controls,
    deadlines,
    evaluation,
    ids,
    licences,
    municipalities,
    numbering,
    period,
    references,
    responsible,
    review,
    status,
    unevaluated,
    units,
    unnumbered,
)
from rusplan.rules.base import Context, MeasureSummary, PlanSummary, Rule

__all__ = ["REGISTRY", "RULES", "Context", "MeasureSummary", "PlanSummary", "Rule"]

RULES: tuple[Rule, ...] = (
    *LOADER_RULES,  # RP001–RP011, RP101–RP103, RP204, RP206–RP208, RP212: syntax, schema and folder layout
    # ids and numbers
    ids.duplicate_ids,  # RP201
    numbering.duplicate_numbers,  # RP202
    numbering.skipped_numbers,  # RP203
    unnumbered.mixed_numbering,  # RP205
    # municipalities and inter-municipal plans
    municipalities.municipality_unknown,  # RP209
    municipalities.revision_lead,  # RP210
    municipalities.adoption_per_council,  # RP211
    # measures: deadlines, responsible, references
    deadlines.deadline_outside_period,  # RP301
    responsible.no_responsible,  # RP302
    references.carried_from_unresolved,  # RP303
    references.predecessor_missing,  # RP304
    units.unit_unknown,  # RP305
    # status reports and the evaluation
    status.status_unknown_measure,  # RP401
    status.status_year_outside,  # RP402
    status.status_regressed,  # RP403
    evaluation.evaluation_missing,  # RP404
    evaluation.evaluation_unknown,  # RP405
    evaluation.evaluation_plan,  # RP406
    status.status_duplicate,  # RP407
    evaluation.continued_not_carried,  # RP408
    unevaluated.evaluation_unevaluated,  # RP409
    # the plan period
    period.period_length,  # RP501
    period.period_alignment,  # RP502
    # alcohol policy (alcohol.yaml)
    alcohol.controls_too_few,  # RP601
    alcohol.sales_hours,  # RP602
    alcohol.serving_hours,  # RP603
    # the control logs (alcohol/controls/)
    controls.outlet_not_controlled,  # RP611
    controls.controls_below_minimum,  # RP612
    controls.controllers_too_few,  # RP613
    controls.points_differ,  # RP614
    controls.withdrawal_due,  # RP615
    # the licence register (alcohol/licences.yaml)
    licences.licence_sales_hours,  # RP616
    licences.licence_serving_hours,  # RP617
    licences.licence_hours_policy,  # RP618
    licences.licence_past_period,  # RP619
    licences.register_counts_differ,  # RP620
    licences.control_unknown_outlet,  # RP621
    licences.outlet_unknown_municipality,  # RP622
    licences.register_duplicate_id,  # RP623
    # what a roll-forward left for a person to decide
    review.review_deadline,  # RP701
    review.review_outcome_unknown,  # RP702
)

REGISTRY: dict[str, Rule] = {rule.code: rule for rule in RULES}

"""A cost's or deadline's wording is read once (values._cost_meaning, values._deadline_meaning): the same wording, the same meaning."""

from __future__ import annotations

from rusplan.model import Cost, Deadline


def test_the_same_cost_wording_means_the_same_each_time_and_explicit_fields_still_win():
    first = Cost.model_validate("Innenfor ramme, kr 50 000")
    assert first.within_budget and first.amount_nok == 50000
    assert Cost.model_validate("Innenfor ramme, kr 50 000") == first
    assert Cost.model_validate({"text": "Innenfor ramme, kr 50 000", "within_budget": False}).within_budget is False
    assert Cost.model_validate("Innenfor ramme, kr 50 000") == first  # an explicit field does not change the wording's meaning


def test_the_same_deadline_wording_means_the_same_each_time_and_an_explicit_kind_still_wins():
    assert Deadline.model_validate("01.06.2026").date.isoformat() == "2026-06-01"
    assert Deadline.model_validate({"text": "01.06.2026", "kind": "other"}).date is None
    assert Deadline.model_validate("01.06.2026").kind == "date"

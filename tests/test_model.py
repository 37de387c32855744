"""Cost and deadline keep the plan's wording and say what it means."""

from __future__ import annotations

import datetime as dt

import pytest

from rusplan.model import Cost, Deadline


@pytest.mark.parametrize(
    ("text", "within_budget", "grant", "investment", "amount"),
    [
        ("Innenfor ramme", True, False, False, None),
        ("Innefor ramme/tilskudd", True, True, False, None),  # the Molde table's own spelling
        ("Innenfor ramme, tilskudd", True, True, False, None),
        ("Investering", False, False, True, None),
        ("kr 250 000", False, False, False, 250_000),
        ("Søkes tilskudd, 1 200 000 kr", False, True, False, 1_200_000),
    ],
)
def test_cost_wording_is_kept_and_read(text, within_budget, grant, investment, amount):
    cost = Cost.model_validate(text)
    assert cost.text == text
    assert (cost.within_budget, cost.grant, cost.investment, cost.amount_nok) == (within_budget, grant, investment, amount)


def test_cost_meaning_can_be_stated_explicitly():
    cost = Cost.model_validate({"text": "700 000", "amount_nok": 700000})
    assert (cost.text, cost.amount_nok, cost.within_budget) == ("700 000", 700000, False)


@pytest.mark.parametrize(
    ("value", "kind", "year", "date"),
    [
        (2021, "year", 2021, None),
        ("I planperioden", "period", None, None),
        ("I plan perioden", "period", None, None),
        ("Årlig", "annual", None, None),
        ("Løpende", "ongoing", None, None),
        ("31.12.2022", "date", 2022, dt.date(2022, 12, 31)),
        (dt.date(2023, 6, 1), "date", 2023, dt.date(2023, 6, 1)),
        ("Høsten 2022", "year", 2022, None),
        ("Når midler foreligger", "other", None, None),
    ],
)
def test_deadline_wording_is_kept_and_read(value, kind, year, date):
    deadline = Deadline.model_validate(value)
    assert deadline.kind.value == kind
    assert (deadline.year, deadline.date) == (year, date)
    assert deadline.text

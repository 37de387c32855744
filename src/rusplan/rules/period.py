"""RP501, RP502: the plan period follows the council term and the licence period."""

from rusplan.findings import Severity
from rusplan.rules.base import Context, rule

ELECTION_YEAR = 2019  # municipal elections every four years: 2019, 2023, 2027 …


def licence_year_from(year: int) -> int:
    """The first year from `year` on in which alcohol licences lapse: the year after a municipal
    election (2020, 2024, 2028 …; alkoholloven § 1-6). Plans follow the same four-year cycle."""
    return year + (ELECTION_YEAR + 1 - year) % 4


@rule("RP501", "period-length", Severity.warning)
def period_length(ctx: Context):
    """Plans are revised with each new council, every four years; alcohol
    licences follow the same term (alkoholloven § 1-6). Both «2020–2024» and
    «2021–2024» count as four years.

    ```yaml
    period: {start: 2025, end: 2030}   # RP501: seks år
    ```
    """
    period = ctx.plan.meta.period
    if period.end - period.start not in (3, 4):
        yield ctx.finding("RP501", "plan.yaml", ("period",), "period_length", start=period.start, end=period.end, years=period.end - period.start + 1)


@rule("RP502", "period-alignment", Severity.warning)
def period_alignment(ctx: Context):
    """Licences lapse on 30 September the year after a municipal election
    (2020, 2024, 2028 …). A plan that ends in such a year is revised together
    with the licensing policy.

    ```yaml
    period: {start: 2025, end: 2030}   # RP502: bevillingsperioden slutter 2028
    ```
    """
    end = ctx.plan.meta.period.end
    following = licence_year_from(end)
    if following != end:
        aligned = following - 4 if following - end >= 2 else following  # the nearer licence year; the earlier on a tie
        yield ctx.finding("RP502", "plan.yaml", ("period", "end"), "period_alignment", end=end, aligned=aligned)

"""HH034: a period claim spanning more than 30 days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import T
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH034(Rule):
    """
    What it checks:
        Since 2020-01-01 the unit of payment is a 30-day period. A period claim (329/327) starting
        on or after that date spans at most 30 days, counting both the From and the Through day
        (From 2024-03-01 allows Through up to 2024-03-30). Also flags a Through date before From.

    Why it matters:
        A claim over 30 days overlaps the next period; the contractor returns it.

    Failing example:
        TOB 329 from 2024-03-01 through 2024-03-31 (31 days).

    Passing example:
        TOB 329 from 2024-03-01 through 2024-03-30; or a shorter period ending at discharge.

    Known limits:
        Periods before 2020 were 60-day episodes and are not checked.
    """

    meta = RuleMeta(
        code="HH034",
        name="period-longer-than-30-days",
        severity="error",
        summary="Period claim (329/327, from 2020) longer than 30 days (From and Through counted)",
        message="{detail}",
        fix="End the claim on day 30 of the period (From + 29 days) or earlier at discharge; bill the "
        "rest on the next period's claim.",
        authority=(auth("S7", "rules.md §1.2 (unit of payment)"), auth("S8", "rules.md §1.2")),
        confidence="V",
        effective=Effective(start=dt.date(2020, 1, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        start, end = claim.statement_from, claim.statement_to
        if start is None:  # the engine reports it: the rule is keyed to the From date
            return
        if end is None:
            yield self.not_checked(claim, "no statement Through date", field="statement_to")
            return
        days = (end - start).days + 1
        limit = int(T("period_max_days"))
        if days < 1:
            yield self.finding(
                claim,
                field="statement_to",
                value=end.isoformat(),
                detail=f"statement Through date {end} is before the From date {start}",
            )
        elif days > limit:
            yield self.finding(
                claim,
                field="statement_to",
                value=end.isoformat(),
                detail=f"the period {start} to {end} spans {days} days; at most {limit} "
                f"(Through no later than {start + dt.timedelta(days=limit - 1)})",
            )

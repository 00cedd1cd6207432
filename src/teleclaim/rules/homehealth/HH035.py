"""HH035: a service line dated outside the statement period."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH035(Rule):
    """
    What it checks:
        Every dated service line of a home-health claim (other than an NOA) falls inside the
        statement period From-Through. Line date ranges are checked at both ends.

    Why it matters:
        A visit outside the period belongs to another period's claim; the line is rejected and the
        visit counts of both periods are wrong.

    Failing example:
        TOB 329 for 2024-03-01 to 2024-03-30 with `0551 G0299 2024-04-02`.

    Passing example:
        `0551 G0299 2024-03-29`.

    Known limits:
        No cited source states this edit itself (it follows from the period being the unit of
        payment, S7/S8, and from the 837I statement dates, X12): confidence I (inferred, not
        verified in a source), a warning, configurable.
    """

    meta = RuleMeta(
        code="HH035",
        name="line-date-outside-statement-period",
        severity="warning",
        summary="Service line dated outside the statement From-Through period",
        message="line date {day} is outside the statement period {start} to {end}",
        fix="Move the service to the claim of the period it belongs to, or correct the date.",
        authority=(auth("S8", "rules.md §1.2 (30-day period)"), auth("X12", "2300 DTP*434 statement dates")),
        confidence="I",
        effective=Effective(keyed_to="line_date"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        start, end = claim.statement_from, claim.statement_to
        if v.is_noa or start is None or end is None:
            return
        for ln in claim.lines:
            if ln.date is None:
                continue
            last = ln.date_to or ln.date
            if ln.date < start or last > end:
                day = ln.date if ln.date < start or ln.date > end else last
                yield self.finding(claim, line=ln, field="date", value=day.isoformat(), day=day, start=start, end=end)

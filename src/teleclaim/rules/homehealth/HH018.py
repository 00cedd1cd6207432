"""HH018: G0322 units that cannot be the number of monitoring days in the period."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, is_whole, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH018(Rule):
    """
    What it checks:
        G0322 units are the number of days of remote monitoring in the period: a whole number of at
        least 1 and at most the days from the line's first monitoring date through the statement
        Through date (or the days of the statement period when the line has no date).

    Why it matters:
        Units in 15-minute increments or above the days available misreport the monitoring and are
        returned for correction.

    Failing example:
        Period 2024-03-01 to 2024-03-30, line `0551 G0322 2024-03-20 15 units` (11 days left).

    Passing example:
        `0551 G0322 2024-03-02 18 units`.

    Known limits:
        Needs the statement Through date; without it the rule reports not_checked.
    """

    meta = RuleMeta(
        code="HH018",
        name="rpm-units-not-monitoring-days",
        severity="error",
        summary="G0322 units not a day count that fits in the period",
        message="G0322 units {units} {why}",
        fix="Set the units to the number of days the patient transmitted data in this period.",
        authority=(auth("S4", "rules.md §2 (units G0322), §1.13 item 10"),),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(codes=S("rpm_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        rpm = S("rpm_codes")
        for ln in v.telecom:
            if code_of(ln) not in rpm:
                continue
            u = ln.units
            if u is None or u < 1 or not is_whole(u):
                yield self.finding(
                    claim,
                    line=ln,
                    field="units",
                    value=u,
                    units=u,
                    why="must be a whole number of monitoring days (at least 1)",
                )
                continue
            end = claim.statement_to
            if end is None:
                yield self.not_checked(claim, "no statement Through date to count the days", line=ln)
                continue
            start = ln.date or claim.statement_from
            if ln.date and claim.statement_from and ln.date < claim.statement_from:
                start = claim.statement_from  # days before the period are not this period's
            if start is None:
                yield self.not_checked(claim, "no line or statement From date to count the days", line=ln)
                continue
            days = (end - start).days + 1
            if u > days:
                yield self.finding(
                    claim,
                    line=ln,
                    field="units",
                    value=u,
                    units=u,
                    why=f"exceed the {days} days from {start} through {end}",
                )

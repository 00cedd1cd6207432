"""HH036: the claim's total charge differs from the sum of its line charges."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Rule, RuleMeta

_ZERO = Decimal(0)


class HH036(Rule):
    """
    What it checks:
        The total claim charge (CLM02) equals the sum of the service-line charges (SV203).

    Why it matters:
        Front-end edits reject claims whose total does not balance, and a wrong total hides a lost
        or doubled line.

    Failing example:
        CLM02 520.00 with lines adding up to 520.02.

    Passing example:
        CLM02 520.02 with lines 0.00 + 200.00 + 0.01 + 170.00 + 150.01.

    Known limits:
        The balancing rule comes from the 837I implementation guide (source X12), not from a Medicare
        source: confidence I (inferred, not verified in a Medicare source), a warning, configurable
        (set it to error in `[rules.severity]`). Claims without lines are not checked.
    """

    meta = RuleMeta(
        code="HH036",
        name="total-charge-not-sum-of-lines",
        severity="warning",
        summary="Total claim charge (CLM02) not equal to the sum of the line charges",
        message="total charge {total} differs from the sum of the line charges {sum}",
        fix="Make CLM02 the sum of all line charges (SV203).",
        authority=(auth("X12", "2300 CLM02 total claim charge amount"),),
        confidence="I",
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if not claim.lines:
            return
        total = Decimal(0)
        for ln in claim.lines:
            total += ln.charge or _ZERO
        if claim.total_charge is None:
            yield self.finding(claim, field="total_charge", message="the claim has no total charge (CLM02)")
        elif claim.total_charge != total:
            yield self.finding(
                claim, field="total_charge", value=str(claim.total_charge), total=claim.total_charge, sum=total
            )

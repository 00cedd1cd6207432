"""HH041: a no-pay bill (condition code 21) with covered charges."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH041(Rule):
    """
    What it checks:
        A no-payment bill (condition code 21, billing for a denial notice) reports every charge as
        non-covered: each line's non-covered charge (SV207) equals its charge.

    Why it matters:
        Covered charges on a no-pay bill ask for a payment the bill says is not due; the contractor
        returns it.

    Failing example:
        TOB 329 with condition code 21 and `0551 G0299 2024-03-02 4 units $200.00` with no
        non-covered amount.

    Passing example:
        The same line with non-covered charge $200.00.

    Known limits:
        Lines with a zero charge are accepted.
    """

    meta = RuleMeta(
        code="HH041",
        name="no-pay-bill-with-covered-charges",
        severity="error",
        summary="Condition code 21 (no-pay bill) with covered charges on a line",
        message="no-pay bill (condition code 21): line charge {charge} is not all non-covered ({nc})",
        fix="Report the whole charge of every line as non-covered (SV207), or remove condition code 21.",
        authority=(auth("S22", "rules.md §1.2 (no-pay bill), §1.10 (21)"),),
        confidence="V",
    )
    triggers = Triggers(conditions=("21",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if "21" not in {c.strip() for c in claim.conditions}:
            return
        for ln in claim.lines:
            if ln.charge and ln.charge > 0 and (ln.non_covered_charge or 0) != ln.charge:
                yield self.finding(
                    claim,
                    line=ln,
                    field="charge",
                    value=str(ln.charge),
                    charge=ln.charge,
                    nc=ln.non_covered_charge or 0,
                )

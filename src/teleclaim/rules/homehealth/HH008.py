"""HH008: service lines other than the HIPPS line on a notice of admission."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, rev4
from teleclaim.rules.meta import Rule, RuleMeta


class HH008(Rule):
    """
    What it checks:
        A notice of admission (TOB 32A) or its cancel (32D) reports the admission, not services:
        flags every line other than the revenue code 0023 HIPPS line (visits, supplies, telecom).

    Why it matters:
        Services billed on an NOA are not paid there and are easy to forget on the period claim
        (329) where they belong; some contractors reject the NOA.

    Failing example:
        TOB 32A with lines `0023 1AA11` and `0551 G0299 2024-03-04 4 units $200.00`.

    Passing example:
        TOB 32A with the single line `0023 1AA11 $0.00`.

    Known limits:
        Inferred from the minimal NOA data set (confidence I): a warning, configurable per payer.
    """

    meta = RuleMeta(
        code="HH008",
        name="noa-has-service-lines",
        severity="warning",
        summary="Notice of admission (32A/32D) carrying lines other than the 0023 HIPPS line",
        message="line with revenue code {rev} on an NOA; an NOA reports the admission, not services",
        fix="Remove the line from the NOA and bill the service on the period claim (329).",
        authority=(auth("S9", "rules.md §1.1 (minimal NOA data)"), auth("S10", "rules.md §1.1")),
        confidence="I",
        bill_types=("32A", "32D"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        hipps = S("hipps_revenue_codes")
        for ln in claim.lines:
            if rev4(ln.revenue_code) not in hipps:
                yield self.finding(claim, line=ln, field="revenue_code", value=ln.revenue_code, rev=ln.revenue_code)

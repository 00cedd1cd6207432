"""HH029: a prosthetic/orthotic supply line (0274) without a HCPCS code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, rev4, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH029(Rule):
    """
    What it checks:
        Among the supply revenue codes (027X) of a home-health claim, 0274 (prosthetic and
        orthotic devices) is the one that requires a HCPCS code. Flags 0274 lines without one.

    Why it matters:
        Prosthetic and orthotic devices are paid outside the period rate by HCPCS; the line cannot
        be priced without the code and is returned.

    Failing example:
        TOB 329 with `0274 (no HCPCS) 2024-03-04 1 unit $85.00`.

    Passing example:
        `0274 L3908 2024-03-04 1 unit $85.00`; or `0270 (no HCPCS)` (routine supplies need none).

    Known limits:
        Whether the HCPCS code is a prosthetic/orthotic code is not checked.
    """

    meta = RuleMeta(
        code="HH029",
        name="prosthetic-supply-line-missing-hcpcs",
        severity="error",
        summary="Revenue code 0274 (prosthetic/orthotic devices) line without a HCPCS code",
        message="revenue code 0274 requires a HCPCS code",
        fix="Add the device's HCPCS code to the 0274 line.",
        authority=(auth("S1", "rules.md §1.3 (027X), §1.13 item 12"),),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(revenue=S("hcpcs_required_supply_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa:
            return
        need = S("hcpcs_required_supply_codes")
        for ln in claim.lines:
            if rev4(ln.revenue_code) in need and not ln.code:
                yield self.finding(claim, line=ln, field="code", value=ln.revenue_code)

"""HH016: a telecom G-code line outside a discipline revenue code of a 32X period claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH016(Rule):
    """
    What it checks:
        G0320, G0321 and G0322 are reported on the HH PPS claim (TOB 32X, not an NOA) under the
        revenue code of the discipline that furnished the service (042X, 043X, 044X, 055X, 056X or
        057X). Flags them under any other revenue code, on an NOA, or on a 34X bill.

    Why it matters:
        The line is how the contractor attributes the telecommunication service to a discipline;
        under another revenue code or on the wrong bill type it is rejected.

    Failing example:
        TOB 329 with a line `0023 G0320 2024-03-12 1 unit`; or G0321 on TOB 341.

    Passing example:
        TOB 329 with `0421 G0321 2024-03-12 1 unit $0.00` (physical therapist's phone call).

    Known limits:
        Which discipline actually furnished the service is not visible on the claim.
    """

    meta = RuleMeta(
        code="HH016",
        name="telecom-line-misplaced",
        severity="error",
        summary="G0320-G0322 line outside a discipline revenue code (042X-057X) of a 32X claim",
        message="{code} {why}",
        fix="Report telecom G-codes on the 32X period claim under the revenue code of the discipline "
        "that furnished the service (042X-044X, 055X-057X).",
        authority=(auth("S4", "rules.md §2 (claim, line structure)"),),
        confidence="V",
    )
    triggers = Triggers(codes=S("telecom_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        visit_fams = S("visit_revenue_families")
        for ln in v.telecom:
            code = code_of(ln)
            if not v.is_32:
                why = f"is reported only on TOB 32X, not {claim.type_of_bill}"
            elif v.is_noa:
                why = "is not reported on a notice of admission"
            elif v.fam(ln) not in visit_fams:
                why = f"must be under a discipline revenue code (042X-057X), not {ln.revenue_code}"
            else:
                continue
            yield self.finding(claim, line=ln, field="revenue_code", value=ln.revenue_code, code=code, why=why)

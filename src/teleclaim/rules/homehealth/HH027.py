"""HH027: a claim change reason code not allowed for the bill's frequency (adjust vs cancel)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, T, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH027(Rule):
    """
    What it checks:
        An adjustment (frequency 7) takes one of D0-D4, D7-D9 or E0; a cancel (frequency 8) takes D5
        (wrong beneficiary or provider id) or D6 (repaying a duplicate or overpayment). Flags a
        reason code of the wrong family.

    Why it matters:
        A mismatch between the reason code and the frequency is rejected or returned; a D5/D6 on an
        adjustment is read as a cancel request that the bill does not make.

    Failing example:
        TOB 328 with condition code `D9`; TOB 327 with `D6`.

    Passing example:
        TOB 328 with `D5`; TOB 327 with `D2`.

    Known limits:
        D3 is inpatient-only and D4 inpatient-oriented; both are accepted on 327 as the claims
        processing manual lists them.
    """

    meta = RuleMeta(
        code="HH027",
        name="claim-change-reason-wrong-for-frequency",
        severity="error",
        summary="Claim change reason code of the wrong family for an adjustment (7) or cancel (8)",
        message="claim change reason {code} is not allowed on {tob}; use {allowed}",
        fix="Adjustments (xx7): D0-D4, D7-D9, E0. Cancels (xx8): D5 or D6.",
        authority=(auth("S3", "rules.md §1.11 (edits), §1.13 item 8"), auth("S2", "rules.md §1.11")),
        confidence="V",
        bill_types=("327", "328", "347", "348"),
    )
    triggers = Triggers(conditions=S("claim_change_reason_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        ccr = S("claim_change_reason_codes")
        allowed = T("claim_change_reasons_by_frequency").get(v.freq, [])
        for code in sorted(c for c in v.conditions if c in ccr and c not in allowed):
            yield self.finding(
                claim, field="conditions", value=code, code=code, tob=claim.type_of_bill, allowed=", ".join(allowed)
            )

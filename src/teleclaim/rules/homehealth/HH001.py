"""HH001: a 32X-only revenue code (055X/056X/057X) on an outpatient 34X bill."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH001(Rule):
    """
    What it checks:
        On a type of bill 34X (home-health services outside the HH PPS plan of care), flags every
        line whose revenue code is skilled nursing (055X), medical social services (056X) or home
        health aide (057X). These disciplines are billed only on the 32X plan-of-care claim.

    Why it matters:
        The contractor rejects or returns the 34X claim; the visits have to be billed on the
        patient's 329 period claim instead, and a late correction can miss the filing limit.

    Failing example:
        TOB 341 with a line `0551 G0299 2024-03-02 4 units $200.00`.

    Passing example:
        TOB 341 with a physical therapy line `0420 97110 ...` (042X-044X are allowed on 34X),
        or the nursing line moved to the 329 claim.

    Known limits:
        Only the revenue code is examined; whether the patient was under a plan of care (which
        decides 32X vs 34X) is not visible on one claim.
    """

    meta = RuleMeta(
        code="HH001",
        name="discipline-revenue-code-on-outpatient-bill",
        severity="error",
        summary="Revenue code 055X/056X/057X on a 34X bill (allowed only on 32X)",
        message="revenue code {rev} ({fam}) is allowed only on TOB 32X, not on {tob}",
        fix="Bill skilled nursing, medical social services and aide visits on the 32X period claim; "
        "remove the line from the 34X bill.",
        authority=(auth("S1", "rules.md §1.3, §1.13 item 1"), auth("S23", "rules.md §1.1 (34X)")),
        confidence="V",
        bill_types=("34X",),
    )
    triggers = Triggers(revenue=S("only_on_32x_families"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        banned = S("only_on_32x_families")
        for ln, fam in v.lines_with_fam():
            if fam in banned:
                yield self.finding(
                    claim,
                    line=ln,
                    field="revenue_code",
                    value=ln.revenue_code,
                    rev=ln.revenue_code,
                    fam=fam,
                    tob=claim.type_of_bill,
                )

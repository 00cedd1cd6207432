"""HH026: an adjustment or cancel without exactly one claim change reason code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, view
from teleclaim.rules.meta import Rule, RuleMeta


class HH026(Rule):
    """
    What it checks:
        An adjustment (TOB 327/347) or cancel (328/348) carries exactly one claim change reason code
        (condition codes D0-D9, E0).

    Why it matters:
        The reason code tells the contractor what changed; without one, or with several, the
        adjustment or cancel is rejected. Several changes at once are reported with D9 alone.

    Failing example:
        TOB 327 with condition codes `D1 D2`; or a 328 with none.

    Passing example:
        TOB 327 with `D9` and remarks explaining the changes; TOB 328 with `D6`.

    Known limits:
        Condition codes other than D0-D9/E0 on the claim are not considered.
    """

    meta = RuleMeta(
        code="HH026",
        name="claim-change-reason-not-exactly-one",
        severity="error",
        summary="Adjustment or cancel (xx7/xx8) without exactly one claim change reason code",
        message="{tob} carries {n} claim change reason codes{codes}; exactly one is required",
        fix="Report exactly one claim change reason code; for several changes use D9 with remarks.",
        authority=(auth("S2", "rules.md §1.11, §1.13 item 8"), auth("S3", "rules.md §1.11")),
        confidence="V",
        bill_types=("327", "328", "347", "348"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        ccr = S("claim_change_reason_codes")
        found = sorted(c for c in v.conditions if c in ccr)
        if len(found) != 1:
            yield self.finding(
                claim,
                field="conditions",
                value=found,
                tob=claim.type_of_bill,
                n=len(found),
                codes=f" ({', '.join(found)})" if found else "",
            )

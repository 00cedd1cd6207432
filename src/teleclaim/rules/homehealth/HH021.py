"""HH021: a hospice site-of-service Q-code on a home-health claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH021(Rule):
    """
    What it checks:
        Flags lines with Q5003-Q5008 or Q5010 on a home-health claim (32X/34X). These Q500x codes
        describe hospice settings (nursing facilities, hospitals, hospice facilities); an agency
        reports Q5001, Q5002 or Q5009.

    Why it matters:
        A hospice place-of-service code on a home-health claim is most likely a coding slip carried
        over from hospice billing, and the site-of-service requirement is then not met.

    Failing example:
        TOB 329 with `0551 Q5004 2024-03-02 1 unit $0.01`.

    Passing example:
        `0551 Q5001 2024-03-02 1 unit $0.01`.

    Known limits:
        That these codes are hospice-only is inferred (confidence I): a warning, configurable.
    """

    meta = RuleMeta(
        code="HH021",
        name="hospice-site-code-on-home-health-claim",
        severity="warning",
        summary="Hospice site-of-service code (Q5003-Q5008, Q5010) on a home-health claim",
        message="{code} is a hospice site-of-service code; home health uses Q5001, Q5002 or Q5009",
        fix="Use Q5001 (home), Q5002 (assisted living) or Q5009 (other place).",
        authority=(auth("S11", "rules.md §1.6"),),
        confidence="I",
    )
    triggers = Triggers(codes=S("hospice_site_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        hospice = S("hospice_site_codes")
        for ln in claim.lines:
            code = code_of(ln)
            if code in hospice:
                yield self.finding(claim, line=ln, field="code", value=code, code=code)

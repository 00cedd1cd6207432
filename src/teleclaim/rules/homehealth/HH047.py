"""HH047: a therapist-assistant maintenance G-code (G2168/G2169) on a RAP (TOB 322)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH047(Rule):
    """
    What it checks:
        G2168 (physical therapist assistant delivering a maintenance program) and G2169
        (occupational therapy assistant, same) are allowed on home-health bills of type 032X other
        than 0322. Flags either code on a Request for Anticipated Payment (TOB 322).

    Why it matters:
        CR 11721 opened the codes for the period claim only; on a RAP the line is invalid and the
        RAP is returned, which delays the period's anticipated payment.

    Failing example:
        TOB 322 from 2021-03-01 with a line `0421 G2168 2021-03-06 2 units $10.00`.

    Passing example:
        The same line on the period's final claim, TOB 329.

    Known limits:
        Only these two codes are named for the restriction; whether the dates are inside the codes'
        window (from 2020-01-01) is HH013's question.
    """

    meta = RuleMeta(
        code="HH047",
        name="assistant-maintenance-code-on-rap",
        severity="error",
        summary="G2168/G2169 (therapy assistant maintenance) on a RAP (TOB 322)",
        message="{code} is allowed on TOB 032X other than 0322; it cannot be reported on the RAP",
        fix="Report the G2168/G2169 visit on the period's claim (TOB 329) and leave it off the RAP.",
        authority=(auth("S13", "rules.md §1.5 (G2168/G2169)"),),
        confidence="V2",
        bill_types=("322",),
    )
    triggers = Triggers(codes=S("not_on_rap_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        banned = S("not_on_rap_codes")
        for ln in claim.lines:
            code = code_of(ln)
            if code in banned:
                yield self.finding(claim, line=ln, field="code", value=ln.code, code=code)

"""HH022: value code 61 (CBSA) missing or repeated on a period claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Rule, RuleMeta


class HH022(Rule):
    """
    What it checks:
        Every home-health PPS bill of type 32X (the period claim 329, its adjustment 327, and the
        RAP 322 of periods before 2022) carries value code 61 (the CBSA where the service was
        furnished) exactly once. NOAs (32A/32D), which carry only the minimal admission data, and
        cancels (328) are not checked.

    Why it matters:
        The CBSA sets the wage index of the period payment; a claim without it, or with two, is
        returned. When the patient moves during the period, report the CBSA at the period's end.

    Failing example:
        TOB 329 with value codes `85 19153.00` only; or `61 16980.00` and `61 99916.00`.

    Passing example:
        TOB 329 with `61 16980.00` and `85 17031.00`.

    Known limits:
        Whether the CBSA number is a real CBSA is not checked.
    """

    meta = RuleMeta(
        code="HH022",
        name="value-code-61-not-exactly-once",
        severity="error",
        summary="32X claim (329/327/322) without exactly one value code 61 (CBSA)",
        message="value code 61 (CBSA) appears {n} times; a 32X claim reports it exactly once",
        fix="Report value code 61 once, with the CBSA of the patient's residence at the period's end.",
        authority=(auth("S1", "rules.md §1.7, §1.13 item 6"),),
        confidence="V",
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        n = [vc.code.strip() for vc in claim.values].count("61")
        if n != 1:
            yield self.finding(claim, field="values", value=n, n=n)

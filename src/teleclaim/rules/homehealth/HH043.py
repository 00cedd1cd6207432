"""HH043: a DME or oxygen line (029X, 060X) without a HCPCS code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH043(Rule):
    """
    What it checks:
        Durable medical equipment (029X) and oxygen (060X) billed on a home-health period claim are
        expected to carry the item's HCPCS code.

    Why it matters:
        DME is paid by HCPCS outside the period rate; without the code the line cannot be priced.

    Failing example:
        TOB 329 with `0291 (no HCPCS) 2024-03-03 1 unit $60.00`.

    Passing example:
        `0291 E0143 2024-03-03 1 unit $60.00`.

    Known limits:
        The HCPCS requirement on 029X/060X lines is not verified in the sources (confidence I): a
        warning, configurable per payer.
    """

    meta = RuleMeta(
        code="HH043",
        name="dme-line-missing-hcpcs",
        severity="warning",
        summary="DME (029X) or oxygen (060X) line without a HCPCS code",
        message="{rev} line without a HCPCS code; DME and oxygen are expected to carry one",
        fix="Add the item's HCPCS code to the line.",
        authority=(auth("S1", "rules.md §1.3 (029X, 060X), §7"),),
        confidence="I",
        bill_types=("32X",),
    )
    triggers = Triggers(revenue=S("dme_families"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa:
            return
        fams = S("dme_families")
        for ln, fam in v.lines_with_fam():
            if fam in fams and not ln.code:
                yield self.finding(claim, line=ln, field="code", rev=ln.revenue_code)

"""HH011: a visit line coded with something other than a home-health discipline G-code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import CODE, discipline_families, view
from teleclaim.rules.meta import Rule, RuleMeta


class HH011(Rule):
    """
    What it checks:
        On 32X claims other than NOAs and cancels, the HCPCS code of a visit line (042X-057X) must
        be one of the home-health discipline G-codes (G0151-G0164, G0299/G0300, G0493-G0496,
        G2168/G2169, as listed with their revenue family in the curated HCPCS data). Flags CPT
        codes, other HCPCS codes and unknown codes.

    Why it matters:
        Home-health visits are reported only with the discipline G-codes; a therapy CPT code such as
        97110 on a 0421 line of a 329 is rejected.

    Failing example:
        TOB 329 with a line `0421 97110 2024-03-05 3 units $170.00`.

    Passing example:
        `0421 G0151 2024-03-05 3 units $170.00`.

    Known limits:
        Needs the curated code sets; without them the rule reports not_checked once per claim.
        Whether a code is valid on the line's date is HH013's question.
    """

    meta = RuleMeta(
        code="HH011",
        name="visit-line-code-not-discipline-g-code",
        severity="error",
        summary="Visit line (042X-057X) on a 32X claim coded with something other than a discipline G-code",
        message="{code} on visit line {rev} is not a home-health discipline G-code",
        fix="Code the visit with the discipline G-code of the service (PT G0151, SN G0299/G0300, aide G0156 ...).",
        authority=(auth("S1", "rules.md §1.5, §1.13 item 3"), auth("S12", "rules.md §1.5")),
        confidence="V",
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        fams = discipline_families(ctx)
        for ln in v.visits:
            code = CODE[ln.code]
            if not code:
                continue
            if fams is None:
                yield self.not_checked(claim, "the curated HCPCS data is not available")
                return
            if fams[code] is None:
                yield self.finding(claim, line=ln, field="code", value=ln.code, code=code, rev=ln.revenue_code)

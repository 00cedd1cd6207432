"""HH010: a home-health visit line without a HCPCS code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Rule, RuleMeta


class HH010(Rule):
    """
    What it checks:
        On 32X claims other than NOAs and cancels, every visit line (revenue code 042X, 043X, 044X,
        055X, 056X or 057X, other than telecom and site-of-service lines) must carry exactly one
        HCPCS code: the discipline G-code of the service the clinician spent most of the visit on.
        Flags visit lines with no code.

    Why it matters:
        Per-visit payment (LUPA), the visit counts of PDGM and the skilled-visit test all read the
        G-code; a visit line without it is rejected and the claim returned.

    Failing example:
        TOB 329 with a line `0551 (no HCPCS) 2024-03-02 4 units $200.00`.

    Passing example:
        The same line coded `0551 G0299`.

    Known limits:
        A line can hold only one code, so "several codes for one visit" shows up as several lines on
        the same day, which is legitimate for two visits and cannot be told apart.
    """

    meta = RuleMeta(
        code="HH010",
        name="visit-line-missing-hcpcs",
        severity="error",
        summary="Visit line (042X-057X) on a 32X claim without its G-code",
        message="visit line with revenue code {rev} has no HCPCS code; report one discipline G-code",
        fix="Add the one G-code of the discipline and service of the visit (e.g. 0551 G0299).",
        authority=(auth("S1", "rules.md §1.3 (other line rules), §1.13 item 3"),),
        confidence="V",
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        for ln in v.visits:
            if not ln.code:
                yield self.finding(claim, line=ln, field="code", rev=ln.revenue_code)

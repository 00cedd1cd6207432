"""TH030: G2025 (RHC/FQHC distant-site telehealth) on a professional claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of


class TH030(Rule):
    """
    What it checks:
        A line coded G2025 on an 837P claim. G2025 is the code rural health clinics and federally
        qualified health centers use for distant-site telehealth on their own institutional claim
        (TOB 71X/77X, revenue code 052X).

    Why it matters:
        A practitioner's professional claim has no place for the clinic's telehealth code; the line
        is denied. A practitioner outside the clinic bills the service itself (e.g. 99213 with POS
        02/10).

    Failing example:
        Line `G2025` dated 2025-12-02 with POS 10 on an 837P.

    Passing example:
        Line `99213` dated 2025-12-02 with POS 10 on an 837P.

    Known limits:
        None known.
    """

    meta = RuleMeta(
        code="TH030",
        name="rhc-fqhc-telehealth-code-on-professional-claim",
        severity="error",
        summary="G2025 (RHC/FQHC distant-site telehealth) on a professional 837P claim",
        message="G2025 is the RHC/FQHC distant-site telehealth code of the clinic's institutional claim "
        "(837I, TOB 71X/77X); it is not billable on a professional claim",
        fix="The clinic bills G2025 on its 837I (TOB 711/771, revenue code 052X); a practitioner outside the clinic "
        "bills the service's own code with the telehealth POS.",
        authority=(
            auth("AUD-RHC-CLAIM", "G2025 on the RHC/FQHC institutional claim"),
            auth("AUD-G2025", "CY2026 PFS final rule pp. 674-677"),
        ),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=("G2025",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        for ln in claim.lines:
            if code_of(ln) == "G2025":
                yield self.finding(claim, line=ln, field="code", value="G2025")

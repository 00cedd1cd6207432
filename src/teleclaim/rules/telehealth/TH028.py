"""TH028: a home-health telecommunications reporting code (G0320-G0322) on a professional claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of

HH_TELECOM = frozenset({"G0320", "G0321", "G0322"})


class TH028(Rule):
    """
    What it checks:
        A line coded G0320 (home-health service by two-way audio and video), G0321 (audio-only) or
        G0322 (remote physiologic data collected by the agency) on an 837P claim. These codes exist
        only to report a home health agency's telecommunication services on its institutional HH
        PPS claim (TOB 32X); they carry no Part B payment. The finding stands whatever a fee
        schedule release says about the code's status.

    Why it matters:
        Some code pages present G0320 as a billable telehealth or remote-monitoring code for
        practitioners. On a professional claim the line is denied; the practitioner's service is
        billed with its own code (an E/M with POS 02/10, or the RPM codes 99453-99458).

    Failing example:
        Line `G0320` dated 2025-12-02 with POS 10 on an 837P.

    Passing example:
        Line `99213` dated 2025-12-02 with POS 10 on an 837P (the agency reports its `0551 G0320`
        line on its own 837I period claim).

    Known limits:
        The date of the line is not judged here (TH001 reports a code outside its window).
    """

    meta = RuleMeta(
        code="TH028",
        name="home-health-telecom-code-on-professional-claim",
        severity="error",
        summary="G0320-G0322 (home-health telecommunications reporting) on a professional 837P claim",
        message="{code} is a home-health agency reporting code for the HH PPS claim (837I, TOB 32X); it is "
        "not billable on a professional claim",
        fix="Bill the practitioner's own service (an E/M line with POS 02/10, or 99453-99458 for remote "
        "monitoring); the home health agency reports G0320-G0322 on its 837I period claim.",
        authority=(
            auth("S4", "rules.md §2 (claim: HH PPS claim TOB 32X; not a professional service)"),
            auth("AUD-HH-TELECOM", "reporting on TOB 32X only, no separate payment"),
        ),
        confidence="V",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=HH_TELECOM)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        for ln in claim.lines:
            code = code_of(ln)
            if code in HH_TELECOM:
                yield self.finding(claim, line=ln, field="code", value=code, code=code)

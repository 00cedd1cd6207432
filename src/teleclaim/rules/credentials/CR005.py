"""CR005: the clinician opted out of Medicare for the date of service of a Medicare claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import ENROLLMENT, facts, is_medicare
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR005(Rule):
    """
    What it checks:
        With a roster, on a claim judged by the Medicare profile, no line's clinician has a Medicare
        opt-out period (`medicare_opt_out`, `from`/`to` inclusive) covering the line's date.

    Why it matters:
        A practitioner who opted out of Medicare contracts privately with patients: Medicare pays
        nothing for their services, and submitting them breaks the opt-out terms.

    Failing example:
        Roster: opt-out from 2026-01-01 to 2027-12-31; Medicare line dated 2026-01-01.

    Passing example:
        The same roster; line dated 2025-12-31.

    Known limits:
        Emergency and urgent care by an opted-out practitioner (which may be billed) is not told
        apart.
    """

    meta = RuleMeta(
        code="CR005",
        name="clinician-opted-out-of-medicare",
        severity="error",
        summary="Clinician opted out of Medicare on the date of a Medicare claim",
        message="NPI {npi} ({name}) opted out of Medicare from {start} to {end}: Medicare does not pay for the "
        "service of {day}",
        fix="Do not bill Medicare for an opted-out practitioner's services (private contract); or correct the "
        "roster's opt-out period.",
        authority=(ENROLLMENT,),
        confidence="V2",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837P",),
        bill_types=("*",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None or not is_medicare(ctx):
            return
        for r in facts(claim, ctx)[2]:
            o, c = r.opt_out, r.clinician
            if o is not None and c is not None:
                yield self.finding(
                    claim,
                    line=r.line,
                    value=c.npi,
                    npi=c.npi,
                    name=c.name,
                    start=o.start,
                    end=o.end or "open",
                    day=r.day,
                )

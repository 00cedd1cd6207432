"""CR004: the clinician is not enrolled with the claim's payer on the date of service."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import ENROLLMENT, facts
from teleclaim.rules.meta import Effective, Rule, RuleMeta

_CODES = ("not_enrolled", "enrollment_not_effective", "enrollment_excludes_telehealth")


class CR004(Rule):
    """
    What it checks:
        With a roster, each line's clinician has an approved enrollment with the claim's payer
        (roster `payer` = the payer profile, e.g. medicare, its family, or the payer id of 2010BB)
        effective on the line's date (`effective_from` and `effective_to` inclusive), allowing
        telehealth when the line is telehealth (POS 02/10 or modifier 95/93). A clinician whose
        roster entry lists no enrollment at all is reported as not checked.

    Why it matters:
        Payers deny claims of clinicians not enrolled (or not yet effective) with them; Medicare
        pays nothing for services before the effective date of enrollment.

    Failing example:
        Roster: Medicare enrollment effective from 2026-01-15; line date 2026-01-14.

    Passing example:
        The same roster; line date 2026-01-15 (the effective day).

    Known limits:
        Group reassignment and practice-location enrollment are not modelled.
    """

    meta = RuleMeta(
        code="CR004",
        name="clinician-not-enrolled-with-payer",
        severity="error",
        summary="Clinician not enrolled with the claim's payer on the date of service",
        message="NPI {npi} ({name}) on {day}: {why}",
        fix="Check the clinician's enrollment with the payer (PECOS for Medicare); hold the claim until the "
        "enrollment is effective, or correct the roster.",
        authority=(ENROLLMENT,),
        confidence="V",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837P",),
        bill_types=("*",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None:
            return
        told = set()
        for r in facts(claim, ctx)[2]:
            c, ln = r.clinician, r.line
            if c is None or r.day is None:
                continue
            if not c.enrollments:
                if c.npi not in told:
                    told.add(c.npi)
                    yield self.not_checked(claim, f"the roster lists no payer enrollment for NPI {c.npi}", line=ln)
                continue
            problems = r.enrollment[1] if r.enrollment is not None else []
            if not problems:
                continue
            if any(p["code"] == "opted_out_of_medicare" for p in problems):
                continue  # CR005 says why (the first cause, not the cascade)
            for p in problems:
                if p["code"] in _CODES:
                    yield self.finding(
                        claim,
                        line=ln,
                        value=c.npi,
                        npi=c.npi,
                        name=c.name,
                        day=r.day,
                        why=p["message"],
                        details={"problem": p["code"]},
                    )

"""CR006: the taxonomy on the claim is not among the clinician's roster taxonomies."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import ENROLLMENT, facts, line_pointer, located
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR006(Rule):
    """
    What it checks:
        With a roster, the taxonomy sent for a line's clinician (PRV of 2420A, 2310B or the individual
        billing provider 2000A) is one of the NUCC taxonomy codes the roster lists for that NPI.
        Clinicians whose roster entry lists no taxonomy are not judged.

    Why it matters:
        Payers compare the claim's taxonomy with the enrolled specialty; a mismatch is a common
        reason for denial or for a wrong fee schedule.

    Failing example:
        Roster taxonomies `[207Q00000X]`; the claim sends `PRV*PE*PXC*207R00000X`.

    Passing example:
        The claim sends `PRV*PE*PXC*207Q00000X`.

    Known limits:
        A claim without a PRV segment is not judged.
    """

    meta = RuleMeta(
        code="CR006",
        name="taxonomy-not-on-roster",
        severity="warning",
        summary="Claim taxonomy not among the clinician's roster taxonomies",
        message="taxonomy {tax} of NPI {npi} ({name}) is not on the roster ({have})",
        fix="Send the taxonomy the clinician is enrolled under, or add it to the roster.",
        authority=(ENROLLMENT,),
        confidence="I",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837P",),
        bill_types=("*",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None:
            return
        seen = set()
        for r in facts(claim, ctx)[2]:
            c, prov = r.clinician, r.prov
            if c is None or not c.taxonomy or not prov.taxonomy:
                continue
            tax = prov.taxonomy.strip().upper()
            if tax in c.taxonomy or (prov.npi, tax) in seen:
                continue
            seen.add((prov.npi, tax))
            f = self.finding(
                claim,
                line=r.line if r.loop == "2420A" else None,
                value=tax,
                tax=tax,
                npi=c.npi,
                name=c.name,
                have=", ".join(c.taxonomy),
            )
            yield located(f, claim, r.loop, "PRV03", line_pointer(claim, r.line, r.loop, "taxonomy"))

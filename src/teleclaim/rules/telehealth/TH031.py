"""TH031: a JSON claim whose claim filing indicator is not an X12 claim filing indicator code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.refdata.payers import shipped_profiles
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Effective, Rule, RuleMeta
from teleclaim.rules.telehealth._sources import auth


class TH031(Rule):
    """
    What it checks:
        A claim in the JSON claim form whose `claim_filing` (the 837's SBR09) is not one of the X12
        5010 claim filing indicator codes (MA, MB, MC, CI, BL, HM, 11-17, AM, CH, DS, FI, LM, OF,
        TV, VA, WC, ZZ). The payer profile of a claim without a mapped payer id comes from this
        code; an unknown one would silently take the default (Medicare) profile.

    Why it matters:
        The claim would be judged by the wrong payer's telehealth rules, and the 837 written from
        it is rejected at the front end (999 IK403 7).

    Failing example:
        JSON claim with `"claim_filing": "XX"`.

    Passing example:
        JSON claim with `"claim_filing": "MB"`.

    Known limits:
        837 files are not judged here: the X12 reader reports the element itself (X12016).
    """

    meta = RuleMeta(
        code="TH031",
        name="claim-filing-indicator-unknown",
        severity="error",
        summary="JSON claim with a claim filing indicator (SBR09) outside the X12 code list",
        message="claim filing indicator {value!r} is not an X12 claim filing indicator code; the claim would "
        "silently take the default payer profile",
        fix="Use the claim filing indicator of the payer (MB Medicare Part B, MA Part A, MC Medicaid, CI commercial "
        "...), or map the payer id to a profile in teleclaim.toml.",
        authority=(auth("X12", "loop 2000B SBR09, claim filing indicator code list"),),
        confidence="V",
        effective=Effective(keyed_to="as_of"),
        claim_types=("837I", "837P"),
        bill_types=("*",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        filing = claim.claim_filing
        src = claim.source
        if not filing or (src is not None and src.transaction_control is not None):
            return  # read from an 837: X12016 on SBR09
        if filing.upper() not in shipped_profiles().filing:
            yield self.finding(claim, field="claim_filing", value=filing)

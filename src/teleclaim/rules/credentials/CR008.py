"""CR008: the home-health certifying physician is absent from the CMS Order and Referring file."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._certifier import certifier_status
from teleclaim.rules.credentials._view import cite, is_medicare, located
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR008(Rule):
    """
    What it checks:
        When the CMS Order and Referring file was imported (`teleclaim data import FILE`), the
        attending / certifying physician (2310A) of a Medicare home-health claim (837I 32X) is in it
        with the HHA flag. The file carries no dates: the finding names its release.

    Why it matters:
        CMS builds that file from PECOS: a certifier absent from it will likely fail the
        ordering/certifying edit and the claim is denied.

    Failing example:
        Certifier NPI 1234567893 is not in the imported file (release 2026-02-19).

    Passing example:
        The file lists 1234567893 with HHA = Y.

    Known limits:
        The file is a snapshot: a physician enrolled after its release is reported until the next
        import, hence a warning. When the roster already shows the certifier not enrolled, CR007
        reports it instead.
    """

    meta = RuleMeta(
        code="CR008",
        name="certifier-not-in-order-referring-file",
        severity="warning",
        summary="HH certifying physician absent from the imported CMS Order and Referring file (HHA)",
        message="certifying physician NPI {npi} is not eligible to certify home health in the CMS Order and "
        "Referring file of {release}",
        fix="Check the physician's PECOS enrollment; import a newer Order and Referring file if they enrolled since.",
        authority=(cite("CMS-ORDREF", "HHA eligibility"),),
        confidence="V2",
        effective=Effective(keyed_to="period_from"),
        claim_types=("837I",),
        bill_types=("32X",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None or ctx.roster.ordering is None or not is_medicare(ctx):
            return
        if claim.type_of_bill in ("32A", "32D"):
            return
        npi, _c, status = certifier_status(claim, ctx)
        if npi is None or status == "not_enrolled":
            return
        orl = ctx.roster.ordering
        if not orl.may_certify_home_health(npi):
            f = self.finding(claim, value=npi, npi=npi, release=orl.released or "unknown date")
            yield located(f, claim, "2310A", "NM109", "/attending/npi")

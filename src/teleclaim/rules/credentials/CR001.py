"""CR001: an NPI on the claim fails its check digit."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.credentials.npi import npi_problem
from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import cite, located
from teleclaim.rules.meta import Effective, Rule, RuleMeta

#: (claim attribute, X12 loop, JSON pointer) of the claim-level providers
_UNSEEN = object()
_CLAIM_PARTIES = (
    ("billing_provider", "2010AA"),
    ("pay_to", "2010AB"),
    ("attending", "2310A"),
    ("rendering", "2310B"),
    ("referring", "2310F"),
    ("service_facility", "2310C"),
)


class CR001(Rule):
    """
    What it checks:
        Every NPI on the claim (billing, pay-to, attending, rendering, referring, service facility,
        and each line's rendering and referring provider) passes the NPI check digit: the Luhn
        algorithm over the prefix 80840 followed by the first nine digits gives the tenth digit.
        It runs with or without a roster.

    Why it matters:
        An NPI with a wrong check digit is a typing error: the claim is rejected at the front end,
        or, worse, matched to nobody and denied later.

    Failing example:
        Rendering provider `NM1*82*1*SAMPLE*ANA****XX*1234567890` (the last digit should be 3).

    Passing example:
        Rendering provider `NM1*82*1*SAMPLE*ANA****XX*1234567893`.

    Known limits:
        A well-formed NPI may still belong to someone else; only the NPPES registry can tell.
    """

    meta = RuleMeta(
        code="CR001",
        name="npi-check-digit-invalid",
        severity="error",
        summary="An NPI on the claim fails its check digit",
        message="the {who} NPI {why}",
        fix="Copy the NPI again from NPPES (npiregistry.cms.hhs.gov); an NPI is 10 digits whose last digit is a "
        "Luhn check digit over 80840 and the first nine digits.",
        authority=(cite("CMS-NPI", "check digit"),),
        confidence="V",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837I", "837P"),
        bill_types=("*",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        known = ctx.memo.get("cr_npi_problem")
        if known is None:
            known = ctx.memo["cr_npi_problem"] = {}
        seen = set()
        for attr, loop in _CLAIM_PARTIES:
            p = getattr(claim, attr)
            npi = p.npi if p is not None else None
            if not npi:
                continue
            why = known.get(npi, _UNSEEN)
            if why is _UNSEEN:
                why = known[npi] = npi_problem(npi)
            if why and npi not in seen:
                seen.add(npi)
                f = self.finding(claim, value=npi, who=attr.replace("_", " "), why=why)
                yield located(f, claim, loop, "NM109", f"/{attr}/npi")
        for i, ln in enumerate(claim.lines):
            if ln.rendering is None and ln.referring is None:
                continue  # most lines: no line-level provider
            for attr, loop in (("rendering", "2420A"), ("referring", "2420F")):
                p = getattr(ln, attr)
                npi = p.npi if p is not None else None
                if not npi:
                    continue
                why = known.get(npi, _UNSEEN)
                if why is _UNSEEN:
                    why = known[npi] = npi_problem(npi)
                if why and npi not in seen:
                    seen.add(npi)
                    f = self.finding(claim, line=ln, value=npi, who=f"line {attr}", why=why)
                    yield located(f, claim, loop, "NM109", f"/lines/{i}/{attr}/npi")

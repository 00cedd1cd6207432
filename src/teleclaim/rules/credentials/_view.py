"""What the credential edits share: the patient's state, the clinician of a line, the payer names,
the telehealth mode of a line, and the NPIs of a claim with their X12 places.

Patient state: the patient's address (2010CA N4) when the patient is not the subscriber, else the
subscriber's (2010BA N4). The claim does not say where the patient sat during the visit, so the
messages say "the patient's address state". The clinician of an 837P line: the line's rendering
provider (2420A), else the claim's (2310B), else an individual billing provider (2010AA, NM102 = 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.model.claim import Claim, Provider, ServiceLine
from teleclaim.rules.meta import Authority

LICENSURE = Authority(title="HHS, Licensure compacts", url="https://telehealth.hhs.gov/licensure/licensure-compacts",
                      section="rules.md §4", source="S38")
ENROLLMENT = Authority(title="CMS MLN Medicare Provider Enrollment (MLN9658742)",
                       url="https://www.cms.gov/Outreach-and-Education/Medicare-Learning-Network-MLN/MLNProducts/"
                           "EnrollmentResources/provider-resources/provider-enrolment/Med-Prov-Enroll-MLN9658742.html",
                       section="rules.md §4", source="S39")
TELEHEALTH_POS = ("02", "10")
TELEHEALTH_MODS = ("95", "93", "GT", "FQ")


def patient_state(claim: Claim) -> tuple[str | None, str]:
    """(state, loop) of the patient's address."""
    if claim.patient is not None:
        a = claim.patient.address
        return (a.state.strip().upper() if a and a.state else None), "2010CA"
    a = claim.subscriber.address if claim.subscriber else None
    return (a.state.strip().upper() if a and a.state else None), "2010BA"


def clinician(claim: Claim, line: ServiceLine | None) -> tuple[Provider | None, str]:
    if line is not None and line.rendering is not None and line.rendering.npi:
        return line.rendering, "2420A"
    if claim.rendering is not None and claim.rendering.npi:
        return claim.rendering, "2310B"
    b = claim.billing_provider
    if b is not None and b.entity_type == "1" and b.npi:
        return b, "2010AA"
    return None, ""


def day_of(claim: Claim, line: ServiceLine) -> dt.date | None:
    return line.date or claim.statement_from


def mode_of(claim: Claim, line: ServiceLine) -> str:
    pos = line.pos or claim.facility_code
    mods = {m.upper() for m in line.modifiers}
    return "telehealth" if pos in TELEHEALTH_POS or mods & set(TELEHEALTH_MODS) else "in_person"


def payer_names(claim: Claim, ctx: Any) -> tuple[str | None, ...]:
    """What a roster enrollment's ``payer`` may say for this claim: the profile name, its family
    (``medicare``) and the payer id (2010BB NM109)."""
    prof = ctx.payer
    return (getattr(prof, "name", None), getattr(prof, "family", None),
            claim.payer.id if claim.payer is not None else None)


def is_medicare(ctx: Any) -> bool:
    return getattr(ctx.payer, "family", None) == "medicare" or getattr(ctx.payer, "name", None) == "medicare"


def located(finding: Any, claim: Claim, loop: str, element: str, pointer: str) -> Any:
    """Point a finding at ``loop``/``element`` (X12 input) or the JSON ``pointer``."""
    src = claim.source
    finding.location = [loop, element] if src is not None and src.claim_segment is not None else [pointer]
    return finding


def line_pointer(claim: Claim, line: ServiceLine | None, loop: str, tail: str) -> str:
    if loop == "2420A" and line is not None:
        idx = next((i for i, ln in enumerate(claim.lines) if ln is line), line.line - 1)
        return f"/lines/{idx}/rendering/{tail}"
    return {"2310B": "/rendering/", "2010AA": "/billing_provider/", "2310A": "/attending/"}.get(loop, "/") + tail


def lines_by_clinician(claim: Claim, ctx: Any) -> list[tuple[ServiceLine, Provider, str, Any]]:
    """(line, provider, loop, roster clinician or None) for the lines whose clinician is known."""
    out = []
    for ln in claim.lines:
        prov, loop = clinician(claim, ln)
        if prov is None:
            continue
        out.append((ln, prov, loop, ctx.roster.get(prov.npi)))
    return out

"""What the credential edits share: the patient's state, the clinician of a line, the payer names,
the telehealth mode of a line, and the NPIs of a claim with their X12 places.

Patient state: the patient's address (2010CA N4) when the patient is not the subscriber, else the
subscriber's (2010BA N4). The claim does not say where the patient sat during the visit, so the
messages say "the patient's address state". The clinician of an 837P line: the line's rendering
provider (2420A), else the claim's (2310B), else an individual billing provider (2010AA, NM102 = 1).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from teleclaim.model.claim import Claim, Provider, ServiceLine
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Authority

if TYPE_CHECKING:
    from teleclaim.credentials.roster import Clinician, OptOut
    from teleclaim.credentials.treat import RosterIndex


def cite(source_id: str, section: str | None = None) -> Authority:
    """An authority by source id: title and link from the one source registry (``teleclaim sources``)."""
    from teleclaim.refdata.sources import source

    src = source(source_id)
    return Authority(title=src.title, url=src.url or "", section=section, source=src.id)


LICENSURE = cite("S38", "where the patient is located")
ENROLLMENT = cite("S39", "payer enrollment")
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


def mode_of(claim: Claim, line: ServiceLine) -> str:
    if (line.pos or claim.facility_code) in TELEHEALTH_POS:
        return "telehealth"
    return "telehealth" if any(m.upper() in TELEHEALTH_MODS for m in line.modifiers) else "in_person"


def payer_names(claim: Claim, ctx: Context) -> tuple[str | None, ...]:
    """What a roster enrollment's ``payer`` may say for this claim: the profile name, its family
    (``medicare``) and the payer id (2010BB NM109)."""
    prof = ctx.payer
    return (
        getattr(prof, "name", None),
        getattr(prof, "family", None),
        claim.payer.id if claim.payer is not None else None,
    )


def is_medicare(ctx: Context) -> bool:
    return getattr(ctx.payer, "family", None) == "medicare" or getattr(ctx.payer, "name", None) == "medicare"


def located(finding: Finding, claim: Claim, loop: str, element: str, pointer: str) -> Finding:
    """Point a finding at ``loop``/``element`` (X12 input) or the JSON ``pointer``."""
    src = claim.source
    finding.location = [loop, element] if src is not None and src.claim_segment is not None else [pointer]
    return finding


def line_pointer(claim: Claim, line: ServiceLine | None, loop: str, tail: str) -> str:
    if loop == "2420A" and line is not None:
        idx = next((i for i, ln in enumerate(claim.lines) if ln is line), line.line - 1)
        return f"/lines/{idx}/rendering/{tail}"
    return {"2310B": "/rendering/", "2010AA": "/billing_provider/", "2310A": "/attending/"}.get(loop, "/") + tail


class LineFacts:
    """What the CR edits need of one line: its clinician (provider, loop, roster entry or None), the
    date, the mode, and, when all are known, the licensure answer in the patient's state, the
    enrollment answer for the claim's payer and the Medicare opt-out period covering the date."""

    __slots__ = ("line", "prov", "loop", "clinician", "day", "mode", "licensure", "enrollment", "opt_out")

    def __init__(
        self,
        line: ServiceLine,
        prov: Provider,
        loop: str,
        clinician: Clinician | None,
        day: dt.date | None,
        mode: str,
        verdict: Verdict,
    ) -> None:
        self.line, self.prov, self.loop, self.clinician = line, prov, loop, clinician
        self.day, self.mode = day, mode
        self.licensure, self.enrollment, self.opt_out = verdict


#: (basis, problems, warnings) of a licensure or an enrollment answer (``teleclaim.credentials.treat``)
Answer = tuple[list[Any], list[Any], list[Any]]
#: the licensure answer in the patient's state, the enrollment answer, the opt-out period covering the day
Verdict = tuple[Answer | None, Answer | None, "OptOut | None"]
_NO_VERDICT: Verdict = (None, None, None)


def facts(claim: Claim, ctx: Context) -> tuple[str | None, str, list[LineFacts]]:
    """(patient state, its loop, the facts of each line whose clinician is known), computed once per
    claim and shared by the CR edits through ``ctx.scratch``; the answers per (clinician, state, day,
    mode, payer) are memoised for the run (the roster does not change during it)."""
    hit: tuple[str | None, str, list[LineFacts]] | None = ctx.scratch.get("cr_facts")
    if hit is not None:
        return hit
    state, sloop = patient_state(claim)
    roster = ctx.roster
    if roster is None:  # the CR edits ask only when the run has a roster
        return state, sloop, []
    out = []
    by_npi = roster.by_npi
    names = None
    for ln in claim.lines:
        prov, loop = clinician(claim, ln)
        if prov is None:
            continue
        c = by_npi.get(prov.npi or "")  # clinician() returns providers with an NPI
        day = ln.date or claim.statement_from
        mode = mode_of(claim, ln)
        verdict = _NO_VERDICT
        if c is not None and day is not None:
            names = names or payer_names(claim, ctx)
            verdict = _verdict(ctx, roster, c, state, day, mode, names)
        out.append(LineFacts(ln, prov, loop, c, day, mode, verdict))
    hit = ctx.scratch["cr_facts"] = (state, sloop, out)
    return hit


def _verdict(
    ctx: Context,
    roster: RosterIndex,
    c: Clinician,
    state: str | None,
    day: dt.date,
    mode: str,
    names: tuple[str | None, ...],
) -> Verdict:
    memo: dict[tuple[Any, ...], Verdict] | None = ctx.memo.get("cr_verdict")
    if memo is None:
        memo = ctx.memo["cr_verdict"] = {}
    key = (c.npi, state, day, mode, names)
    hit = memo.get(key)
    if hit is None:
        from teleclaim.credentials.treat import enrollment, licensure

        lic = licensure(c, state, day, mode, roster.compacts) if state else None
        enr = enrollment(c, names, day, mode) if c.enrollments else None
        opt = next((o for o in c.medicare_opt_out if o.covers(day)), None)
        hit = (lic, enr, opt)
        if len(memo) < _MEMO_MAX:
            memo[key] = hit
    return hit


_MEMO_MAX = 200_000

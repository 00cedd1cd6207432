"""TH004: the PHE telehealth method (in-person POS with modifier 95) used after it ended."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family, view


class TH004(Rule):
    """
    What it checks:
        For payers whose profile has a PHE method window (Medicare: 2020-03 to 2023-12-31, the
        in-person POS with modifier 95), a line dated after the window that carries 95 with a
        POS other than 02/10 is flagged, except the hospital outpatient POS 19/22 that Medicare keeps
        for a hospital-based clinician seeing a patient at home.

    Why it matters:
        From 2024 Medicare pays telehealth by POS 02 (facility rate) or 10 (non-facility rate); an
        office POS with 95 claims the in-person rate for a telehealth visit.

    Failing example:
        Medicare, line `99213 95` dated 2024-05-02 with POS 11.

    Passing example:
        Medicare, line `99213` (95 allowed) dated 2024-05-02 with POS 10.

    Known limits:
        Communication-technology services are TH008's finding. Other payers' rules come from their
        profiles (no PHE window: not checked).
    """

    meta = RuleMeta(
        code="TH004",
        name="phe-telehealth-method-after-it-ended",
        severity="error",
        summary="In-person POS with modifier 95 after the payer's PHE method ended",
        message="POS {pos} with modifier 95 on {day}: {payer} took the PHE method only through {end}",
        fix="Report POS 10 when the patient is at home, POS 02 otherwise (modifier 95 is allowed, "
        "not required); hospital-based clinicians with the patient at home keep POS 19/22 with 95.",
        authority=(auth("S26", "rules.md §3.1, §3.2"), auth("S27", "rules.md §3.1")),
        confidence="V",
        **PROFESSIONAL,
    )
    triggers = Triggers(modifiers=("95",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        phe = v.profile.get("phe_method")
        if not phe or not phe.get("to"):
            return
        keep = set(v.profile.get("in_person_pos_with_95_after_phe") or ())
        ctbs = family("ctbs")
        for ln in claim.lines:
            pos = v.pos(ln)
            if (
                ln.date is None
                or ln.date <= phe["to"]
                or "95" not in v.mods(ln)
                or pos in ("02", "10")
                or pos in keep
                or (ln.code or "").upper() in ctbs
            ):
                continue
            yield self.finding(
                claim,
                line=ln,
                field="pos",
                value=pos,
                pos=pos,
                day=ln.date,
                payer=v.profile.label,
                end=phe["to"],
                details={"payer_profile": v.profile.name},
            )

"""TH006: a telehealth line without the modifier the payer profile requires (95 or GT)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, families, view


class TH006(Rule):
    """
    What it checks:
        When the payer profile names a modifier for synchronous audio-video telehealth
        (`video_modifier`: 95 for the generic commercial profile, GT for the example Medicaid
        profile; none for Medicare), every line with POS 02/10 that is not audio-only (93/FQ) and not
        a communication-technology service must carry it.

    Why it matters:
        Payers that require the modifier deny or down-code telehealth lines without it.

    Failing example:
        Commercial claim (SBR09 CI), line `99213` with POS 10 and no modifier.

    Passing example:
        Commercial claim, line `99213 95` with POS 10.

    Known limits:
        Payer practice varies (commercial payers "frequently" require it; confidence I: inferred, not
        verified in a source): a warning by default; set `video_modifier` in the payer's profile to
        match its policy.
    """

    meta = RuleMeta(
        code="TH006",
        name="telehealth-modifier-required-by-payer",
        severity="warning",
        summary="Telehealth line without the audio-video modifier the payer requires",
        message="{payer} expects modifier {mod} on audio-video telehealth (POS {pos}); the line has {has}",
        fix="Add the payer's telehealth modifier (95 for most commercial payers; GT where a Medicaid "
        "plan still requires it), or set `video_modifier` in the payer profile.",
        authority=(auth("S28", "rules.md §3.2"), auth("S30", "rules.md §3.2")),
        confidence="I",
        **PROFESSIONAL,
    )

    triggers = Triggers(places=("02", "10"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        mod = v.profile.get("video_modifier")
        if not mod:
            return
        skip = _names_technology()
        audio = set(v.profile.get("audio_only_modifiers") or ()) | {"93", "FQ"}
        tele_days = None
        for ln in claim.lines:
            pos = v.pos(ln)
            mods = v.mods(ln)
            if pos not in ("02", "10") or (ln.code or "").upper() in skip or mod in mods or audio & set(mods):
                continue
            if (ln.code or "").upper() in ("99417", "G2212"):
                if tele_days is None:
                    tele_days = {x.date for x in v.lines("cpt2025_telemedicine")}
                if ln.date in tele_days:
                    continue  # prolonged time of a 98000-98015 visit: the primary names the technology
            other = [m for m in mods if m in ("95", "GT")]
            has = f"{other[0]} instead" if other else "no telehealth modifier"
            yield self.finding(
                claim,
                line=ln,
                field="modifiers",
                value=",".join(mods) or None,
                mod=mod,
                has=has,
                payer=v.profile.label,
                pos=pos,
                severity=v.profile.get("video_modifier_severity"),
                details={"payer_profile": v.profile.name},
            )


@cache
def _names_technology() -> frozenset[str]:
    """Codes that name their technology (no telehealth modifier needed)."""
    return families("ctbs", "rpm_device", "rtm_device", "setup", "cpt2025_telemedicine", "telephone_em")

"""TH007: contradictory telehealth technology modifiers on one line (audio-only and audio-video)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, view

AUDIO_ONLY = {"93", "FQ"}
VIDEO = {"95", "GT"}


class TH007(Rule):
    """
    What it checks:
        A line cannot say both "audio-only" (93, FQ) and "audio-video" (95, GT). Also flags GQ
        (asynchronous store-and-forward) when the payer profile limits it to the federal
        telemedicine demonstrations (Medicare: Alaska and Hawaii) and the billing provider is
        elsewhere (a warning: the demonstration status is not on the claim).

    Why it matters:
        The technology modifier decides whether and how the service is paid (Medicare requires 93 on
        audio-only telehealth); contradictory modifiers get the line denied or audited.

    Failing example:
        Line `99213 95 93` with POS 10.

    Passing example:
        Line `99213 93` with POS 10 (the patient could not use video).

    Known limits:
        Which technology was really used is not on the claim; the rule sees only the modifiers.
    """

    meta = RuleMeta(
        code="TH007",
        name="conflicting-telehealth-modifiers",
        severity="error",
        summary="Audio-only and audio-video modifiers together, or GQ outside its demonstration states",
        message="modifiers {mods} on one line contradict each other: {audio} means audio-only, {video} "
        "means audio-video",
        fix="Keep the modifier of the technology actually used: 93 (or FQ at an RHC/FQHC) for "
        "audio-only, 95 (or the payer's GT) for audio-video.",
        authority=(auth("S28", "rules.md §3.2"), auth("S30", "rules.md §3.2")),
        confidence="V",
        **PROFESSIONAL,
    )
    triggers = Triggers(modifiers=(*AUDIO_ONLY, "GQ"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        states = set(v.profile.get("gq_states") or ())
        bp = claim.billing_provider
        state = bp.address.state if bp is not None and bp.address is not None else None
        for ln in claim.lines:
            mods = v.mods(ln)
            a, b = AUDIO_ONLY.intersection(mods), VIDEO.intersection(mods)
            if a and b:
                yield self.finding(
                    claim,
                    line=ln,
                    field="modifiers",
                    value=",".join(mods),
                    mods=", ".join(mods),
                    audio="/".join(sorted(a)),
                    video="/".join(sorted(b)),
                )
            if "GQ" in mods and states and state not in states:
                yield self.finding(
                    claim,
                    line=ln,
                    field="modifiers",
                    value="GQ",
                    severity="warning",
                    message=f"modifier GQ (store-and-forward) is limited by {v.profile.label} to "
                    f"the federal telemedicine demonstrations in {', '.join(sorted(states))}; "
                    f"the billing provider is in {state or 'an unknown state'}",
                    details={"payer_profile": v.profile.name},
                )

"""TH012: an audio-only office E/M (modifier 93 or FQ) the payer does not pay on that date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family, view

MOD_93_FROM = dt.date(2022, 1, 1)


class TH012(Rule):
    """
    What it checks:
        Office E/M lines (99202-99215) marked audio-only with 93 or FQ: the modifiers exist from
        2022-01-01, and the payer profile says when audio-only E/M is paid. Medicare: behavioral/
        mental health from 2022; any service to a patient at home (POS 10) from 2025 (CY2025 rule);
        never with the patient away from home (POS 10; POS 02 before Medicare took POS 10 on
        2022-04-04 may be the home; under the PHE method, in-person POS + 95/93, the place is not on
        the claim and is not held against it). The example Medicaid profile does not pay it.

    Why it matters:
        Audio-only visits outside the payer's rules are denied; before 2025 Medicare paid
        non-behavioral audio-only visits only through the (now deleted) telephone codes.

    Failing example:
        Medicare, line `99213 93` with POS 02 dated 2025-04-02 (patient not at home).

    Passing example:
        Medicare, line `99213 93` with POS 10 dated 2025-04-02.

    Known limits:
        The facts behind it mix verified (V, source S28) and inferred ones (I: not verified in a
        source), so it is a warning. During the PHE Medicare also paid some audio-only services
        listed for it; those are not modelled.
    """

    meta = RuleMeta(
        code="TH012",
        name="audio-only-em-not-payable",
        severity="warning",
        summary="Audio-only office E/M (93/FQ) the payer does not pay on the date or at the site",
        message="{code} {mod} on {day}: {why}",
        fix="Bill audio-only visits as the payer allows (Medicare: patient at home, POS 10, with 93; "
        "behavioral health from 2022), or furnish the visit by video.",
        authority=(auth("S28", "rules.md §3.2, §3.8"),),
        confidence="I",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=family("office_em"), modifiers=("93", "FQ"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        for ln in v.lines("office_em"):
            mods = [m for m in v.mods(ln) if m in ("93", "FQ")]
            if not mods or ln.date is None:
                continue
            if ln.date < MOD_93_FROM:
                why = f"modifier {mods[0]} exists only from {MOD_93_FROM}"
            else:
                systems = v.profile.get("pos_10_systems_from")
                pos = v.pos(ln)
                at_home = (
                    pos == "10"
                    or (pos == "02" and systems is not None and ln.date < systems)
                    or (pos not in ("02", "10") and v.profile.phe_method(ln.date))
                )  # PHE method: unknown
                ok, why = v.profile.audio_only_em(ln.date, at_home, v.behavioral)
                if ok:
                    continue
            yield self.finding(
                claim,
                line=ln,
                field="modifiers",
                value=mods[0],
                code=ln.code,
                mod=mods[0],
                day=ln.date,
                why=why,
                details={"payer_profile": v.profile.name},
            )

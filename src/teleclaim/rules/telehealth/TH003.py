"""TH003: telehealth place of service 02 or 10 used before it existed (or before the payer took it)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, view


class TH003(Rule):
    """
    What it checks:
        POS 02 (telehealth) is valid from 2017-01-01 and POS 10 (telehealth in the patient's home)
        from 2022-01-01. For Medicare, claims with POS 10 were accepted by the claims systems from
        2022-04-04 (CR 12427): a POS 10 line dated 2022-01-01 to 2022-04-03 is a warning.

    Why it matters:
        A POS that does not exist on the date of service makes the line invalid; the claim is
        rejected before any payment rule.

    Failing example:
        Line dated 2021-06-10 with POS 10.

    Passing example:
        Line dated 2021-06-10 with POS 02 (or, for Medicare in the PHE, the in-person POS with 95).

    Known limits:
        The line POS (SV105) wins over the claim POS (CLM05-1). Dates come from the payer profile.
    """

    meta = RuleMeta(
        code="TH003",
        name="telehealth-pos-not-valid-on-date",
        severity="error",
        summary="POS 02 or 10 on a date before it was valid",
        message="POS {pos} is not valid on {day} ({why})",
        fix="Use the place of service valid on the date: POS 02 from 2017, POS 10 from 2022; before "
        "that, the POS the visit would have had in person.",
        authority=(auth("S25", "rules.md §3.1"), auth("S27", "rules.md §3.1")),
        confidence="V",
        **PROFESSIONAL,
    )
    triggers = Triggers(places=("02", "10"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        prof = v.profile
        for ln in claim.lines:
            pos = v.pos(ln)
            if pos not in ("02", "10") or ln.date is None:
                continue
            start = prof.telehealth_pos_from(pos)
            if start is not None and ln.date < start:
                yield self.finding(
                    claim, line=ln, field="pos", value=pos, pos=pos, day=ln.date, why=f"it starts {start}"
                )
            elif pos == "10" and prof.get("pos_10_systems_from") and ln.date < prof.get("pos_10_systems_from"):
                yield self.finding(
                    claim,
                    line=ln,
                    field="pos",
                    value=pos,
                    pos=pos,
                    day=ln.date,
                    severity="warning",
                    why=f"{prof.label} systems accepted POS 10 from {prof.get('pos_10_systems_from')}; "
                    "use POS 02 before that",
                    details={"payer_profile": prof.name},
                )

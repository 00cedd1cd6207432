"""TH008: an e-visit or communication-technology service billed as if it were telehealth."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family, view


class TH008(Rule):
    """
    What it checks:
        Online digital E/M (99421-99423, 98970-98972, G2061-G2063) and communication-technology-based
        services (G2010, G2012, G2250-G2252, 98016) are not telehealth services: they take the
        practice's own place of service, never POS 02/10, and no modifier 95 or GT.

    Why it matters:
        Billed with a telehealth POS or modifier they are treated as telehealth-list services they
        are not, and are denied; several overview pages wrongly present them as telehealth codes.

    Failing example:
        Line `99422` with POS 10, or `G2252 95` with POS 11.

    Passing example:
        Line `99422` with POS 11 (the practice's office).

    Known limits:
        The correct in-person POS itself is not checked.
    """

    meta = RuleMeta(
        code="TH008",
        name="virtual-service-billed-as-telehealth",
        severity="error",
        summary="E-visit or virtual check-in with a telehealth POS (02/10) or modifier 95/GT",
        message="{code} is a communication-technology service, not telehealth: {what}",
        fix="Report the practice's own place of service (e.g. 11) and remove 95/GT; these services "
        "are billed as remote services, not as telehealth visits.",
        authority=(auth("S33", "rules.md §3.5, §3.1"), auth("S34", "rules.md §3.5")),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=family("ctbs"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        for ln in v.lines("ctbs"):
            pos = v.pos(ln)
            bad = [m for m in v.mods(ln) if m in ("95", "GT")]
            what = []
            if pos in ("02", "10"):
                what.append(f"POS {pos} is for telehealth")
            if bad:
                what.append(f"modifier {'/'.join(bad)} marks telehealth")
            if what:
                yield self.finding(
                    claim,
                    line=ln,
                    field="pos" if pos in ("02", "10") else "modifiers",
                    value=pos if pos in ("02", "10") else ",".join(bad),
                    code=ln.code,
                    what="; ".join(what),
                )

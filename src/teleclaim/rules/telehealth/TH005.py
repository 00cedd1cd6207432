"""TH005: modifier GT on a professional claim of a payer that no longer takes it."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, view


class TH005(Rule):
    """
    What it checks:
        Modifier GT (interactive audio-video) on an 837P line dated outside the payer profile's GT
        window. Medicare dropped GT from professional claims on 2018-01-01 (CR 10152); since
        2018-10-01 it is only for CAH Method II institutional claims. The commercial and the example
        Medicaid profiles still take it.

    Why it matters:
        CR 10152 removed the GT requirement: POS 02/10 now certifies the telehealth service. No
        source says Medicare contractors reject a professional line that still carries GT, so this
        is a warning (the modifier is obsolete information on the line), not an error. A site that
        knows its contractor rejects such lines can raise it in `[rules.severity]`.

    Failing example:
        Medicare, line `99213 GT` dated 2019-04-02 with POS 02.

    Passing example:
        Medicare, line `99213` dated 2019-04-02 with POS 02.

    Known limits:
        CAH Method II claims are institutional (837I) and not checked here.
    """

    meta = RuleMeta(
        code="TH005",
        name="gt-modifier-not-accepted-by-payer",
        severity="warning",
        summary="Modifier GT on a professional line the payer no longer uses it on",
        message="modifier GT on {day}: {payer} no longer uses GT on professional claims on this date",
        fix="Remove GT; report the telehealth POS (02/10), with 95 where the payer requires it.",
        authority=(auth("S30", "rules.md §3.2"), auth("AUD-GT", "CR 10152: GT requirement removed, POS 02 certifies")),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(modifiers=("GT",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        for ln in claim.lines:
            if ln.date is not None and "GT" in v.mods(ln) and not v.profile.gt_allowed(ln.date):
                yield self.finding(
                    claim,
                    line=ln,
                    field="modifiers",
                    value="GT",
                    day=ln.date,
                    payer=v.profile.label,
                    details={"payer_profile": v.profile.name},
                )

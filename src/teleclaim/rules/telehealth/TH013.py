"""TH013: modifier GT on an institutional claim that is not a CAH Method II bill (TOB 85X)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Effective, Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import view

GT_CAH_ONLY_FROM = dt.date(2018, 10, 1)


class TH013(Rule):
    """
    What it checks:
        On institutional (837I) claims, Medicare takes modifier GT only from critical access
        hospitals billing under Method II (type of bill 85X), for lines dated from 2018-10-01
        (CR 10583). A GT line on any other type of bill (a home-health 32X, a hospital 13X ...) is
        flagged for payers whose profile no longer takes GT on professional claims (Medicare).

    Why it matters:
        The line is returned; a distant-site telehealth service is billed by the practitioner on
        the professional claim, and other institutional providers report only the originating-site
        facility fee (Q3014).

    Failing example:
        Medicare, TOB 131, line `0780 99213 GT` dated 2024-05-02.

    Passing example:
        Medicare, TOB 851, line `0960 99213 GT` dated 2024-05-02.

    Known limits:
        Whether the CAH elected Method II is not on the claim; revenue codes 096X-098X are not
        checked.
    """

    meta = RuleMeta(
        code="TH013",
        name="gt-modifier-outside-cah-method-ii",
        severity="error",
        summary="Modifier GT on an institutional claim other than a CAH Method II bill (85X)",
        message="modifier GT on a TOB {tob} line dated {day}: {payer} takes GT on institutional claims only "
        "from CAH Method II (TOB 85X) since 2018-10-01",
        fix="Remove GT; the practitioner bills the telehealth service on the professional claim (POS 02/10), "
        "and an originating-site facility bills Q3014.",
        authority=(auth("S30", "rules.md §3.2"),),
        confidence="V2",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837I",),
        bill_types=("*",),
    )
    triggers = Triggers(modifiers=("GT",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        for ln in claim.lines:
            mods = ln.modifiers
            if mods and ("GT" in mods or "gt" in mods):
                break
        else:
            return  # the common case, decided without building the view
        v = view(claim, ctx)
        gt = v.profile.get("gt_professional") or {}
        if not gt.get("to"):  # the payer still takes GT
            return
        tob = claim.type_of_bill or ""
        if tob[:2] == "85":
            return
        for ln in claim.lines:
            if ln.date is not None and ln.date >= GT_CAH_ONLY_FROM and "GT" in v.mods(ln):
                yield self.finding(
                    claim,
                    line=ln,
                    field="modifiers",
                    value="GT",
                    tob=tob or "?",
                    day=ln.date,
                    payer=v.profile.label,
                    details={"payer_profile": v.profile.name},
                )

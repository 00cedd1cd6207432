"""HH030: a supply line (027X, 0623) without units, service date or charge."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, rev4, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH030(Rule):
    """
    What it checks:
        Supply lines of a 32X claim, medical/surgical supplies (027X) and surgical dressings
        (0623), report units, the service date and a charge. One finding per missing item.

    Why it matters:
        Non-routine supplies are part of the period payment and audited; lines without units, date
        or charge are returned.

    Failing example:
        TOB 329 with `0623 (no date) 0 units $40.00`.

    Passing example:
        `0623 2024-03-04 2 units $40.00`.

    Known limits:
        That 027X and 0623 charges do not duplicate each other cannot be decided from amounts alone
        and is not checked.
    """

    meta = RuleMeta(
        code="HH030",
        name="supply-line-incomplete",
        severity="error",
        summary="Supply line (027X, 0623) without units, service date or charge",
        message="supply line {rev}: {what}",
        fix="Report units, the service date and the charge on each supply line.",
        authority=(auth("S1", "rules.md §1.3 (027X, 0623)"),),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(revenue=S("supply_families") | S("wound_dressing_revenue_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa:
            return
        fams, revs = S("supply_families"), S("wound_dressing_revenue_codes")
        for ln, fam in v.lines_with_fam():
            if fam not in fams and rev4(ln.revenue_code) not in revs:
                continue
            rev = ln.revenue_code
            if ln.units is None or ln.units <= 0:
                yield self.finding(claim, line=ln, field="units", value=ln.units, rev=rev, what="no units")
            if ln.date is None:
                yield self.finding(claim, line=ln, field="date", rev=rev, what="no service date")
            if ln.charge is None:
                yield self.finding(claim, line=ln, field="charge", rev=rev, what="no charge")

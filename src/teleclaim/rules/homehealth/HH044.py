"""HH044: a surgical dressing line (0623) that repeats the charge of a supply line (027X)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, rev4, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH044(Rule):
    """
    What it checks:
        Revenue code 0623 (surgical dressings) is an optional separate line for non-routine wound
        care supplies; its charges must not also be billed on a medical/surgical supply line
        (027X). On a 32X claim, flags a 0623 line that repeats a 027X line of the same service
        date: the same HCPCS code, or (when either line has no HCPCS code) the same units and the
        same non-zero charge.

    Why it matters:
        The same dressings billed under 0623 and 027X double the non-routine supply charges that
        feed the period's cost reports and outlier figures; contractors and auditors treat the
        repeat as a duplicate charge and the claim has to be corrected.

    Failing example:
        TOB 329 with `0270 2024-03-04 2 units $40.00` and `0623 2024-03-04 2 units $40.00`.

    Passing example:
        `0270 2024-03-04 3 units $12.00` (routine supplies) and `0623 2024-03-04 2 units $40.00`
        (the wound dressings), or the dressings on the 0623 line only.

    Known limits:
        A claim carries no item list, so a duplicate is recognised only by matching date and code,
        or date, units and charge; two genuinely different supplies that happen to cost the same on
        the same day are flagged too (say so in the remarks, or ignore the finding for that claim).
    """

    meta = RuleMeta(
        code="HH044",
        name="dressing-charge-duplicates-supply-line",
        severity="error",
        summary="Surgical dressing line (0623) repeating the charge of a 027X supply line",
        message="0623 line repeats supply line {other} ({rev}, {day}, {what}); dressings are billed on one line only",
        fix="Bill each wound dressing once: on the 0623 line or on a 027X line, not both; remove the repeated charge.",
        authority=(auth("S1", "rules.md §1.3 (0623), §1.13 item 12"),),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(revenue=S("wound_dressing_revenue_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        supply_fams, dressing = S("supply_families"), S("wound_dressing_revenue_codes")
        supplies = [ln for ln, fam in v.lines_with_fam() if fam in supply_fams]
        if not supplies:
            return
        for ln in claim.lines:
            if rev4(ln.revenue_code) not in dressing or ln.date is None:
                continue
            for other in supplies:
                if other.date != ln.date:
                    continue
                what = _same(ln, other)
                if what:
                    yield self.finding(
                        claim,
                        line=ln,
                        field="charge",
                        value=str(ln.charge),
                        other=other.line,
                        rev=other.revenue_code,
                        day=ln.date,
                        what=what,
                    )
                    break


def _same(a: ServiceLine, b: ServiceLine) -> str | None:
    ca, cb = code_of(a), code_of(b)
    if ca and cb:
        return f"same HCPCS {ca}" if ca == cb else None
    if a.charge and b.charge and a.charge == b.charge and a.units == b.units:
        return f"same units {a.units} and charge {a.charge}"
    return None

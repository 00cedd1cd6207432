"""HH014: a visit line without its date, units or charge."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Rule, RuleMeta


class HH014(Rule):
    """
    What it checks:
        Every visit line (042X-057X) of a 32X claim other than an NOA or cancel must report the
        service date, the units (a whole number of 15-minute increments, at least 1) and a charge. Telecom lines
        (G0320-G0322) must be dated too. One finding per missing item.

    Why it matters:
        Visits are counted and priced per line and date; a line without date, units or charge is
        rejected and the claim returned.

    Failing example:
        TOB 329 with a line `0551 G0299 (no date) 0 units $200.00`.

    Passing example:
        `0551 G0299 2024-03-02 4 units $200.00`.

    Known limits:
        Whether the units match the visit's minutes cannot be checked: the claim carries no minutes.
    """

    meta = RuleMeta(
        code="HH014",
        name="visit-line-incomplete",
        severity="error",
        summary="Visit line (042X-057X) without a service date, units of at least 1, or a charge",
        message="visit line {rev} {code}: {what}",
        fix="Report the visit's date (DTP*472), its 15-minute units (at least 1) and the charge.",
        authority=(
            auth("S1", "rules.md §1.3 (other line rules), §1.13 item 3"),
            auth("S4", "rules.md §2 (line structure)"),
        ),
        confidence="V",
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        for ln in v.visits:
            rev, code = ln.revenue_code, ln.code or "(no code)"
            if ln.date is None:
                yield self.finding(claim, line=ln, field="date", rev=rev, code=code, what="no service date")
            units = ln.units
            if units is None or units < 1 or units != units.to_integral_value():  # (is_whole, inlined)
                yield self.finding(
                    claim,
                    line=ln,
                    field="units",
                    value=ln.units,
                    rev=rev,
                    code=code,
                    what=f"units {ln.units if ln.units is not None else 'missing'} "
                    "(a whole number of 15-minute increments, at least 1)",
                )
            if ln.charge is None:
                yield self.finding(claim, line=ln, field="charge", rev=rev, code=code, what="no charge")
        for ln in v.telecom:
            if ln.date is None:
                yield self.finding(
                    claim, line=ln, field="date", rev=ln.revenue_code, code=ln.code, what="no service date"
                )

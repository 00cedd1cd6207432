"""HH015: a telecom visit line (G0320/G0321) with other than 1 unit."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH015(Rule):
    """
    What it checks:
        G0320 (two-way audio and video) and G0321 (audio-only) are reported one line per service
        with exactly 1 unit, not in 15-minute increments. Flags any other unit count.

    Why it matters:
        Contractors read these lines to count telecommunication services; units in 15-minute
        increments misreport the count and are returned for correction.

    Failing example:
        TOB 329 with a line `0551 G0320 2024-03-12 2 units $0.00`.

    Passing example:
        `0551 G0320 2024-03-12 1 unit $0.00`.

    Known limits:
        Keyed to nothing: the line format applies whenever the codes appear (reporting began with
        periods from 2023-01-01; codes on earlier dates are HH013's finding).
    """

    meta = RuleMeta(
        code="HH015",
        name="telecom-line-units-not-one",
        severity="error",
        summary="G0320/G0321 line with other than 1 unit",
        message="{code} is reported with 1 unit per service, not {units}",
        fix="Report each telecommunication service on its own line with 1 unit.",
        authority=(auth("S4", "rules.md §2 (units G0320/G0321), §1.13 item 10"),),
        confidence="V",
        bill_types=("32X",),
        since="0.1.0",
    )
    triggers = Triggers(codes=S("telecom_one_unit_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        one_unit = S("telecom_one_unit_codes")
        for ln in v.telecom:
            code = code_of(ln)
            if code in one_unit and ln.units != 1:
                yield self.finding(claim, line=ln, field="units", value=ln.units, code=code, units=ln.units)

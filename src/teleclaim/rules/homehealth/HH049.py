"""HH049: a preventive care / vaccine administration line (077X) on a 34X bill without HCPCS."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH049(Rule):
    """
    What it checks:
        Preventive care lines (revenue code 0770, and 0771 vaccine administration) are billed by a
        home health agency on the outpatient bill (TOB 34X) with the HCPCS code of the service
        (for example G0008 influenza or G0009 pneumococcal vaccine administration). Flags a 077X
        line without a HCPCS code.

    Why it matters:
        The administration is paid by its HCPCS code (at 100% with condition code A6 for the
        vaccines); without the code the line cannot be priced and the bill is returned.

    Failing example:
        TOB 341 with `0771 (no HCPCS) 2024-10-01 1 unit $25.00`.

    Passing example:
        `0771 G0008 2024-10-01 1 unit $25.00` next to the vaccine line `0636 90662 2024-10-01`.

    Known limits:
        Whether the HCPCS code fits the revenue code is not checked; 077X on a 32X bill is HH002's
        finding.
    """

    meta = RuleMeta(
        code="HH049",
        name="preventive-care-line-missing-hcpcs",
        severity="error",
        summary="Preventive care / vaccine administration line (077X) on a 34X bill without a HCPCS code",
        message="revenue code {rev} line has no HCPCS code",
        fix="Report the HCPCS code of the preventive service on the 077X line (e.g. G0008 for the "
        "influenza vaccine administration).",
        authority=(auth("S1", "rules.md §1.3 (077X)"),),
        confidence="V",
        bill_types=("34X",),
    )
    triggers = Triggers(revenue=S("hcpcs_required_outpatient_families"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        need = S("hcpcs_required_outpatient_families")
        for ln, fam in view(claim, ctx).lines_with_fam():
            if fam in need and not ln.code:
                yield self.finding(claim, line=ln, field="code", value=ln.revenue_code, rev=ln.revenue_code)

"""HH002: an outpatient-only revenue code (0636, 077X, 094X) on a 32X bill."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, rev4, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH002(Rule):
    """
    What it checks:
        On a type of bill 32X (HH PPS plan-of-care claims, NOAs included), flags lines with revenue
        code 0636 (drugs requiring detailed coding), 077X (preventive care, vaccine administration)
        or 094X (other therapeutic services such as 0942 education/training).

    Why it matters:
        These services are paid outside the HH PPS period and must be billed on a 34X bill; on a
        32X claim the line is rejected or the claim returned, delaying the period payment.

    Failing example:
        TOB 329 with a line `0636 J0897 2024-03-10 1 unit` (osteoporosis drug).

    Passing example:
        The drug on a separate TOB 341 bill with revenue code 0636, while the nurse's
        administration visit stays on the 329.

    Known limits:
        Does not check that the 34X drug date falls inside an open period of the same agency
        (that needs the agency's other claims).
    """

    meta = RuleMeta(
        code="HH002",
        name="outpatient-only-revenue-code-on-period-bill",
        severity="error",
        summary="Revenue code 0636/077X/094X on a 32X bill (allowed only on 34X)",
        message="revenue code {rev} is billed only on TOB 34X, not on {tob}",
        fix="Move the line to a TOB 34X bill (drugs and vaccines: 0636/077X; education: 094X).",
        authority=(auth("S1", "rules.md §1.3, §1.13 item 2"), auth("S21", "rules.md §1.3 (osteoporosis drug)")),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(revenue=S("only_on_34x"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        only34 = S("only_on_34x")
        for ln, fam in v.lines_with_fam():
            if fam in only34 or rev4(ln.revenue_code) in only34:
                yield self.finding(
                    claim,
                    line=ln,
                    field="revenue_code",
                    value=ln.revenue_code,
                    rev=ln.revenue_code,
                    tob=claim.type_of_bill,
                )

"""HH042: a drug line (0636) on a 34X bill without its HCPCS code or service date."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import rev4
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH042(Rule):
    """
    What it checks:
        Revenue code 0636 (drugs requiring detailed coding, e.g. the osteoporosis injectable or a
        vaccine) on a 34X bill requires the drug's HCPCS code and the line-item date of service.

    Why it matters:
        The drug is paid by HCPCS and date; the contractor also matches the date to an open home
        health period. A line without them is returned.

    Failing example:
        TOB 341 with `0636 (no HCPCS) (no date) 1 unit $35.00`.

    Passing example:
        `0636 J0897 2024-03-10 1 unit $35.00`.

    Known limits:
        Whether the date falls inside an open period of the same agency is not visible on one claim.
    """

    meta = RuleMeta(
        code="HH042",
        name="drug-line-missing-hcpcs-or-date",
        severity="error",
        summary="Revenue code 0636 line on a 34X bill without a HCPCS code or date",
        message="revenue code 0636 line has no {what}",
        fix="Report the drug's HCPCS code and the date it was given on the 0636 line.",
        authority=(auth("S1", "rules.md §1.3 (0636)"), auth("S21", "rules.md §1.3")),
        confidence="V",
        bill_types=("34X",),
    )
    triggers = Triggers(revenue=("0636",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        for ln in claim.lines:
            if rev4(ln.revenue_code) != "0636":
                continue
            if not ln.code:
                yield self.finding(claim, line=ln, field="code", what="HCPCS code")
            if ln.date is None:
                yield self.finding(claim, line=ln, field="date", what="date of service")

"""HH031: a period claim without the revenue code 0023 HIPPS line."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Rule, RuleMeta


class HH031(Rule):
    """
    What it checks:
        A period claim (329/327) reports its case-mix group as a HIPPS code on a revenue code 0023
        line. Flags a period claim without a 0023 line.

    Why it matters:
        The HIPPS code prices the period; without it the claim cannot be paid and is returned.

    Failing example:
        TOB 329 with visit lines only.

    Passing example:
        TOB 329 with `0023 1FC21 2024-03-01 $0.00` and its visit lines.

    Known limits:
        The grouper's HIPPS is recomputed by Medicare; only presence is checked here (form: HH032).
    """

    meta = RuleMeta(
        code="HH031",
        name="hipps-line-missing",
        severity="error",
        summary="Period claim (329/327) without a revenue code 0023 HIPPS line",
        message="no revenue code 0023 line with the HIPPS code",
        fix="Add a line with revenue code 0023 and the period's HIPPS code.",
        authority=(auth("S40", "rules.md §1.2 (HIPPS line), §1.3 (0023)"),),
        confidence="V2",
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if not view(claim, ctx).hipps:
            yield self.finding(claim, field="lines")

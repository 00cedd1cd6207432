"""HH003: condition code A6 without a 34X bill carrying a 0636 line."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import rev4, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH003(Rule):
    """
    What it checks:
        Condition code A6 (vaccine paid at 100%) may appear only on a TOB 34X bill that has a
        revenue code 0636 line. Flags A6 on any 32X bill, and A6 on a 34X bill without 0636.

    Why it matters:
        A6 changes how the contractor pays the bill (no deductible or coinsurance); on the wrong
        bill it is an invalid code combination and the claim is returned.

    Failing example:
        TOB 329 with condition codes `A6`; or TOB 341 with A6 and only a `0771` line.

    Passing example:
        TOB 341 with condition code A6 and a line `0636 90662 2024-10-01 1 unit`.

    Known limits:
        Electronic roster bills that do not need A6 are not distinguished.
    """

    meta = RuleMeta(
        code="HH003",
        name="condition-a6-without-vaccine-drug-line",
        severity="error",
        summary="Condition code A6 outside a 34X bill with a 0636 line",
        message="condition code A6 is only valid on TOB 34X with a revenue code 0636 line; {why}",
        fix="Remove condition code A6, or bill the vaccine on TOB 34X under revenue code 0636.",
        authority=(auth("S1", "rules.md §1.10 (A6), §1.13"),),
        confidence="V",
    )
    triggers = Triggers(conditions=("A6",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if "A6" not in v.conditions:
            return
        if v.is_32:
            yield self.finding(claim, field="conditions", value="A6", why=f"this bill is {claim.type_of_bill}")
        elif not any(rev4(ln.revenue_code) == "0636" for ln in claim.lines):
            yield self.finding(claim, field="conditions", value="A6", why="this bill has no 0636 line")

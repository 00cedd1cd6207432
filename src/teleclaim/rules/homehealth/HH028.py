"""HH028: claim change reason D9 without remarks."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH028(Rule):
    """
    What it checks:
        An adjustment with claim change reason D9 ("any other change", or several changes) must
        explain the change in the remarks (NTE segment with reference code ADD; FL 80).

    Why it matters:
        Without remarks the contractor cannot tell what changed and returns the claim (CGS reason
        code 37541).

    Failing example:
        TOB 327 with condition code `D9` and no NTE remarks.

    Passing example:
        TOB 327 with `D9` and remarks `ADD: corrected visit units on 03/05 and added aide visit`.

    Known limits:
        Only presence of non-empty remarks is checked, not their content.
    """

    meta = RuleMeta(
        code="HH028",
        name="claim-change-d9-without-remarks",
        severity="error",
        summary="Claim change reason D9 without remarks (NTE ADD)",
        message="claim change reason D9 requires remarks describing the change",
        fix="Add remarks (NTE*ADD, FL 80) that say what was changed.",
        authority=(auth("S2", "rules.md §1.11 (D9), §1.13 item 8"),),
        confidence="V",
        bill_types=("327", "328", "347", "348"),
    )
    triggers = Triggers(conditions=S("remarks_required_reasons"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        need = S("remarks_required_reasons") & v.conditions
        if need and not claim.remarks.strip():
            yield self.finding(claim, field="notes", value=sorted(need)[0])

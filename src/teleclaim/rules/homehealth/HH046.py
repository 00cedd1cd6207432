"""HH046: condition code 54 (no skilled visit) on a period that has skilled visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Effective, Rule, RuleMeta, Triggers


class HH046(Rule):
    """
    What it checks:
        Condition code 54 states that the period had no skilled visit (no 042X, 043X, 044X or 055X
        visit line) and that the agency documented a policy exception; it is reported only for
        subsequent periods of an admission. On a period claim (329/327, periods from 2016-07-01)
        flags condition code 54 when the claim does bill skilled visits. When that claim is also
        the first period (admission date equal to the From date) the finding says so.

    Why it matters:
        The condition code and the visit lines contradict each other, so the claim is returned
        for correction; on a first period the code is never valid.

    Failing example:
        TOB 329 from 2024-03-01 with condition code `54` and a line `0551 G0299 2024-03-02`.

    Passing example:
        The same claim without condition code 54; or condition code 54 on a subsequent period
        whose only visits are aide visits (`0571 G0156`).

    Known limits:
        Telecom lines (G0320-G0322) are never skilled visits. A first period without any skilled
        visit is HH037's finding (it is returned whatever the condition codes).
    """

    meta = RuleMeta(
        code="HH046",
        name="condition-54-with-skilled-visits",
        severity="error",
        summary="Condition code 54 (no skilled visit) on a period claim that bills skilled visits",
        message="condition code 54 (no skilled visit in the period) contradicts {n} skilled visit line(s) "
        "(first: line {first}){extra}",
        fix="Remove condition code 54: it is only for subsequent periods without any skilled visit.",
        authority=(auth("S14", "rules.md §1.10 (54), §1.13 item 11"),),
        confidence="V2",
        effective=Effective(start=dt.date(2016, 7, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )
    triggers = Triggers(conditions=("54",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if "54" not in v.conditions or not v.skilled:
            return
        first = claim.admission_date is not None and claim.admission_date == claim.statement_from
        extra = "; besides, this is the first period of the admission, where 54 is never valid" if first else ""
        yield self.finding(
            claim, field="conditions", value="54", n=len(v.skilled), first=v.skilled[0].line, extra=extra
        )

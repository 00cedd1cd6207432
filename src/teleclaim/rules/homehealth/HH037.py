"""HH037: a period without a skilled visit, without condition code 54 (or in the first period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


def hh038_start() -> dt.date:
    """HH038's own start date (its metadata is the one source): from then on a period without any
    visit is HH038's finding."""
    from teleclaim.rules.homehealth.HH038 import HH038

    start = HH038.meta.effective.start
    assert start is not None
    return start


class HH037(Rule):
    """
    What it checks:
        A period claim (329/327, period from 2016-07-01) with visits but no skilled visit (no
        042X, 043X, 044X or 055X visit line; aide and social work visits and telecom lines do not
        count) needs condition code 54, which is allowed only for subsequent periods. The first
        period of an admission is recognised by the admission date being the statement From date:
        - no skilled visit, not the first period, no condition code 54: flagged;
        - no skilled visit in the first period: flagged whatever the condition codes (it is
          returned; condition code 54 does not cure it).

    Why it matters:
        Claims with no skilled visit and no condition code 54 are returned (MM9474); a first period
        without a skilled visit cannot qualify for home-health payment.

    Failing example:
        TOB 329 from 2024-03-01 (admission 2024-01-31) with only `0571 G0156` aide visits.

    Passing example:
        The same claim with condition code 54 (a documented policy exception).

    Known limits:
        One claim cannot see the admission's other periods: "first period" is inferred from the
        admission date equal to the From date, so a first period with a wrong admission date, or
        the one-time 2022 NOAs with an artificial admission date, can be misjudged. With condition
        code 54 and no admission date the rule reports not_checked. A period from 2022 without any
        visit is HH038's finding, not this rule's; an earlier one (no visit line at all, or only
        telecom lines) is this rule's.
    """

    meta = RuleMeta(
        code="HH037",
        name="no-skilled-visit-without-condition-54",
        severity="error",
        summary="Period with no skilled visit without condition code 54, or in the first period",
        message="{detail}",
        fix="For a subsequent period with a documented policy exception add condition code 54; "
        "otherwise bill the period only with a skilled visit.",
        authority=(auth("S14", "rules.md §1.10 (54), §1.13 item 11"),),
        confidence="V2",
        effective=Effective(start=dt.date(2016, 7, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if claim.statement_from is None:  # the engine reports it: the rule is keyed to the From date
            return
        v = view(claim, ctx)
        if v.skilled or (not v.visits and claim.statement_from >= hh038_start()):
            return  # a period from 2022 without any visit is HH038's finding
        has54 = "54" in v.conditions
        adm = claim.admission_date
        first = adm is not None and adm == claim.statement_from
        if first:
            yield self.finding(
                claim,
                field="conditions",
                value=sorted(v.conditions),
                detail="no skilled visit (042X/043X/044X/055X) in the first period of the "
                "admission; condition code 54 applies only to subsequent periods",
            )
        elif not has54:
            yield self.finding(
                claim,
                field="conditions",
                detail="no skilled visit (042X/043X/044X/055X) in the period and no condition code 54",
            )
        elif adm is None:
            yield self.not_checked(
                claim,
                "condition code 54 is allowed only for subsequent periods, and "
                "without an admission date the first period cannot be recognised",
                field="admission_date",
            )

"""HH004: a RAP (TOB 322) for a period starting in 2022 or later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH004(Rule):
    """
    What it checks:
        Flags a Request for Anticipated Payment (TOB 322) whose statement From date is on or after
        2022-01-01. RAPs were eliminated for periods starting in 2022; the notice of admission
        (TOB 32A) replaced them.

    Why it matters:
        The contractor rejects the RAP, the admission is never established, and without a timely
        NOA every day until it is filed reduces the period payment.

    Failing example:
        TOB 322 with statement dates 2022-02-01 to 2022-03-02.

    Passing example:
        TOB 32A (NOA) with From 2022-02-01; or a TOB 322 for a period that began 2021-11-01.

    Known limits:
        Keyed to the statement From date; a 322 cancel (328) of an old RAP is not affected.
    """

    meta = RuleMeta(
        code="HH004",
        name="rap-billed-for-period-from-2022",
        severity="error",
        summary="TOB 322 (RAP) for a period starting on or after 2022-01-01",
        message="RAPs (TOB 322) are not billable for periods starting on or after 2022-01-01 (From {start})",
        fix="Submit a notice of admission (TOB 32A) for the admission instead of a RAP.",
        authority=(auth("S8", "rules.md §1.1 (322)"), auth("S9", "rules.md §1.1 (32A)")),
        confidence="V",
        effective=Effective(start=dt.date(2022, 1, 1), keyed_to="period_from"),
        bill_types=("322",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        yield self.finding(claim, field="frequency", value=claim.type_of_bill, start=claim.statement_from)

"""HH038: a period claim without any visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH038(Rule):
    """
    What it checks:
        For periods from 2022-01-01 a period claim (329, or its adjustment 327) is billed only for a
        30-day period that contains at least one visit (a 042X-057X visit line; telecom G0320-G0322
        lines are not visits). Flags a period claim without any.

    Why it matters:
        A period without visits is not billable: the NOA stays open and no 329 is sent. The claim is
        returned or denied.

    Failing example:
        TOB 329 from 2024-03-01 with a 0023 line and a `0551 G0320` telecom line only.

    Passing example:
        The same claim with one `0551 G0299` visit.

    Known limits:
        No-pay bills (condition code 21) are not exempted; keyed to the statement From date.
    """

    meta = RuleMeta(
        code="HH038",
        name="period-claim-without-visits",
        severity="error",
        summary="Period claim (329/327, from 2022) without any visit line",
        message="no visit line (042X-057X) on a period claim; only periods with a visit are billed",
        fix="Do not bill a 329 for a period without visits (keep the NOA open), or add the visits.",
        authority=(auth("S8", "rules.md §1.2 (no visits expected)"), auth("S9", "rules.md §1.1 (329)")),
        confidence="V",
        effective=Effective(start=dt.date(2022, 1, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if not view(claim, ctx).visits:
            yield self.finding(claim, field="lines")

"""HH048: a notice of admission (32A/32D) for a period starting before 2022."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH048(Rule):
    """
    What it checks:
        Flags a notice of admission (TOB 32A) or NOA cancel (32D) whose statement From date is
        before 2022-01-01. The NOA replaced the RAP for periods from 2022-01-01; earlier periods
        were opened with a RAP (TOB 322), and admissions running from 2021 into 2022 took a
        one-time NOA dated with the first 2022 period.

    Why it matters:
        Type of bill 32A/32D does not exist for those dates; the contractor rejects the notice and
        the period is never opened (for 2021, the RAP that was due is missing).

    Failing example:
        TOB 32A with admission and From date 2021-06-01.

    Passing example:
        TOB 32A with admission and From date 2024-01-31; or a 2021 period opened with TOB 322.

    Known limits:
        Keyed to the statement From date; an NOA whose From date is wrong is flagged as dated
        (HH006/HH005 look at its other dates).
    """

    meta = RuleMeta(
        code="HH048",
        name="noa-for-period-before-2022",
        severity="error",
        summary="Notice of admission (32A) or NOA cancel (32D) with a From date before 2022-01-01",
        message="TOB {tob} exists for periods from 2022-01-01; this notice is dated {start}",
        fix="For a period before 2022 submit the RAP (TOB 322); for a 2022 or later period correct "
        "the From date of the NOA.",
        authority=(auth("S9", "rules.md §1.1 (32A, 32D)"), auth("S8", "rules.md §1.1 (322)")),
        confidence="V",
        effective=Effective(end=dt.date(2021, 12, 31), keyed_to="period_from"),
        bill_types=("32A", "32D"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        yield self.finding(
            claim, field="frequency", value=claim.type_of_bill, tob=claim.type_of_bill, start=claim.statement_from
        )

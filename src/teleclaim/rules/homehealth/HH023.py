"""HH023: value code 85 (county FIPS) missing on a period claim with services from 2019."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import Effective, Rule, RuleMeta

START = dt.date(2019, 1, 1)


class HH023(Rule):
    """
    What it checks:
        A home-health PPS bill of type 32X (329, 327, and the RAP 322) with services on or after
        2019-01-01 reports value code 85, the 5-digit state and county FIPS code of the county
        where the service was furnished. Keyed to the service-line dates (the statement Through
        date when no line is dated). NOAs (32A/32D) and cancels (328) are not checked.

    Why it matters:
        The county decides the rural add-on payment; since MM10782 the claim is returned without it.

    Failing example:
        TOB 329 for March 2024 with value code 61 only.

    Passing example:
        TOB 329 for March 2024 with `61 16980.00` and `85 17031.00`; or a 2018 period without 85.

    Known limits:
        The FIPS code is not validated against the county list.
    """

    meta = RuleMeta(
        code="HH023",
        name="value-code-85-missing",
        severity="error",
        summary="32X claim (329/327/322) with services from 2019-01-01 without value code 85 (county FIPS)",
        message="value code 85 (county FIPS code) is required for services on or after 2019-01-01",
        fix="Add value code 85 with the 5-digit FIPS state+county code where the services were furnished.",
        authority=(auth("S1", "rules.md §1.7, §1.13 item 6"),),
        confidence="V",
        effective=Effective(start=START, keyed_to="line_date"),
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        if any(vc.code.strip() == "85" for vc in claim.values):
            return
        dates = [ln.date for ln in claim.lines if ln.date]
        if not dates and claim.statement_to:
            dates = [claim.statement_to]
        if not dates:
            yield self.not_checked(claim, "no service-line or statement date to key the rule to")
            return
        if max(dates) >= START:
            yield self.finding(claim, field="values")

"""HH050: a telecom G-code line on a period that began before telecom reporting did (2023)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta, Triggers


class HH050(Rule):
    """
    What it checks:
        Home-health telecommunications reporting (G0320, G0321, G0322) covers periods of care
        starting on or after 2023-01-01 (voluntary until periods starting 2023-06-30, mandatory for
        periods from 2023-07-01). Flags a telecom line on a 32X claim whose statement From date is
        before 2023-01-01 although the line itself is dated in 2023 (a period that straddles the new
        year). A line dated before 2023-01-01 is HH013's finding (the codes did not exist yet).

    Why it matters:
        The period is outside the reporting program, so the contractor may return the line or the
        claim; the codes are reporting-only, so leaving them off costs nothing.

    Failing example:
        TOB 329 from 2022-12-20 to 2023-01-18 with `0551 G0320 2023-01-05 1 unit $0.00`.

    Passing example:
        The same claim without the telecom line, or a period from 2023-01-01 with the line (from
        2023-07-01 reporting the line is required).

    Known limits:
        What a contractor does with such a line is not documented in the sources (confidence I): a
        warning, configurable in `[rules.severity]`. Whether telecom services of a period from
        2023-07-01 were left unreported cannot be seen on the claim.
    """

    meta = RuleMeta(
        code="HH050",
        name="telecom-line-on-period-before-2023",
        severity="warning",
        summary="G0320-G0322 line on a period starting before 2023-01-01 (reporting starts with 2023 periods)",
        message="{code} is reported for periods starting on or after 2023-01-01; this period starts {start}",
        fix="Leave the telecom line off a period that began before 2023-01-01.",
        authority=(auth("S4", "rules.md §2 (voluntary/mandatory reporting)"),),
        confidence="I",
        effective=Effective(end=dt.date(2022, 12, 31), keyed_to="period_from"),
        bill_types=("32X",),
    )
    triggers = Triggers(codes=S("telecom_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        start = dt.date(2023, 1, 1)
        for ln in view(claim, ctx).telecom:
            if ln.date is not None and ln.date >= start:
                yield self.finding(
                    claim, line=ln, field="code", value=ln.code, code=code_of(ln), start=claim.statement_from
                )

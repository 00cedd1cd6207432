"""HH019: a period claim with visits but no site-of-service Q-code line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH019(Rule):
    """
    What it checks:
        A period claim (TOB 329, or its adjustment 327) for a period starting on or after
        2013-07-01 that bills visits (042X-057X) must report where the services were furnished: a
        line with Q5001 (home), Q5002 (assisted living) or Q5009 (other place).

    Why it matters:
        Claims without a site-of-service code are returned to the provider (RTP) since CR 8136.

    Failing example:
        TOB 329 from 2024-03-01 with visit lines but no Q500x line.

    Passing example:
        The same claim with `0551 Q5001 2024-03-02 1 unit $0.01` (first visit's revenue code and date).

    Known limits:
        Telecom lines (G0320-G0322) are not visits and do not call for a Q-code on their own.
        Keyed to the statement From date.
    """

    meta = RuleMeta(
        code="HH019",
        name="site-of-service-line-missing",
        severity="error",
        summary="Period claim with visits but no Q5001/Q5002/Q5009 site-of-service line",
        message="no site-of-service line (Q5001, Q5002 or Q5009) on a period claim with visits",
        fix="Add a line with the first visit's revenue code and date, the Q-code of the place "
        "(Q5001 home, Q5002 assisted living, Q5009 other), 1 unit and a nominal charge.",
        authority=(auth("S11", "rules.md §1.6, §1.13 item 5"),),
        confidence="V",
        effective=Effective(start=dt.date(2013, 7, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if not v.visits:
            return
        codes = S("site_of_service_codes")
        if not any(code_of(ln) in codes for ln in v.site):
            yield self.finding(claim, field="lines")

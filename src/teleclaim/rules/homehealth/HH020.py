"""HH020: a site-of-service Q-code line not matching the first visit, or not 1 unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, rev4, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta, Triggers


class HH020(Rule):
    """
    What it checks:
        On a period claim (329/327, period from 2013-07-01) the site-of-service line (Q5001, Q5002
        or Q5009) carries the same revenue code and service date as the first billable visit, and
        1 unit. Further Q-lines (a change of location) may carry later dates, so only "some Q-line
        matches the first visit" is required; every Q-line must have 1 unit.

    Why it matters:
        The contractor pairs the Q-code with the first visit; a Q-line that matches no visit, or
        with several units, is returned for correction.

    Failing example:
        First visit `0551 G0299 2024-03-02`, Q-line `0421 Q5001 2024-03-05 1 unit`.

    Passing example:
        Q-line `0551 Q5001 2024-03-02 1 unit $0.01`.

    Known limits:
        Several visits on the first day under different revenue codes: a Q-line matching any of
        them is accepted.
    """

    meta = RuleMeta(
        code="HH020",
        name="site-of-service-line-mismatch",
        severity="error",
        summary="Site-of-service Q-code line not on the first visit's revenue code and date, or not 1 unit",
        message="{detail}",
        fix="Give the Q-code line the revenue code and date of the first billable visit, 1 unit and "
        "a nominal charge (e.g. $0.01).",
        authority=(auth("S11", "rules.md §1.6, §1.13 item 5"),),
        confidence="V",
        effective=Effective(start=dt.date(2013, 7, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )
    triggers = Triggers(codes=S("site_of_service_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        codes = S("site_of_service_codes")
        qlines = [ln for ln in v.site if code_of(ln) in codes]
        if not qlines:
            return
        for ln in qlines:
            if ln.units != 1:
                yield self.finding(
                    claim,
                    line=ln,
                    field="units",
                    value=ln.units,
                    detail=f"{code_of(ln)} line has {ln.units} units; it takes 1 unit",
                )
        first = v.first_visit_date()
        if first is None:
            return
        firsts = {rev4(ln.revenue_code) for ln in v.visits if ln.date == first}  # the first visits' revenue codes
        for q in qlines:
            if q.date == first and rev4(q.revenue_code) in firsts:
                return
        q = min(qlines, key=lambda x: (x.date or dt.date.max, x.line))
        want = " or ".join(sorted(r for r in firsts if r))
        yield self.finding(
            claim,
            line=q,
            field="revenue_code",
            value=f"{q.revenue_code} {q.date}",
            detail=f"{code_of(q)} line ({q.revenue_code}, {q.date}) does not match the first visit ({want}, {first})",
        )

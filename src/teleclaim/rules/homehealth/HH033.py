"""HH033: a period claim from 2020 without occurrence code 50 (OASIS assessment date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH033(Rule):
    """
    What it checks:
        Period claims (329/327) with a From date on or after 2020-01-01 carry occurrence code 50
        with the date the OASIS assessment was completed.

    Why it matters:
        The assessment date links the claim to the OASIS that sets the functional level of the
        case-mix; claims without it are returned.

    Failing example:
        TOB 329 from 2024-03-01 without occurrence code 50 (or 50 without a date).

    Passing example:
        Occurrence `50 2024-02-28`.

    Known limits:
        Whether the OASIS exists or the date matches it cannot be seen on the claim.
    """

    meta = RuleMeta(
        code="HH033",
        name="oasis-assessment-date-missing",
        severity="error",
        summary="Period claim from 2020-01-01 without occurrence code 50 and a date",
        message="occurrence code 50 (OASIS assessment date) is required on period claims from 2020-01-01{why}",
        fix="Add occurrence code 50 with the OASIS assessment completion date.",
        authority=(auth("S16", "rules.md §1.2 (OASIS link), §1.12 (50)"),),
        confidence="V2",
        effective=Effective(start=dt.date(2020, 1, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        occ = [o for o in claim.occurrences if o.code.strip() == "50"]
        if not occ:
            yield self.finding(claim, field="occurrences", why="")
        elif not any(o.date for o in occ):
            yield self.finding(claim, field="occurrences", value="50", why=" (50 has no date)")

"""HH024: patient status 20 (expired) without occurrence code 55 and the date of death."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta, Triggers

SUBMITTED_FROM = dt.date(2012, 10, 1)


class HH024(Rule):
    """
    What it checks:
        When the patient status is 20 (expired), the claim must carry occurrence code 55 with the
        date of death. Applies to claims submitted on or after 2012-10-01: the check date
        (`--as-of`), or the claim's transaction creation date (BHT04, else ISA09) when it has one.

    Why it matters:
        Without the date of death the contractor cannot close the period or the admission; the
        claim is returned.

    Failing example:
        TOB 329 with patient status 20 and no occurrence code 55 (or 55 without a date).

    Passing example:
        Patient status 20 with occurrence `55 2024-03-20`.

    Known limits:
        Whether the date of death falls inside the period is not checked.
    """

    meta = RuleMeta(
        code="HH024",
        name="expired-without-date-of-death",
        severity="error",
        summary="Patient status 20 (expired) without occurrence code 55 and a date",
        message="patient status 20 (expired) needs occurrence code 55 with the date of death{why}",
        fix="Add occurrence code 55 with the date of death.",
        authority=(auth("S1", "rules.md §1.8 (20), §1.12 (55), §1.13 item 7"),),
        confidence="V",
        effective=Effective(start=SUBMITTED_FROM, keyed_to="as_of"),
    )
    triggers = Triggers(statuses=("20",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if (claim.patient_status or "").strip() != "20":
            return
        env = claim.envelope
        sent = env and (env.bht_date or env.interchange_date)
        if sent and sent < SUBMITTED_FROM:
            return  # submitted before the requirement
        occ = [o for o in claim.occurrences if o.code.strip() == "55"]
        if not occ:
            yield self.finding(claim, field="occurrences", value="20", why="")
        elif not any(o.date for o in occ):
            yield self.finding(claim, field="occurrences", value="55", why=" (55 has no date)")

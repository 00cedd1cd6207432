"""TH021: an e-visit within 7 days after an office E/M, or with an E/M inside its 7-day period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, alongside_em, em_in_week_before, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family


class TH021(CrossRule):
    """
    What it checks:
        For the same patient and clinician, two CPT exclusions of the e-visit codes (99421-99423,
        98970-98972) against office E/M visits (99202-99215, 98000-98015): (1) an E/M that falls
        inside the e-visit's 7-day period (its first day and the six days after) absorbs the online
        time, whatever problem the visit was for; (2) an e-visit whose first day falls within 7
        days after an E/M is not billed when the inquiry is about a problem of that visit. Both are
        flagged on the e-visit line.

    Why it matters:
        These are the CPT exclusions of the e-visit codes; billed anyway they are denied or
        recovered as duplicates of the visit.

    Failing example:
        `99213` on 2026-03-02 and `99422` on 2026-03-05, same patient and clinician; or `99422`
        on 2026-03-02 and `99213` on 2026-03-06 (the visit falls inside the e-visit's period).

    Passing example:
        `99213` on 2026-03-02 and `99422` on 2026-03-12.

    Known limits:
        An E/M inside the period is an error. For an E/M in the 7 days before, relatedness is read
        from the diagnoses: when the e-visit line and the visit share a diagnosis code the finding
        is an error; otherwise a warning to check (the claim cannot show relatedness). The
        24-hour/soonest-appointment clause belongs to the virtual check-ins, not to e-visits.
    """

    meta = RuleMeta(
        code="TH021",
        name="e-visit-overlaps-office-visit",
        severity="error",
        summary="E-visit with an E/M inside its 7-day period, or within 7 days after a related E/M, same clinician",
        message="{code} on {day}: {why} ({other}); {outcome}",
        fix="Do not bill the e-visit when an E/M by the same clinician falls inside its 7-day period, or "
        "when it concerns the problem of a visit in the 7 days before (fold the online time into the E/M).",
        authority=(auth("S33", "rules.md §3.5"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("e_visits", "office_em", "cpt2025_telemedicine")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        ev_codes = family("e_visits")
        em_codes = family("office_em") | family("cpt2025_telemedicine")
        for r, ems in alongside_em(records, ev_codes, em_codes):
            inside = [e for e in ems if r.day <= e.day <= r.day + dt.timedelta(days=6)]
            if inside:  # related or not: the visit absorbs the online time of its period
                yield self.on(
                    r,
                    self.meta.message.format(
                        code=r.code,
                        day=r.day,
                        other=where(inside[0]),
                        why="an E/M visit falls inside its 7-day period",
                        outcome="the online time is part of that visit and the e-visit is not billed separately",
                    ),
                )
                continue
            prior = em_in_week_before(r, ems)
            if prior is None:
                continue
            em, shared = prior
            outcome = (
                f"both carry diagnosis {shared[0]}, so they are related and the e-visit is not billed separately"
                if shared
                else "if related, the e-visit is not billed separately"
            )
            yield self.on(
                r,
                self.meta.message.format(
                    code=r.code,
                    day=r.day,
                    other=where(em),
                    outcome=outcome,
                    why="it starts within 7 days after an E/M visit",
                ),
                severity=None if shared else "warning",
                details={"shared_diagnoses": shared} if shared else None,
            )

"""TH021: an e-visit within 7 days after an office E/M, or with an E/M inside its 7-day period."""

from __future__ import annotations

import datetime as dt

from teleclaim.rules.cross import CrossRule, by_key, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family

WEEK = dt.timedelta(days=7)


class TH021(CrossRule):
    """
    What it checks:
        For the same patient and clinician: an e-visit (99421-99423, 98970-98972) whose first day
        falls within 7 days after an office E/M (99202-99215, 98000-98015) is not billed when the
        inquiry is about a problem of that visit; and when an E/M happens inside the e-visit's
        7-day period, the online time folds into that visit. Both are flagged on the e-visit line.

    Why it matters:
        These are the CPT exclusions of the e-visit codes; billed anyway they are denied or
        recovered as duplicates of the visit.

    Failing example:
        `99213` on 2026-03-02 and `99422` on 2026-03-05, same patient and clinician.

    Passing example:
        `99213` on 2026-03-02 and `99422` on 2026-03-12.

    Known limits:
        Relatedness is read from the diagnoses: when the e-visit line and the visit share a
        diagnosis code the finding is an error; otherwise a warning to check (the claim cannot show
        relatedness). The 24-hour/soonest-appointment clause belongs to the virtual check-ins, not
        to e-visits.
    """

    meta = RuleMeta(
        code="TH021",
        name="e-visit-overlaps-office-visit",
        severity="warning",
        summary="E-visit within 7 days after, or with an E/M inside its period, for the same clinician",
        message="{code} on {day}: {why} ({other}); if related, the e-visit is not billed separately",
        fix="Do not bill the e-visit when it concerns the problem of the visit (fold the online time "
            "into the E/M); bill it only when the inquiry is unrelated.",
        authority=(auth("S33", "rules.md §3.5"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("e_visits", "office_em", "cpt2025_telemedicine")

    def check_records(self, records, ctx):
        ev_codes = family("e_visits")
        em_codes = family("office_em") | family("cpt2025_telemedicine")
        for recs in by_key(records, clinician=True).values():
            ems = [r for r in recs if r.code in em_codes]
            if not ems:
                continue
            for r in recs:
                if r.run is not None or r.code not in ev_codes:
                    continue
                before = [e for e in ems if r.day - WEEK <= e.day < r.day]
                inside = [e for e in ems if r.day <= e.day <= r.day + dt.timedelta(days=6)]
                for em, why in ((before[-1] if before else None, "it starts within 7 days after an E/M visit"),
                                (inside[0] if inside else None, "an E/M visit falls inside its 7-day period")):
                    if em is None:
                        continue
                    shared = sorted(set(r.dx) & set(em.dx))
                    msg = self.meta.message.format(code=r.code, day=r.day, other=where(em), why=why)
                    if shared:  # the same diagnosis: the inquiry is about the visit's problem
                        msg = msg.replace("; if related,", f"; both carry diagnosis {shared[0]}, so they are related and")
                    yield self.on(r, msg, severity="error" if shared else None,
                                  details={"shared_diagnoses": shared} if shared else None)
                    break

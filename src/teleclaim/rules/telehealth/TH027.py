"""TH027: a virtual check-in or remote evaluation next to an E/M visit of the same clinician."""

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

SOON = dt.timedelta(days=1)


class TH027(CrossRule):
    """
    What it checks:
        For the same patient and clinician, the exclusions of the virtual check-ins and remote
        evaluations (G2010, G2012, G2250-G2252, 98016) against office E/M visits (99202-99215,
        98000-98015): the service is not billed when it is related to an E/M in the 7 days before
        it, or when it leads to an E/M within 24 hours (an E/M the same or the next day is taken as
        that visit). Flagged on the check-in line.

    Why it matters:
        The brief communication is then part of the visit; billed separately it is denied or
        recovered as a duplicate.

    Failing example:
        `99213` on 2026-03-02 and `98016` on 2026-03-05, same patient, clinician and diagnosis.

    Passing example:
        `99213` on 2026-03-02 and `98016` on 2026-03-12.

    Known limits:
        Relatedness is read from the diagnoses: a shared diagnosis code makes the 7-days-before case
        an error, otherwise it is a warning to check. The "soonest available appointment" may fall
        later than the next day; only the same or next day is judged (a warning: the claim does not
        show which appointment the check-in led to). e-visits (99421-99423) follow TH021 instead.
    """

    meta = RuleMeta(
        code="TH027",
        name="check-in-next-to-office-visit",
        severity="warning",
        summary="Virtual check-in or remote evaluation within 7 days after, or the day before, an E/M visit",
        message="{code} on {day}: {why} ({other}); {outcome}",
        fix="Do not bill the check-in or remote evaluation when it concerns a visit of the previous 7 days or "
        "leads to a visit within 24 hours (soonest appointment); bill it only when it stands alone.",
        authority=(auth("S32", "rules.md §3.4"), auth("S34", "rules.md §3.5")),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("check_ins", "office_em", "cpt2025_telemedicine")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        ci_codes = family("check_ins")
        em_codes = family("office_em") | family("cpt2025_telemedicine")
        for r, ems in alongside_em(records, ci_codes, em_codes):
            after = [e for e in ems if r.day <= e.day <= r.day + SOON]
            if after:
                yield self.on(
                    r,
                    self.meta.message.format(
                        code=r.code,
                        day=r.day,
                        other=where(after[0]),
                        why="an E/M visit follows within 24 hours",
                        outcome="if the check-in led to it, it is part of that visit and not billed separately",
                    ),
                )
                continue
            prior = em_in_week_before(r, ems)
            if prior is None:
                continue
            em, shared = prior
            outcome = (
                f"both carry diagnosis {shared[0]}, so it is related and not billed separately"
                if shared
                else "if related, it is not billed separately"
            )
            yield self.on(
                r,
                self.meta.message.format(
                    code=r.code,
                    day=r.day,
                    other=where(em),
                    outcome=outcome,
                    why="it falls within 7 days after an E/M visit",
                ),
                severity="error" if shared else None,
                details={"shared_diagnoses": shared} if shared else None,
            )

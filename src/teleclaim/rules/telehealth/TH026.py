"""TH026: RPM and RTM device supply for the same patient in one 30-day period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, by_key, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family

PERIOD = dt.timedelta(days=30)


class TH026(CrossRule):
    """
    What it checks:
        Remote physiologic monitoring (99454/99445) and remote therapeutic monitoring device supply
        (98976-98978, 98984-98986) for the same patient within 30 days of each other.

    Why it matters:
        RPM and RTM are not billed for the same patient and period; the second program's device
        code is denied.

    Failing example:
        `99454` on 2026-03-01 and `98977` on 2026-03-15 for the same patient.

    Passing example:
        `99454` on 2026-03-01 and `98977` on 2026-04-15.

    Known limits:
        Confidence I (inferred, not verified in a source; S35 describes the codes, not this limit):
        a warning.
    """

    meta = RuleMeta(
        code="TH026",
        name="rpm-and-rtm-in-same-period",
        severity="warning",
        summary="RPM and RTM device supply for one patient within 30 days",
        message="{code} on {day} is within 30 days of {other}: RPM and RTM are not billed for the same period",
        fix="Bill one monitoring program per patient and period (RPM for physiologic data, RTM for "
        "therapeutic/musculoskeletal/respiratory/CBT data).",
        authority=(auth("S35", "rules.md §3.6"),),
        confidence="I",
        **PROFESSIONAL,
    )
    watch = ("rpm_device", "rtm_device")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        rpm, rtm = family("rpm_device"), family("rtm_device")
        for recs in by_key([r for r in records if r.code in rpm | rtm], clinician=False).values():
            for r in recs:
                if r.run is not None:
                    continue
                other_fam = rtm if r.code in rpm else rpm
                earlier = [o for o in recs if o.code in other_fam and r.day - PERIOD < o.day <= r.day and o is not r]
                if earlier:
                    yield self.on(r, self.meta.message.format(code=r.code, day=r.day, other=where(earlier[-1])))

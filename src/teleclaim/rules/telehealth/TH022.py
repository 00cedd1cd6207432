"""TH022: RPM or RTM device-supply codes overlapping in one 30-day period for a patient."""

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


class TH022(CrossRule):
    """
    What it checks:
        Device supply is billed once per 30-day period per patient, by one practitioner: RPM 99454
        (16-30 days of data) or 99445 (2-15 days, from 2026), never both; RTM 98976-98978 (16+ days)
        or 98984-98986 (2-15 days, from 2026). A second device-supply line of the same family
        within 30 days of the period's first one is flagged, whoever bills it, across the run (and
        earlier runs with the history store).

    Why it matters:
        The 30-day period pays once; a second device code in it (or both day bands) is a duplicate,
        and only one practitioner may bill device supply for the patient in the period.

    Failing example:
        `99454` on 2026-03-01 and `99445` on 2026-03-20 for the same patient.

    Passing example:
        `99454` on 2026-03-01 and `99445` on 2026-03-31 (the next 30-day period).

    Known limits:
        The days with data are not on the claim, so the 16-day and 2-day thresholds themselves
        cannot be checked here (`teleclaim suggest` applies them). The period starts at the first
        device line's date.
    """

    meta = RuleMeta(
        code="TH022",
        name="device-supply-twice-in-30-days",
        severity="error",
        summary="Two RPM (99454/99445) or RTM device-supply lines in one 30-day period",
        message="{code} on {day} is inside the 30-day device period {start} to {end} already billed as {first}{who}",
        fix="Bill one device-supply code per patient per 30 days: 99454 for 16-30 days of data, 99445 "
        "for 2-15 (RTM: 98976-98978 or 98984-98986); remove the second line.",
        authority=(auth("S35", "rules.md §3.6, §3.7"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("rpm_device", "rtm_device")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        for fam in ("rpm_device", "rtm_device"):
            codes = family(fam)
            for recs in by_key([r for r in records if r.code in codes], clinician=False).values():
                first = None
                for r in recs:
                    if first is not None and r.day < first.day + PERIOD:
                        if r.run is None:
                            who = (
                                " (by another practitioner: only one bills device supply per period)"
                                if r.clinician != first.clinician
                                else ""
                            )
                            yield self.on(
                                r,
                                self.meta.message.format(
                                    code=r.code,
                                    day=r.day,
                                    start=first.day,
                                    end=first.day + PERIOD - dt.timedelta(days=1),
                                    first=where(first),
                                    who=who,
                                ),
                            )
                        continue
                    first = r

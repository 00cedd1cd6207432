"""TH020: more than one e-visit for the same patient and clinician within one 7-day period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, by_key, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL

WEEK = dt.timedelta(days=6)


class TH020(CrossRule):
    """
    What it checks:
        Online digital E/M (99421-99423, 98970-98972, G2061-G2063) is reported once for the
        cumulative time of a 7-day period: the day of the first interaction and the six days
        after. A second e-visit line for the same patient and clinician inside that period is
        flagged, across every claim of the run (and earlier runs when the history store is on); so
        is a single e-visit line with more than one unit.

    Why it matters:
        The codes already cover the whole week's time; a second report in the period is a duplicate
        that payers deny and auditors recover.

    Failing example:
        `99422` on 2026-03-02 and `99421` on 2026-03-06, same patient and clinician.

    Passing example:
        `99422` on 2026-03-02 and `99421` on 2026-03-09 (a new period starts after 2026-03-08).

    Known limits:
        The patient is matched by member id, birth date and name; the clinician by the rendering NPI.
    """

    meta = RuleMeta(
        code="TH020",
        name="e-visit-more-than-once-per-7-days",
        severity="error",
        summary="Second e-visit for the same patient and clinician inside one 7-day period",
        message="{code} on {day} falls inside the 7-day e-visit period {start} to {end} already billed as {first}",
        fix="Report one e-visit code per 7-day period for the cumulative time (99421 5-10 min, 99422 "
        "11-20, 99423 21+); remove the extra line or combine the time.",
        authority=(auth("S33", "rules.md §3.5"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("e_visits",)

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        codes = self.watched()
        evs = [r for r in records if r.code in codes]
        for recs in by_key(evs, clinician=True).values():
            first = None
            for r in recs:
                if r.run is None and r.units is not None and r.units > 1:
                    yield self.on(
                        r,
                        f"{r.code} on {r.day} has {r.units} units; an e-visit is one unit per 7-day period",
                        value=str(r.units),
                    )
                if first is not None and r.day <= first.day + WEEK:
                    if r.run is None:
                        yield self.on(
                            r,
                            self.meta.message.format(
                                code=r.code, day=r.day, start=first.day, end=first.day + WEEK, first=where(first)
                            ),
                        )
                    continue
                first = r

"""TH023: two first-time treatment-management codes (RPM or RTM) in one calendar month."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, by_key, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, tables


class TH023(CrossRule):
    """
    What it checks:
        RPM treatment management is reported per calendar month with ONE first code: 99457 (first
        20 minutes) or 99470 (first 10 minutes, from 2026), not both and not twice; RTM the same
        with 98980 (20 min) or 98979 (10 min, from 2026). A second first-code line for the patient
        in the month is flagged, as is a first-code line with more than one unit.

    Why it matters:
        The extra time of a month is reported with the add-on code (99458/98981), not with a second
        first code; the duplicate is denied.

    Failing example:
        `99457` on 2026-03-10 and `99470` on 2026-03-25 for the same patient.

    Passing example:
        `99457` on 2026-03-10 and `99458` on 2026-03-25.

    Known limits:
        Management minutes are not on the claim; thresholds are applied by `teleclaim suggest`.
    """

    meta = RuleMeta(
        code="TH023",
        name="management-code-twice-in-month",
        severity="error",
        summary="Two RPM (99457/99470) or RTM (98980/98979) first management codes in one month",
        message="{code} on {day}: {month} already has {first}; one first management code per month",
        fix="Keep one first management code per calendar month (99457 for 20+ minutes, 99470 for "
        "10-19) and report further 20-minute blocks with 99458 (RTM: 98980/98979 and 98981).",
        authority=(auth("S35", "rules.md §3.6, §3.7"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("rpm_management", "rtm_management")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        for fam in ("rpm_management", "rtm_management"):
            first_codes = set(tables()[fam]["first"])
            for recs in by_key([r for r in records if r.code in first_codes], clinician=False).values():
                seen: dict[tuple[int, int], ServiceRecord] = {}
                for r in recs:
                    month = (r.day.year, r.day.month)
                    if r.run is None and r.units is not None and r.units > 1:
                        yield self.on(
                            r,
                            f"{r.code} on {r.day} has {r.units} units; the first management code is "
                            "one unit per month (use the add-on for more time)",
                            value=str(r.units),
                        )
                    if month in seen:
                        if r.run is None:
                            yield self.on(
                                r,
                                self.meta.message.format(
                                    code=r.code, day=r.day, first=where(seen[month]), month=f"{month[0]}-{month[1]:02d}"
                                ),
                            )
                        continue
                    seen[month] = r

"""TH024: an add-on management code (99458, 98981) without its primary code in the month."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, by_key
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, tables


class TH024(CrossRule):
    """
    What it checks:
        99458 (each additional 20 minutes of RPM management) is reported only with 99457 for the
        same patient and calendar month, and 98981 only with 98980 (RTM). An add-on whose month has
        no primary, or only the 10-minute code (99470, 98979), is flagged.

    Why it matters:
        An add-on code without its primary is denied: the additional time presupposes the first 20
        minutes.

    Failing example:
        `99458` on 2026-03-25 with no `99457` for the patient in March 2026.

    Passing example:
        `99457` on 2026-03-10 and `99458` on 2026-03-25 (same claim or another claim of the run).

    Known limits:
        The primary may be on a claim of another run: turn the history store on, or check the
        month's claims together.
    """

    meta = RuleMeta(
        code="TH024",
        name="add-on-without-primary-code",
        severity="error",
        summary="99458 without 99457 (or 98981 without 98980) in the same month",
        message="{code} on {day} needs {primary} for the patient in {month}{extra}",
        fix="Report the primary code (99457, or 98980 for RTM) for the month, or remove the add-on; "
        "the 10-minute codes 99470/98979 take no add-on.",
        authority=(auth("S35", "rules.md §3.6, §3.7"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    watch = ("rpm_management", "rtm_management")

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        addon = {**tables()["rpm_management"]["addon"], **tables()["rtm_management"]["addon"]}
        for recs in by_key(records, clinician=False).values():
            months: dict[tuple[int, int], set[str]] = {}
            for r in recs:
                months.setdefault((r.day.year, r.day.month), set()).add(r.code)
            for r in recs:
                if r.run is not None or r.code not in addon:
                    continue
                have = months[(r.day.year, r.day.month)]
                primary = addon[r.code]
                if primary in have:
                    continue
                short = sorted(c for c in have if c in ("99470", "98979"))
                extra = f" ({short[0]} is the 10-minute code and takes no add-on)" if short else ""
                yield self.on(
                    r,
                    self.meta.message.format(
                        code=r.code, day=r.day, primary=primary, extra=extra, month=f"{r.day.year}-{r.day.month:02d}"
                    ),
                )

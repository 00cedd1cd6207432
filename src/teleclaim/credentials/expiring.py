"""What lapses soon: licenses, compact privileges, enrollments, Medicare 5-year revalidation and
CAQH attestation older than 120 days, within ``within`` days of ``on`` (already lapsed items whose
last day fell inside the look-back are listed too, with a negative ``days_left``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from teleclaim.credentials.roster import Clinician

CAQH_DAYS = 120  # CAQH asks providers to re-attest every 120 days
REVALIDATION_YEARS = 5  # Medicare revalidation cycle, 42 CFR 424.515 (rules.md §4, V2)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def items_of(c: Clinician, on: dt.date) -> Iterable[dict[str, Any]]:
    for lic in c.licenses:
        if lic.expires and lic.status in ("active", "probation"):
            yield {
                "kind": "license",
                "what": f"{lic.state} license {lic.number or ''}".strip() + (" (multistate)" if lic.multistate else ""),
                "state": lic.state,
                "date": lic.expires,
            }
    for cp in c.compact_privileges:
        if cp.expires and cp.status == "active":
            yield {
                "kind": "privilege",
                "what": f"{cp.compact} {cp.kind or 'privilege'}" + (f" {cp.number}" if cp.number else ""),
                "state": cp.home_state,
                "date": cp.expires,
            }
    for e in c.enrollments:
        if e.status != "approved":
            continue
        if e.effective_to:
            yield {"kind": "enrollment", "what": f"{e.payer} enrollment ends", "state": None, "date": e.effective_to}
        due = e.revalidation_due
        estimated = False
        if due is None and e.payer.lower() == "medicare" and e.effective_from:
            due = e.effective_from
            while due <= on:
                due = _add_years(due, REVALIDATION_YEARS)
            estimated = True
        if due:
            yield {
                "kind": "revalidation",
                "what": f"{e.payer} revalidation"
                + (" (estimated: 5-year cycle from the effective date)" if estimated else ""),
                "state": None,
                "date": due,
            }
    if c.caqh_attested:
        yield {
            "kind": "caqh",
            "what": f"CAQH attestation of {c.caqh_attested} turns {CAQH_DAYS} days old",
            "state": None,
            "date": c.caqh_attested + dt.timedelta(days=CAQH_DAYS),
        }


def expiring(clinicians: Iterable[Clinician], on: dt.date, within: int) -> list[dict[str, Any]]:
    """Items whose last day falls between ``on - within`` and ``on + within`` days, soonest first."""
    out = []
    lo, hi = on - dt.timedelta(days=within), on + dt.timedelta(days=within)
    for c in clinicians:
        for it in items_of(c, on):
            if lo <= it["date"] <= hi:
                left = (it["date"] - on).days
                out.append(
                    {
                        "npi": c.npi,
                        "name": c.name,
                        **it,
                        "date": it["date"].isoformat(),
                        "days_left": left,
                        "lapsed": left < 0,
                    }
                )
    out.sort(key=lambda x: (x["date"], x["npi"], x["kind"]))
    return out

"""The home-health certifying physician (837I 2310A attending) and what the roster says of them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from teleclaim.model.claim import Claim
from teleclaim.rules.context import Context

if TYPE_CHECKING:
    from teleclaim.credentials.roster import Clinician


def certifier_status(claim: Claim, ctx: Context) -> tuple[str | None, Clinician | None, str]:
    """(npi, roster clinician or None, status) with status one of ``enrolled``, ``opted_out``,
    ``not_enrolled``, ``not_on_roster``, ``no_date``."""
    att = claim.attending
    npi = att.npi if att is not None else None
    if not npi:
        return None, None, "none"
    c = ctx.roster.get(npi) if ctx.roster is not None else None  # the CR edits ask only with a roster
    if c is None:
        return npi, None, "not_on_roster"
    day: dt.date | None = claim.statement_from
    if day is None:
        return npi, c, "no_date"
    if any(o.covers(day) for o in c.medicare_opt_out):
        return npi, c, "opted_out"
    if any(e.payer.strip().lower() == "medicare" and e.effective_on(day) for e in c.enrollments):
        return npi, c, "enrolled"
    return npi, c, "not_enrolled"

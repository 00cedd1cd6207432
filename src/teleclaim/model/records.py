"""Service records: the compact, name-free trace of one billed line that cross-claim edits compare.

The engine keeps one ``ServiceRecord`` per watched line (``teleclaim.rules.cross.records_of``), the
history store saves and loads them (``teleclaim.store.history``). The patient is a keyed hash,
never a name or member id. It lives beside the claim model so the store names it without
importing ``teleclaim.rules``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    patient: str  # keyed hash of the patient's identity (never the member id in clear)
    clinician: str | None  # rendering NPI (line, claim) or billing NPI
    code: str
    day: dt.date
    units: Decimal | None
    claim_id: str
    line: int
    modifiers: tuple[str, ...] = ()
    file: str | None = None
    segment: int | None = None
    location: tuple[str, ...] = ()
    payer: str | None = None  # payer id of the claim (which per-payer rule selection applies)
    dx: tuple[str, ...] = ()  # the line's diagnoses (this run only; never stored in the history)
    run: str | None = None  # None: this run; else the id of the earlier run it comes from

    def to_row(self) -> dict[str, Any]:
        return {
            "patient": self.patient,
            "clinician": self.clinician,
            "code": self.code,
            "day": self.day.isoformat(),
            "units": None if self.units is None else str(self.units),
            "claim_id": self.claim_id,
            "line": self.line,
            "modifiers": list(self.modifiers),
        }

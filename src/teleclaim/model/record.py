"""The claim record: what the claim ledger keeps of a checked claim, and what reports aggregate.

A ``ClaimRecord`` is the minimum a utilization report needs and nothing that names the patient:
a keyed hash of the patient's identity, the patient's state and 3-digit ZIP (``000`` for the
restricted areas of HIPAA's safe harbor), clinician NPIs, the payer profile, claim id, type of bill
or place of service, dates, HIPPS, and per line code, modifiers, POS, units, charge, revenue code,
date and clinician; plus the findings (rule, severity, line). Never names, member ids, street
addresses or dates of birth. The same record is built from a claim read from a file and read back
from the ledger, so one aggregation serves both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class LineRecord:
    line: int
    code: str | None
    modifiers: tuple[str, ...] = ()
    pos: str | None = None  # the line's own place of service (SV105), else None
    units: Decimal | None = None
    charge: Decimal | None = None
    revenue: str | None = None
    date: dt.date | None = None  # the line's service date (DTP 472), else None
    clinician: str | None = None  # rendering (837P: line, claim, individual billing) / attending (837I) NPI


@dataclass(slots=True)
class ClaimRecord:
    billing_npi: str
    claim_id: str
    kind: str  # 837I | 837P
    patient: str | None = None  # keyed hash of the patient's identity
    state: str | None = None  # patient's state (2 letters)
    zip3: str | None = None  # first 3 digits of the patient's ZIP, "000" in restricted areas
    payer_id: str | None = None
    payer_profile: str | None = None  # profile name (medicare, commercial ...)
    payer_family: str | None = None  # medicare | commercial | medicaid ...
    tob: str | None = None  # 837I type of bill ("329")
    pos: str | None = None  # 837P claim place of service (CLM05-1)
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    hipps: str | None = None
    attending_npi: str | None = None
    rendering_npi: str | None = None
    lines: list[LineRecord] = field(default_factory=list)
    findings: list[tuple[str, str, int | None]] = field(default_factory=list)  # (rule, severity, line)

    @property
    def first_date(self) -> dt.date | None:
        """The claim's date: statement period start, else its earliest line date."""
        if self.statement_from is not None:
            return self.statement_from
        days = [ln.date for ln in self.lines if ln.date is not None]
        return min(days) if days else None

    @property
    def last_date(self) -> dt.date | None:
        days = [d for d in (self.statement_to, self.statement_from, *(ln.date for ln in self.lines)) if d is not None]
        return max(days) if days else None

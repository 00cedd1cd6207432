"""The claim record: what the claim ledger keeps of a checked claim, and what reports aggregate.

A ``ClaimRecord`` is the minimum a utilization report needs and nothing that names the patient:
a keyed hash of the patient's identity, the patient's state and 3-digit ZIP (``000`` for the
restricted areas of HIPAA's safe harbor), clinician NPIs, the payer profile, claim id, type of bill
or place of service, dates, HIPPS, and per line code, modifiers, POS, units, charge, revenue code,
date and clinician; plus the findings (rule, severity, line). Never names, member ids, street
addresses or dates of birth. The same record is built from a claim read from a file and read back
from the ledger, so one aggregation serves both.

Below the records: the report's definitions (issue 16) as functions of a record and line
(telehealth, audio-only, kinds, home-health visits), used by the report over files and by the ledger
when it records a claim, so the two cannot disagree.
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
    work_rvu: Decimal | None = None  # fee estimate (work RVUs x units), None when not estimated
    allowed: Decimal | None = None  # fee estimate (allowed amount), None when not estimated


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
    estimate: Decimal | None = None  # fee estimate of a home-health period claim (PDGM or LUPA)
    lupa_threshold: int | None = None  # visits the period's HIPPS needs (fees' PDGM table), None when unknown

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


# -- the report's definitions (issue 16), on records: one place for files and the ledger ----------------
def _expand(*specs: str) -> frozenset[str]:
    out: set[str] = set()
    for spec in specs:
        lo, _, hi = spec.partition("-")
        if not hi:
            out.add(lo)
            continue
        prefix = lo.rstrip("0123456789")
        a, b = int(lo[len(prefix) :]), int(hi[len(prefix) :])
        width = len(lo) - len(prefix)
        out.update(f"{prefix}{n:0{width}d}" for n in range(a, b + 1))
    return frozenset(out)


TELEHEALTH_POS = frozenset({"02", "10"})
TELEHEALTH_MODIFIERS = ("95", "93", "GT", "GQ", "FQ")
AUDIO_MODIFIERS = frozenset({"93", "FQ"})
TELEPHONE_CODES = _expand("99441-99443", "98966-98968", "98008-98015")
KINDS: dict[str, frozenset[str]] = {
    "telehealth_em": _expand("99202-99215", "98000-98015"),
    "e_visit": _expand("99421-99423", "G2061-G2063", "98970-98972"),
    "virtual_check_in": _expand("G2010", "G2012", "G2250-G2252", "98016"),
    "rpm": _expand("99091", "99453", "99454", "99457", "99458", "99445", "99470"),
    "rtm": _expand("98975-98981", "98984-98986"),
}
_KIND_OF = {c: k for k, cs in KINDS.items() for c in cs}
HH_PERIOD_TOB = ("329", "327")
HH_TELECOM = ("G0320", "G0321", "G0322")
_VISIT_REVENUE = ("042", "043", "044", "055", "056", "057")
MEDICARE = "medicare"  # the payer profile family whose patients are compared with CMS's national share


def line_pos(rec: ClaimRecord, ln: LineRecord) -> str | None:
    return ln.pos or rec.pos


def is_telehealth(rec: ClaimRecord, ln: LineRecord) -> bool:
    if rec.kind != "837P":
        return False
    return line_pos(rec, ln) in TELEHEALTH_POS or any(m in TELEHEALTH_MODIFIERS for m in ln.modifiers)


def is_audio_only(rec: ClaimRecord, ln: LineRecord) -> bool:
    if rec.kind != "837P":
        return False
    return any(m in AUDIO_MODIFIERS for m in ln.modifiers) or (ln.code or "") in TELEPHONE_CODES


def kind_of(rec: ClaimRecord, ln: LineRecord, telehealth: bool) -> str | None:
    if rec.kind != "837P":
        return None
    k = _KIND_OF.get(ln.code or "")
    if k == "telehealth_em" and not telehealth:
        return None
    return k


def is_visit(ln: LineRecord) -> bool:
    code, rev = ln.code or "", ln.revenue or ""
    return rev[:3] in _VISIT_REVENUE and len(rev) == 4 and code.startswith("G") and code not in HH_TELECOM

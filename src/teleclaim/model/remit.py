"""The remittance model (835) and the claim acknowledgment model (277CA): plain typed objects.

Filled by ``teleclaim.x12.reader835`` / ``teleclaim.x12.reader277``; no X12 in them. Money is
``Decimal``, dates are ``datetime.date``. Field names are a public contract (``teleclaim remit
--format json``): extend, never rename.

A claim or line is *denied* (``is_denied``) when its status is 4 (denied), or when its status is
1, 2 or 3 (processed as primary, secondary, tertiary), nothing was paid, it carries a CO or PI
adjustment and no PR adjustment (a claim that went wholly to the patient's deductible is not a
denial). Reversals (status 22) are never denials.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(slots=True)
class Adjustment:
    """One CAS reason/amount triplet: group (CO, PR, OA, PI, CR), CARC reason, amount, quantity."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None
    segment: int | None = None  # 1-based position of the CAS in its transaction set

    @property
    def key(self) -> str:
        return f"{self.group}-{self.reason}"


@dataclass(slots=True)
class RemitLine:
    """One SVC (loop 2110): what was billed and paid for one service line."""

    code: str
    qualifier: str = "HC"  # SVC01-1: HC (HCPCS/CPT), NU (revenue code), N4 (NDC) ...
    modifiers: list[str] = field(default_factory=list)
    charge: Decimal = ZERO
    paid: Decimal = ZERO
    revenue_code: str | None = None  # SVC04
    units: Decimal | None = None  # SVC05 (default 1 when absent)
    original_code: str | None = None  # SVC06: the code as submitted, when the payer changed it
    original_units: Decimal | None = None  # SVC07
    date_from: dt.date | None = None  # DTM 472 or 150
    date_to: dt.date | None = None  # DTM 151
    allowed: Decimal | None = None  # AMT B6
    control_number: str | None = None  # REF 6R (the line item control number sent in 837 REF*6R)
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # LQ*HE codes (RARC)
    segment: int | None = None

    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)


@dataclass(slots=True)
class RemitClaim:
    """One CLP (loop 2100) with its adjustments and lines."""

    claim_id: str  # CLP01: the patient control number the provider sent in CLM01
    status: str  # CLP02 as sent
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None = None  # CLP05
    filing_indicator: str | None = None  # CLP06
    payer_control_number: str | None = None  # CLP07
    facility_type: str | None = None  # CLP08
    frequency: str | None = None  # CLP09
    drg: str | None = None  # CLP11
    patient_last_name: str | None = None  # NM1*QC
    patient_first_name: str | None = None
    member_id: str | None = None
    rendering_npi: str | None = None  # NM1*82 XX
    date_from: dt.date | None = None  # DTM 232
    date_to: dt.date | None = None  # DTM 233
    received: dt.date | None = None  # DTM 050
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # MOA/MIA remark codes
    lines: list[RemitLine] = field(default_factory=list)
    segment: int | None = None
    line_no: int | None = None  # file line of the CLP

    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)

    @property
    def is_reversal(self) -> bool:
        return self.status == "22"

    @property
    def is_denied(self) -> bool:
        return is_denied(self.status, self.paid, self.adjustments + [a for ln in self.lines for a in ln.adjustments])


def is_denied(status: str, paid: Decimal, adjustments: list[Adjustment]) -> bool:
    """The issue's definition (see the module docstring); a line passes its claim's status."""
    if status == "4":
        return True
    if status not in ("1", "2", "3"):
        return False
    groups = {a.group for a in adjustments if a.amount != 0}
    return paid == 0 and bool(groups & {"CO", "PI"}) and "PR" not in groups


@dataclass(slots=True)
class ProviderAdjustment:
    """One PLB reason/amount pair: a positive amount reduces the payment, a negative one adds to it."""

    provider: str
    fiscal_period: dt.date | None
    reason: str  # PLB03-1, e.g. WO (overpayment recovery), L6 (interest), FB (forwarding balance)
    reference: str | None
    amount: Decimal
    segment: int | None = None


@dataclass(slots=True)
class Payment:
    """One 835 transaction set: the payment (BPR/TRN), the payer and payee, its claims and PLBs."""

    amount: Decimal  # BPR02
    credit_debit: str = "C"  # BPR03
    method: str = ""  # BPR04: ACH, CHK, FWT, BOP, NON
    handling: str = ""  # BPR01: I (remittance and payment), H (notification only) ...
    date: dt.date | None = None  # BPR16
    trace: str | None = None  # TRN02 (check or EFT trace number)
    payer: str | None = None  # N1*PR name
    payer_id: str | None = None  # TRN03 / REF*2U
    payee: str | None = None  # N1*PE name
    payee_npi: str | None = None  # N1*PE XX
    payee_tax_id: str | None = None  # N1*PE FI or REF*TJ
    production_date: dt.date | None = None  # DTM 405
    claims: list[RemitClaim] = field(default_factory=list)
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)
    control: str = ""  # ST02
    file: str | None = None
    segment: int | None = None


@dataclass(slots=True)
class RemitProblem:
    """A balancing or reading problem in an 835: where (file, segment, loop, element) and the values."""

    kind: str  # line-unbalanced | claim-unbalanced | payment-unbalanced | unreadable-element | unexpected-segment ...
    message: str
    file: str | None = None
    segment: int | None = None  # 1-based position in the transaction set (ST = 1)
    segment_id: str | None = None
    loop: str | None = None
    element: int | None = None
    value: str | None = None
    line: int | None = None  # file line
    claim_id: str | None = None
    transaction_control: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # the amounts compared (decimal strings)
    severity: str = "error"  # error: the amounts cannot be trusted (exit 1); warning: a value was not usable

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.segment is not None:
            parts.append(f"segment {self.segment}")
        if self.segment_id:
            parts.append(self.segment_id + (f"{self.element:02d}" if self.element else ""))
        if self.loop:
            parts.append(f"loop {self.loop}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "kind": self.kind,
            "message": self.message,
            "file": self.file,
            "segment": self.segment,
            "segment_id": self.segment_id,
            "loop": self.loop,
            "element": self.element,
            "value": self.value,
            "line": self.line,
            "claim_id": self.claim_id,
            "transaction_control": self.transaction_control,
            "severity": self.severity,
        }
        if self.values:
            d["values"] = self.values
        return d


# -- 277CA --------------------------------------------------------------------------------------
@dataclass(slots=True)
class StatusCode:
    """One STC01/STC10/STC11 composite: category (A1-A8, ...), status code, entity code."""

    category: str
    status: str | None = None
    entity: str | None = None


@dataclass(slots=True)
class ClaimStatus:
    """One claim's answer in a 277CA (loop 2200D): accepted or rejected, and why."""

    claim_id: str | None  # TRN02 of loop 2200D: the CLM01 sent
    payer_claim_id: str | None = None  # REF*1K
    patient: str | None = None
    member_id: str | None = None
    provider_npi: str | None = None
    codes: list[StatusCode] = field(default_factory=list)
    date: dt.date | None = None  # STC02
    action: str | None = None  # STC03: WQ accepted, U rejected
    charge: Decimal | None = None  # STC04
    service_date: dt.date | None = None  # DTP 472
    segment: int | None = None

    @property
    def accepted(self) -> bool:
        cats = {c.category for c in self.codes}
        return bool(cats) and not (cats & {"A3", "A4", "A6", "A7", "A8"})


@dataclass(slots=True)
class StatusReport:
    """One 277 transaction set: the information source / receiver level answers and the claims."""

    control: str
    version: str
    reference: str | None = None  # BHT03
    date: dt.date | None = None  # BHT04
    payer: str | None = None
    receiver: str | None = None
    batch: list[ClaimStatus] = field(default_factory=list)  # receiver / provider level STCs (2200B/C)
    claims: list[ClaimStatus] = field(default_factory=list)
    file: str | None = None

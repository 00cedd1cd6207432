"""The claim model: plain typed objects, no X12 in them.

One ``Claim`` is one CLM (2300 loop) with everything a rule needs: the envelope and parties it was
sent with, claim-level codes and dates, and its service lines. The same model is filled by the
837I/837P readers (``teleclaim.x12``) and by the JSON claim form (``teleclaim.model.jsonform``),
so every later feature works for integrators without X12.

Money is ``Decimal`` (JSON: strings like ``"160.00"``), dates are ``datetime.date``.
Field names are a public contract (the JSON form): extend, never rename.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

#: The JSON claim form refuses unknown fields (a misspelt field must not be dropped silently).
_STRICT = {"extra": "forbid"}

ClaimKind = Literal["837I", "837P"]


@dataclass(slots=True)
class Address:
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None


@dataclass(slots=True)
class Provider:
    """A billing, attending, rendering, referring ... provider (NM1 + PRV + REF)."""

    name: str | None = None  # organisation name, or last name of a person
    first_name: str | None = None
    entity_type: str | None = None  # NM102: "1" person, "2" organisation
    npi: str | None = None
    taxonomy: str | None = None
    tax_id: str | None = None  # EIN (REF*EI) or SSN (REF*SY)
    address: Address | None = None


@dataclass(slots=True)
class Person:
    """Subscriber or patient (2010BA / 2010CA)."""

    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    member_id: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None  # F, M, U
    address: Address | None = None


@dataclass(slots=True)
class Payer:
    name: str | None = None
    id: str | None = None
    address: Address | None = None


@dataclass(slots=True)
class Envelope:
    """Interchange (ISA), group (GS) and transaction (ST/BHT) of a claim, plus submitter/receiver."""

    sender_id: str | None = None  # ISA06
    receiver_id: str | None = None  # ISA08
    interchange_control: str | None = None  # ISA13
    interchange_date: dt.date | None = None  # ISA09
    interchange_time: str | None = None  # ISA10 HHMM: kept with ISA09 (both or neither)
    usage: str | None = None  # ISA15: P production, T test
    group_control: str | None = None  # GS06
    application_sender: str | None = None  # GS02
    application_receiver: str | None = None  # GS03
    transaction_control: str | None = None  # ST02
    version: str | None = None  # e.g. 005010X223A2
    bht_reference: str | None = None  # BHT03
    bht_date: dt.date | None = None
    submitter_name: str | None = None
    submitter_id: str | None = None
    receiver_name: str | None = None
    receiver_id_code: str | None = None


@dataclass(slots=True)
class Diagnosis:
    code: str
    qualifier: str | None = None  # ABK/ABF (ICD-10), BK/BF (ICD-9) ...
    poa: str | None = None  # present-on-admission indicator (837I)


@dataclass(slots=True)
class Occurrence:
    code: str
    date: dt.date | None = None


@dataclass(slots=True)
class OccurrenceSpan:
    code: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(slots=True)
class ValueCode:
    code: str
    amount: Decimal | None = None


@dataclass(slots=True)
class Note:
    code: str | None  # NTE01 reference code, e.g. ADD, UPI
    text: str


@dataclass(slots=True)
class ServiceLine:
    line: int  # LX01
    code: str | None = None  # procedure code (HCPCS/CPT/HIPPS)
    code_qualifier: str | None = None  # HC, HP (HIPPS), ER, IV, WK ...
    modifiers: list[str] = field(default_factory=list)
    revenue_code: str | None = None  # SV201 (837I)
    description: str | None = None
    charge: Decimal | None = None
    unit_basis: str | None = None  # UN units, DA days, MJ minutes
    units: Decimal | None = None
    pos: str | None = None  # SV105 (837P), when it differs from the claim's
    date: dt.date | None = None
    date_to: dt.date | None = None  # for a date range (RD8)
    non_covered_charge: Decimal | None = None  # SV207 (837I)
    diagnosis_pointers: list[int] = field(default_factory=list)  # SV107 (837P)
    line_control: str | None = None  # REF*6R
    notes: list[Note] = field(default_factory=list)
    rendering: Provider | None = None  # 2420A
    referring: Provider | None = None  # 2420F (837P) / 2420D (837I)


@dataclass(slots=True)
class SourceLocation:
    """Where the claim came from: for findings and 999s. Not part of the claim's identity."""

    file: str | None = None
    transaction_control: str | None = None  # ST02 of its transaction set
    claim_segment: int | None = None  # 1-based position of CLM within the transaction set
    line_segments: dict[int, int] = field(default_factory=dict)  # LX01 -> position of LX


@dataclass(slots=True)
class Claim:
    claim_id: str  # CLM01 (patient control number)
    kind: ClaimKind
    total_charge: Decimal | None = None  # CLM02
    facility_code: str | None = None  # CLM05-1: 837I type-of-bill facility+class ("32"), 837P place of service ("02")
    facility_qualifier: str | None = None  # CLM05-2: A (UB-04 TOB) or B (place of service)
    frequency: str | None = None  # CLM05-3: "1", "7", "8", "9", "A", "D" ...
    statement_from: dt.date | None = None  # DTP*434
    statement_to: dt.date | None = None
    admission_date: dt.date | None = None  # DTP*435
    discharge_hour: str | None = None  # DTP*096
    admission_type: str | None = None  # CL101
    point_of_origin: str | None = None  # CL102
    patient_status: str | None = None  # CL103
    principal_diagnosis: Diagnosis | None = None
    admitting_diagnosis: Diagnosis | None = None
    diagnoses: list[Diagnosis] = field(default_factory=list)  # other diagnoses
    conditions: list[str] = field(default_factory=list)  # HI BG
    occurrences: list[Occurrence] = field(default_factory=list)  # HI BH
    occurrence_spans: list[OccurrenceSpan] = field(default_factory=list)  # HI BI
    values: list[ValueCode] = field(default_factory=list)  # HI BE
    notes: list[Note] = field(default_factory=list)  # NTE (remarks: code ADD)
    original_reference: str | None = None  # REF*F8 payer claim control number
    prior_authorization: str | None = None  # REF*G1
    billing_provider: Provider | None = None  # 2010AA
    pay_to: Provider | None = None  # 2010AB
    subscriber: Person | None = None  # 2010BA
    relationship: str | None = None  # SBR02 "18" self, or PAT01 when a patient loop follows
    patient: Person | None = None  # 2010CA when the patient is not the subscriber
    payer: Payer | None = None  # 2010BB
    payer_responsibility: str | None = None  # SBR01 P/S/T
    claim_filing: str | None = None  # SBR09 (MA Medicare A, MB Medicare B, CI commercial, MC Medicaid ...)
    attending: Provider | None = None  # 2310A (837I)
    rendering: Provider | None = None  # 2310B (837P) / 2310D (837I)
    referring: Provider | None = None  # 2310A (837P) / 2310F (837I)
    service_facility: Provider | None = None  # 2310C (837P) / 2310E (837I)
    envelope: Envelope | None = None
    lines: list[ServiceLine] = field(default_factory=list)
    source: SourceLocation | None = field(default=None, compare=False)

    # -- derived views used by rules (not serialised) -------------------------------------------
    @property
    def type_of_bill(self) -> str | None:
        """Three-character type of bill for an 837I (e.g. "329", "32A"), else None."""
        if self.kind != "837I" or not self.facility_code:
            return None
        return f"{self.facility_code}{self.frequency or ''}"

    @property
    def place_of_service(self) -> str | None:
        return self.facility_code if self.kind == "837P" else None

    @property
    def the_patient(self) -> Person | None:
        """The person treated: the patient loop when present, else the subscriber."""
        return self.patient or self.subscriber

    @property
    def remarks(self) -> str:
        return " ".join(n.text for n in self.notes if n.code in (None, "ADD") and n.text)


_FORM_CLASSES: tuple[type, ...] = (
    Address,
    Provider,
    Person,
    Payer,
    Envelope,
    Diagnosis,
    Occurrence,
    OccurrenceSpan,
    ValueCode,
    Note,
    ServiceLine,
    Claim,
)
for _cls in _FORM_CLASSES:
    _cls.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]

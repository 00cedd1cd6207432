"""Claim model (plain typed objects, no X12) and its JSON form."""

from teleclaim.model.claim import (
    Address,
    Claim,
    ClaimKind,
    Diagnosis,
    Envelope,
    Note,
    Occurrence,
    OccurrenceSpan,
    Payer,
    Person,
    Provider,
    ServiceLine,
    SourceLocation,
    ValueCode,
)

__all__ = [
    "Address",
    "Claim",
    "ClaimKind",
    "Diagnosis",
    "Envelope",
    "Note",
    "Occurrence",
    "OccurrenceSpan",
    "Payer",
    "Person",
    "Provider",
    "ServiceLine",
    "SourceLocation",
    "ValueCode",
]

"""Structural problems found while reading X12, and the one table mapping them to 999 codes.

Every problem kind has a stable rule code (``X12001``...) so that ``teleclaim check`` lists it as a
finding and ``teleclaim ack`` writes it into a 999 (IK3 segment syntax code, IK4 element syntax
code, IK5/AK9 status). Add kinds at the end; never reuse or renumber a code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from teleclaim.errors import InputError
from teleclaim.x12.kinds import KINDS, ProblemKind  # the one table


@dataclass(slots=True)
class StructuralError:
    """One structural problem, with where it is and what to do."""

    code: str  # a key of KINDS
    message: str
    segment: int | None = None  # 1-based position within the transaction set (ST = 1)
    segment_id: str | None = None  # e.g. CLM
    loop: str | None = None  # e.g. 2300
    element: int | None = None  # 1-based element position
    component: int | None = None  # 1-based component position
    value: str | None = None
    line: int | None = None  # 1-based line in the file, when the file has line breaks
    transaction_control: str | None = None  # ST02
    group_control: str | None = None  # GS06
    interchange_control: str | None = None  # ISA13
    claim_id: str | None = None  # CLM01 of the claim the problem is in
    severity: str = "error"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> ProblemKind:
        return KINDS[self.code]

    @property
    def name(self) -> str:
        return KINDS[self.code].name

    @property
    def fix(self) -> str:
        return KINDS[self.code].fix

    def where(self) -> str:
        parts = []
        if self.segment is not None:
            parts.append(f"segment {self.segment}")
        if self.segment_id:
            parts.append(self.segment_id + (f"{self.element:02d}" if self.element else ""))
        if self.loop:
            parts.append(f"loop {self.loop}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


class UnsupportedFileError(InputError):
    """The file cannot be read at all (no ISA, UTF-16, 4010, a 277/835/999 ...): exit 2.

    ``details`` carry ``file``, ``detected`` (what the file is) and ``supported``.
    """

    code = "unsupported_file"


SUPPORTED = "X12 5010 837I (005010X223A2/A3) and 837P (005010X222A1/A2)"

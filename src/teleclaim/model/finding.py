"""Findings are data: collected, never raised.

A finding is what one rule says about one claim (or one line of it). The X12 reader reports
structural problems with the same type (rule codes ``X12...``), so ``teleclaim check`` renders one
list. Rendering (text, JSON, SARIF) lives in ``teleclaim.report``. It lives beside the claim model
so that adapters (x12, store, report) name a finding without importing ``teleclaim.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class Finding:
    rule: str  # rule code, e.g. HH003, TH001, X12004
    name: str  # kebab-case rule name, e.g. g-code-not-valid-on-date
    severity: Severity
    message: str
    fix: str | None = None
    claim_id: str | None = None  # CLM01; None for interchange-level problems
    line: int | None = None  # LX01 of the service line, None for claim level
    location: list[str] = field(default_factory=list)  # e.g. ["2300", "CLM05-3"] or a JSON pointer
    value: Any = None  # the offending value
    status: Literal["failed", "not_checked"] = "failed"
    file: str | None = None
    segment: int | None = None  # 1-based segment position in the transaction set, X12 input only
    url: str | None = None  # the rule's documentation page
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "status": self.status,
            "claim_id": self.claim_id,
            "line": self.line,
            "location": self.location,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
            "file": self.file,
            "segment": self.segment,
            "url": self.url,
        }
        if self.details:
            d["details"] = self.details
        return d

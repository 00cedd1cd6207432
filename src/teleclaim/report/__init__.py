"""Renderers of one finding list: human text, JSON, SARIF 2.1.0.

``CheckReport`` is what ``teleclaim check`` (and the API) hands to a renderer: the files read,
the number of claims, and the findings in reading order. ``summary()`` is shared by all formats.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from teleclaim.model.finding import SEVERITY_RANK, Finding


@dataclass
class CheckReport:
    files: list[str] = field(default_factory=list)
    claims: int = 0
    findings: list[Finding] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        sev = Counter(f.severity for f in self.findings)
        return {
            "files": len(self.files),
            "claims": self.claims,
            "findings": len(self.findings),
            "by_severity": {k: sev.get(k, 0) for k in ("error", "warning", "info")},
            "by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
        }

    def worst(self) -> str | None:
        ranks = [SEVERITY_RANK[f.severity] for f in self.findings if f.status == "failed"]
        if not ranks:
            return None
        return {v: k for k, v in SEVERITY_RANK.items()}[max(ranks)]

    def reaches(self, fail_on: str) -> bool:
        """True when a failed finding is at or above ``fail_on`` (error|warning)."""
        limit = SEVERITY_RANK[fail_on]
        return any(f.status == "failed" and SEVERITY_RANK[f.severity] >= limit for f in self.findings)


__all__ = ["CheckReport"]

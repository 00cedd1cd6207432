"""JSON: ``{"summary": {...}, "findings": [...]}`` (the CLI adds ``teleclaim_version``)."""

from __future__ import annotations

from typing import Any

from teleclaim.report import CheckReport


def render(report: CheckReport) -> dict[str, Any]:
    return {"summary": report.summary(), "findings": [f.to_dict() for f in report.findings]}

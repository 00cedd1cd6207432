"""SARIF 2.1.0: one run, ``tool.driver.rules`` from the catalog, one result per finding.

Levels: error -> error, warning -> warning, info -> note; a ``not_checked`` finding is a result of
kind ``review``. A region (``startLine`` and ``startColumn`` of the segment in the file, so a
one-line 837 points at the right place too) is given when ``positions`` (``report.positions``)
know it, else the line of a structural problem when known; the segment position (counted from ST),
claim id and service line go into the result's properties and logical location.
"""

from __future__ import annotations

from typing import Any

from teleclaim._version import __version__
from teleclaim.report import CheckReport
from teleclaim.report.positions import region_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(
    report: CheckReport, catalog: dict[str, Any], positions: dict[Any, tuple[int, int]] | None = None
) -> dict[str, Any]:
    """``positions`` (``report.positions.locate``) gives each segment's line and column in its file."""
    used = sorted({f.rule for f in report.findings})
    codes = sorted(set(catalog) | set(used))
    index = {c: i for i, c in enumerate(codes)}
    rules: list[dict[str, Any]] = []
    for code in codes:
        m = catalog.get(code)
        if m is None:
            rules.append({"id": code})
            continue
        rules.append(
            {
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "help": {"text": m.fix},
                "helpUri": m.url,
                "defaultConfiguration": {"level": _LEVEL[m.severity]},
                "properties": {
                    "confidence": m.confidence,
                    "claim_types": list(m.claim_types),
                    "keyed_to": m.effective.keyed_to,
                },
            }
        )
    results = []
    for f in report.findings:
        loc: dict[str, Any] = {}
        phys: dict[str, Any] = {}
        if f.file:
            phys["artifactLocation"] = {"uri": f.file}
        region = region_of(positions, f) if positions else None
        file_line = f.details.get("file_line") if f.details else None
        if region:
            phys["region"] = region
        elif file_line:
            phys["region"] = {"startLine": int(file_line)}
        if phys:
            loc["physicalLocation"] = phys
        name = "/".join(
            x
            for x in (f"claim/{f.claim_id}" if f.claim_id else None, f"line/{f.line}" if f.line is not None else None)
            if x
        )
        if name or f.location:
            loc["logicalLocations"] = [
                {
                    "fullyQualifiedName": name or "/".join(f.location),
                    "kind": "element",
                    **({"decoratedName": " ".join(map(str, f.location))} if f.location else {}),
                }
            ]
        res: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message + (f" Fix: {f.fix}" if f.fix and f.status == "failed" else "")},
            "properties": {
                "claim_id": f.claim_id,
                "line": f.line,
                "segment": f.segment,
                "status": f.status,
                "location": f.location,
                "value": f.value,
            },
        }
        if f.status == "not_checked":
            res["kind"] = "review"
        if loc:
            res["locations"] = [loc]
        results.append(res)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "teleclaim", "version": __version__, "rules": rules}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }

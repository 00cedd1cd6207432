"""Helpers of the selection tests: run one encounter, pick out codes, lines and rejections."""

from __future__ import annotations

from typing import Any

from teleclaim.select import suggest


def run(**facts: Any) -> dict[str, Any]:
    return suggest(facts)


def codes(ans: dict[str, Any]) -> list[str]:
    return [ln["code"] for ln in ans["lines"]]


def line(ans: dict[str, Any], code: str) -> dict[str, Any]:
    hits = [ln for ln in ans["lines"] if ln["code"] == code]
    assert hits, f"{code} not suggested; lines: {codes(ans)}; reason: {ans.get('reason')}"
    return hits[0]


def rejected(ans: dict[str, Any]) -> dict[str, str]:
    return {r["code"]: r["why"] for r in ans["rejected"]}

"""Ordering a check's findings: the one place both engines (in process and Spark) put findings in
the order ``teleclaim check`` prints them (files in order, envelope problems first, then each
claim's structural problems and edits in reading order, cross-claim findings with their claim)."""

from __future__ import annotations

from typing import Any

__all__ = ["finish_report", "merge_structural"]


def finish_report(report: Any, cross: list[Any], claim_rank: dict[tuple[Any, Any], int]) -> Any:
    """Merge the cross-claim findings into ``report`` (the local and the Spark engine share this):
    each joins its claim's group: files in order, envelope problems first, then claims in reading
    order (a stable sort keeps each claim's own order). ``claim_rank``: (file, claim id) -> rank."""
    if cross:
        files = {f: i for i, f in enumerate(report.files)}
        rank: dict[tuple[Any, Any], int] = {}
        for f in report.findings + cross:
            rank.setdefault((f.file, f.claim_id), len(rank))
        report.findings = sorted(report.findings + cross, key=lambda f: (
            files.get(f.file, len(files)), f.claim_id is not None, claim_rank.get((f.file, f.claim_id),
                                                                                  rank[(f.file, f.claim_id)] + 10**9)))
    return report


def merge_structural(structural: list[Any], by_claim: list[Any], order: dict[str, int] | None = None) -> list[Any]:
    """Envelope problems first, then each claim's structural problems before its edits' findings,
    claims in reading order (claims the reader could not build last, by segment position)."""
    out = [f for f in structural if f.claim_id is None]
    groups: dict[str, list[Any]] = {}
    for f in [*structural, *by_claim]:
        if f.claim_id is not None:
            groups.setdefault(f.claim_id, []).append(f)
    order = order or {}
    for fs in sorted(groups.values(), key=lambda g: (order.get(g[0].claim_id, len(order)),
                                                      min((f.segment or 0) for f in g))):
        out.extend(fs)
    return out

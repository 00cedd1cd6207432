"""HH060: a 30-day period paid as a LUPA, or one visit away from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.fees.pdgm import case_mix
from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import code_of, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH060(Rule):
    """
    What it checks:
        For a period claim (TOB 329/327) whose HIPPS code is in the loaded PDGM table of its rate
        year (the Through date's), counts the visit lines (not the telecom G0320-G0322 lines, not
        the site-of-service Q-codes) against the HIPPS code's LUPA threshold. Fewer visits than the
        threshold: the period is paid per visit (a low-utilization payment adjustment). Exactly at
        the threshold: one visit fewer would have made it a LUPA.

    Why it matters:
        A LUPA pays a fraction of the 30-day amount; agencies watch periods at the threshold, where
        one missed or unbillable visit changes the payment. This is information, not an error.

    Failing example:
        A 2026 period with HIPPS 1FC21 (threshold 4) and three visit lines: LUPA; with four visit
        lines: exactly at the threshold.

    Passing example:
        The same period with five visit lines.

    Known limits:
        Counts visit lines, not units; a visit split over two lines counts twice. Rate years
        without a loaded case-mix table (before CY2026) are not judged.
    """

    meta = RuleMeta(
        code="HH060",
        name="period-at-or-below-lupa-threshold",
        severity="info",
        summary="30-day period below its LUPA visit threshold (paid per visit) or exactly at it",
        message="{visits} visit(s) in the period: {where} the LUPA threshold {threshold} of HIPPS {hipps}",
        fix="Check that every visit made is on the claim; a period with fewer visits than the threshold is "
        "paid per visit.",
        authority=(auth("S7", "rules.md §1.2 (LUPA)"), auth("CMS-PDGM-2026", "LUPA visit threshold per HIPPS")),
        confidence="V",
        effective=Effective(start=dt.date(2026, 1, 1), keyed_to="period_through"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if not v.hipps:
            return
        hipps = code_of(v.hipps[0]) or ""
        cm = case_mix(hipps, claim.statement_to or claim.statement_from)
        if cm is None:
            return  # HH032 reports a code not in the table; other years have no table loaded
        n = len(v.visits)
        if n < cm.lupa_threshold:
            where = "below"
        elif n == cm.lupa_threshold:
            where = "exactly at (one visit fewer would be a LUPA)"
        else:
            return
        yield self.finding(
            claim,
            line=v.hipps[0],
            field="code",
            value=hipps,
            visits=n,
            where=where,
            threshold=cm.lupa_threshold,
            hipps=hipps,
            details={"visits": n, "lupa_threshold": cm.lupa_threshold, "lupa": n < cm.lupa_threshold},
        )

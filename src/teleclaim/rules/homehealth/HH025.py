"""HH025: a point-of-origin code that was discontinued before the period."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH025(Rule):
    """
    What it checks:
        The point of origin (CL102, FL 15) must be valid on the statement From date according to
        the curated point-of-origin code set. Codes 7 (emergency room), B (transfer from another
        home health agency) and C (readmission to the same agency) were discontinued on 2010-07-01.

    Why it matters:
        A discontinued code is invalid and the claim is returned. A transfer from another agency is
        reported with condition code 47 instead of B; a readmission needs no code.

    Failing example:
        TOB 329 from 2024-03-01 with point of origin B.

    Passing example:
        Point of origin 1 with condition code 47 for a transfer.

    Known limits:
        Codes unknown to the curated set are not judged. Without the curated data, or without a
        From date, the rule reports not_checked.
    """

    meta = RuleMeta(
        code="HH025",
        name="point-of-origin-discontinued",
        severity="error",
        summary="Point of origin code not valid on the statement From date (7, B, C discontinued 2010-07-01)",
        message="point of origin {code} is not valid on {day} (valid {window})",
        fix="Use a current point-of-origin code; for a transfer from another agency use condition code 47.",
        authority=(auth("S15", "rules.md §1.9 (7, B, C), §1.10 (47)"),),
        confidence="V",
        effective=Effective(keyed_to="period_from"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        code = (claim.point_of_origin or "").strip().upper()
        if not code:
            return
        if ctx.codes is None:
            yield self.not_checked(claim, "the curated point-of-origin data is not available", field="point_of_origin")
            return
        day = claim.statement_from
        if day is None:
            yield self.not_checked(claim, "no statement From date", field="point_of_origin")
            return
        if ctx.codes.valid_on("point_of_origin", code, day) is False:
            e = ctx.codes.get("point_of_origin", code) or {}  # known: valid_on answered False
            window = f"{e.get('effective_from') or '…'} to {e.get('effective_to') or 'now'}"
            yield self.finding(claim, field="point_of_origin", value=code, code=code, day=day, window=window)

"""HH045: a condition code used on a claim whose period starts before the code existed."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import view
from teleclaim.rules.meta import ANY, Effective, Rule, RuleMeta, Triggers


class HH045(Rule):
    """
    What it checks:
        Each condition code (HI*BG, FL 18-28) of a home-health claim must be valid on the statement
        From date, by the effective window of the curated condition code set. Examples: condition
        code 47 (transfer from another home health agency) exists for From dates on or after
        2010-07-01, when it replaced point of origin B; condition code 54 (no skilled visit in the
        period, documented exception) for periods from 2016-07-01.

    Why it matters:
        A code reported before it took effect is invalid for the claim's dates and the claim is
        returned; before 2010-07-01 a transfer was reported with point of origin B, and a period
        before 2016-07-01 had no condition-code exception for a period without skilled visits.

    Failing example:
        TOB 329 with statement From 2010-06-01 and condition code `47`.

    Passing example:
        TOB 329 with statement From 2024-03-01 and condition code `47` (point of origin 4); or the
        2010-06-01 claim with point of origin B and no condition code 47.

    Known limits:
        Codes unknown to the curated set are not judged. Without the curated data, or without a
        From date, the rule reports not_checked.
    """

    meta = RuleMeta(
        code="HH045",
        name="condition-code-not-valid-on-from-date",
        severity="error",
        summary="Condition code not yet (or no longer) valid on the statement From date (47 from 2010-07-01, 54 from 2016-07-01)",
        message="condition code {code} is not valid on {day} (valid {window})",
        fix="Report only condition codes in effect on the period's From date (before 2010-07-01 a "
        "transfer from another agency took point of origin B instead of condition code 47).",
        authority=(
            auth("S15", "rules.md §1.9 (B), §1.10 (47)"),
            auth("S1", "rules.md §1.10 (47)"),
            auth("S14", "rules.md §1.10 (54)"),
        ),
        confidence="V",
        effective=Effective(keyed_to="period_from"),
    )
    triggers = Triggers(conditions=ANY)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if not v.conditions:
            return
        if ctx.codes is None:
            yield self.not_checked(claim, "the curated condition code data is not available", field="conditions")
            return
        day = claim.statement_from
        if day is None:
            yield self.not_checked(claim, "no statement From date", field="conditions")
            return
        for code in sorted(v.conditions):
            if ctx.codes.valid_on("condition", code, day) is False:
                e = ctx.codes.get("condition", code) or {}  # known: valid_on answered False
                window = f"{e.get('effective_from') or '…'} to {e.get('effective_to') or 'now'}"
                yield self.finding(claim, field="conditions", value=code, code=code, day=day, window=window)

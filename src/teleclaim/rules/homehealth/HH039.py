"""HH039: expedited-review condition code C3/C4 without its occurrence span code."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import T, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH039(Rule):
    """
    What it checks:
        Condition code C3 (expedited review: partial approval) needs occurrence span code M0 with the
        approved dates; C4 (services denied) needs occurrence span code 76 (patient liability).

    Why it matters:
        The span tells the contractor which days are covered and which the patient pays; without it
        the claim is returned.

    Failing example:
        TOB 329 with condition code C3 and no occurrence span codes.

    Passing example:
        C3 with span `M0 2024-03-01 2024-03-15`.

    Known limits:
        Span dates are not compared with the statement period.
    """

    meta = RuleMeta(
        code="HH039",
        name="expedited-review-span-missing",
        severity="error",
        summary="Condition code C3/C4 without occurrence span code M0/76",
        message="condition code {cc} needs occurrence span code {span} with its dates",
        fix="Add occurrence span M0 (approved dates) for C3, or 76 (patient liability dates) for C4.",
        authority=(auth("S16", "rules.md §1.10 (C3, C4), §1.12 (M0, 76)"), auth("S1", "rules.md §1.10")),
        confidence="V2",
    )
    triggers = Triggers(conditions=tuple(T("expedited_review_spans")))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        spans = {s.code.strip().upper() for s in claim.occurrence_spans if s.date_from and s.date_to}
        for cc, span in T("expedited_review_spans").items():
            if cc in v.conditions and span not in spans:
                yield self.finding(claim, field="occurrence_spans", value=cc, cc=cc, span=span)

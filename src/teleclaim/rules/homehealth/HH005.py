"""HH005: a notice of admission dated in the future."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH005(Rule):
    """
    What it checks:
        On a notice of admission (TOB 32A), flags a statement From, Through or admission date
        later than the day the claim is checked (`--as-of`, default today), or later than the day
        the NOA was sent (transaction creation date BHT04, else the interchange date ISA09) when
        that is earlier.

    Why it matters:
        Contractors reject NOAs with future dates. The NOA may only be sent once the start-of-care
        visit has been made; a rejected NOA that is resubmitted late reduces the period payment.

    Failing example:
        Checked on 2024-03-01: TOB 32A with admission date 2024-03-04; or a 32A with admission
        date 2024-02-05 in a transaction created on 2024-02-02.

    Passing example:
        Checked on 2024-03-05: the same NOA (admission 2024-03-04, already visited).

    Known limits:
        Whether the start-of-care visit really happened is not visible on the NOA; without an
        envelope date the check date stands in for the submission date.
    """

    meta = RuleMeta(
        code="HH005",
        name="noa-dated-in-future",
        severity="error",
        summary="Notice of admission (32A) with a date after the check date",
        message="the NOA's {what} {day} is after {when} {as_of}; NOAs with future dates are rejected",
        fix="Send the NOA only after the start-of-care visit, with the actual admission and From dates.",
        authority=(auth("S9", "rules.md §1.1 (NOA rules)"), auth("S8", "rules.md §1.1 (NOA rules)")),
        confidence="V",
        effective=Effective(keyed_to="as_of"),
        bill_types=("32A",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        env = claim.envelope
        sent = env and (env.bht_date or env.interchange_date)
        limit, when = (sent, "the send date") if sent and sent < ctx.as_of else (ctx.as_of, "the check date")
        for field, what in (
            ("admission_date", "admission date"),
            ("statement_from", "From date"),
            ("statement_to", "Through date"),
        ):
            day = getattr(claim, field)
            if day is not None and day > limit:
                yield self.finding(
                    claim, field=field, value=day.isoformat(), what=what, day=day, when=when, as_of=limit
                )

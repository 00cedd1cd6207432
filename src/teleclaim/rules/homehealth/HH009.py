"""HH009: a notice of admission sent more than 5 days after the admission date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import T
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH009(Rule):
    """
    What it checks:
        A notice of admission (TOB 32A) for periods from 2022-01-01 must be submitted within 5
        calendar days of the admission (start-of-care) date. The submission date is the
        transaction's creation date (BHT04), or the interchange date (ISA09). Flags a later NOA and
        gives the expected reduction (1/30 of the period amount per day from the start of care
        until the NOA is submitted) in the finding's details.

    Why it matters:
        The 5-day limit is a verified requirement (an error by default): a late NOA is not
        rejected, it costs money, since one day late (filed on day 6) reduces the period payment by
        6/30. The reduction can never exceed the period payment: from 30 days on it is 30/30 (the
        whole period), and the message says so. Sites that only want to see the reduction can set the rule to warning in
        `[rules.severity]`.

    Failing example:
        Admission 2024-01-01, transaction created 2024-01-08: 7 days, reduction 7/30.

    Passing example:
        Admission 2024-01-01, transaction created 2024-01-06.

    Known limits:
        The creation date stands in for the day the contractor accepted the NOA; exceptions
        (disasters, system problems, newly certified agencies) are not known. JSON claims carry no
        submission date: the rule reports not_checked.
    """

    meta = RuleMeta(
        code="HH009",
        name="noa-submitted-late",
        severity="error",
        summary="Notice of admission (32A) submitted more than 5 days after the admission date",
        message="NOA submitted {days} days after the admission date {soc} (limit {limit}); "
        "the period payment is reduced by {reduction}/30{whole}",
        fix="Send NOAs within 5 calendar days of the start of care; if an exception applies, "
        "request it from the contractor.",
        authority=(
            auth("S8", "rules.md §1.1 (NOA timeliness)"),
            auth("S9", "rules.md §1.1"),
            auth("S10", "rules.md §1.1 (late penalty)"),
        ),
        confidence="V",
        effective=Effective(start=dt.date(2022, 1, 1), keyed_to="period_from"),
        bill_types=("32A",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        env = claim.envelope
        sent = env and (env.bht_date or env.interchange_date)
        if claim.admission_date is None:
            return  # HH006 reports the missing admission date
        if not sent:
            yield self.not_checked(
                claim, "the claim has no transaction or interchange date to take as the submission date"
            )
            return
        limit = int(T("noa_submission_days"))
        days = (sent - claim.admission_date).days
        if days > limit:
            reduction = min(days, 30)  # 1/30 per day, at most the whole period payment
            yield self.finding(
                claim,
                field="admission_date",
                value=sent.isoformat(),
                days=days,
                soc=claim.admission_date,
                limit=claim.admission_date + dt.timedelta(days=limit),
                reduction=reduction,
                whole=" (the whole period payment)" if reduction == 30 else "",
                details={"days_late": days - limit, "reduction_days": reduction},
            )

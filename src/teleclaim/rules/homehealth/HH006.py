"""HH006: a notice of admission without its minimal data."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.meta import Rule, RuleMeta


class HH006(Rule):
    """
    What it checks:
        A notice of admission (TOB 32A) must carry its minimal data set: statement From and Through
        dates, patient last and first name, date of birth, sex, Medicare beneficiary identifier
        (member id), admission date and the agency's NPI. One finding per missing item.

    Why it matters:
        An NOA without these items cannot be matched to the beneficiary and is rejected; until an
        accepted NOA exists the period claims cannot be paid and the late-NOA reduction runs.

    Failing example:
        TOB 32A without an admission date (DTP*435) and without the patient's date of birth.

    Passing example:
        TOB 32A with From/Through, name, date of birth, sex, MBI, admission date and billing NPI.

    Known limits:
        Only presence is checked, not whether the MBI or NPI is well formed or enrolled.
    """

    meta = RuleMeta(
        code="HH006",
        name="noa-missing-required-data",
        severity="error",
        summary="Notice of admission (32A) missing a minimal data item",
        message="the NOA has no {what}",
        fix="Fill in the missing item; an NOA needs From/Through dates, patient name, date of birth, "
        "sex, MBI, admission date and the agency NPI.",
        authority=(auth("S9", "rules.md §1.1 (minimal NOA data, CR 12227)"),),
        confidence="V2",
        bill_types=("32A",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        p = claim.the_patient
        sub = claim.subscriber
        bp = claim.billing_provider
        items = (
            ("statement_from", "statement From date", claim.statement_from),
            ("statement_to", "statement Through date", claim.statement_to),
            ("admission_date", "admission date", claim.admission_date),
            ("patient", "patient last name", p and p.last_name),
            ("patient", "patient first name", p and p.first_name),
            ("patient", "patient date of birth", p and p.birth_date),
            ("patient", "patient sex", p and p.sex),
            ("patient", "Medicare beneficiary identifier (member id)", sub and sub.member_id),
            ("billing_provider", "billing provider NPI", bp and bp.npi),
        )
        for field, what, val in items:
            if not val:
                yield self.finding(claim, field=field, what=what)

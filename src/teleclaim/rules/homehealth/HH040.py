"""HH040: a hospice-only patient status (40, 41, 42) on a home-health claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import T
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH040(Rule):
    """
    What it checks:
        Patient status codes 40, 41 and 42 (expired at home, in a facility, place unknown) are for
        hospice claims. A home-health claim reports a death with status 20 and occurrence code 55.

    Why it matters:
        The status is invalid on the bill type and the claim is returned.

    Failing example:
        TOB 329 with patient status 40.

    Passing example:
        Patient status 20 with occurrence `55 2024-03-20`.

    Known limits:
        None known.
    """

    meta = RuleMeta(
        code="HH040",
        name="hospice-only-patient-status",
        severity="error",
        summary="Patient status 40/41/42 (hospice-only) on a home-health claim",
        message="patient status {code} is used only on hospice claims",
        fix="Report a death on a home-health claim with patient status 20 and occurrence code 55.",
        authority=(auth("NUBC", "rules.md §1.8 (40-42 hospice-only; S18)"),),
        confidence="V2",
    )
    triggers = Triggers(statuses=T("hospice_only_patient_status"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        code = (claim.patient_status or "").strip()
        if code in T("hospice_only_patient_status"):
            yield self.finding(claim, field="patient_status", value=code, code=code)

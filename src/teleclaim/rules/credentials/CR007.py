"""CR007: the home-health certifying physician is neither enrolled with Medicare nor opted out."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._certifier import certifier_status
from teleclaim.rules.credentials._view import ENROLLMENT, cite, is_medicare, located
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR007(Rule):
    """
    What it checks:
        With a roster, on a Medicare home-health claim (837I type of bill 32X), the attending /
        certifying physician (2310A) is, on the period's From date, enrolled with Medicare
        (roster enrollment `medicare`, approved and effective) or in a Medicare opt-out period
        (opted-out physicians may still certify). A certifier missing from the roster is checked
        against the CMS Order and Referring file when it was imported (CR008), else reported as not
        checked.

    Why it matters:
        The CMS ordering/certifying edit denies home-health claims whose certifying physician is not
        enrolled in PECOS as approved or opted out.

    Failing example:
        Roster: the certifier's Medicare enrollment is effective from 2026-01-15; period From 2026-01-14.

    Passing example:
        The same roster; period From 2026-01-15.

    Known limits:
        Whether the physician's specialty may certify is not judged; the Order and Referring file
        tells that.
    """

    meta = RuleMeta(
        code="CR007",
        name="certifying-physician-not-enrolled",
        severity="error",
        summary="HH certifying physician (2310A) neither enrolled with Medicare nor opted out on the period start",
        message="certifying physician NPI {npi} ({name}) is neither enrolled with Medicare nor opted out on {day}",
        fix="Have the physician enroll in PECOS (CMS-855I or CMS-855O for ordering/certifying only), or name a "
        "certifier who is enrolled; correct the roster if it is outdated.",
        authority=(ENROLLMENT, cite("CMS-ORDCERT", "PECOS enrollment of certifying physicians")),
        confidence="V2",
        effective=Effective(keyed_to="period_from"),
        claim_types=("837I",),
        bill_types=("32X",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None or not is_medicare(ctx) or claim.type_of_bill in ("32A", "32D"):
            return
        npi, c, status = certifier_status(claim, ctx)
        if status == "not_on_roster" and ctx.roster.ordering is None:
            f = self.finding(
                claim,
                value=npi,
                status="not_checked",
                severity="info",
                message=f"not checked: certifying physician NPI {npi} is not on the roster and no CMS "
                "Order and Referring file is imported",
            )
            yield located(f, claim, "2310A", "NM109", "/attending/npi")
        elif status == "no_date":
            yield self.not_checked(claim, "the statement From date is missing", field="statement_from")
        elif status == "not_enrolled" and c is not None:  # not_enrolled: a clinician of the roster
            f = self.finding(claim, value=npi, npi=npi, name=c.name, day=claim.statement_from)
            yield located(f, claim, "2310A", "NM109", "/attending/npi")

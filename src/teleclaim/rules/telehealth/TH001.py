"""TH001: a CPT or HCPCS code billed on a date outside the code's valid window."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of


class TH001(Rule):
    """
    What it checks:
        Every procedure code of a professional claim must be valid on the line's date of service,
        by the effective window of the curated code sets: 99201 was deleted 2021-01-01; telephone
        E/M 99441-99443 and G2012 ended 2024-12-31; 98000-98016 start 2025-01-01; 99445, 99470,
        98979 and 98984-98986 start 2026-01-01.

    Why it matters:
        A deleted or not-yet-valid code is rejected at the payer's front end; the claim comes back
        unpaid, and several popular code pages still list the deleted codes.

    Failing example:
        Line `99441` dated 2025-02-10 (deleted 2025-01-01; Medicare uses 99212-99215 with 93).

    Passing example:
        Line `99213 93` dated 2025-02-10 with POS 10.

    Known limits:
        Codes the curated data does not know are not judged. A window whose date is inferred
        (confidence I, e.g. the end of G2061-G2063) gives a warning, not an error. Without the
        curated data the rule reports not_checked.
    """

    meta = RuleMeta(
        code="TH001",
        name="code-not-valid-on-date-of-service",
        severity="error",
        summary="Procedure code billed on a date outside its valid window",
        message="{code} is not valid on {day} (valid {window})",
        fix="Bill the code in effect on the date of service (99202-99215 instead of 99201 from 2021; "
        "99212-99215 with modifier 93 or 98016 instead of 99441-99443/G2012 from 2025).",
        authority=(auth("S37", "rules.md §3.3"), auth("S32", "rules.md §3.4"), auth("S35", "rules.md §3.6-§3.7")),
        confidence="V2",
        **PROFESSIONAL,
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        lines = [(ln, ln.date) for ln in claim.lines if ln.code and ln.date is not None]
        if not lines:
            return
        if ctx.codes is None:
            yield self.not_checked(claim, "the curated code sets are not available")
            return
        for ln, day in lines:
            code = code_of(ln)
            system = "hcpcs" if code[:1].isalpha() else "cpt"
            if ctx.codes.valid_on(system, code, day) is False:
                e = ctx.codes.get(system, code) or {}  # known: valid_on answered False
                window = f"{e.get('effective_from') or '…'} to {e.get('effective_to') or 'now'}"
                inferred = e.get("confidence") == "I"  # an inferred date is a warning, never an error
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=code,
                    code=code,
                    day=day,
                    window=window + (", date inferred" if inferred else ""),
                    severity="warning" if inferred else None,
                )

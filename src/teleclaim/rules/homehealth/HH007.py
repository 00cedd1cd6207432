"""HH007: a notice of admission without the 0023 HIPPS placeholder line."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import T, code_of, view
from teleclaim.rules.meta import Rule, RuleMeta


class HH007(Rule):
    """
    What it checks:
        An 837I notice of admission (TOB 32A) still needs a HIPPS line (revenue code 0023); the
        contractors instruct the placeholder `1AA11`. Flags a 32A without a 0023 line (error) and a
        0023 line whose code is not the placeholder (warning). The placeholder can be changed per
        payer with the rule option `noa_hipps_placeholder`.

    Why it matters:
        Without a HIPPS line the NOA fails the 837I syntax edits and is rejected; every day until an
        accepted NOA reduces the period payment by 1/30.

    Failing example:
        TOB 32A whose only line is missing, or `0023 1FC21` instead of the placeholder.

    Passing example:
        TOB 32A with one line `0023 1AA11 $0.00`.

    Known limits:
        The NOA's HIPPS code need not match the later period claim, so it is not compared with one.
    """

    meta = RuleMeta(
        code="HH007",
        name="noa-hipps-placeholder-missing",
        severity="error",
        summary="Notice of admission (32A) without a 0023 HIPPS line carrying the placeholder",
        message="the NOA needs a revenue code 0023 line with the HIPPS placeholder {placeholder}",
        fix="Add one line: revenue code 0023, HIPPS 1AA11 (or your contractor's placeholder), charge 0.00.",
        authority=(auth("S10", "rules.md §1.1 (NOA HIPPS placeholder)"),),
        confidence="V2",
        bill_types=("32A",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        placeholder = str(ctx.option("noa_hipps_placeholder", T("noa_hipps_placeholder"))).upper()
        if not v.hipps:
            yield self.finding(claim, field="lines", placeholder=placeholder)
            return
        for ln in v.hipps:
            code = code_of(ln)
            if code != placeholder:
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=ln.code,
                    severity="warning",
                    message=f"the NOA's HIPPS code is {code or 'missing'}; contractors instruct the "
                    f"placeholder {placeholder}",
                )

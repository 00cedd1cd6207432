"""HH012: a discipline G-code under the revenue code of another discipline."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import CODE, FAMILY, discipline_families, view
from teleclaim.rules.meta import Rule, RuleMeta


class HH012(Rule):
    """
    What it checks:
        Each discipline G-code belongs to one revenue code family (PT codes to 042X, OT to 043X,
        SLP to 044X, nursing to 055X, social work to 056X, aide to 057X; from the curated HCPCS
        data). Flags a visit line on a 32X claim whose G-code belongs to another family.

    Why it matters:
        The revenue code decides the discipline paid and counted (per-visit LUPA rates, therapy
        counts); a mismatch is rejected or paid at the wrong discipline's rate.

    Failing example:
        TOB 329 with a line `0551 G0151 2024-03-05 3 units` (a PT code under skilled nursing).

    Passing example:
        `0421 G0151 2024-03-05 3 units`.

    Known limits:
        Needs the curated HCPCS data (companion revenue codes); otherwise not_checked (reported by
        HH011). Telecom G0320-G0322 may sit under any discipline family and are not checked here.
    """

    meta = RuleMeta(
        code="HH012",
        name="g-code-revenue-family-mismatch",
        severity="error",
        summary="Discipline G-code under the revenue code family of another discipline",
        message="{code} is billed under {fam_expected}, not {rev}",
        fix="Put the line under the revenue code of the code's discipline, or use the G-code of the "
        "discipline that made the visit.",
        authority=(auth("S1", "rules.md §1.5, §1.13 item 4"),),
        confidence="V",
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        if v.is_noa or v.is_cancel:
            return
        fams = discipline_families(ctx)
        if fams is None:
            return
        for ln in v.visits:
            code = CODE[ln.code]
            expected = fams[code] if code else None
            if expected and expected != FAMILY[ln.revenue_code]:
                yield self.finding(
                    claim,
                    line=ln,
                    field="revenue_code",
                    value=ln.revenue_code,
                    code=code,
                    fam_expected=expected,
                    rev=ln.revenue_code,
                )

"""TH029: RHC/FQHC non-behavioral telehealth on the clinic's institutional claim not billed as G2025."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Effective, Rule, RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import code_of

#: modifiers that mark a line as furnished by telecommunication on an RHC/FQHC claim (not CG: RHCs put CG on the
#: qualifying line of ordinary in-person visits too)
TELEHEALTH_MODIFIERS = frozenset({"95", "93", "FQ"})


class TH029(Rule):
    """
    What it checks:
        On a rural health clinic (TOB 71X) or federally qualified health center (TOB 77X) claim to
        a payer whose profile has an RHC/FQHC telehealth method (Medicare: G2025 from 2020-01-27
        through 2026-12-31, revenue code 052X):
        a G2025 line dated outside that window, or under a revenue code outside 052X; and, inside
        the window, a line marked as telehealth (95, 93, FQ) with a code other than G2025 on a
        claim without a mental/behavioral-health diagnosis (ICD-10-CM chapter F).

    Why it matters:
        Medicare pays RHC/FQHC distant-site medical (non-behavioral) telehealth only through G2025,
        at a rate set from the physician fee schedule; a clinic visit code marked 95 asks for the
        clinic's all-inclusive or PPS rate for a service that does not qualify for it, and G2025
        outside its window or revenue family is returned.

    Failing example:
        Medicare, TOB 711, line `0521 99214 95` dated 2026-03-02, diagnosis I10.

    Passing example:
        Medicare, TOB 711, line `0521 G2025` dated 2026-03-02, diagnosis I10.

    Known limits:
        Mental-health visits (an F diagnosis) are ordinary clinic visits and are not judged. The
        052X subcode is not checked (contractors differ). A trade source reports service-level
        codes instead of G2025 from 2026-10-01; CMS material confirms G2025 through 2026-12-31, so
        such lines still pass (source AUD-G2025-TRADE, confidence I: not verified). After
        2026-12-31 G2025 is an error; the method that follows is not known.
    """

    meta = RuleMeta(
        code="TH029",
        name="rhc-fqhc-telehealth-not-billed-as-g2025",
        severity="error",
        summary="RHC/FQHC non-behavioral telehealth not billed as G2025 (052X) within its window",
        message="{problem}",
        fix="Bill the clinic's non-behavioral distant-site telehealth visit as one G2025 line under revenue "
        "code 052X (dates 2020-01-27 to 2026-12-31); mental-health visits keep the clinic's visit coding.",
        authority=(
            auth("AUD-G2025", "CY2026 PFS final rule pp. 674-677 (G2025 through 2026-12-31)"),
            auth("AUD-RHC-CLAIM", "G2025 on the RHC/FQHC claim from 2020-01-27"),
            auth("S31", "rules.md §3.8 (FQHC/RHC as distant sites)"),
        ),
        confidence="V2",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837I",),
        bill_types=("71X", "77X"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        prof = ctx.payer
        if prof is None:
            return
        m = prof.get("rhc_fqhc_telehealth")
        if not isinstance(m, dict) or not m.get("code"):
            return
        code, start, end, fam = m["code"], m["from"], m["to"], m["revenue_family"]
        dx = [claim.principal_diagnosis, *claim.diagnoses]
        behavioral = any(d is not None and d.code.upper().startswith("F") for d in dx)
        for ln in claim.lines:
            c, day = code_of(ln), ln.date
            if day is None:
                continue
            inside = start <= day <= end
            if c == code:
                if not inside:
                    why = (
                        f"before {start} an RHC/FQHC could not be a {prof.label} distant site"
                        if day < start
                        else f"{code} ended {end}"
                    )
                    yield self.finding(
                        claim,
                        line=ln,
                        field="code",
                        value=c,
                        problem=f"{code} on {day}: {prof.label} took {code} from {start} to {end} ({why})",
                    )
                elif not (ln.revenue_code or "").startswith(fam):
                    yield self.finding(
                        claim,
                        line=ln,
                        field="revenue_code",
                        value=ln.revenue_code,
                        problem=f"{code} under revenue code {ln.revenue_code or '(none)'}: "
                        f"it belongs under {fam}X (RHC/FQHC visit)",
                    )
                continue
            mods = {x.upper() for x in ln.modifiers}
            if inside and not behavioral and mods & TELEHEALTH_MODIFIERS and c:
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=c,
                    problem=f"{c} marked as telehealth ({', '.join(sorted(mods & TELEHEALTH_MODIFIERS))}) "
                    f"on {day}: {prof.label} pays RHC/FQHC non-behavioral distant-site "
                    f"telehealth only as {code}",
                )

"""TH002: a code the claim's payer does not pay on that date (by the payer profile)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of, view


class TH002(Rule):
    """
    What it checks:
        The payer profile of the claim lists codes it does not pay, with dates. Medicare: the CPT
        2025 telemedicine E/M codes 98000-98015 (status I from 2025-01-01) and 99417 (Medicare's
        prolonged office E/M code is G2212). The generic commercial profile expects 99417 rather than
        G2212. Profiles are data (``teleclaim.toml`` ``[profiles.NAME]`` can change the list).

    Why it matters:
        A non-payable code is denied even when the service was covered; billed the payer's way
        (99202-99215 with POS 02/10, 93 for audio-only) the same visit is paid.

    Failing example:
        Medicare claim (SBR09 MB), line `98004` dated 2025-03-04.

    Passing example:
        The same visit as `99212` with POS 10 (modifier 93 when audio-only).

    Known limits:
        The profile decides; which profile a claim gets comes from `--payer`, the `[payers]` mapping
        or the claim filing indicator. Payer lists change: keep the profiles current.
    """

    meta = RuleMeta(
        code="TH002",
        name="code-not-payable-by-payer",
        severity="error",
        summary="Code the payer profile does not pay on the date of service",
        message="{code} is not payable by {payer} on {day}: {why}; bill {use}",
        fix="Bill the payer's equivalent code (for Medicare: 99202-99215 with POS 02/10 and 93 for "
        "audio-only instead of 98000-98015; G2212 instead of 99417).",
        authority=(auth("S32", "rules.md §3.4"), auth("S37", "rules.md §3.3")),
        confidence="V2",
        **PROFESSIONAL,
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        for ln in claim.lines:
            if not ln.code or ln.date is None:
                continue
            hit = v.profile.not_payable(code_of(ln), ln.date)
            if hit:
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=code_of(ln),
                    code=code_of(ln),
                    payer=v.profile.label,
                    day=ln.date,
                    why=hit["why"],
                    use=hit["use"],
                    severity=hit.get("severity"),
                    details={"payer_profile": v.profile.name},
                )

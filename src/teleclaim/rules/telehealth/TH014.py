"""TH014: a prolonged-service line (G2212, 99417) without a top-level E/M on the same date."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of, tables


class TH014(Rule):
    """
    What it checks:
        Prolonged office time is an add-on to the highest level only: Medicare's G2212 and CPT's
        99417 go with 99205 or 99215 (or, for payers that take the CPT 2025 telemedicine codes, the
        top levels 98003, 98007, 98011, 98015) billed on the same claim for the same date. A
        prolonged line whose date has none of them on the claim is flagged.

    Why it matters:
        Time beyond the top of a lower level is reported by choosing the higher level, not with the
        prolonged code; an add-on without its primary is denied.

    Failing example:
        Medicare, line `99214` and line `G2212` dated 2025-03-04.

    Passing example:
        Medicare, line `99215` and line `G2212` dated 2025-03-04.

    Known limits:
        Whether the minutes reach the prolonged threshold (G2212 from 69/89 minutes, 99417 from
        55/75) is not on the claim; `teleclaim suggest` applies it. Which of the two codes the payer
        takes is TH002's finding.
    """

    meta = RuleMeta(
        code="TH014",
        name="prolonged-service-without-top-level-visit",
        severity="error",
        summary="G2212 or 99417 without 99205/99215 (or a top telemedicine level) on the same date",
        message="{code} on {day} needs a top-level visit ({need}) on the same date; the claim has {has}",
        fix="Report prolonged time only with 99205 or 99215 (98003/98007/98011/98015 where the payer takes "
        "the CPT 2025 codes); for a lower level, bill the level the total time reaches instead.",
        authority=(auth("S37", "rules.md §3.3"), auth("S32", "rules.md §3.4")),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=tuple(tables()["prolonged"]))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        primaries = tables()["prolonged"]
        by_day: dict[object, list[str]] = {}
        for ln in claim.lines:
            if ln.date is not None:
                by_day.setdefault(ln.date, []).append(code_of(ln))
        for ln in claim.lines:
            code = code_of(ln)
            if code not in primaries or ln.date is None:
                continue
            need = primaries[code]
            same_day = by_day.get(ln.date, [])
            if any(c in need for c in same_day):
                continue
            others = sorted({c for c in same_day if c not in primaries})
            yield self.finding(
                claim,
                line=ln,
                field="code",
                value=code,
                code=code,
                day=ln.date,
                need="/".join(need[:2]) + " or " + "/".join(need[2:]),
                has=", ".join(others) if others else "no visit that day",
            )

"""TH011: the patient's home as the originating site on a date the payer did not allow it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import cast

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding, Severity
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, families, view


class TH011(Rule):
    """
    What it checks:
        A telehealth line with POS 10 (patient at home) on a date the payer profile does not allow
        the home as originating site. Medicare: the statutory flexibilities (2020-03-06 to 2027-12-31)
        with two lapses, 2025-10-01 to 2025-11-11 and 2026-01-31 to 2026-02-02, both cured
        retroactively (on 2025-11-12 and 2026-02-03). A lapse is judged by the check date
        (`--as-of`): before the cure the line is an error, after it the line passes. Behavioral or
        mental health (an ICD-10 F diagnosis on the claim) and acute stroke (modifier G0) are
        exempt. After 2027-12-31 it is a warning (new legislation may extend the flexibilities).

    Why it matters:
        Outside the flexibilities Medicare pays telehealth only at eligible originating sites; a
        home visit is denied (CMS suggested holding claims or ABNs during the lapses).

    Failing example:
        Medicare, line `99213` with POS 10 dated 2025-10-15, checked with `--as-of 2025-11-01`.

    Passing example:
        The same line checked with `--as-of 2025-12-01` (the lapse was cured on 2025-11-12).

    Known limits:
        Only POS 10 says the patient was at home; the PHE method (in-person POS + 95) does not say
        where the patient was. Rural and facility originating-site rules are not checked.
    """

    meta = RuleMeta(
        code="TH011",
        name="home-originating-site-not-allowed-on-date",
        severity="error",
        summary="Telehealth to the patient's home (POS 10) outside the payer's flexibility periods",
        message="POS 10 on {day}: {why}",
        fix="Hold the claim until the flexibility is restored, bill only services that are exempt "
        "(behavioral health, acute stroke with G0), or use an eligible originating site.",
        authority=(auth("S31", "rules.md §3.8"),),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(places=("10",))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        skip = _device_codes()
        for ln in claim.lines:
            if v.pos(ln) != "10" or ln.date is None or (ln.code or "").upper() in skip or "G0" in v.mods(ln):
                continue
            ok, why, sev = v.profile.home_allowed(ln.date, v.behavioral, ctx.as_of)
            if not ok:
                yield self.finding(
                    claim,
                    line=ln,
                    field="pos",
                    value="10",
                    day=ln.date,
                    why=why,
                    # home_allowed answers "error" or the shipped profile's after_windows_severity ("warning")
                    severity=cast("Severity", sev),
                    details={"payer_profile": v.profile.name, "as_of": ctx.as_of.isoformat()},
                )


@cache
def _device_codes() -> frozenset[str]:
    """Device, monitoring and set-up codes and virtual check-ins: no originating site to judge."""
    return families("ctbs", "rpm_device", "rtm_device", "setup")

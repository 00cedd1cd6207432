"""HH017: more than one G0322 (remote monitoring) line on a period claim."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import S, code_of, view
from teleclaim.rules.meta import Rule, RuleMeta, Triggers


class HH017(Rule):
    """
    What it checks:
        Remote patient monitoring (G0322) is reported on one line per billing period, dated with the
        first day of monitoring, its units the number of monitoring days. Flags the second and later
        G0322 lines of a claim.

    Why it matters:
        Several G0322 lines double-count the monitoring days and are returned; when several
        disciplines use the data the agency picks one discipline's revenue code for the one line.

    Failing example:
        TOB 329 with `0551 G0322 2024-03-02 10 units` and `0421 G0322 2024-03-05 8 units`.

    Passing example:
        One line `0551 G0322 2024-03-02 18 units`.

    Known limits:
        A claim is one period, so "per period" is "per claim" here.
    """

    meta = RuleMeta(
        code="HH017",
        name="rpm-line-repeated",
        severity="error",
        summary="More than one G0322 (remote monitoring) line on a claim",
        message="G0322 is reported on one line per period; this is G0322 line number {n}",
        fix="Report one G0322 line dated with the first day of monitoring, units = total monitoring days.",
        authority=(auth("S4", "rules.md §2 (units G0322)"), auth("S5", "rules.md §2")),
        confidence="V",
        bill_types=("32X",),
    )
    triggers = Triggers(codes=S("rpm_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        rpm = S("rpm_codes")
        lines = [ln for ln in v.telecom if code_of(ln) in rpm]
        for n, ln in enumerate(lines[1:], start=2):
            yield self.finding(claim, line=ln, field="code", value=ln.code, n=n)

"""CV005: more units of a code than its known unit limit (per line or per date of service)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.model.finding import Finding
from teleclaim.refdata.code_sets import UnitLimit, limit_for
from teleclaim.rules.codes._common import PROFESSIONAL, auth, judged
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta


class CV005(Rule):
    """
    What it checks:
        Units of a code against the unit limits in force on the date (MUE-like): a per-line limit
        (MAI 1) against each line, a per-day limit (MAI 2 or 3) against the units of all the
        claim's lines of that code on that date. Limits are dated data with a source and a
        confidence: the ones teleclaim ships (e.g. 99458: 3 per date of service from 2023-07-01)
        and the CMS practitioner MUE table a user imports.

    Why it matters:
        Units above the MUE are denied (per line) or cut back (per day), and repeated excess
        units draw review.

    Failing example:
        `99458` with 5 units dated 2026-03-01 (limit 3 per date of service).

    Passing example:
        `99458` with 3 units.

    Known limits:
        Limits from secondary sources (confidence I, the shipped ones) are warnings; imported CMS
        values are errors. Units across several claims are not added up.
    """

    meta = RuleMeta(
        code="CV005",
        name="units-over-limit",
        severity="error",
        summary="Units above the code's known unit limit (per line or per date of service)",
        message="{units} units of {code} {where}: the limit is {limit} {per} (MAI {mai}; {source}, confidence "
        "{confidence})",
        fix="Bill no more than the limit; split only where the payer allows it (modifiers 76/91/59), and keep "
        "the documentation for the units billed.",
        authority=(auth("CMS-MUE", "MUE table"),),
        confidence="V",
        since="0.2.0",
        **PROFESSIONAL,
    )
    requires = ("refs",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        refs = getattr(ctx, "refs", None)
        if refs is None:
            return
        by_code = refs.limits
        per_day: dict[tuple[str, dt.date], list[tuple[ServiceLine, UnitLimit]]] = {}
        for ln, code, day in judged(claim, ctx):
            if day is None or code not in by_code or ln.units is None:
                continue
            for lim in limit_for(by_code, code, day):
                if lim.per == "line":
                    if ln.units > lim.max_units:
                        yield self._over(claim, ln, code, ln.units, lim, "on this line")
                else:
                    per_day.setdefault((code, day), []).append((ln, lim))
        for (code, day), items in per_day.items():
            lim = items[0][1]
            total = sum((ln.units or Decimal(0) for ln, _ in items), Decimal(0))  # units were checked above
            if total > lim.max_units:
                yield self._over(claim, items[-1][0], code, total, lim, f"on {day}")

    def _over(self, claim: Claim, ln: ServiceLine, code: str, units: Decimal, lim: UnitLimit, where: str) -> Finding:
        return self.finding(
            claim,
            line=ln,
            field="units",
            value=str(units),
            units=_n(units),
            code=code,
            where=where,
            limit=lim.max_units,
            per="per line" if lim.per == "line" else "per date of service",
            mai=lim.mai,
            source=lim.source,
            confidence=lim.confidence,
            severity="warning" if lim.confidence == "I" else None,
            details={"limit": lim.as_dict()},
        )


def _n(d: object) -> str:
    return str(d.normalize()) if isinstance(d, Decimal) else str(d)

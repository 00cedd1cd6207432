"""HH013: a home-health HCPCS code used on a line dated outside the code's valid window."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import CODE, hcpcs_windows, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class HH013(Rule):
    """
    What it checks:
        For the discipline G-codes, telecom G-codes (G0320-G0322) and site-of-service Q-codes on a
        32X claim, the code must be valid on the line's service date, by the effective window of the
        curated HCPCS data. Examples: G0154 ended 2015-12-31; G0163/G0164 ended 2016-12-31;
        G0299/G0300 start 2016-01-01; G0493-G0496 start 2017-01-01; G2168/G2169 start 2020-01-01;
        G0320-G0322 start 2023-01-01.

    Why it matters:
        A code billed outside its window is invalid on that date of service: the line is rejected
        and the claim returned, and the seed material still lists terminated codes (G0154 ...).

    Failing example:
        TOB 329 with a line `0551 G0154 2016-03-02 4 units $200.00`.

    Passing example:
        `0551 G0299 2016-03-02 4 units $200.00`.

    Known limits:
        Keyed to the line date (lines without a date are HH014's finding). Codes absent from the
        curated data are not judged here (HH011 flags unknown visit codes). Without the curated data
        the rule reports not_checked.
    """

    meta = RuleMeta(
        code="HH013",
        name="g-code-not-valid-on-line-date",
        severity="error",
        summary="Home-health G-code or Q-code used on a date outside its effective window",
        message="{code} is not valid on {day} (valid {window})",
        fix="Use the code in effect on the date of service (e.g. G0299/G0300 instead of G0154 from "
        "2016; G0493-G0496 instead of G0163/G0164 from 2017).",
        authority=(
            auth("S1", "rules.md §1.5"),
            auth("S12", "rules.md §1.5"),
            auth("S13", "rules.md §1.5"),
            auth("S4", "rules.md §2 (added)"),
            auth("S11", "rules.md §1.6"),
        ),
        confidence="V",
        effective=Effective(keyed_to="line_date"),
        bill_types=("32X",),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        lines = v.visits + v.telecom + v.site
        if not lines:
            return
        if ctx.codes is None:
            yield self.not_checked(claim, "the curated HCPCS data is not available")
            return
        windows = hcpcs_windows(ctx)
        for ln in lines:
            code = CODE[ln.code]
            day = ln.date
            if not code or day is None:
                continue
            w = windows[code]  # as ctx.codes.valid_on("hcpcs", code, day), without a call per line
            if w is not None and ((w[0] is not None and day < w[0]) or (w[1] is not None and day > w[1])):
                e = ctx.codes.get("hcpcs", code) or {}  # known: valid_on answered False
                start, end = e.get("effective_from"), e.get("effective_to")
                window = f"{start or '…'} to {end or 'now'}"
                yield self.finding(claim, line=ln, field="code", value=code, code=code, day=ln.date, window=window)

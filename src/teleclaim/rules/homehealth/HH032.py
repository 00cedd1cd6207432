"""HH032: a malformed PDGM HIPPS code on the 0023 line, or one not in the PDGM table of the period."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from teleclaim.fees.pdgm import is_pdgm_code, rate_year
from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.homehealth._sources import auth
from teleclaim.rules.homehealth._view import code_of, view
from teleclaim.rules.meta import Effective, Rule, RuleMeta

_HIPPS = re.compile(r"^[1-4][A-Z][A-C][1-3]1$")


class HH032(Rule):
    """
    What it checks:
        For periods from 2020-01-01 (PDGM), the HIPPS code on a 0023 line of a period claim has 5
        characters: position 1 admission source and timing (1-4), position 2 the clinical group (a
        letter), position 3 the functional level (A-C), position 4 the comorbidity adjustment
        (1-3), position 5 always 1. A well-formed code must also be one of the PDGM codes of the
        case-mix table of the period's rate year (CMS keys it by the Through date) when that table
        is loaded (CY2026 ships with teleclaim).

    Why it matters:
        A HIPPS that is not a PDGM code cannot be priced; the claim is returned.

    Failing example:
        TOB 329 from 2024-03-01 with `0023 5FD21` or a missing code; a 2026 period with `0023 1ZC21`
        (well formed, but Z is no PDGM clinical group in the CY2026 table).

    Passing example:
        `0023 1FC21`.

    Known limits:
        Which letters are real clinical groups is not verified (the letter map is inferred), so
        any letter is accepted at position 2 in rate years without a loaded table. Periods before 2020
        used another HIPPS scheme.
    """

    meta = RuleMeta(
        code="HH032",
        name="hipps-code-malformed",
        severity="error",
        summary="HIPPS code on the 0023 line is not a well-formed PDGM code (periods from 2020)",
        message="HIPPS code {code!r} is not a PDGM code (1-4, letter, A-C, 1-3, 1)",
        fix="Report the 5-character PDGM HIPPS code from the grouper (e.g. 1FC21).",
        authority=(auth("S40", "rules.md §1.2 (HIPPS)"), auth("CMS-PDGM-2026", "432 PDGM HIPPS codes")),
        confidence="V2",
        effective=Effective(start=dt.date(2020, 1, 1), keyed_to="period_from"),
        bill_types=("329", "327"),
    )

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        for ln in view(claim, ctx).hipps:
            code = code_of(ln) or ""
            if not _HIPPS.match(code):
                yield self.finding(claim, line=ln, field="code", value=ln.code, code=code)
                continue
            on = claim.statement_to or claim.statement_from
            ry = rate_year(on)
            if ry is not None and is_pdgm_code(code, on) is False:  # no rate year: no table to judge by
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=ln.code,
                    message=f"HIPPS code {code!r} is well formed but not a PDGM code of the "
                    f"CY{ry.year} case-mix table (Through date {on})",
                )

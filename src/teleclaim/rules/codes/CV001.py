"""CV001: a line's procedure code has the format of no code family."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.refdata.code_sets import code_family
from teleclaim.rules.codes._common import ANY_CLAIM, auth, judged
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta


class CV001(Rule):
    """
    What it checks:
        Every procedure code on a service line (837P, and 837I lines with an HCPCS/CPT code) has
        the shape of a code family: CPT 5 digits, CPT Category II `NNNNF`, Category III `NNNNT`,
        PLA `NNNNU`, MAAA `NNNNM`, HCPCS Level II a letter and 4 digits. Anything else (`99212X`,
        `9921`, `G02`) cannot be a code on any date.

    Why it matters:
        A malformed code is rejected at the front end (or silently reads as another code after a
        clearinghouse trims it); nothing about the line can be judged until it is fixed.

    Failing example:
        An 837P line `SV1*HC:99212X*...`.

    Passing example:
        `SV1*HC:99212*...`, `G0320`, `0591T`, `3008F`.

    Known limits:
        Only the shape is judged here; whether the code exists on the date is CV002. HIPPS codes
        (revenue 0023 or qualifier HP) are HH032's, and lines with other qualifiers (ER, IV, WK:
        payer-specific codes) are not judged.
    """

    meta = RuleMeta(
        code="CV001",
        name="procedure-code-malformed",
        severity="error",
        summary="Procedure code has the format of no CPT or HCPCS family",
        message="{code!r} is not a procedure code: CPT is 5 digits, Category II/III, PLA and MAAA codes 4 digits and "
        "F/T/U/M, HCPCS Level II a letter and 4 digits",
        fix="Correct the code on the line (no suffix, prefix or spaces; modifiers go in their own elements).",
        authority=(auth("CMS-HCPCS-FILES", "HCPCS code structure"),),
        confidence="V",
        since="0.2.0",
        **ANY_CLAIM,
    )
    requires = ("refs",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if getattr(ctx, "refs", None) is None:
            return
        for ln, code, _day in judged(claim, ctx):
            if code_family(code) is None:
                yield self.finding(claim, line=ln, field="code", value=ln.code, code=code)

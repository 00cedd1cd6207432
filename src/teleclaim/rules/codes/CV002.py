"""CV002: a procedure code that does not exist on the date of service in the loaded code sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal, TypedDict

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding, Severity
from teleclaim.refdata.code_sets import FAMILY_NAMES, PFS_FAMILIES, CodeRefs, closest, code_family
from teleclaim.rules.codes._common import ANY_CLAIM, auth, curated_knows, did_you_mean, judged
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta


class CV002(Rule):
    """
    What it checks:
        A well-formed procedure code must exist on the line's date in every loaded code set that
        covers its family: HCPCS Level II codes in the shipped HCPCS index (plus imported HCPCS
        releases), CPT codes (categories I-III) in the CMS PFS relative value release in force on
        the date, when one is imported. Without a PFS release a CPT code the curated sets do not
        know is reported `not_checked`, saying what to import.

    Why it matters:
        A code that does not exist (a typo such as 99921 for 99212) is rejected outright, and
        every other edit passes it because it matches nothing they know.

    Failing example:
        An 837P line `99921` dated 2025-11-03 with RVU25D imported; a line `A1234`.

    Passing example:
        `99212` with RVU25D imported; `A4206`.

    Known limits:
        Codes the curated sets know are judged by TH001 and the home-health edits instead (one
        finding per cause). PLA/MAAA and dental codes are in no set teleclaim loads. The shipped
        HCPCS index lacks most termination dates of the October 2025 list (import a newer HCPCS
        file to have them).
    """

    meta = RuleMeta(
        code="CV002",
        name="procedure-code-unknown-on-date",
        severity="error",
        summary="Procedure code not found on the date of service in the loaded code sets",
        message="{code} {why}{hint}",
        fix="Correct the code (look it up with `teleclaim code`); import the current CMS files with "
        "`teleclaim data import` when the code is new.",
        authority=(auth("CMS-HCPCS-FILES", "alpha-numeric file"), auth("CMS-PFS-RVU", "PPRRVU")),
        confidence="V",
        since="0.2.0",
        **ANY_CLAIM,
    )
    requires = ("refs",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        refs = getattr(ctx, "refs", None)
        if refs is None:
            return
        unchecked = []
        memo = ctx.memo
        # most codes are never judged here (curated, or of no family): decided once per code and run
        asks: dict[str, bool] | None = memo.get("CV002 asks")
        if asks is None:
            asks = memo["CV002 asks"] = {}
        for ln, code, day in judged(claim, ctx):
            ask = asks.get(code)
            if ask is None:
                ask = asks[code] = code_family(code) is not None and not curated_knows(ctx, code)
            if not ask or day is None:
                continue
            key = ("CV002", code, day)
            verdict = memo.get(key, _MISS)
            if verdict is _MISS:
                verdict = memo[key] = self._judge(ctx, refs, code, day)
            if verdict is None:
                continue
            if verdict == "unchecked":
                unchecked.append((ln, code))
            else:
                yield self.finding(claim, line=ln, field="code", value=code, code=code, **verdict)
        if unchecked:
            codes = ", ".join(sorted({c for _, c in unchecked}))
            yield self.not_checked(
                claim,
                f"CPT code(s) {codes}: no CMS PFS relative value release is imported, so "
                "only curated CPT codes are known; import one (e.g. `teleclaim data import "
                "RVU26A.zip`) to check every CPT code",
                line=unchecked[0][0],
                field="code",
            )

    @staticmethod
    def _judge(ctx: Context, refs: CodeRefs, code: str, day: dt.date | None) -> _Verdict | Literal["unchecked"] | None:
        """None (fine or not judged), "unchecked", or the finding's fields; the same for every line
        with this code and date, so it is computed once per run."""
        fam = code_family(code)
        if fam is None or day is None or curated_knows(ctx, code):
            return None  # (``check`` asks only about other codes and dated lines)
        if fam == "level2":
            e = refs.hcpcs.get("P", code)
            if e is None:
                return {"why": "is not an HCPCS Level II code", "hint": did_you_mean(refs.hcpcs.near("P", code, day))}
            if not e.valid_on(day):
                return {"why": f"is not valid on {day} (valid {e.window()})", "hint": ""}
            return None
        if fam not in PFS_FAMILIES:
            return None
        pfs = refs.pfs
        rel = pfs.release_for(day) if pfs is not None else None
        if rel is None:
            return "unchecked"
        if pfs.has_code(code, day):
            return None
        where = f" ({rel.note})" if rel.note else f" in force on {day}"
        return {
            "why": f"is not a {FAMILY_NAMES[fam]} code of the CMS PFS release {rel.label}{where}",
            "hint": did_you_mean(_near(pfs.codes(day), code, fam)),
            "severity": ctx.option("pfs_other_year_severity", "error") if rel.other_year else None,
            "details": {"pfs_release": rel.label},
        }


class _Verdict(TypedDict, total=False):
    """The fields a CV002 finding adds to its message and details."""

    why: str
    hint: str
    severity: Severity | None  # pfs_other_year_severity (validated by the rules config) or the default
    details: dict[str, Any]


_MISS = object()


def _near(pool: Iterable[str], code: str, fam: str) -> list[str]:
    return closest(code, (c for c in pool if code_family(c) == fam))

"""CV004: Medicare PFS status of a professional line (from the release in force on the date)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding, Severity
from teleclaim.rules.codes._common import PROFESSIONAL, auth, judged
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta

#: status -> (severity, what it means); X, E, R, C, T, A, J, M ... say nothing by themselves.
_STATUS: dict[str, tuple[Severity, str]] = {
    "I": ("error", "status I: not valid for Medicare purposes (Medicare uses another code)"),
    "N": ("warning", "status N: not covered by Medicare"),
    "B": ("warning", "status B: bundled into other services, never paid separately"),
    "P": ("warning", "status P: bundled or excluded (no separate PFS payment)"),
}
_NOTICES = {"GA", "GY", "GZ"}


class CV004(Rule):
    """
    What it checks:
        On a professional claim judged by the Medicare profile, the PFS status of each line's
        code in the CMS PFS release in force on the date: I (not valid for Medicare) is an
        error; N (non-covered) a warning unless the line carries GA, GY or GZ (liability notice
        modifiers); B and P (bundled) warnings. X, E, R, C and T say nothing by themselves:
        many X and E codes are paid under other Medicare fee schedules (labs, ambulance, drugs).

    Why it matters:
        A status I code is rejected (Medicare has its own code for the service); N and bundled
        codes are denied, and billing the patient needs the notice modifiers.

    Failing example:
        Medicare 837P line `0001F` (status I) with RVU25D imported; `99172` without GY.

    Passing example:
        `99213` (status A); `99172 GY`.

    Known limits:
        Needs an imported PFS release (silent without one: CV002 says what to import).
        Institutional claims are not judged by PFS status. Codes a payer profile already lists as
        not payable (TH002) or that the curated sets end before the date (TH001) are left to them.
    """

    meta = RuleMeta(
        code="CV004",
        name="medicare-pfs-status-not-payable",
        severity="error",
        summary="Medicare PFS status of the code (I, N, B, P) on the date of service",
        message="{code} has Medicare PFS {why} in release {release}",
        fix="Bill the code Medicare uses for the service (status I), add GA/GY/GZ when billing a non-covered "
        "service (status N), or drop the bundled line.",
        authority=(auth("CMS-PFS-RVU", "Attachment A, status indicators"),),
        confidence="V",
        since="0.2.0",
        **PROFESSIONAL,
    )
    requires = ("refs",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        refs = getattr(ctx, "refs", None)
        payer = getattr(ctx, "payer", None)
        if refs is None or payer is None or payer.family != "medicare":
            return
        pfs = refs.pfs
        if pfs is None:
            return
        for ln, code, day in judged(claim, ctx):
            if day is None:
                continue
            status = pfs.status(code, "", day)
            hit = _STATUS.get(status) if status is not None else None
            if hit is None:
                continue
            mods = {m.upper() for m in ln.modifiers}
            if status == "N" and mods & _NOTICES:
                continue
            if payer.not_payable(code, day) or (
                ctx.codes is not None
                and ctx.codes.valid_on("hcpcs" if code[:1].isalpha() else "cpt", code, day) is False
            ):
                continue  # TH002 / TH001 report this line's cause
            rel = pfs.release_for(day)
            yield self.finding(
                claim,
                line=ln,
                field="code",
                value=code,
                code=code,
                why=hit[1],
                release=rel.label,
                severity=hit[0],
                details={"pfs_status": status, "pfs_release": rel.label},
            )

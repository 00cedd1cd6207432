"""CR002: the rendering clinician is not authorized in the patient's address state on the date."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.credentials.npi import npi_valid
from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding, Severity
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import LICENSURE, facts, line_pointer, located
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR002(Rule):
    """
    What it checks:
        With a roster, each service line's clinician (line rendering 2420A, else claim rendering
        2310B, else an individual billing provider) holds, on the line's date, an active license of
        the patient's address state (2010CA N4, else the subscriber's 2010BA N4), an NLC multistate
        license usable there, a PSYPACT APIT (telehealth) or TAP (in person), or a per-state compact
        privilege covering it. A clinician missing from the roster is reported once as not checked.

    Why it matters:
        The clinician must be authorized where the patient is at the time of the service (source S38,
        HHS Licensure compacts). Services by an unlicensed clinician are not payable and are a
        compliance risk.

    Failing example:
        Roster: the clinician's only license is TX, expired 2026-01-31; line date 2026-02-01, patient
        address in TX.

    Passing example:
        The same claim with line date 2026-01-31 (the license's last valid day).

    Known limits:
        The claim carries the patient's address, not where the patient sat during the visit. A
        decision resting on compact membership data of confidence I is a warning, not an error.
    """

    meta = RuleMeta(
        code="CR002",
        name="clinician-not-authorized-in-patient-state",
        severity="error",
        summary="Rendering clinician not licensed or privileged in the patient's address state on the date",
        message="NPI {npi} ({name}) is not authorized in the patient's address state {state} on {day}: {why}",
        fix="Check the clinician's licenses and compact privileges on the roster; bill under a clinician licensed "
        "in the patient's state, or correct the patient's address if it is wrong.",
        authority=(LICENSURE,),
        confidence="V",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837P",),
        bill_types=("*",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None:
            return
        state, loop, rows = facts(claim, ctx)
        missing = []
        for r in rows:
            c, ln = r.clinician, r.line
            if c is None:
                npi = r.prov.npi
                if npi not in missing and npi_valid(npi):  # a malformed NPI is CR001's
                    missing.append(npi)
                    f = self.finding(
                        claim,
                        line=ln,
                        value=npi,
                        status="not_checked",
                        severity="info",
                        message=f"not checked: NPI {npi} is not on the roster"
                        + (f" ({ctx.roster.source})" if ctx.roster.source else ""),
                    )
                    yield located(f, claim, r.loop, "NM109", line_pointer(claim, ln, r.loop, "npi"))
                continue
            if not state:
                yield self.not_checked(claim, "the patient's address has no state (2010CA/2010BA N4)", line=ln)
                return
            if r.licensure is None:
                continue
            problems = r.licensure[1]
            if problems:
                p = problems[0]
                sev: Severity | None = "warning" if p.get("confidence") == "I" else None
                why = (
                    p["message"].split(" (", 1)[1][:-1]
                    if " (" in p["message"]
                    else (f"the roster lists no license or compact privilege for {state}")
                )
                f = self.finding(
                    claim,
                    line=ln,
                    value=state,
                    severity=sev,
                    npi=c.npi,
                    name=c.name,
                    state=state,
                    day=r.day,
                    why=why,
                    details={"problem": p["code"]},
                )
                yield located(
                    f, claim, loop, "N402", f"/{'patient' if loop == '2010CA' else 'subscriber'}/address/state"
                )

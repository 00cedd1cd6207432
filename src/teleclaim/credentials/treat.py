"""May this clinician treat a patient in that state, on that day, for that payer? (issue 15)

``can_treat(index, npi, state, on, payer=None, mode="telehealth")`` returns the contract object
(without ``teleclaim_version``, which the faces add)::

    {"npi", "state", "on", "payer", "mode", "allowed", "basis": [...], "problems": [...], "warnings": [...]}

Licensure (rules.md §4): the clinician must be authorized in the state where the patient is.
A basis is one of: a license of that state valid on the day (an IMLC-issued license is a full
license); an NLC multistate license issued by the nurse's home state when both the home state and
the patient's state honour the NLC on the day; a PSYPACT APIT (telehealth only) or TAP (in person
only, up to 30 days a year: not counted here) when both states honour PSYPACT; a per-state
privilege of another compact (PT, OT, Counseling, ASLP-IC, Social Work, PA) listing the state.
A basis resting on a compact row of confidence I adds a warning, never a problem. With ``payer``
the enrollment must be approved and effective on the day (and allow telehealth for telehealth),
and a Medicare opt-out period covering the day is a problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.credentials.compacts import COMPACT_INFO, Compacts, default_compacts
from teleclaim.credentials.npi import npi_problem
from teleclaim.credentials.roster import Clinician, Roster

#: (basis, problems, warnings): JSON-shaped entries of the answer
_Lists = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]

MODES = ("telehealth", "in_person")


class RosterIndex:
    """Clinicians by NPI (what look-ups and the claim edits use), with where the roster came from and
    the optional CMS Order and Referring list (NPIs eligible to order/certify, with its release)."""

    def __init__(
        self,
        roster: Roster | list[Clinician],
        source: str | None = None,
        compacts: Compacts | None = None,
        ordering: Any = None,
    ) -> None:
        clinicians = roster.clinicians if isinstance(roster, Roster) else roster
        self.by_npi: dict[str, Clinician] = {c.npi: c for c in clinicians}
        self.source = source
        self.compacts = compacts or default_compacts()
        self.ordering = ordering  # OrderReferring or None

    def __len__(self) -> int:
        return len(self.by_npi)

    def get(self, npi: str | None) -> Clinician | None:
        return self.by_npi.get(npi) if npi else None


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _payer_matches(enrollment_payer: str, payer: str | tuple[str | None, ...]) -> bool:
    want = payer if isinstance(payer, tuple) else (payer,)
    e = enrollment_payer.strip().lower()
    return any(p is not None and e == p.strip().lower() for p in want)


def licensure(c: Clinician, state: str, on: dt.date, mode: str, compacts: Compacts) -> _Lists:
    """(basis, problems, warnings) of licensure alone."""
    basis: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    why_not: list[str] = []
    weak_denial = False  # a compact path failed on a membership row of confidence I
    for lic in c.licenses:
        if lic.state == state:
            if lic.valid_on(on):
                b = {"kind": "license", "state": lic.state, "number": lic.number, "expires": _d(lic.expires)}
                if lic.compact:
                    b["compact"] = lic.compact
                basis.append(b)
                if lic.status == "probation":
                    warnings.append(
                        {
                            "code": "license_on_probation",
                            "message": f"the {state} license {lic.number or ''} is on probation: check its "
                            "conditions allow this service".replace("  ", " "),
                        }
                    )
            else:
                why_not.append(_lapse("license", lic, on))
    # NLC multistate license: issued by the nurse's home state, valid in every NLC state implemented on the day
    for lic in c.licenses:
        if not lic.multistate or lic.state == state and basis:
            continue
        prof = lic.profession or c.profession
        if prof not in COMPACT_INFO["NLC"]["professions"]:
            continue
        if not lic.valid_on(on):
            why_not.append(_lapse("multistate license", lic, on))
            continue
        ok_home, m_home = compacts.honoured("NLC", lic.state, on)
        ok_here, m_here = compacts.honoured("NLC", state, on)
        if not ok_home:
            why_not.append(f"the multistate license's home state {lic.state} does not honour the NLC on {on}")
            weak_denial |= _weak(m_home)
            continue
        if not ok_here:
            why_not.append(_not_member("NLC", state, m_here, on))
            weak_denial |= _weak(m_here)
            continue
        if lic.state != state:
            basis.append(
                {
                    "kind": "compact_license",
                    "compact": "NLC",
                    "home_state": lic.state,
                    "state": state,
                    "number": lic.number,
                    "expires": _d(lic.expires),
                }
            )
            warnings += _confidence("NLC", (m_home, m_here))
    for cp in c.compact_privileges:
        info = COMPACT_INFO[cp.compact]
        if not cp.valid_on(on):
            if cp.compact == "PSYPACT" or state in cp.states:
                why_not.append(_lapse(f"{cp.compact} {cp.kind or 'privilege'}", cp, on))
            continue
        if cp.compact == "PSYPACT":
            if cp.home_state == state and basis:
                continue  # the home-state license already covers it
            if cp.kind == "APIT" and mode != "telehealth":
                why_not.append("a PSYPACT APIT covers telepsychology only, not in-person care")
                continue
            if cp.kind == "TAP" and mode != "in_person":
                why_not.append("a PSYPACT TAP covers temporary in-person practice only, not telehealth")
                continue
            ok_home, m_home = compacts.honoured("PSYPACT", cp.home_state, on) if cp.home_state else (False, None)
            ok_here, m_here = compacts.honoured("PSYPACT", state, on)
            if not ok_home:
                why_not.append(
                    f"the PSYPACT home state {cp.home_state or '(not given)'} is not a PSYPACT state on {on}"
                )
                weak_denial |= _weak(m_home)
                continue
            if not ok_here:
                why_not.append(_not_member("PSYPACT", state, m_here, on))
                weak_denial |= _weak(m_here)
                continue
            if not _home_license_ok(c, cp.home_state, on, why_not):
                continue
            basis.append(
                {
                    "kind": "privilege",
                    "compact": "PSYPACT",
                    "privilege": cp.kind,
                    "home_state": cp.home_state,
                    "state": state,
                    "number": cp.number,
                    "expires": _d(cp.expires),
                }
            )
            warnings += _confidence("PSYPACT", (m_home, m_here))
            if cp.kind == "TAP":
                warnings.append(
                    {
                        "code": "tap_day_limit",
                        "message": "a PSYPACT TAP allows at most 30 days of "
                        f"in-person practice a year in {state}; teleclaim does not count the days",
                    }
                )
        elif info["grants"] == "privilege" and state in cp.states:
            ok_here, m_here = compacts.honoured(cp.compact, state, on)
            if not ok_here:
                why_not.append(_not_member(cp.compact, state, m_here, on))
                weak_denial |= _weak(m_here)
                continue
            if cp.home_state and not _home_license_ok(c, cp.home_state, on, why_not):
                continue
            basis.append(
                {
                    "kind": "privilege",
                    "compact": cp.compact,
                    "privilege": cp.kind or "privilege",
                    "home_state": cp.home_state,
                    "state": state,
                    "number": cp.number,
                    "expires": _d(cp.expires),
                }
            )
            warnings += _confidence(cp.compact, (m_here,))
    problems: list[dict[str, Any]] = []
    if not basis:
        lapsed = any("expired" in w or "not yet valid" in w or "status" in w for w in why_not)
        msg = f"no active license or valid compact privilege covers {state} on {on}"
        if why_not:
            msg += " (" + "; ".join(dict.fromkeys(why_not)) + ")"
        problem = {"code": "license_lapsed" if lapsed else "not_licensed_in_state", "message": msg}
        if weak_denial:
            problem["confidence"] = "I"  # rests on unverified compact data: a warning, never an error
        problems.append(problem)
    return basis, problems, warnings


def _weak(m: Any) -> bool:
    return m is not None and m.confidence == "I"


def _home_license_ok(c: Clinician, home: str | None, on: dt.date, why_not: list[str]) -> bool:
    home_lics = [lic for lic in c.licenses if lic.state == home]
    if home_lics and not any(lic.valid_on(on) for lic in home_lics):
        why_not.append(f"the home-state {home} license is not valid on {on}, so the compact privilege is not either")
        return False
    return True


def _lapse(what: str, item: Any, on: dt.date) -> str:
    state = getattr(item, "state", None) or getattr(item, "home_state", None) or ""
    num = f" {item.number}" if getattr(item, "number", None) else ""
    if item.status not in ("active", "probation"):
        return f"{what} {state}{num} has status {item.status}"
    if item.expires and on > item.expires:
        return f"{what} {state}{num} expired {item.expires}"
    return f"{what} {state}{num} is not yet valid (issued {item.issued})"


def _not_member(compact: str, state: str, m: Any, on: dt.date) -> str:
    if m is None or m.status == "not_member":
        return f"{state} is not a {compact} state"
    if m.status != "member":
        return f"{state} has enacted but not implemented the {compact} ({m.status})"
    return f"{state} honours the {compact} only from {m.honoured_from}, after {on}"


def _confidence(compact: str, rows: tuple[Any, ...]) -> list[dict[str, Any]]:
    weak = [m for m in rows if m is not None and m.confidence == "I"]
    if not weak:
        return []
    sts = ", ".join(sorted({m.state for m in weak}))
    return [
        {
            "code": "compact_membership_unverified",
            "message": f"{compact} membership of {sts} rests on data of confidence I (the day the state began "
            "honouring it is not verified); confirm with the compact, or set it in "
            "[credentials.compacts] of teleclaim.toml",
        }
    ]


def enrollment(c: Clinician, payer: str | tuple[str | None, ...], on: dt.date, mode: str) -> _Lists:
    basis: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    names = payer if isinstance(payer, tuple) else (payer,)
    label = next((p for p in names if p), "the payer")
    mine = [e for e in c.enrollments if _payer_matches(e.payer, payer)]
    good = [e for e in mine if e.effective_on(on)]
    if not mine:
        problems.append({"code": "not_enrolled", "message": f"no enrollment with {label} on the roster"})
    elif not good:
        e = mine[0]
        problems.append(
            {
                "code": "enrollment_not_effective",
                "message": f"the {label} enrollment is {e.status}, effective {e.effective_from or '-'} to "
                f"{e.effective_to or 'open'}: not effective on {on}",
            }
        )
    else:
        e = good[0]
        if mode == "telehealth" and not e.telehealth:
            problems.append(
                {
                    "code": "enrollment_excludes_telehealth",
                    "message": f"the {label} enrollment does not allow telehealth",
                }
            )
        else:
            basis.append(
                {
                    "kind": "enrollment",
                    "payer": e.payer,
                    "effective_from": _d(e.effective_from),
                    "effective_to": _d(e.effective_to),
                }
            )
        if e.revalidation_due and e.revalidation_due < on:
            warnings.append(
                {"code": "revalidation_overdue", "message": f"the {label} revalidation was due {e.revalidation_due}"}
            )
    if any(p and p.strip().lower() == "medicare" for p in names):
        for o in c.medicare_opt_out:
            if o.covers(on):
                problems.append(
                    {
                        "code": "opted_out_of_medicare",
                        "message": f"the clinician opted out of Medicare from {o.start} to {o.end or 'open'}: "
                        "Medicare does not pay their claims (private contracts only)",
                    }
                )
    return basis, problems, warnings


def can_treat(
    index: RosterIndex, npi: str, state: str, on: dt.date, payer: str | None = None, mode: str = "telehealth"
) -> dict[str, Any]:
    state = state.strip().upper()
    out: dict[str, Any] = {
        "npi": npi,
        "state": state,
        "on": on.isoformat(),
        "payer": payer,
        "mode": mode,
        "allowed": False,
        "basis": [],
        "problems": [],
        "warnings": [],
    }
    why = npi_problem(npi)
    if why:
        out["problems"].append({"code": "invalid_npi", "message": f"NPI {why}"})
        return out
    c = index.get(npi)
    if c is None:
        out["problems"].append(
            {
                "code": "not_on_roster",
                "message": f"NPI {npi} is not on the roster" + (f" ({index.source})" if index.source else ""),
            }
        )
        return out
    out["name"] = c.name
    out["profession"] = c.profession
    basis, problems, warnings = licensure(c, state, on, mode, index.compacts)
    if payer:
        b2, p2, w2 = enrollment(c, payer, on, mode)
        basis, problems, warnings = basis + b2, problems + p2, warnings + w2
    out.update(allowed=not problems, basis=basis, problems=problems, warnings=warnings)
    return out

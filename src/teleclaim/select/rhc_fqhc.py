"""RHC/FQHC distant-site telehealth to Medicare (non-behavioral): one G2025 line on the clinic's
institutional claim (TOB 71X rural health clinic, 77X federally qualified health center), revenue
code 052X, from 2020-01-27 through 2026-12-31 (the payer profile's ``rhc_fqhc_telehealth`` window).

Mental/behavioral-health visits by telecommunication are ordinary RHC/FQHC visits paid at the
clinic's own rate, so they keep the caller's usual coding. The window, the revenue family and the
type of bill come from the payer profile (``refdata/data/payers.yaml``), which the RHC/FQHC
telehealth edit (``rules/telehealth/TH029.py``) reads too, so ``suggest`` and ``check`` agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.refdata.payers import Profile
from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

FQ_FROM = dt.date(2022, 1, 1)  # FQ (audio-only, RHC/FQHC) from 2022-01-01 (rules.md §3.2, S28/S29)


def method(p: Profile) -> dict[str, Any] | None:
    """The profile's RHC/FQHC telehealth method (G2025 window etc.), or None when the payer has none."""
    m = p.get("rhc_fqhc_telehealth")
    return m if isinstance(m, dict) and m.get("code") else None


def select(enc: Any, ans: Answer, p: Profile, day: dt.date) -> bool:
    """Answer a non-behavioral RHC/FQHC telehealth visit by the payer's method; False when the payer
    has none (the caller codes it as usual)."""
    m = method(p)
    if m is None or enc.behavioral:
        return False
    code, start, end = m["code"], m["from"], m["to"]
    a = auth("§3.8", "AUD-G2025", "AUD-RHC-CLAIM")
    clinic = enc.clinic or "rhc"
    if enc.clinic is None:
        ans.note(
            "clinic type not given: taken as a rural health clinic (TOB 711); give clinic=fqhc for a "
            "federally qualified health center (TOB 771)"
        )
    ans.reject(
        "99202-99215",
        f"{p.label}: an RHC/FQHC bills non-behavioral distant-site telehealth as {code} on "
        "its institutional claim, not as the E/M code on a professional 837P",
        a,
    )
    if day < start:
        ans.nothing(f"before {start} an RHC/FQHC could not be a Medicare distant site for telehealth", a)
        return True
    if day > end:
        ans.nothing(
            f"{code} ended {end} (CY2026 PFS final rule); how an RHC/FQHC bills non-behavioral telehealth "
            f"after that date is not known to teleclaim (confidence I: no source yet; check the CY2027 PFS rule)",
            a,
        )
        return True
    tob = m["bill_types"][clinic] + "1"
    rev = m.get("revenue_code") or (m["revenue_family"] + "1")
    mods: list[Any] = []
    cg = m.get("modifier_rhc_until") or {}
    if clinic == "rhc" and cg.get("to") and day <= cg["to"]:
        mods.append(
            (cg["modifier"], f"RHCs added {cg['modifier']} to {code} through {cg['to']}", auth("§3.8", "AUD-RHC-CLAIM"))
        )
    if enc.mode == "audio_only" and day >= FQ_FROM:
        mods.append(("FQ", "RHC/FQHC mark an audio-only service with FQ", auth("§3.2", "S28", "S29")))
    who = "rural health clinic" if clinic == "rhc" else "federally qualified health center"
    ans.line(
        code,
        date=day,
        role="em",
        authority=a,
        modifiers=mods,
        reason=(
            f"{who} as distant site, non-behavioral telehealth to {p.label}: {code}, one line per visit "
            f"({start} to {end}), paid at a rate based on the physician fee schedule; the visit's E/M level "
            "is not reported"
        ),
        revenue_code=(
            rev,
            f"revenue family {m['revenue_family']}X (RHC/FQHC visit); the subcode is the "
            "contractor's choice (confidence I: inferred, not verified in a source)",
            a,
        ),
        units_reason=("one per visit", a),
    )
    ans.note(f"institutional claim (837I), type of bill {tob}: `suggest --claim` builds it")
    change = m.get("unconfirmed_change_from")
    if change and day >= change:
        ans.note(
            f"a trade source reports that RHCs/FQHCs bill the visit's own code instead of {code} from {change}; "
            f"CMS material confirms {code} through {end} (AUD-G2025-TRADE, a trade source: confidence I, not verified)"
        )
    return True


def bill_type(answer: dict[str, Any]) -> str:
    """The 3-character type of bill of a G2025 answer (711 RHC, 771 FQHC)."""
    from teleclaim.select import _payer as P

    m = method(P.profile(answer.get("payer") or "medicare")) or {}
    clinic = (answer.get("encounter") or {}).get("clinic") or "rhc"
    prefix: str = (m.get("bill_types") or {"rhc": "71", "fqhc": "77"})[clinic]
    return prefix + "1"

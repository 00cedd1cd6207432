"""Payer decisions of code selection, in ONE place (POS, modifiers, which code family, whether the
patient's home may be the originating site on a date).

The policy comes from the shared payer profiles (``teleclaim.refdata.payers``: data in
``refdata/data/payers.yaml``, user profiles in ``teleclaim.toml``), the same ones the telehealth
edits read, so a suggested line and ``teleclaim check`` agree. ``use_profiles`` sets the profiles
in force for the current context (the CLI and API pass the user's configuration).

Shipped profiles: ``medicare`` (by date of service), ``commercial`` (a generic commercial payer that
takes the CPT 2025 telemedicine codes), ``medicaid_example`` (an EXAMPLE state Medicaid: GT modifier,
no audio-only E/M; not any real state's policy).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import Any

from teleclaim.errors import InputError
from teleclaim.refdata.payers import Profile, Profiles, shipped_profiles
from teleclaim.select._sources import auth

D = dt.date

#: Policy windows (telehealth flexibilities, the PHE waivers, when POS 02/10 began) are read from the
#: profiles in ``refdata/data/payers.yaml``, never repeated here. CPT 2025 is a code-set date.
CPT2025 = D(2025, 1, 1)

IN_PERSON_POS = {"office": "11", "hospital_outpatient": "22", "rhc_fqhc": "50"}
POS_19_FROM = D(2016, 1, 1)  # off-campus outpatient hospital (POS 19) exists from 2016; before, POS 22 only


def in_person_pos(setting: str, campus: bool = False, day: dt.date | None = None) -> str:
    """The POS a visit would have in person: a hospital outpatient department is 22 on campus, 19 off campus
    (the default, from 2016)."""
    if setting == "hospital_outpatient" and not campus and (day is None or day >= POS_19_FROM):
        return "19"
    return IN_PERSON_POS[setting]


_ALIASES = {"medicare_b": "medicare", "mb": "medicare", "ci": "commercial", "medicaid": "medicaid_example"}
_active: contextvars.ContextVar[Profiles | None] = contextvars.ContextVar("teleclaim_profiles", default=None)


@contextlib.contextmanager
def use_profiles(profiles: Profiles | None) -> Iterator[None]:
    """Select with these profiles (the user's ``[profiles]``) inside the block."""
    token = _active.set(profiles)
    try:
        yield
    finally:
        _active.reset(token)


def _profiles() -> Profiles:
    return _active.get() or shipped_profiles()


def profile(name: str) -> Profile:
    key = _ALIASES.get(name, name)
    try:
        return _profiles().profile(key)
    except InputError:
        raise InputError(
            f"encounter: field /payer {name!r}: not a known payer profile; use one of: {', '.join(profiles())}.",
            code="invalid_encounter",
            pointer="/payer",
            value=name,
        ) from None


def profiles() -> list[str]:
    return _profiles().names()


def accepted_names() -> list[str]:
    """Every ``payer`` value an encounter may carry: the profiles in force and their short aliases."""
    names = profiles()
    return names + [a for a, target in _ALIASES.items() if target in names and a not in names]


def _within(win: Any, day: dt.date) -> bool:
    if not win:
        return False
    return (win.get("from") is None or win["from"] <= day) and (win.get("to") is None or day <= win["to"])


# -- originating site ------------------------------------------------------------------------------
def home_allowed(p: Profile, day: dt.date, behavioral: bool, as_of: dt.date) -> tuple[bool, str, list[Any]]:
    """May the patient's home be the originating site on ``day`` (as known on ``as_of``)?"""
    ok, why, _sev = p.home_allowed(day, behavioral, as_of)
    if (p.get("home_originating_site") or {}).get("always"):
        return ok, f"{p.label}: the patient's home is accepted as the place of a telehealth visit", auth("§3.4")
    return ok, why, auth("§3.8", "S31", "AUD-1135")


# -- place of service and modifiers ----------------------------------------------------------------
def telehealth_pos(
    p: Profile, day: dt.date, at_home: bool, setting: str, campus: bool = False, video: bool = True
) -> tuple[str, str, list[Any]]:
    """POS of a professional telehealth line (the patient's location picks 02 or 10; a hospital-based
    clinician with the patient at home keeps the hospital's in-person POS where the payer says so)."""
    default = shipped_profiles().profile("medicare")  # a user profile without its own POS dates
    pos_02 = p.telehealth_pos_from("02") or default.telehealth_pos_from("02") or D.min
    pos_10 = p.telehealth_pos_from("10") or default.telehealth_pos_from("10") or D.min
    if day < pos_02:
        pos = in_person_pos(setting, campus, day)
        return pos, f"before 2017 there was no telehealth POS: the in-person POS {pos} is reported", auth("§3.1", "S30")
    if video and hospital_keeps_in_person_pos(p, day, at_home, setting):
        pos = in_person_pos(setting, campus, day)
        where = "on-campus" if pos == "22" else "off-campus"
        return (
            pos,
            (
                f"{p.label} from {p.get('phe_method')['to'] + dt.timedelta(days=1)}: a hospital-based clinician "
                f"seeing a patient at home reports the hospital's in-person POS ({pos}, {where} outpatient "
                "department; give campus=true for on campus) with modifier 95"
            ),
            auth("§3.1, §3.2", "S26"),
        )
    if p.phe_method(day):
        pos = in_person_pos(setting, campus, day)
        phe = p.get("phe_method")
        return (
            pos,
            (
                f"{p.label} {phe['from'].year}–{phe['to'].year}: the PHE method, the POS the visit "
                f"would have had in person ({pos}) with modifier 95"
            ),
            auth("§3.1", "S26"),
        )
    systems = p.get("pos_10_systems_from")
    if day < pos_10 or not at_home or (systems and day < systems):
        why = (
            "patient not at home"
            if not at_home
            else f"POS 10 exists only from {pos_10}"
            if day < pos_10
            else f"{p.label} systems accepted POS 10 from {systems}"
        )
        return "02", f"POS 02 telehealth ({why})", auth("§3.1", "S25", "S27")
    return "10", "POS 10: telehealth with the patient at home (from 2022-01-01)", auth("§3.1", "S25", "S27")


def hospital_keeps_in_person_pos(p: Profile, day: dt.date, at_home: bool, setting: str) -> bool:
    """After the PHE method ends, payers whose profile lists in-person POS codes kept with 95
    (Medicare: 19/22) take them from a hospital-based clinician whose patient is at home, with 95 (audio-video;
    an audio-only visit keeps POS 10 with 93, the audio-only rules of rules.md §3.2)."""
    phe = p.get("phe_method") or {}
    keep = p.get("in_person_pos_with_95_after_phe") or ()
    return bool(
        phe.get("to") and day > phe["to"] and setting == "hospital_outpatient" and at_home and {"19", "22"} <= set(keep)
    )


def video_modifiers(p: Profile, day: dt.date, at_home: bool, setting: str, pos: str) -> list[tuple[str, str, Any]]:
    """Modifiers of an audio-video E/M line coded 99202-99215."""
    required = p.get("video_modifier")
    if required == "GT":
        return [
            (
                "GT",
                f"{p.label}: GT marks interactive audio-video telehealth (many Medicaid payers still require it)",
                auth("§3.2", "S30"),
            )
        ]
    if required:
        return [
            (
                required,
                f"{p.label}: payers like this one frequently require {required} on synchronous audio-video telehealth",
                auth("§3.2", "S28"),
            )
        ]
    if p.gt_allowed(day) and p.family == "medicare":
        return [
            (
                "GT",
                f"{p.label}: professional claims carried GT until {p.get('gt_professional')['to']}",
                auth("§3.2", "S30"),
            )
        ]
    if p.phe_method(day):
        return [("95", f"{p.label} PHE method: modifier 95 with the in-person POS", auth("§3.1", "S26"))]
    phe = p.get("phe_method") or {}
    if hospital_keeps_in_person_pos(p, day, at_home, setting):
        return [
            (
                "95",
                f"{p.label} from {phe['to'] + dt.timedelta(days=1)}: 95 is needed when a hospital-based "
                "clinician sees a patient at home",
                auth("§3.2", "S26"),
            )
        ]
    return []


def audio_only_modifier(p: Profile, setting: str) -> tuple[str, str, Any]:
    if "FQ" in (p.get("audio_only_modifiers") or ()) and setting == "rhc_fqhc":
        return ("FQ", "RHC/FQHC report audio-only services with FQ (93 is also accepted)", auth("§3.2", "S28", "S29"))
    return ("93", "93 marks a synchronous audio-only service", auth("§3.2", "S28"))


def rejected_modifiers(p: Profile, day: dt.date) -> list[tuple[str, str, Any]]:
    out = []
    gt = p.get("gt_professional") or {}
    if gt.get("to") and day > gt["to"]:
        out.append(
            (
                "GT",
                "Medicare dropped GT from professional claims on 2018-01-01; since 2018-10-01 it is "
                "only for CAH Method II institutional claims",
                auth("§3.2", "S30"),
            )
        )
    phe = p.get("phe_method") or {}
    if not p.get("video_modifier") and phe.get("to") and day > phe["to"]:
        out.append(
            (
                "95",
                "not required by Medicare on POS 02/10 from 2024 (allowed, not required), except a "
                "hospital-based clinician with the patient at home",
                auth("§3.2", "S26", "S27"),
            )
        )
    return out


# -- code families ---------------------------------------------------------------------------------
def takes_cpt2025_telemedicine(p: Profile, day: dt.date) -> bool:
    """True when the payer takes 98000-98015 (the generic commercial profile, from 2025)."""
    return p.get("cpt2025_telemedicine") == "payable" and day >= CPT2025


def audio_only_em_allowed(p: Profile, day: dt.date, at_home: bool, behavioral: bool) -> tuple[bool, str, Any]:
    """May an office E/M code (99202-99215) be billed for an audio-only visit (with 93/FQ)?"""
    ok, why = p.audio_only_em(day, at_home, behavioral)
    return ok, why, auth("§3.2, §3.8", "S28")


def telephone_em_allowed(p: Profile, day: dt.date) -> tuple[bool, str, Any]:
    """Telephone E/M 99441-99443 (CPT 2008 to 2024-12-31), when the payer's profile pays them."""
    if day >= CPT2025:
        return False, "99441-99443 were deleted from CPT on 2025-01-01", auth("§3.4", "S32")
    win = p.get("telephone_em")
    if not _within(win, day):
        when = f" before {win['from']}" if win and win.get("from") and day < win["from"] else ""
        return False, f"{p.label} does not pay telephone E/M{when}", auth("§3.4", "S32")
    return True, "telephone E/M by the practitioner's time (5-10 / 11-20 / 21-30 min)", auth("§3.4", "S32")


def prolonged(p: Profile, day: dt.date) -> tuple[str, dict[str, int], str, Any] | None:
    """(code, {base code: first minute of unit 1}, why, authority), or None before 2021."""
    if day < D(2021, 1, 1):
        return None
    if p.get("prolonged_code") == "G2212":
        return (
            "G2212",
            {"99205": 89, "99215": 69},
            "Medicare prolonged service G2212: per full 15 minutes beyond the top of the old time range "
            "(99205 from 89 min, 99215 from 69)",
            auth("§3.3", "S37"),
        )
    return (
        "99417",
        {"99205": 75, "99215": 55, "98003": 75, "98007": 55, "98011": 75, "98015": 55},
        "CPT prolonged service 99417: per full 15 minutes beyond the level's threshold (99205 from 75 min, "
        "99215 from 55)",
        auth("§3.3", "S37"),
    )


# -- communication technology services (not telehealth) -------------------------------------------------
def ctbs_pos(p: Profile, setting: str, campus: bool = False) -> tuple[str, str, Any]:
    pos = in_person_pos(setting, campus)
    return (
        pos,
        (f"not a telehealth service: report the practice's own POS ({pos}), never 02/10, and no 95"),
        auth("§3.1", "S33"),
    )


def new_patient_ctbs_allowed(p: Profile, day: dt.date) -> tuple[bool, str, list[Any]]:
    """May a virtual check-in / remote evaluation be billed for a NEW patient? Only under the Medicare
    PHE waivers (2020-03 to 2023-05-11); after the PHE, and for other payers, established patients only."""
    phe = p.phe_waivers()
    if phe and _within(phe, day):
        return (
            True,
            (
                f"{p.label}: the COVID-19 PHE waivers ({phe['from']} to {phe['to']}) allowed these services "
                "for new patients"
            ),
            auth("§3.5, §3.8", "S31", "S34"),
        )
    if phe:
        return (
            False,
            (f"new patients only under the PHE waivers, {phe['from']} to {phe['to']}"),
            auth("§3.5, §3.8", "S31", "S34"),
        )
    return False, f"{p.label}: no PHE waiver for new patients", auth("§3.4, §3.5", "S34")


def g_codes_for_e_visits(p: Profile, day: dt.date) -> bool:
    """Medicare used G2061-G2063 for non-physician e-visits in 2020 (year of the switch: rules.md I)."""
    end = p.get("e_visit_g_codes_to")
    return end is not None and day <= end

"""Payer decisions of code selection, in ONE place (POS, modifiers, which code family, whether the
patient's home may be the originating site on a date).

The payer profiles of issue 6 (part A) are data files by payer and date; until selection reads
them, this module holds the few facts selection needs, each from ``rules.md`` §3 with its dates.
Switching to the shared profiles is a change to ``profile()`` and the functions below only.

Profiles: ``medicare`` (by date of service), ``commercial`` (a generic commercial payer that takes
the CPT 2025 telemedicine codes), ``medicaid_example`` (an EXAMPLE state Medicaid: GT modifier,
no audio-only E/M; not any real state's policy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from teleclaim.errors import InputError
from teleclaim.select._sources import auth

D = dt.date

#: Medicare telehealth flexibilities (home as originating site, no geographic limit): rules.md §3.8.
FLEX_START = D(2020, 3, 1)  # rules.md gives the month only ("2020-03")
FLEX_END = D(2027, 12, 31)
#: Lapses later cured retroactively: (first day, last day, date the cure was signed).
LAPSES = ((D(2025, 10, 1), D(2025, 11, 11), D(2025, 11, 12)),
          (D(2026, 1, 31), D(2026, 2, 2), D(2026, 2, 3)))
PHE_METHOD_END = D(2023, 12, 31)  # in-person POS + 95 (rules.md §3.1)
POS_02_FROM = D(2017, 1, 1)
POS_10_FROM = D(2022, 1, 1)
GT_PROFESSIONAL_END = D(2017, 12, 31)  # GT dropped from professional claims 2018-01-01 (§3.2)
CPT2025 = D(2025, 1, 1)

IN_PERSON_POS = {"office": "11", "hospital_outpatient": "22", "rhc_fqhc": "50"}


@dataclass(frozen=True)
class Profile:
    name: str
    family: str  # medicare, commercial, medicaid
    label: str
    example: bool = False


_PROFILES = {
    "medicare": Profile("medicare", "medicare", "Medicare (by date of service)"),
    "commercial": Profile("commercial", "commercial", "generic commercial payer"),
    "medicaid_example": Profile("medicaid_example", "medicaid", "EXAMPLE state Medicaid (illustrative only)",
                                example=True),
}
_ALIASES = {"medicare_b": "medicare", "mb": "medicare", "ci": "commercial", "medicaid": "medicaid_example"}


def profile(name: str) -> Profile:
    key = _ALIASES.get(name, name)
    p = _PROFILES.get(key)
    if p is None:
        raise InputError(f"encounter: field /payer {name!r}: not a known payer profile; use one of: "
                         f"{', '.join(_PROFILES)}.", code="invalid_encounter", pointer="/payer", value=name)
    return p


def profiles() -> list[str]:
    return list(_PROFILES)


# -- originating site ------------------------------------------------------------------------------
def home_allowed(p: Profile, day: dt.date, behavioral: bool, as_of: dt.date) -> tuple[bool, str, list[Any]]:
    """May the patient's home be the originating site on ``day`` (as known on ``as_of``)?"""
    a = auth("§3.8", "S31")
    if p.family != "medicare":
        return True, f"{p.label}: the patient's home is accepted as the place of a telehealth visit", auth("§3.4")
    if behavioral and day >= FLEX_START:
        return True, ("Medicare: behavioral/mental health telehealth to the home is allowed (permanent after "
                      "the PHE; in-person requirement deferred to 2028)"), a
    if day < FLEX_START:
        return False, ("Medicare before the COVID-19 flexibilities (2020-03): the home is not an eligible "
                       "originating site for this service"), a
    if day > FLEX_END:
        return False, ("Medicare after 2027-12-31: the statutory flexibilities end and the home is not an "
                       "eligible originating site for non-behavioral services (check for newer legislation)"), a
    for start, end, cured in LAPSES:
        if start <= day <= end:
            if as_of < cured:
                return False, (f"Medicare: the telehealth flexibilities lapsed {start}–{end}; as of {as_of} the "
                               f"lapse was not cured (it was cured retroactively on {cured}), so only behavioral "
                               "health and a few other services could use the home"), a
            return True, (f"Medicare: {day} fell in the {start}–{end} lapse of the flexibilities, cured "
                          f"retroactively on {cured} (judged as of {as_of}), so the home is allowed"), a
    return True, "Medicare: the statutory telehealth flexibilities allow the home as originating site on this date", a


# -- place of service and modifiers ----------------------------------------------------------------
def telehealth_pos(p: Profile, day: dt.date, at_home: bool, setting: str) -> tuple[str, str, list[Any]]:
    """POS of a professional telehealth line (the patient's location picks 02 or 10)."""
    if day < POS_02_FROM:
        pos = IN_PERSON_POS[setting]
        return pos, f"before 2017 there was no telehealth POS: the in-person POS {pos} is reported", auth(
            "§3.1", "S30")
    if p.family == "medicare" and FLEX_START <= day <= PHE_METHOD_END:
        pos = IN_PERSON_POS[setting]
        return pos, (f"Medicare {FLEX_START.year}–{PHE_METHOD_END.year}: the PHE method, the POS the visit "
                     f"would have had in person ({pos}) with modifier 95"), auth("§3.1", "S26")
    if day < POS_10_FROM or not at_home:
        why = "patient not at home" if not at_home else "POS 10 exists only from 2022-01-01"
        return "02", f"POS 02 telehealth ({why})", auth("§3.1", "S25", "S27")
    return "10", "POS 10: telehealth with the patient at home (from 2022-01-01)", auth("§3.1", "S25", "S27")


def video_modifiers(p: Profile, day: dt.date, at_home: bool, setting: str, pos: str) -> list[tuple[str, str, Any]]:
    """Modifiers of an audio-video E/M line coded 99202-99215."""
    if p.family == "medicaid":
        return [("GT", "EXAMPLE Medicaid profile: GT marks interactive audio-video telehealth (many Medicaid "
                       "payers still require it)", auth("§3.2", "S30"))]
    if p.family == "commercial":
        return [("95", "commercial payers frequently require 95 on synchronous audio-video telehealth",
                 auth("§3.2", "S28"))]
    if day <= GT_PROFESSIONAL_END:
        return [("GT", "Medicare professional claims carried GT until 2017-12-31", auth("§3.2", "S30"))]
    if FLEX_START <= day <= PHE_METHOD_END:
        return [("95", "Medicare PHE method: modifier 95 with the in-person POS", auth("§3.1", "S26"))]
    if day > PHE_METHOD_END and setting == "hospital_outpatient" and at_home:
        return [("95", "Medicare from 2024: 95 is needed when a hospital-based clinician sees a patient at home",
                 auth("§3.2", "S26"))]
    return []


def audio_only_modifier(p: Profile, setting: str) -> tuple[str, str, Any]:
    if p.family == "medicare" and setting == "rhc_fqhc":
        return ("FQ", "RHC/FQHC report audio-only services with FQ (93 is also accepted)", auth("§3.2", "S28", "S29"))
    return ("93", "93 marks a synchronous audio-only service", auth("§3.2", "S28"))


def rejected_modifiers(p: Profile, day: dt.date) -> list[tuple[str, str, Any]]:
    out = []
    if p.family == "medicare" and day > GT_PROFESSIONAL_END:
        out.append(("GT", "Medicare dropped GT from professional claims on 2018-01-01; since 2018-10-01 it is "
                          "only for CAH Method II institutional claims", auth("§3.2", "S30")))
    if p.family == "medicare" and day > PHE_METHOD_END:
        out.append(("95", "not required by Medicare on POS 02/10 from 2024 (allowed, not required), except a "
                          "hospital-based clinician with the patient at home", auth("§3.2", "S26", "S27")))
    return out


# -- code families ---------------------------------------------------------------------------------
def takes_cpt2025_telemedicine(p: Profile, day: dt.date) -> bool:
    """True when the payer takes 98000-98015 (the generic commercial profile, from 2025)."""
    return p.family == "commercial" and day >= CPT2025


def audio_only_em_allowed(p: Profile, day: dt.date, at_home: bool, behavioral: bool) -> tuple[bool, str, Any]:
    """May an office E/M code (99202-99215) be billed for an audio-only visit (with 93/FQ)?"""
    if p.family == "medicaid":
        return False, "the EXAMPLE Medicaid profile does not pay audio-only E/M", auth("§3.4")
    if p.family == "commercial":
        return day >= D(2022, 1, 1), "commercial payers accept 93 on audio-only E/M (CPT Appendix T, 2022+)", auth(
            "§3.2", "S28")
    if behavioral and day >= D(2022, 1, 1) and at_home:
        return True, "Medicare: audio-only mental/behavioral health to the home from 2022 (93)", auth("§3.2", "S28")
    if day >= CPT2025 and at_home:
        return True, ("Medicare from the CY2025 rule: audio-only is allowed for a patient at home when the "
                      "practitioner can do video but the patient cannot or will not (93)"), auth("§3.8", "S28")
    if day >= CPT2025:
        return False, "Medicare allows audio-only telehealth only with the patient at home", auth("§3.8", "S28")
    return False, "Medicare before 2025 allowed audio-only office E/M only for behavioral health (from 2022)", auth(
        "§3.2", "S28")


def telephone_em_allowed(p: Profile, day: dt.date) -> tuple[bool, str, Any]:
    """Telephone E/M 99441-99443 (CPT 2008 to 2024-12-31)."""
    if day >= CPT2025:
        return False, "99441-99443 were deleted from CPT on 2025-01-01", auth("§3.4", "S32")
    if p.family == "medicare" and day < FLEX_START:
        return False, "Medicare did not pay the telephone E/M codes before the PHE", auth("§3.4", "S32")
    if p.family == "medicaid":
        return False, "the EXAMPLE Medicaid profile does not pay telephone E/M", auth("§3.4")
    return True, "telephone E/M by the practitioner's time (5-10 / 11-20 / 21-30 min)", auth("§3.4", "S32")


def prolonged(p: Profile, day: dt.date) -> tuple[str, dict[str, int], str, Any] | None:
    """(code, {base code: first minute of unit 1}, why, authority), or None before 2021."""
    if day < D(2021, 1, 1):
        return None
    if p.family == "medicare":
        return ("G2212", {"99205": 89, "99215": 69},
                "Medicare prolonged service G2212: per full 15 minutes beyond the top of the old time range "
                "(99205 from 89 min, 99215 from 69)", auth("§3.3", "S37"))
    return ("99417", {"99205": 75, "99215": 55, "98003": 75, "98007": 55, "98011": 75, "98015": 55},
            "CPT prolonged service 99417: per full 15 minutes beyond the level's threshold (99205 from 75 min, "
            "99215 from 55)", auth("§3.3", "S37"))


# -- communication technology services (not telehealth) -------------------------------------------------
def ctbs_pos(p: Profile, setting: str) -> tuple[str, str, Any]:
    pos = IN_PERSON_POS[setting]
    return pos, (f"not a telehealth service: report the practice's own POS ({pos}), never 02/10, and no 95"), auth(
        "§3.1", "S33")


def g_codes_for_e_visits(p: Profile, day: dt.date) -> bool:
    """Medicare used G2061-G2063 for non-physician e-visits in 2020 (year of the switch: rules.md I)."""
    return p.family == "medicare" and day < D(2021, 1, 1)

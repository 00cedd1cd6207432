"""Home-health visit (UB-04/837I, TOB 32X): discipline + purpose + date -> one discipline G-code,
its revenue code and the 15-minute units (rules.md §1.3-§1.6).

One visit is one line with exactly one G-code: the service the clinician spent most of the visit
on (§1.3). The site-of-service Q-code line (§1.6) is suggested too: the claim needs it once, on
the first visit's revenue code and date (and again when the location changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

D = dt.date
OPEN = D(9999, 12, 31)
G_CODES_FROM = D(2011, 1, 1)  # the CR 7182 code set (rules.md §1.5)
Q_CODES_FROM = D(2013, 7, 1)

#: G-code windows (rules.md §1.5): code -> (from, through, rules.md sources)
WINDOWS: dict[str, tuple[dt.date, dt.date, tuple[str, ...]]] = {
    "G0151": (G_CODES_FROM, OPEN, ("S1", "S12")),
    "G0152": (G_CODES_FROM, OPEN, ("S1", "S12")),
    "G0153": (G_CODES_FROM, OPEN, ("S1", "S12")),
    "G0154": (G_CODES_FROM, D(2015, 12, 31), ("S1",)),
    "G0155": (G_CODES_FROM, OPEN, ("S1",)),
    "G0156": (G_CODES_FROM, OPEN, ("S1",)),
    "G0157": (G_CODES_FROM, OPEN, ("S12",)),
    "G0158": (G_CODES_FROM, OPEN, ("S12",)),
    "G0159": (G_CODES_FROM, OPEN, ("S12",)),
    "G0160": (G_CODES_FROM, OPEN, ("S12",)),
    "G0161": (G_CODES_FROM, OPEN, ("S12",)),
    "G0162": (G_CODES_FROM, OPEN, ("S1", "S12")),
    "G0163": (G_CODES_FROM, D(2016, 12, 31), ("S1",)),
    "G0164": (G_CODES_FROM, D(2016, 12, 31), ("S1",)),
    "G0299": (D(2016, 1, 1), OPEN, ("S1",)),
    "G0300": (D(2016, 1, 1), OPEN, ("S1",)),
    "G0493": (D(2017, 1, 1), OPEN, ("S1",)),
    "G0494": (D(2017, 1, 1), OPEN, ("S1",)),
    "G0495": (D(2017, 1, 1), OPEN, ("S1",)),
    "G0496": (D(2017, 1, 1), OPEN, ("S1",)),
    "G2168": (D(2020, 1, 1), OPEN, ("S13",)),
    "G2169": (D(2020, 1, 1), OPEN, ("S13",)),
}

#: (discipline, purpose) -> candidate codes in order of preference; the first valid on the date wins.
#: ``None`` purpose = any purpose not listed.
CANDIDATES: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("RN", "direct_care"): ("G0299", "G0154"),
    ("LPN", "direct_care"): ("G0300", "G0154"),
    ("RN", "observation_assessment"): ("G0493", "G0163"),
    ("LPN", "observation_assessment"): ("G0494", "G0163"),
    ("RN", "training_education"): ("G0495", "G0164"),
    ("LPN", "training_education"): ("G0496", "G0164"),
    ("RN", "management_evaluation"): ("G0162",),
    ("PT", "maintenance"): ("G0159",),
    ("PT", None): ("G0151",),
    ("OT", "maintenance"): ("G0160",),
    ("OT", None): ("G0152",),
    ("SLP", "maintenance"): ("G0161",),
    ("SLP", None): ("G0153",),
    ("PTA", "maintenance"): ("G2168",),
    ("PTA", None): ("G0157",),
    ("OTA", "maintenance"): ("G2169",),
    ("OTA", None): ("G0158",),
    ("MSW", None): ("G0155",),
    ("aide", None): ("G0156",),
}

REVENUE = {
    "RN": "0551",
    "LPN": "0551",
    "PT": "0421",
    "PTA": "0421",
    "OT": "0431",
    "OTA": "0431",
    "SLP": "0441",
    "MSW": "0561",
    "aide": "0571",
}
FAMILY_NAME = {
    "0551": "skilled nursing (055X)",
    "0421": "physical therapy (042X)",
    "0431": "occupational therapy (043X)",
    "0441": "speech-language pathology (044X)",
    "0561": "medical social services (056X)",
    "0571": "home health aide (057X)",
}
SITE_Q = {"home": "Q5001", "assisted_living": "Q5002", "other": "Q5009"}
PURPOSE_WORDS = {
    "direct_care": "direct care",
    "observation_assessment": "observation and assessment",
    "training_education": "training/education",
    "management_evaluation": "management and evaluation of the plan of care",
    "maintenance": "a maintenance program",
}


def units_for(minutes: int) -> int:
    """15-minute units of a visit: at least 1, then the nearest increment (8+ minutes round up)."""
    return max(1, (minutes + 7) // 15)


def valid_on(code: str, day: dt.date) -> bool:
    start, end, _ = WINDOWS[code]
    return start <= day <= end


def _window_text(code: str) -> str:
    start, end, _ = WINDOWS[code]
    return f"valid {start}" + (f" to {end}" if end != OPEN else " onward")


def candidates(discipline: str, purpose: str) -> tuple[str, ...]:
    return CANDIDATES.get((discipline, purpose)) or CANDIDATES.get((discipline, None)) or ()


def select(enc: Any, ans: Answer) -> None:
    day, disc, purpose = enc.date, enc.discipline, enc.purpose or "direct_care"
    if enc.purpose is None:
        ans.note("purpose not given: taken as direct_care (give 'purpose' for nursing and therapy visits)")
    if day < G_CODES_FROM:
        ans.nothing(
            f"visits before {G_CODES_FROM} used an older G-code set that teleclaim does not model "
            "(teleclaim's G-codes start with the CR 7182 set of 2011: S12 HEALTHCAREfirst, New G-code reporting)",
            auth("§1.5", "S12"),
        )
        return
    if enc.payer != "medicare":
        ans.note(
            f"payer {enc.payer!r}: the codes follow Medicare home-health billing (S1 CGS Home Health Billing "
            "Codes); other "
            "payers may use their own visit codes"
        )
    cands = candidates(disc, purpose)
    if not cands:
        why = {
            ("LPN", "management_evaluation"): "management and evaluation of the plan of care (G0162) is an RN "
            "service; an LPN visit is coded by what the LPN did (direct care, observation/assessment, "
            "training/education)"
        }.get(
            (disc, purpose),
            f"no home-health G-code for a {disc} visit for {PURPOSE_WORDS[purpose]}: maintenance "
            "program codes exist only for therapists and therapy assistants (G0159-G0161, G2168/G2169)",
        )
        ans.reject("G0162" if purpose == "management_evaluation" else "-", why, auth("§1.5", "S1"))
        ans.nothing(why, auth("§1.5", "S1"))
        return
    chosen = None
    for code in cands:
        start, end, srcs = WINDOWS[code]
        if start <= day <= end:
            if chosen is None:
                chosen = code
            continue
        if day > end:
            ans.reject(
                code,
                f"{code} ended {end} (not for visits on or after {end + dt.timedelta(days=1)})",
                auth("§1.5", *srcs),
            )
        else:
            ans.reject(code, f"{code} starts {start} (not valid on {day})", auth("§1.5", *srcs))
    if chosen is None:
        if disc in ("PTA", "OTA") and purpose == "maintenance":
            ther = {"PTA": ("PT", "G0159"), "OTA": ("OT", "G0160")}[disc]
            ans.nothing(
                f"before 2020-01-01 a maintenance program visit was not billable when an assistant ({disc}) "
                f"furnished it: G2168/G2169 start with services from 2020-01-01 (CR 11721); until then the "
                f"qualified therapist ({ther[0]}, {ther[1]}) had to deliver it",
                auth("§1.5", "S13"),
            )
            return
        ans.nothing(f"no G-code for a {disc} visit for {PURPOSE_WORDS[purpose]} is valid on {day}", auth("§1.5", "S1"))
        return
    if disc in ("MSW", "aide") and purpose not in ("direct_care",):
        ans.note(f"{disc} visits have one G-code whatever the purpose; the purpose does not change the code")
    if disc in ("PT", "OT", "SLP", "PTA", "OTA") and purpose not in ("direct_care", "maintenance"):
        ans.note(
            "therapy visits are coded G0151-G0153 (assistants G0157/G0158) whatever the visit's focus, "
            "except establishing or delivering a maintenance program"
        )
    srcs = WINDOWS[chosen][2]
    rev = REVENUE[disc]
    units = units_for(enc.minutes)
    reason = (
        f"{disc} visit for {PURPOSE_WORDS[purpose]} on {day}: {chosen} ({_window_text(chosen)}); one visit "
        "is one line with exactly one G-code, the service that took most of the visit"
    )
    ans.line(
        chosen,
        date=day,
        role="visit",
        units=units,
        reason=reason,
        authority=auth("§1.5, §1.3", *srcs),
        revenue_code=(
            rev,
            f"{FAMILY_NAME[rev]}: the revenue family of {disc} visits, subcode 1 (visit charge)",
            auth("§1.3", "S1"),
        ),
        units_reason=(
            f"{enc.minutes} min -> {units} unit(s): at least 1, then the nearest 15-minute increment "
            "(8 minutes or more round up)",
            auth("§1.4", "S24"),
        ),
    )
    for other in sorted({c for k, v in CANDIDATES.items() if k[0] == disc for c in v} - set(cands)):
        if valid_on(other, day):
            ans.reject(
                other,
                f"{other} is the {disc} code for another purpose than {PURPOSE_WORDS[purpose]}",
                auth("§1.5", *WINDOWS[other][2]),
            )
    if day >= Q_CODES_FROM:
        q = SITE_Q[enc.location]
        ans.line(
            q,
            date=day,
            role="site_of_service",
            units=1,
            reason=(
                f"site of service {enc.location.replace('_', ' ')}: {q}; one line per claim on the first "
                "visit's revenue code and date, and again when the location changes (periods from "
                "2013-07-01), nominal charge"
            ),
            authority=auth("§1.6", "S11"),
            revenue_code=(rev, "the same revenue code as the first billable visit", auth("§1.6", "S11")),
            units_reason=("always 1 unit", auth("§1.6", "S11")),
        )

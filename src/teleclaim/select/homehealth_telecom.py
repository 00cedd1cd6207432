"""Home-health telecommunication lines (837I, TOB 32X): G0320 audio-video, G0321 audio-only,
G0322 remote patient monitoring (rules.md §2).

They are reporting lines, not visits: dated, under the revenue code of the discipline that
furnished the service, 1 unit per G0320/G0321 service, and one G0322 line per period dated with
the first monitoring day whose units are the number of days monitored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.select._result import Answer
from teleclaim.select._sources import auth
from teleclaim.select.homehealth_visit import FAMILY_NAME, REVENUE

TELECOM_FROM = dt.date(2023, 1, 1)
MANDATORY_FROM = dt.date(2023, 7, 1)
CODES = {"audio_video": "G0320", "audio_only": "G0321", "remote_monitoring": "G0322"}
WORDS = {
    "audio_video": "real-time two-way audio-video",
    "audio_only": "real-time audio-only (telephone)",
    "remote_monitoring": "remote patient monitoring (data collected by the patient and sent to the agency)",
}


def select(enc: Any, ans: Answer) -> None:
    day, mode = enc.date, enc.mode
    code = CODES[mode]
    a = auth("§2", "S4")
    if day < TELECOM_FROM:
        ans.reject(code, f"{code} exists from {TELECOM_FROM} (CR 12805)", auth("§2", "S4", "S6"))
        ans.nothing(
            f"home-health telecommunication lines (G0320-G0322) start with periods of care from "
            f"{TELECOM_FROM}; nothing to report on {day}",
            auth("§2", "S4", "S6"),
        )
        return
    if day < MANDATORY_FROM:
        ans.note(f"reporting was voluntary for periods starting before {MANDATORY_FROM} and is mandatory after")
    ans.note(
        "not a visit: does not count toward the LUPA threshold, outliers or eligibility, and cannot replace "
        "a plan-of-care visit; the period claim still needs its in-person visits"
    )
    rev = REVENUE[enc.discipline]
    if mode == "remote_monitoring":
        units = enc.days
        units_reason = (
            f"{units} day(s) monitored: G0322 units are the number of monitoring days in the period; "
            "one line per period, dated with the first monitoring day",
            auth("§2", "S4", "S5"),
        )
        ans.note(
            "if several disciplines use the monitoring data, report one G0322 line under one of their revenue codes"
        )
    else:
        units = 1
        units_reason = (
            f"{code} is reported 1 unit per service, not in 15-minute increments"
            + (f" (the {enc.minutes} min do not change it)" if enc.minutes else ""),
            a,
        )
    for other_mode, other in CODES.items():
        if other != code:
            ans.reject(other, f"{other} is for {WORDS[other_mode]}", a)
    ans.line(
        code,
        date=day,
        role="telecom",
        units=units,
        reason=f"{enc.discipline} service by {WORDS[mode]}: {code}",
        authority=a,
        units_reason=units_reason,
        revenue_code=(
            rev,
            f"telecom lines go under the revenue code of the discipline that furnished the service: {FAMILY_NAME[rev]}",
            a,
        ),
    )

"""Remote physiologic (RPM) and therapeutic (RTM) monitoring summaries -> codes (rules.md §3.6, §3.7).

Device supply counts days with data in the 30-day period from ``period_start`` (default the
month's first day): 16-30 days -> 99454 / 98976-98978; 2-15 days -> 99445 / 98984-98986 (from
2026). Management time counts in the calendar month ``month`` and needs at least one real-time
interactive communication: 20 min -> 99457 / 98980, each further full 20 min -> 99458 / 98981;
10-19 min -> 99470 / 98979 (from 2026). Set-up (99453 / 98975) once per episode.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, NotRequired, TypedDict

from teleclaim.select import _payer as P
from teleclaim.select._common import ASSISTANTS, THERAPY_MODIFIER, therapy_modifiers
from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

D = dt.date
Y2026 = D(2026, 1, 1)

#: the codes of RPM or RTM and their start dates (RTM's device codes depend on the device: RTM_DEVICE*)
_Codes = TypedDict(
    "_Codes",
    {
        "from": dt.date,
        "setup": str,
        "device16": NotRequired[str],
        "device2": NotRequired[str],
        "mgmt20": str,
        "mgmt_add": str,
        "mgmt10": str,
        "section": str,
        "add_from": dt.date,
    },
)

RPM: _Codes = {
    "from": D(2019, 1, 1),
    "setup": "99453",
    "device16": "99454",
    "device2": "99445",
    "mgmt20": "99457",
    "mgmt_add": "99458",
    "mgmt10": "99470",
    "section": "§3.6",
    "add_from": D(2020, 1, 1),
}
RTM_DEVICE16 = {
    "respiratory": ("98976", D(2022, 1, 1)),
    "musculoskeletal": ("98977", D(2022, 1, 1)),
    "cbt": ("98978", D(2023, 1, 1)),
}
RTM_DEVICE2 = {"respiratory": "98984", "musculoskeletal": "98985", "cbt": "98986"}
RTM: _Codes = {
    "from": D(2022, 1, 1),
    "setup": "98975",
    "mgmt20": "98980",
    "mgmt_add": "98981",
    "mgmt10": "98979",
    "section": "§3.7",
    "add_from": D(2022, 1, 1),
}


def select(enc: Any, ans: Answer) -> None:
    rtm = enc.kind == "rtm"
    t = RTM if rtm else RPM
    sec = t["section"]
    a = auth(sec, "S35")
    P.profile(enc.payer)  # validates the payer name
    month0 = enc.month_start
    month_end = month0.replace(day=calendar.monthrange(month0.year, month0.month)[1])
    start = enc.period_start or month0
    end = start + dt.timedelta(days=29)
    name = "RTM" if rtm else "RPM"
    if enc.clinician in ASSISTANTS:
        ans.note(f"{enc.clinician} time counts under the supervising therapist, who bills")
    if not rtm and enc.clinician in ("PT", "OT", "SLP", "PTA", "OTA"):
        ans.nothing("RPM codes are billed by physicians/NPPs; therapists bill remote therapeutic monitoring (RTM)", a)
        return
    if max(start, month0) < t["from"]:
        ans.nothing(f"{name} codes start {t['from']}", a)
        return
    if start > month_end or end < month0:
        ans.note(f"the 30-day device period {start}..{end} does not overlap the management month {enc.month}")
    ans.note(
        f"{name} is not a telehealth service (no POS 02/10, no 95); established patient after the PHE; only one "
        "practitioner bills the device codes per patient per 30 days; RPM and RTM not for the same period"
    )
    pos = P.ctbs_pos(P.profile(enc.payer), enc.setting, enc.campus)
    mods = therapy_modifiers(enc.clinician, f"{name}") if rtm else []
    if rtm and enc.clinician not in THERAPY_MODIFIER:
        mods = []

    # -- device supply (30-day period) ---------------------------------------------------------------
    days = enc.days_with_data
    if rtm:
        dev16, dev16_from = RTM_DEVICE16[enc.device]
        dev2 = RTM_DEVICE2[enc.device]
    else:
        dev16, dev16_from, dev2 = t["device16"], t["from"], t["device2"]
    if days >= 16:
        if start >= dev16_from:
            ans.line(
                dev16,
                date=start,
                date_to=end,
                role="device",
                pos=pos,
                modifiers=mods,
                reason=f"{days} days with data in the 30-day period {start}..{end}: {dev16} (16-30 days)",
                authority=a,
                units_reason=("once per 30-day period", a),
            )
            ans.reject(dev2, f"{dev2} is for 2-15 days and never with {dev16} in the same 30 days", a)
        else:
            ans.reject(dev16, f"{dev16} starts {dev16_from}", a)
    elif days >= 2:
        if start >= Y2026:
            ans.line(
                dev2,
                date=start,
                date_to=end,
                role="device",
                pos=pos,
                modifiers=mods,
                reason=f"{days} days with data in the 30-day period {start}..{end}: {dev2} (2-15 days, from 2026)",
                authority=a,
                units_reason=("once per 30-day period", a),
            )
            if rtm:
                ans.note(
                    "the device mapping of 98984-98986 (respiratory / musculoskeletal / CBT) is not verified "
                    "(confidence I: inferred, not verified in a source; S35 RPM/RTM 2026: Rimidi lists the codes)"
                )
        else:
            ans.reject(dev2, f"{dev2} (2-15 days) exists only from 2026-01-01", a)
        ans.reject(dev16, f"{dev16} needs at least 16 days with data in the 30-day period ({days} given)", a)
    else:
        ans.reject(dev16, f"{days} day(s) with data: device supply needs 16 (or 2 from 2026)", a)

    # -- set-up (once per episode) -------------------------------------------------------------------
    setup = t["setup"]
    if enc.setup:
        if days >= 16:
            ans.line(
                setup,
                date=start,
                role="setup",
                pos=pos,
                modifiers=mods,
                authority=a,
                reason=f"device set-up and patient education: {setup}, once per episode of care",
                units_reason=("once per episode", a),
            )
            if not rtm:
                ans.note(
                    "99453 is taken to need 16 days of data; a 2026 change to 2 days is not verified in a source "
                    "(confidence I: inferred; S35 RPM/RTM 2026: Rimidi)"
                )
        else:
            ans.reject(setup, f"{setup} is billed once per episode after at least 16 days of data ({days} given)", a)
            if not rtm and start >= Y2026:
                ans.note(
                    "99453 is taken to need 16 days of data; a 2026 change to 2 days is not verified "
                    "(confidence I: inferred; S35 RPM/RTM 2026: Rimidi), so this rejection rests on an unverified "
                    "2026 threshold"
                )

    # -- management time (calendar month) ------------------------------------------------------------
    mins = enc.management_minutes
    m20, madd, m10 = t["mgmt20"], t["mgmt_add"], t["mgmt10"]
    if mins <= 0:
        pass
    elif not enc.interactive:
        ans.reject(
            m20,
            "treatment management needs at least one real-time interactive communication with the patient in the month",
            a,
        )
    elif mins >= 20:
        ans.line(
            m20,
            date=month0,
            date_to=month_end,
            role="management",
            pos=pos,
            modifiers=mods,
            authority=a,
            reason=f"{mins} min of treatment management in {enc.month} with interactive communication: {m20} "
            "(first 20 min)",
            units_reason=("once per calendar month", a),
        )
        extra = blocks = (mins - 20) // 20
        cap = _unit_cap(madd, month0)
        if cap is not None and extra > cap.max_units:
            extra = cap.max_units  # never suggest more units than a limit we know
            ans.note(
                f"{mins} min give {blocks} further 20-minute blocks, but {madd} is limited to {cap.max_units} "
                f"unit(s) per date of service (MUE, MAI {cap.mai}; confidence {cap.confidence}): "
                f"{extra} suggested, the remaining time is not billable"
            )
        if extra and month0 >= t["add_from"]:
            ans.line(
                madd,
                date=month0,
                date_to=month_end,
                role="management_add_on",
                units=extra,
                pos=pos,
                modifiers=mods,
                authority=a,
                reason=f"each additional full 20 min beyond the first 20: {madd} (only with {m20})",
                units_reason=(
                    f"{mins} min: {blocks} further full 20-minute block(s)"
                    + (f", capped at the unit limit {extra}" if extra != blocks else ""),
                    a,
                ),
            )
        elif mins - 20 > 0:
            ans.reject(madd, f"{madd} needs a further full 20 minutes ({mins} min given)", a)
        if month0 >= Y2026:
            ans.reject(m10, f"{m10} (10-19 min) is never billed with {m20} in the same month", a)
    elif mins >= 10:
        if month0 >= Y2026:
            ans.line(
                m10,
                date=month0,
                date_to=month_end,
                role="management",
                pos=pos,
                modifiers=mods,
                authority=a,
                reason=f"{mins} min of treatment management in {enc.month}: {m10} (10-19 min, from 2026)",
                units_reason=("once per calendar month", a),
            )
        else:
            ans.reject(m10, f"{m10} (10-19 min) exists only from 2026-01-01", a)
        ans.reject(m20, f"{m20} needs 20 minutes in the calendar month ({mins} given)", a)
    else:
        ans.reject(
            m20,
            f"{mins} min of management: below the 10-minute minimum ({m10} from 2026) and the 20 minutes of {m20}",
            a,
        )
    if not ans.lines:
        ans.nothing(f"nothing billable for this {name} month: " + "; ".join(r["why"] for r in ans.rejected), a)


def _unit_cap(code: str, on: dt.date) -> Any:
    """The per-day unit limit of ``code`` on ``on`` that teleclaim ships (refdata/data/codes), or None."""
    from teleclaim.refdata.code_sets import limit_for, limits_by_code, shipped_unit_limits

    lims = list(limit_for(limits_by_code(shipped_unit_limits()), code, on))
    return min(lims, key=lambda x: x.max_units) if lims else None

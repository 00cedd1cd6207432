"""Online digital E/M (e-visits): patient-initiated portal interactions -> the billable 7-day
windows and their codes, or why none is billable (rules.md §3.5).

A window opens on the day of the first interaction not already in a window and covers that day
and the six days after; the clinician's minutes over the window are summed and reported once:
5-10 / 11-20 / 21+ minutes -> 99421/99422/99423 (physicians/NPPs) or 98970/98971/98972 (qualified
non-physician professionals; Medicare used G2061-G2063 in 2020). A window that starts within 7 days
after a related E/M, or that contains an E/M by the clinician (related or not), is not billed separately.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.select import _payer as P
from teleclaim.select._common import ASSISTANTS, EM_CAPABLE, therapy_modifiers
from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

EVISITS_FROM = dt.date(2020, 1, 1)
BANDS = ((5, 0, "5-10"), (11, 1, "11-20"), (21, 2, "21 or more"))
CODES = {"em": ("99421", "99422", "99423"), "qnhp": ("98970", "98971", "98972"), "qnhp_g": ("G2061", "G2062", "G2063")}


def windows(interactions: list[Any], local_date: Any = None) -> list[tuple[dt.date, dt.date, list[Any]]]:
    """Group interactions into 7-day windows (first day + six days) by their local dates."""
    local_date = local_date or (lambda at: at.date())
    out: list[tuple[dt.date, dt.date, list[Any]]] = []
    for it in sorted(interactions, key=lambda x: (local_date(x.at), x.at.replace(tzinfo=None))):
        day = local_date(it.at)
        if out and day <= out[-1][1]:
            out[-1][2].append(it)
        else:
            out.append((day, day + dt.timedelta(days=6), [it]))
    return out


def select(enc: Any, ans: Answer) -> None:
    p = P.profile(enc.payer)
    a = auth("§3.5", "S33")
    if enc.clinician in ASSISTANTS:
        ans.nothing(f"{enc.clinician}s do not bill e-visits on their own; the supervising therapist reports them", a)
        return
    first = min(enc.local_date(it.at) for it in enc.interactions)
    if first < EVISITS_FROM:
        ans.nothing(f"the online digital E/M codes start {EVISITS_FROM} (99444 before, not modelled)", a)
        return
    if enc.timezone is None and any(it.at.tzinfo is not None for it in enc.interactions):
        ans.note(
            "timestamps with an offset are counted on the date in that offset; give 'timezone' (the "
            "practice's IANA zone) or local times without an offset to count in the practice's own time"
        )
    ans.note(
        "e-visits are not telehealth services: no POS 02/10, no modifier 95; Medicare requires the "
        "patient's consent and an established patient"
    )
    pos = P.ctbs_pos(p, enc.setting, enc.campus)
    for start, end, items in windows(enc.interactions, enc.local_date):
        day = start
        minutes = sum(it.minutes for it in items)
        if enc.clinician in EM_CAPABLE:
            family = "em"
        elif P.g_codes_for_e_visits(p, day):
            family = "qnhp_g"
        else:
            family = "qnhp"
        codes = CODES[family]
        label = f"window {start}..{end} ({len(items)} interaction(s), {minutes} min)"
        related = [d for d in enc.related_em_dates if 0 <= (start - d).days <= 7]
        # an E/M inside the window absorbs the online time whatever its problem (rules.md §3.5)
        inside = sorted(d for d in (*enc.related_em_dates, *enc.other_em_dates) if start <= d <= end)
        if related:
            ans.reject(
                codes[0],
                f"{label}: starts within 7 days after a related E/M on {related[0]}; the "
                "online time belongs to that visit",
                a,
            )
            continue
        if inside:
            ans.reject(
                codes[0],
                f"{label}: an E/M on {inside[0]} falls inside the window; the online time is folded into that visit",
                a,
            )
            continue
        chosen = None
        for lo, idx, rng in BANDS:
            if minutes >= lo:
                chosen = (codes[idx], rng)
        if chosen is None:
            ans.reject(codes[0], f"{label}: less than the 5-minute minimum of cumulative clinician time", a)
            continue
        code, rng = chosen
        who = (
            "a physician/NPP who reports E/M"
            if family == "em"
            else f"a qualified non-physician professional ({enc.clinician})"
        )
        ans.line(
            code,
            date=day,
            date_to=end,
            role="e_visit",
            pos=pos,
            authority=a,
            modifiers=therapy_modifiers(enc.clinician, "online digital E/M"),
            reason=f"{label}: {code} ({rng} min) for {who}; reported once per 7-day window",
            units_reason=("once per 7-day window, for the cumulative time", a),
        )
    if ans.lines and enc.clinician in EM_CAPABLE:
        ans.reject("98970-98972", "for qualified non-physician professionals who cannot report E/M", a)
    elif ans.lines:
        ans.reject("99421-99423", "for physicians and NPPs who report E/M", a)
    if not ans.lines:
        ans.nothing(
            "no 7-day window is billable: "
            + "; ".join(r["why"] for r in ans.rejected if r["code"] in sum(CODES.values(), ())),
            a,
        )

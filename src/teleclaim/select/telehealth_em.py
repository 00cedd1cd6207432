"""Professional telehealth E/M (837P): new or established, audio-video or audio-only, patient at
home or not, payer and date -> the E/M code (level by MDM or minutes), POS, modifiers and the
prolonged-service code when the minutes reach it (rules.md §3.1-§3.4, §3.8).

Payer-specific choices (POS, modifiers, code family, home as originating site) come from
``_payer``; this module only knows the codes and their levels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.refdata.payers import Profile
from teleclaim.select import _payer as P
from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

D = dt.date
CPT2021 = D(2021, 1, 1)
MDM = ("straightforward", "low", "moderate", "high")
OFFICE = {"new": ("99202", "99203", "99204", "99205"), "established": ("99212", "99213", "99214", "99215")}
#: minimum minutes per level (CPT 2021+; from 2024 "meet or exceed", the same lower bounds)
TIME_2021 = {"new": (15, 30, 45, 60), "established": (10, 20, 30, 40)}
#: typical times of the pre-2021 codes (background knowledge, rules.md confidence I)
TIME_PRE2021 = {
    "new": (("99201", 10), ("99202", 20), ("99203", 30), ("99204", 45), ("99205", 60)),
    "established": (("99212", 10), ("99213", 15), ("99214", 25), ("99215", 40)),
}
CPT2025_BASE = {
    ("new", "audio_video"): 98000,
    ("established", "audio_video"): 98004,
    ("new", "audio_only"): 98008,
    ("established", "audio_only"): 98012,
}
TELEPHONE = ((5, "99441", "5-10"), (11, "99442", "11-20"), (21, "99443", "21-30"))


def _by_time(patient: str, day: dt.date, minutes: int) -> tuple[str | None, str]:
    if day < CPT2021:
        best = None
        for code, t in TIME_PRE2021[patient]:
            if minutes >= t:
                best = (code, t)
        if best is None:
            return None, f"{minutes} min is below the typical time of the lowest level before 2021"
        return best[0], f"{minutes} min reaches the typical time of {best[0]} ({best[1]} min; pre-2021 rules)"
    codes, times = OFFICE[patient], TIME_2021[patient]
    best_i = None
    for i, t in enumerate(times):
        if minutes >= t:
            best_i = i
    if best_i is None:
        who = "a new" if patient == "new" else "an established"
        return None, (
            f"{minutes} min is below the lowest time threshold for {who} patient ({times[0]} min for {codes[0]})"
        )
    return codes[best_i], f"{minutes} min meets the {times[best_i]}-minute threshold of {codes[best_i]}"


def _office_level(enc: Any, day: dt.date) -> tuple[str | None, str, bool]:
    """(code, why, chosen by time) of the office E/M level from MDM and/or minutes."""
    by_mdm = OFFICE[enc.patient][MDM.index(enc.mdm)] if enc.mdm else None
    by_time, time_why = _by_time(enc.patient, day, enc.minutes) if enc.minutes is not None else (None, "")
    if by_mdm and by_time:
        if int(by_time) > int(by_mdm):
            return by_time, f"{time_why} (higher than {by_mdm} from {enc.mdm} MDM; the higher basis is used)", True
        if by_time == by_mdm:  # either basis supports the level: time, so prolonged time can be reported
            return by_time, f"{enc.mdm} medical decision making and {time_why}: both give {by_mdm}", True
        return by_mdm, f"{enc.mdm} medical decision making -> {by_mdm} (time gives {by_time})", False
    if by_mdm:
        return by_mdm, f"{enc.mdm} medical decision making -> {by_mdm}", False
    if by_time:
        return by_time, time_why, True
    return None, time_why, True


def _reject_neighbour(enc: Any, code: str, day: dt.date, ans: Answer) -> None:
    codes = OFFICE[enc.patient]
    if code not in codes or day < CPT2021:
        return
    i = codes.index(code)
    if i + 1 < len(codes):
        nxt = codes[i + 1]
        ans.reject(nxt, f"{nxt} needs {MDM[i + 1]} MDM or {TIME_2021[enc.patient][i + 1]} min", auth("§3.3", "AMA-EM"))


def select(enc: Any, ans: Answer) -> None:
    from teleclaim.clock import today

    p = P.profile(enc.payer)
    day = enc.date
    as_of = enc.as_of or today()
    at_home = enc.patient_location == "home"
    if p.example:
        ans.note(f"payer profile {p.name!r} is an EXAMPLE, not any real state's Medicaid policy")
    if enc.clinician not in ("physician", "NPP"):
        why = (
            f"{enc.clinician} clinicians do not bill E/M codes; use the communication-technology codes "
            "(G2250/G2251, 98970-98972) or their own service codes"
        )
        ans.reject("99202-99215", why, auth("§3.3, §3.5", "S34"))
        ans.nothing(why, auth("§3.3, §3.5", "S34"))
        return
    # originating site
    if at_home:
        ok, why, a = P.home_allowed(p, day, enc.behavioral, as_of)
        if not ok:
            ans.reject("99202-99215", why, a)
            ans.nothing(why, a)
            if day >= D(2019, 1, 1):
                ans.note(
                    "a brief virtual check-in (G2012, 98016 from 2025) or an e-visit is not a telehealth "
                    "service and has no originating-site rule"
                )
            return
    elif p.family == "medicare" and not p.flexibilities_cover(day):
        ans.note(
            "Medicare outside the flexibilities: the originating site must be an eligible facility in an "
            "eligible (rural) area — not checked here; the originating site bills Q3014"
        )
    if enc.setting == "rhc_fqhc" and enc.clinician in ("physician", "NPP"):
        from teleclaim.select import rhc_fqhc

        if rhc_fqhc.select(enc, ans, p, day):
            return
        if p.family == "medicare":
            ans.note(
                "RHC/FQHC mental-health visits by telecommunication are ordinary clinic visits on the "
                "institutional claim, paid at the clinic's own rate (not modelled; confidence I: inferred, not "
                "verified); the line shows "
                "the professional-claim coding and the FQ audio-only modifier"
            )
    pos, pos_why, pos_auth = P.telehealth_pos(p, day, at_home, enc.setting, enc.campus, video=enc.mode == "audio_video")
    posx = (pos, pos_why, pos_auth)
    if day >= D(2025, 1, 1) and p.family == "medicare":
        ans.reject(
            "98000-98015",
            "Medicare does not pay the CPT 2025 telemedicine E/M codes (status I): it uses "
            "99202-99215 with POS 02/10 (and 93 for audio-only)",
            auth("§3.4", "S32"),
        )
    for m, why, a in P.rejected_modifiers(p, day):
        ans.reject(m, why, a)

    if enc.mode == "audio_only" and not P.takes_cpt2025_telemedicine(p, day):
        ok, why, a = P.audio_only_em_allowed(p, day, at_home, enc.behavioral)
        if not ok:
            ans.reject("99202-99215 + 93", why, a)
            tel_ok, twhy, ta = P.telephone_em_allowed(p, day)
            if tel_ok:
                _telephone(enc, ans, day, posx, ta)
                return
            ans.reject("99441-99443", twhy, ta)
            ans.nothing(f"audio-only: {why}; {twhy}", a + ta)
            return
        mods = [P.audio_only_modifier(p, enc.setting)]
        mods[0] = (mods[0][0], f"{mods[0][1]}; {why}", mods[0][2] + a)
        _office(enc, ans, day, posx, mods, p)
        return
    if P.takes_cpt2025_telemedicine(p, day):
        _cpt2025(enc, ans, day, posx, p)
        return
    _office(enc, ans, day, posx, P.video_modifiers(p, day, at_home, enc.setting, pos), p)


def _office(enc: Any, ans: Answer, day: dt.date, posx: Any, mods: list[Any], p: Profile) -> None:
    code, why, timed = _office_level(enc, day)
    if day < CPT2021:
        ans.note(
            "before 2021 the E/M level also rested on history and examination, and time decided it only when "
            "counseling or coordination dominated the visit (typical times; confidence I: background knowledge, "
            "not verified in a source)"
        )
    if code is None:
        ans.reject(OFFICE[enc.patient][0], why, auth("§3.3", "AMA-EM"))
        if enc.patient == "established":
            ans.reject(
                "99211",
                "99211 has no time threshold and needs no practitioner: it cannot be chosen from practitioner minutes",
                auth("§3.3", "AMA-EM"),
            )
        ans.nothing(why, auth("§3.3", "AMA-EM"))
        return
    if day >= CPT2021 and enc.patient == "new" and code == "99202":
        ans.reject("99201", "99201 was deleted on 2021-01-01", auth("§3.3", "S37"))
    telehealth = "audio-only" if enc.mode == "audio_only" else "audio-video"
    reason = f"{enc.patient} patient, {telehealth} telehealth office/outpatient E/M: {why}"
    ans.line(
        code,
        date=day,
        role="em",
        reason=reason,
        authority=auth("§3.3", "AMA-EM", "S37"),
        modifiers=mods,
        pos=posx,
        units_reason=("one E/M per visit", auth("§3.3")),
    )
    _reject_neighbour(enc, code, day, ans)
    _prolonged(enc, ans, day, code, timed, posx, mods, p)


def _cpt2025(enc: Any, ans: Answer, day: dt.date, posx: Any, p: Profile) -> None:
    office, why, timed = _office_level(enc, day)
    if office is None:
        ans.nothing(why, auth("§3.3, §3.4", "S32"))
        return
    idx = OFFICE[enc.patient].index(office)
    code = str(CPT2025_BASE[(enc.patient, enc.mode)] + idx)
    if enc.mode == "audio_only" and enc.minutes is not None and enc.minutes <= 10:
        ans.reject(
            code,
            "the audio-only telemedicine codes need more than 10 minutes of medical discussion",
            auth("§3.4", "S32"),
        )
        ans.nothing(
            "audio-only E/M needs more than 10 minutes of medical discussion; a brief virtual check-in "
            "(98016, 5-10 min, established patient) may fit",
            auth("§3.4", "S32"),
        )
        return
    words = "audio-video" if enc.mode == "audio_video" else "audio-only"
    ans.line(
        code,
        date=day,
        role="em",
        units_reason=("one E/M per visit", auth("§3.4")),
        pos=posx,
        reason=(
            f"{enc.patient} patient, {words} telemedicine E/M: {why}; {p.label} takes the CPT 2025 "
            f"telemedicine codes ({code} is the {words} code of that level, no 95/93 needed)"
        ),
        authority=auth("§3.4", "S32"),
    )
    ans.reject(
        office,
        f"{p.label} takes the CPT 2025 telemedicine codes from 2025; {office} with "
        f"{'95' if enc.mode == 'audio_video' else '93'} is the Medicare-style mapping",
        auth("§3.4", "S32"),
    )
    _prolonged(enc, ans, day, code, timed, posx, [], p)


def _telephone(enc: Any, ans: Answer, day: dt.date, posx: Any, a: Any) -> None:
    if enc.patient != "established":
        ans.reject("99441-99443", "telephone E/M codes are for established patients", a)
        ans.nothing(
            "audio-only visit with a new patient: no office E/M by audio-only and the telephone codes are "
            "for established patients",
            a,
        )
        return
    if enc.minutes is None:
        ans.nothing("telephone E/M codes (99441-99443) are chosen by the practitioner's minutes: give 'minutes'", a)
        return
    chosen = None
    for start, code, rng in TELEPHONE:
        if enc.minutes >= start:
            chosen = (code, rng)
    if chosen is None:
        ans.reject("99441", "needs at least 5 minutes of medical discussion", a)
        ans.nothing(f"{enc.minutes} min of telephone discussion is below the 5-minute minimum of 99441", a)
        return
    code, rng = chosen
    ans.line(
        code,
        date=day,
        role="em",
        pos=posx,
        units_reason=("one per call", a),
        authority=a,
        reason=f"audio-only visit before 2025 outside the audio-only E/M rules: telephone E/M {code} "
        f"({rng} min; {enc.minutes} min)",
    )


def _prolonged(
    enc: Any, ans: Answer, day: dt.date, code: str, timed: bool, posx: Any, mods: list[Any], p: Profile
) -> None:
    rule = P.prolonged(p, day)
    if rule is None or enc.minutes is None:
        return
    pcode, starts, why, a = rule
    other = "99417" if pcode == "G2212" else "G2212"
    if code not in starts:
        return
    if not timed:
        ans.reject(pcode, "prolonged service is added only when the level is chosen by time", a)
        return
    start = starts[code]
    if enc.minutes < start:
        ans.reject(pcode, f"{pcode} with {code} starts at {start} min ({enc.minutes} min given)", a)
        return
    units = (enc.minutes - start) // 15 + 1
    ans.line(
        pcode,
        date=day,
        role="prolonged",
        units=units,
        modifiers=mods,
        pos=posx,
        authority=a,
        reason=f"prolonged service with {code}: {why}",
        units_reason=(f"{enc.minutes} min: unit 1 from {start} min, one more per full 15 minutes", a),
    )
    ans.reject(
        other,
        (
            "Medicare reports prolonged office time with G2212, not 99417"
            if pcode == "G2212"
            else "G2212 is Medicare's prolonged-service code; this payer takes CPT 99417"
        ),
        a,
    )

"""Communication-technology-based services: virtual check-ins and remote evaluations of recorded
video or images (rules.md §3.4, §3.5). Not telehealth: the practice's own POS, no 95.

Who decides the code: clinicians who report E/M (physicians, NPPs) use G2012 (2019-2024) / 98016
(2025+) for 5-10 minutes, G2252 for 11-20 minutes (2021+), G2010 for a remote evaluation; those who
cannot report E/M (therapists, LCSW, psychologists, dietitians) use G2251 and G2250 (2021+), with
GP/GO/GN for therapists. Not billable when related to an E/M in the prior 7 days or when it leads
to an E/M within 24 hours or the soonest appointment; established patients only (Medicare took new
patients under the PHE waivers, 2020-03 to 2023-05-11).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from teleclaim.select import _payer as P
from teleclaim.select._common import ASSISTANTS, EM_CAPABLE, therapy_modifiers
from teleclaim.select._result import Answer
from teleclaim.select._sources import auth

D = dt.date


def _gate(enc: Any, ans: Answer, code_words: str) -> bool:
    a = auth("§3.4, §3.5", "S34")
    if enc.patient != "established":
        ok, why, pa = P.new_patient_ctbs_allowed(P.profile(enc.payer), enc.date)
        if not ok:
            ans.nothing(f"{code_words} are for established patients ({why})", pa)
            return False
        ans.note(why)
    if enc.clinician in ASSISTANTS:
        ans.nothing(f"{enc.clinician}s do not bill {code_words} on their own", a)
        return False
    if enc.related_em_within_7_days:
        ans.nothing(f"related to an E/M in the previous 7 days: the {code_words} are part of that visit", a)
        return False
    if enc.leads_to_em_soon:
        ans.nothing(
            f"leads to an E/M within 24 hours or at the soonest available appointment: the "
            f"{code_words} are part of that visit",
            a,
        )
        return False
    return True


def select_check_in(enc: Any, ans: Answer) -> None:
    p = P.profile(enc.payer)
    day, mins = enc.date, enc.minutes
    a = auth("§3.5", "S34")
    if not _gate(enc, ans, "virtual check-ins"):
        return
    ans.note("not a telehealth service: no POS 02/10, no modifier 95; Medicare requires the patient's consent")
    pos = P.ctbs_pos(p, enc.setting, enc.campus)
    if mins < 5:
        ans.nothing(f"{mins} min is below the 5-minute minimum of a virtual check-in", a)
        return
    if enc.clinician in EM_CAPABLE:
        if day < D(2019, 1, 1):
            ans.nothing("virtual check-ins exist from 2019-01-01 (G2012)", a)
            return
        brief = "98016" if day >= D(2025, 1, 1) else "G2012"
        if mins >= 11 and day >= D(2021, 1, 1):
            code, why = (
                "G2252",
                f"{mins} min: the longer virtual check-in G2252 (11-20 min) for a clinician who reports E/M",
            )
            if mins > 20:
                why += "; time beyond 20 min does not change the code"
            ans.reject(brief, f"{brief} covers 5-10 minutes of discussion", auth("§3.4, §3.5", "S32", "S34"))
            if day >= D(2025, 1, 1):
                ans.note("G2252's Medicare status in 2025-2026 is not confirmed (not verified, I: taken as active)")
        else:
            code = brief
            why = f"{mins} min: brief virtual check-in {code} (5-10 min) for a clinician who reports E/M"
            if mins > 10:
                why += "; G2252 (11-20 min) exists only from 2021"
            if brief == "98016":
                ans.reject("G2012", "G2012 was deleted on 2025-01-01 and replaced by 98016", auth("§3.4", "S32"))
            else:
                ans.reject("98016", "98016 replaces G2012 only from 2025-01-01", auth("§3.4", "S32"))
            if day >= D(2021, 1, 1):
                ans.reject("G2252", "G2252 is for 11-20 minutes", a)
        ans.reject("G2251", "G2251 is for clinicians who cannot report E/M", a)
        ans.line(
            code,
            date=day,
            role="check_in",
            pos=pos,
            reason=why,
            authority=auth("§3.4, §3.5", "S32", "S34"),
            units_reason=("one per check-in", a),
        )
        return
    if day < D(2021, 1, 1):
        ans.nothing(
            f"virtual check-ins by clinicians who cannot report E/M ({enc.clinician}) start 2021-01-01 (G2251)", a
        )
        return
    ans.reject("G2012/98016/G2252", "for clinicians who report E/M (physicians, NPPs)", a)
    ans.line(
        "G2251",
        date=day,
        role="check_in",
        pos=pos,
        authority=a,
        modifiers=therapy_modifiers(enc.clinician, "a virtual check-in"),
        reason=f"{mins} min virtual check-in by a clinician who cannot report E/M ({enc.clinician}): G2251",
        units_reason=("one per check-in", a),
    )


def select_remote_evaluation(enc: Any, ans: Answer) -> None:
    p = P.profile(enc.payer)
    day = enc.date
    a = auth("§3.5", "S34")
    if not _gate(enc, ans, "remote evaluations"):
        return
    ans.note(
        "the follow-up with the patient must come within 24 business hours; not a telehealth service "
        "(no POS 02/10, no 95)"
    )
    pos = P.ctbs_pos(p, enc.setting, enc.campus)
    if enc.clinician in EM_CAPABLE:
        if day < D(2019, 1, 1):
            ans.nothing("remote evaluation of recorded video/images exists from 2019-01-01 (G2010)", a)
            return
        ans.reject("G2250", "G2250 is for clinicians who cannot report E/M", a)
        ans.line(
            "G2010",
            date=day,
            role="remote_evaluation",
            pos=pos,
            authority=a,
            reason="remote evaluation of recorded video/images sent by an established patient, by a clinician "
            "who reports E/M: G2010",
            units_reason=("one per evaluation", a),
        )
        return
    if day < D(2021, 1, 1):
        ans.nothing(
            f"remote evaluations by clinicians who cannot report E/M ({enc.clinician}) start 2021-01-01 (G2250)", a
        )
        return
    ans.reject("G2010", "G2010 is for clinicians who report E/M (physicians, NPPs)", a)
    ans.line(
        "G2250",
        date=day,
        role="remote_evaluation",
        pos=pos,
        authority=a,
        modifiers=therapy_modifiers(enc.clinician, "a remote evaluation"),
        reason=f"remote evaluation of recorded video/images by a clinician who cannot report E/M "
        f"({enc.clinician}): G2250",
        units_reason=("one per evaluation", a),
    )

"""The suggestion and the edits agree: a claim built from suggested lines (``suggest --claim``)
draws no error finding from ``teleclaim.rules.engine.Engine().check``.

Runs across home-health visits of every discipline and purpose over the G-code changes (G0154 to
2015, G0163/G0164 to 2016, G0299/G0300 from 2016, G0493-G0496 from 2017, G2168/G2169 from 2020),
telecom lines with visits, professional E/M over 2019-2026 and payers, every setting (hospital outpatient
on and off campus, RHC/FQHC G2025 claims), e-visits, check-ins,
remote evaluations and RPM/RTM. The code sets are the curated data when the package has them,
else the stand-in of the rule cases (the same choice as the rule tests).
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

import pytest

from teleclaim.model.jsonform import claim_from_json
from teleclaim.rules.engine import Engine
from teleclaim.select import claim_from_suggestions, suggest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from casekit import case_codes  # noqa: E402

DISCIPLINES = ("RN", "LPN", "PT", "PTA", "OT", "OTA", "SLP", "MSW", "aide")
PURPOSES = ("direct_care", "observation_assessment", "training_education", "management_evaluation", "maintenance")
HH_DATES = (
    "2012-05-01",
    "2015-12-31",
    "2016-01-01",
    "2016-12-31",
    "2017-01-01",
    "2019-12-31",
    "2020-01-01",
    "2023-06-15",
    "2024-03-02",
    "2026-02-10",
)


@pytest.fixture(scope="module")
def engine():
    return Engine(codes=case_codes(), as_of=dt.date(2026, 11, 1))


def errors(engine, answers):
    claim = claim_from_suggestions(answers)
    found = engine.check(claim_from_json(claim)) + engine.finish()
    return [f"{f.rule} {f.message}" for f in found if f.severity == "error" and f.status == "failed"], claim


def _hh_encounters():
    for disc, purpose, day in itertools.product(DISCIPLINES, PURPOSES, HH_DATES):
        yield {
            "kind": "home_health_visit",
            "date": day,
            "discipline": disc,
            "purpose": purpose,
            "minutes": 10 + 7 * len(purpose),
        }


def test_every_home_health_visit_suggestion_makes_a_clean_claim(engine):
    billed = 0
    problems = []
    for enc in _hh_encounters():
        ans = suggest(enc)
        if not ans["billable"]:
            continue
        billed += 1
        errs, _ = errors(engine, ans)
        if errs:
            problems.append((enc, errs))
    assert billed > 300
    assert not problems, problems[:5]


@pytest.mark.parametrize("day", ["2023-01-10", "2023-07-05", "2024-03-02", "2026-02-10"])
@pytest.mark.parametrize("visit_disc", ["RN", "PT", "aide"])
def test_period_with_telecom_lines_makes_a_clean_claim(engine, day, visit_disc):
    d0 = dt.date.fromisoformat(day)
    encs = [
        {"kind": "home_health_visit", "date": day, "discipline": visit_disc, "purpose": "direct_care", "minutes": 40},
        {"kind": "home_health_visit", "date": str(d0 + dt.timedelta(days=3)), "discipline": "MSW", "minutes": 60},
        {
            "kind": "home_health_telecom",
            "date": str(d0 + dt.timedelta(days=1)),
            "discipline": "RN",
            "mode": "audio_video",
        },
        {
            "kind": "home_health_telecom",
            "date": str(d0 + dt.timedelta(days=2)),
            "discipline": "OT",
            "mode": "audio_only",
        },
        {
            "kind": "home_health_telecom",
            "date": str(d0 + dt.timedelta(days=1)),
            "discipline": "RN",
            "mode": "remote_monitoring",
            "days": 25,
        },
    ]
    ans = suggest(encs)
    errs, claim = errors(engine, ans)
    assert not errs, errs
    assert {ln["code"] for ln in claim["lines"]} >= {"G0320", "G0321", "G0322"}


SETTINGS = ("office", "rhc_fqhc", "hospital_outpatient")
PAYERS = ("medicare", "commercial", "medicaid_example")
EM_DATES = (
    "2019-06-03",
    "2020-06-01",
    "2021-03-01",
    "2022-06-01",
    "2023-12-29",
    "2024-01-02",
    "2024-12-31",
    "2025-01-01",
    "2025-10-15",
    "2026-01-02",
    "2026-02-01",
    "2026-10-01",
)


def _em_encounters():
    for day, payer, patient, mode, loc, behavioral, level in itertools.product(
        EM_DATES,
        ("medicare", "commercial", "medicaid_example"),
        ("new", "established"),
        ("audio_video", "audio_only"),
        ("home", "other"),
        (False, True),
        ({"mdm": "moderate"}, {"minutes": 95}, {"minutes": 12}),
    ):
        yield {
            "kind": "telehealth_em",
            "date": day,
            "payer": payer,
            "patient": patient,
            "mode": mode,
            "patient_location": loc,
            "behavioral": behavioral,
            **level,
        }
    # every setting and payer (issue 13 item 2): the hospital-based clinician's POS 19/22 with 95 too
    for setting, campus, day, payer, mode, loc in itertools.product(
        SETTINGS, (False, True), EM_DATES, PAYERS, ("audio_video", "audio_only"), ("home", "other")
    ):
        if campus and setting != "hospital_outpatient":
            continue
        enc = {
            "kind": "telehealth_em",
            "date": day,
            "patient": "established",
            "mode": mode,
            "patient_location": loc,
            "setting": setting,
            "campus": campus,
            "payer": payer,
            "minutes": 25,
        }
        yield enc
        if setting == "rhc_fqhc":  # the clinic's 837I: TOB 711 and 771, non-behavioral and mental health
            yield {**enc, "clinic": "fqhc"}
            yield {**enc, "behavioral": True}


def test_every_telehealth_em_suggestion_makes_a_clean_claim(engine):
    billed = 0
    problems = []
    for enc in _em_encounters():
        ans = suggest(enc)
        if not ans["billable"]:
            continue
        billed += 1
        errs, _ = errors(engine, ans)
        if errs:
            problems.append((enc, errs))
    assert billed > 500
    assert not problems, problems[:5]


def _other_professional():
    for clin in ("physician", "NPP", "PT", "OT", "SLP", "LCSW", "psychologist"):
        for first in ("2020-02-03", "2022-05-02", "2026-03-02"):
            d = dt.date.fromisoformat(first)
            yield {
                "kind": "e_visits",
                "clinician": clin,
                "interactions": [
                    {"at": f"{d}T09:00", "minutes": 6},
                    {"at": f"{d + dt.timedelta(days=2)}T10:00", "minutes": 8},
                    {"at": f"{d + dt.timedelta(days=9)}T10:00", "minutes": 25},
                ],
            }
            for minutes in (7, 15):
                yield {"kind": "virtual_check_in", "date": first, "clinician": clin, "minutes": minutes}
            yield {"kind": "remote_evaluation", "date": first, "clinician": clin}
    for kind, month, days, mins in itertools.product(
        ("rpm", "rtm"), ("2022-06", "2025-12", "2026-03"), (9, 20), (15, 45)
    ):
        enc = {
            "kind": kind,
            "month": month,
            "days_with_data": days,
            "management_minutes": mins,
            "interactive": True,
            "setup": True,
        }
        if kind == "rtm":
            enc.update(device="musculoskeletal", clinician="PT")
        yield enc


def _in_every_setting_and_payer(encs):
    for enc in encs:
        for setting, payer in itertools.product(SETTINGS, PAYERS):
            yield {**enc, "setting": setting, "payer": payer}
        yield {**enc, "setting": "hospital_outpatient", "campus": True}


def test_communication_and_monitoring_suggestions_make_clean_claims(engine):
    billed = 0
    problems = []
    for enc in _in_every_setting_and_payer(_other_professional()):
        ans = suggest(enc)
        if not ans["billable"]:
            continue
        billed += 1
        errs, _ = errors(engine, ans)
        if errs:
            problems.append((enc, errs))
    assert billed > 60
    assert not problems, problems[:5]


def test_claim_lines_are_the_suggested_lines():
    ans = suggest(
        {
            "kind": "telehealth_em",
            "date": "2026-03-02",
            "patient": "new",
            "mode": "audio_video",
            "patient_location": "home",
            "minutes": 95,
        }
    )
    claim = claim_from_suggestions(ans)
    assert claim["kind"] == "837P" and claim["facility_code"] == "10"
    assert [(ln["code"], ln["pos"], str(ln["units"])) for ln in claim["lines"]] == [
        ("99205", "10", "1"),
        ("G2212", "10", "1"),
    ]
    ans = suggest({"kind": "home_health_visit", "date": "2026-03-02", "discipline": "PT", "minutes": 38})
    claim = claim_from_suggestions(ans)
    assert claim["kind"] == "837I" and claim["facility_code"] + claim["frequency"] == "329"
    assert [(ln["revenue_code"], ln["code"], str(ln["units"])) for ln in claim["lines"]] == [
        ("0023", "1FC21", "1"),
        ("0421", "G0151", "3"),
        ("0421", "Q5001", "1"),
    ]


def test_telecom_only_is_refused_as_a_claim():
    from teleclaim.errors import InputError

    ans = suggest({"kind": "home_health_telecom", "date": "2026-03-02", "discipline": "RN", "mode": "audio_only"})
    with pytest.raises(InputError, match="in-person visit"):
        claim_from_suggestions(ans)


def test_the_check_is_not_vacuous(engine):
    """Negative control: the same claim with the code of the wrong date draws an error."""
    ans = suggest({"kind": "home_health_visit", "date": "2016-01-04", "discipline": "RN", "minutes": 40})
    claim = claim_from_suggestions(ans)
    assert not [f for f in engine.check(claim_from_json(claim)) if f.severity == "error"]
    claim["lines"][1]["code"] = "G0154"
    assert "HH013" in {f.rule for f in engine.check(claim_from_json(claim)) if f.severity == "error"}


def _professional_grid():
    days = (
        "2016-06-01",
        "2019-06-01",
        "2020-06-01",
        "2022-02-01",
        "2022-06-01",
        "2024-06-01",
        "2025-03-01",
        "2025-10-15",
        "2026-03-01",
        "2028-03-01",
    )
    for payer, mode, loc, day, setting, beh, level in itertools.product(
        ("medicare", "commercial", "medicaid_example"),
        ("audio_video", "audio_only"),
        ("home", "other"),
        days,
        SETTINGS,
        (False, True),
        ({"mdm": "moderate"}, {"minutes": 80}),
    ):
        yield {
            "kind": "telehealth_em",
            "date": day,
            "patient": "established",
            "mode": mode,
            "patient_location": loc,
            "payer": payer,
            "setting": setting,
            "behavioral": beh,
            **level,
        }
        if setting == "hospital_outpatient":
            yield {
                "kind": "telehealth_em",
                "date": day,
                "patient": "established",
                "mode": mode,
                "patient_location": loc,
                "payer": payer,
                "setting": setting,
                "campus": True,
                "behavioral": beh,
                **level,
            }


def test_professional_suggestions_draw_no_telehealth_warning_either(engine):
    """Payer profiles are shared: a suggested telehealth line satisfies the payer's TH edits, warnings too."""
    billed, problems = 0, []
    for enc in _professional_grid():
        ans = suggest(enc)
        if not ans["billable"]:
            continue
        billed += 1
        claim = claim_from_json(claim_from_suggestions(ans))
        found = [
            f"{f.rule} {f.message}"
            for f in engine.check(claim) + engine.finish()
            if f.rule.startswith("TH") and f.status == "failed"
        ]
        if found:
            problems.append((enc, found))
    assert billed > 500
    assert not problems, problems[:3]


@pytest.mark.parametrize("day, conditions", [("2016-06-30", []), ("2016-07-01", ["54"]), ("2024-03-02", ["54"])])
def test_period_without_skilled_visit_takes_condition_54_only_from_july_2016(engine, day, conditions):
    ans = suggest({"kind": "home_health_visit", "date": day, "discipline": "aide", "minutes": 45})
    errs, claim = errors(engine, ans)
    assert claim["conditions"] == conditions
    assert not errs

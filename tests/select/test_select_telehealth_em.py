"""Professional telehealth E/M: level by MDM or minutes, POS and modifiers by payer and date,
home as originating site, audio-only, prolonged service (rules.md §3.1-§3.4, §3.8)."""

from __future__ import annotations

import pytest
from selkit import codes, line, rejected, run


def em(**kw):
    facts = {
        "kind": "telehealth_em",
        "date": "2026-03-02",
        "patient": "established",
        "mode": "audio_video",
        "patient_location": "home",
        "payer": "medicare",
        "mdm": "low",
    }
    facts.update(kw)
    return run(**facts)


@pytest.mark.parametrize(
    "patient,mdm,code",
    [
        ("new", "straightforward", "99202"),
        ("new", "low", "99203"),
        ("new", "moderate", "99204"),
        ("new", "high", "99205"),
        ("established", "straightforward", "99212"),
        ("established", "low", "99213"),
        ("established", "moderate", "99214"),
        ("established", "high", "99215"),
    ],
)
def test_level_by_medical_decision_making(patient, mdm, code):
    assert codes(em(patient=patient, mdm=mdm)) == [code]


@pytest.mark.parametrize(
    "patient,minutes,code",
    [
        ("established", 10, "99212"),
        ("established", 19, "99212"),
        ("established", 20, "99213"),
        ("established", 39, "99214"),
        ("established", 40, "99215"),
        ("new", 15, "99202"),
        ("new", 29, "99202"),
        ("new", 30, "99203"),
        ("new", 59, "99204"),
        ("new", 60, "99205"),
    ],
)
def test_level_by_minutes_at_the_thresholds(patient, minutes, code):
    ans = em(patient=patient, mdm=None, minutes=minutes)
    assert codes(ans) == [code]


@pytest.mark.parametrize("patient,minutes", [("established", 9), ("new", 14)])
def test_below_the_lowest_time_nothing_is_billable(patient, minutes):
    ans = em(patient=patient, mdm=None, minutes=minutes)
    assert not ans["billable"] and ans["lines"] == []
    assert "below the lowest time threshold" in ans["reason"]


def test_the_higher_of_mdm_and_time_wins():
    assert codes(em(mdm="straightforward", minutes=30)) == ["99214"]
    assert codes(em(mdm="high", minutes=12)) == ["99215"]


def test_99201_is_rejected_from_2021():
    assert "99201" in rejected(em(date="2021-01-04", patient="new", mdm="straightforward"))


@pytest.mark.parametrize(
    "date,location,pos,mods",
    [
        ("2019-06-03", "other", "02", []),
        ("2020-06-01", "home", "11", ["95"]),
        ("2023-12-29", "home", "11", ["95"]),
        ("2024-01-02", "home", "10", []),
        ("2024-01-02", "other", "02", []),
        ("2026-03-02", "home", "10", []),
    ],
)
def test_medicare_pos_and_modifiers_by_date(date, location, pos, mods):
    ln = em(date=date, patient_location=location)["lines"][0]
    assert (ln["pos"], ln["modifiers"]) == (pos, mods)
    a = ln["explain"]["pos"]["authority"][0]
    assert a["source"] in ("S25", "S26", "S27", "RULES") and a["title"] and "rules.md" not in str(a)


def test_hospital_based_clinician_with_patient_at_home_adds_95_from_2024():
    ans = em(date="2024-02-01", setting="hospital_outpatient")
    assert ans["lines"][0]["modifiers"] == ["95"] and "95" not in rejected(ans)


def test_medicare_home_before_the_flexibilities_is_not_billable_but_behavioral_after_2027_is():
    ans = em(date="2019-06-03")
    assert not ans["billable"] and "originating site" in ans["reason"]
    assert not em(date="2028-01-03")["billable"]
    assert codes(em(date="2028-01-03", behavioral=True)) == ["99213"]


def test_lapse_judged_by_as_of():
    during = {"date": "2025-10-15"}
    before_cure = em(as_of="2025-10-20", **during)
    assert not before_cure["billable"] and "lapse" in before_cure["reason"]
    assert em(as_of="2025-11-12", **during)["billable"]
    assert em(as_of="2025-10-20", behavioral=True, **during)["billable"]
    assert not em(date="2026-02-01", as_of="2026-02-02")["billable"]
    assert em(date="2026-02-01", as_of="2026-02-03")["billable"]


def test_medicare_rejects_cpt_2025_telemedicine_codes():
    assert "98000-98015" in rejected(em(date="2025-01-02"))
    assert "98000-98015" not in rejected(em(date="2024-12-31"))


def test_commercial_takes_the_2025_telemedicine_codes_from_2025_01_01():
    before = em(payer="commercial", date="2024-12-31", patient="new", mdm="moderate")
    assert codes(before) == ["99204"] and before["lines"][0]["modifiers"] == ["95"]
    after = em(payer="commercial", date="2025-01-01", patient="new", mdm="moderate")
    assert codes(after) == ["98002"] and after["lines"][0]["modifiers"] == []
    assert "99204" in rejected(after)
    assert codes(em(payer="commercial", date="2025-01-01", mode="audio_only", mdm="high")) == ["98015"]


def test_commercial_audio_only_needs_more_than_10_minutes():
    ans = em(payer="commercial", date="2025-06-02", mode="audio_only", mdm=None, minutes=10)
    assert not ans["billable"] and "more than 10 minutes" in ans["reason"]


@pytest.mark.parametrize(
    "date,behavioral,location,expect",
    [
        ("2024-06-03", False, "home", ("99442", [])),  # telephone E/M before 2025
        ("2022-06-01", True, "home", ("99213", ["93"])),  # behavioral audio-only from 2022
        ("2025-01-02", False, "home", ("99213", ["93"])),  # any service to the home from 2025
    ],
)
def test_medicare_audio_only(date, behavioral, location, expect):
    ans = em(date=date, mode="audio_only", behavioral=behavioral, patient_location=location, mdm=None, minutes=20)
    ln = ans["lines"][0]
    assert (ln["code"], ln["modifiers"]) == expect


def test_medicare_audio_only_outside_the_home_from_2025_is_not_billable():
    ans = em(date="2025-01-02", mode="audio_only", patient_location="other")
    assert not ans["billable"] and "99441-99443" in rejected(ans)


def test_telephone_codes_at_their_boundaries():
    def tel(m):
        return codes(em(date="2024-06-03", mode="audio_only", mdm=None, minutes=m))

    assert tel(4) == [] and tel(5) == ["99441"] and tel(10) == ["99441"] and tel(11) == ["99442"]
    assert tel(21) == ["99443"]


def test_rhc_fqhc_audio_only_uses_fq():
    ln = em(date="2025-03-03", mode="audio_only", setting="rhc_fqhc")["lines"][0]
    assert ln["modifiers"] == ["FQ"]


@pytest.mark.parametrize(
    "patient,minutes,units",
    [("new", 88, 0), ("new", 89, 1), ("new", 103, 1), ("new", 104, 2), ("established", 68, 0), ("established", 69, 1)],
)
def test_medicare_prolonged_g2212(patient, minutes, units):
    ans = em(patient=patient, mdm=None, minutes=minutes)
    if units:
        assert line(ans, "G2212")["units"] == units
        assert "99417" in rejected(ans)
    else:
        assert "G2212" not in codes(ans) and "G2212" in rejected(ans)


@pytest.mark.parametrize("minutes,units", [(74, 0), (75, 1), (89, 1), (90, 2)])
def test_commercial_prolonged_99417(minutes, units):
    ans = em(payer="commercial", date="2024-06-03", patient="new", mdm=None, minutes=minutes)
    got = [ln["units"] for ln in ans["lines"] if ln["code"] == "99417"]
    assert got == ([units] if units else [])


def test_no_prolonged_when_level_is_by_mdm():
    ans = em(patient="new", mdm="high", minutes=50)
    assert codes(ans) == ["99205"] and "G2212" in rejected(ans)


@pytest.mark.parametrize(
    "payer,date,patient,minutes,prolonged,units",
    [
        ("medicare", "2026-03-02", "new", 95, "G2212", 1),
        ("medicare", "2026-03-02", "established", 70, "G2212", 1),
        ("commercial", "2024-06-03", "new", 90, "99417", 2),
        ("commercial", "2024-06-03", "established", 55, "99417", 1),
    ],
)
def test_prolonged_when_mdm_and_time_give_the_same_top_level(payer, date, patient, minutes, prolonged, units):
    """High MDM and enough minutes both support 99205/99215: the level stands on time as well, so the
    prolonged time is reported (it is never lost by also having high MDM)."""
    ans = em(payer=payer, date=date, patient=patient, mdm="high", minutes=minutes)
    assert codes(ans)[0] == ("99205" if patient == "new" else "99215")
    assert line(ans, prolonged)["units"] == units


def test_clinicians_who_cannot_bill_em_get_no_em():
    ans = em(clinician="PT")
    assert not ans["billable"] and "G2250" in ans["reason"]


def test_example_medicaid_profile_is_marked_and_uses_gt():
    ans = em(payer="medicaid_example")
    assert ans["lines"][0]["modifiers"] == ["GT"]
    assert any("EXAMPLE" in n for n in ans["notes"])


def test_every_reason_cites_a_shipped_source_by_id_and_title():
    from teleclaim.refdata.sources import sources

    reg = sources()
    for ans in (em(), em(payer="commercial", date="2025-02-03"), em(mdm=None, minutes=75, patient="new")):
        for ln in ans["lines"]:
            assert ln["reason"] and ln["authority"]
            assert all(reg[a["source"]].title == a["title"] for a in ln["authority"])
        for r in ans["rejected"]:
            assert r["why"] and r["authority"][0]["source"] in reg
        assert "rules.md" not in str(ans)


@pytest.mark.parametrize("campus,pos", [(False, "19"), (True, "22")])
def test_hospital_based_clinician_with_patient_at_home_keeps_the_hospital_pos_with_95(campus, pos):
    """Coder's audit (issue 13 item 2): Medicare from 2024, hospital outpatient setting, patient at home:
    the in-person POS (19 off campus by default, 22 on campus) with 95, as TH004 and payers.yaml say."""
    ln = line(em(setting="hospital_outpatient", campus=campus, date="2024-06-03"), "99213")
    assert ln["pos"] == pos and ln["modifiers"] == ["95"]
    assert "campus" in ln["explain"]["pos"]["reason"]


def test_hospital_based_clinician_patient_not_at_home_or_other_payer_uses_telehealth_pos():
    assert line(em(setting="hospital_outpatient", patient_location="other", date="2024-06-03"), "99213")["pos"] == "02"
    assert line(em(setting="hospital_outpatient", payer="medicaid_example", date="2024-06-03"), "99213")["pos"] == "10"
    # the PHE method (2020-2023) also takes the department's in-person POS
    assert line(em(setting="hospital_outpatient", date="2022-06-01"), "99213")["pos"] == "19"


@pytest.mark.parametrize("date,billable", [("2020-03-05", False), ("2020-03-06", True)])
def test_medicare_home_waiver_starts_on_march_6_2020(date, billable):
    """Coder's audit (issue 13 item 8): the home as originating site from 2020-03-06."""
    ans = em(date=date)
    assert ans["billable"] is billable
    if not billable:
        assert "2020-03-06" in ans["reason"]

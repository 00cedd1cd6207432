"""Home-health visits and telecom lines: G-code by discipline, purpose and date, revenue code,
15-minute units, site-of-service line (rules.md §1.3-§1.6, §2)."""

from __future__ import annotations

import pytest
from selkit import codes, line, rejected, run


def visit(**kw):
    facts = {
        "kind": "home_health_visit",
        "date": "2024-03-02",
        "discipline": "RN",
        "purpose": "direct_care",
        "minutes": 30,
    }
    facts.update(kw)
    return run(**facts)


@pytest.mark.parametrize(
    "minutes,units", [(1, 1), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4), (68, 5), (120, 8)]
)
def test_units_round_to_the_nearest_15_minutes_with_at_least_one(minutes, units):
    ln = line(visit(minutes=minutes), "G0299")
    assert ln["units"] == units
    assert ln["explain"]["units"]["authority"][0]["source"] == "S24"  # cited by source id and title


@pytest.mark.parametrize(
    "date,disc,purpose,code",
    [
        ("2015-12-31", "RN", "direct_care", "G0154"),
        ("2016-01-01", "RN", "direct_care", "G0299"),
        ("2015-12-31", "LPN", "direct_care", "G0154"),
        ("2016-01-01", "LPN", "direct_care", "G0300"),
        ("2016-12-31", "RN", "observation_assessment", "G0163"),
        ("2017-01-01", "RN", "observation_assessment", "G0493"),
        ("2017-01-01", "LPN", "observation_assessment", "G0494"),
        ("2016-12-31", "LPN", "training_education", "G0164"),
        ("2017-01-01", "RN", "training_education", "G0495"),
        ("2017-01-01", "LPN", "training_education", "G0496"),
        ("2024-03-02", "RN", "management_evaluation", "G0162"),
        ("2024-03-02", "PT", "direct_care", "G0151"),
        ("2024-03-02", "PT", "observation_assessment", "G0151"),
        ("2024-03-02", "PT", "maintenance", "G0159"),
        ("2024-03-02", "OT", "direct_care", "G0152"),
        ("2024-03-02", "OT", "maintenance", "G0160"),
        ("2024-03-02", "SLP", "direct_care", "G0153"),
        ("2024-03-02", "SLP", "maintenance", "G0161"),
        ("2024-03-02", "PTA", "direct_care", "G0157"),
        ("2020-01-01", "PTA", "maintenance", "G2168"),
        ("2024-03-02", "OTA", "direct_care", "G0158"),
        ("2020-01-01", "OTA", "maintenance", "G2169"),
        ("2024-03-02", "MSW", "direct_care", "G0155"),
        ("2024-03-02", "aide", "direct_care", "G0156"),
    ],
)
def test_g_code_follows_discipline_purpose_and_date(date, disc, purpose, code):
    ans = visit(date=date, discipline=disc, purpose=purpose)
    assert ans["billable"]
    assert codes(ans)[0] == code


def test_ended_code_is_rejected_with_its_end_date():
    ans = visit(date="2016-01-01", discipline="LPN")
    assert "2015-12-31" in rejected(ans)["G0154"]


@pytest.mark.parametrize(
    "disc,rev",
    [
        ("RN", "0551"),
        ("LPN", "0551"),
        ("PT", "0421"),
        ("PTA", "0421"),
        ("OT", "0431"),
        ("OTA", "0431"),
        ("SLP", "0441"),
        ("MSW", "0561"),
        ("aide", "0571"),
    ],
)
def test_revenue_code_by_discipline_and_site_line_on_the_same_code(disc, rev):
    ans = visit(discipline=disc)
    visit_line, q = ans["lines"]
    assert visit_line["revenue_code"] == rev and visit_line["pos"] is None
    assert q["code"] == "Q5001" and q["revenue_code"] == rev and q["units"] == 1 and q["date"] == "2024-03-02"


def test_site_of_service_code_follows_location_and_starts_mid_2013():
    assert "Q5002" in codes(visit(location="Assisted_Living"))
    assert "Q5009" in codes(visit(location="other"))
    assert codes(visit(date="2013-06-30")) == ["G0154"]
    assert codes(visit(date="2013-07-01")) == ["G0154", "Q5001"]


def test_lpn_cannot_bill_management_and_evaluation():
    ans = visit(discipline="LPN", purpose="management_evaluation")
    assert not ans["billable"] and ans["lines"] == []
    assert "RN service" in ans["reason"]


def test_nursing_has_no_maintenance_code():
    ans = visit(purpose="maintenance")
    assert not ans["billable"] and "maintenance" in ans["reason"]


@pytest.mark.parametrize("disc,therapist_code", [("PTA", "G0159"), ("OTA", "G0160")])
def test_assistant_maintenance_visit_before_2020_is_not_billable(disc, therapist_code):
    """Coder's audit (issue 13 item 9): G2168/G2169 start 2020-01-01 (CR 11721); before, an assistant's
    maintenance visit had no code, and the ordinary assistant code (G0157/G0158) must not stand in."""
    ans = visit(date="2019-12-31", discipline=disc, purpose="maintenance")
    assert not ans["billable"] and ans["lines"] == []
    assert "2020-01-01" in ans["reason"] and therapist_code in ans["reason"]
    assert visit(date="2020-01-01", discipline=disc, purpose="maintenance")["billable"]


def test_before_2011_is_not_modelled():
    ans = visit(date="2010-12-31")
    assert not ans["billable"] and "2011" in ans["reason"]


def telecom(**kw):
    facts = {"kind": "home_health_telecom", "date": "2024-03-02", "discipline": "RN", "mode": "audio_video"}
    facts.update(kw)
    return run(**facts)


def test_telecom_lines_one_unit_and_discipline_revenue_code():
    ln = line(telecom(minutes=45), "G0320")
    assert ln["units"] == 1 and ln["revenue_code"] == "0551" and ln["role"] == "telecom"
    ln = line(telecom(mode="audio_only", discipline="OT"), "G0321")
    assert ln["units"] == 1 and ln["revenue_code"] == "0431"


def test_remote_monitoring_units_are_days():
    ln = line(telecom(mode="remote_monitoring", days=17, discipline="PT"), "G0322")
    assert ln["units"] == 17 and ln["revenue_code"] == "0421"


def test_telecom_starts_2023():
    assert not telecom(date="2022-12-31")["billable"]
    assert telecom(date="2023-01-01")["billable"]
    assert any("voluntary" in n for n in telecom(date="2023-03-01")["notes"])
    assert any("not a visit" in n for n in telecom()["notes"])

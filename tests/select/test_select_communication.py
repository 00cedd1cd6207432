"""E-visits (7-day windows), virtual check-ins, remote evaluations (rules.md §3.4, §3.5)."""

from __future__ import annotations

import pytest
from selkit import codes, line, rejected, run


def ev(interactions, **kw):
    facts = {
        "kind": "e_visits",
        "clinician": "physician",
        "payer": "medicare",
        "interactions": [{"at": at, "minutes": m} for at, m in interactions],
    }
    facts.update(kw)
    return run(**facts)


@pytest.mark.parametrize(
    "minutes,code", [(4, None), (5, "99421"), (10, "99421"), (11, "99422"), (20, "99422"), (21, "99423")]
)
def test_e_visit_code_by_cumulative_minutes(minutes, code):
    ans = ev([("2026-03-02T09:00", minutes - minutes // 2), ("2026-03-06T09:00", minutes // 2)])
    assert codes(ans) == ([code] if code else [])
    if not code:
        assert "5-minute minimum" in ans["reason"]


def test_window_is_first_day_plus_six():
    ans = ev([("2026-03-02T09:00", 6), ("2026-03-08T23:59", 6), ("2026-03-09T08:00", 6)])
    assert [(ln["code"], ln["date"], ln["date_to"]) for ln in ans["lines"]] == [
        ("99422", "2026-03-02", "2026-03-08"),
        ("99421", "2026-03-09", "2026-03-15"),
    ]
    assert all(ln["pos"] == "11" and "95" not in ln["modifiers"] for ln in ans["lines"])


def test_window_after_related_em_or_containing_one_is_not_billed():
    ans = ev([("2026-03-05T09:00", 15)], related_em_dates=["2026-03-01"])
    assert not ans["billable"] and "related E/M" in ans["reason"]
    ans = ev([("2026-03-05T09:00", 15)], related_em_dates=["2026-03-08"])
    assert not ans["billable"] and "folded" in ans["reason"]
    assert ev([("2026-03-05T09:00", 15)], related_em_dates=["2026-02-25"])["billable"]


def test_unrelated_em_inside_the_window_absorbs_it_but_not_one_before():
    """rules.md §3.5: an E/M inside the 7-day period folds the online time in whatever its problem;
    only a RELATED E/M in the 7 days before stops the e-visit."""
    ans = ev([("2026-03-02T09:00", 15)], other_em_dates=["2026-03-08"])
    assert not ans["billable"] and "folded" in ans["reason"]
    assert ev([("2026-03-02T09:00", 15)], other_em_dates=["2026-03-09"])["billable"]
    assert codes(ev([("2026-03-05T09:00", 15)], other_em_dates=["2026-03-01"])) == ["99422"]


def test_non_physician_professionals_use_98970_with_therapy_modifier():
    ln = ev([("2026-03-02T09:00", 12)], clinician="OT")["lines"][0]
    assert (ln["code"], ln["modifiers"]) == ("98971", ["GO"])
    ln = ev([("2026-03-02T09:00", 12)], clinician="LCSW")["lines"][0]
    assert (ln["code"], ln["modifiers"]) == ("98971", [])
    assert codes(ev([("2020-06-02T09:00", 12)], clinician="SLP")) == ["G2062"]


def test_e_visits_start_2020():
    assert not ev([("2019-12-30T09:00", 12)])["billable"]


def ci(**kw):
    facts = {"kind": "virtual_check_in", "date": "2024-06-03", "clinician": "physician", "minutes": 8}
    facts.update(kw)
    return run(**facts)


@pytest.mark.parametrize(
    "date,minutes,code",
    [
        ("2024-12-31", 8, "G2012"),
        ("2025-01-01", 8, "98016"),
        ("2024-06-03", 10, "G2012"),
        ("2024-06-03", 11, "G2252"),
        ("2026-03-02", 15, "G2252"),
        ("2020-06-01", 15, "G2012"),
        ("2024-06-03", 4, None),
        ("2018-12-31", 8, None),
    ],
)
def test_virtual_check_in_for_em_clinicians(date, minutes, code):
    assert codes(ci(date=date, minutes=minutes)) == ([code] if code else [])


def test_g2012_is_rejected_from_2025():
    assert "2025-01-01" in rejected(ci(date="2025-01-01"))["G2012"]


def test_virtual_check_in_for_therapists_and_exclusions():
    ln = line(ci(clinician="PT", date="2026-03-02"), "G2251")
    assert ln["modifiers"] == ["GP"] and ln["pos"] == "11"
    assert not ci(clinician="PT", date="2020-12-31")["billable"]
    assert not ci(patient="new")["billable"]
    assert "24 hours" in ci(leads_to_em_soon=True)["reason"]
    assert "7 days" in ci(related_em_within_7_days=True)["reason"]


@pytest.mark.parametrize(
    "date,payer,billable",
    [
        ("2020-02-28", "medicare", False),
        ("2020-03-02", "medicare", True),
        ("2023-05-11", "medicare", True),
        ("2023-05-12", "medicare", False),
        ("2021-06-01", "commercial", False),
    ],
)
def test_new_patients_only_under_the_medicare_phe_waivers(date, payer, billable):
    """rules.md §3.5: established patients only AFTER the PHE (which ended 2023-05-11, §3.8)."""
    assert ci(patient="new", date=date, payer=payer)["billable"] is billable
    ev_ = run(kind="remote_evaluation", date=date, clinician="physician", patient="new", payer=payer)
    assert ev_["billable"] is billable


def test_remote_evaluation_by_clinician_type():
    facts = {"kind": "remote_evaluation", "date": "2024-06-03", "clinician": "physician"}
    assert codes(run(**facts)) == ["G2010"]
    assert codes(run(**{**facts, "clinician": "psychologist"})) == ["G2250"]
    assert codes(run(**{**facts, "clinician": "SLP"})) == ["G2250"]
    assert line(run(**{**facts, "clinician": "SLP"}), "G2250")["modifiers"] == ["GN"]
    assert not run(**{**facts, "date": "2018-12-31"})["billable"]

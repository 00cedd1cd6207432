"""RPM and RTM summaries -> device, set-up and management codes (rules.md §3.6, §3.7)."""

from __future__ import annotations

import pytest
from selkit import codes, line, rejected, run


def rpm(**kw):
    facts = {"kind": "rpm", "month": "2026-03", "days_with_data": 20, "management_minutes": 0, "interactive": True}
    facts.update(kw)
    return run(**facts)


@pytest.mark.parametrize(
    "month,days,code",
    [
        ("2026-03", 16, "99454"),
        ("2026-03", 15, "99445"),
        ("2026-03", 2, "99445"),
        ("2026-03", 1, None),
        ("2025-12", 15, None),
        ("2025-12", 16, "99454"),
    ],
)
def test_device_code_by_days_and_date(month, days, code):
    ans = rpm(month=month, days_with_data=days)
    assert codes(ans) == ([code] if code else [])


def test_device_period_is_30_days_from_period_start():
    ln = line(rpm(period_start="2026-03-10"), "99454")
    assert (ln["date"], ln["date_to"]) == ("2026-03-10", "2026-04-08")


@pytest.mark.parametrize(
    "month,minutes,expect",
    [
        ("2026-03", 9, []),
        ("2026-03", 10, [("99470", 1)]),
        ("2026-03", 19, [("99470", 1)]),
        ("2026-03", 20, [("99457", 1)]),
        ("2026-03", 39, [("99457", 1)]),
        ("2026-03", 40, [("99457", 1), ("99458", 1)]),
        ("2026-03", 60, [("99457", 1), ("99458", 2)]),
        ("2025-12", 15, []),
    ],
)
def test_management_time_per_calendar_month(month, minutes, expect):
    ans = rpm(month=month, days_with_data=0, management_minutes=minutes)
    assert [(ln["code"], ln["units"]) for ln in ans["lines"]] == expect


def test_management_needs_interactive_communication():
    ans = rpm(days_with_data=0, management_minutes=30, interactive=False)
    assert not ans["billable"] and "interactive" in rejected(ans)["99457"]


def test_99457_and_99470_never_together():
    ans = rpm(management_minutes=25)
    assert "99457" in codes(ans) and "99470" not in codes(ans) and "99470" in rejected(ans)


def test_setup_once_per_episode_after_16_days():
    assert "99453" in codes(rpm(setup=True))
    assert "99453" in rejected(rpm(setup=True, days_with_data=10))


def test_2026_setup_rejection_says_the_threshold_is_unverified():
    """Coder's audit (issue 13 item 10): the 16-day rule for 99453 in 2026 is an I fact in rules.md, whether
    99453 is accepted or rejected."""
    rejected_2026 = rpm(setup=True, days_with_data=10)
    accepted_2026 = rpm(setup=True, days_with_data=20)
    for ans in (rejected_2026, accepted_2026):
        assert any("not verified" in n and "99453" in n for n in ans["notes"]), ans["notes"]
    rejected_2025 = rpm(month="2025-06", setup=True, days_with_data=10)
    assert "99453" in rejected(rejected_2025)
    assert not any("not verified" in n and "99453" in n for n in rejected_2025["notes"])


def test_rpm_starts_2019():
    assert not rpm(month="2018-12")["billable"]


@pytest.mark.parametrize(
    "device,days,month,code",
    [
        ("respiratory", 16, "2024-05", "98976"),
        ("musculoskeletal", 20, "2024-05", "98977"),
        ("cbt", 20, "2024-05", "98978"),
        ("cbt", 20, "2022-05", None),
        ("musculoskeletal", 9, "2026-04", "98985"),
        ("respiratory", 9, "2026-04", "98984"),
        ("cbt", 9, "2026-04", "98986"),
        ("musculoskeletal", 9, "2025-04", None),
    ],
)
def test_rtm_device_codes(device, days, month, code):
    ans = run(kind="rtm", month=month, device=device, days_with_data=days)
    assert codes(ans) == ([code] if code else [])


def test_rtm_management_and_therapy_modifier():
    ans = run(
        kind="rtm",
        month="2026-04",
        device="musculoskeletal",
        clinician="PT",
        days_with_data=0,
        management_minutes=45,
        interactive=True,
    )
    assert [(ln["code"], ln["units"], ln["modifiers"]) for ln in ans["lines"]] == [
        ("98980", 1, ["GP"]),
        ("98981", 1, ["GP"]),
    ]
    ans = run(kind="rtm", month="2026-04", device="cbt", days_with_data=0, management_minutes=12, interactive=True)
    assert codes(ans) == ["98979"]


def test_therapists_do_not_bill_rpm():
    ans = rpm(clinician="PT")
    assert not ans["billable"] and "RTM" in ans["reason"]


@pytest.mark.parametrize("minutes,units", [(130, 3), (80, 3), (60, 2)])
def test_99458_never_exceeds_its_known_unit_limit(minutes, units):
    ans = rpm(days_with_data=0, management_minutes=minutes)
    assert [(ln["code"], ln["units"]) for ln in ans["lines"]] == [("99457", 1), ("99458", units)]
    if minutes == 130:
        assert any("limited to 3" in n for n in ans["notes"])

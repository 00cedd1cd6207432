"""Encounter input: case-insensitive values, and one clear error naming the field on bad input."""

from __future__ import annotations

import pytest

from teleclaim.errors import InputError
from teleclaim.select import suggest


def err(obj):
    with pytest.raises(InputError) as exc:
        suggest(obj)
    return exc.value


def test_enumerations_are_case_insensitive():
    ans = suggest(
        {"kind": "Home_Health_Visit", "date": "2024-03-02", "discipline": "rn", "purpose": "Direct-Care", "minutes": 30}
    )
    assert ans["lines"][0]["code"] == "G0299"
    assert ans["encounter"]["discipline"] == "RN" and ans["encounter"]["purpose"] == "direct_care"
    ans = suggest(
        {
            "kind": "TELEHEALTH_EM",
            "date": "2026-03-02",
            "patient": "Established",
            "mode": "AUDIO_VIDEO",
            "patient_location": "Home",
            "payer": "Medicare",
            "mdm": "LOW",
        }
    )
    assert ans["lines"][0]["code"] == "99213"


def test_payer_defaults_to_medicare_and_id_is_echoed():
    ans = suggest({"kind": "remote_evaluation", "date": "2024-06-03", "clinician": "NPP", "id": "enc-7"})
    assert ans["payer"] == "medicare" and ans["id"] == "enc-7"


@pytest.mark.parametrize(
    "obj,pointer,words",
    [
        ({"date": "2024-01-01"}, "/kind", "missing"),
        ({"kind": "house_call"}, "/kind", "not a known encounter kind"),
        ({"kind": "home_health_visit", "date": "2024-03-02", "discipline": "RN"}, "/minutes", "required"),
        ({"kind": "home_health_visit", "date": "2024-03-02", "discipline": "CNA", "minutes": 5}, "/discipline", "RN"),
        ({"kind": "home_health_visit", "date": "2024-02-30", "discipline": "RN", "minutes": 5}, "/date", "date"),
        ({"kind": "home_health_visit", "date": "2024-03-02", "discipline": "RN", "minutes": 0}, "/minutes", "1"),
        (
            {"kind": "home_health_visit", "date": "2024-03-02", "discipline": "RN", "minuts": 5, "minutes": 5},
            "/minuts",
            "spelling",
        ),
        (
            {"kind": "home_health_telecom", "date": "2024-03-02", "discipline": "RN", "mode": "remote_monitoring"},
            "/days",
            "days",
        ),
        (
            {
                "kind": "telehealth_em",
                "date": "2024-03-02",
                "patient": "new",
                "mode": "audio_video",
                "patient_location": "home",
            },
            "/mdm",
            "minutes",
        ),
        (
            {
                "kind": "telehealth_em",
                "date": "2024-03-02",
                "patient": "new",
                "mode": "audio_video",
                "patient_location": "home",
                "mdm": "low",
                "payer": "acme",
            },
            "/payer",
            "medicare",
        ),
        (
            {
                "kind": "e_visits",
                "clinician": "NPP",
                "interactions": [{"at": "2024-03-02T09:00", "minutes": 5}, {"at": "yesterday", "minutes": 5}],
            },
            "/interactions/1/at",
            "datetime",
        ),
        ({"kind": "e_visits", "clinician": "NPP", "interactions": []}, "/interactions", "at least 1"),
        ({"kind": "rpm", "month": "2026-13", "days_with_data": 3}, "/month", "YYYY-MM"),
        ({"kind": "rtm", "month": "2026-03", "days_with_data": 3}, "/device", "required"),
        # a 30-day period has at most 30 monitoring days (rules.md §2 G0322 units, §3.6 16-30 days)
        (
            {
                "kind": "home_health_telecom",
                "date": "2024-03-02",
                "discipline": "RN",
                "mode": "remote_monitoring",
                "days": 31,
            },
            "/days",
            "30",
        ),
        ({"kind": "rpm", "month": "2026-03", "days_with_data": 31}, "/days_with_data", "30"),
    ],
)
def test_bad_input_names_the_field(obj, pointer, words):
    e = err(obj)
    assert e.details["pointer"] == pointer
    assert words in e.message and pointer in e.message
    assert e.exit_code == 2 and e.to_dict()["error"]["code"] in ("invalid_encounter", "unknown_encounter_kind")


def test_not_an_object():
    assert "JSON object" in err("home_health_visit").message
    assert "empty" in err([]).message


def test_a_list_gives_one_suggestion_per_encounter_and_errors_name_the_item():
    out = suggest(
        [
            {"kind": "remote_evaluation", "date": "2024-06-03", "clinician": "NPP"},
            {"kind": "remote_evaluation", "date": "2018-06-03", "clinician": "NPP"},
        ]
    )
    assert [s["billable"] for s in out["suggestions"]] == [True, False] and out["billable"] is True
    e = err([{"kind": "remote_evaluation", "date": "2024-06-03", "clinician": "NPP"}, {"kind": "rpm"}])
    assert e.message.startswith("encounter /1:")


def test_timestamps_without_offset_are_local_dates():
    ans = suggest(
        {
            "kind": "e_visits",
            "clinician": "NPP",
            "interactions": [{"at": "2026-03-02T23:30", "minutes": 6}, {"at": "2026-03-08T23:59:59", "minutes": 6}],
        }
    )
    assert [(ln["date"], ln["date_to"]) for ln in ans["lines"]] == [("2026-03-02", "2026-03-08")]


def test_timestamps_with_offset_count_in_the_practice_time_zone():
    enc = {
        "kind": "e_visits",
        "clinician": "NPP",
        "interactions": [
            {"at": "2026-03-03T02:30:00+00:00", "minutes": 6},
            {"at": "2026-03-09T12:00:00+00:00", "minutes": 6},
        ],
    }
    # 02:30 UTC on 3 March is still 2 March in Chicago: the second message opens a new window there
    assert [ln["date"] for ln in suggest(enc)["lines"]] == ["2026-03-03"]
    chicago = suggest({**enc, "timezone": "America/Chicago"})
    assert [ln["date"] for ln in chicago["lines"]] == ["2026-03-02", "2026-03-09"]
    with pytest.raises(InputError, match="/timezone"):
        suggest({**enc, "timezone": "Mars/Olympus"})


def test_json_schema_lists_every_kind():
    from teleclaim.select.encounters import KINDS, json_schema

    text = str(json_schema())
    assert all(k in text for k in KINDS)


@pytest.mark.parametrize(
    "obj, pointer",
    [
        (
            {"kind": "home_health_telecom", "date": "2024-03-02", "discipline": "RN", "mode": "remote_monitoring"},
            "/days",
        ),
        (
            {
                "kind": "telehealth_em",
                "date": "2024-03-02",
                "patient": "new",
                "mode": "audio_video",
                "patient_location": "home",
            },
            "/mdm",
        ),
    ],
)
def test_a_check_across_facts_names_the_field_without_echoing_the_encounter(obj, pointer):
    e = err(obj)
    assert e.details["pointer"].startswith(pointer)
    assert "value" not in e.details  # never a copy of the whole encounter (it may hold patient facts)

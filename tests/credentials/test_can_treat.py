"""The may-treat answer: licenses, NLC multistate, PSYPACT APIT/TAP, IMLC licenses, per-state compact
privileges, enrollment, opt-out, and confidence-I compact data (a warning, never a problem)."""

from __future__ import annotations

import datetime as dt

import pytest
from rosterkit import roster

from teleclaim.credentials import Compacts, RosterIndex, can_treat, parse_roster

D = dt.date(2026, 3, 2)


@pytest.fixture()
def idx():
    return RosterIndex(parse_roster(roster()), source="test")


def codes(a):
    return [p["code"] for p in a["problems"]]


def test_license_in_the_patient_state(idx):
    a = can_treat(idx, "1234567893", "TX", D, payer="medicare")
    assert a["allowed"] and a["basis"][0] == {
        "kind": "license",
        "state": "TX",
        "number": "Q1234",
        "expires": "2027-01-31",
    }
    assert {"npi", "state", "on", "payer", "allowed", "basis", "problems", "warnings"} <= set(a)


def test_license_expiry_day_is_inclusive(idx):
    assert can_treat(idx, "1234567893", "TX", dt.date(2027, 1, 31))["allowed"]
    a = can_treat(idx, "1234567893", "TX", dt.date(2027, 2, 1))
    assert not a["allowed"] and codes(a) == ["license_lapsed"] and "expired 2027-01-31" in a["problems"][0]["message"]


def test_imlc_issued_license_is_a_full_license(idx):
    a = can_treat(idx, "1234567893", "CO", D)
    assert a["allowed"] and a["basis"][0]["compact"] == "IMLC" and a["basis"][0]["kind"] == "license"
    assert not can_treat(idx, "1234567893", "AZ", D)["allowed"]  # IMLC membership alone is not a license


def test_nlc_multistate_license_in_another_nlc_state(idx):
    a = can_treat(idx, "1245319599", "PA", D)
    assert a["allowed"] and a["basis"][0]["kind"] == "compact_license" and a["basis"][0]["home_state"] == "TX"
    assert not a["warnings"]  # PA's implementation day is dated (V2)
    assert not can_treat(idx, "1245319599", "CA", D)["allowed"]  # not an NLC state


def test_nlc_implementation_day_boundary(idx):
    assert can_treat(idx, "1245319599", "PA", dt.date(2025, 7, 7))["allowed"]
    a = can_treat(idx, "1245319599", "PA", dt.date(2025, 7, 6))
    assert not a["allowed"] and "only from 2025-07-07" in a["problems"][0]["message"]


def test_nlc_state_of_confidence_i_gives_a_warning(idx):
    a = can_treat(idx, "1245319599", "NJ", D)
    assert a["allowed"] and [w["code"] for w in a["warnings"]] == ["compact_membership_unverified"]
    b = can_treat(idx, "1245319599", "MA", D)  # enacted, not implemented (confidence I)
    assert not b["allowed"] and b["problems"][0].get("confidence") == "I"


def test_single_state_nurse_license_is_not_multistate(idx):
    obj = roster()
    obj["clinicians"][1]["licenses"][0]["multistate"] = False
    assert not can_treat(RosterIndex(parse_roster(obj)), "1245319599", "PA", D)["allowed"]


def test_psypact_apit_telehealth_only_and_both_states_in_psypact(idx):
    a = can_treat(idx, "1316205081", "CO", D, payer="medicare")
    assert a["allowed"] and a["basis"][0]["privilege"] == "APIT"
    b = can_treat(idx, "1316205081", "CO", D, mode="in_person")
    assert not b["allowed"] and "telepsychology only" in b["problems"][0]["message"]
    assert not can_treat(idx, "1316205081", "CA", D)["allowed"]
    assert not can_treat(idx, "1316205081", "CO", dt.date(2027, 1, 1))["allowed"]  # APIT expired


def test_psypact_apit_needs_the_home_state_license():
    obj = roster()
    obj["clinicians"][2]["licenses"][0]["status"] = "suspended"
    a = can_treat(RosterIndex(parse_roster(obj)), "1316205081", "CO", D)
    assert not a["allowed"] and "home-state AZ license" in a["problems"][0]["message"]


def test_psypact_tap_in_person_with_day_limit_warning():
    obj = roster()
    obj["clinicians"][2]["compact_privileges"][0]["kind"] = "TAP"
    idx = RosterIndex(parse_roster(obj))
    a = can_treat(idx, "1316205081", "CO", D, mode="in_person")
    assert a["allowed"] and "tap_day_limit" in [w["code"] for w in a["warnings"]]
    assert not can_treat(idx, "1316205081", "CO", D)["allowed"]


def test_per_state_compact_privilege():
    obj = roster()
    obj["clinicians"].append(
        {
            "npi": "1487692943",
            "name": "Dee Park",
            "profession": "counselor",
            "licenses": [{"state": "OH", "number": "LPC1"}],
            "compact_privileges": [{"compact": "Counseling", "home_state": "OH", "states": ["KY", "CA"]}],
        }
    )
    idx = RosterIndex(parse_roster(obj))
    a = can_treat(idx, "1487692943", "KY", D)
    assert a["allowed"] and a["basis"][0]["compact"] == "Counseling" and a["warnings"]  # membership confidence I
    assert not can_treat(idx, "1487692943", "CA", D)["allowed"]  # CA not a Counseling Compact state
    assert not can_treat(idx, "1487692943", "IN", D)["allowed"]  # no privilege for IN


def test_enrollment_effective_day_and_opt_out():
    obj = roster()
    obj["clinicians"][0]["enrollments"][0]["effective_from"] = "2026-03-02"
    obj["clinicians"][0]["medicare_opt_out"] = [{"from": "2026-06-01", "to": "2028-05-31"}]
    idx = RosterIndex(parse_roster(obj))
    assert can_treat(idx, "1234567893", "TX", D, payer="medicare")["allowed"]
    a = can_treat(idx, "1234567893", "TX", dt.date(2026, 3, 1), payer="medicare")
    assert codes(a) == ["enrollment_not_effective"]
    b = can_treat(idx, "1234567893", "TX", dt.date(2026, 6, 1), payer="medicare")
    assert "opted_out_of_medicare" in codes(b)
    c = can_treat(idx, "1234567893", "TX", D, payer="acme")
    assert codes(c) == ["not_enrolled"]
    assert can_treat(idx, "1234567893", "TX", dt.date(2026, 3, 1))["allowed"]  # without a payer: licensure only


def test_unknown_npi_and_invalid_npi(idx):
    a = can_treat(idx, "1982345670", "TX", D)
    assert not a["allowed"] and codes(a) in (["not_on_roster"], ["invalid_npi"])
    assert codes(can_treat(idx, "1234567890", "TX", D)) == ["invalid_npi"]
    assert codes(can_treat(idx, "1487692943", "TX", D)) == ["not_on_roster"]


def test_user_override_of_compact_membership():
    c = Compacts(overrides={"NLC": {"MA": "2026-03-02", "PA": False}})
    idx = RosterIndex(parse_roster(roster()), compacts=c)
    assert not can_treat(idx, "1245319599", "MA", dt.date(2026, 3, 1))["allowed"]
    a = can_treat(idx, "1245319599", "MA", dt.date(2026, 3, 2))
    assert a["allowed"] and not a["warnings"]  # the user's own date: no confidence-I warning
    assert not can_treat(idx, "1245319599", "PA", D)["allowed"]


def test_compact_table_rows_carry_source_and_confidence():
    from teleclaim.credentials.compacts import shipped

    rows = shipped()
    assert rows and all(m.source.startswith("http") and m.confidence in ("V", "V2", "I") for m in rows)
    assert all(m.confidence == "I" for m in rows if m.status == "member" and m.honoured_from is None)
    assert {m.compact for m in rows} >= {"NLC", "IMLC", "PSYPACT", "OT", "Counseling", "ASLP-IC", "PA"}


def test_expiring_lists_what_lapses():
    from teleclaim.credentials import expiring

    items = expiring(parse_roster(roster()).clinicians, D, 60)
    kinds = {(i["npi"], i["kind"]) for i in items}
    assert ("1245319599", "license") in kinds and ("1234567893", "license") in kinds
    rev = next(i for i in items if i["kind"] == "revalidation")
    assert rev["lapsed"] and rev["days_left"] == -30
    assert not expiring(parse_roster(roster()).clinicians, D, 10)


def test_bad_override_is_a_clear_config_error():
    from teleclaim.errors import InputError

    with pytest.raises(InputError, match="credentials.compacts.NLC.MA"):
        Compacts(overrides={"NLC": {"MA": "soon"}})
    with pytest.raises(InputError, match="not a compact"):
        Compacts(overrides={"NLCX": {"MA": "2026-01-01"}})

"""Look-up and search as a biller uses them, on the real curated data."""

from __future__ import annotations

import datetime as dt

import pytest

import teleclaim
from teleclaim.errors import InputError, NotFoundError

D = dt.date


def test_g0321_is_valid_in_2026_with_decoded_admin_fields():
    r = teleclaim.lookup("G0321", on="2026-01-05")
    assert (r["code"], r["system"], r["valid_on"], r["status"]) == ("G0321", "hcpcs", True, "valid")
    assert r["effective_from"] == "2023-01-01" and r["effective_to"] is None
    assert r["descriptions"]["plain"]
    pricing = r["admin"]["pricing"][0]
    assert pricing["value"] == "13" and "lab" not in pricing["meaning"].lower()
    assert r["admin"]["coverage"]["value"] == "C"
    assert {s["id"] for s in r["sources"]} >= {"S4"}
    assert any(x["code"] == "G0320" for x in r["related"])


@pytest.mark.parametrize(
    ("code", "on", "valid", "status"),
    [
        ("G0154", "2015-12-31", True, "valid"),
        ("G0154", "2016-01-01", False, "ended"),
        ("G0163", "2016-12-31", True, "valid"),
        ("G0164", "2017-01-01", False, "ended"),
        ("G0299", "2015-12-31", False, "not_yet_valid"),
        ("G0299", "2016-01-01", True, "valid"),
        ("G0493", "2016-12-31", False, "not_yet_valid"),
        ("G2168", "2020-01-01", True, "valid"),
        ("G2012", "2025-01-01", False, "ended"),
        ("98016", "2025-01-01", True, "valid"),
        ("99201", "2021-01-01", False, "ended"),
        ("99441", "2024-12-31", True, "valid"),
        ("99445", "2025-12-31", False, "not_yet_valid"),
        ("99470", "2026-01-01", True, "valid"),
    ],
)
def test_validity_on_the_date_of_service_follows_rules_md(code, on, valid, status):
    r = teleclaim.lookup(code, on=on)
    assert (r["valid_on"], r["status"]) == (valid, status), r["status_text"]


def test_without_on_valid_on_is_null():
    r = teleclaim.lookup("G0299")
    assert r["valid_on"] is None and r["status"] == "active"


def test_a_code_in_several_systems_is_ambiguous_without_system():
    r = teleclaim.lookup("20")
    assert r["ambiguous"] is True
    systems = {m["system"] for m in r["matches"]}
    assert {"condition", "patient_status"} <= systems
    one = teleclaim.lookup("20", system="patient_status")
    assert one["system"] == "patient_status" and "ambiguous" not in one


def test_value_61_and_occurrence_61_are_told_apart():
    r = teleclaim.lookup("61")
    assert {"value", "occurrence"} <= {m["system"] for m in r["matches"]}


def test_point_of_origin_b_is_discontinued():
    r = teleclaim.lookup("B", system="point_of_origin", on="2026-01-01")
    assert r["valid_on"] is False and r["effective_to"] == "2010-06-30"


def test_tob_typed_with_leading_zero():
    assert teleclaim.lookup("0329")["code"] == "329"


def test_unknown_code_is_not_found_with_suggestions():
    with pytest.raises(NotFoundError) as ei:
        teleclaim.lookup("G0322X")
    assert ei.value.exit_code == 1
    assert "G0322" in [s["code"] for s in ei.value.details["suggestions"]]


def test_unknown_system_is_an_input_error():
    with pytest.raises(InputError):
        teleclaim.lookup("G0321", system="icd")


def test_search_finds_telephone_visit_by_lay_terms():
    res = teleclaim.search("nurse phone call from the agency")
    assert res["results"][0]["code"] == "G0321"


@pytest.mark.parametrize("query", ["telephone audio only home health", "audio-only home health"])
def test_search_words(query):
    codes = [r["code"] for r in teleclaim.search(query, limit=5)["results"]]
    assert "G0321" in codes


def test_search_tolerates_typos():
    codes = [r["code"] for r in teleclaim.search("physcial therapist asistant maintenance", limit=5)["results"]]
    assert "G2168" in codes


def test_search_by_code_prefix_ranks_exact_code_first():
    res = teleclaim.search("G0320")
    assert res["results"][0]["code"] == "G0320" and res["results"][0]["match"] == "code"


def test_search_system_filter_and_date_filter():
    res = teleclaim.search("skilled nursing", system="hcpcs", on="2026-01-01", limit=20)
    codes = {r["code"] for r in res["results"]}
    assert res["results"] and all(r["system"] == "hcpcs" for r in res["results"])
    assert "G0154" not in codes and ("G0299" in codes or "G0300" in codes)


def test_search_result_shape():
    res = teleclaim.search("remote monitoring")
    assert set(res) >= {"query", "results"}
    assert set(res["results"][0]) >= {"code", "system", "name", "score"}

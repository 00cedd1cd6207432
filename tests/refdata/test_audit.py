"""Audit of the curated reference data against rules.md and issue 3, as a user queries it.

Each test pins one defect found in the audit (and fixed), so it cannot come back.
"""

from __future__ import annotations

import re

import pytest

import teleclaim
from teleclaim.refdata import curated


def _related(code: str, system: str) -> dict[str, dict]:
    return {r["code"]: r for r in teleclaim.lookup(code, system=system)["related"]}


def test_related_code_is_named_from_its_own_system_not_another_with_the_same_number():
    # POS 10 lists POS 12 (Home) as related; value code 12 (working aged MSP) must not lend its name
    rel = _related("10", "pos")
    assert rel["12"]["name"] == "Home" and rel["12"]["system"] == "pos"
    rel = _related("20", "patient_status")
    assert rel["41"]["system"] == "patient_status" and "expired" in rel["41"]["name"].lower()
    # a cross-system relation still resolves (HCPCS G2012 -> CPT 98016)
    assert _related("G2012", "hcpcs")["98016"]["system"] == "cpt"


def test_no_entry_lists_itself_as_related():
    selfref = [
        (e["system"], e["code"])
        for _f, e in curated.iter_raw_entries()
        if e["code"] in {str(c).upper() for c in e.get("related") or []}
    ]
    assert selfref == []


def _entry(system: str, code: str) -> dict:
    e = curated.curated().get(system, code)
    assert e is not None, (system, code)
    return e


def _marked_unverified(e: dict) -> bool:
    text = " ".join([e.get("name") or "", e.get("billing_context") or "", *(e.get("notes") or [])])
    return bool(re.search(r"\(I[:,)]|\bI\)|tags? (it|the \w+ )?I\b|not verified|inferred", text))


@pytest.mark.parametrize("code", ["98984", "98985", "98986"])
def test_rtm_short_device_mapping_is_shown_as_unverified(code):
    # rules.md §3.7/§7: the respiratory / MSK / CBT mapping of 98984-98986 is I; the date is V2
    e = _entry("cpt", code)
    assert "not verified" in e["name"] and _marked_unverified(e)
    assert teleclaim.lookup(code, on="2026-01-01")["valid_on"] is True


def test_99458_inferred_start_date_is_tagged_i():
    # rules.md §3.6: 99458 "2020 (I)"; an inferred window is a configurable default, not a hard edit
    e = _entry("cpt", "99458")
    assert e["confidence"] == "I" and _marked_unverified(e)


@pytest.mark.parametrize(
    ("system", "code"), [("cpt", "98978"), ("cpt", "99453"), ("cpt", "99441"), ("hcpcs", "Q3014"), ("cpt", "98979")]
)
def test_i_tagged_facts_are_marked_in_the_text(system, code):
    assert _marked_unverified(_entry(system, code))


def test_hh_visit_units_rule_is_marked_unverified():
    # rules.md §1.4 / §7: the 15-minute rounding is I/V2 (CMS ch.10 §40.2 wording not retrieved)
    for code in ["G0151", "G0156", "G0299", "G0300", "G0493", "G2168", "G2169"]:
        units = _entry("hcpcs", code)["companion"]["units"]
        assert "I/V2" in units and "not verified" in units, code


def test_g2168_and_g2169_are_not_for_the_rap():
    # rules.md §1.5: allowed on 032X other than 0322
    for code in ["G2168", "G2169"]:
        assert "322" in _entry("hcpcs", code)["companion"]["not_on_bill_types"]


@pytest.mark.parametrize(
    ("system", "code", "verbatim"),
    [
        ("hcpcs", "Q3014", "telehealth originating site facility fee"),  # the CMS long descriptor, whole
        ("cpt", "99091", "collection and interpretation of physiologic data"),  # opening words of the AMA descriptor
    ],
)
def test_names_are_not_the_official_descriptor(system, code, verbatim):
    e = _entry(system, code)
    assert verbatim not in e["name"].lower() and verbatim not in e["description"].lower()


def test_cpt_descriptions_read_correctly():
    bad = [e["code"] for e in curated.curated().entries("cpt") if " a established" in e["description"]]
    assert bad == []


@pytest.mark.parametrize(
    ("query", "system", "code"),
    [
        ("patient died", "patient_status", "20"),  # porter stemming made "died" match "diet..." (0942)
        ("nursing home", "pos", "32"),  # lay term of POS 32; nursing G-codes outranked it
        ("final claim", "tob", "329"),  # 324 (interim last) outranked the period claim
        ("home health video call", "hcpcs", "G0320"),  # the audio-only G0321 outranked the video code
        ("nurse visit at home", "hcpcs", "G0299|G0300"),  # retired G0163/G0164 outranked the current codes
        ("nurse phone call", "hcpcs", "G0321"),
        ("e-visit", "cpt", "99421|99422|99423"),
        ("notice of admission", "tob", "32A"),
    ],
)
def test_lay_terms_rank_the_expected_code_at_the_top(query, system, code):
    top = teleclaim.search(query, limit=3)["results"]
    assert (top[0]["system"], top[0]["code"]) in {(system, c) for c in code.split("|")}, top


def test_phrase_ranking_keeps_date_filter_and_exact_code_first():
    res = teleclaim.search("nurse visit at home", on="2026-01-01", limit=10)
    codes = [r["code"] for r in res["results"]]
    assert codes[:2] == ["G0300", "G0299"] or codes[:2] == ["G0299", "G0300"]
    assert not {"G0154", "G0163", "G0164"} & set(codes)
    assert teleclaim.search("G0320")["results"][0]["match"] == "code"


def test_gt_modifier_carries_its_2018_dates():
    # rules.md §3.2: professional claims dropped GT on 2018-01-01; CAH Method II only from 2018-10-01
    r = teleclaim.lookup("GT", system="modifier")
    text = " ".join([r["billing_context"] or "", *r["notes"]])
    assert "2018-01-01" in text and "2018-10-01" in text


def test_modifier_95_and_93_carry_their_medicare_dates():
    r95 = " ".join(teleclaim.lookup("95", system="modifier")["notes"])
    assert "2024-01-01" in r95 and "2025-09-30" in r95
    assert "2025" in " ".join(teleclaim.lookup("93", system="modifier")["notes"])

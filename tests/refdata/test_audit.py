"""Audit of the curated reference data against rules.md and issue 3, as a user queries it.

Each test pins one defect found in the audit (and fixed), so it cannot come back.
"""

from __future__ import annotations

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
    selfref = [(e["system"], e["code"]) for _f, e in curated.iter_raw_entries()
               if e["code"] in {str(c).upper() for c in e.get("related") or []}]
    assert selfref == []

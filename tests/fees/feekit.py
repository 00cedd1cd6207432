"""Helpers of the fees tests: home health claims, a fake wage index, and a store with the real PFS files of ../shared (RVU25D with its GPCIs and ZIP5, RVU26C) built once per module."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from teleclaim.model.jsonform import claim_from_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "fees"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

PERIOD_2026: dict[str, Any] = {
    "claim_id": "HH-2026-1",
    "kind": "837I",
    "facility_code": "32",
    "facility_qualifier": "A",
    "frequency": "9",
    "statement_from": "2026-03-01",
    "statement_to": "2026-03-30",
    "admission_date": "2026-01-30",
    "principal_diagnosis": {"code": "I5022", "qualifier": "ABK"},
    "values": [{"code": "61", "amount": "38300.00"}],
    "subscriber": {"last_name": "SAMPLE", "first_name": "PAT", "member_id": "1EG4TE5MK73"},
    "payer": {"name": "MEDICARE", "id": "15004"},
    "claim_filing": "MA",
    "billing_provider": {"name": "SAMPLE HOME HEALTH", "npi": "1234567893"},
    "lines": [
        {
            "line": 1,
            "revenue_code": "0023",
            "code": "1FC21",
            "code_qualifier": "HP",
            "charge": "0.00",
            "units": "1",
            "date": "2026-03-01",
        }
    ],
}


def hh_claim(hipps: str = "1FC21", visits: list[tuple[str, str, str]] = (), **over: Any) -> Any:
    """A 2026 period claim with visit lines (revenue code, HCPCS, date)."""
    obj = copy.deepcopy(PERIOD_2026)
    obj["lines"][0]["code"] = hipps
    for i, (rev, code, day) in enumerate(visits, 2):
        obj["lines"].append(
            {"line": i, "revenue_code": rev, "code": code, "charge": "100.00", "units": "4", "date": day}
        )
    obj.update(over)
    return claim_from_json(obj, where="test")


def fake_wage_index(table: dict[str, str]):
    def look(cbsa: str, on: dt.date):
        return (Decimal(table[cbsa]), "TEST") if cbsa in table and on.year == 2026 else None

    return look


@pytest.fixture(scope="module")
def pfs_store(tmp_path_factory):
    if not (SHARED / "data" / "pfs").is_dir():
        pytest.skip("../shared is not present beside the repository")
    from teleclaim.refdata.pfs import parse_pfs_paths
    from teleclaim.store import open_store
    from teleclaim.store.pfs import save_pfs

    store = open_store(path=tmp_path_factory.mktemp("pfs") / "store.sqlite3")
    d = SHARED / "data" / "pfs"
    save_pfs(
        store,
        parse_pfs_paths(
            [
                d / "rvu25d" / "PPRRVU2025_Oct.csv.xz",
                d / "rvu25d" / "GPCI2025.csv",
                d / "rvu25d" / "25LOCCO.csv",
                d / "zip5_oct2025" / "ZIP5_OCT2025.txt.xz",
            ]
        ),
    )
    save_pfs(store, parse_pfs_paths([d / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv.xz"]))
    return store

"""A small synthetic roster (fake names, check-digit-valid NPIs) shared by the credentials tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROSTER: dict[str, Any] = {
    "clinicians": [
        {
            "npi": "1234567893",
            "name": "Ana Ruiz",
            "profession": "physician",
            "taxonomy": ["207Q00000X"],
            "licenses": [
                {
                    "state": "TX",
                    "profession": "physician",
                    "number": "Q1234",
                    "issued": "2020-01-01",
                    "expires": "2027-01-31",
                    "status": "active",
                    "multistate": False,
                },
                {
                    "state": "CO",
                    "number": "DR-77120",
                    "issued": "2024-05-01",
                    "expires": "2026-04-30",
                    "compact": "IMLC",
                },
            ],
            "compact_privileges": [],
            "enrollments": [
                {
                    "payer": "medicare",
                    "status": "approved",
                    "effective_from": "2021-01-01",
                    "effective_to": None,
                    "telehealth": True,
                    "revalidation_due": "2026-01-31",
                }
            ],
            "medicare_opt_out": [],
            "caqh_attested": "2026-01-10",
        },
        {
            "npi": "1245319599",
            "name": "Bea Lund",
            "profession": "registered_nurse",
            "taxonomy": ["163W00000X"],
            "licenses": [
                {
                    "state": "TX",
                    "number": "RN-883201",
                    "issued": "2019-03-01",
                    "expires": "2026-03-31",
                    "multistate": True,
                }
            ],
            "enrollments": [{"payer": "medicare", "effective_from": "2022-06-01"}],
        },
        {
            "npi": "1316205081",
            "name": "Cy Okafor",
            "profession": "psychologist",
            "taxonomy": ["103T00000X"],
            "licenses": [{"state": "AZ", "number": "PSY-4410", "issued": "2018-01-01", "expires": "2027-06-30"}],
            "compact_privileges": [
                {
                    "compact": "PSYPACT",
                    "kind": "APIT",
                    "home_state": "AZ",
                    "number": "APIT-1288",
                    "issued": "2025-01-01",
                    "expires": "2026-12-31",
                }
            ],
            "enrollments": [{"payer": "medicare", "effective_from": "2020-01-01"}],
        },
    ]
}


def roster() -> dict[str, Any]:
    return copy.deepcopy(ROSTER)


def write_roster(folder: Path, obj: dict[str, Any] | None = None, name: str = "roster.json") -> Path:
    p = folder / name
    p.write_text(json.dumps(obj or roster()))
    return p

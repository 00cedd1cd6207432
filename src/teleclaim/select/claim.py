"""Build a claim (JSON claim form) from suggested lines: ``suggest --claim``.

The claim carries the suggested codes, units, modifiers, POS and revenue codes as they are; what
an encounter does not say (charges, parties, diagnosis, HIPPS, CBSA/FIPS, OASIS date) is filled
with PLACEHOLDERS listed under ``placeholders()`` so the claim passes the structural edits and can
be checked. Replace them before sending a claim anywhere.

Home-health lines make one 329 period claim (a subsequent 30-day period starting on the first
line's date; condition code 54 when no skilled visit is on it); RHC/FQHC telehealth lines (G2025 with
a revenue code) make one outpatient clinic claim (TOB 711 or 771); every other kind makes one 837P.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from teleclaim.errors import InputError
from teleclaim.select._common import TAXONOMY

HH_KINDS = ("home_health_visit", "home_health_telecom")
SKILLED = ("042", "043", "044", "055")
CC54_FROM = dt.date(2016, 7, 1)  # rules.md §1.10 (S14, MM9474)
#: profile -> (payer name, payer id, SBR09 claim filing indicator). The payer id is the profile's name,
#: which ``teleclaim check`` maps back to the same profile (refdata.payers.Profiles.for_claim).
PAYERS = {
    "medicare": ("MEDICARE", "MEDICARE", "MB"),
    "commercial": ("SAMPLE COMMERCIAL PLAN", "COMMERCIAL", "CI"),
    "medicaid_example": ("SAMPLE STATE MEDICAID", "MEDICAID_EXAMPLE", "MC"),
}
PLACEHOLDERS = [
    "charges (visit/service lines 100.00, telecom 10.00, site-of-service 0.01, HIPPS 0.00)",
    "billing and rendering provider names and NPI 1234567893",
    "patient SAMPLE PAT and member id",
    "principal diagnosis",
    "home health: HIPPS code 1FC21, value codes 61 (CBSA 16980) and 85 (FIPS 17031), OASIS date (occurrence 50), "
    "admission date",
]


def placeholders() -> list[str]:
    return list(PLACEHOLDERS)


def _d(s: str) -> dt.date:
    """A line's ISO date (every suggested line has one)."""
    return dt.date.fromisoformat(s)


def build_claim(answers: list[dict[str, Any]], claim_id: str | None = None) -> dict[str, Any]:
    lines = [(a, ln) for a in answers for ln in a.get("lines", [])]
    if not lines:
        raise InputError(
            "nothing billable to put on a claim: "
            + "; ".join(a.get("reason") or "" for a in answers if not a.get("billable")),
            code="nothing_billable",
        )
    kinds = {a["kind"] in HH_KINDS for a, _ in lines}
    if len(kinds) > 1:
        raise InputError(
            "home-health encounters (837I) and professional encounters (837P) go on different "
            "claims: give them in separate runs.",
            code="mixed_claim_kinds",
        )
    payers = {a.get("payer") or "medicare" for a, _ in lines}
    if len(payers) > 1:
        raise InputError(
            f"encounters for several payers ({', '.join(sorted(payers))}) cannot share one claim.", code="mixed_payers"
        )
    payer = payers.pop()
    clinic = {bool(ln.get("revenue_code")) for a, ln in lines if a["kind"] == "telehealth_em"}
    if len(clinic) > 1:
        raise InputError(
            "RHC/FQHC telehealth lines (G2025, institutional 837I) and professional lines (837P) go on "
            "different claims: give them in separate runs.",
            code="mixed_claim_kinds",
        )
    if kinds.pop():
        obj = _home_health(lines, payer, claim_id)
    elif clinic == {True}:
        obj = _rhc_fqhc(lines, payer, claim_id)
    else:
        obj = _professional(lines, payer, claim_id)
    from teleclaim.model.jsonform import claim_from_json, claim_to_json

    return claim_to_json(claim_from_json(obj, where="suggested claim"))


def _party(payer: str) -> dict[str, Any]:
    name, pid, filing = PAYERS.get(payer, (payer.upper(), payer.upper(), "CI"))
    return {
        "subscriber": {
            "last_name": "SAMPLE",
            "first_name": "PAT",
            "member_id": "1EG4TE5MK73",
            "birth_date": "1941-05-06",
            "sex": "F",
        },
        "relationship": "18",
        "payer": {"name": name, "id": pid},
        "payer_responsibility": "P",
        "claim_filing": filing,
    }


def _home_health(
    lines: list[tuple[dict[str, Any], dict[str, Any]]], payer: str, claim_id: str | None
) -> dict[str, Any]:
    visits = [ln for _, ln in lines if ln["role"] == "visit"]
    if not visits:
        raise InputError(
            "a home-health period claim needs at least one in-person visit: telecom lines "
            "(G0320-G0322) are not visits. Give the telecom encounter together with the period's "
            "visits (a JSON list of encounters).",
            code="no_visit_on_claim",
        )
    dates = [_d(ln["date"]) for _, ln in lines]
    start = min(dates)
    end = start + dt.timedelta(days=29)
    for _, ln in lines:
        last = _d(ln["date"]) + dt.timedelta(days=(ln["units"] - 1) if ln["code"] == "G0322" else 0)
        if last > end:
            raise InputError(
                f"line {ln['code']} on {ln['date']} does not fit in one 30-day period from {start} "
                f"to {end}; split the encounters by period.",
                code="lines_outside_period",
            )
    visits.sort(key=lambda x: x["date"])
    first = visits[0]
    out_lines: list[dict[str, Any]] = [
        {
            "revenue_code": "0023",
            "code": "1FC21",
            "code_qualifier": "HP",
            "charge": "0.00",
            "units": 1,
            "date": start.isoformat(),
        }
    ]
    seen_q: set[str] = set()
    for _, ln in sorted(lines, key=lambda x: x[1]["date"]):
        if ln["role"] == "site_of_service":
            # one Q-line: the first visit's revenue code and date (another only when the location changes)
            if ln["code"] in seen_q:
                continue
            if not seen_q and (ln["date"], ln["revenue_code"]) != (first["date"], first["revenue_code"]):
                continue
            seen_q.add(ln["code"])
            charge = "0.01"
        else:
            charge = "100.00" if ln["role"] == "visit" else "10.00"
        out_lines.append(
            {
                "revenue_code": ln["revenue_code"],
                "code": ln["code"],
                "code_qualifier": "HC",
                "modifiers": ln["modifiers"],
                "charge": charge,
                "units": ln["units"],
                "date": ln["date"],
            }
        )
    for i, ln in enumerate(out_lines, 1):
        ln["line"] = i
    skilled = any(ln["revenue_code"][:3] in SKILLED for ln in visits)
    total = sum(Decimal(ln["charge"]) for ln in out_lines)
    values = [{"code": "61", "amount": "16980.00"}]
    if end >= dt.date(2019, 1, 1):
        values.append({"code": "85", "amount": "17031.00"})
    return {
        "claim_id": claim_id or f"SUGGEST-HH-{start:%Y%m%d}",
        "kind": "837I",
        "facility_code": "32",
        "facility_qualifier": "A",
        "frequency": "9",
        "total_charge": str(total),
        "statement_from": start.isoformat(),
        "statement_to": end.isoformat(),
        "admission_date": (start - dt.timedelta(days=30)).isoformat(),
        "admission_type": "9",
        "point_of_origin": "1",
        "patient_status": "30",
        "principal_diagnosis": {"code": "I5022", "qualifier": "ABK"},
        # condition code 54 (no skilled visit, documented exception) exists for periods from 2016-07-01
        "conditions": ["54"] if not skilled and start >= CC54_FROM else [],
        "occurrences": [{"code": "50", "date": (start - dt.timedelta(days=2)).isoformat()}],
        "values": values,
        "billing_provider": {"name": "SAMPLE HOME HEALTH", "npi": "1234567893", "taxonomy": "251E00000X"},
        **_party(payer),
        "lines": out_lines,
    }


def _rhc_fqhc(lines: list[tuple[dict[str, Any], dict[str, Any]]], payer: str, claim_id: str | None) -> dict[str, Any]:
    """One outpatient RHC/FQHC claim (TOB 711 / 771) with the suggested G2025 lines (rules.md §3.8)."""
    from teleclaim.select.rhc_fqhc import bill_type

    tobs = {bill_type(a) for a, _ in lines}
    if len(tobs) > 1:
        raise InputError(
            "rural health clinic (TOB 71X) and FQHC (TOB 77X) visits go on different claims: give "
            "them in separate runs.",
            code="mixed_claim_kinds",
        )
    tob = tobs.pop()
    ordered = sorted((ln for _, ln in lines), key=lambda x: x["date"])
    out_lines = [
        {
            "line": i,
            "revenue_code": ln["revenue_code"],
            "code": ln["code"],
            "code_qualifier": "HC",
            "modifiers": ln["modifiers"],
            "charge": "100.00",
            "units": ln["units"],
            "date": ln["date"],
        }
        for i, ln in enumerate(ordered, 1)
    ]
    dates = [_d(ln["date"]) for ln in ordered]
    clinic = "RURAL HEALTH CLINIC" if tob.startswith("71") else "HEALTH CENTER"
    taxonomy = "261QR1300X" if tob.startswith("71") else "261QF0400X"
    return {
        "claim_id": claim_id or f"SUGGEST-C-{min(dates):%Y%m%d}",
        "kind": "837I",
        "facility_code": tob[:2],
        "facility_qualifier": "A",
        "frequency": tob[2],
        "total_charge": str(Decimal("100.00") * len(out_lines)),
        "statement_from": min(dates).isoformat(),
        "statement_to": max(dates).isoformat(),
        "admission_type": "9",
        "point_of_origin": "1",
        "patient_status": "01",
        "principal_diagnosis": {"code": "I10", "qualifier": "ABK"},
        "billing_provider": {"name": f"SAMPLE {clinic}", "npi": "1234567893", "taxonomy": taxonomy},
        "attending": {
            "name": "SAMPLE",
            "first_name": "CLINICIAN",
            "entity_type": "1",
            "npi": "1234567893",
            "taxonomy": TAXONOMY["physician"],
        },
        **_party(payer),
        "lines": out_lines,
    }


def _professional(
    lines: list[tuple[dict[str, Any], dict[str, Any]]], payer: str, claim_id: str | None
) -> dict[str, Any]:
    clinicians = {a["encounter"].get("clinician", "physician") for a, _ in lines}
    if len(clinicians) > 1:
        raise InputError(
            f"encounters by several clinicians ({', '.join(sorted(clinicians))}) cannot share one "
            "claim's rendering provider: give them in separate runs.",
            code="mixed_clinicians",
        )
    clinician = clinicians.pop()
    ordered = sorted((ln for _, ln in lines), key=lambda x: x["date"])
    claim_pos = ordered[0]["pos"] or "11"
    out_lines = []
    for i, ln in enumerate(ordered, 1):
        out_lines.append(
            {
                "line": i,
                "code": ln["code"],
                "code_qualifier": "HC",
                "modifiers": ln["modifiers"],
                "charge": "100.00",
                "unit_basis": "UN",
                "units": ln["units"],
                "pos": ln["pos"],
                "date": ln["date"],
                "date_to": ln.get("date_to"),
                "diagnosis_pointers": [1],
            }
        )
    dates = [_d(ln["date"]) for ln in ordered] + [_d(ln["date_to"]) for ln in ordered if ln.get("date_to")]
    behavioral = any(a["encounter"].get("behavioral") for a, _ in lines)
    return {
        "claim_id": claim_id or f"SUGGEST-P-{min(dates):%Y%m%d}",
        "kind": "837P",
        "facility_code": claim_pos,
        "facility_qualifier": "B",
        "frequency": "1",
        "total_charge": str(Decimal("100.00") * len(out_lines)),
        "statement_from": min(dates).isoformat(),
        "statement_to": max(dates).isoformat(),
        "principal_diagnosis": {"code": "F419" if behavioral else "I10", "qualifier": "ABK"},
        "billing_provider": {"name": "SAMPLE PRACTICE", "npi": "1234567893", "taxonomy": TAXONOMY[clinician]},
        "rendering": {
            "name": "SAMPLE",
            "first_name": "CLINICIAN",
            "entity_type": "1",
            "npi": "1234567893",
            "taxonomy": TAXONOMY[clinician],
        },
        **_party(payer),
        "lines": out_lines,
    }

"""Hand-made claims (synthetic) for the utilization report tests, in the JSON claim form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BILLING = {
    "name": "SYNTH GROUP",
    "entity_type": "2",
    "npi": "1000000004",
    "address": {"line1": "1 MAIN ST", "city": "DES MOINES", "state": "IA", "zip": "50309"},
}
AGENCY = {
    "name": "SYNTH HOME HEALTH",
    "entity_type": "2",
    "npi": "1000000012",
    "address": {"line1": "2 MAIN ST", "city": "DES MOINES", "state": "IA", "zip": "50309"},
}


def person(n: int, *, state: str = "IA", zip_code: str = "503091234") -> dict[str, Any]:
    return {
        "last_name": f"TESTPERSON{n}",
        "first_name": "PAT",
        "member_id": f"MBR{n:06d}",
        "birth_date": "1950-01-01",
        "sex": "F",
        "address": {"line1": f"{n} ELM ST", "city": "SOMEWHERE", "state": state, "zip": zip_code},
    }


def line(
    no: int,
    code: str,
    *,
    date: str | None = "2026-03-02",
    mods: tuple[str, ...] = (),
    pos: str | None = None,
    rendering: str | None = None,
    revenue: str | None = None,
    units: str = "1",
    charge: str = "100.00",
    qualifier: str = "HC",
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "line": no,
        "code": code,
        "code_qualifier": qualifier,
        "modifiers": list(mods),
        "charge": charge,
        "units": units,
        "unit_basis": "UN",
        "date": date,
        "pos": pos,
        "revenue_code": revenue,
    }
    if rendering:
        d["rendering"] = {"entity_type": "1", "name": "DOC", "first_name": "A", "npi": rendering}
    return d


def prof(
    cid: str,
    patient: int,
    lines: list[dict[str, Any]],
    *,
    pos: str = "11",
    filing: str = "MB",
    rendering: str | None = "1234567893",
    billing: dict[str, Any] | None = None,
    statement_from: str | None = None,
    state: str = "IA",
    zip_code: str = "503091234",
) -> dict[str, Any]:
    c: dict[str, Any] = {
        "claim_id": cid,
        "kind": "837P",
        "total_charge": "100.00",
        "facility_code": pos,
        "facility_qualifier": "B",
        "frequency": "1",
        "billing_provider": billing or BILLING,
        "subscriber": person(patient, state=state, zip_code=zip_code),
        "relationship": "18",
        "payer": {"name": "MEDICARE", "id": "MCR01"},
        "claim_filing": filing,
        "principal_diagnosis": {"code": "I10", "qualifier": "ABK"},
        "statement_from": statement_from,
        "lines": lines,
    }
    if rendering:
        c["rendering"] = {"entity_type": "1", "name": "DOC", "first_name": "B", "npi": rendering}
    return c


def hh(
    cid: str,
    patient: int,
    tob: str,
    start: str,
    lines: list[dict[str, Any]],
    *,
    hipps: str = "1AA21",
    attending: str = "1999999992",
) -> dict[str, Any]:
    end = start[:8] + "30" if start[5:7] != "02" else start[:8] + "28"
    all_lines = [
        line(1, hipps, date=start, revenue="0023", qualifier="HP", charge="0.00"),
        *[{**ln, "line": i + 2} for i, ln in enumerate(lines)],
    ]
    return {
        "claim_id": cid,
        "kind": "837I",
        "total_charge": "500.00",
        "facility_code": tob[:2],
        "facility_qualifier": "A",
        "frequency": tob[2:],
        "statement_from": start,
        "statement_to": end,
        "billing_provider": AGENCY,
        "subscriber": person(patient),
        "relationship": "18",
        "payer": {"name": "MEDICARE", "id": "MCR01"},
        "claim_filing": "MA",
        "principal_diagnosis": {"code": "I10", "qualifier": "ABK"},
        "attending": {"entity_type": "1", "name": "DOC", "first_name": "C", "npi": attending},
        "lines": all_lines,
    }


def visit(code: str = "G0299", revenue: str = "0551", date: str = "2026-03-03") -> dict[str, Any]:
    return line(0, code, date=date, revenue=revenue, units="4", charge="150.00")


def write(tmp_path: Path, claims: list[dict[str, Any]], name: str = "claims.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return p


def report(claims: list[dict[str, Any]], estimator: Any = None, **kw: Any) -> dict[str, Any]:
    """The utilization result of hand-made claims, aggregated in memory (no checks run)."""
    from teleclaim.model.jsonform import claim_from_json
    from teleclaim.refdata.payers import shipped_profiles
    from teleclaim.report.utilization import Utilization, record_of
    from teleclaim.rules.cross import patient_key

    profiles = shipped_profiles()
    util = Utilization(**kw)
    for obj in claims:
        c = claim_from_json(obj)
        util.add(
            record_of(
                c,
                patient=patient_key(c),
                profile=profiles.for_claim(c.payer.id, c.claim_filing),
                estimate=estimator.claim(c, []) if estimator is not None else None,
            )
        )
    return util.result()


def month(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(m for m in result["months"] if m["month"] == key)

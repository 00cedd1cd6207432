"""The synthetic claim generator: deterministic, varied, and clean under the home-health edits."""

from __future__ import annotations

import collections
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from teleclaim.errors import InputError
from teleclaim.x12.generate import SUBMITTED, generate_claims, generate_x12, npi, units_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))

HH_G = {
    "G0151",
    "G0152",
    "G0153",
    "G0155",
    "G0156",
    "G0157",
    "G0158",
    "G0159",
    "G0160",
    "G0161",
    "G0162",
    "G0299",
    "G0300",
    "G0493",
    "G0494",
    "G0495",
    "G0496",
    "G2168",
    "G2169",
}


def test_same_seed_same_claims_other_seed_other_claims():
    a = generate_x12("hh", 40, seed=7)
    assert a == generate_x12("hh", 40, seed=7)
    assert a != generate_x12("hh", 40, seed=8)
    assert [c.claim_id for c in generate_claims("th", 3)] == ["TH0-000001", "TH0-000002", "TH0-000003"]


def test_bad_arguments():
    with pytest.raises(InputError):
        list(generate_claims("xx", 1))  # type: ignore[arg-type]
    with pytest.raises(InputError):
        list(generate_claims("hh", -1))


def test_units_follow_the_15_minute_table():
    assert [units_for(m) for m in (1, 22, 23, 37, 38, 52, 53, 67, 68, 82)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_npis_pass_the_luhn_check():
    import random

    rng = random.Random(1)
    for _ in range(50):
        n = npi(rng)
        digits = [int(d) for d in "80840" + n]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
        assert len(n) == 10 and total % 10 == 0


def test_home_health_mix_and_line_content():
    claims = list(generate_claims("hh", 1500, seed=3))
    tobs = collections.Counter(c.type_of_bill for c in claims)
    assert set(tobs) == {"329", "327", "32A", "341"} and tobs["329"] > 900
    for c in claims:
        assert c.total_charge == sum((ln.charge for ln in c.lines), Decimal(0))
        assert c.billing_provider.taxonomy == "251E00000X"
        assert all(ln.date is None or ln.date < SUBMITTED for ln in c.lines)
        if c.type_of_bill in ("329", "327"):
            assert 1 <= (c.statement_to - c.statement_from).days + 1 <= 30
            assert dt.date(2024, 1, 1) <= c.statement_from and c.statement_to.year <= 2026
            hipps = c.lines[0]
            assert hipps.revenue_code == "0023" and hipps.code_qualifier == "HP"
            h = hipps.code
            assert h[0] in "1234" and h[1] in "ABCDEFGHIJKL" and h[2] in "ABC" and h[3] in "123" and h[4] == "1"
            visits = [ln for ln in c.lines if ln.code in HH_G]
            assert visits and all(ln.units >= 1 for ln in visits)
            first = min(ln.date for ln in visits)
            q = [ln for ln in c.lines if ln.code == "Q5001"]
            assert len(q) == 1 and q[0].units == 1 and q[0].charge == Decimal("0.01") and q[0].date == first
            assert q[0].revenue_code in {ln.revenue_code for ln in visits if ln.date == first}
            assert [v.code for v in c.values] == ["61", "85"]
            assert any(o.code == "50" and o.date for o in c.occurrences)
            assert all(ln.units == 1 for ln in c.lines if ln.code in ("G0320", "G0321"))
            rpm = [ln for ln in c.lines if ln.code == "G0322"]
            assert len(rpm) <= 1 and all(ln.units <= (c.statement_to - ln.date).days + 1 for ln in rpm)
            if c.patient_status == "20":
                assert any(o.code == "55" for o in c.occurrences)
            if c.frequency == "7":
                assert len(c.conditions) == 1 and c.original_reference
                if c.conditions == ["D9"]:
                    assert c.remarks
        elif c.type_of_bill == "32A":
            assert [ln.code for ln in c.lines] == ["1AA11"]
            assert 0 < (c.envelope.bht_date - c.admission_date).days <= 5
        else:
            assert {o.code for o in c.occurrences} == {"35", "29"}
            assert all(ln.revenue_code.startswith("042") for ln in c.lines)


def test_telehealth_claims():
    claims = list(generate_claims("th", 500, seed=1))
    assert {c.place_of_service for c in claims} == {"02", "10"}
    assert any(c.patient for c in claims) and any(c.patient is None for c in claims)
    for c in claims:
        em = c.lines[0]
        assert em.code in {"99212", "99213", "99214", "99215", "99202", "99203", "99204", "99205"}
        assert em.modifiers in (["95"], ["93"])
        assert c.rendering.taxonomy in ("207Q00000X", "363L00000X")
        assert c.principal_diagnosis and 1 <= len(em.diagnosis_pointers) <= 1 + len(c.diagnoses)
        assert (c.patient is None) == (c.relationship == "18")


def test_generated_claims_are_clean_under_every_edit():
    from casekit import case_codes

    from teleclaim.rules.engine import Engine

    eng = Engine(codes=case_codes(), as_of=dt.date(2026, 11, 1))
    found = [
        f"{c.claim_id} {c.type_of_bill} {f.rule}: {f.message}"
        for kind in ("hh", "th")
        for c in generate_claims(kind, 1000, seed=5)
        for f in eng.check(c)
        if f.severity in ("error", "warning")
    ]
    assert not found, found[:5]


def test_cli_generate_writes_x12_and_jsonl(tmp_path, capsys):
    from teleclaim.cli.main import main
    from teleclaim.model.jsonform import claim_from_json

    x = tmp_path / "hh.837"
    assert main(["generate", "--kind", "hh", "--claims", "5", "--seed", "2", "-o", str(x)]) == 0
    assert x.read_text() == generate_x12("hh", 5, seed=2)
    j = tmp_path / "th.jsonl"
    assert main(["generate", "--kind", "th", "--claims", "4", "--format", "jsonl", "-o", str(j)]) == 0
    rows = [json.loads(ln) for ln in j.read_text().splitlines()]
    assert [claim_from_json(r) for r in rows] == list(generate_claims("th", 4))
    assert main(["generate", "--kind", "th", "--claims", "1"]) == 0
    assert capsys.readouterr().out.startswith("ISA*")

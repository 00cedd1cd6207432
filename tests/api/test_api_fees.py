"""Fees endpoints: GET /v1/price/{code} and POST /v1/estimate answer the CLI's JSON; estimate needs a key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teleclaim.cli.main import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def pfs(env, capsys):
    d = SHARED / "data" / "pfs"
    if not d.is_dir():
        pytest.skip("../shared absent")
    assert (
        main(
            [
                "data",
                "import",
                str(d / "rvu25d" / "PPRRVU2025_Oct.csv.xz"),
                str(d / "rvu25d" / "GPCI2025.csv"),
                str(d / "zip5_oct2025" / "ZIP5_OCT2025.txt.xz"),
            ]
        )
        == 0
    )
    capsys.readouterr()


def test_price_answers_the_cli_json(client, capsys, pfs):
    assert main(["price", "99213", "--on", "2025-11-03", "--zip", "94103", "--pos", "10", "--json"]) == 0
    want = json.loads(capsys.readouterr().out)
    r = client.get("/v1/price/99213?on=2025-11-03&zip=94103&pos=10")
    assert r.status_code == 200 and r.json() == want and r.json()["allowed"] == "109.15"
    assert "/v1/price/{code}" in client.get("/openapi.json").json()["paths"]


def test_price_errors_share_one_shape(client, pfs):
    r = client.get("/v1/price/99213?on=2019-01-01")
    assert r.status_code >= 400 and r.json()["error"]["code"] == "no_pfs_release"
    r = client.get("/v1/price/ZZZZ9?on=2025-11-03")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_in_fee_schedule"
    r = client.get("/v1/price/99213")
    assert r.status_code == 422 and "error" in r.json()


def test_estimate_needs_a_key_and_answers_the_cli_json(client, capsys, pfs, auth, tmp_path):
    claim = {
        "claim_id": "P1",
        "kind": "837P",
        "facility_code": "11",
        "frequency": "1",
        "claim_filing": "MB",
        "statement_from": "2025-11-03",
        "statement_to": "2025-11-03",
        "billing_provider": {"name": "CLINIC", "npi": "1234567893", "address": {"zip": "94103"}},
        "lines": [{"line": 1, "code": "99213", "units": "1", "date": "2025-11-03", "charge": "150.00"}],
    }
    body = json.dumps(claim).encode()
    assert client.post("/v1/estimate", content=body).status_code == 401
    f = tmp_path / "upload.json"
    f.write_bytes(body)
    assert main(["estimate", str(f), "--json"]) == 0
    want = json.loads(capsys.readouterr().out)
    r = client.post("/v1/estimate?name=" + str(f), content=body, headers=auth)
    assert r.status_code == 200 and r.json() == want
    assert r.json()["claims"][0]["estimate"] == "109.15"

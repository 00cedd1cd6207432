"""Web pages of fees: /price (with its locality picker and JSON twin) and /estimate (signed in,
estimate beside the findings)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from teleclaim.cli.main import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


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


def test_price_page_shows_amounts_localities_and_has_a_json_twin(client, pfs):
    r = client.get("/price?code=99213&on=2025-11-03&zip=94103&pos=10")
    assert r.status_code == 200 and "109.15" in r.text and "SAN FRANCISCO" in r.text
    assert 'value="01112-05"' in r.text  # the locality picker lists the release's localities
    for m in re.finditer(r'<(?:input|select)[^>]*id="([^"]+)"', r.text):
        assert f'for="{m.group(1)}"' in r.text
    twin = client.get("/price?code=99213&on=2025-11-03&zip=94103&pos=10&format=json").json()
    assert twin == client.get("/v1/price/99213?on=2025-11-03&zip=94103&pos=10").json()
    bad = client.get("/price?code=99213&on=2019-01-01")
    assert bad.status_code == 422 and "import the CMS RVU file" in bad.text


def test_estimate_page_needs_sign_in_and_shows_estimate_beside_findings(client, pfs, key, tmp_path):
    assert client.get("/estimate", follow_redirects=False).status_code == 303
    page = client.get("/signin").text
    client.post("/signin", data={"csrf": token(page), "key": key}, follow_redirects=False)
    form = client.get("/estimate").text
    claim = {
        "claim_id": "P1",
        "kind": "837P",
        "facility_code": "10",
        "frequency": "1",
        "claim_filing": "MB",
        "statement_from": "2025-11-03",
        "statement_to": "2025-11-03",
        "billing_provider": {"name": "CLINIC", "npi": "1234567893", "address": {"zip": "94103"}},
        "lines": [
            {"line": 1, "code": "99213", "units": "1", "date": "2025-11-03", "charge": "150.00"},
            {"line": 2, "code": "99441", "units": "1", "date": "2025-11-03", "charge": "50.00"},
        ],
    }
    files = {"files": ("c.json", json.dumps(claim).encode(), "application/json")}
    r = client.post("/estimate", data={"csrf": token(form)}, files=files)
    assert r.status_code == 200
    assert "109.15" in r.text and "TH001" in r.text and "not billable" in r.text
    r = client.post("/estimate", data={"csrf": "wrong"}, files=files)
    assert r.status_code == 403


def test_check_page_shows_each_claims_estimate_beside_its_findings(client, pfs, key):
    page = client.get("/signin").text
    client.post("/signin", data={"csrf": token(page), "key": key}, follow_redirects=False)
    form = client.get("/check").text
    claim = {
        "claim_id": "P9",
        "kind": "837P",
        "facility_code": "10",
        "frequency": "1",
        "claim_filing": "MB",
        "statement_from": "2025-11-03",
        "statement_to": "2025-11-03",
        "billing_provider": {"name": "CLINIC", "npi": "1234567893", "address": {"zip": "94103"}},
        "lines": [{"line": 1, "code": "99213", "units": "1", "date": "2025-11-03", "charge": "150.00"}],
    }
    files = {"files": ("c.json", json.dumps(claim).encode(), "application/json")}
    r = client.post("/check", data={"csrf": token(form)}, files=files)
    assert r.status_code == 200 and "Estimate (pfs): 109.15" in r.text

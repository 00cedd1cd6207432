"""The roster endpoints: the key is required for every one; each answers the CLI's JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
from rosterkit import roster  # noqa: E402


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/clinicians"),
        ("GET", "/v1/clinicians/1234567893"),
        ("POST", "/v1/clinicians"),
        ("GET", "/v1/can-treat?npi=1234567893&state=TX"),
    ],
)
def test_key_required(client, method, path):
    r = client.request(method, path, content=json.dumps(roster()) if method == "POST" else None)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_import_list_show_can_treat(client, auth):
    r = client.post(
        "/v1/clinicians", content=json.dumps(roster()), headers={**auth, "content-type": "application/json"}
    )
    assert r.status_code == 200 and r.json()["added"] == 3 and r.json()["teleclaim_version"]
    r = client.get("/v1/clinicians?on=2026-03-02", headers=auth)
    assert r.json()["count"] == 3
    r = client.get("/v1/clinicians/1316205081", headers=auth)
    assert r.json()["clinician"]["compact_privileges"][0]["kind"] == "APIT"
    assert r.json()["audit"][0]["key_name"] == "tester"
    r = client.get(
        "/v1/can-treat",
        params={"npi": "1316205081", "state": "CO", "on": "2026-03-02", "payer": "medicare"},
        headers=auth,
    )
    doc = r.json()
    assert r.status_code == 200 and doc["allowed"] and r.headers["x-teleclaim-exit"] == "0"
    assert doc["basis"][0] == {
        "kind": "privilege",
        "compact": "PSYPACT",
        "privilege": "APIT",
        "home_state": "AZ",
        "state": "CO",
        "number": "APIT-1288",
        "expires": "2026-12-31",
    }
    r = client.get(
        "/v1/can-treat",
        params={"npi": "1316205081", "state": "CO", "on": "2026-03-02", "mode": "in_person"},
        headers=auth,
    )
    assert r.json()["allowed"] is False and r.headers["x-teleclaim-exit"] == "1"


def test_errors_share_the_error_shape(client, auth):
    r = client.get("/v1/clinicians/1234567893", headers=auth)
    assert r.status_code == 404 and r.json()["error"]["code"] == "clinician_not_found"
    bad = roster()
    bad["clinicians"][0]["licenses"][0]["state"] = "XX"
    r = client.post("/v1/clinicians", content=json.dumps(bad), headers=auth)
    e = r.json()["error"]
    assert r.status_code == 422 and e["pointer"] == "/clinicians/0/licenses/0/state" and e["value"] == "XX"
    r = client.get("/v1/clinicians", headers=auth)
    assert r.json()["count"] == 0  # nothing imported
    r = client.get("/v1/can-treat", params={"npi": "1234567893", "state": "TX", "on": "soon"}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "on"


def test_csv_body(client, auth):
    csv = "npi,name,profession,record,state,number,expires\n1234567893,Ana Ruiz,physician,license,TX,Q1,2027-01-31\n"
    r = client.post("/v1/clinicians?name=team.csv", content=csv, headers={**auth, "content-type": "text/csv"})
    assert r.status_code == 200 and r.json()["source"] == "team.csv"


def test_openapi_declares_the_roster_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/clinicians", "/v1/clinicians/{npi}", "/v1/can-treat"} <= set(paths)
    assert "text/csv" in paths["/v1/clinicians"]["post"]["requestBody"]["content"]


def test_suggest_judges_npi_and_patient_state_only_with_a_key(client, auth):
    client.post("/v1/clinicians", content=json.dumps(roster()), headers=auth)
    enc = {
        "kind": "telehealth_em",
        "date": "2026-03-02",
        "patient": "established",
        "mode": "audio_video",
        "patient_location": "home",
        "mdm": "low",
        "npi": "1234567893",
        "patient_state": "PA",
    }
    doc = client.post("/v1/suggest", content=json.dumps(enc), headers=auth).json()
    assert doc["may_treat"]["allowed"] is False and any("may not treat" in n for n in doc["notes"])
    anon = client.post("/v1/suggest", content=json.dumps(enc)).json()
    assert anon["may_treat"] is None and any("no clinician roster" in n for n in anon["notes"])

"""The roster pages: signed-in only, status chips, lapses in 60 days, the state map with its table
twin and JSON twin."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
from rosterkit import roster  # noqa: E402


def sign_in(client, key):
    tok = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text).group(1)
    return client.post("/signin", data={"csrf": tok, "key": key}, follow_redirects=False)


def load(client, auth):
    assert client.post("/v1/clinicians", content=json.dumps(roster()), headers=auth).status_code == 200


def test_pages_need_sign_in(client):
    r = client.get("/clinicians", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin"
    assert client.get("/clinicians/1234567893?format=json").status_code == 401


def test_roster_page_chips_and_lapses(client, key, auth):
    load(client, auth)
    sign_in(client, key)
    html = client.get("/clinicians?on=2026-03-02").text
    assert "Clinician roster (3)" in html and "chip-lapsing" in html and "chip-active" in html
    assert "RN-883201" in html and "2026-03-31" in html  # lapses within 60 days
    doc = client.get("/clinicians?on=2026-03-02&format=json").json()
    assert doc["count"] == 3 and doc["teleclaim_version"]


def test_clinician_map_has_51_tiles_and_a_table_twin(client, key, auth):
    load(client, auth)
    sign_in(client, key)
    html = client.get("/clinicians/1245319599?on=2026-03-02").text
    assert html.count("<rect x=") == 51
    assert 'role="img"' in html and '<title id="maptitle">' in html
    doc = client.get("/clinicians/1245319599?on=2026-03-02&format=json").json()
    states = {s["state"]: s for s in doc["map"]["states"]}
    assert len(states) == 51 and states["TX"]["how"] == "license" and states["PA"]["how"] == "compact"
    assert states["CA"]["allowed"] is False
    row = re.search(r'<th scope="row">PA</th><td>(\w+)</td>', html)
    assert row and row.group(1) == "yes"
    assert html.count('<th scope="row">') == 51
    psy = client.get("/clinicians/1316205081?on=2026-03-02&mode=in_person&format=json").json()
    assert {s["state"] for s in psy["map"]["states"] if s["allowed"]} == {"AZ"}


def test_unknown_clinician_page(client, key):
    sign_in(client, key)
    r = client.get("/clinicians/1234567893")
    assert r.status_code == 404

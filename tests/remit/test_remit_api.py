"""POST /v1/remit, /v1/status and /v1/ack?format=277ca: key required, the CLI's answers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from remitkit import remittance, submitted  # noqa: E402


def test_every_remit_endpoint_needs_the_key(client, tmp_path):
    assert client.post("/v1/remit", files={"files": ("a.835", b"ISA")}).status_code == 401
    assert client.post("/v1/status", content=b"ISA").status_code == 401
    assert client.post("/v1/ack?format=277ca", content=b"ISA").status_code == 401


def test_remit_with_submitted_claims(client, auth, tmp_path):
    sent, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims, deny={claims[1].claim_id: ("CO", "4", None)})
    r = client.post(
        "/v1/remit",
        headers=auth,
        files=[("files", ("paid.835", paid.read_bytes())), ("claims", ("sent.837", sent.read_bytes()))],
    )
    assert r.status_code == 200, r.text
    data = r.json()
    assert r.headers["x-teleclaim-exit"] == "0" and data["balanced"] is True and data["files"] == ["paid.835"]
    assert data["denials"]["claims"] == 1 and data["denials"]["caught_at_submission"] == 1


def test_remit_refuses_a_non_835_with_415(client, auth, tmp_path):
    sent, _ = submitted(tmp_path)
    r = client.post("/v1/remit", headers=auth, files=[("files", ("sent.837", sent.read_bytes()))])
    assert r.status_code == 415 and "not an 835" in r.json()["error"]["message"]


def test_ack_277ca_and_status_round_trip(client, auth, tmp_path):
    sent, claims = submitted(tmp_path)
    r = client.post("/v1/ack?format=277ca", headers=auth, content=sent.read_bytes())
    assert r.status_code == 200 and "ST*277*" in r.text and "005010X214" in r.text
    assert r.headers["x-teleclaim-accepted"] == "0" and r.headers["x-teleclaim-claims-rejected"] == "1"
    s = client.post("/v1/status", headers=auth, content=r.content)
    assert s.status_code == 200 and (s.json()["accepted"], s.json()["rejected"]) == (len(claims) - 1, 1)
    assert "ST*999*" in client.post("/v1/ack", headers=auth, content=sent.read_bytes()).text

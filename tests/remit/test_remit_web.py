"""The Remittance page: sign-in required, upload an 835 (and the submitted claims), see the denials."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from remitkit import remittance, submitted  # noqa: E402


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, key):
    client.post("/signin", data={"csrf": token(client.get("/signin").text), "key": key}, follow_redirects=False)


def test_the_page_needs_a_signed_in_key(client):
    r = client.get("/remit", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin"


def test_upload_shows_paid_and_the_preventing_rule(client, key, tmp_path):
    sign_in(client, key)
    page = client.get("/remit").text
    assert "Remittance" in page
    sent, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims, deny={claims[1].claim_id: ("CO", "4", None)})
    r = client.post(
        "/remit",
        data={"csrf": token(page)},
        files=[("files", ("paid.835", paid.read_bytes())), ("claims", ("sent.837", sent.read_bytes()))],
    )
    assert r.status_code == 200
    assert "1 denied claims" in r.text and "1 caught at submission" in r.text
    assert 'href="/rules/TH007"' in r.text and "flagged it at submission (TH007)" in r.text
    assert claims[0].claim_id in r.text


def test_upload_without_csrf_is_refused(client, key, tmp_path):
    sign_in(client, key)
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims)
    r = client.post("/remit", data={"csrf": "nope"}, files=[("files", ("paid.835", paid.read_bytes()))])
    assert r.status_code == 403


def test_a_non_835_upload_says_what_it_is(client, key, tmp_path):
    sign_in(client, key)
    sent, _ = submitted(tmp_path)
    r = client.post(
        "/remit", data={"csrf": token(client.get("/remit").text)}, files=[("files", ("sent.837", sent.read_bytes()))]
    )
    assert r.status_code == 422 and "not an 835" in r.text

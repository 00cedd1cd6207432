"""Web UI pages through the ASGI client: every page renders, has a JSON twin, forms need their CSRF
token, claim upload needs a signed-in session, findings are grouped by claim with links and fixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, key):
    tok = token(client.get("/signin").text)
    return client.post("/signin", data={"csrf": tok, "key": key}, follow_redirects=False)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=nurse+phone+call",
        "/codes/G0321?on=2026-01-05",
        "/rules",
        "/rules/TH011",
        "/suggest",
        "/suggest/home_health_visit",
        "/suggest/e_visits",
        "/suggest/rtm",
        "/signin",
    ],
)
def test_pages_render_with_labels_and_main_landmark(client, path):
    r = client.get(path)
    assert r.status_code == 200 and 'lang="en"' in r.text and '<main id="main">' in r.text
    for m in re.finditer(r'<input[^>]*id="([^"]+)"', r.text):  # every visible input has a label
        if 'type="hidden"' not in m.group(0) and 'type="checkbox"' not in m.group(0):
            assert f'for="{m.group(1)}"' in r.text, m.group(0)


def test_search_results_and_json_twin(client):
    html = client.get("/?q=nurse+phone+call").text
    assert 'href="/codes/G0321?system=hcpcs"' in html
    twin = client.get("/?q=nurse+phone+call&format=json").json()
    assert twin == client.get("/v1/search?q=nurse%20phone%20call&limit=20").json()


def test_code_page_shows_timeline_admin_fields_companion_and_sources(client):
    html = client.get("/codes/G0154?on=2016-03-02").text
    assert "Not valid on 2016-03-02" in html and "through 2015-12-31" in html
    html = client.get("/codes/G0321?on=2026-01-05").text
    for part in (
        "Valid on 2026-01-05",
        "nurse phone call from the agency",
        "HCPCS administrative fields",
        "Companion rules",
        "Related codes",
        "G0320",
        "Sources",
        'href="/v1/codes/G0321?on=2026-01-05"',
    ):
        assert part in html, part


def test_unknown_code_and_rule_pages_are_404_with_suggestions(client):
    r = client.get("/codes/G032")
    assert r.status_code == 404 and "Did you mean" in r.text
    r = client.get("/rules/TH01")
    assert r.status_code == 404 and 'href="/rules/TH0' in r.text


def test_suggest_form_shows_lines_reasons_and_rejected(client):
    page = client.get("/suggest/home_health_visit").text
    r = client.post(
        "/suggest/home_health_visit",
        data={"csrf": token(page), "date": "2026-03-02", "discipline": "RN", "purpose": "direct_care", "minutes": "23"},
    )
    assert r.status_code == 200
    assert "G0299" in r.text and "revenue code 0551" in r.text and "units 2" in r.text
    assert "Rejected alternatives" in r.text


def test_suggest_form_without_csrf_is_refused(client):
    client.get("/suggest/home_health_visit")
    r = client.post("/suggest/home_health_visit", data={"date": "2026-03-02", "discipline": "RN", "minutes": "23"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_suggest_form_bad_facts_are_explained(client):
    page = client.get("/suggest/e_visits").text
    r = client.post(
        "/suggest/e_visits", data={"csrf": token(page), "clinician": "physician", "interactions": "yesterday"}
    )
    assert r.status_code == 422 and "interactions line 1" in r.text


def test_check_requires_sign_in(client):
    r = client.get("/check", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin"
    page = client.get("/signin").text
    files = {"files": ("e.837", (EXAMPLES / "home_health_errors_837i.837").read_bytes())}
    r = client.post("/check", data={"csrf": token(page)}, files=files)
    assert r.status_code == 401 and "HHERR" not in r.text


def test_wrong_key_is_refused(client, key):
    r = sign_in(client, "tck_not-a-key")
    assert r.status_code == 401 and "refused" in r.text


def test_sign_in_upload_findings_and_downloads(client, key):
    r = sign_in(client, key)
    assert r.status_code == 303 and r.headers["location"] == "/check"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    page = client.get("/check").text
    files = [
        ("files", ("errors.837", (EXAMPLES / "home_health_errors_837i.837").read_bytes())),
        ("files", ("tele.837", (EXAMPLES / "telehealth_errors_837p.837").read_bytes())),
    ]
    r = client.post("/check", data={"csrf": token(page), "as_of": "2026-10-15"}, files=files)
    assert r.status_code == 200
    html = r.text
    assert "11 claims: 11 findings" in html
    assert "claim HHERR-01" in html and 'href="/rules/HH013"' in html and "Fix:" in html
    assert "claim THERR-05" in html and 'href="/rules/TH020"' in html
    rid = re.search(r'/check/report/([^".]+)\.json', html).group(1)
    data = client.get(f"/check/report/{rid}.json").json()
    assert data["summary"]["findings"] == 11 and data["teleclaim_version"]
    assert client.get(f"/check/report/{rid}.sarif").json()["version"] == "2.1.0"


def test_upload_without_csrf_is_refused(client, key):
    sign_in(client, key)
    files = {"files": ("e.837", (EXAMPLES / "home_health_errors_837i.837").read_bytes())}
    r = client.post("/check", files=files)
    assert r.status_code == 403 and "HHERR" not in r.text


def test_revoked_key_ends_the_session(client, key):
    from teleclaim.store import open_store
    from teleclaim.store.keys import KeyStore

    sign_in(client, key)
    assert client.get("/check", follow_redirects=False).status_code == 200
    KeyStore(open_store()).revoke("tester")
    r = client.get("/check", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin"


def test_reports_are_private_to_the_session(app, client, key):
    from fastapi.testclient import TestClient

    sign_in(client, key)
    page = client.get("/check").text
    files = {"files": ("e.837", (EXAMPLES / "home_health_errors_837i.837").read_bytes())}
    html = client.post("/check", data={"csrf": token(page)}, files=files).text
    rid = re.search(r'/check/report/([^".]+)\.json', html).group(1)
    with TestClient(app, base_url="https://testserver") as other:
        r = other.get(f"/check/report/{rid}.json")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"

"""What /openapi.json promises (issue 12, API contract): declared bodies, documented errors in one
shape, auth visible, 405 with Allow, parameter names in errors, /docs without a CDN."""

from __future__ import annotations

import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_bodies_are_declared_with_their_media_types(client):
    paths = client.get("/openapi.json").json()["paths"]
    check = paths["/v1/check"]["post"]["requestBody"]
    assert check["required"] is True
    assert {"text/plain", "application/edi-x12", "application/json", "application/x-ndjson"} <= set(check["content"])
    assert set(paths["/v1/ack"]["post"]["requestBody"]["content"]) == {"text/plain", "application/edi-x12"}
    sugg = paths["/v1/suggest"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/Encounter"} in sugg["oneOf"]


def test_every_error_status_uses_the_one_error_schema(client):
    doc = client.get("/openapi.json").json()
    assert "ErrorBody" in doc["components"]["schemas"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]  # FastAPI's own shape is never answered
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for status, resp in op["responses"].items():
                if status.startswith(("4", "5")):
                    ref = resp["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorBody", (method, path, status)
    claims = doc["paths"]["/v1/check"]["post"]["responses"]
    assert {"401", "405", "413", "422", "504"} <= set(claims)
    assert "Allow" in claims["405"]["headers"]


def test_auth_is_declared_and_checked_before_the_body(client, auth):
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key made with `teleclaim keys create NAME`.",
    }
    assert doc["paths"]["/v1/check"]["post"]["security"] == [{"apiKey": []}]
    assert "security" not in doc["paths"]["/v1/suggest"]["post"]
    r = client.post("/v1/check", content=b"x" * 10)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"


def test_405_carries_allow(client):
    r = client.delete("/v1/rules")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert r.headers["allow"] == "GET"
    r = client.get("/v1/check")
    assert r.status_code == 405 and r.headers["allow"] == "POST"


def test_api_errors_name_parameters_not_cli_options(client, auth):
    r = client.get("/v1/codes/G0320?system=nosuch")
    assert r.status_code == 422
    err = r.json()["error"]
    assert "--" not in err["message"] and err["message"].startswith("system 'nosuch'")
    assert err["parameter"] == "system"
    r = client.get("/v1/search?q=nurse&limit=0")
    assert r.status_code == 422 and "--" not in r.json()["error"]["message"]
    assert r.json()["error"]["parameter"] == "limit"
    r = client.get("/v1/codes/G0320?on=2026-02-30")
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "on"
    r = client.post("/v1/check?select=NOPE", content=(EXAMPLES / "telehealth_837p.837").read_bytes(), headers=auth)
    assert r.status_code == 422 and "--" not in r.json()["error"]["message"]


def test_curl_data_binary_form_encoded_body_is_still_read(client, auth):
    body = (EXAMPLES / "telehealth_837p.837").read_bytes()
    r = client.post(
        "/v1/check?as_of=2026-10-15",
        content=body,
        headers={**auth, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200, r.text
    r = client.post(
        "/v1/suggest",
        content=b'{"kind": "home_health_visit", "date": "2026-03-02", "discipline": "RN", "minutes": 50}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200 and r.json()["billable"] is True


def test_docs_are_served_without_a_cdn(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert assets and all(a.startswith("/") for a in assets), assets  # nothing from another host
    for a in assets:
        got = client.get(a)
        assert got.status_code == 200 and len(got.content) > 100, a


def test_a_binary_body_is_refused_not_a_server_error(client, auth):
    r = client.post(
        "/v1/check", content=bytes(range(200, 256)) * 4, headers={**auth, "Content-Type": "application/json"}
    )
    assert r.status_code in (415, 422), r.text
    assert r.json()["error"]["code"] in ("not_text", "unsupported_file")

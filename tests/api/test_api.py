"""The REST API answers the CLI's JSON, requires a key for claims, and keeps one error shape."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def cli_json(capsys, *args):
    rc = main([str(a) for a in args])
    return rc, json.loads(capsys.readouterr().out)


def test_health_and_openapi(client):
    assert client.get("/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {
        "/v1/codes/{code}",
        "/v1/search",
        "/v1/rules",
        "/v1/rules/{code}",
        "/v1/suggest",
        "/v1/check",
        "/v1/ack",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(
    ("path", "args"),
    [
        ("/v1/codes/G0321?on=2026-01-05", ["code", "G0321", "--on", "2026-01-05", "--json"]),
        ("/v1/codes/G0154?on=2016-03-02", ["code", "G0154", "--on", "2016-03-02", "--json"]),
        ("/v1/search?q=nurse%20phone%20call", ["search", "nurse", "phone", "call", "--json"]),
        (
            "/v1/search?q=telehealth%20home&system=pos&on=2023-01-01",
            ["search", "telehealth", "home", "--system", "pos", "--on", "2023-01-01", "--json"],
        ),
        ("/v1/rules", ["rules", "--format", "json"]),
        ("/v1/rules/TH011", ["rules", "TH011", "--format", "json"]),
        ("/v1/rules/home-originating-site-not-allowed-on-date", ["rules", "TH011", "--format", "json"]),
    ],
)
def test_reference_endpoints_answer_the_cli_json(client, capsys, path, args):
    _, want = cli_json(capsys, *args)
    got = client.get(path)
    assert got.status_code == 200 and got.json() == want


def test_suggest_answers_the_cli_json(client, capsys):
    enc = EXAMPLES / "encounters" / "telehealth_em_medicare_home.json"
    _, want = cli_json(capsys, "suggest", "--format", "json", enc)
    got = client.post("/v1/suggest", content=enc.read_bytes(), headers={"Content-Type": "application/json"})
    assert got.status_code == 200 and got.json() == want


def test_check_needs_a_key_and_reads_nothing_without_one(client, env):
    body = (EXAMPLES / "home_health_errors_837i.837").read_bytes()
    for headers in ({}, {"Authorization": "Bearer tck_wrong"}, {"Authorization": "Basic abc"}):
        r = client.post("/v1/check", content=body, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"]["code"] == "unauthorized"
    rows = sqlite3.connect(env / "store.sqlite3").execute("SELECT action, status, detail FROM audit_log").fetchall()
    assert rows and all(r[1] == 401 for r in rows)
    assert not any("HHERR" in str(r) for r in rows)
    assert client.post("/v1/ack", content=body).status_code == 401


def test_check_answers_the_cli_json(client, capsys, auth):
    path = EXAMPLES / "home_health_errors_837i.837"
    _, want = cli_json(capsys, "check", path, "--format", "json", "--as-of", "2026-10-15")
    r = client.post(f"/v1/check?as_of=2026-10-15&name={path}", content=path.read_bytes(), headers=auth)
    assert r.status_code == 200 and r.headers["x-teleclaim-exit"] == "1"
    assert r.json() == want
    assert [f["rule"] for f in r.json()["findings"]] == ["HH013", "HH001", "HH022", "HH019", "HH024"]


def test_check_json_claims_sarif_payer_and_select(client, auth):
    body = (EXAMPLES / "telehealth_errors_837p.837").read_bytes()
    r = client.post("/v1/check?format=sarif&as_of=2026-10-15", content=body, headers=auth)
    sarif = r.json()
    assert r.status_code == 200 and sarif["version"] == "2.1.0"
    assert {res["ruleId"] for res in sarif["runs"][0]["results"]} == {
        "TH001",
        "TH002",
        "TH004",
        "TH008",
        "TH009",
        "TH020",
    }
    r = client.post("/v1/check?as_of=2026-10-15&select=TH002&payer=commercial", content=body, headers=auth)
    assert r.json()["findings"] == [] and r.headers["x-teleclaim-exit"] == "0"


def test_check_accepts_the_json_claim_form(client, capsys, auth, tmp_path):
    main(["read", str(EXAMPLES / "telehealth_errors_837p.837"), "--format", "jsonl"])
    jsonl = capsys.readouterr().out
    r = client.post(
        "/v1/check?as_of=2026-10-15", content=jsonl.encode(), headers={**auth, "Content-Type": "application/x-ndjson"}
    )
    assert r.status_code == 200 and len(r.json()["findings"]) == 6
    one = json.loads(jsonl.splitlines()[0])
    r = client.post("/v1/check?as_of=2026-10-15", json=one, headers=auth)
    assert [f["rule"] for f in r.json()["findings"]] == ["TH002"]


def test_ack_returns_the_999(client, auth):
    ok = client.post("/v1/ack", content=(EXAMPLES / "home_health_837i.837").read_bytes(), headers=auth)
    assert ok.status_code == 200 and ok.text.startswith("ISA") and "AK9*A" in ok.text
    assert ok.headers["x-teleclaim-accepted"] == "1"
    bad = (EXAMPLES / "home_health_837i.837").read_text().replace("SE*", "SE*9", 1)
    r = client.post("/v1/ack", content=bad.encode(), headers=auth)
    assert r.status_code == 200 and r.headers["x-teleclaim-accepted"] == "0" and "IK5*R" in r.text


def test_revoked_and_expired_keys_get_401(client, env, key, auth):
    from teleclaim.store import open_store
    from teleclaim.store.keys import KeyStore

    ks = KeyStore(open_store())
    body = (EXAMPLES / "home_health_837i.837").read_bytes()
    assert client.post("/v1/check", content=body, headers=auth).status_code == 200
    ks.revoke("tester")
    r = client.post("/v1/check", content=body, headers=auth)
    assert r.status_code == 401 and r.json()["error"]["reason"] == "revoked"
    import datetime as dt

    old = ks.create("old", expires=dt.date(2020, 1, 1))
    r = client.post("/v1/check", content=body, headers={"Authorization": f"Bearer {old}"})
    assert r.status_code == 401 and r.json()["error"]["reason"] == "expired"


def test_audit_log_has_counts_not_contents(client, env, auth):
    client.post("/v1/check", content=(EXAMPLES / "home_health_errors_837i.837").read_bytes(), headers=auth)
    rows = (
        sqlite3.connect(env / "store.sqlite3")
        .execute("SELECT key_name, action, status, detail FROM audit_log")
        .fetchall()
    )
    assert ("tester", "POST /v1/check", 200, "claims=5 findings=5") in rows
    assert not any("HHERR" in str(r) or "G0154" in str(r) for r in rows)


def test_body_limit_gives_413(env, monkeypatch, key):
    monkeypatch.setenv("TELECLAIM_MAX_BODY_BYTES", "1000")
    from fastapi.testclient import TestClient

    from teleclaim.api import create_app

    with TestClient(create_app(), base_url="https://testserver") as c:
        r = c.post(
            "/v1/check",
            content=(EXAMPLES / "home_health_837i.837").read_bytes(),
            headers={"Authorization": f"Bearer {key}"},
        )
        assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
        assert "1,000" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/v1/codes/G9999", None, 404, "not_found"),
        ("get", "/v1/codes/G0321?on=2026-13-40", None, 422, "invalid_input"),
        ("get", "/v1/search", None, 422, "invalid_request"),
        ("get", "/v1/rules/HH999", None, 404, "rule_not_found"),
        ("get", "/v1/nothing", None, 404, "not_found"),
        ("delete", "/v1/rules", None, 405, "method_not_allowed"),
        ("post", "/v1/suggest", b"{not json", 422, "invalid_json"),
        ("post", "/v1/suggest", b'{"kind": "teleport"}', 422, "unknown_encounter_kind"),
        ("post", "/v1/check", b"ISA", 401, "unauthorized"),
    ],
)
def test_every_error_has_the_cli_error_shape(client, method, path, body, status, code):
    r = getattr(client, method)(path, **({"content": body} if body is not None else {}))
    assert r.status_code == status
    err = r.json()["error"]
    assert err["code"] == code and err["message"] and set(r.json()) == {"error"}


def test_not_found_code_carries_suggestions_like_the_cli(client, capsys):
    rc = main(["code", "G032", "--json"])
    want = json.loads(capsys.readouterr().out)
    got = client.get("/v1/codes/G032").json()
    assert rc == 1 and got["error"] == want["error"] and got["error"]["suggestions"]


def test_unreadable_upload_is_refused_with_its_reason(client, auth):
    r = client.post("/v1/check", content="ISA*00*...".encode("utf-16"), headers=auth)
    assert r.status_code in (415, 422) and "UTF-16" in r.json()["error"]["message"]
    r = client.post("/v1/check", content=b"", headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty_body"


def test_access_log_lines_carry_no_query_string(app):
    import logging

    from teleclaim.api.app import create_app

    create_app()  # the app fixture made one already: the filter is installed once
    access = logging.getLogger("uvicorn.access")
    rec = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", "/v1/check?name=DOE_JANE_claims.837", "1.1", 200),
        None,
    )
    assert all(f.filter(rec) for f in access.filters)
    line = rec.getMessage()
    assert "DOE_JANE" not in line and "/v1/check?" in line
    assert sum(1 for f in access.filters if type(f).__name__ == "AccessLogWithoutQuery") == 1

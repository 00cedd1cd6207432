"""Contract details of the REST API found by exercising it as an integrator would (issue 7)."""

from __future__ import annotations

import json
from pathlib import Path

from teleclaim.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _jsonl(capsys) -> str:
    main(["read", str(EXAMPLES / "telehealth_errors_837p.837"), "--format", "jsonl"])
    return capsys.readouterr().out


def test_check_reads_json_lines_whatever_the_content_type(client, capsys, auth):
    # `curl --data-binary @claims.jsonl` sends application/x-www-form-urlencoded; other clients send
    # application/json or nothing: the body itself says it is JSON lines
    jsonl = _jsonl(capsys)
    for ctype in (None, "application/x-www-form-urlencoded", "application/json", "application/octet-stream"):
        headers = {**auth, **({"Content-Type": ctype} if ctype else {})}
        r = client.post("/v1/check?as_of=2026-10-15", content=jsonl.encode(), headers=headers)
        assert r.status_code == 200, (ctype, r.text)
        assert len(r.json()["findings"]) == 6


def test_check_still_reads_one_claim_or_a_list_of_claims(client, capsys, auth):
    lines = _jsonl(capsys).splitlines()
    one = json.loads(lines[0])
    for body in (json.dumps(one, indent=2), json.dumps(one), json.dumps([json.loads(x) for x in lines])):
        r = client.post("/v1/check?as_of=2026-10-15", content=body.encode(), headers=auth)
        assert r.status_code == 200, r.text
    assert r.json()["summary"]["claims"] == len(lines)


def test_search_limit_accepts_what_the_cli_accepts(client, capsys):
    rc = main(["search", "nurse", "--limit", "200", "--json"])
    want = json.loads(capsys.readouterr().out)
    got = client.get("/v1/search?q=nurse&limit=200")
    assert rc == 0 and got.status_code == 200 and got.json() == want
    r = client.get("/v1/search?q=nurse&limit=501")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_unknown_payer_parameter_is_named_as_the_parameter(client, auth):
    r = client.post("/v1/check?payer=aetna", content=(EXAMPLES / "telehealth_837p.837").read_bytes(), headers=auth)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "unknown_payer_profile" and err["message"].startswith("payer: unknown payer profile")
    assert "teleclaim.toml" not in err["message"] and "medicare" in err["message"]

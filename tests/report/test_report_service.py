"""``/v1/reports/utilization`` (GET: the ledger, POST: a file) and the web UI's Reports page."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, prof, visit  # noqa: E402


def body() -> bytes:
    claims = [
        prof("C1", 1, [line(1, "99213", pos="10"), line(2, "99441")]),
        prof("C2", 2, [line(1, "99214", mods=("95",))]),
        hh("H1", 4, "329", "2026-03-01", [visit(), visit("G0320", "0580")]),
    ]
    return "".join(json.dumps(c) + "\n" for c in claims).encode()


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_the_api_needs_a_key(client):
    assert client.get("/v1/reports/utilization").status_code == 401
    r = client.post("/v1/reports/utilization", content=body())
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_post_answers_the_cli_json(client, auth, tmp_path, capsys):
    r = client.post("/v1/reports/utilization?as_of=2026-04-15", content=body(), headers=auth)
    assert r.status_code == 200, r.text
    got = r.json()
    from teleclaim.cli.main import main

    p = tmp_path / "c.jsonl"
    p.write_bytes(body())
    main(["report", "utilization", str(p), "--json", "--as-of", "2026-04-15"])
    cli = json.loads(capsys.readouterr().out)
    for k in ("months", "home_health", "clinicians", "findings"):
        assert got[k] == cli[k], k
    assert got["teleclaim_version"] and got["source"]["claims"] == 3


def test_get_reads_the_ledger_and_bad_dates_are_422(client, auth, tmp_path, capsys):
    from teleclaim.cli.main import main

    p = tmp_path / "c.jsonl"
    p.write_bytes(body())
    main(["check", str(p), "--record", "--as-of", "2026-04-15"])
    capsys.readouterr()
    r = client.get("/v1/reports/utilization?since=2026-03-01&until=2026-03-31", headers=auth)
    assert r.status_code == 200 and r.json()["source"] == {"files": 0, "claims": 3, "ledger": True}
    assert r.json()["home_health"]["periods"] == 1
    r = client.get("/v1/reports/utilization?since=March", headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_openapi_declares_the_report_endpoints(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/v1/reports/utilization"]["post"]
    assert "requestBody" in post and "get" in spec["paths"]["/v1/reports/utilization"]


def test_web_reports_page_upload_and_ledger_with_json_twins(client, key, tmp_path, capsys):
    assert client.get("/reports", follow_redirects=False).status_code == 303  # sign in first
    tok = token(client.get("/signin").text)
    client.post("/signin", data={"csrf": tok, "key": key}, follow_redirects=False)
    html = client.get("/reports").text
    assert "Report on the claim ledger" in html
    r = client.post("/reports", data={"csrf": token(html)}, files=[("files", ("claims.json", body()))])
    assert r.status_code == 200, r.text[-500:]
    assert r.text.count("<svg") >= 5 and "Home-health periods" in r.text
    link = re.search(r'<a href="([^"]+)">This report as JSON</a>', r.text).group(1)
    twin = client.get(link).json()
    assert twin["source"]["claims"] == 3 and twin["home_health"]["periods_with_telecom"] == 1
    from teleclaim.cli.main import main

    p = tmp_path / "c.jsonl"
    p.write_bytes(body())
    main(["check", str(p), "--record", "--as-of", "2026-04-15"])
    capsys.readouterr()
    page = client.get("/reports?source=ledger")
    assert page.status_code == 200 and page.text.count("<svg") >= 5
    link = re.search(r'<a href="([^"]+)">This report as JSON</a>', page.text).group(1).replace("&amp;", "&")
    assert (
        client.get(link).json()["months"]
        == client.get("/v1/reports/utilization", headers={"Authorization": f"Bearer {key}"}).json()["months"]
    )
    bad = client.get("/reports?source=ledger&since=x&format=json")
    assert bad.status_code == 422 and set(bad.json()) == {"error"}

"""JSON twins of the web pages answer as the /v1 endpoints, errors included, and uploads are read
by their content (a .json file holding JSON lines, as `read --format jsonl > claims.json` writes)."""

from __future__ import annotations

import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_code_page_json_link_keeps_the_system(client):
    html = client.get("/codes/20?system=patient_status").text
    link = re.search(r'<a href="([^"]+)">This page as JSON</a>', html).group(1).replace("&amp;", "&")
    twin = client.get(link).json()
    assert twin["system"] == "patient_status" and "ambiguous" not in twin
    html = client.get("/codes/G0321?on=2026-01-05").text
    link = re.search(r'<a href="([^"]+)">This page as JSON</a>', html).group(1).replace("&amp;", "&")
    assert client.get(link).json() == client.get("/v1/codes/G0321?on=2026-01-05").json()


def test_rule_pages_have_a_format_json_twin_like_code_pages(client):
    assert client.get("/rules?format=json").json() == client.get("/v1/rules").json()
    assert client.get("/rules/HH012?format=json").json() == client.get("/v1/rules/HH012").json()


def test_json_twin_of_an_error_is_the_error_shape(client):
    for path, status, code in (
        ("/codes/ZZZZ1?format=json", 404, "not_found"),
        ("/rules/HH999?format=json", 404, "rule_not_found"),
        ("/codes/G0321?on=2026-13-01&format=json", 422, "invalid_input"),
        ("/?q=nurse&on=bad&format=json", 422, "invalid_input"),
    ):
        r = client.get(path)
        assert r.status_code == status, path
        assert set(r.json()) == {"error"} and r.json()["error"]["code"] == code, path


def test_upload_of_json_lines_named_json_is_read(client, key, capsys):
    from teleclaim.cli.main import main

    main(["read", str(EXAMPLES / "telehealth_errors_837p.837"), "--format", "jsonl"])
    jsonl = capsys.readouterr().out.encode()
    tok = token(client.get("/signin").text)
    client.post("/signin", data={"csrf": tok, "key": key}, follow_redirects=False)
    page = client.get("/check").text
    r = client.post(
        "/check", data={"csrf": token(page), "as_of": "2026-10-15"}, files=[("files", ("claims.json", jsonl))]
    )
    assert r.status_code == 200, re.sub(r"\s+", " ", r.text)[-600:]
    assert "6 claims: 6 findings" in r.text

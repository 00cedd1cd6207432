"""The sources page and its JSON twin: the same registry as `teleclaim sources` and /v1/sources."""

from __future__ import annotations


def test_sources_pages_and_their_json_twins(client):
    html = client.get("/sources")
    assert html.status_code == 200 and 'href="/sources/S4"' in html.text and "Palmetto GBA" in html.text
    assert client.get("/sources?format=json").json() == client.get("/v1/sources").json()
    one = client.get("/sources/S4")
    assert one.status_code == 200 and 'href="/rules/HH013"' in one.text
    assert client.get("/sources/S4?format=json").json() == client.get("/v1/sources/S4").json()
    assert client.get("/v1/sources/S4").json()["source"]["cited_by"][:1] == ["HH013"]


def test_unknown_source_is_404_in_html_json_and_api(client):
    assert client.get("/sources/S99").status_code == 404
    assert client.get("/sources/S99?format=json").json()["error"]["code"] == "not_found"
    r = client.get("/v1/sources/S99")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_rule_pages_link_their_sources(client):
    assert 'href="/sources/S1"' in client.get("/rules/HH001").text

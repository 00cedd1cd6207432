"""Issue 12: what a user reads cites sources they can follow (`teleclaim sources`: id, title, link),
never the project's internal fact sheet (``rules.md``), which ships nowhere.

Sweeps the outputs a user sees: every rule's documentation (CLI text and JSON, the generated pages in
docs/rules, the web rule pages), `teleclaim suggest` on every example encounter (text and JSON, notes
and rejections included), the findings of `teleclaim check` on the example claims (JSON and SARIF),
every curated code look-up, the payer profiles and the source registry (CLI, API and web)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

#: "rules.md", the internal sheet by another name ("the fact sheet"; an MLN fact sheet is a real title), or a
#: bare section number of it ("(§3.6)"); a manual's or statute's section names its chapter ("ch.10 §40.2", "SSA §1895")
LEAK = re.compile(r"rules\.md|(?<!MLN )\bfact sheet\b|(?<![\d§] )(?<!SSA )(?<!§)§\s?\d", re.IGNORECASE)


def leaks(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if LEAK.search(line)]


def run(capsys, *args) -> str:
    main([str(a) for a in args])
    out = capsys.readouterr()
    return out.out + out.err


def test_user_documentation_cites_no_internal_file():
    docs = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    assert len(docs) > 100  # README, the CLI reference, settings, and a page per rule
    assert {str(p.relative_to(REPO)): leaks(p.read_text("utf-8")) for p in docs if leaks(p.read_text("utf-8"))} == {}


def test_the_leak_pattern_catches_what_it_must():
    assert leaks("ok (rules.md §3.6)\nfine") == ["ok (rules.md §3.6)"]
    assert leaks("The fact sheet does not state this")
    assert leaks("a 2026 change is not verified (§3.6, §7: I)") and leaks("see section §1.4")
    assert not leaks("SSA §§1813, 1833(b)(2); Pub. 100-04 Ch. 12 §20.4.2")
    assert not leaks('MLN fact sheet "Proper Use of Modifiers 59" (S24, CMS manual ch.10 §40.2)')


def test_rule_documentation_cites_no_internal_file(capsys):
    from teleclaim.rules.registry import catalog

    found = {}
    out = run(capsys, "rules", "--format", "json")
    found["rules"] = leaks(out)
    for code in catalog():
        found[code] = leaks(run(capsys, "rules", code, "--format", "json")) + leaks(run(capsys, "rules", code))
        page = REPO / "docs" / "rules" / f"{code}.md"
        found[code] += leaks(page.read_text("utf-8"))
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("encounter", sorted((EXAMPLES / "encounters").glob("*.json")), ids=lambda p: p.stem)
def test_suggest_notes_and_reasons_cite_no_internal_file(capsys, encounter):
    text = run(capsys, "suggest", encounter)
    answer = run(capsys, "suggest", encounter, "--format", "json")
    assert json.loads(answer)  # the JSON answer parsed: the sweep read a real answer, not an error
    assert leaks(text) + leaks(answer) == []


def test_selection_notes_of_unverified_facts_cite_no_internal_file():
    """Notes written only on some paths (an unverified 2026 threshold, the RTM device mapping, G2252,
    pre-2011 home-health visits, RHC/FQHC after G2025) say 'not verified' in words, not by a file."""
    from teleclaim.select import suggest

    em = {"kind": "telehealth_em", "patient": "established", "mode": "audio_video", "patient_location": "home"}
    cases = [
        {"kind": "rpm", "month": "2026-01", "days_with_data": 10, "setup": True, "payer": "medicare"},
        {"kind": "rtm", "month": "2026-02", "device": "musculoskeletal", "clinician": "PT", "days_with_data": 9},
        {"kind": "virtual_check_in", "date": "2025-03-03", "clinician": "physician", "minutes": 15},
        {"kind": "home_health_visit", "date": "2010-05-03", "discipline": "PT", "minutes": 45},
        {"kind": "home_health_visit", "date": "2026-03-02", "discipline": "RN", "minutes": 23, "payer": "commercial"},
        {**em, "date": "2027-02-01", "payer": "medicare", "mdm": "moderate", "setting": "rhc_fqhc"},
        {**em, "date": "2026-11-02", "payer": "medicare", "mdm": "moderate", "setting": "rhc_fqhc"},
        {**em, "date": "2019-06-03", "payer": "commercial", "minutes": 25},
    ]
    seen_note = 0
    for enc in cases:
        try:
            ans = suggest(enc)
        except Exception as e:  # an encounter this sweep spelled wrong must not pass silently
            pytest.fail(f"{enc['kind']}: {e}")
        seen_note += bool(ans.get("notes") or ans.get("rejected"))
        assert leaks(json.dumps(ans, default=str)) == [], enc
    assert seen_note == len(cases)


def test_findings_cite_no_internal_file(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / "s.sqlite3"))
    monkeypatch.setenv("TELECLAIM_CONFIG_DIR", str(tmp_path / "cfg"))
    files = sorted(EXAMPLES.glob("*.837"))
    assert files
    for fmt in ("json", "sarif", "text"):
        out = run(capsys, "check", *files, "--format", fmt, "--no-history", "--quiet")
        assert "finding" in out.lower() or "rule" in out.lower(), fmt
        assert leaks(out) == [], fmt


def test_code_lookups_payers_and_sources_cite_no_internal_file(capsys):
    from teleclaim.refdata.curated import curated
    from teleclaim.refdata.sources import sources
    from teleclaim.refdata.systems import SYSTEMS

    found = []
    for system in SYSTEMS:
        for e in curated().entries(system):
            found += leaks(json.dumps(e, default=str))
    for code in ("G0151", "Q3014", "99453", "98984", "G2252", "95"):
        found += leaks(run(capsys, "code", code)) + leaks(run(capsys, "code", code, "--json"))
    found += leaks(run(capsys, "payers", "--json")) + leaks(run(capsys, "sources", "--json"))
    for sid in sources():
        found += leaks(run(capsys, "sources", sid))
    assert found == []


def test_web_and_api_citations_cite_no_internal_file(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from teleclaim.api import create_app
    from teleclaim.rules.registry import catalog

    monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("TELECLAIM_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.chdir(tmp_path)
    with TestClient(create_app(), base_url="https://testserver") as client:
        _sweep_pages(client, catalog())


def _sweep_pages(client, catalog):
    kinds = sorted(set(re.findall(r'href="/suggest/([a-z_]+)"', client.get("/suggest").text)))
    assert "rpm" in kinds and "home_health_visit" in kinds
    pages = [
        "/sources",
        "/v1/sources",
        "/rules",
        "/codes/G0151",
        "/codes/99453",
        "/v1/rules",
        "/openapi.json",
        "/suggest",
    ]
    pages += [f"/suggest/{kind}" for kind in kinds]
    pages += [f"/rules/{code}" for code in catalog]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert leaks(r.text) == [], path

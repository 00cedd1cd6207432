"""One source registry shipped with the package: `teleclaim sources`, and every citation reads it."""

from __future__ import annotations

import json
from pathlib import Path

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_sources_lists_the_registry_and_shows_one_with_its_rules(capsys):
    rc, out, _ = run(capsys, "sources", "--json")
    ids = [s["id"] for s in json.loads(out)["sources"]]
    assert rc == 0 and ids[:3] == ["S1", "S2", "S3"] and "X12" in ids and "CMS-BFD" in ids
    rc, out, _ = run(capsys, "sources", "S4")
    assert rc == 0 and out.startswith("S4: Palmetto GBA") and "HH013" in out and "palmettogba.com" in out
    rc, out, err = run(capsys, "sources", "S99")
    assert rc == 1 and "did you mean" in err


def test_every_citation_takes_its_title_from_the_registry():
    from teleclaim.refdata.sources import sources
    from teleclaim.rules.registry import catalog
    from teleclaim.select._sources import auth

    reg = sources()
    for code, m in catalog().items():
        for a in m.authority:
            assert a.source in reg and a.title == reg[a.source].title, (code, a)
    assert [a["title"] for a in auth("§1.4", "S24")] == [reg["S24"].title]
    assert all(a.section is None or "rules.md" not in a.section for m in catalog().values() for a in m.authority)


def test_no_hand_copied_source_titles_remain():
    for rel in ("rules/homehealth/_sources.py", "rules/telehealth/_sources.py", "select/_sources.py"):
        text = (REPO / "src" / "teleclaim" / rel).read_text()
        assert "https://" not in text and "_SOURCES" not in text, rel


def test_rule_links_point_at_pages_that_exist():
    from teleclaim.rules.registry import catalog

    for code, m in catalog().items():
        assert not m.url.startswith("http") and (REPO / m.url).is_file(), (code, m.url)

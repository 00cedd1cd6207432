"""The catalog cannot drift: every edit has typed metadata, its doc sections, a failing and a
passing case; codes and names are unique; the rule pages in docs/rules are generated output."""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import CASES, load_case_file

from teleclaim.rules.docs import render_all
from teleclaim.rules.homehealth._view import tables
from teleclaim.rules.meta import DOC_SECTIONS
from teleclaim.rules.registry import catalog, rule_classes

REPO = Path(__file__).resolve().parents[2]
RULES = rule_classes()


def test_catalog_is_not_empty_and_codes_are_unique():
    assert len(RULES) >= 40
    names = [m.name for m in catalog().values()]
    assert len(names) == len(set(names)), "rule names must be unique"
    aliases = [a for m in catalog().values() for a in m.aliases]
    assert not set(aliases) & set(names) and len(aliases) == len(set(aliases))


@pytest.mark.parametrize("cls", RULES, ids=lambda c: c.meta.code)
def test_rule_has_metadata_and_docs(cls):
    assert cls.meta.problems() == []
    docs = cls.docs()
    missing = [s for s in DOC_SECTIONS if not docs.get(s)]
    assert not missing, f"{cls.meta.code}: doc sections missing: {missing}"
    assert cls.__module__.endswith("." + cls.meta.code)
    lines = Path(__import__(cls.__module__, fromlist=["x"]).__file__).read_text().count("\n")
    assert lines <= 160, f"{cls.meta.code}: {lines} lines; keep an edit module small"


@pytest.mark.parametrize("cls", RULES, ids=lambda c: c.meta.code)
def test_rule_has_failing_and_passing_cases(cls):
    code = cls.meta.code
    path = CASES / f"{code}.yml"
    assert path.is_file(), f"{code}: tests/rules/cases/{code}.yml missing"
    doc = load_case_file(path)
    assert doc["rule"] == code
    fails = [
        c
        for c in doc["cases"]
        if any(
            str(t).split("@")[0].split(" ")[0] == code and "not_checked" not in str(t) for t in c.get("expect") or []
        )
    ]
    passes = [
        c for c in doc["cases"] if not any(str(t).split("@")[0].split(" ")[0] == code for t in c.get("expect") or [])
    ]
    assert fails, f"{code}: no failing case"
    assert passes, f"{code}: no passing case"


def test_inferred_rules_are_never_errors_by_default():
    for m in catalog().values():
        if m.confidence == "I":
            assert m.severity != "error", m.code


def test_home_health_rules_only_apply_to_32x_and_34x():
    for cls in RULES:
        if cls.meta.code.startswith("HH"):
            assert all(b[:2] in ("32", "34") for b in cls.meta.bill_types), cls.meta.code
            assert cls.meta.claim_types == ("837I",)


def test_structural_codes_are_in_the_catalog():
    from teleclaim.x12.problems import KINDS

    for code in KINDS:
        assert code in catalog()
        assert catalog()[code].severity == "error"


def test_every_table_cites_rules_md():
    from importlib.resources import files

    import yaml

    raw = yaml.safe_load((files("teleclaim.rules.homehealth") / "tables.yaml").read_text())
    for key, entry in raw.items():
        assert "rules.md" in entry.get("cite", ""), key
    assert set(tables()) == set(raw)


def test_rule_pages_are_generated_output():
    out = REPO / "docs" / "rules"
    want = render_all()
    have = {p.name: p.read_text() for p in out.glob("*.md")} if out.is_dir() else {}
    stale = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
    assert not stale, f"docs/rules is stale ({stale[:5]}...): run python -m teleclaim.rules.docs docs/rules"

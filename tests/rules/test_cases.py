"""The one driver of the rule case files: every case claim is checked with ALL edits, and the
findings must be exactly the case's ``expect`` list (rule codes and line numbers), so a case also
proves that no other edit fires (no cascades, no false errors)."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import DEFAULT_AS_OF, build_claims, case_files, case_refs, case_roster, compare, load_case_file

from teleclaim.refdata.payers import Profiles
from teleclaim.rules.config import RuleConfig
from teleclaim.rules.engine import Engine


def _params():
    for path in case_files():
        doc = load_case_file(path)
        for case in doc["cases"]:
            yield pytest.param(doc["rule"], case, id=f"{doc['rule']}-{case['name']}")


@pytest.mark.parametrize(("rule", "case"), list(_params()))
def test_case(rule, case, codes):
    claims = build_claims(case)
    as_of = case.get("as_of", DEFAULT_AS_OF)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    config = RuleConfig.from_settings(case.get("config"))
    profiles = Profiles(case.get("config"), forced=case.get("payer"))
    engine = Engine(
        config=config,
        as_of=as_of,
        codes=None if case.get("codes") == "none" else codes,
        profiles=profiles,
        refs=case_refs(case.get("refs")),
        roster=case_roster(case),
    )
    found = [f for c in claims for f in engine.check(c)] + engine.finish()
    missing, extra = compare(found, case.get("expect") or [], multi="claims" in case)
    assert not missing and not extra, f"{rule} case {case['name']!r}: missing {missing}, unexpected {extra}"

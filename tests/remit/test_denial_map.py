"""The shipped denial map and code tables: every rule it names exists (or is marked planned), every
code it uses is explained in our words, and a user's map extends it."""

from __future__ import annotations

import pytest

from teleclaim.errors import DataError
from teleclaim.refdata.remit_codes import describe, explain_adjustment, table
from teleclaim.rules.denials import denial_map, shipped
from teleclaim.rules.registry import catalog


def _known(ref: str) -> bool:
    cat = catalog()
    return ref in cat or any(c.startswith(ref) for c in cat)


def test_every_rule_in_the_map_is_in_the_catalog_or_marked_planned():
    m = shipped()
    for e in m.entries:
        assert e.rules or e.planned, e
        missing = [r for r in e.rules if not _known(r)]
        assert not missing, f"{e.reason}: {missing} not in the catalog (list them under planned)"
    for a in m.ack:
        assert a.planned or all(_known(r) for r in a.rules), a


def test_every_code_the_map_uses_is_explained():
    m = shipped()
    for e in m.entries:
        reason = e.reason.split("-")[-1]
        assert describe("carc", reason), e.reason
        for r in e.remarks:
            assert describe("rarc", r), r
    for a in m.ack:
        assert describe("stc_category", a.category) and describe("stc_status", a.status), a


def test_the_issue_examples_map_as_stated():
    m = shipped()
    assert "X12012" in m.match(["CO-16"], ["M76"]).rules
    assert "TH006" in m.match(["CO-4"]).rules
    assert "TH003" in m.match(["CO-5"]).rules and "TH003" in m.match(["CO-58"]).rules
    assert "CR002" in m.match(["CO-B7"]).rules and "CR004" in m.match(["CO-185"]).rules  # the credential edits
    assert "TH021" in m.match(["CO-97"]).rules
    assert m.match(["CO-29"]) is None
    assert m.match(["CO-16"], ["M51"]).remarks == ("M51", "M20", "N56", "N657")  # remark-specific entry wins


def test_descriptions_are_our_own_summaries():
    # a few of X12's official phrasings must not appear (we write our own)
    official = [
        "Claim/service lacks information or has submission/billing error(s)",
        "The time limit for filing has expired",
        "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement",
    ]
    texts = [v for t in ("carc", "rarc", "stc_status", "stc_category") for v in table(t).values()]
    for o in official:
        assert not any(o.lower() in t.lower() for t in texts), o
    assert explain_adjustment("CO", "45").startswith("CO-45: ")


def test_a_users_map_comes_first(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("denials:\n  - reason: CO-29\n    rules: [TH001]\n    fix: send it in time\n")
    m = denial_map(p)
    assert m.match(["CO-29"]).fix == "send it in time" and m.match(["CO-4"]) is not None


def test_a_broken_user_map_says_where(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("denials:\n  - rules: [TH001]\n")
    with pytest.raises(DataError) as e:
        denial_map(p)
    assert "denials[0]" in e.value.message and str(p) in e.value.message
    with pytest.raises(DataError):
        denial_map(tmp_path / "absent.yaml")

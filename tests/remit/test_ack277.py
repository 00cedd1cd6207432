"""Our 277CA writer against our 277 reader: whatever the verdicts, each claim reads back as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from teleclaim.model.finding import Finding
from teleclaim.rules.denials import shipped
from teleclaim.x12.ack277 import build_277ca, verdict
from teleclaim.x12.generate import generate_claims
from teleclaim.x12.reader277 import read_277

NOW = dt.datetime(2026, 3, 21, 8, 0)


def test_property_verdicts_read_back():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    rules = st.sampled_from(["TH001", "TH007", "TH009", "HH022", "X12012", "X12023", "TH003", "CR001"])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.sampled_from(["th", "hh"]),
        st.integers(min_value=1, max_value=8),
        st.integers(0, 1000),
        st.lists(
            st.lists(st.tuples(rules, st.sampled_from(["error", "warning"]), st.booleans()), max_size=3),
            min_size=8,
            max_size=8,
        ),
    )
    def check(kind, n, seed, picks):
        claims = list(generate_claims(kind, n, seed))
        verdicts = []
        for c, fs in zip(claims, picks, strict=False):
            findings = [
                Finding(
                    rule=r,
                    name=r.lower(),
                    severity=sev,
                    message="m",
                    claim_id=c.claim_id,
                    line=c.lines[0].line if on_line and c.lines else None,
                )
                for r, sev, on_line in fs
            ]
            verdicts.append(verdict(c, findings, shipped()))
        result = build_277ca(claims, verdicts, now=NOW)
        (rep,) = read_277(result.text.encode())
        assert [x.claim_id for x in rep.claims] == [c.claim_id for c in claims]
        for v, got in zip(verdicts, rep.claims, strict=False):
            assert got.accepted == v.accepted
            assert [(s.category, s.status, s.entity) for s in got.codes] == v.codes
            assert got.charge == v.charge.normalize() or got.charge == v.charge
        t = result.totals()
        assert t["accepted"] + t["rejected"] == n
        assert Decimal(t["accepted_amount"]) + Decimal(t["rejected_amount"]) == sum(v.charge for v in verdicts)

    check()


def test_warnings_alone_are_accepted_and_planned_codes_answer():
    (c,) = generate_claims("th", 1, 5)
    warn = Finding(rule="TH006", name="x", severity="warning", message="m", claim_id=c.claim_id)
    assert verdict(c, [warn], shipped()).codes == [("A2", "20", None)]
    cred = Finding(rule="CR003", name="x", severity="error", message="m", claim_id=c.claim_id)
    assert verdict(c, [cred], shipped()).codes == [("A7", "562", "82")]

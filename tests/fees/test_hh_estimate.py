"""Home health period estimates: PDGM full period and LUPA at their boundaries, wage index, late NOA."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from feekit import fake_wage_index, hh_claim

from teleclaim.fees import FeeContext, estimate_claim

D = dt.date
C = Decimal("0.01")
WI = {"38300": "0.8463"}
ADJ = Decimal("0.749") * Decimal("0.8463") + Decimal("0.251")


def ctx(**kw):
    return FeeContext(wage_index=fake_wage_index(WI), **kw)


def visits(n, rev="0551", code="G0299"):
    return [(rev, code, f"2026-03-{2 + i:02d}") for i in range(n)]


def test_at_the_threshold_is_a_full_period_rate_x_weight_x_wage_adjustment():
    # 1FC21: weight from the CY2026 table, threshold 4
    from teleclaim.fees.pdgm import case_mix

    cm = case_mix("1FC21", D(2026, 3, 30))
    e = estimate_claim(hh_claim(visits=visits(cm.lupa_threshold)), ctx())
    assert e["method"] == "hh_period"
    want = (Decimal("2038.22") * cm.weight * ADJ).quantize(C, ROUND_HALF_UP)
    assert e["estimate"] == str(want)
    assert any("outlier" in n for n in e["notes"])
    # Part A home health: no coinsurance; sequestration 2 %
    assert e["expected_payment"] == str((want * Decimal("0.98")).quantize(C, ROUND_HALF_UP))


def test_one_visit_below_the_threshold_is_a_lupa_paid_per_visit_with_the_add_on():
    # early period (HIPPS starts 1): the first skilled visit gets the SN add-on 1.7200
    e = estimate_claim(hh_claim(visits=visits(3)), ctx())
    assert e["method"] == "hh_lupa"
    sn = Decimal("176.96") * ADJ
    want = (sn * Decimal("1.7200")).quantize(C, ROUND_HALF_UP) + 2 * sn.quantize(C, ROUND_HALF_UP)
    assert e["estimate"] == str(want)
    assert "threshold 4" in e["notes"][0]


def test_late_period_lupa_has_no_add_on_and_telecom_lines_are_not_visits():
    claim = hh_claim(
        hipps="3BC21", visits=visits(2) + [("0551", "G0320", "2026-03-20"), ("0551", "Q5001", "2026-03-02")]
    )
    e = estimate_claim(claim, ctx())
    assert e["method"] == "hh_lupa"
    assert len(e["lines"]) == 2
    assert e["estimate"] == str(2 * (Decimal("176.96") * ADJ).quantize(C, ROUND_HALF_UP))


def test_lupa_disciplines_are_priced_by_revenue_family():
    claim = hh_claim(hipps="3BC21", visits=[("0421", "G0151", "2026-03-02"), ("0571", "G0156", "2026-03-03")])
    e = estimate_claim(claim, ctx())
    amounts = [ln["allowed"] for ln in e["lines"]]
    assert amounts == [
        str((Decimal("193.42") * ADJ).quantize(C, ROUND_HALF_UP)),
        str((Decimal("80.12") * ADJ).quantize(C, ROUND_HALF_UP)),
    ]


def test_non_submitter_setting_uses_the_reduced_rate():
    from teleclaim.fees.pdgm import case_mix

    cm = case_mix("1FC21", D(2026, 3, 30))
    e = estimate_claim(hh_claim(visits=visits(5)), ctx(quality="non_submitter"))
    assert e["estimate"] == str((Decimal("1998.41") * cm.weight * ADJ).quantize(C, ROUND_HALF_UP))


def test_a_cbsa_without_a_loaded_wage_index_is_not_guessed():
    claim = hh_claim(visits=visits(5), values=[{"code": "61", "amount": "10900.00"}])
    e = estimate_claim(claim, ctx())
    assert e["estimate"] is None
    assert "CBSA 10900" in e["notes"][0] and "teleclaim data import" in e["notes"][0]


def test_a_period_in_a_year_without_weights_gets_no_estimate():
    claim = hh_claim(visits=visits(5), statement_from="2025-03-01", statement_to="2025-03-30")
    e = estimate_claim(claim, ctx())
    assert e["estimate"] is None and "CY2026" in e["notes"][0]


def test_late_noa_reduces_the_first_period_by_days_over_30_and_is_capped():
    from teleclaim.fees.pdgm import case_mix

    cm = case_mix("1FC21", D(2026, 3, 30))
    claim = hh_claim(visits=visits(5), statement_from="2026-01-30", statement_to="2026-02-28")
    full = Decimal("2038.22") * cm.weight * ADJ
    c = ctx()
    c.noa_sent[("1EG4TE5MK73", D(2026, 1, 30))] = D(2026, 2, 6)  # 7 days: 7/30
    e = estimate_claim(claim, c)
    cut = (full * 7 / 30).quantize(C, ROUND_HALF_UP)
    assert e["details"]["late_noa_reduction"] == str(cut)
    assert e["estimate"] == str(full.quantize(C, ROUND_HALF_UP) - cut)
    c.noa_sent[("1EG4TE5MK73", D(2026, 1, 30))] = D(2026, 4, 30)  # 90 days: capped at the payment
    assert estimate_claim(claim, c)["estimate"] == "0.00"
    c.noa_sent[("1EG4TE5MK73", D(2026, 1, 30))] = D(2026, 2, 4)  # day 5: on time
    assert estimate_claim(claim, c)["estimate"] == str(full.quantize(C, ROUND_HALF_UP))


def test_other_institutional_claims_get_method_none():
    from teleclaim.model.jsonform import claim_from_json

    e = estimate_claim(
        claim_from_json({"claim_id": "R1", "kind": "837I", "facility_code": "71", "frequency": "1", "lines": []}), ctx()
    )
    assert e["method"] == "none" and e["estimate"] is None and "71" in e["notes"][0]

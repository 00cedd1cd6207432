"""PDGM tables: the shipped CY2026 weights and thresholds, rate years keyed by the Through date."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from teleclaim.fees import pdgm

D = dt.date


def test_cy2026_table_has_the_432_pdgm_codes_and_answers_by_through_date():
    t = pdgm.table_for(D(2026, 6, 1))
    assert len(t) == 432
    assert pdgm.lupa_threshold("1FC11", D(2026, 6, 1)) == 4
    assert pdgm.case_mix("1FC11", D(2026, 6, 1)).weight == Decimal("1.0804")
    # no CY2025 weights are shipped: nothing is guessed from another year
    assert pdgm.lupa_threshold("1FC11", D(2025, 12, 31)) is None
    assert pdgm.is_pdgm_code("1FC11", D(2025, 12, 31)) is None
    assert pdgm.is_pdgm_code("1ZC11", D(2026, 1, 1)) is False


def test_rate_year_is_the_year_of_the_through_date_with_cited_rates():
    ry = pdgm.rate_year(D(2026, 1, 1))
    assert ry.year == 2026 and ry.rate("submitter") == Decimal("2038.22")
    assert ry.rate("non_submitter") == Decimal("1998.41")
    assert ry.visit_rates("submitter")["skilled_nursing"] == Decimal("176.96")
    assert ry.lupa_addon["occupational_therapy"] == Decimal("1.7238")
    assert "R13488CP" in ry.source("thirty_day_rate")
    assert pdgm.rate_year(D(2025, 12, 31)).rate("submitter") == Decimal("2057.35")
    assert pdgm.rate_year(D(2019, 5, 1)) is None


def test_shipped_table_agrees_with_the_shared_transcription(shared):
    rows = list(csv.DictReader((shared / "data" / "home_health" /
                                "cy2026_hh_pdgm_case_mix_weights_lupa_thresholds.csv").open()))
    assert len(rows) == 432
    for r in rows:
        cm = pdgm.case_mix(r["hipps"], D(2026, 3, 1))
        assert cm is not None, r["hipps"]
        assert cm.weight == Decimal(r["case-mix weight"]) and cm.lupa_threshold == int(r["lupa threshold"])


def test_shipped_rates_agree_with_the_shared_rate_table(shared):
    rows = list(csv.DictReader((shared / "data" / "home_health" / "hh_pps_national_rates_cy2025_cy2026.csv").open()))
    ry = pdgm.rate_year(D(2026, 5, 1))
    q = {"submits_quality_data": "submitter", "does_not_submit_quality_data": "non_submitter"}
    checked = 0
    for r in rows:
        if r["calendar_year"] != "2026":
            continue
        if r["item"] == "national_standardized_30day_payment":
            assert ry.rate(q[r["qrp_status"]]) == Decimal(r["value"])
        elif r["item"] == "per_visit_lupa_rate":
            assert ry.visit_rates(q[r["qrp_status"]])[r["discipline"]] == Decimal(r["value"])
        elif r["item"] == "lupa_addon_factor":
            assert ry.lupa_addon[r["discipline"]] == Decimal(r["value"])
        elif r["item"] == "labor_related_share":
            assert ry.labor_share == Decimal(r["value"])
        else:
            continue
        checked += 1
    assert checked == 19  # 2 period rates, 12 per-visit rates, 4 add-on factors, the labor share

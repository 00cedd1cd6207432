"""What a user reads in the findings the coder's audit corrected (issue 13): the case files prove
which rules fire; these tests check the words and numbers in them."""

from __future__ import annotations

from casekit import DEFAULT_AS_OF, build_claim

from teleclaim.rules.engine import Engine


def _findings(case, codes, as_of=DEFAULT_AS_OF):
    return list(Engine(as_of=as_of, codes=codes).check(build_claim(case)))


def _noa(sent):
    return {
        "name": "noa",
        "base": "noa",
        "claim": {
            "admission_date": "2024-01-01",
            "statement_from": "2024-01-01",
            "statement_to": "2024-01-01",
            "envelope": {"bht_date": sent},
        },
    }


def test_late_noa_reduction_is_capped_at_the_whole_period(codes):
    (f,) = [f for f in _findings(_noa("2024-02-16"), codes) if f.rule == "HH009"]
    assert "46 days after" in f.message and "30/30" in f.message and "46/30" not in f.message
    assert f.details["reduction_days"] == 30


def test_late_noa_below_the_cap_keeps_its_day_count(codes):
    (f,) = [f for f in _findings(_noa("2024-01-08"), codes) if f.rule == "HH009"]
    assert "7/30" in f.message and "whole period" not in f.message and f.details["reduction_days"] == 7


def test_gt_on_a_medicare_professional_line_is_a_warning(codes):
    case = {
        "name": "gt",
        "base": "office",
        "claim": {"facility_code": "02"},
        "lines_set": {1: {"modifiers": ["GT"], "date": "2019-04-02"}},
    }
    (f,) = [f for f in _findings(case, codes) if f.rule == "TH005"]
    assert f.severity == "warning"


def test_home_health_telecom_code_on_837p_names_the_institutional_claim(codes):
    case = {"name": "g0320", "base": "office", "lines_set": {1: {"code": "G0320"}}}
    (f,) = [f for f in _findings(case, codes) if f.rule == "TH028"]
    assert f.severity == "error" and "837I" in f.message and f.line == 1

"""RHC/FQHC distant-site telehealth to Medicare: G2025 on the clinic's institutional claim (issue 13
item 1), and ``check`` of that claim agreeing with the suggestion."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from selkit import codes, line, rejected, run

from teleclaim.model.jsonform import claim_from_json
from teleclaim.rules.engine import Engine
from teleclaim.select import claim_from_suggestions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from casekit import case_codes  # noqa: E402


def em(**kw):
    facts = {
        "kind": "telehealth_em",
        "date": "2026-03-02",
        "patient": "established",
        "mode": "audio_video",
        "patient_location": "home",
        "payer": "medicare",
        "mdm": "moderate",
        "setting": "rhc_fqhc",
    }
    facts.update(kw)
    return run(**facts)


def test_non_behavioral_medicare_visit_is_g2025_under_052x_not_an_837p_e_m():
    ans = em()
    ln = line(ans, "G2025")
    assert codes(ans) == ["G2025"] and ln["revenue_code"] == "0521" and ln["pos"] is None and ln["units"] == 1
    assert "99202-99215" in rejected(ans)
    assert any(a["source"] == "AUD-G2025" for a in ln["authority"])


@pytest.mark.parametrize("clinic,tob", [(None, "711"), ("rhc", "711"), ("fqhc", "771")])
def test_suggest_claim_builds_the_clinic_837i(clinic, tob):
    ans = em(**({"clinic": clinic} if clinic else {}))
    claim = claim_from_suggestions(ans)
    assert claim["kind"] == "837I" and claim["facility_code"] + claim["frequency"] == tob
    assert [(ln["revenue_code"], ln["code"]) for ln in claim["lines"]] == [("0521", "G2025")]
    found = Engine(codes=case_codes(), as_of=dt.date(2026, 11, 1)).check(claim_from_json(claim))
    assert not [f for f in found if f.severity == "error" and f.status == "failed"], found


@pytest.mark.parametrize(
    "date,billable", [("2020-01-26", False), ("2020-01-27", True), ("2026-12-31", True), ("2027-01-04", False)]
)
def test_g2025_window(date, billable):
    ans = em(date=date, as_of="2027-02-01", patient_location="other")  # the home only from 2020-03-06
    assert ans["billable"] is billable
    if billable:
        assert codes(ans) == ["G2025"]
    else:
        assert ("2020-01-27" if date < "2021" else "2026-12-31") in ans["reason"]


def test_reported_replacement_from_october_2026_is_a_note_not_a_change():
    ans = em(date="2026-10-05")
    assert codes(ans) == ["G2025"]
    assert any("2026-10-01" in n and "AUD-G2025-TRADE" in n for n in ans["notes"])
    assert not any("2026-10-01" in n for n in em(date="2026-09-30")["notes"])


def test_rhc_modifier_cg_in_2020_and_fq_for_audio_only():
    assert line(em(date="2020-05-04"), "G2025")["modifiers"] == ["CG"]
    assert line(em(date="2020-05-04", clinic="fqhc"), "G2025")["modifiers"] == []
    assert line(em(mode="audio_only"), "G2025")["modifiers"] == ["FQ"]


def test_mental_health_visit_and_other_payers_keep_their_coding():
    assert "G2025" not in codes(em(behavioral=True))
    assert "G2025" not in codes(em(payer="commercial"))
    claim = claim_from_suggestions(em(payer="commercial"))
    assert claim["kind"] == "837P"


def test_suggested_clinic_claim_survives_x12_and_check(tmp_path, capsys):
    """End to end as a user would: suggest --claim -> write (837I) -> check exits 0."""
    import json

    from teleclaim.cli.main import main

    enc = tmp_path / "visit.json"
    enc.write_text(
        json.dumps(
            {
                "kind": "telehealth_em",
                "date": "2026-03-02",
                "patient": "established",
                "mode": "audio_video",
                "patient_location": "home",
                "setting": "rhc_fqhc",
                "clinic": "fqhc",
                "mdm": "moderate",
            }
        )
    )
    assert main(["suggest", "--claim", str(enc)]) == 0
    claim = tmp_path / "claim.json"
    claim.write_text(capsys.readouterr().out)
    x12 = tmp_path / "claim.837"
    assert main(["write", str(claim), "-o", str(x12)]) == 0
    text = x12.read_text()
    assert "CLM*" in text and ":A:1" in text and "SV2*0521*HC:G2025" in text
    capsys.readouterr()
    assert main(["check", str(x12), "--as-of", "2026-11-01"]) == 0

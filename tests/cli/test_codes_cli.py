"""Every code on every line: `teleclaim check` of made-up codes and modifiers, as a user tries it
(issue 13's done-when runs), on 837P, 837I and JSON claims, before and after a PFS release import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EX = REPO / "examples"
PFS = REPO / "tests" / "fixtures" / "pfs" / "PPRRVU24_JAN_synthetic.csv"  # an RVU24A release


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, path):
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    return code, [(f["rule"], f["line"], f["severity"], f["status"], f["message"]) for f in json.loads(out)["findings"]]


def edited(tmp_path, src, old, new, name):
    text = (EX / src).read_text()
    assert old in text
    p = tmp_path / name
    p.write_text(text.replace(old, new, 1))
    return p


def test_typo_cpt_code_not_checked_without_release_error_with_one(capsys, tmp_store, tmp_path):
    b = edited(tmp_path, "telehealth_837p.837", "SV1*HC:99212:95", "SV1*HC:99921:95", "b.837")  # line 26
    code, got = findings(capsys, b)
    assert code == 0 and [(r, ln, st) for r, ln, _, st, _ in got] == [("CV002", 1, "not_checked")]
    assert "teleclaim data import" in got[0][4]
    assert run(capsys, "data", "import", str(PFS))[0] == 0
    code, got = findings(capsys, b)
    assert code == 1 and [(r, ln, sev) for r, ln, sev, _, _ in got] == [("CV002", 1, "error")]
    assert "RVU24A" in got[0][4] and "did you mean 99212" in got[0][4]


def test_made_up_level_two_code_suffix_and_modifier_are_errors_without_any_release(capsys, tmp_store, tmp_path):
    cases = {
        "A1234": ("SV1*HC:99212:95", "SV1*HC:A1234:95", "CV002"),
        "99212X": ("SV1*HC:99212:95", "SV1*HC:99212X:95", "CV001"),
        "9X": ("SV1*HC:99212:95", "SV1*HC:99212:9X", "CV003"),
    }
    for name, (old, new, rule) in cases.items():
        code, got = findings(capsys, edited(tmp_path, "telehealth_837p.837", old, new, f"{name}.837"))
        assert code == 1, name
        assert [(r, ln, sev) for r, ln, sev, _, _ in got if r.startswith("CV")] == [(rule, 1, "error")], name


def test_institutional_line_with_unknown_code_is_an_error_on_that_line(capsys, tmp_store, tmp_path):
    p = edited(tmp_path, "home_health_837i.837", "SV2*0421*HC:G2168", "SV2*0421*HC:G2618", "i.837")
    code, got = findings(capsys, p)
    cv = [(r, ln, sev) for r, ln, sev, _, _ in got if r.startswith("CV")]
    assert code == 1 and cv == [("CV002", 2, "error")]
    assert "G2168" in next(m for r, *_, m in got if r == "CV002")


def test_json_claim_modifier_and_unit_limit_from_imported_mue_table(capsys, tmp_store, tmp_path):
    base = yaml.safe_load((REPO / "tests" / "rules" / "cases" / "_bases.yml").read_text())["office"]
    base["facility_code"] = "11"
    base["lines"][0].update(code="99457", date=dt.date(2026, 3, 2), modifiers=["9X"])
    base["lines"].append(
        {
            "line": 2,
            "code": "99458",
            "code_qualifier": "HC",
            "charge": "120.00",
            "units": 3,
            "date": dt.date(2026, 3, 2),
        }
    )
    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps(base, default=str))
    code, got = findings(capsys, claim)
    assert [(r, ln, sev) for r, ln, sev, _, _ in got] == [("CV003", 1, "error")]  # 3 units: within the shipped limit
    mue = tmp_path / "mue.csv"
    mue.write_text(
        '"Synthetic practitioner MUE table - Effective 01/01/2026",,,\n'
        "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
        "99458,2,3 Date of Service Edit: Clinical,Clinical: Data\n"
    )
    code, out, _ = run(capsys, "data", "import", str(mue), "--json")
    assert code == 0 and json.loads(out)["records"] == 1 and json.loads(out)["release"] == "MUE-2026-01-01"
    code, got = findings(capsys, claim)
    assert code == 1 and [(r, ln, sev) for r, ln, sev, _, _ in got] == [("CV003", 1, "error"), ("CV005", 2, "error")]
    code, out, _ = run(capsys, "data", "remove", "MUE-2026-01-01", "--json")
    assert code == 0 and json.loads(out)["kind"] == "mue"


def test_malformed_mue_table_names_line_and_field(capsys, tmp_store, tmp_path):
    mue = tmp_path / "mue.csv"
    mue.write_text(
        "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
        "99458,two,3 Date of Service Edit: Clinical,Clinical: Data\n"
    )
    code, out, _ = run(capsys, "data", "import", str(mue), "--effective", "2026-01-01", "--json")
    err = json.loads(out)["error"]
    assert code == 2 and (err["line"], err["field"], err["value"]) == (2, "MUE Values", "two")


def test_an_imported_hcpcs_release_updates_the_level_two_index(capsys, tmp_store, tmp_path):
    base = yaml.safe_load((REPO / "tests" / "rules" / "cases" / "_bases.yml").read_text())["office"]
    base["facility_code"] = "11"
    base["lines"][0].update(code="Z9001", date=dt.date(2031, 8, 1))
    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps(base, default=str))
    _, got = findings(capsys, claim)
    assert [(r, ln) for r, ln, *_ in got if r.startswith("CV")] == [("CV002", 1)]
    newer = REPO / "tests" / "fixtures" / "hcpcs" / "HCPC2031_JUL_ANWEB_synthetic.txt"  # adds Z9001 from 2031
    assert run(capsys, "data", "import", str(newer))[0] == 0
    _, got = findings(capsys, claim)
    assert [r for r, *_ in got if r.startswith("CV")] == []

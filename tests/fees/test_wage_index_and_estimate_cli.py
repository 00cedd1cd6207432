"""HH wage index import (`teleclaim data import`, recognised by content) and `teleclaim estimate` end to end."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from feekit import FIX, PERIOD_2026

from teleclaim.cli.main import main
from teleclaim.errors import DataError
from teleclaim.fees.wage_index import parse_wage_index, sniff_path

C = Decimal("0.01")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_synthetic_wage_index_file_is_recognised_and_parsed():
    p = FIX / "hh_wage_index_synthetic.csv"
    assert sniff_path(p)
    rel = parse_wage_index(p)
    assert rel.year == 2026 and rel.id == "HHWI2026"
    assert rel.rows["10002"] == ("Synthetic Metro B", Decimal("0.8000"))


def test_a_bad_row_names_file_line_and_column():
    with pytest.raises(DataError) as e:
        parse_wage_index(FIX / "hh_wage_index_bad.csv")
    assert e.value.details["line"] == 3 and "CBSA" in e.value.message and "ABCDE" in e.value.message


def test_the_pa_excerpt_imports_and_prices_a_pittsburgh_period(capsys, tmp_store, tmp_path, shared):
    code, out, _ = run(
        capsys, "data", "import", str(shared / "data" / "home_health" / "pa_cy2026_hh_wage_index_excerpt.csv"), "--json"
    )
    assert code == 0
    got = json.loads(out)
    assert got["kind"] == "hh_wage_index" and got["year"] == 2026 and got["rows"] == 19
    claim = dict(PERIOD_2026)
    claim["lines"] = PERIOD_2026["lines"] + [
        {
            "line": i,
            "revenue_code": "0551",
            "code": "G0299",
            "charge": "100.00",
            "units": "4",
            "date": f"2026-03-{i + 1:02d}",
        }
        for i in range(2, 8)
    ]
    f = tmp_path / "claims.json"
    f.write_text(json.dumps([claim]))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    assert code == 0
    c = json.loads(out)["claims"][0]
    assert c["method"] == "hh_period" and c["details"]["wage_index"] == "0.8463"  # CBSA 38300 Pittsburgh
    want = Decimal("2038.22") * Decimal("1.1372") * (Decimal("0.749") * Decimal("0.8463") + Decimal("0.251"))
    assert c["estimate"] == str(want.quantize(C, ROUND_HALF_UP))
    code, out, _ = run(capsys, "data", "releases", "--json")
    assert any(r["kind"] == "hh_wage_index" for r in json.loads(out)["releases"])


def test_estimate_without_the_wage_index_names_what_to_import(capsys, tmp_store, tmp_path):
    claim = dict(
        PERIOD_2026,
        lines=PERIOD_2026["lines"]
        + [{"line": 2, "revenue_code": "0551", "code": "G0299", "charge": "1", "units": "1", "date": "2026-03-03"}],
    )
    f = tmp_path / "c.json"
    f.write_text(json.dumps(claim))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    c = json.loads(out)["claims"][0]
    assert code == 0 and c["estimate"] is None
    assert any("Final HH PPS Wage Index" in n for n in c["notes"])


PROF = {
    "claim_id": "P1",
    "kind": "837P",
    "facility_code": "11",
    "facility_qualifier": "B",
    "frequency": "1",
    "statement_from": "2025-11-03",
    "statement_to": "2025-11-03",
    "claim_filing": "MB",
    "payer": {"name": "MEDICARE", "id": "MEDICARE"},
    "billing_provider": {"name": "CLINIC", "npi": "1234567893", "address": {"zip": "94103"}},
    "rendering": {"name": "DOC", "npi": "1234567893", "taxonomy": "207Q00000X"},
    "subscriber": {"last_name": "SAMPLE", "first_name": "PAT", "member_id": "1EG4TE5MK73"},
    "principal_diagnosis": {"code": "I10", "qualifier": "ABK"},
    "lines": [
        {
            "line": 1,
            "code": "99213",
            "charge": "150.00",
            "units": "1",
            "date": "2025-11-03",
            "pos": "10",
            "modifiers": ["95"],
            "diagnosis_pointers": [1],
        },
        {
            "line": 2,
            "code": "99213",
            "charge": "150.00",
            "units": "2",
            "date": "2025-11-03",
            "pos": "10",
            "modifiers": ["95"],
            "diagnosis_pointers": [1],
            "rendering": {"name": "NP", "npi": "1326074899", "taxonomy": "363LF0000X"},
        },
    ],
}


@pytest.fixture
def pfs_loaded(capsys, tmp_store, shared):
    d = shared / "data" / "pfs"
    assert (
        main(
            [
                "data",
                "import",
                str(d / "rvu25d" / "PPRRVU2025_Oct.csv.xz"),
                str(d / "rvu25d" / "GPCI2025.csv"),
                str(d / "zip5_oct2025" / "ZIP5_OCT2025.txt.xz"),
            ]
        )
        == 0
    )
    capsys.readouterr()


def test_837p_estimate_units_npp_expected_payment_and_clinicians(capsys, pfs_loaded, tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PROF))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    assert code == 0
    r = json.loads(out)
    c = r["claims"][0]
    assert c["method"] == "pfs" and c["payer"] == "medicare"
    l1, l2 = c["lines"]
    assert l1["allowed"] == "109.15" and l1["work_rvu"] == "1.30"  # SF locality, POS 10 non-facility
    np_unit = (Decimal("109.15") * Decimal("0.85")).quantize(C, ROUND_HALF_UP)
    assert l2["allowed"] == str(np_unit * 2) and l2["work_rvu"] == "2.60" and "85 %" in l2["reason"]
    assert c["estimate"] == str(Decimal("109.15") + np_unit * 2)
    # 80 % after coinsurance, less 2 % sequestration (in force since 2022-07-01)
    assert l1["expected_payment"] == str(
        (Decimal("109.15") * Decimal("0.8") * Decimal("0.98")).quantize(C, ROUND_HALF_UP)
    )
    assert any("deductible" in n for n in c["notes"])
    by = {b["npi"]: b for b in r["summary"]["by_clinician"]}
    assert by["1326074899"]["work_rvu"] == "2.60" and by["1234567893"]["work_rvu"] == "1.30"
    assert r["summary"]["estimate_total"] == c["estimate"]
    code, out, _ = run(capsys, "estimate", str(f), "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("file,claim_id") and len(out.splitlines()) == 3


def test_a_line_with_an_error_finding_is_not_billable(capsys, pfs_loaded, tmp_path):
    bad = json.loads(json.dumps(PROF))
    bad["lines"][0]["code"] = "99441"  # telephone E/M deleted 2025-01-01: TH001 (an error) marks the line
    f = tmp_path / "p.json"
    f.write_text(json.dumps(bad))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    line = json.loads(out)["claims"][0]["lines"][0]
    assert line["allowed"] == "0.00" and line["reason"].startswith("not billable: TH001")


def test_payer_fee_schedules_percent_and_contract_csv(capsys, pfs_loaded, tmp_path):
    (tmp_path / "rates.csv").write_text(
        "code,modifier,amount,effective_from,effective_to\n99213,,120.00,2025-01-01,2025-12-31\n"
    )
    cfg = tmp_path / "teleclaim.toml"
    cfg.write_text(
        '[profiles.acme]\nextends = "commercial"\nfee_schedule = { percent_of_medicare = 115 }\n'
        '[profiles.acme_contract]\nextends = "commercial"\nfee_schedule = { csv = "rates.csv" }\n'
    )
    code, out, _ = run(
        capsys,
        "price",
        "99213",
        "--on",
        "2025-11-03",
        "--zip",
        "94103",
        "--pos",
        "10",
        "--payer",
        "acme",
        "--config",
        str(cfg),
        "--json",
    )
    r = json.loads(out)
    assert code == 0 and r["allowed"] == str((Decimal("109.15") * Decimal("1.15")).quantize(C, ROUND_HALF_UP))
    assert r["medicare_allowed"] == "109.15" and r["schedule"]["kind"] == "percent_of_medicare"
    code, out, _ = run(
        capsys,
        "price",
        "99213",
        "--on",
        "2025-11-03",
        "--pos",
        "10",
        "--payer",
        "acme_contract",
        "--config",
        str(cfg),
        "--json",
    )
    r = json.loads(out)
    assert r["allowed"] == "120.00" and "contracted" in r["schedule"]["label"]
    code, out, _ = run(
        capsys,
        "price",
        "99213",
        "--on",
        "2026-08-01",
        "--pos",
        "10",
        "--payer",
        "acme_contract",
        "--config",
        str(cfg),
        "--json",
    )
    assert json.loads(out)["allowed"] is None  # the contract row ended 2025-12-31 (and no 2026 release: exit 2)
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PROF))
    code, out, _ = run(capsys, "estimate", str(f), "--payer", "acme_contract", "--config", str(cfg), "--json")
    c = json.loads(out)["claims"][0]
    assert c["lines"][0]["allowed"] == "120.00" and c["expected_payment"] is None
    assert c["schedule"]["kind"] == "contract"


def test_bad_contract_csv_line_is_named(capsys, pfs_loaded, tmp_path):
    (tmp_path / "rates.csv").write_text("code,modifier,amount\n99213,,12x\n")
    cfg = tmp_path / "teleclaim.toml"
    cfg.write_text('[profiles.acme]\nextends = "commercial"\nfee_schedule = { csv = "rates.csv" }\n')
    code, out, _ = run(
        capsys, "price", "99213", "--on", "2025-11-03", "--payer", "acme", "--config", str(cfg), "--json"
    )
    err = json.loads(out)["error"]
    assert code == 2 and err["line"] == 2 and "amount" in err["message"]


def test_estimate_of_the_examples_runs(capsys, tmp_store):
    repo = Path(__file__).resolve().parents[2]
    code, out, _ = run(capsys, "estimate", *(str(p) for p in sorted((repo / "examples").glob("*.837"))), "--json")
    assert code == 0
    r = json.loads(out)
    assert r["summary"]["claims"] == len(r["claims"]) > 0
    assert {c["method"] for c in r["claims"]} <= {"pfs", "hh_period", "hh_lupa", "none"}


def test_a_cross_claim_finding_makes_the_later_line_not_billable(capsys, pfs_loaded, tmp_path):
    first = json.loads(json.dumps(PROF))
    first["facility_code"] = "11"
    first["lines"] = [dict(PROF["lines"][0], code="99422", pos="11", modifiers=[])]
    second = json.loads(json.dumps(first))
    second["claim_id"] = "P2"
    second["lines"][0].update(code="99421", date="2025-11-08")
    second["statement_from"] = second["statement_to"] = "2025-11-08"
    f = tmp_path / "two.json"
    f.write_text(json.dumps([first, second]))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    a, b = json.loads(out)["claims"]
    assert a["lines"][0]["allowed"] not in (None, "0.00")
    assert b["lines"][0]["allowed"] == "0.00" and b["lines"][0]["reason"].startswith("not billable: TH020")
    assert b["estimate"] == "0.00" and any(x["rule"] == "TH020" for x in b["findings"])


def test_code_page_shows_the_national_amount(capsys, pfs_loaded):
    code, out, _ = run(capsys, "code", "99213", "--on", "2025-11-03", "--json")
    assert code == 0 and json.loads(out)["pfs"]["national_amount"] == {"facility": "63.72", "non_facility": "88.95"}
    code, out, _ = run(capsys, "code", "99213", "--on", "2025-11-03")
    assert "National amount: facility 63.72, non-facility 88.95" in out


def test_the_wage_index_as_downloaded_zip_with_an_xlsx_sheet(capsys, tmp_store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import zipfile

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["CY 2026 Final HH PPS Wage Index (synthetic test values)"])
    ws.append(["CBSA", "CBSA Name", "Wage Index"])
    ws.append([10001, "Synthetic Metro A", 1.1])
    ws.append([99901, "Synthetic State Rural", 0.9])
    x = tmp_path / "wage.xlsx"
    wb.save(x)
    z = tmp_path / "cy-2026-final-hh-pps-wage-index.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(x, "CY 2026 Final HH PPS Wage Index.xlsx")
    code, out, _ = run(capsys, "data", "import", str(z), "--json")
    got = json.loads(out)
    assert code == 0 and got["kind"] == "hh_wage_index" and got["year"] == 2026 and got["rows"] == 2
    rel = parse_wage_index(z)
    assert rel.rows["10001"] == ("Synthetic Metro A", Decimal("1.1"))


def test_a_wage_index_without_a_year_asks_for_it(capsys, tmp_store, tmp_path):
    f = tmp_path / "wage.csv"
    f.write_text("CBSA,Wage Index\n10001,1.1\n")
    code, out, _ = run(capsys, "data", "import", str(f), "--json")
    assert code == 2 and "--effective" in json.loads(out)["error"]["message"]
    code, out, _ = run(capsys, "data", "import", str(f), "--effective", "2026-01-01", "--json")
    assert code == 0 and json.loads(out)["year"] == 2026


def test_clinical_social_worker_at_75_percent(capsys, pfs_loaded, tmp_path):
    claim = json.loads(json.dumps(PROF))
    claim["lines"] = [
        dict(PROF["lines"][0], code="90834", rendering={"name": "CSW", "npi": "1326074899", "taxonomy": "1041C0700X"})
    ]
    f = tmp_path / "csw.json"
    f.write_text(json.dumps(claim))
    code, out, _ = run(capsys, "estimate", str(f), "--json")
    ln = json.loads(out)["claims"][0]["lines"][0]
    code, out2, _ = run(capsys, "price", "90834", "--on", "2025-11-03", "--zip", "94103", "--pos", "10", "--json")
    full = Decimal(json.loads(out2)["allowed"])
    assert ln["allowed"] == str((full * Decimal("0.75")).quantize(C, ROUND_HALF_UP)) and "75 %" in ln["reason"]

"""``teleclaim clinicians ...``, ``can-treat``, ``schema roster``, ``check --roster``, and ``data
import`` of the CMS Order and Referring file: what a user sees, exit codes and JSON contracts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "rules"))
sys.path.insert(0, str(HERE / "credentials"))
from casekit import claim_json  # noqa: E402
from rosterkit import roster, write_roster  # noqa: E402


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch):
    from casekit import case_codes

    import teleclaim.rules.engine as engine

    cs = case_codes()
    monkeypatch.setattr(engine, "default_codes", lambda: cs)
    monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("TELECLAIM_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.chdir(tmp_path)


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def office(cid, npi, state, date):
    return claim_json(
        {
            "base": "office",
            "claim": {
                "claim_id": cid,
                "subscriber": {
                    "last_name": "SAMPLE",
                    "first_name": "PAT",
                    "member_id": "1EG4TE5MK73",
                    "address": {"line1": "1 ELM ST", "city": "SOMEWHERE", "state": state, "zip": "00000"},
                },
                "rendering": {
                    "name": "SAMPLE",
                    "first_name": "ANA",
                    "entity_type": "1",
                    "npi": npi,
                    "taxonomy": "207Q00000X",
                },
            },
            "lines_set": {1: {"date": date}},
        }
    )


def write_837(tmp_path, capsys, *claims):
    src = tmp_path / "claims.jsonl"
    src.write_text("".join(json.dumps(c, default=str) + "\n" for c in claims))
    assert run(capsys, "write", src, "-o", tmp_path / "claims.837")[0] == 0
    return tmp_path / "claims.837"


def test_import_list_show_and_reimport_keeps_audit(tmp_path, capsys):
    p = write_roster(tmp_path)
    rc, out, _ = run(capsys, "clinicians", "import", p)
    assert rc == 0 and "Imported 3 clinicians" in out and "3 added" in out
    rc, out, _ = run(capsys, "clinicians", "import", p, "--format", "json")
    doc = json.loads(out)
    assert doc["replaced"] == 3 and doc["teleclaim_version"]
    rc, out, _ = run(capsys, "clinicians", "list", "--on", "2026-03-02", "--json")
    doc = json.loads(out)
    assert doc["count"] == 3 and {c["status"] for c in doc["clinicians"]} == {"lapsing", "active"}
    rc, out, _ = run(capsys, "clinicians", "show", "1234567893", "--json")
    doc = json.loads(out)
    assert [a["action"] for a in doc["audit"]] == ["added", "replaced"]
    assert doc["clinician"]["licenses"][0]["number"] == "Q1234"
    rc, out, _ = run(capsys, "clinicians", "show", "1234567893")
    assert rc == 0 and "via IMLC" in out and "2 imports on record" in out
    rc, _, err = run(capsys, "clinicians", "show", "1982345674")
    assert rc == 1 and "not on the roster" in err


def test_bad_file_imports_nothing_and_says_where(tmp_path, capsys):
    obj = roster()
    obj["clinicians"][2]["licenses"][0]["expires"] = "2027-06-31"
    p = write_roster(tmp_path, obj, "bad.json")
    rc, _, err = run(capsys, "clinicians", "import", p)
    assert rc == 2 and "bad.json: /clinicians/2/licenses/0/expires" in err and "'2027-06-31'" in err
    rc, out, _ = run(capsys, "clinicians", "list", "--json")
    assert json.loads(out)["count"] == 0  # nothing of the file was imported
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "npi,name,profession,record,state\n1234567893,Ana,physician,license,TX\n"
        "1245319599,Bea,registered_nurse,licence,TX\n"
    )
    rc, out, _ = run(capsys, "clinicians", "import", csv, "--format", "json")
    err = json.loads(out)["error"]
    assert rc == 2 and err["line"] == 3 and err["field"] == "record" and err["value"] == "licence"
    assert json.loads(run(capsys, "clinicians", "list", "--json")[1])["count"] == 0


def test_expiring(tmp_path, capsys):
    run(capsys, "clinicians", "import", write_roster(tmp_path))
    rc, out, _ = run(capsys, "clinicians", "expiring", "--within", "60", "--on", "2026-03-02", "--json")
    items = json.loads(out)["items"]
    assert [(i["npi"], i["kind"], i["date"]) for i in items] == [
        ("1234567893", "revalidation", "2026-01-31"),
        ("1245319599", "license", "2026-03-31"),
        ("1234567893", "license", "2026-04-30"),
    ]
    rc, out, _ = run(capsys, "clinicians", "expiring", "--within", "60", "--on", "2026-03-02")
    assert "in 29 days" in out and "3 items within 60 days of 2026-03-02." in out


@pytest.mark.parametrize(
    ("args", "rc", "kind"),
    [
        (["1234567893", "--state", "TX", "--payer", "medicare"], 0, "license"),
        (["1245319599", "--state", "PA"], 0, "compact_license"),
        (["1316205081", "--state", "CO"], 0, "privilege"),
        (["1234567893", "--state", "CO"], 0, "license"),  # IMLC-issued license
        (["1316205081", "--state", "CO", "--mode", "in_person"], 1, None),
        (["1234567893", "--state", "PA"], 1, None),
    ],
)
def test_can_treat_answers_and_exit_codes(tmp_path, capsys, args, rc, kind):
    p = write_roster(tmp_path)
    got, out, _ = run(capsys, "can-treat", *args, "--on", "2026-03-02", "--roster", p, "--format", "json")
    doc = json.loads(out)
    assert got == rc and doc["allowed"] is (rc == 0)
    assert set(doc) >= {"teleclaim_version", "npi", "state", "on", "payer", "allowed", "basis", "problems", "warnings"}
    if kind:
        assert doc["basis"][0]["kind"] == kind
    else:
        assert doc["problems"] and all(set(p) >= {"code", "message"} for p in doc["problems"])


def test_can_treat_unknown_npi_and_no_roster(tmp_path, capsys):
    rc, _, err = run(capsys, "can-treat", "1234567893", "--state", "TX")
    assert rc == 2 and "no roster" in err
    run(capsys, "clinicians", "import", write_roster(tmp_path))
    rc, out, _ = run(capsys, "can-treat", "1982345674", "--state", "TX", "--on", "2026-03-02")
    assert rc == 1 and "may NOT treat" in out and "not on the roster" in out
    rc, _, err = run(capsys, "can-treat", "1234567893", "--state", "XX")
    assert rc == 2 and "--state 'XX'" in err


def test_compact_override_in_teleclaim_toml(tmp_path, capsys):
    p = write_roster(tmp_path)
    args = ["can-treat", "1245319599", "--state", "MA", "--on", "2026-03-02", "--roster", p]
    assert run(capsys, *args)[0] == 1
    (tmp_path / "teleclaim.toml").write_text('[credentials.compacts.NLC]\nMA = "2026-03-01"\n')
    assert run(capsys, *args)[0] == 0


def test_schema_roster(capsys):
    rc, out, _ = run(capsys, "schema", "roster")
    doc = json.loads(out)
    assert rc == 0 and doc["title"] == "teleclaim roster" and "clinicians" in doc["properties"]


def test_check_with_roster_file_and_with_the_store_roster(tmp_path, capsys):
    p = write_roster(tmp_path)
    f = write_837(
        tmp_path,
        capsys,
        office("C1", "1234567893", "TX", "2026-03-02"),
        office("C2", "1234567893", "CO", "2026-05-01"),
        office("C3", "1234567893", "CO", "2026-04-01"),
        office("C4", "1881234565", "TX", "2026-03-02"),
        office("C5", "1234567890", "TX", "2026-03-02"),
    )
    rc, out, _ = run(capsys, "check", f, "--roster", p, "--as-of", "2026-04-10", "--format", "json")
    got = sorted((str(x["claim_id"]), x["rule"], x["severity"], x["status"]) for x in json.loads(out)["findings"])
    assert rc == 1 and got == [
        ("C2", "CR002", "error", "failed"),
        ("C3", "CR003", "info", "failed"),
        ("C4", "CR002", "info", "not_checked"),
        ("C5", "CR001", "error", "failed"),
    ]
    c2 = next(x for x in json.loads(out)["findings"] if x["claim_id"] == "C2")
    assert c2["location"] == ["2010BA", "N402"] and "patient's address state CO" in c2["message"]
    # without a roster only the check digit edit runs
    rc, out, _ = run(capsys, "check", f, "--as-of", "2026-04-10", "--format", "json")
    assert [x["rule"] for x in json.loads(out)["findings"]] == ["CR001"]
    # a roster in the store works with no flag
    run(capsys, "clinicians", "import", p)
    rc, out, _ = run(capsys, "check", f, "--as-of", "2026-04-10", "--format", "json")
    assert sorted(x["rule"] for x in json.loads(out)["findings"]) == ["CR001", "CR002", "CR002", "CR003"]


def test_order_referring_file_import_and_certifier_edit(tmp_path, capsys):
    orl = tmp_path / "OrderReferring_20260219.csv"
    orl.write_text(
        "NPI,LAST_NAME,FIRST_NAME,PARTB,DME,HHA,PMD,HOSPICE\n1234567893,RUIZ,ANA,Y,Y,Y,Y,Y\n"
        "1316205081,OKAFOR,CY,Y,,,,\n"
    )
    rc, out, _ = run(capsys, "data", "import", orl)
    assert rc == 0 and "release 2026-02-19" in out and "2 NPIs, 1 eligible" in out
    hh = [
        claim_json(
            {
                "claim": {
                    "claim_id": f"H{i}",
                    "attending": {"name": "CERT", "first_name": "X", "entity_type": "1", "npi": npi},
                }
            }
        )
        for i, npi in enumerate(["1234567893", "1316205081"])
    ]
    src = tmp_path / "hh.json"
    src.write_text(json.dumps(hh, default=str))
    rc, out, _ = run(capsys, "check", src, "--as-of", "2026-01-15", "--format", "json")
    got = [(x["claim_id"], x["rule"], x["severity"]) for x in json.loads(out)["findings"]]
    assert got == [("H1", "CR008", "warning")] and "2026-02-19" in json.loads(out)["findings"][0]["message"]
    bad = tmp_path / "or_bad.csv"
    bad.write_text("NPI,LAST_NAME,FIRST_NAME,PARTB,DME,HHA,PMD,HOSPICE\n12345,X,Y,Y,Y,Q,Y,Y\n")
    rc, _, err = run(capsys, "data", "import", bad)
    assert rc == 2 and "line 2" in err and "NPI" in err


def test_suggest_says_when_the_clinician_may_not_treat_there(tmp_path, capsys):
    run(capsys, "clinicians", "import", write_roster(tmp_path))
    enc = {
        "kind": "telehealth_em",
        "date": "2026-03-02",
        "patient": "established",
        "mode": "audio_video",
        "patient_location": "home",
        "mdm": "low",
        "npi": "1234567893",
        "patient_state": "PA",
    }
    f = tmp_path / "enc.json"
    f.write_text(json.dumps(enc))
    rc, out, _ = run(capsys, "suggest", f, "--format", "json")
    doc = json.loads(out)
    assert doc["may_treat"]["allowed"] is False
    assert any("may not treat a patient in PA" in n for n in doc["notes"])
    f.write_text(json.dumps({**enc, "patient_state": "TX"}))
    doc = json.loads(run(capsys, "suggest", f, "--format", "json")[1])
    assert doc["may_treat"]["allowed"] is True and not any("may not treat" in n for n in doc["notes"])


def test_credentials_example_837(capsys):
    """examples/credentials_837p.837 with examples/roster.json: one credential finding per claim."""
    ex = HERE.parent / "examples"
    rc, out, _ = run(
        capsys,
        "check",
        ex / "credentials_837p.837",
        "--roster",
        ex / "roster.json",
        "--as-of",
        "2026-04-10",
        "--format",
        "json",
    )
    got = [(f["claim_id"], f["rule"], f["severity"], f["status"]) for f in json.loads(out)["findings"]]
    assert rc == 1 and got == [
        ("CR-0002", "CR002", "error", "failed"),
        ("CR-0003", "CR002", "error", "failed"),
        ("CR-0004", "CR003", "info", "failed"),
        ("CR-0005", "CR002", "info", "not_checked"),
        ("CR-0006", "CR001", "error", "failed"),
    ]

"""``teleclaim check --record``, ``teleclaim ledger`` and ``teleclaim report utilization`` end to end."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, prof, visit, write  # noqa: E402

AS_OF = ["--as-of", "2026-04-15"]


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def claims():
    return [
        prof("C1", 1, [line(1, "99213", pos="10"), line(2, "99441", date="2026-03-03")]),
        prof("C2", 2, [line(1, "99214", mods=("95",))], zip_code="03601", state="NH"),
        prof("C3", 3, [line(1, "99201", date="2026-03-05")], filing="CI"),  # deleted code: a finding
        hh("H1", 4, "329", "2026-03-01", [visit(), visit("G0320", "0580")]),
    ]


def ledger_dump(store: Path) -> str:
    con = sqlite3.connect(store)
    text = []
    for table in ("ledger_claim", "ledger_line"):
        text += [repr(tuple(r)) for r in con.execute(f"SELECT * FROM {table}")]
    con.close()
    return "\n".join(text)


def test_check_record_keeps_the_minimum_and_never_names_member_ids_addresses_or_birth_dates(
    tmp_path, tmp_store, capsys
):
    p = write(tmp_path, claims())
    rc, _, _ = run(capsys, "check", p, "--record", *AS_OF)
    assert rc in (0, 1)
    dump = ledger_dump(tmp_store)
    for phi in ("TESTPERSON", "MBR00000", "ELM ST", "1950-01-01", "SOMEWHERE", "PAT"):
        assert phi not in dump
    con = sqlite3.connect(tmp_store)
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT claim_id, patient_state, patient_zip3, payer_profile, tob, hipps, patient_key FROM ledger_claim"
        )
    }
    assert rows["C1"][:3] == ("IA", "503", "medicare")
    assert rows["C2"][:2] == ("NH", "000")  # 036: a HIPAA safe-harbor restricted 3-digit area
    assert rows["H1"][3:5] == ("329", "1AA21")
    assert len(rows["C1"][5]) == 32 and rows["C1"][5] != rows["C2"][5]
    lines = con.execute(
        "SELECT code, modifiers, pos, units, charge, revenue_code, service_date FROM ledger_line WHERE claim_id = 'C2'"
    ).fetchall()
    assert lines == [("99214", "95", None, "1", "100.00", None, "2026-03-02")]


def test_without_record_nothing_is_kept(tmp_path, tmp_store, capsys):
    run(capsys, "check", write(tmp_path, claims()), *AS_OF)
    rc, out, _ = run(capsys, "ledger", "status", "--json")
    assert rc == 0 and json.loads(out)["claims"] == 0


def test_the_ledger_setting_turns_recording_on(tmp_path, tmp_store, capsys, monkeypatch):
    monkeypatch.setenv("TELECLAIM_LEDGER", "true")
    run(capsys, "check", write(tmp_path, claims()), *AS_OF)
    assert json.loads(run(capsys, "ledger", "status", "--json")[1])["claims"] == 4


def test_rechecking_a_claim_replaces_it(tmp_path, tmp_store, capsys):
    run(capsys, "check", write(tmp_path, claims()), "--record", *AS_OF)
    changed = [prof("C1", 1, [line(1, "99215", pos="02")])]
    run(capsys, "check", write(tmp_path, changed, "again.jsonl"), "--record", *AS_OF)
    con = sqlite3.connect(tmp_store)
    assert con.execute("SELECT COUNT(*) FROM ledger_claim").fetchone()[0] == 4
    assert con.execute("SELECT code FROM ledger_line WHERE claim_id = 'C1'").fetchall() == [("99215",)]


def test_purge_before_a_date(tmp_path, tmp_store, capsys):
    old = [prof("OLD", 5, [line(1, "99213", date="2025-01-10")])]
    run(capsys, "check", write(tmp_path, claims() + old), "--record", *AS_OF)
    rc, out, _ = run(capsys, "ledger", "purge", "--before", "2026-01-01", "--json")
    assert rc == 0 and json.loads(out)["claims"] == 1 and json.loads(out)["lines"] == 1
    assert json.loads(run(capsys, "ledger", "status", "--json")[1])["claims"] == 4


def test_the_report_from_the_ledger_equals_the_report_from_the_files(tmp_path, tmp_store, capsys):
    p = write(tmp_path, claims())
    rc, out, _ = run(capsys, "report", "utilization", p, "--json", "--record", *AS_OF)
    assert rc == 0
    files = json.loads(out)
    stored = json.loads(run(capsys, "report", "utilization", "--from-store", "--json")[1])
    assert files["findings"]["by_rule"], "the deleted code should be a finding"
    for key in ("months", "home_health", "clinicians", "findings"):
        assert stored[key] == files[key], key
    assert files["source"] == {"files": 1, "claims": 4} and stored["source"]["claims"] == 4


def test_json_contract_fields(tmp_path, tmp_store, capsys):
    rc, out, _ = run(capsys, "report", "utilization", write(tmp_path, claims()), "--format", "json", *AS_OF)
    r = json.loads(out)
    assert {"teleclaim_version", "source", "months", "home_health", "clinicians", "findings"} <= set(r)
    m = r["months"][0]
    assert {"month", "claims", "lines", "patients", "telehealth", "by_kind", "work_rvu", "estimated_allowed"} <= set(m)
    assert {"lines", "patients", "audio_only_lines", "by_pos", "by_modifier"} <= set(m["telehealth"])
    assert set(r["home_health"]) >= {"periods", "periods_with_telecom", "visits", "telecom_lines", "lupa_periods"}
    assert set(r["clinicians"][0]) >= {"npi", "lines", "telehealth_lines", "work_rvu"}
    assert m["month"] == "2026-03" and m["telehealth"]["lines"] == 2 and m["telehealth"]["audio_only_lines"] == 1
    assert r["home_health"]["telecom_lines"]["G0320"] == 1


def test_csv_html_and_parquet(tmp_path, tmp_store, capsys):
    p = write(tmp_path, claims())
    rc, out, _ = run(capsys, "report", "utilization", p, "--format", "csv", *AS_OF)
    head, row = out.splitlines()[:2]
    assert head.startswith("month,claims,lines,patients,telehealth_lines") and row.startswith("2026-03,4,")
    html = tmp_path / "r.html"
    rc, _, _ = run(
        capsys, "report", "utilization", p, "--format", "html", "-o", html, "--output", tmp_path / "pq", *AS_OF
    )
    text = html.read_text()
    assert rc == 0 and text.count("<svg") >= 5 and "<table" in text
    assert "<script" not in text and 'src="http' not in text and 'href="http' not in text
    pq = pytest.importorskip("pyarrow.parquet")
    t = pq.read_table(tmp_path / "pq" / "utilization_monthly.parquet").to_pylist()
    assert t[0]["month"] == "2026-03" and t[0]["telehealth_lines"] == 2 and t[0]["hh_periods"] == 1


@pytest.mark.parametrize(
    "args,code",
    [
        ([], "invalid_option"),
        (["--from-store", "x.json"], "invalid_option"),
        (["--from-store", "--since", "2026-05-01", "--until", "2026-04-01"], "invalid_option"),
        (["--from-store", "--since", "May"], "invalid_option"),
        (["missing.json"], "file_not_found"),
    ],
)
def test_bad_options_exit_2_with_a_clear_error(tmp_store, capsys, args, code):
    rc, out, _ = run(capsys, "report", "utilization", *args, "--json")
    assert rc == 2 and json.loads(out)["error"]["code"] == code


def test_standard_input(tmp_path, tmp_store, capsys, monkeypatch):
    import io

    data = write(tmp_path, claims()).read_bytes()
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": io.BytesIO(data)})())
    rc, out, _ = run(capsys, "report", "utilization", "-", "--json", *AS_OF)
    assert rc == 0 and json.loads(out)["source"]["claims"] == 4


def test_text_report(tmp_path, tmp_store, capsys):
    rc, out, _ = run(capsys, "report", "utilization", write(tmp_path, claims()), *AS_OF)
    assert rc == 0 and "2026-03" in out and "Home health: 1 periods, 1 with telecom" in out
    assert "fee data not loaded" in out

"""`teleclaim check` on professional (837P) telehealth claims: payer profiles chosen by option,
config mapping or SBR09; cross-claim edits over every file of a run and over the history store;
the flexibility lapse judged by --as-of; `teleclaim payers`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from casekit import claim_json  # noqa: E402


def office(claim_id, code="99213", day="2025-12-02", **claim):
    line = claim.pop("line", {})
    case = {
        "base": "office",
        "claim": {"claim_id": claim_id, **claim},
        "lines_set": {1: {"code": code, "date": day, **line}},
    }
    return claim_json(case)


def write(path: Path, *claims) -> Path:
    path.write_text("\n".join(json.dumps(c, default=str) for c in claims) + "\n")
    return path


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def findings(out: str) -> list[tuple[str, str, int | None]]:
    return [(f["rule"], f["claim_id"], f["line"]) for f in json.loads(out)["findings"]]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELECLAIM_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / "store.sqlite3"))
    monkeypatch.delenv("TELECLAIM_HISTORY", raising=False)


def test_medicare_rejects_cpt2025_telemedicine_codes_and_commercial_takes_them(tmp_path, capsys):
    f = write(tmp_path / "c.jsonl", office("M1", "98004", "2025-03-04", line={"modifiers": ["95"]}))
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--as-of", "2025-04-01")
    assert rc == 1 and ("TH002", "M1", 1) in findings(out)
    finding = json.loads(out)["findings"][0]
    assert finding["details"]["payer_profile"] == "medicare" and "99202-99215" in finding["message"]
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--as-of", "2025-04-01", "--payer", "commercial")
    assert rc == 0 and findings(out) == []


def test_payer_id_mapping_and_user_profile_from_config(tmp_path, capsys):
    (tmp_path / "teleclaim.toml").write_text(
        '[profiles.acme]\nextends = "commercial"\nvideo_modifier = "GT"\n[payers.ACME01]\nprofile = "acme"\n'
    )
    c = office("A1", claim_filing="CI", payer={"name": "ACME", "id": "ACME01"}, line={"modifiers": ["95"]})
    f = write(tmp_path / "c.jsonl", c)
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--fail-on", "warning", "--as-of", "2026-01-15")
    assert rc == 1 and findings(out) == [("TH006", "A1", 1)]
    assert "GT" in json.loads(out)["findings"][0]["message"]


def test_unknown_profile_in_config_or_option_exits_2(tmp_path, capsys):
    f = write(tmp_path / "c.jsonl", office("A1"))
    rc, _, err = run(capsys, "check", f, "--payer", "medicair")
    assert rc == 2 and "medicair" in err and "medicare" in err
    (tmp_path / "teleclaim.toml").write_text('[profiles.x]\nextends = "commercial"\nvideo_modifer = "GT"\n')
    rc, _, err = run(capsys, "check", f)
    assert rc == 2 and "video_modifer" in err and "video_modifier" in err


def test_lapse_of_the_flexibilities_is_judged_by_as_of(tmp_path, capsys):
    f = write(tmp_path / "c.jsonl", office("L1", day="2025-10-15"))
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--as-of", "2025-11-01")
    assert rc == 1 and findings(out) == [("TH011", "L1", 1)]
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--as-of", "2025-12-01")
    assert rc == 0 and findings(out) == []


def test_cross_claim_edits_span_the_files_of_one_run(tmp_path, capsys):
    a = write(tmp_path / "a.jsonl", office("E1", "99422", "2026-03-02", facility_code="11"))
    b = write(tmp_path / "b.jsonl", office("E2", "99421", "2026-03-06", facility_code="11"))
    rc, out, _ = run(capsys, "check", a, b, "--format", "json", "--as-of", "2026-04-01")
    assert rc == 1 and findings(out) == [("TH020", "E2", 1)]
    msg = json.loads(out)["findings"][0]["message"]
    assert "2026-03-02 to 2026-03-08" in msg and "claim E1" in msg
    rc, out, _ = run(capsys, "check", b, "--as-of", "2026-04-01")
    assert rc == 0, out


def test_history_store_carries_records_between_runs(tmp_path, capsys):
    a = write(tmp_path / "a.jsonl", office("R1", "99454", "2026-03-01", facility_code="11"))
    b = write(tmp_path / "b.jsonl", office("R2", "99445", "2026-03-20", facility_code="11"))
    rc, _, _ = run(capsys, "check", a, "--history", "--as-of", "2026-04-01")
    assert rc == 0
    rc, out, _ = run(capsys, "check", b, "--history", "--format", "json", "--as-of", "2026-04-01")
    assert rc == 1 and findings(out) == [("TH022", "R2", 1)]
    assert "earlier run" in json.loads(out)["findings"][0]["message"]
    # the same claim checked again is not a second billing of itself
    rc, out, _ = run(capsys, "check", a, "--history", "--format", "json", "--as-of", "2026-04-01")
    assert rc == 0 and findings(out) == []
    # without --history earlier runs are not consulted
    rc, _, _ = run(capsys, "check", b, "--as-of", "2026-04-01")
    assert rc == 0
    # nothing identifying is stored in clear
    import sqlite3

    rows = sqlite3.connect(tmp_path / "store.sqlite3").execute("SELECT * FROM claim_history").fetchall()
    assert len(rows) == 2 and not any("1EG4TE5MK73" in str(r) or "SAMPLE" in str(r) for r in rows)


def test_history_setting_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TELECLAIM_HISTORY", "1")
    a = write(tmp_path / "a.jsonl", office("S1", "99453", "2026-01-05", facility_code="11"))
    b = write(tmp_path / "b.jsonl", office("S2", "99453", "2026-02-20", facility_code="11"))
    run(capsys, "check", a, "--as-of", "2026-03-01")
    rc, out, _ = run(capsys, "check", b, "--format", "json", "--fail-on", "warning", "--as-of", "2026-03-01")
    assert rc == 1 and findings(out) == [("TH025", "S2", 1)]


def test_text_report_groups_cross_claim_findings_with_their_claim(tmp_path, capsys):
    f = write(
        tmp_path / "c.jsonl",
        office("P1", "99457", "2026-03-10", facility_code="11"),
        office("P2", "99458", "2026-03-25", facility_code="11", line={"units": 1}),
        office("P3", "99470", "2026-03-12", facility_code="11"),
    )
    rc, out, _ = run(capsys, "check", f, "--as-of", "2026-04-01")
    assert rc == 1
    assert out.count("claim P3") == 1 and "TH023" in out.split("claim P3")[1]


def test_payers_command(capsys):
    rc, out, _ = run(capsys, "payers", "--format", "json")
    data = json.loads(out)
    assert rc == 0 and {p["name"] for p in data["profiles"]} >= {"medicare", "commercial", "medicaid_example"}
    assert data["mapping"]["filing_indicators"]["MB"] == "medicare"
    assert next(p for p in data["profiles"] if p["name"] == "medicaid_example")["example"] is True
    rc, out, _ = run(capsys, "payers", "medicare", "--json")
    prof = json.loads(out)["profile"]
    assert prof["home_originating_site"]["lapses"][0] == {
        "from": "2025-10-01",
        "to": "2025-11-11",
        "cured": "2025-11-12",
    }
    rc, _, err = run(capsys, "payers", "medicair")
    assert rc == 1 and "medicare" in err


def test_history_patient_keys_are_keyed_by_a_secret_of_the_store(tmp_path, capsys, monkeypatch):
    """The stored patient key is an HMAC with a per-store secret: the same patient gets different keys
    in two stores, and neither is the engine's plain hash."""
    import sqlite3

    from teleclaim.model.jsonform import claim_from_json
    from teleclaim.rules.cross import patient_key

    c = office("K1", "99454", "2026-03-01", facility_code="11")
    a = write(tmp_path / "a.jsonl", c)
    keys = []
    for name in ("one.sqlite3", "two.sqlite3"):
        monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / name))
        assert main(["check", str(a), "--history", "--as-of", "2026-04-01"]) == 0
        keys.append(sqlite3.connect(tmp_path / name).execute("SELECT patient_key FROM claim_history").fetchone()[0])
    capsys.readouterr()
    assert keys[0] != keys[1]
    assert patient_key(claim_from_json(c)) not in keys


def test_missing_payer_modifier_message_names_the_modifier_the_line_has(tmp_path, capsys):
    """TH006 says what the line carries: GT where the profile wants 95 is not 'no modifier'."""
    f = write(tmp_path / "c.jsonl", office("G1", line={"modifiers": ["GT"]}), office("N1"))
    rc, out, _ = run(capsys, "check", f, "--format", "json", "--as-of", "2026-01-15", "--payer", "commercial")
    msgs = {x["claim_id"]: x["message"] for x in json.loads(out)["findings"] if x["rule"] == "TH006"}
    assert msgs["G1"].endswith("the line has GT instead")
    assert msgs["N1"].endswith("the line has no telehealth modifier")

"""CLI conventions of issue 3 on the later commands (`--format json` everywhere, errors naming the
option) and small gaps found by using the commands as a biller would."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_ack_json_gives_the_verdicts_and_the_999(capsys, tmp_path):
    rc, out, _ = run(capsys, "ack", EXAMPLES / "home_health_837i.837", "--json")
    d = json.loads(out)
    assert rc == 0 and d["teleclaim_version"] and d["accepted"] is True
    assert d["transaction_sets"] == [{"control_number": "0001", "status": "A", "meaning": "accepted"}]
    assert d["ack"].startswith("ISA") and "AK9*A" in d["ack"]
    bad = tmp_path / "bad.837"
    bad.write_text((EXAMPLES / "home_health_837i.837").read_text().replace("SE*", "SE*9", 1))
    rc, out, _ = run(capsys, "ack", bad, "--format", "json", "-o", tmp_path / "bad.999")
    d = json.loads(out)
    assert rc == 1 and d["accepted"] is False and d["transaction_sets"][0]["status"] == "R"
    assert (tmp_path / "bad.999").read_text() == d["ack"] and d["output"].endswith("bad.999")


def test_ack_json_errors_have_the_error_shape(capsys, tmp_path):
    rc, out, _ = run(capsys, "ack", tmp_path / "missing.837", "--json")
    assert rc == 2 and json.loads(out)["error"]["code"] == "file_not_found"
    u16 = tmp_path / "u16.837"
    u16.write_bytes((EXAMPLES / "home_health_837i.837").read_text().encode("utf-16"))
    rc, out, _ = run(capsys, "ack", u16, "--json")
    err = json.loads(out)["error"]
    assert rc == 2 and err["code"] == "unsupported_file" and "UTF-16" in err["message"]


def test_keys_create_json_and_a_past_expiry_warns(capsys, tmp_store):
    rc, out, _ = run(capsys, "keys", "create", "desk", "--json")
    d = json.loads(out)
    assert rc == 0 and d["name"] == "desk" and d["key"].startswith("tck_") and d["expires"] is None
    rc, out, err = run(capsys, "keys", "create", "old", "--expires", "2020-01-01")
    assert rc == 0 and len(out.splitlines()) == 1 and out.startswith("tck_")  # the key alone on one line
    assert "2020-01-01" in err and "401" in err


def test_check_unknown_payer_names_the_option(capsys):
    rc, _, err = run(capsys, "check", EXAMPLES / "telehealth_837p.837", "--payer", "aetna")
    assert rc == 2 and err.startswith("teleclaim: --payer: unknown payer profile 'aetna'")
    assert "teleclaim.toml" not in err
    rc, out, _ = run(capsys, "check", EXAMPLES / "telehealth_837p.837", "--payer", "aetna", "--json")
    assert rc == 2 and json.loads(out)["error"]["code"] == "unknown_payer_profile"


def test_check_reads_standard_input(capsys, monkeypatch):
    body = (EXAMPLES / "home_health_errors_837i.837").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    rc, out, _ = run(capsys, "check", "-", "--json")
    d = json.loads(out)
    assert rc == 1 and d["summary"]["claims"] == 5 and {f["file"] for f in d["findings"]} == {"<stdin>"}


def test_check_reads_json_lines_from_standard_input():
    gen = subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", "generate", "--kind", "th", "--claims", "3", "--format", "jsonl"],
        capture_output=True,
        check=True,
    )
    r = subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", "check", "-", "--json"], input=gen.stdout, capture_output=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["summary"]["claims"] == 3


def test_write_given_an_837_says_what_it_takes(capsys, tmp_path):
    rc, _, err = run(capsys, "write", EXAMPLES / "home_health_837i.837", "-o", tmp_path / "x.837")
    assert rc == 2 and "X12 file" in err and "teleclaim read" in err and "--format jsonl" in err
    assert not (tmp_path / "x.837").exists()

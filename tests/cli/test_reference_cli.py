"""The CLI conventions on the reference commands: formats, JSON shape, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from teleclaim._version import __version__
from teleclaim.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_code_json_carries_version_and_contract_fields(capsys):
    code, out, _ = run(capsys, "code", "G0321", "--on", "2026-01-05", "--json")
    assert code == 0
    obj = json.loads(out)
    assert obj["teleclaim_version"] == __version__
    for k in ("code", "system", "effective_from", "effective_to", "valid_on", "status", "descriptions", "sources"):
        assert k in obj
    assert obj["valid_on"] is True


def test_format_json_equals_json_shorthand(capsys):
    _, a, _ = run(capsys, "code", "G0320", "--format", "json")
    _, b, _ = run(capsys, "code", "G0320", "--json")
    assert json.loads(a) == json.loads(b)


def test_code_not_valid_on_date_exits_1_and_says_when_it_ended(capsys):
    code, out, _ = run(capsys, "code", "G0154", "--on", "2016-01-01")
    assert code == 1
    assert "2015-12-31" in out and "ENDED" in out


def test_code_text_shows_a_full_page(capsys):
    code, out, _ = run(capsys, "code", "G0321")
    assert code == 0
    for part in ("G0321", "Status:", "What it means", "Administrative fields", "Sources"):
        assert part in out


def test_code_text_says_when_a_fact_is_inferred(capsys):
    _, inferred, _ = run(capsys, "code", "99458")  # its start date is tagged I in rules.md §3.6
    assert "Confidence: I (inferred" in inferred
    _, verified, _ = run(capsys, "code", "G0321")
    assert "Confidence:" not in verified


def test_unknown_code_exits_1_with_suggestions(capsys):
    code, out, err = run(capsys, "code", "G0322X")
    assert code == 1 and "not found" in err and "G0322" in err
    code, out, _ = run(capsys, "code", "G0322X", "--json")
    obj = json.loads(out)
    assert code == 1 and obj["error"]["code"] == "not_found" and obj["error"]["message"]
    assert obj["error"]["suggestions"][0]["code"] == "G0322"


def test_bad_date_exits_2_with_a_clear_message(capsys):
    code, out, err = run(capsys, "code", "G0321", "--on", "2026-13-01")
    assert code == 2 and "YYYY-MM-DD" in err
    code, out, _ = run(capsys, "code", "G0321", "--on", "01/05/2026", "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "invalid_option"


def test_usage_error_exits_2(capsys):
    code, _, err = run(capsys, "code")
    assert code == 2 and "Missing argument" in err


def test_search_json_shape(capsys):
    code, out, _ = run(capsys, "search", "nurse", "phone", "call", "--json", "--limit", "3")
    obj = json.loads(out)
    assert code == 0 and obj["query"] == "nurse phone call" and len(obj["results"]) <= 3
    assert obj["results"][0]["code"] == "G0321"


def test_search_with_no_hit_exits_1(capsys):
    code, out, _ = run(capsys, "search", "zzqxv", "--json")
    assert code == 1 and json.loads(out)["results"] == []


def test_console_script_runs_end_to_end():
    p = subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", "code", "G0321", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["code"] == "G0321"


def test_no_traceback_on_internal_error(capsys, monkeypatch):
    import teleclaim.cli.reference_cmds as rc

    def boom():
        raise RuntimeError("kaput")

    monkeypatch.setattr(rc, "_reference", boom)
    monkeypatch.delenv("TELECLAIM_DEBUG", raising=False)
    code, out, err = run(capsys, "code", "G0321")
    assert code == 2 and "internal error" in err and "Traceback" not in err


@pytest.mark.parametrize("cmd", [["data", "releases"], ["demo"]])
def test_other_reference_commands_run(capsys, cmd):
    code, out, _ = run(capsys, *cmd)
    assert code == 0 and out

"""``teleclaim suggest``: input from a file, stdin and options; text and JSON; exit codes; --claim."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from teleclaim._version import __version__
from teleclaim.cli.main import main
from teleclaim.select import suggest as lib_suggest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "encounters"
VISIT = {"kind": "home_health_visit", "date": "2024-03-02", "discipline": "RN", "purpose": "direct_care", "minutes": 23}


def write(tmp_path, obj, name="enc.json"):
    p = tmp_path / name
    p.write_text(json.dumps(obj))
    return p


def run(capsys, *args):
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_text_output_shows_lines_reasons_and_authorities(capsys, tmp_path):
    rc, out, _ = run(capsys, "suggest", str(write(tmp_path, VISIT)))
    assert rc == 0
    assert "G0299  units 2  revenue 0551  2024-03-02" in out
    assert "23 min -> 2 unit(s)" in out and "S24 Medicaid restatement" in out and "rules.md" not in out
    assert "Rejected:" in out and "G0154: G0154 ended 2015-12-31" in out


def test_json_output_is_the_library_answer_plus_version(capsys, tmp_path):
    rc, out, _ = run(capsys, "suggest", "--format", "json", str(write(tmp_path, VISIT)))
    assert rc == 0
    got = json.loads(out)
    assert got.pop("teleclaim_version") == __version__
    assert got == json.loads(json.dumps(lib_suggest(VISIT)))
    ln = got["lines"][0]
    for key in ("code", "units", "modifiers", "pos", "revenue_code", "date", "reason", "authority"):
        assert key in ln
    assert isinstance(ln["modifiers"], list) and ln["pos"] is None and ln["revenue_code"] == "0551"
    assert all({"code", "why"} <= set(r) for r in got["rejected"])


def test_pos_is_a_two_character_string(capsys):
    rc, out, _ = run(
        capsys,
        "suggest",
        "--json",
        "--kind",
        "telehealth_em",
        "--date",
        "2026-03-02",
        "--patient",
        "new",
        "--mode",
        "audio_video",
        "--patient-location",
        "home",
        "--mdm",
        "high",
    )
    assert rc == 0 and json.loads(out)["lines"][0]["pos"] == "10"


def test_stdin_dash_and_piped(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(VISIT)))
    rc, out, _ = run(capsys, "suggest", "--json", "-")
    assert rc == 0 and json.loads(out)["lines"][0]["code"] == "G0299"
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(VISIT)))
    rc, out, _ = run(capsys, "suggest", "--json")
    assert rc == 0 and json.loads(out)["lines"][0]["code"] == "G0299"


def test_input_option_and_options_override_the_file(capsys, tmp_path):
    p = write(tmp_path, VISIT)
    rc, out, _ = run(capsys, "suggest", "--json", "--input", str(p), "--minutes", "38", "--discipline", "lpn")
    ln = json.loads(out)["lines"][0]
    assert rc == 0 and (ln["code"], ln["units"]) == ("G0300", 3)


def test_options_alone(capsys):
    rc, out, _ = run(
        capsys,
        "suggest",
        "--kind",
        "rpm",
        "--month",
        "2026-03",
        "--days-with-data",
        "16",
        "--management-minutes",
        "20",
        "--interactive",
    )
    assert rc == 0 and "99454" in out and "99457" in out


def test_nothing_billable_exits_1_with_the_reason(capsys):
    rc, out, _ = run(capsys, "suggest", str(EXAMPLES / "telehealth_em_lapse_2025.json"))
    assert rc == 1 and "Nothing billable:" in out and "lapse" in out
    rc, out, _ = run(capsys, "suggest", "--json", str(EXAMPLES / "telehealth_em_lapse_2025.json"))
    got = json.loads(out)
    assert rc == 1 and got["lines"] == [] and got["billable"] is False and "lapse" in got["reason"]


@pytest.mark.parametrize(
    "args,words",
    [
        (["--kind", "house_call"], "/kind 'house_call' is not a known encounter kind"),
        (["--kind", "home_health_visit", "--date", "2024-03-02", "--discipline", "RN"], "/minutes: required"),
        (
            [
                "--kind",
                "telehealth_em",
                "--date",
                "2024-03-02",
                "--patient",
                "new",
                "--mode",
                "audio_video",
                "--patient-location",
                "home",
                "--mdm",
                "low",
                "--payer",
                "acme",
            ],
            "/payer 'acme'",
        ),
        (["--date", "2024-13-01", "--kind", "rpm"], "--date '2024-13-01': not a date"),
        (["missing-file.json"], "no such file"),
    ],
)
def test_bad_input_exits_2_naming_the_field(capsys, args, words):
    rc, out, err = run(capsys, "suggest", *args)
    assert rc == 2 and words in err and "Traceback" not in err


def test_bad_json_and_json_error_shape(capsys, tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json")
    rc, _, err = run(capsys, "suggest", str(p))
    assert rc == 2 and "not valid JSON (line 1" in err
    rc, out, _ = run(capsys, "suggest", "--json", "--kind", "rpm")
    e = json.loads(out)["error"]
    assert rc == 2 and e["code"] == "invalid_encounter" and e["pointer"] == "/month"


def test_no_encounter_at_all(capsys, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty(""))
    rc, _, err = run(capsys, "suggest")
    assert rc == 2 and "no encounter" in err


@pytest.fixture
def stand_in_codes(monkeypatch):
    sys.path.insert(0, str(REPO / "tests" / "rules"))
    from casekit import case_codes

    import teleclaim.rules.engine as engine

    cs = case_codes()
    monkeypatch.setattr(engine, "default_codes", lambda: cs)


@pytest.mark.parametrize(
    "example",
    [
        "home_health_visit_rn.json",
        "home_health_period_with_telecom.json",
        "telehealth_em_medicare_home.json",
        "e_visits_physician.json",
        "rpm_2026.json",
    ],
)
def test_claim_output_passes_check(capsys, tmp_path, stand_in_codes, example):
    rc, out, err = run(capsys, "suggest", "--claim", str(EXAMPLES / example))
    assert rc == 0 and "placeholders" in err
    claim = json.loads(out)
    assert claim["lines"] and claim["kind"] in ("837I", "837P")
    p = tmp_path / "claim.json"
    p.write_text(out)
    rc, out, _ = run(capsys, "check", "--as-of", "2026-11-01", "--fail-on", "error", str(p))
    assert rc == 0, out


def test_claim_refused_when_nothing_billable_or_telecom_only(capsys, tmp_path):
    rc, _, err = run(capsys, "suggest", "--claim", str(EXAMPLES / "telehealth_em_lapse_2025.json"))
    assert rc == 1 and "nothing billable" in err
    tele = {"kind": "home_health_telecom", "date": "2026-03-02", "discipline": "RN", "mode": "audio_only"}
    rc, _, err = run(capsys, "suggest", "--claim", str(write(tmp_path, tele)))
    assert rc == 2 and "in-person visit" in err


def test_every_example_runs(capsys):
    for p in sorted(EXAMPLES.glob("*.json")):
        rc, out, err = run(capsys, "suggest", "--json", str(p))
        assert rc in (0, 1), (p.name, err)
        got = json.loads(out)
        assert got["billable"] is (rc == 0)

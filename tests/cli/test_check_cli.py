"""``teleclaim check`` and ``teleclaim rules``: formats, exit codes, options, configuration."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from casekit import claim_json  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-01-15"]


@pytest.fixture(autouse=True)
def _stand_in_codes(monkeypatch):
    """Run the CLI with the same code sets as the rule cases."""
    from casekit import case_codes

    import teleclaim.rules.engine as engine

    cs = case_codes()
    monkeypatch.setattr(engine, "default_codes", lambda: cs)


def write_claims(tmp_path, *cases, name="claims.json"):
    p = tmp_path / name
    objs = [claim_json(c) for c in cases]
    if name.endswith(".jsonl"):
        p.write_text("\n".join(json.dumps(o, default=str) for o in objs) + "\n")
    else:
        p.write_text(json.dumps(objs if len(objs) > 1 else objs[0], default=str))
    return p


GOOD = {"name": "good"}
BAD = {"name": "bad", "claim": {"claim_id": "B1", "total_charge": "1.00"}, "lines_set": {2: {"code": "G0151"}}}
WARN = {"name": "warn", "claim": {"claim_id": "W1", "total_charge": "1.00"}}


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_clean_claims_exit_0(tmp_path, capsys):
    rc, out, _ = run(capsys, "check", write_claims(tmp_path, GOOD), *AS_OF)
    assert rc == 0 and "no findings" in out


def test_errors_exit_1_and_text_groups_by_claim(tmp_path, capsys):
    p = write_claims(tmp_path, GOOD, BAD, WARN)
    rc, out, _ = run(capsys, "check", p, *AS_OF)
    assert rc == 1
    assert "claim B1" in out and "claim W1" in out and "HH-329-0001" not in out
    assert "line 2" in out and "HH012 g-code-revenue-family-mismatch" in out and "→" in out
    assert out.rstrip().endswith("3 findings (1 error, 2 warnings, 0 info)")


def test_fail_on_warning(tmp_path, capsys):
    p = write_claims(tmp_path, WARN, name="w.jsonl")
    assert run(capsys, "check", p, *AS_OF)[0] == 0
    assert run(capsys, "check", p, *AS_OF, "--fail-on", "warning")[0] == 1


def test_json_output(tmp_path, capsys):
    rc, out, _ = run(capsys, "check", write_claims(tmp_path, GOOD, BAD), *AS_OF, "--format", "json")
    doc = json.loads(out)
    assert rc == 1 and doc["teleclaim_version"]
    assert doc["summary"] == {
        "files": 1,
        "claims": 2,
        "findings": 2,
        "by_severity": {"error": 1, "warning": 1, "info": 0},
        "by_rule": {"HH012": 1, "HH036": 1},
    }
    f = next(x for x in doc["findings"] if x["rule"] == "HH012")
    assert {k: f[k] for k in ("rule", "name", "severity", "status", "claim_id", "line")} == {
        "rule": "HH012",
        "name": "g-code-revenue-family-mismatch",
        "severity": "error",
        "status": "failed",
        "claim_id": "B1",
        "line": 2,
    }
    for key in ("location", "value", "message", "fix", "file", "segment", "url"):
        assert key in f


def test_sarif_output(tmp_path, capsys):
    rc, out, _ = run(capsys, "check", write_claims(tmp_path, BAD), *AS_OF, "--format", "sarif")
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    run_ = doc["runs"][0]
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "HH012" in ids and "X12001" in ids
    res = next(r for r in run_["results"] if r["ruleId"] == "HH012")
    assert res["ruleId"] == "HH012" and res["level"] == "error"
    assert ids[res["ruleIndex"]] == "HH012"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("claims.json")
    assert res["properties"]["claim_id"] == "B1" and res["properties"]["line"] == 2
    assert all(r.get("helpUri") for r in run_["tool"]["driver"]["rules"])


def test_select_ignore_and_config(tmp_path, capsys):
    p = write_claims(tmp_path, BAD)
    assert run(capsys, "check", p, *AS_OF, "--select", "HH036")[0] == 0
    assert run(capsys, "check", p, *AS_OF, "--ignore", "HH012,HH036")[1].rstrip().endswith("no findings")
    cfg = tmp_path / "t.toml"
    cfg.write_text('[rules.severity]\nHH012 = "warning"\n')
    rc, out, _ = run(capsys, "check", p, *AS_OF, "--config", cfg, "--json")
    assert rc == 0 and json.loads(out)["summary"]["by_severity"]["warning"] == 2


def test_unknown_rule_in_select_exits_2(tmp_path, capsys):
    rc, _, err = run(capsys, "check", write_claims(tmp_path, GOOD), "--select", "HH12")
    assert rc == 2 and "HH012" in err


def test_unreadable_inputs_exit_2(tmp_path, capsys):
    assert run(capsys, "check", tmp_path / "missing.837")[0] == 2
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    rc, out, _ = run(capsys, "check", junk, "--json")
    assert rc == 2 and json.loads(out)["error"]["code"]
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"claim_id": "X", "kind": "837Z"}')
    assert run(capsys, "check", bad_json)[0] == 2


def test_json_lines_under_a_json_name_are_read_and_bad_lines_named(tmp_path, capsys):
    lines = write_claims(tmp_path, GOOD, BAD, WARN, name="claims.jsonl")
    renamed = tmp_path / "claims.json"  # what `teleclaim read FILE --format jsonl > claims.json` gives
    renamed.write_text(lines.read_text())
    rc, out, _ = run(capsys, "check", renamed, *AS_OF)
    assert rc == 1 and "claim B1" in out and "3 findings" in out
    renamed.write_text(lines.read_text() + "{not json\n")
    rc, out, _ = run(capsys, "check", renamed, "--json")
    err = json.loads(out)["error"]
    assert rc == 2 and err["code"] == "invalid_json" and err["line"] == 4 and "line 4" in err["message"]


def test_an_empty_file_is_named_as_empty(tmp_path, capsys):
    empty = tmp_path / "empty.837"
    empty.write_text("\n")
    rc, out, _ = run(capsys, "check", empty, "--json")
    err = json.loads(out)["error"]
    assert rc == 2 and err["code"] == "empty_file" and "empty" in err["message"]


def test_rules_list_and_page(capsys):
    rc, out, _ = run(capsys, "rules", "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["teleclaim_version"]
    by = {r["code"]: r for r in doc["rules"]}
    assert {"HH001", "HH043", "X12001"} <= set(by)
    assert set(by["HH012"]) == {
        "code",
        "name",
        "severity",
        "summary",
        "authority",
        "effective",
        "keyed_to",
        "claim_types",
        "confidence",
        "since",
        "url",
    }
    rc, out, _ = run(capsys, "rules", "g-code-not-valid-on-line-date", "--json")
    page = json.loads(out)
    assert rc == 0 and page["code"] == "HH013" and page["docs"]["Failing example"]
    rc, out, _ = run(capsys, "rules", "HH012")
    assert rc == 0 and out.startswith("# HH012 g-code-revenue-family-mismatch") and "## Known limits" in out
    assert run(capsys, "rules", "--format", "markdown")[1].startswith("# Rules")


def test_unknown_rule_exits_1_with_suggestions(capsys):
    rc, _, err = run(capsys, "rules", "g-code-not-valid")
    assert rc == 1 and "not found" in err and "HH013" in err


EXAMPLES = REPO / "examples"


def test_valid_example_837i_has_no_errors(capsys):
    p = EXAMPLES / "home_health_837i.837"
    if not p.is_file():
        pytest.skip("examples/home_health_837i.837 not written yet")
    rc, out, _ = run(capsys, "check", p, "--format", "json")
    doc = json.loads(out)
    assert rc == 0, [f for f in doc["findings"] if f["severity"] == "error"][:5]
    assert doc["summary"]["claims"] > 0


def test_errors_example_837i_reports_findings(capsys):
    p = EXAMPLES / "home_health_errors_837i.837"
    if not p.is_file():
        pytest.skip("examples/home_health_errors_837i.837 not written yet")
    rc, out, _ = run(capsys, "check", p, "--format", "json")
    doc = json.loads(out)
    from teleclaim.rules.registry import catalog

    assert rc == 1
    assert {f["rule"] for f in doc["findings"]} <= set(catalog())
    assert all(f["claim_id"] or f["rule"].startswith("X12") for f in doc["findings"])


def test_telehealth_errors_example_reports_one_mistake_per_claim(capsys):
    """examples/telehealth_errors_837p.837 (examples/make_examples.py): each claim shows the one
    telehealth mistake it was written with, the e-visit repeat found across claims."""
    rc, out, _ = run(
        capsys, "check", EXAMPLES / "telehealth_errors_837p.837", "--format", "json", "--as-of", "2026-10-15"
    )
    got = [(f["claim_id"], f["rule"], f["line"]) for f in json.loads(out)["findings"]]
    assert rc == 1
    # JSON streams: reading order, the cross-claim findings (TH020) once every claim has been read
    assert got == [
        ("THERR-01", "TH002", 1),
        ("THERR-02", "TH001", 1),
        ("THERR-03", "TH008", 1),
        ("THERR-04", "TH009", 1),
        ("THERR-06", "TH004", 1),
        ("THERR-05", "TH020", 1),
    ]
    rc, out, _ = run(capsys, "check", EXAMPLES / "telehealth_errors_837p.837", "--as-of", "2026-10-15")
    claims = [ln.split()[1] for ln in out.splitlines() if ln.startswith("  claim ")]
    assert claims == [f"THERR-0{i}" for i in range(1, 7)]  # text groups each claim's findings

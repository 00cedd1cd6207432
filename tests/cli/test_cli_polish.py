"""Issue 12, "CLI and messages": what a new user met and what they get now."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from teleclaim.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.parametrize(
    "args",
    [
        ("generate", "--kind", "hh", "--claims", "2", "-o"),
        ("ack", EXAMPLES / "home_health_837i.837", "-o"),
    ],
)
def test_output_into_a_missing_folder_names_the_path(capsys, tmp_path, args):
    target = tmp_path / "no" / "such" / "x.out"
    rc, out, err = run(capsys, *args, target)
    assert rc == 2 and "internal error" not in err
    assert str(target) in err and "does not exist" in err


def test_write_into_a_missing_folder_names_the_path(capsys, tmp_path):
    claims = tmp_path / "c.jsonl"
    assert main(["generate", "--kind", "th", "--claims", "2", "--format", "jsonl", "-o", str(claims)]) == 0
    capsys.readouterr()
    target = tmp_path / "missing" / "out.837"
    rc, out, err = run(capsys, "write", claims, "-o", target, "--json")
    e = json.loads(out)["error"]
    assert rc == 2 and e["code"] == "invalid_option" and e["file"] == str(target)


def test_ack_o_says_what_it_wrote(capsys, tmp_path):
    rc, out, err = run(capsys, "ack", EXAMPLES / "home_health_837i.837", "-o", tmp_path / "a.999")
    assert rc == 0 and str(tmp_path / "a.999") in out and "accepted" in out
    assert (tmp_path / "a.999").read_text().startswith("ISA")


def test_bad_setting_in_the_environment_is_named(capsys, monkeypatch):
    monkeypatch.setenv("TELECLAIM_MAX_BODY_BYTES", "abc")
    rc, out, err = run(capsys, "serve", "--port", "1")
    assert rc == 2 and "TELECLAIM_MAX_BODY_BYTES" in err and "'abc'" in err and "serving on" not in out


def test_serve_on_a_busy_port_exits_2_before_serving(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        rc, out, err = run(capsys, "serve", "--port", port)
    assert rc == 2 and f"127.0.0.1:{port} is already in use" in err and "serving on" not in out


def test_serve_beyond_loopback_warns_about_plain_http(capsys, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rc, out, err = run(capsys, "serve", "--host", "0.0.0.0", "--port", port)
    assert rc == 0 and "plain HTTP" in err and "TLS" in err
    rc, out, err = run(capsys, "serve", "--port", port)
    assert rc == 0 and "plain HTTP" not in err


@pytest.mark.parametrize("cmd", ["check", "ack", "read"])
def test_a_binary_file_is_not_a_text_file(capsys, tmp_path, cmd):
    x = tmp_path / "x.837"
    x.write_bytes(Path("/bin/ls").read_bytes() if Path("/bin/ls").is_file() else b"\x7fELF\x02\x01\x01" + bytes(500))
    rc, out, err = run(capsys, cmd, x)
    assert rc == 2 and "not a text file" in err and "UTF-16" not in err


def test_utf16_is_still_called_utf16(capsys, tmp_path):
    u = tmp_path / "u.837"
    u.write_bytes((EXAMPLES / "home_health_837i.837").read_text().encode("utf-16-le"))
    rc, out, err = run(capsys, "check", u)
    assert rc == 2 and "UTF-16" in err


# -- check: streamed JSON, JSON lines, progress --------------------------------------------------
def _bad_hh(tmp_path: Path, n: int, name: str = "bad.837", bad: bool = True) -> Path:
    """Generated home-health claims made wrong on purpose: ~2 findings a claim (HH022, HH013)."""
    from teleclaim.x12.generate import generate_x12

    text = generate_x12("hh", n, seed=3)
    import re

    if bad:
        text = re.sub(r"\*BE:61:::[0-9.]*", "", text).replace("HC:G0156", "HC:G0154")
    p = tmp_path / name
    p.write_text(text)
    return p


def test_check_jsonl_is_one_finding_a_line_and_json_agrees(capsys, tmp_path):
    bad = _bad_hh(tmp_path, 20)
    rc, out, _ = run(capsys, "check", bad, "--format", "jsonl")
    lines = [json.loads(ln) for ln in out.splitlines()]
    assert rc == 1 and len(lines) >= 20 and all(d["rule"] and d["claim_id"] for d in lines)
    rc, out, _ = run(capsys, "check", bad, "--format", "json")
    doc = json.loads(out)
    assert rc == 1 and doc["teleclaim_version"] and doc["findings"] == lines
    assert doc["summary"]["findings"] == len(lines) and doc["summary"]["claims"] == 20


def test_check_json_error_after_findings_keeps_the_document_valid(capsys, tmp_path):
    bad = _bad_hh(tmp_path, 3)
    empty = tmp_path / "empty.837"
    empty.write_text("")
    rc, out, err = run(capsys, "check", bad, empty, "--format", "json")
    doc = json.loads(out)
    assert rc == 2 and doc["findings"] and doc["error"]["code"] == "empty_file" and "empty.837" in err


def test_check_json_memory_does_not_grow_with_the_findings(tmp_path, monkeypatch):
    import gc
    import io
    import sys
    import tracemalloc

    few, many = _bad_hh(tmp_path, 600, "few.837", bad=False), _bad_hh(tmp_path, 600, "many.837")

    class Null(io.TextIOBase):  # standard output that keeps nothing
        def write(self, s: str) -> int:
            return len(s)

    monkeypatch.setattr(sys, "stdout", Null())

    def peak(path: Path, rc: int) -> int:
        main(["check", str(path), "--format", "json", "--quiet"])  # warm-up: imports, tables
        gc.collect()
        tracemalloc.start()
        assert main(["check", str(path), "--format", "json", "--quiet"]) == rc  # it ran: 0 clean, 1 findings
        p = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return p

    p1, p2 = peak(few, 0), peak(many, 1)
    # the same claims, none vs ~1,200 findings: buffered, the report held every finding (the
    # peak grew with them); streamed, it stays where the clean file is
    assert p2 < p1 * 1.25, (p1, p2)


def test_progress_on_a_terminal_only_and_never_on_stdout(capsys, tmp_path, monkeypatch):
    from teleclaim.cli import check_cmds

    bad = _bad_hh(tmp_path, 30)
    monkeypatch.setattr(check_cmds, "stderr_is_terminal", lambda: True)
    rc, out, err = run(capsys, "check", bad, "--format", "json")
    assert rc == 1 and json.loads(out)["summary"]["claims"] == 30  # stdout stays pure JSON
    assert "file 1/1" in err and "claims" in err and "ETA" in err
    rc, out, err = run(capsys, "check", bad, "--format", "json", "--quiet")
    assert rc == 1 and err == ""
    monkeypatch.setattr(check_cmds, "stderr_is_terminal", lambda: False)
    rc, out, err = run(capsys, "check", bad)
    assert rc == 1 and err == "" and "30 claims" in out


# -- messages ------------------------------------------------------------------------------------
def test_did_you_mean_once_on_an_unknown_rule(capsys):
    rc, out, err = run(capsys, "rules", "HH999")
    assert rc == 1 and err.lower().count("did you mean") == 1 and "HH0" in err


def test_a_mistyped_command_gets_a_suggestion(capsys):
    rc, out, err = run(capsys, "chek", "x.837")
    assert rc == 2 and "did you mean 'check'?" in err
    rc, out, err = run(capsys, "chek", "--json")
    assert rc == 2 and json.loads(out)["error"]["code"] == "usage_error"


def test_payers_profile_is_readable_text(capsys):
    rc, out, err = run(capsys, "payers", "medicare")
    assert rc == 0 and "{'" not in out and "['" not in out and "None" not in out
    assert "  gq_states: AK, HI" in out and "    - codes: 98000-98015" in out


def test_a_custom_profile_uses_its_own_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "teleclaim.toml").write_text(
        '[profiles.acme]\nextends = "commercial"\nvideo_modifier = "GT"\n'
        '[profiles.beta]\nextends = "commercial"\nlabel = "Beta Health"\n'
    )
    rc, out, _ = run(capsys, "payers")
    assert rc == 0 and "acme               acme  (extends commercial)" in out and "Beta Health" in out
    rc, out, _ = run(capsys, "payers", "acme", "--json")
    assert json.loads(out)["profile"]["label"] == "acme"
    from teleclaim.refdata.payers import Profiles

    ps = Profiles({"profiles": {"acme": {"extends": "commercial", "audio_only_em": {"never": True}}}})
    ok, why = ps.profile("acme").audio_only_em(__import__("datetime").date(2026, 1, 5), True, False)
    assert not ok and why.startswith("acme ") and "Generic commercial" not in why


def test_rule_page_is_rendered_on_a_terminal_and_markdown_kept(capsys, monkeypatch):
    from teleclaim.cli import check_cmds

    rc, md, _ = run(capsys, "rules", "HH013", "--format", "markdown")
    assert rc == 0 and md.startswith("# HH013") and "## What it checks" in md
    monkeypatch.setattr(check_cmds, "stdout_is_terminal", lambda: True)
    rc, out, _ = run(capsys, "rules", "HH013")
    assert rc == 0 and "\x1b[" in out and "## " not in out and "|---|" not in out and "**Fix:**" not in out
    assert "What it checks" in out and "g-code-not-valid-on-line-date" in out


def test_suggest_names_every_invalid_fact_in_text_and_json(capsys):
    args = ("suggest", "--kind", "home_health_visit", "--discipline", "XX", "--minutes", "-5", "--purpose", "zz")
    rc, out, err = run(capsys, *args)
    assert rc == 2 and "more problems" not in err
    assert all(f"field /{f}" in err for f in ("date", "discipline", "purpose", "minutes"))
    rc, out, err = run(capsys, *args, "--json")
    e = json.loads(out)["error"]
    assert rc == 2 and [p["pointer"] for p in e["problems"]] == ["/date", "/discipline", "/purpose", "/minutes"]
    assert e["problems"][3]["value"] == -5 and e["pointer"] == "/date"


# -- SARIF regions -------------------------------------------------------------------------------
@pytest.mark.parametrize("one_line", [False, True])
def test_sarif_regions_point_at_the_segment_in_the_file(capsys, tmp_path, one_line):
    src = (EXAMPLES / "home_health_errors_837i.837").read_text()
    f = tmp_path / "hh.837"
    f.write_text(src.replace("\n", "") if one_line else src)
    lines = f.read_text().split("\n")
    rc, out, _ = run(capsys, "check", f, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert rc == 1 and results
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        at = lines[region["startLine"] - 1][region["startColumn"] - 1 :]
        assert at.startswith(("CLM*", "LX*")), (r["ruleId"], region, at[:30])
        if one_line:
            assert region["startLine"] == 1 and region["startColumn"] > 1
    seg_52 = [r for r in results if r["properties"]["segment"] == 52]
    assert seg_52 and seg_52[0]["locations"][0]["physicalLocation"]["region"]["startLine"] != 52


def test_segment_positions_hold_for_any_layout():
    """Property: whatever the whitespace between segments and the chunk size, every reported
    (line, column) is where the segment's text starts in the file."""
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from teleclaim.report.positions import _segments

    isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261015*0930*^*00501*000000001*0*T*:"
    seg = st.from_regex(r"[A-Z][A-Z0-9]{1,2}\*[A-Z0-9 ]{0,12}", fullmatch=True)
    gap = st.sampled_from(["", "\n", "\r\n", "  ", "\n  ", "\t"])

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(gap, seg), min_size=1, max_size=30), st.sampled_from([64, 100, 4096]))
    def check(body, chunk):
        text = isa + "~" + "".join(g + s + "~" for g, s in body)
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.837"
            p.write_bytes(text.encode())
            got = list(_segments(p, chunk=chunk))
        lines = text.split("\n")
        assert [t for t, _, _ in got] == [isa] + [s.strip() for _, s in body if s.strip()]
        for t, ln, col in got:
            assert lines[ln - 1][col - 1 :].startswith(t), (t, ln, col)

    check()


def test_write_names_every_bad_field_of_a_json_claim(capsys, tmp_path):
    claims = tmp_path / "c.jsonl"
    assert main(["generate", "--kind", "th", "--claims", "1", "--format", "jsonl", "-o", str(claims)]) == 0
    capsys.readouterr()
    d = json.loads(claims.read_text())
    d["total_charge"], d["kind"] = "lots", "837X"
    claims.write_text(json.dumps(d) + "\n")
    rc, out, err = run(capsys, "write", claims, "-o", tmp_path / "o.837", "--json")
    e = json.loads(out)["error"]
    assert rc == 2 and "more problems" not in e["message"] and len(e["problems"]) >= 2
    assert {"/kind", "/total_charge"} <= {p["pointer"] for p in e["problems"]}

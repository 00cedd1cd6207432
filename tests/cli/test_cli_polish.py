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


@pytest.mark.parametrize("args", [
    ("generate", "--kind", "hh", "--claims", "2", "-o"),
    ("ack", EXAMPLES / "home_health_837i.837", "-o"),
])
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

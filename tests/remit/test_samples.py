"""The public 835 / 277 samples in ../shared/data/x12 go through `remit` and `status` without a traceback."""

from __future__ import annotations

import json

from teleclaim.cli.main import main


def _files(shared):
    root = shared / "data" / "x12"
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() not in (".md", ".csv") and "LICENSE" not in p.name
    )


def test_every_sample_through_remit_and_status(shared, capsys):
    seen835 = seen277 = 0
    for f in _files(shared):
        code = main(["remit", str(f), "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code in (0, 1, 2), f
        if code == 2:
            assert out["error"]["code"] in ("unsupported_file", "invalid_input"), (f, out)
            assert "internal" not in out["error"]["message"]
        else:
            seen835 += 1
            assert out["payments"], f
        code = main(["status", str(f), "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code in (0, 2), f
        if code == 0:
            seen277 += 1
        else:
            assert out["error"]["code"] == "unsupported_file", (f, out)
    assert seen835 >= 15 and seen277 >= 2


def test_known_sample_values(shared, capsys):
    f = shared / "data" / "x12" / "linuxforhealth" / "835_005010X221A1" / "managed-care.835"
    assert main(["remit", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    p = out["payments"][0]
    assert (p["payer"], p["amount"], p["method"], p["trace"], p["payee_npi"]) == (
        "RUSHMORE LIFE",
        "945.00",
        "ACH",
        "7170066655",
        "5544667733",
    )
    assert [c["paid"] for c in p["claims"]] == ["450.00", "495.00"] and out["balanced"] is True


def test_the_277ca_samples_accepted_and_rejected(shared, capsys):
    root = shared / "data" / "x12" / "herophilus_emedny"
    assert (
        main(["status", str(root / "277CA_Sample_Accepted.txt"), str(root / "277CA_Sample_Rejected.txt"), "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["accepted"], out["rejected"]) == (1, 1)
    rej = out["reports"][1]["claims"][0]
    assert rej["codes"] == ["A7:562:85"] and "NPI" in rej["explained"][0]  # the component separator is '|'


def test_a_denied_sample_is_explained(shared, capsys):
    f = shared / "data" / "x12" / "herophilus_emedny" / "835_Sample_Professional_Claims_only-w_payment.2014.txt"
    assert main(["remit", str(f), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)["denials"]
    assert d["claims"] == 1 and d["by_reason"] == {"CO-29": 1} and d["items"][0]["explained"][0].startswith("CO-29: ")

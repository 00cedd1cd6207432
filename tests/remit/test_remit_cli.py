"""``teleclaim remit``, ``teleclaim status`` and ``teleclaim ack --277ca`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).parent))
from remitkit import remittance, submitted  # noqa: E402


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_remit_json_contract_and_denials_traced_to_rules(tmp_path, capsys):
    sent, claims = submitted(tmp_path)  # claim 2 carries 93+95: TH007 fires at submission
    paid = remittance(
        tmp_path,
        claims,
        deny={
            claims[1].claim_id: ("CO", "4", None),
            claims[3].claim_id: ("CO", "16", "M51"),
            claims[4].claim_id: ("CO", "29", None),
        },
    )
    code, out, _ = run(capsys, "remit", str(paid), "--claims", str(sent), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["teleclaim_version"] and data["balanced"] is True and data["problems"] == []
    (p,) = data["payments"]
    assert set(p) >= {"payer", "payee_npi", "amount", "method", "date", "trace", "claims"}
    assert p["method"] == "ACH" and p["date"] == "2026-03-20" and isinstance(p["amount"], str)
    c0 = p["claims"][0]
    assert set(c0) >= {"claim_id", "status", "charge", "paid", "patient_responsibility", "adjustments", "lines"}
    ln = c0["lines"][0]
    assert set(ln) >= {"code", "modifiers", "charge", "paid", "allowed", "units", "adjustments", "remarks"}
    assert ln["adjustments"][0] == {"group": "CO", "reason": "45", "amount": ln["adjustments"][0]["amount"]}
    assert c0["matched"] is True and c0["expected"] is None
    d = data["denials"]
    assert (d["claims"], d["lines"]) == (3, 3)
    assert d["by_reason"] == {"CO-4": 1, "CO-16": 1, "CO-29": 1}
    assert d["preventable"] == 2  # CO-4 (modifier edits) and CO-16+M51 (code edits); CO-29 maps to no rule
    assert d["caught_at_submission"] == 1  # TH007 fired on the modifier claim; the CO-16 one was clean
    item = next(i for i in d["items"] if i["reasons"] == ["CO-4"])
    assert "TH007" in item["rules"] and item["fired"] == ["TH007"] and item["fix"]


def test_remit_without_claims_says_nothing_about_submission(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims, deny={claims[1].claim_id: ("CO", "4", None)})
    code, out, _ = run(capsys, "remit", str(paid), "--format", "json")
    d = json.loads(out)["denials"]
    assert code == 0 and d["claims"] == 1 and d["preventable"] == 1 and d["caught_at_submission"] is None


def test_remit_exit_1_on_imbalance_and_text_names_it(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims)
    text = paid.read_text()
    bpr = text.split("BPR*I*", 1)[1].split("*", 1)[0]
    paid.write_text(text.replace(f"BPR*I*{bpr}*", "BPR*I*1.00*", 1))
    code, out, _ = run(capsys, "remit", str(paid))
    assert code == 1 and "payment-unbalanced" in out and "balanced: no" in out and "BPR02" in out


def test_remit_csv_one_row_per_claim(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims, deny={claims[0].claim_id: ("CO", "97", None)})
    code, out, _ = run(capsys, "remit", str(paid), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(claims)
    assert rows[0]["denied"] == "yes" and rows[0]["reasons"] == "CO-97" and "TH014" in rows[0]["rules"]


def test_remit_refuses_an_837_with_exit_2(tmp_path, capsys):
    sent, _ = submitted(tmp_path)
    code, _, err = run(capsys, "remit", str(sent))
    assert code == 2 and "837 health care claim" in err and "not an 835" in err


def test_claims_option_repeats(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    a, b = tmp_path / "a.837", tmp_path / "b.837"
    from teleclaim.x12.writer import write_837

    a.write_text(write_837(claims[:3]))
    b.write_text(write_837(claims[3:]))
    paid = remittance(tmp_path, claims)
    code, out, _ = run(capsys, "remit", str(paid), "--claims", str(a), "--claims", str(b), "--json")
    assert code == 0 and all(c["matched"] for c in json.loads(out)["payments"][0]["claims"])


def test_ack_277ca_answers_each_claim(tmp_path, capsys):
    sent, claims = submitted(tmp_path)
    out_file = tmp_path / "ack.277"
    code, out, _ = run(capsys, "ack", "--277ca", str(sent), "-o", str(out_file), "--json")
    data = json.loads(out)
    assert code == 1 and data["format"] == "277ca" and data["accepted"] is False
    verdicts = {c["claim_id"]: c for c in data["claims"]}
    assert verdicts[claims[1].claim_id]["status"] == "rejected"
    assert verdicts[claims[1].claim_id]["stc"] == ["A7:453"] and verdicts[claims[1].claim_id]["rules"] == ["TH007"]
    assert verdicts[claims[0].claim_id]["stc"] == ["A2:20"]
    assert data["totals"]["claims"] == len(claims) and data["totals"]["rejected"] == 1
    assert verdicts[claims[1].claim_id]["lines"] == [{"line": 1, "stc": ["A7:453"]}]
    text = out_file.read_text()
    assert "SVC*HC:" in text and "REF*FJ*" in text  # loop 2220D names the line at fault
    # and `teleclaim status` reads back what we wrote
    code, out, _ = run(capsys, "status", str(out_file), "--json")
    st = json.loads(out)
    assert code == 0 and (st["accepted"], st["rejected"]) == (len(claims) - 1, 1)
    rej = next(c for c in st["reports"][0]["claims"] if c["status"] == "rejected")
    assert rej["claim_id"] == claims[1].claim_id and rej["codes"] == ["A7:453"] and "modifier" in rej["explained"][0]


def test_ack_without_277ca_still_writes_a_999(tmp_path, capsys):
    sent, _ = submitted(tmp_path, bad_modifiers=())
    code, out, _ = run(capsys, "ack", str(sent))
    assert code == 0 and "ST*999*" in out and "ST*277" not in out


def test_status_refuses_an_835(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims)
    code, _, err = run(capsys, "status", str(paid))
    assert code == 2 and "835 remittance advice" in err and "teleclaim remit" in err


@pytest.mark.slow
def test_pyx12_validates_our_277ca_and_835(tmp_path, capsys):
    """Cross-check with a peer when bench/.venv-peers has pyx12 (python bench/bench_x12.py --quick makes it)."""
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    py = repo / "bench" / ".venv-peers" / "bin" / "python"
    if not py.exists() or subprocess.run([str(py), "-c", "import pyx12"], capture_output=True, check=False).returncode:
        pytest.skip("bench/.venv-peers has no pyx12 (run python bench/bench_x12.py --quick once)")
    sent, claims = submitted(tmp_path, n=30, bad_modifiers=(1, 7))
    ack = tmp_path / "ack.277"
    assert run(capsys, "ack", "--277ca", str(sent), "-o", str(ack))[0] == 1
    paid = remittance(tmp_path, claims, deny={claims[1].claim_id: ("CO", "4", None)})
    script = (
        "import sys, logging\nimport pyx12.params, pyx12.x12n_document\n"
        "logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format='%(levelname)s %(message)s')\n"
        "for f in sys.argv[1:]:\n"
        "    ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=f, fd_997=None, "
        "fd_html=None)\n    print(f, 'OK' if ok else 'FAIL')\n"
    )
    p = subprocess.run(
        [str(py), "-c", script, str(ack), str(paid)], capture_output=True, text=True, timeout=300, check=False
    )
    assert f"{ack} OK" in p.stdout and f"{paid} OK" in p.stdout, p.stdout + p.stderr[-2000:]
    assert "ERROR" not in p.stderr, p.stderr[-2000:]


def test_claims_in_the_json_claim_form_match_too(tmp_path, capsys):
    from teleclaim.model.jsonform import claim_to_json

    _, claims = submitted(tmp_path)
    js = tmp_path / "sent.jsonl"
    js.write_text("\n".join(json.dumps(claim_to_json(c), default=str) for c in claims) + "\n")
    paid = remittance(tmp_path, claims, deny={claims[1].claim_id: ("CO", "4", None)})
    code, out, _ = run(capsys, "remit", str(paid), "--claims", str(js), "--json")
    d = json.loads(out)["denials"]
    assert code == 0 and d["caught_at_submission"] == 1 and d["items"][0]["fired"] == ["TH007"]


def test_a_missing_claims_file_exits_2(tmp_path, capsys):
    _, claims = submitted(tmp_path)
    paid = remittance(tmp_path, claims)
    code, _, err = run(capsys, "remit", str(paid), "--claims", str(tmp_path / "nope.837"))
    assert code == 2 and "nope.837" in err and "not found" in err


def test_the_example_835_traces_every_denial_to_a_rule_that_fired(capsys):
    ex = Path(__file__).resolve().parents[2] / "examples"
    code, out, _ = run(
        capsys,
        "remit",
        str(ex / "telehealth_errors.835"),
        "--claims",
        str(ex / "telehealth_837p.837"),
        "--claims",
        str(ex / "telehealth_errors_837p.837"),
        "--json",
    )
    data = json.loads(out)
    d = data["denials"]
    assert code == 0 and data["balanced"] and len(data["payments"][0]["claims"]) == 12
    assert (d["claims"], d["preventable"], d["caught_at_submission"]) == (6, 6, 6)
    fired = {i["claim_id"]: i["fired"] for i in d["items"]}
    assert fired["THERR-03"] == ["TH008"] and fired["THERR-05"] == ["TH020"] and fired["THERR-06"] == ["TH004"]


def test_without_claims_the_claim_ledger_is_the_submission(tmp_store, capsys):
    """`check --record` keeps the sent claims; `remit` without --claims matches the 835 against the ledger
    and says which denials teleclaim's checks had flagged before the claims went out."""
    ex = Path(__file__).resolve().parents[2] / "examples"
    era = str(ex / "telehealth_errors.835")
    code, out, _ = run(capsys, "remit", era, "--json")
    before = json.loads(out)
    assert before["denials"]["claims"] == 6 and before["payments"][0]["claims"][0]["matched"] is None
    assert (
        main(
            [
                "check",
                "--record",
                str(ex / "telehealth_837p.837"),
                str(ex / "telehealth_errors_837p.837"),
                "--format",
                "json",
            ]
        )
        == 1
    )
    capsys.readouterr()
    code, out, _ = run(capsys, "remit", era, "--json")
    after = json.loads(out)
    claims = {c["claim_id"]: c for c in after["payments"][0]["claims"]}
    assert all(c["matched"] for c in claims.values())
    assert claims["THERR-01"]["submitted_findings"] == ["TH002"] and claims["THERR-01"]["expected"] == "0.00"
    assert after["denials"]["caught_at_submission"] == 6

"""999 acknowledgments: shape (checked with a tiny splitter), verdicts, codes, CTX, counts, CLI.

The first tests feed ``acknowledge`` a stand-in with the reader's attributes (so the 999 logic is
tested on its own); the later ones run the real ``X12Reader`` (skipped until it is in the build).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from teleclaim.x12.ack import acknowledge, build_999
from teleclaim.x12.problems import StructuralError

NOW = dt.datetime(2026, 11, 2, 8, 15)


def split(text: str) -> list[list[str]]:
    el, term = text[3], text[105]
    return [s.strip().split(el) for s in text.split(term) if s.strip()]


def tx(control, errors=(), claims=("C1",)):
    return NS(
        control=control,
        transaction_set="837",
        version="005010X223A2",
        kind="837I",
        group_control="7",
        functional_id="HC",
        group_version="005010X223A2",
        interchange_control="000000042",
        claims=len(claims),
        segment_count=40,
        errors=list(errors),
        first_segment_line=3,
    )


def stub(transactions, group_errors=()):
    g = NS(
        control="7",
        functional_id="HC",
        sender="SUBMITTER",
        receiver="MAC",
        version="005010X223A2",
        transaction_controls=[t.control for t in transactions],
        errors=list(group_errors),
    )
    ic = NS(
        control="000000042",
        sender_qualifier="ZZ",
        sender_id="SUBMITTER",
        receiver_qualifier="ZZ",
        receiver_id="MAC",
        date=dt.date(2026, 11, 1),
        time="1200",
        usage="T",
        separators=("*", ":", "^", "~"),
        groups=[g],
        errors=[],
    )
    errors = [e for t in transactions for e in t.errors] + list(group_errors)
    return NS(interchanges=[ic], transactions=list(transactions), errors=errors)


def check_envelope(segs):
    """SE01 counts ST..SE, GE01/IEA01 count, control numbers match; returns the 999 body segments."""
    assert segs[0][0] == "ISA" and segs[-1][0] == "IEA"
    st = [i for i, s in enumerate(segs) if s[0] == "ST"]
    se = [i for i, s in enumerate(segs) if s[0] == "SE"]
    for a, b in zip(st, se, strict=False):
        assert segs[a][1] == "999" and segs[a][3] == "005010X231A1"
        assert segs[b][1] == str(b - a + 1) and segs[b][2] == segs[a][2]
    gs = next(s for s in segs if s[0] == "GS")
    ge = next(s for s in segs if s[0] == "GE")
    assert gs[1] == "FA" and gs[8] == "005010X231A1" and ge[1] == str(len(st)) and ge[2] == gs[6]
    assert segs[-1][2] == segs[0][13]
    return segs


def test_valid_file_is_accepted():
    r = acknowledge(stub([tx("0001"), tx("0002")]), now=NOW)
    segs = check_envelope(split(r.text))
    isa = segs[0]
    assert isa[6].strip() == "MAC" and isa[8].strip() == "SUBMITTER" and isa[9] == "261102"
    assert ["AK1", "HC", "7", "005010X223A2"] in segs
    assert ["AK2", "837", "0001", "005010X223A2"] in segs and ["AK2", "837", "0002", "005010X223A2"] in segs
    assert [s for s in segs if s[0] == "IK5"] == [["IK5", "A"], ["IK5", "A"]]
    assert ["AK9", "A", "2", "2", "2"] in segs
    assert not any(s[0] in ("IK3", "IK4", "CTX") for s in segs)
    assert r.all_accepted and r.verdicts == [("0001", "A"), ("0002", "A")]
    # same shape as the corpus' accepted 999 (AK1, AK2, IK5*A, AK9*A*1*1*1)
    one = split(build_999(stub([tx("0001")]), now=NOW))
    assert [s[0] for s in one] == ["ISA", "GS", "ST", "AK1", "AK2", "IK5", "AK9", "SE", "GE", "IEA"]
    assert ["AK9", "A", "1", "1", "1"] in one and one[7][1] == "6"


def test_wrong_count_and_bad_date_reject_the_set_with_context():
    errs = [
        StructuralError("X12006", "SE01 says 30, counted 31", segment=31, segment_id="SE", element=1, value="30"),
        StructuralError(
            "X12017",
            "bad date",
            segment=22,
            segment_id="DTP",
            loop="2300",
            element=3,
            value="20240231",
            claim_id="HH-1",
        ),
    ]
    r = acknowledge(stub([tx("0001", errs), tx("0002")]), now=NOW)
    segs = check_envelope(split(r.text))
    i = segs.index(["AK2", "837", "0001", "005010X223A2"])
    body = segs[i : segs.index(["AK2", "837", "0002", "005010X223A2"])]
    assert body[1] == ["IK3", "DTP", "22", "2300", "8"]
    assert body[2] == ["CTX", "CLM01:HH-1"]
    assert body[3] == ["IK4", "3", "1251", "8", "20240231"]
    assert body[4] == ["IK5", "R", "4", "5"]
    assert ["AK9", "P", "2", "2", "1"] in segs
    assert r.verdicts == [("0001", "R"), ("0002", "A")] and not r.all_accepted


def test_warnings_only_mean_accepted_with_errors_and_components_are_named():
    w = StructuralError(
        "X12014",
        "too long",
        segment=9,
        segment_id="CLM",
        loop="2300",
        element=5,
        component=1,
        value="3*2",
        claim_id="A*B",
        severity="warning",
    )
    segs = split(build_999(stub([tx("0001", [w])]), now=NOW))
    assert ["IK3", "CLM", "9", "2300", "8"] in segs
    assert ["CTX", "CLM01:A B"] in segs  # separators in values never leak into the 999
    assert ["IK4", "5:1", "C023", "5", "3 2"] in segs
    assert ["IK5", "E", "5"] in segs and ["AK9", "E", "1", "1", "1"] in segs


def test_group_problems_go_to_ak905_and_all_rejected_is_r():
    errs = [StructuralError("X12009", "NM1*85 missing", segment=8, segment_id="NM1", loop="2010AA")]
    grp = [StructuralError("X12004", "GE01 says 3", segment_id="GE")]
    segs = split(build_999(stub([tx("0001", errs)], grp), now=NOW))
    assert ["IK3", "NM1", "8", "2010", "3"]  # IK303 is AN 1-4 in segs and ["IK5", "R", "5"] in segs
    assert ["AK9", "R", "1", "1", "0", "5"] in segs


# -- with the real reader -----------------------------------------------------------------------
def _reader():
    try:
        from teleclaim.x12 import X12Reader
    except ImportError:
        pytest.skip("the X12 reader (teleclaim.x12.X12Reader) is not in this build yet")
    return X12Reader


def _read(path):
    r = _reader()(path, name=str(path))
    for _ in r.claims():
        pass
    return r


def test_real_reader_valid_generated_file_all_accepted(tmp_path):
    from teleclaim.x12.generate import generate_x12

    p = tmp_path / "hh.837"
    p.write_text(generate_x12("hh", 30) + generate_x12("th", 10, seed=1, control_start=50))
    r = acknowledge(_read(p), now=NOW)
    segs = split(r.text)
    assert [s[0] for s in segs].count("ISA") == 2
    assert {s[1] for s in segs if s[0] == "IK5"} == {"A"} and r.all_accepted
    assert sorted(s[1] for s in segs if s[0] == "AK1") == ["HC", "HC"]


def _broken_file(tmp_path):
    from teleclaim.x12.generate import generate_x12

    text = generate_x12("hh", 3)
    claim_id = text.split("CLM*")[2].split("*")[0]
    i = text.index("CLM*" + claim_id)
    j = text.index("DTP*434*RD8*", i) + len("DTP*434*RD8*")
    text = text[:j] + "20240231" + text[j + 8 :]  # 31 February, in the second claim
    k = text.index("SE*") + 3
    n = text[k:].split("*")[0]
    text = text[:k] + str(int(n) + 5) + text[k + len(n) :]  # wrong SE01
    p = tmp_path / "broken.837"
    p.write_text(text)
    return p, claim_id


def test_real_reader_wrong_se01_and_bad_date(tmp_path):
    p, claim_id = _broken_file(tmp_path)
    r = acknowledge(_read(p), now=NOW)
    segs = check_envelope(split(r.text))
    ik5 = next(s for s in segs if s[0] == "IK5")
    assert ik5[1] == "R" and "4" in ik5[2:]
    ik3 = [s for s in segs if s[0] == "IK3"]
    assert any(s[1] == "DTP" and s[4] == "8" for s in ik3), ik3
    assert ["CTX", f"CLM01:{claim_id}"] in segs
    ik4 = [s for s in segs if s[0] == "IK4"]
    assert any(s[3] == "8" and "20240231" in "*".join(s) for s in ik4), ik4
    assert next(s for s in segs if s[0] == "AK9")[1] == "R"


def test_cli_ack_exit_codes(tmp_path, capsys):
    from teleclaim.cli.main import main
    from teleclaim.x12.generate import generate_x12

    _reader()
    good = tmp_path / "good.837"
    good.write_text(generate_x12("th", 5))
    assert main(["ack", str(good)]) == 0
    assert "IK5*A" in capsys.readouterr().out
    bad, _ = _broken_file(tmp_path)
    out = tmp_path / "ack.999"
    assert main(["ack", str(bad), "-o", str(out)]) == 1
    assert "IK5*R" in out.read_text()
    notx12 = tmp_path / "notes.txt"
    notx12.write_text("hello")
    assert main(["ack", str(notx12)]) == 2
    assert main(["ack", str(tmp_path / "missing.837")]) == 2


# -- interchange-level problems: TA1 (issue 13 item 5) -------------------------------------------
def _th_text(n=2):
    from teleclaim.x12.generate import generate_x12

    return generate_x12("th", n)


def _ack_text(tmp_path, text, name="x.837"):
    p = tmp_path / name
    p.write_text(text)
    return acknowledge(_read(p), now=NOW)


def _ta1(segs):
    return [s for s in segs if s[0] == "TA1"]


def test_valid_interchange_gets_no_ta1(tmp_path):
    r = _ack_text(tmp_path, _th_text())
    assert not _ta1(split(r.text)) and r.all_accepted and r.interchanges == []


def test_iea02_not_isa13_is_answered_with_a_ta1_e_and_the_999(tmp_path):
    text = _th_text()
    i = text.rindex("IEA*")
    head, tail = text[:i], text[i:]
    parts = tail.split("*")
    isa13 = parts[2][:9]
    tail = tail.replace(isa13, "999999999")
    r = _ack_text(tmp_path, head + tail)
    segs = split(r.text)
    (ta1,) = _ta1(segs)
    assert ta1[1] == isa13 and ta1[4] == "E" and ta1[5] == "001"
    check_envelope(segs)
    assert not r.all_accepted and r.interchanges == [(isa13, "E", "001")]


def test_unreadable_isa_date_is_rejected_with_a_ta1_and_no_999(tmp_path):
    text = _th_text()
    isa_end = text.index("~")
    isa = text[:isa_end].split("*")
    isa[9] = "261399"  # month 13
    r = _ack_text(tmp_path, "*".join(isa) + text[isa_end:])
    segs = split(r.text)
    (ta1,) = _ta1(segs)
    assert ta1[2] == "261399" and ta1[4] == "R" and ta1[5] == "014"
    assert not [s for s in segs if s[0] in ("GS", "ST", "AK1")]
    assert segs[-1][:2] == ["IEA", "0"] and segs[-1][2] == segs[0][13]
    assert not r.all_accepted and r.verdicts == []


def test_iea01_count_is_processed_with_errors_ta1_and_the_999(tmp_path):
    text = _th_text()
    i = text.rindex("IEA*1*")
    r = _ack_text(tmp_path, text[:i] + "IEA*3*" + text[i + 6 :])
    segs = split(r.text)
    (ta1,) = _ta1(segs)
    assert ta1[4] == "E" and ta1[5] == "021"
    check_envelope(segs)
    assert {s[1] for s in segs if s[0] == "IK5"} == {"A"}
    assert not r.all_accepted  # the interchange had an error: the answer is negative


def test_bad_isa_usage_indicator_is_processed_with_errors(tmp_path):
    text = _th_text()
    # ISA15 usage indicator: only P or T
    isa_end = text.index("~")
    isa = text[:isa_end].split("*")
    isa[15] = "X"
    r = _ack_text(tmp_path, "*".join(isa) + text[isa_end:])
    (ta1,) = _ta1(split(r.text))
    assert ta1[4] == "E" and ta1[5] == "020" and not r.all_accepted


def test_segment_outside_a_transaction_set_is_an_envelope_error(tmp_path):
    """X12021 is an interchange problem (TA1 024), never a 999 IK304 1."""
    text = _th_text()
    i = text.index("ST*837")
    r = _ack_text(tmp_path, text[:i] + "NTE*ADD*STRAY~\n" + text[i:])
    segs = split(r.text)
    (ta1,) = _ta1(segs)
    assert ta1[4] == "R" and ta1[5] == "024"
    assert not [s for s in segs if s[0] in ("IK3", "ST")]


def test_cli_ack_ta1_exits_1_and_json_names_it(tmp_path, capsys):
    import json

    from teleclaim.cli.main import main

    text = _th_text()
    i = text.rindex("IEA*1*")
    bad = tmp_path / "count.837"
    bad.write_text(text[:i] + "IEA*3*" + text[i + 6 :])
    assert main(["ack", str(bad), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["accepted"] is False
    assert out["interchanges"][0]["ta1_status"] == "E" and out["interchanges"][0]["note_code"] == "021"
    assert "TA1*" in out["ack"]

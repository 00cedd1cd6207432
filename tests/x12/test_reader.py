"""The 837 reader: what it reads, what it reports (where, which 999 code, the cause only), what it
refuses, and that it streams. Corpus files from ``../shared/x12-corpus`` are used when present."""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import gc
import json
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teleclaim.cli.main import main
from teleclaim.x12 import UnsupportedFileError, X12Reader, read_claims, sniff
from teleclaim.x12.generate import generate_claims, generate_x12
from teleclaim.x12.tokens import SegmentStream
from teleclaim.x12.writer import write_837

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "x12-corpus"
NOW = dt.datetime(2026, 10, 15, 9, 30)


def corpus(name: str) -> Path:
    p = CORPUS / name
    if not p.is_file():
        pytest.skip(f"{p} is not present (../shared/x12-corpus beside the repository)")
    return p


def read(data, name="t.837"):
    r = X12Reader(data.encode() if isinstance(data, str) else data, name=name)
    return r, list(r.claims())


def codes(r) -> list[str]:
    return [e.code for e in r.errors]


def one_claim_text(kind="hh", seed=0, n=1) -> str:
    return write_837(list(generate_claims(kind, n, seed=seed)), now=NOW)


# -- reading: what a user sees ------------------------------------------------------------------
def test_institutional_corpus_claim_is_read_field_by_field():
    r, [c] = read(corpus("lfh-x12__institutional-claim.837i").read_bytes())
    assert not r.errors
    assert (c.claim_id, c.kind, c.total_charge, c.type_of_bill) == ("756048Q", "837I", Decimal("89.93"), "141")
    assert c.statement_from == c.statement_to == dt.date(1996, 9, 11)
    assert (c.admission_type, c.point_of_origin, c.patient_status) == ("3", None, "01")
    assert c.principal_diagnosis.code == "3669" and [d.code for d in c.diagnoses] == ["4019", "79431"]
    assert [(o.code, o.date) for o in c.occurrences][:2] == [
        ("A1", dt.date(1926, 11, 11)),
        ("A2", dt.date(1991, 11, 1)),
    ]
    assert [(v.code, v.amount) for v in c.values] == [("A2", Decimal("15.31"))] and c.conditions == ["09"]
    assert c.attending.name == "JONES" and c.billing_provider.taxonomy == "203BA0200N"
    assert c.billing_provider.npi == "9876540809" and c.billing_provider.tax_id == "567891234"
    assert c.subscriber.member_id == "030005074A" and c.subscriber.birth_date == dt.date(1926, 11, 11)
    assert c.payer.id == "00435" and c.claim_filing == "MB" and c.relationship == "18"
    assert [(ln.line, ln.revenue_code, ln.code, ln.charge, ln.units, ln.date) for ln in c.lines] == [
        (1, "0305", "85025", Decimal("13.39"), Decimal("1.00"), dt.date(1996, 9, 11)),
        (2, "0730", "93005", Decimal("76.54"), Decimal("3.00"), dt.date(1996, 9, 11)),
    ]
    env = c.envelope
    assert (env.sender_id, env.receiver_id, env.version, env.transaction_control) == (
        "000000005",
        "12345",
        "005010X223A3",
        "987654",
    )
    assert c.source.claim_segment and c.source.claim_segment == 20 and c.source.line_segments == {1: 36, 2: 39}


def test_professional_corpus_claims_with_patient_loop_and_modifiers():
    r, claims = read(corpus("imsweb-x12__x12_complex.txt").read_bytes())
    assert len(claims) == 6
    ln = claims[0].lines[0]
    assert (ln.code, ln.modifiers, ln.pos) == ("99211", ["25"], "11") and claims[0].place_of_service == "11"
    cob = read(corpus("lfh-x12__demo.cob.example3.B.837").read_bytes())[1][0]
    assert cob.patient.last_name == "SMITH" and cob.patient.first_name == "TED" and cob.relationship == "19"
    assert cob.subscriber.first_name == "JACK" and cob.payer_responsibility == "S"
    assert cob.rendering.taxonomy == "204C00000X"


def test_big_corpus_files_read_every_claim():
    assert len(read_claims(corpus("imsweb-x12__x12_many_claims.txt"))) == 820
    assert len(read_claims(corpus("imsweb-x12__x12_multiple_transactions.txt"))) == 624


def test_other_separators_read_the_same_claims():
    a = read_claims(corpus("imsweb-x12__x12_valid.txt"))
    b = read_claims(corpus("imsweb-x12__x12_valid_different_separators.txt"))
    assert [c.claim_id for c in a] == [c.claim_id for c in b] == ["A37YH556", "A37YH667"]
    assert [ln.code for c in b for ln in c.lines] == ["99211", "478331"]


def test_bom_crlf_indentation_and_utf8_names_are_tolerated():
    text = one_claim_text("th", 3).replace("~\n", "~\r\n    ").replace("NM1*IL*1*", "NM1*IL*1*MÜLLER-")
    r, [c] = read(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert not r.errors and c.subscriber.last_name.startswith("MÜLLER-")


def test_latin1_file_is_read_with_a_warning_and_nothing_lost():
    text = one_claim_text("th", 3).replace("NM1*IL*1*", "NM1*IL*1*M\xdcLLER-")
    r, [c] = read(text.encode("latin-1"))
    assert c.subscriber.last_name.startswith("M\xdcLLER-")
    assert [(e.code, e.severity) for e in r.errors] == [("X12015", "warning")]


# -- structural problems: where, which code, the cause only -------------------------------------
def test_each_wrong_count_or_control_number_is_one_problem():
    text = write_837(list(generate_claims("hh", 3)), now=NOW)
    cases = {"SE*": ("X12006", "SE"), "GE*": ("X12004", "GE"), "IEA*": ("X12002", "IEA")}
    for tag, (code, sid) in cases.items():
        i = text.index(tag) + len(tag)
        bad = text[:i] + "9" + text[i:]
        r, claims = read(bad)
        assert [(e.code, e.segment_id) for e in r.errors] == [(code, sid)], tag
        assert len(claims) == 3
    r, _ = read(text.replace("*0001~\nGE", "*0002~\nGE"))
    assert codes(r) == ["X12005"]
    r, _ = read(text.replace("GE*1*1~", "GE*1*7~"))
    assert codes(r) == ["X12003"]
    r, _ = read(text.replace("IEA*1*000000001", "IEA*1*000000002"))
    assert codes(r) == ["X12001"]


def test_missing_trailers_are_reported_and_claims_still_read():
    text = write_837(list(generate_claims("th", 4)), now=NOW)
    cut = text[: text.index("SE*")]
    r, claims = read(cut)
    assert len(claims) == 4 and set(codes(r)) == {"X12022"}
    assert {e.segment_id for e in r.errors} == {"SE", "GE", "IEA"}


def test_a_bad_date_is_one_error_with_claim_segment_loop_element_and_value():
    text = one_claim_text("hh", 1)
    i = text.index("DTP*472*D8*") + len("DTP*472*D8*")
    bad = text[:i] + "20250231" + text[i + 8 :]
    r, [c] = read(bad)
    [e] = r.errors
    assert (e.code, e.segment_id, e.loop, e.element, e.value, e.claim_id) == (
        "X12017",
        "DTP",
        "2400",
        3,
        "20250231",
        c.claim_id,
    )
    assert e.segment and e.line and e.kind.ik4 == "8"
    assert c.lines[0].date is None  # never guessed


def test_a_number_with_letters_is_reported_and_left_empty():
    text = one_claim_text("th", 2)
    i = text.index("SV1*")
    j = text.index("*", i + 4)
    k = text.index("*", j + 1)
    r, [c] = read(text[: j + 1] + "12O.00" + text[k:])
    assert [(e.code, e.segment_id, e.element, e.value) for e in r.errors] == [("X12018", "SV1", 2, "12O.00")]
    assert c.lines[0].charge is None


NUMERIC = {("LX", 1), ("CLM", 2), ("SV1", 2), ("SV1", 4), ("SV1", 7), ("SV2", 3), ("SV2", 5), ("DTP", 3)}


@pytest.mark.parametrize("kind", ["hh", "th"])
@pytest.mark.parametrize("odd", ["\u00b2", "\u0663"])  # a superscript two; an Arabic-Indic three
def test_a_digit_that_is_not_ascii_never_crashes_the_reader(kind, odd):
    # str.isdigit() is true for both, int('\u00b2') raises and int('\u0663') == 3: neither may pass as a number
    text = one_claim_text(kind, 3)
    segs = text.split("~")
    for s_no, seg in enumerate(segs):
        els = seg.strip().split("*")
        for e_no, el in enumerate(els[1:], 1):
            if not any(ch.isdigit() for ch in el):
                continue
            bad = el.replace(next(ch for ch in el if ch.isdigit()), odd, 1)
            changed = "~".join(segs[:s_no] + ["*".join(els[:e_no] + [bad] + els[e_no + 1 :])] + segs[s_no + 1 :])
            try:
                r, _ = read(changed)  # never a traceback
            except UnsupportedFileError:  # a refusal that names the file and the envelope is fine too
                assert els[0] in ("ISA", "GS", "ST"), (els[0], e_no)
                continue
            if (els[0], e_no) in NUMERIC:
                assert any(odd in (e.value or "") for e in r.errors), (els[0], e_no, bad)


def test_a_service_line_number_or_pointer_in_another_script_is_reported_where_it_is():
    text = one_claim_text("th", 4)
    text = text.replace("LX*1~", "LX*\u00b9~", 1)
    i = text.index("SV1*")
    seg = text[i : text.index("~", i)]
    els = seg.split("*")
    els[7] = "\u0661"
    r, [c] = read(text.replace(seg, "*".join(els), 1))
    found = {(e.code, e.segment_id, e.element, e.value) for e in r.errors}
    assert ("X12018", "SV1", 7, "\u0661") in found
    assert c.lines[0].diagnosis_pointers == []
    assert c.lines[0].line == 1  # numbered by position, not guessed from the superscript


def test_unknown_misplaced_and_out_of_order_segments():
    r, _ = read(corpus("imsweb-x12__x12_bad_segment_identifier.txt").read_bytes())
    assert [(e.code, e.segment_id) for e in r.errors if e.code == "X12007"] == [
        ("X12007", "?"),
        ("X12007", "Nd4"),
        ("X12007", "NM31"),
    ]
    r, _ = read(corpus("imsweb-x12__x12_segments_out_of_order.txt").read_bytes())
    assert [(e.code, e.segment_id, e.loop) for e in r.errors if e.code == "X12008"] == [
        ("X12008", "N4", "2010AA"),
        ("X12008", "N3", "2010AB"),
    ]
    text = one_claim_text("th", 1).replace("CLM*", "FOO*X~CLM*", 1).replace("~", "~\n").replace("\n\n", "\n")
    r, claims = read(text)
    assert codes(r) == ["X12007", "X12006"] and len(claims) == 1  # (SE01 no longer counts the extra one)


def test_loops_missing_repeated_and_wrong_entity_codes():
    r, _ = read(corpus("imsweb-x12__x12_loop_errors3_missing_loops.txt").read_bytes())
    assert ("X12009", "NM1", "2000A") in [(e.code, e.segment_id, e.loop) for e in r.errors]
    r, _ = read(corpus("imsweb-x12__x12_loop_errors1_exceeds_max_1_parent.txt").read_bytes())
    assert "X12010" in codes(r)
    r, _ = read(corpus("imsweb-x12__x12_bad_valid_code.txt").read_bytes())
    e = next(e for e in r.errors if e.code == "X12016")
    assert (e.segment_id, e.element, e.value) == ("NM1", 1, "117")
    # the cause only: the billing provider loop is not also reported missing
    assert "X12009" not in codes(r)


def test_missing_required_elements_name_the_element():
    r, claims = read(corpus("imsweb-x12__x12_missing_elements.txt").read_bytes())
    got = [(e.code, e.segment_id, e.element) for e in r.errors]
    assert ("X12012", "NM1", 2) in got and ("X12012", "CLM", 5) in got
    assert len(claims) == 2


def test_hl_tree_problems():
    text = one_claim_text("th", 5, n=2)
    r, _ = read(text.replace("HL*2*1*22", "HL*2*7*22", 1))
    assert [(e.code, e.element, e.value) for e in r.errors] == [("X12020", 2, "7")]
    r, _ = read(text.replace("HL*2*1*22", "HL*5*1*22", 1))
    assert [(e.code, e.element) for e in r.errors][:1] == [("X12020", 1)]


def test_hl_numbering_that_restarts_is_reported_once_per_transaction_set():
    text = one_claim_text("th", 5, n=4)
    seg = "~" if "~" in text else None
    hls = [p for p in text.split(seg) if p.lstrip().startswith("HL*")]
    assert len(hls) >= 4
    bad = text
    for i, h in enumerate(hls[1:], 2):  # every HL after the first numbered 1 again: one cause
        bad = bad.replace(h, h.replace(f"HL*{i}*", "HL*9*", 1), 1)
    r, claims = read(bad)
    numbering = [e for e in r.errors if e.code == "X12020" and e.element == 1]
    assert len(numbering) == 1 and numbering[0].value == "9"
    assert len(claims) == 4


def test_one_bad_element_does_not_cascade():
    text = one_claim_text("hh", 4)
    r, _ = read(text.replace("CLM*", "CLM**", 1))  # every element shifts one place right
    assert len(r.errors) == 1


def test_components_split_by_the_wrong_character_get_a_hint():
    r, _ = read(corpus("lfh-x12__demo.example9.837").read_bytes())
    e = next(e for e in r.errors if e.segment_id == "CLM")
    assert "component separator" in e.message and e.value == "22>B>1"


def test_every_readable_corpus_file_gives_claims_or_problems_never_a_crash():
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    refused = {}
    for p in sorted(CORPUS.iterdir()):
        try:
            r, claims = read(p.read_bytes(), p.name)
        except UnsupportedFileError as exc:
            refused[p.name] = exc.details["detected"]
            continue
        assert claims or r.errors, p.name
        for e in r.errors:
            assert e.code in __import__("teleclaim.x12.problems", fromlist=["KINDS"]).KINDS and e.message
    assert refused["pyx12__simple_837i.txt"] == "x12-4010"
    assert refused["imsweb-x12__x12_no_isa_line.txt"] == "no-isa"
    assert refused["lfh-x12__claim-level-status.277"].startswith("x12-277")
    assert refused["imsweb-x12__x12_999_accepted.txt"].startswith("x12-999")


# -- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data,detected,words",
    [
        ("\ufeffISA*00".encode("utf-16"), "utf-16", "UTF-16"),
        (b"", "empty", "empty"),
        (b"hello world~", "no-isa", "ISA"),
    ],
)
def test_unreadable_files_are_refused_saying_what_they_are(data, detected, words):
    with pytest.raises(UnsupportedFileError) as exc:
        read(data)
    assert exc.value.details["detected"] == detected and words in str(exc.value)


def test_an_835_is_refused_by_name():
    text = (
        one_claim_text("th", 1)
        .replace("GS*HC", "GS*HP")
        .replace("ST*837", "ST*835")
        .replace("005010X222A1", "005010X221A1")
    )
    with pytest.raises(UnsupportedFileError, match="835 remittance"):
        read(text)


def test_sniff():
    assert sniff(b"\xef\xbb\xbf  ISA*00") == "x12" and sniff(b'{"claim_id"') == "json" and sniff(b"[") == "json"
    assert sniff("ISA".encode("utf-16")) == "utf16" and sniff(b"PDF-1.4") == "unknown"


# -- streaming ----------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chunk=st.integers(1, 400),
    seps=st.permutations(list("*:^~|!\\>")).map(lambda p: tuple(p[:4])),
    newline=st.booleans(),
    kind=st.sampled_from(["hh", "th"]),
)
def test_tokenizer_gives_the_same_claims_whatever_the_chunking_and_separators(chunk, seps, newline, kind):
    made = list(generate_claims(kind, 3, seed=chunk))
    text = write_837(made, separators=seps, newline=newline, now=NOW)
    import io

    segs = list(SegmentStream(io.BytesIO(text.encode()), "t", chunk=chunk))
    whole = list(SegmentStream(io.BytesIO(text.encode()), "t"))
    assert [s[0] for s in segs] == [s[0] for s in whole]
    r = X12Reader(text.encode(), chunk=chunk)
    assert [c.claim_id for c in r.claims()] == [c.claim_id for c in made] and not r.errors


def _peak(path: Path, chunk: int) -> tuple[int, int]:
    gc.collect()
    tracemalloc.start()
    r = X12Reader(path, chunk=chunk)
    n = sum(1 for _ in r.claims())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return n, peak


def test_memory_stays_flat_while_streaming(tmp_path, monkeypatch):
    """Independent of test order: the bounded caches of dates and amounts (``lru_cache``, 8192
    entries, up to ~1.5 MB) are swapped for small fresh ones, so whether earlier tests filled
    them does not change the peaks; a warm-up read does the one-time work (imports, tables)."""
    from teleclaim.x12 import build, reader

    small_d8 = functools.lru_cache(maxsize=64)(build.d8.__wrapped__)
    monkeypatch.setattr(build, "d8", small_d8)
    monkeypatch.setattr(reader, "d8", small_d8)
    monkeypatch.setattr(build, "_decimal", functools.lru_cache(maxsize=64)(build._decimal.__wrapped__))
    small, big = tmp_path / "small.837", tmp_path / "big.837"
    with small.open("w") as fh:
        write_837(generate_claims("th", 4000, seed=1), fh, now=NOW)
    with big.open("w") as fh:
        write_837(generate_claims("th", 16000, seed=1), fh, now=NOW)
    _peak(small, 1 << 16)  # warm-up, not measured
    n1, p1 = _peak(small, 1 << 16)
    n2, p2 = _peak(big, 1 << 16)
    assert (n1, n2) == (4000, 16000)
    # four times the claims, about the same memory: nothing accumulates per claim
    assert p2 < p1 * 1.3 and p2 < big.stat().st_size * 0.6, (p1, p2, big.stat().st_size)


# -- the read command ---------------------------------------------------------------------------
def test_read_jsonl_then_write_gives_the_same_claims(tmp_path, capsys):
    src = tmp_path / "in.837"
    src.write_text(generate_x12("hh", 5, seed=2))
    assert main(["read", str(src), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert first["claim_id"] and first["lines"][0]["line"] == 1 and isinstance(first["total_charge"], str)
    assert {"line", "code", "modifiers", "units", "charge", "revenue_code", "date", "date_to"} <= set(first["lines"][0])
    jl = tmp_path / "c.jsonl"
    jl.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.837"
    assert main(["write", str(jl), "-o", str(out)]) == 0
    assert [c.claim_id for c in read_claims(out)] == [json.loads(x)["claim_id"] for x in lines]


def test_read_reports_problems_and_exits_1(tmp_path, capsys):
    p = tmp_path / "bad.837"
    p.write_text(one_claim_text("hh", 1).replace("SE*", "SE*9", 1))
    assert main(["read", str(p), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["teleclaim_version"] and out["summary"] == {"claims": 1, "errors": 1}
    assert out["problems"][0]["code"] == "X12006" and out["problems"][0]["segment_id"] == "SE"


def test_read_refuses_a_277_with_exit_2(capsys):
    p = corpus("lfh-x12__claim-level-status.277")
    assert main(["read", str(p), "--json"]) == 2
    err = json.loads(capsys.readouterr().out)["error"]
    assert err["code"] == "unsupported_file" and "277" in err["message"]


def test_schema_claim_is_json_schema(capsys):
    assert main(["schema", "claim"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["$schema"].startswith("https://json-schema.org/") and "claim_id" in json.dumps(s)


# -- mutations of valid files: every outcome is claims, a reported problem, or a clear refusal ----
_BASE = None


def _base() -> list[str]:
    global _BASE
    if _BASE is None:
        made = list(generate_claims("hh", 3, seed=11)) + list(generate_claims("th", 2, seed=11))
        _BASE = write_837(made, now=NOW).split("~\n")[:-1]
    return _BASE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), op=st.sampled_from(["drop", "duplicate", "truncate", "count", "separators", "garble"]))
def test_mutated_files_give_claims_or_reported_problems_never_a_crash(data, op):
    segs = list(_base())
    i = data.draw(st.integers(0, len(segs) - 1), label="segment")
    expect_problem = True
    if op == "drop":
        del segs[i]
        text = "~\n".join(segs) + "~\n"
    elif op == "duplicate":
        segs.insert(i, segs[i])
        text = "~\n".join(segs) + "~\n"
    elif op == "truncate":
        text = "~\n".join(segs) + "~\n"
        text = text[: data.draw(st.integers(0, len(text) - 3), label="cut")]  # at least one character of IEA gone
    elif op == "count":
        j = data.draw(st.sampled_from([k for k, s in enumerate(segs) if s[:3] in ("SE*", "GE*", "IEA")]))
        tag, n, rest = segs[j].split("*", 2)
        segs[j] = f"{tag}*{int(n) + data.draw(st.integers(1, 5))}*{rest}"
        text = "~\n".join(segs) + "~\n"
    elif op == "separators":
        el, comp = data.draw(st.sampled_from([("|", ">"), ("!", "^"), ("\x1d", "\x1f")]))
        text = "~\n".join(segs).replace("*", el).replace(":", comp) + "~\n"
        expect_problem = False
    else:  # garble one element of one segment with characters that are not data
        parts = segs[i].split("*")
        k = data.draw(st.integers(0, len(parts) - 1))
        parts[k] = data.draw(st.text(alphabet="Z9.-@ ", min_size=0, max_size=12))
        segs[i] = "*".join(parts)
        text = "~\n".join(segs) + "~\n"
        expect_problem = False  # a garbled free-text element can still be valid data
    try:
        r = X12Reader(text.encode(), name="mutated.837")
        claims = list(r.claims())
    except UnsupportedFileError as exc:  # refused: says what the file is
        assert exc.details["detected"] and "teleclaim reads" in str(exc)
        return
    for e in r.errors:
        assert e.message and e.fix and (e.segment_id is not None)
    if expect_problem:
        assert r.errors, f"{op} at segment {i} went unnoticed"
    else:
        assert claims or r.errors


def _reference_segments(text: str, term: str, el: str) -> list[tuple[list[str], int, str]]:
    """The whole text split at once: what the chunked tokenizer must give, line numbers included."""
    out, line = [], 1
    for piece in text.split(term):
        seg = piece.lstrip(" \t\r\n")
        here = line + piece.count("\n", 0, len(piece) - len(seg))
        line += piece.count("\n")
        seg = seg.rstrip("\r\n")
        if seg:
            out.append((seg.split(el), here, seg))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chunk=st.integers(1, 300),
    layout=st.sampled_from(["none", "lf", "crlf", "indent", "mixed"]),
    mixed=st.lists(st.sampled_from(["", "\n", "\r\n", "\n  ", "\n\n", "\t"]), min_size=1, max_size=7),
    interchanges=st.integers(1, 2),
    kind=st.sampled_from(["hh", "th"]),
)
def test_tokenizer_reports_each_segment_on_its_line_whatever_the_layout(chunk, layout, mixed, interchanges, kind):
    """Segments and the line each starts on are the same for every chunk size and whitespace layout
    (the usual one-segment-per-line layout takes a faster path than the others)."""
    import io

    made = list(generate_claims(kind, 2, seed=chunk))
    one = write_837(made, newline=False, now=NOW)
    after = {"none": [""], "lf": ["\n"], "crlf": ["\r\n"], "indent": ["\n  "], "mixed": mixed}[layout]
    pieces = (one * interchanges).split("~")
    text = "".join(p + "~" + after[i % len(after)] for i, p in enumerate(pieces[:-1]))
    got = list(SegmentStream(io.BytesIO(text.encode()), "t", chunk=chunk))
    assert got == _reference_segments(text, "~", "*")
    assert sum(1 for s in got if s[0][0] == "ISA") == interchanges


def test_segment_of_another_transaction_set_is_not_in_the_defined_set():
    """Issue 13 item 7: inside ST/SE, an X12 segment the 837 does not define is IK304 6; an id X12 does not
    know at all stays IK304 1 (X12007)."""
    text = one_claim_text("th", 1).replace("CLM*", "CLP*X*1~CLM*", 1)
    r, claims = read(text)
    (e,) = [e for e in r.errors if e.code == "X12024"]
    assert e.segment_id == "CLP" and e.kind.ik3 == "6" and len(claims) == 1
    text = one_claim_text("th", 1).replace("CLM*", "FOO*X~CLM*", 1)
    r, _ = read(text)
    (e,) = [e for e in r.errors if e.code == "X12007"]
    assert e.kind.ik3 == "1"


def test_segment_outside_a_transaction_set_is_an_envelope_error_not_ik304():
    text = one_claim_text("th", 1)
    i = text.index("ST*837")
    r, claims = read(text[:i] + "NTE*ADD*STRAY~" + text[i:])
    (e,) = [e for e in r.errors if e.code == "X12021"]
    assert e.kind.ik3 is None and e.kind.ta105 == "024" and e.transaction_control is None
    assert len(claims) == 1


@pytest.mark.parametrize(
    "old,new,where",
    [
        ("*******MB~", "*******XX~", ("SBR", 9, None)),  # claim filing indicator: no silent Medicare profile
        ("SBR*P*18*", "SBR*P*77*", ("SBR", 2, None)),
        ("PRV*BI*PXC*207Q00000X", "PRV*BI*ZZ*207Q00000X", ("PRV", 2, None)),
        ("PRV*BI*PXC*207Q00000X", "PRV*BI*PXC*FAMILYDOC", ("PRV", 3, None)),  # taxonomy: format only
        ("*10:B:1*", "*10:B:5*", ("CLM", 5, 3)),  # 837P frequency: 1, 6, 7, 8
        ("*10:B:1*", "*10:A:1*", ("CLM", 5, 2)),  # 837P facility code qualifier is B
        ("SV1*HC:", "SV1*ZZ:", ("SV1", 1, 1)),
        ("DTP*472*D8*", "DTP*472*TM*", ("DTP", 2, None)),
    ],
)
def test_closed_code_lists_of_elements_the_reader_reads(old, new, where):
    """Issue 13 item 6: a value outside the closed list of an ID element the claim is read from is
    X12016 (999 IK403 7) on that element, not a silent default."""
    text = one_claim_text("th", 1)
    assert old in text, old
    r, claims = read(text.replace(old, new, 1))
    bad = [e for e in r.errors if e.code == "X12016"]
    assert [(e.segment_id, e.element, e.component) for e in bad] == [where], [e.message for e in r.errors]
    assert bad[0].kind.ik4 == "7" and len(claims) == 1


def test_closed_code_lists_accept_every_listed_value():
    text = one_claim_text("th", 1)
    for filing in ("MA", "MB", "CI", "MC", "16", "ZZ"):
        r, _ = read(text.replace("*******MB~", f"*******{filing}~", 1))
        assert not r.errors, (filing, [e.message for e in r.errors])
    r, _ = read(text.replace("PRV*BI*PXC*207Q00000X", "PRV*BI*PXC*203BA0200N", 1))  # an early-version taxonomy
    assert not r.errors


def test_837i_frequency_letters_are_accepted_and_qualifier_is_a():
    text = one_claim_text("hh", 1)
    assert ":A:9**" in text
    for freq in ("A", "D", "7", "8"):
        r, _ = read(text.replace(":A:9**", f":A:{freq}**", 1))
        assert "X12016" not in codes(r), freq
    r, _ = read(text.replace(":A:9**", ":A:6**", 1))
    assert [(e.segment_id, e.element, e.component) for e in r.errors if e.code == "X12016"] == [("CLM", 5, 3)]


# -- the fast paths give what the general path gives ---------------------------------------------
_LINE_EXTRAS = [
    "CRC*07*Y*01",
    "QTY*PT*1",
    "REF*6R*1",
    "NTE*ADD*X",
    "SV5*1",
    "DTP*471*D8*20260101",
    "DTP*472*D8*20260230",
    "DTP*472*RD8*20260202-20260101",
    "LX*X",
    "LX*",
    "SV2*0551*HC:G0299*1.X*UN*1",
    "SV1*HC:99212*75*UN*1***1:Z",
    "NM1*82*1*A*B****XX*1234567893",
    "LIN**N4*1",
    "HL*99*1*22*0",
]


def _as_read(text: str) -> tuple:
    import dataclasses

    r = X12Reader(text.encode(), name="t.837")
    claims = [(len(r.errors), dataclasses.asdict(c)) for c in r.claims()]
    return claims, [dataclasses.asdict(e) for e in r.errors]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["hh", "th"]),
    seed=st.integers(0, 10_000),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 5), st.sampled_from(_LINE_EXTRAS)), max_size=4),
)
def test_usual_service_lines_read_the_same_on_the_fast_path(kind, seed, edits):
    """The usual layout (one segment a line) takes the reader's fast paths for runs of service lines;
    CR LF line ends take the general path, one segment at a time. Both must give the same claims
    (service lines, their segment positions) and the same problems, where the lines repeat (the fast
    path needs texts seen before) and where something unusual sits among them."""
    segs = write_837(list(generate_claims(kind, 6, seed=seed)), now=NOW).split("~\n")[:-1]
    lx = [i for i, s in enumerate(segs) if s.startswith("LX*")]
    for at in lx[:3]:  # the same line again and again: its texts are known-good from the second one on
        segs[at + 3 : at + 3] = segs[at : at + 3] * 3
    for where, op, extra in edits:
        lines = [i for i, s in enumerate(segs) if s.startswith(("LX*", "DTP*472"))]
        i = lines[where % len(lines)]
        if op == 0:
            del segs[i]
        elif op == 1:
            segs[i:i] = segs[i : i + 3]
        else:
            segs.insert(i + op - 1, extra)
    lf = "~\n".join(segs) + "~\n"
    assert _as_read(lf) == _as_read(lf.replace("~\n", "~\r\n"))


def test_big_file_reads_the_same_on_the_fast_path_after_the_known_good_texts_are_cleared():
    """Past 8192 known-good segment texts the reader starts that list again; lines met before then take
    the fast path again at once and must leave the list as the general path does (what it holds decides
    whether a claim segment met before is checked again, e.g. in a later 837P set of the interchange)."""
    text = write_837(list(generate_claims("hh", 1200, seed=5)), now=NOW)
    fast, general = X12Reader(text.encode()), X12Reader(text.replace("~\n", "~\r\n").encode())
    import dataclasses

    got = [dataclasses.asdict(c) for c in fast.claims()]
    assert got == [dataclasses.asdict(c) for c in general.claims()] and len(got) == 1200
    assert fast.errors == general.errors == []
    assert list(fast._checked) == list(general._checked)

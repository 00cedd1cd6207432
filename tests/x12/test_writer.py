"""The 837 writer on its own (no reader needed): envelope, counts, HL tree, segment mapping,
refusals, separators, streaming. Round trips through the reader are in ``test_roundtrip.py``."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest

from teleclaim.errors import InputError
from teleclaim.model.claim import (
    Address,
    Claim,
    Diagnosis,
    Envelope,
    Note,
    Occurrence,
    OccurrenceSpan,
    Payer,
    Person,
    Provider,
    ServiceLine,
    ValueCode,
)
from teleclaim.x12.generate import generate_claims
from teleclaim.x12.writer import write_837

NOW = dt.datetime(2026, 10, 15, 9, 30)


def split(text: str) -> list[list[str]]:
    """A tiny X12 splitter: separators from the ISA, segments as lists of elements."""
    el, term = text[3], text[105]
    return [s.strip().split(el) for s in text.split(term) if s.strip()]


def envelope_problems(segs: list[list[str]]) -> list[str]:
    """Counts and control numbers of ISA/GS/ST against their trailers, and the HL tree."""
    bad = []
    isa = gs = st = None
    groups = sets = count = 0
    hls: dict[str, str] = {}
    for s in segs:
        tag = s[0]
        if st is not None:
            count += 1
        if tag == "ISA":
            isa, groups = s[13], 0
        elif tag == "GS":
            gs, sets = s[6], 0
            groups += 1
        elif tag == "ST":
            st, count, hls = s[2], 1, {}
            sets += 1
        elif tag == "HL":
            if s[1] != str(len(hls) + 1):
                bad.append(f"HL01 {s[1]} out of sequence")
            if s[2] and s[2] not in hls:
                bad.append(f"HL02 {s[2]} has no parent")
            want = {"20": None, "22": "20", "23": "22"}[s[3]]
            if want and hls.get(s[2]) != want:
                bad.append(f"HL {s[1]} level {s[3]} under {hls.get(s[2])}")
            hls[s[1]] = s[3]
        elif tag == "SE":
            if s[1] != str(count) or s[2] != st:
                bad.append(f"SE {s[1:]} vs count {count} control {st}")
            st = None
        elif tag == "GE":
            if s[1] != str(sets) or s[2] != gs:
                bad.append(f"GE {s[1:]} vs {sets} {gs}")
        elif tag == "IEA" and (s[1] != str(groups) or s[2] != isa):
            bad.append(f"IEA {s[1:]} vs {groups} {isa}")
    return bad


def full_837i() -> Claim:
    """An 837I with every field the writer maps."""
    doc = Provider(name="ATTEND", first_name="ANN", entity_type="1", npi="1234567893", taxonomy="207Q00000X")
    return Claim(
        claim_id="FULL-1",
        kind="837I",
        total_charge=Decimal("250.01"),
        facility_code="32",
        facility_qualifier="A",
        frequency="7",
        statement_from=dt.date(2024, 3, 1),
        statement_to=dt.date(2024, 3, 30),
        admission_date=dt.date(2024, 1, 31),
        discharge_hour="1130",
        admission_type="9",
        point_of_origin="1",
        patient_status="30",
        principal_diagnosis=Diagnosis("I5022", "ABK", "Y"),
        admitting_diagnosis=Diagnosis("R0602", "ABJ"),
        diagnoses=[Diagnosis(f"E11{i}", "ABF") for i in range(14)],
        conditions=["D9"],
        occurrences=[Occurrence("50", dt.date(2024, 2, 28))],
        occurrence_spans=[OccurrenceSpan("74", dt.date(2024, 3, 3), dt.date(2024, 3, 5))],
        values=[ValueCode("61", Decimal("16980.00")), ValueCode("85", Decimal("17031.00"))],
        notes=[Note("ADD", "CORRECTED UNITS")],
        original_reference="2124012345678",
        prior_authorization="PA123",
        billing_provider=Provider(
            name="HHA",
            entity_type="2",
            npi="1234567893",
            taxonomy="251E00000X",
            tax_id="123456789",
            address=Address("1 MAIN ST", None, "AMES", "IA", "500101234"),
        ),
        pay_to=Provider(address=Address("PO BOX 1", None, "AMES", "IA", "50010")),
        subscriber=Person(
            "DOE", "JO", "Q", "1EG4TE5MK73", dt.date(1941, 5, 6), "F", Address("2 ELM", "APT 3", "AMES", "IA", "50010")
        ),
        relationship="18",
        payer=Payer("MEDICARE", "15004", Address("PO BOX 9", None, "DM", "IA", "50309")),
        payer_responsibility="P",
        claim_filing="MA",
        attending=doc,
        rendering=Provider(name="REND", first_name="RO", npi="1234567893"),
        referring=Provider(name="REF", first_name="RE", npi="1234567893"),
        service_facility=Provider(name="SITE", npi="1234567893", address=Address("3 OAK", None, "AMES", "IA", "50010")),
        envelope=Envelope(
            sender_id="SUBMITTER1",
            receiver_id="MAC15",
            interchange_date=dt.date(2024, 4, 2),
            interchange_time="0815",
            usage="P",
            version="005010X223A2",
            bht_reference="B1",
            bht_date=dt.date(2024, 4, 2),
            submitter_name="SUB",
            submitter_id="S1",
            receiver_name="MAC",
            receiver_id_code="15004",
        ),
        lines=[
            ServiceLine(
                1, "1FC21", "HP", [], "0023", None, Decimal("0.00"), "UN", Decimal("1"), date=dt.date(2024, 3, 1)
            ),
            ServiceLine(
                2,
                "G0299",
                "HC",
                ["GY"],
                "0551",
                "RN VISIT",
                Decimal("200.00"),
                "UN",
                Decimal("4"),
                date=dt.date(2024, 3, 2),
                non_covered_charge=Decimal("0"),
                line_control="L2",
                notes=[Note("TPO", "LINE NOTE")],
                rendering=Provider(name="NURSE", first_name="N"),
                referring=Provider(name="DOC", first_name="D"),
            ),
            ServiceLine(
                3,
                "G0322",
                "HC",
                [],
                "0551",
                None,
                Decimal("50.00"),
                "UN",
                Decimal("10"),
                date=dt.date(2024, 3, 2),
                date_to=dt.date(2024, 3, 11),
            ),
        ],
    )


def test_every_837i_field_lands_in_its_segment():
    text = write_837([full_837i()], now=NOW)
    segs = split(text)
    joined = ["*".join(s) for s in segs]
    assert not envelope_problems(segs)
    expect = [
        "ISA*00*          *00*          *ZZ*SUBMITTER1     *ZZ*MAC15          *240402*0815*^*00501*000000001*0*P*:",
        "GS*HC*SUBMITTER1*MAC15*20240402*0815*1*X*005010X223A2",
        "ST*837*0001*005010X223A2",
        "BHT*0019*00*B1*20240402*0815*CH",
        "NM1*41*2*SUB*****46*S1",
        "NM1*40*2*MAC*****46*15004",
        "HL*1**20*1",
        "PRV*BI*PXC*251E00000X",
        "NM1*85*2*HHA*****XX*1234567893",
        "N3*1 MAIN ST",
        "N4*AMES*IA*500101234",
        "REF*EI*123456789",
        "NM1*87*2",
        "HL*2*1*22*0",
        "SBR*P*18*******MA",
        "NM1*IL*1*DOE*JO*Q***MI*1EG4TE5MK73",
        "N3*2 ELM*APT 3",
        "DMG*D8*19410506*F",
        "NM1*PR*2*MEDICARE*****PI*15004",
        "N3*PO BOX 9",
        "CLM*FULL-1*250.01***32:A:7**A*Y*Y",
        "DTP*096*TM*1130",
        "DTP*434*RD8*20240301-20240330",
        "DTP*435*D8*20240131",
        "CL1*9*1*30",
        "REF*G1*PA123",
        "REF*F8*2124012345678",
        "NTE*ADD*CORRECTED UNITS",
        "HI*ABK:I5022:::::::Y",
        "HI*ABJ:R0602",
        "HI*BI:74:RD8:20240303-20240305",
        "HI*BH:50:D8:20240228",
        "HI*BE:61:::16980.00*BE:85:::17031.00",
        "HI*BG:D9",
        "NM1*71*1*ATTEND*ANN****XX*1234567893",
        "PRV*AT*PXC*207Q00000X",
        "NM1*82*1*REND*RO****XX*1234567893",
        "NM1*77*2*SITE*****XX*1234567893",
        "N3*3 OAK",
        "NM1*DN*1*REF*RE****XX*1234567893",
        "LX*1",
        "SV2*0023*HP:1FC21*0.00*UN*1",
        "DTP*472*D8*20240301",
        "SV2*0551*HC:G0299:GY::::RN VISIT*200.00*UN*4**0",
        "REF*6R*L2",
        "NTE*TPO*LINE NOTE",
        "NM1*82*1*NURSE*N",
        "NM1*DN*1*DOC*D",
        "DTP*472*RD8*20240302-20240311",
        "SE*60*0001",
        "GE*1*1",
        "IEA*1*000000001",
    ]
    missing = [e for e in expect if e not in joined]
    assert not missing, missing
    # ABF diagnoses: 12 per HI segment
    abf = [s for s in segs if s[0] == "HI" and s[1].startswith("ABF")]
    assert [len(s) - 1 for s in abf] == [12, 2]
    # 2300 order as in the guide
    order = [
        j.split("*")[0] + ("*" + j.split("*")[1][:3] if j.startswith(("DTP", "HI", "REF")) else "") for j in joined
    ]
    assert (
        order.index("CLM")
        < order.index("DTP*434")
        < order.index("CL1")
        < order.index("REF*G1")
        < order.index("REF*F8")
        < order.index("NTE")
        < order.index("HI*ABK")
        < order.index("HI*BG:")
        < order.index("LX")
    )


def test_837p_fields_and_patient_loop():
    c = next(x for x in generate_claims("th", 200, seed=2) if x.patient is not None)
    c.lines[0].pos = "10"
    c.lines[0].modifiers = ["95", "GT"]
    c.prior_authorization = "AUTH1"
    c.referring = Provider(name="PCP", first_name="P", npi="1234567893")
    segs = split(write_837([c], now=NOW))
    joined = ["*".join(s) for s in segs]
    assert not envelope_problems(segs)
    hl = [s for s in segs if s[0] == "HL"]
    assert [s[1:] for s in hl] == [["1", "", "20", "1"], ["2", "1", "22", "1"], ["3", "2", "23", "0"]]
    sbr = next(s for s in segs if s[0] == "SBR")
    assert sbr[2] == "" and ["PAT", "19"] in segs
    assert any(j.startswith("NM1*QC*1*") for j in joined)
    assert next(s for s in segs if s[0] == "GS")[8] == "005010X222A1"
    sv1 = next(s for s in segs if s[0] == "SV1")
    assert sv1[1].startswith(f"HC:{c.lines[0].code}:95:GT") and sv1[5] == "10" and sv1[7].startswith("1")
    assert joined.index("REF*G1*AUTH1") < next(i for i, j in enumerate(joined) if j.startswith("HI*ABK"))
    assert joined.index("NM1*DN*1*PCP*P****XX*1234567893") < joined.index(
        next(j for j in joined if j.startswith("NM1*82"))
    )
    clm = next(s for s in segs if s[0] == "CLM")
    assert clm[5].endswith(":B:1") and clm[6:10] == ["Y", "A", "Y", "Y"]


def test_kinds_go_to_separate_groups_and_runs_share_hl():
    hh = list(generate_claims("hh", 120, seed=1))
    th = list(generate_claims("th", 60, seed=1))
    claims = hh[:60] + th[:30] + hh[60:] + th[30:]
    segs = split(write_837(claims, now=NOW))
    assert not envelope_problems(segs)
    gs = [s for s in segs if s[0] == "GS"]
    assert [g[8] for g in gs] == ["005010X223A2", "005010X222A1", "005010X223A2", "005010X222A1"]
    assert len({g[6] for g in gs}) == 4
    assert len([s for s in segs if s[0] == "ISA"]) == 1
    sts = [s[2] for s in segs if s[0] == "ST"]
    assert len(sts) == 4 and len(set(sts)) == 4
    assert sum(1 for s in segs if s[0] == "CLM") == 180
    # generated runs of 50 claims share their agency: fewer billing-provider HLs than claims
    assert sum(1 for s in segs if s[0] == "HL" and s[3] == "20") < 12


def test_envelope_change_opens_a_new_transaction_and_interchange():
    a, b, c = list(generate_claims("hh", 3))
    b.envelope.bht_reference = "OTHER"
    c.envelope.sender_id = "SOMEONEELSE"
    segs = split(write_837([a, b, c], now=NOW))
    assert not envelope_problems(segs)
    assert [s[0] for s in segs].count("ISA") == 2
    assert [s[0] for s in segs].count("ST") == 3
    assert [s[0] for s in segs].count("GS") == 2
    # keyword arguments override every claim's envelope
    segs = split(write_837([a, b, c], now=NOW, sender_id="ME", receiver_id="YOU", usage="P", control_start=41))
    isa = [s for s in segs if s[0] == "ISA"]
    assert len(isa) == 1 and isa[0][6].strip() == "ME" and isa[0][8].strip() == "YOU" and isa[0][15] == "P"
    assert isa[0][13] == "000000041"


@pytest.mark.parametrize(
    "field,value,where",
    [
        ("claim_id", "A*B", "claim_id"),
        ("subscriber.last_name", "O~NEIL", "subscriber.last_name"),
        ("lines.1.code", "G0299:X", "lines[2].code"),
        ("notes", [Note("ADD", "50^50")], "notes[0].text"),
        ("billing_provider.name", "LINE\nBREAK", "billing_provider.name"),
    ],
)
def test_values_with_separators_are_refused_naming_claim_and_field(field, value, where):
    c = next(generate_claims("hh", 1))
    c.claim_id = "C1" if field != "claim_id" else value
    obj, *path = field.split(".")
    if not path:
        setattr(c, obj, value)
    elif obj == "lines":
        setattr(c.lines[int(path[0])], path[1], value)
    else:
        setattr(getattr(c, obj), path[0], value)
    with pytest.raises(InputError) as exc:
        write_837([c])
    assert exc.value.details["field"] == where
    assert exc.value.details["claim_id"] == c.claim_id and c.claim_id in exc.value.message


def test_other_separators_are_used_and_values_checked_against_them():
    c = next(generate_claims("hh", 1))
    c.subscriber.last_name = "O*NEIL"  # fine with | as element separator
    text = write_837([c], separators=("|", ">", "!", "\\"), newline=False)
    assert text.startswith("ISA|00|") and text[103:106] == "|>\\" and "\n" not in text
    segs = split(text)
    assert not envelope_problems(segs)
    assert any(s[0] == "NM1" and s[3] == "O*NEIL" for s in segs)
    assert any(s[0] == "SV2" and s[2].startswith("HP>") for s in segs)
    c.subscriber.last_name = "O|NEIL"
    with pytest.raises(InputError):
        write_837([c], separators=("|", ">", "!", "\\"))
    with pytest.raises(InputError):
        write_837([c], separators=("|", "|", "!", "\\"))


@pytest.mark.parametrize(
    "kind,field,value",
    [
        ("th", "attending", Provider(name="A", first_name="B")),
        ("th", "statement_from", dt.date(2024, 1, 1)),
        ("th", "values", [ValueCode("61", Decimal("1"))]),
        ("hh", "pay_to", Provider(name="P", taxonomy="251E00000X")),
    ],
)
def test_data_without_a_place_in_the_kind_is_refused(kind, field, value):
    c = next(generate_claims(kind, 1))
    setattr(c, field, value)
    with pytest.raises(InputError) as exc:
        write_837([c])
    assert exc.value.code == "not_writable" and field in exc.value.details["field"]


def test_line_level_refusals_and_missing_required_data():
    c = next(generate_claims("th", 1))
    c.lines[0].revenue_code = "0551"
    with pytest.raises(InputError, match=r"lines\[1\].revenue_code"):
        write_837([c])
    c = next(generate_claims("hh", 1))
    c.lines[0].units = None
    with pytest.raises(InputError, match="units"):
        write_837([c])
    c = next(generate_claims("hh", 1))
    c.billing_provider = None
    with pytest.raises(InputError, match="billing provider"):
        write_837([c])
    c = next(generate_claims("hh", 1))
    c.subscriber.last_name = "X" * 61
    with pytest.raises(InputError, match="longer than the 60"):
        write_837([c])


def test_streaming_writes_as_claims_arrive():
    out = io.StringIO()
    seen = []

    def claims():
        for c in generate_claims("hh", 300):
            seen.append(len(out.getvalue()))
            yield c

    assert write_837(claims(), out, now=NOW) is None
    # output grows while claims are still coming: nothing waits for the end
    assert seen[200] > seen[100] > 0
    assert not envelope_problems(split(out.getvalue()))


def test_100k_claims_stream_to_a_file(tmp_path):
    """100,000 claims through a generator into a file, without holding them."""
    n = 100_000
    base = list(generate_claims("th", 50))

    def many():
        for i, c in zip(range(n), itertools.cycle(base)):
            c.claim_id = f"TH{i}"
            yield c

    p = tmp_path / "big.837"
    with p.open("w") as fh:
        write_837(many(), fh, now=NOW, newline=False)
    text = p.read_text()
    assert text.count("~CLM*") == n
    se = text[text.rindex("~SE*") + 1 :].split("~")[0].split("*")
    assert int(se[1]) == text.count("~") - 4  # ST..SE inclusive (ISA, GS, GE, IEA outside)


def test_money_and_numbers_are_plain_decimals():
    c = next(generate_claims("hh", 1))
    c.total_charge = Decimal("1E+3")
    c.lines[0].units = Decimal("1.50")
    segs = split(write_837([c]))
    assert next(s for s in segs if s[0] == "CLM")[2] == "1000"
    assert next(s for s in segs if s[0] == "SV2")[5] == "1.50"


# -- teleclaim write -------------------------------------------------------------------------------
def _jsonl(tmp_path, claims, name="claims.jsonl"):
    import json

    from teleclaim.model.jsonform import claim_to_json

    p = tmp_path / name
    if name.endswith(".jsonl"):
        p.write_text("\n".join(json.dumps(claim_to_json(c)) for c in claims) + "\n")
    else:
        p.write_text(json.dumps([claim_to_json(c) for c in claims], indent=1))
    return p


@pytest.mark.parametrize("name", ["claims.jsonl", "claims.json"])
def test_cli_write_json_lines_and_lists(tmp_path, capsys, name):
    from teleclaim.cli.main import main

    src = _jsonl(tmp_path, list(generate_claims("hh", 3)) + list(generate_claims("th", 2)), name)
    out = tmp_path / "out.837"
    assert main(["write", str(src), "-o", str(out)]) == 0
    assert "wrote 5 claims" in capsys.readouterr().out
    segs = split(out.read_text())
    assert not envelope_problems(segs) and sum(s[0] == "CLM" for s in segs) == 5
    assert main(["write", str(src), "-o", str(out), "--json", "--usage", "P"]) == 0
    assert '"written": 5' in capsys.readouterr().out
    assert split(out.read_text())[0][15] == "P"


def test_cli_write_single_pretty_object(tmp_path):
    import json

    from teleclaim.cli.main import main
    from teleclaim.model.jsonform import claim_to_json

    src = tmp_path / "one.json"
    src.write_text(json.dumps(claim_to_json(next(generate_claims("th", 1))), indent=2))
    assert main(["write", str(src), "-o", str(tmp_path / "o.837")]) == 0


def test_cli_write_errors_name_the_line_and_leave_no_file(tmp_path, capsys):
    from teleclaim.cli.main import main

    out = tmp_path / "out.837"
    src = _jsonl(tmp_path, list(generate_claims("hh", 3)))
    lines = src.read_text().splitlines()
    src.write_text("\n".join([lines[0], lines[1][:-5], lines[2]]) + "\n")
    assert main(["write", str(src), "-o", str(out)]) == 2
    assert f"{src}:2: not valid JSON" in capsys.readouterr().err and not out.exists()

    src.write_text("\n".join([lines[0], lines[1], lines[2].replace('"837I"', '"837X"')]) + "\n")
    assert main(["write", str(src), "-o", str(out)]) == 2
    assert f"{src}:3: claim field /kind" in capsys.readouterr().err and not out.exists()

    c = list(generate_claims("hh", 2))
    c[1].subscriber.first_name = "A~B"
    src = _jsonl(tmp_path, c)
    assert main(["write", str(src), "-o", str(out), "--json"]) == 2
    err = capsys.readouterr().out
    assert f"{src}:2: claim {c[1].claim_id}: subscriber.first_name" in err and '"separator_in_value"' in err
    assert not out.exists() and not list(tmp_path.glob(".out.837.*"))
    assert main(["write", str(tmp_path / "nope.jsonl"), "-o", str(out)]) == 2


def test_isa_date_and_time_are_kept_together_or_stamped_together():
    """`write` keeps a claim's ISA09 date and ISA10 time both, or stamps both (never a kept date
    with a new time); the GS and BHT times follow the ISA."""
    import dataclasses

    from teleclaim.x12.generate import generate_claims

    now = dt.datetime(2026, 12, 1, 17, 45)
    c = next(iter(generate_claims("hh", 1, seed=4)))
    kept = write_837([c], now=now).split("~")
    assert kept[0].split("*")[9:11] == ["261015", "0930"] and kept[1].split("*")[4:6] == ["20261015", "0930"]
    no_time = dataclasses.replace(c, envelope=dataclasses.replace(c.envelope, interchange_time=None))
    stamped = write_837([no_time], now=now).split("~")
    assert stamped[0].split("*")[9:11] == ["261201", "1745"] and stamped[1].split("*")[4:6] == ["20261201", "1745"]
    from teleclaim.x12 import read_claims

    back = read_claims(write_837([c], now=now).encode())[0].envelope
    assert (back.interchange_date, back.interchange_time) == (dt.date(2026, 10, 15), "0930")

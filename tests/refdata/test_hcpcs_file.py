"""The CMS HCPCS alpha-numeric file importer, its decode tables, and the lossy-CSV bench loader.

Synthetic fixtures live in tests/fixtures/hcpcs (written by make_fixtures.py there); the real CMS
files are read from ../shared when it is present beside the repository.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import lzma
import time
import zipfile
from pathlib import Path

import pytest

from teleclaim.errors import DataError
from teleclaim.refdata.decode import UNKNOWN, decode_admin
from teleclaim.refdata.hcpcs_file import parse_hcpcs_bytes, parse_hcpcs_file, record_to_entry

D = dt.date
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "hcpcs"
NEW = FIX / "HCPC2031_JUL_ANWEB_synthetic.txt"
OLD = FIX / "HCPC2019_ANWEB_w_disclaimer_synthetic.txt"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CMS = SHARED / "data" / "cms" / "hcpcs"


def _cms(name: str) -> Path:
    p = CMS / name
    if not p.is_file():
        pytest.skip(f"{p} is not present (../shared beside the repository)")
    return p


def _by_code(release):
    return {r.code: r for r in release.records}


def _error(path_or_bytes, name: str = "x.txt") -> DataError:
    with pytest.raises(DataError) as ei:
        if isinstance(path_or_bytes, bytes):
            parse_hcpcs_bytes(path_or_bytes, name)
        else:
            parse_hcpcs_file(path_or_bytes)
    e = ei.value
    assert e.code == "invalid_hcpcs_file"
    return e


# --------------------------------------------------------------------------------------------
# 2026 layout, synthetic


def test_2026_layout_records_and_release_from_file_name():
    rel = parse_hcpcs_file(NEW)
    assert (rel.release_id, rel.label, rel.effective) == ("HCPC2031_JUL", "July 2031", "2031-07-01")
    assert rel.source == NEW.name and len(rel.source_sha256) == 64
    assert [(r.kind, r.code) for r in rel.records] == [
        ("procedure", "Z9001"),
        ("procedure", "Z9002"),
        ("procedure", "Z9003"),
        ("modifier", "ZZ"),
    ]
    z1 = rel.records[0]
    assert z1.long_description == (
        "Synthetic test service delivered to a patient at home by a clinician using a "
        "live two-way video link, per visit"
    )
    assert z1.short_description == "Synth home svc two-way video"
    assert (z1.pricing, z1.multiple_pricing, z1.coverage, z1.betos, z1.tos) == (["13"], "A", "C", "Z2", ["1"])
    assert (z1.added, z1.action_effective, z1.termination, z1.action) == (D(2031, 1, 1), D(2031, 1, 1), None, "N")
    assert z1.anesthesia_units == 0 and z1.line == 1


def test_every_admin_field_is_cut_at_its_columns():
    z2 = _by_code(parse_hcpcs_file(NEW))["Z9002"]
    assert z2.pricing == ["11", "21"] and z2.multiple_pricing == "C"
    assert z2.cim == ["50-20"] and z2.mcm == ["2049"] and z2.statute == "1833(t)"
    assert z2.lab_cert == ["310", "400"] and z2.xref == ["Z9001", "Z9003"]
    assert (z2.coverage, z2.asc_group, z2.asc_effective) == ("D", "YY", D(2030, 4, 1))
    assert (z2.processing_note, z2.betos, z2.tos) == ("0082", "T1H", ["1", "5"])
    assert (z2.added, z2.termination, z2.action) == (D(2029, 1, 1), D(2031, 12, 31), "D")


def test_right_trimmed_first_line_has_no_admin_data():
    z3 = _by_code(parse_hcpcs_file(NEW))["Z9003"]
    assert z3.long_description == "Synthetic supply item, per unit"
    assert (z3.short_description, z3.pricing, z3.tos, z3.added, z3.action) == ("", [], [], None, None)


def test_modifier_with_two_continuation_lines():
    zz = _by_code(parse_hcpcs_file(NEW))["ZZ"]
    assert zz.kind == "modifier" and zz.short_description == "Synth audio-only modifier"
    assert zz.long_description == (
        "Synthetic modifier: service furnished entirely over an audio-only link when "
        "the patient has no video-capable device or declines video"
    )
    assert (zz.coverage, zz.added, zz.action, zz.pricing, zz.betos) == ("C", D(2031, 7, 1), "A", [], None)


def test_record_to_entry_shape():
    rel = parse_hcpcs_file(NEW)
    recs = _by_code(rel)
    e = record_to_entry(recs["Z9002"], rel)
    assert e["system"] == "hcpcs" and e["code"] == "Z9002" and e["origin"] == "hcpcs_file"
    assert e["name"] == "Synth lab panel w reading"
    assert (e["effective_from"], e["effective_to"]) == ("2029-01-01", "2031-12-31")
    assert e["official"] == {
        "long_description": "Synthetic laboratory panel with a professional reading, each",
        "short_description": "Synth lab panel w reading",
        "added": "2029-01-01",
        "action_effective": "2031-01-01",
        "termination": "2031-12-31",
        "action": "D",
    }
    assert e["admin"]["pricing"] == ["11", "21"] and e["admin"]["tos"] == ["1", "5"]
    assert e["admin"]["added"] == "2029-01-01" and e["admin"]["termination"] == "2031-12-31"
    assert e["search_codes"] == "Z9002" and e["search_synonyms"] == ""
    assert "professional reading" in e["search_body"] and "Synth lab panel" in e["search_body"]
    m = record_to_entry(recs["ZZ"], rel)
    assert m["system"] == "modifier" and m["code"] == "ZZ" and m["effective_to"] is None


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_any_line_ending_and_fully_right_trimmed_lines(tmp_path, ending):
    lines = NEW.read_text().splitlines()
    p = tmp_path / NEW.name
    p.write_bytes(ending.join(x.rstrip() for x in lines).encode())  # first lines end at 293
    a, b = parse_hcpcs_file(NEW), parse_hcpcs_file(p)
    assert [record_to_entry(r) for r in a.records] == [record_to_entry(r) for r in b.records]


def test_modifier_lines_without_their_leading_blanks(tmp_path):
    p = tmp_path / "HCPC2031_JUL_ANWEB_trimmed.txt"
    p.write_text("\n".join(x.lstrip() for x in NEW.read_text().splitlines()))
    zz = _by_code(parse_hcpcs_file(p))["ZZ"]
    assert zz.kind == "modifier" and zz.long_description.endswith("or declines video")
    assert zz.added == D(2031, 7, 1)


# --------------------------------------------------------------------------------------------
# 2020-style file: disclaimer, CRLF, cp1252


def test_2020_style_disclaimer_crlf_cp1252():
    assert b"\r\n" in OLD.read_bytes() and b"\x92" in OLD.read_bytes()  # cp1252 right quote
    rel = parse_hcpcs_file(OLD)
    assert (rel.release_id, rel.label, rel.effective) == ("HCPC2019", "2019", "2019-01-01")
    recs = _by_code(rel)
    assert list(recs) == ["YA", "YB", "Y0154", "Y0299"]
    assert recs["YA"].long_description == "Synthetic modifier for the caf\u00e9 clinic setting"
    assert recs["YA"].short_description == "Synth caf\u00e9 modifier"
    assert recs["YB"].long_description.endswith("need a second line of text after the first eighty characters")
    y = recs["Y0154"]
    assert y.long_description == (
        "Synthetic nursing visit by a licensed nurse in the patient\u2019s home, each 15 minutes"
    )
    assert (y.termination, y.action_effective) == (D(2016, 2, 29), D(2016, 3, 1))
    assert (y.betos, y.processing_note) == ("Y2", "0082")
    assert recs["Y0299"].added == D(2016, 1, 1) and recs["Y0154"].line == 9


def test_utf8_copy_of_the_same_file_reads_the_same(tmp_path):
    p = tmp_path / OLD.name
    p.write_bytes(OLD.read_bytes().decode("cp1252").encode("utf-8"))
    a, b = parse_hcpcs_file(OLD), parse_hcpcs_file(p)
    assert [r.long_description for r in a.records] == [r.long_description for r in b.records]


# --------------------------------------------------------------------------------------------
# The CMS zip


def test_zip_picks_the_anweb_text_file(tmp_path):
    z = tmp_path / "january-2031-alpha-numeric-hcpcs-file.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("HCPC2031_JUL_ANWEB_synthetic.pdf", b"%PDF-1.4 not a real pdf")
        zf.writestr("HCPC2031_JUL_ANWEB_synthetic.xlsx", b"PK\x03\x04 not a real workbook")
        zf.writestr("proc_notes_JUL2031.txt", "Note 0082: free text, not records\n")
        zf.writestr("HCPC2031_JUL_ANWEB_synthetic.txt", NEW.read_bytes())
    rel = parse_hcpcs_file(z)
    assert rel.member == "HCPC2031_JUL_ANWEB_synthetic.txt" and rel.source == z.name
    assert rel.release_id == "HCPC2031_JUL" and rel.effective == "2031-07-01"
    assert len(rel.records) == 4
    import hashlib

    assert rel.source_sha256 == hashlib.sha256(z.read_bytes()).hexdigest()


def test_zip_with_the_record_file_in_a_folder(tmp_path):
    z = tmp_path / "hcpcs.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("HCPC2019/readme.txt", "Read me first.\n")
        zf.writestr("HCPC2019/HCPC2019_ANWEB_w_disclaimer_synthetic.txt", OLD.read_bytes())
    rel = parse_hcpcs_file(z)
    assert rel.release_id == "HCPC2019" and [r.code for r in rel.records][:2] == ["YA", "YB"]


def test_zip_without_a_record_file_is_rejected(tmp_path):
    z = tmp_path / "HCPC2031_JUL.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("HCPC2031_JUL_ANWEB.pdf", b"%PDF-1.4")
        zf.writestr("readme.txt", "Read me first.\n")
    e = _error(z)
    assert "no fixed-width HCPCS record file" in e.message and "readme.txt" in e.message


# --------------------------------------------------------------------------------------------
# Broken files: one clear error naming file, line and field; never a skipped record


def test_bad_date_names_line_field_and_value():
    e = _error(FIX / "broken_bad_date.txt")
    assert (e.details["line"], e.details["field"], e.details["value"]) == (2, "added", "2031O1O1")
    assert e.details["file"] == "broken_bad_date.txt"
    assert "line 2" in e.message and "added" in e.message and "YYYYMMDD" in e.message
    assert "Use the unmodified CMS" in e.message  # says what to do


def test_orphan_continuation_is_an_error():
    e = _error(FIX / "broken_orphan_continuation.txt")
    assert (e.details["line"], e.details["field"], e.details["value"]) == (2, "code", "Z9103")
    assert "previous first line is procedure Z9101" in e.message


def test_unknown_record_id_is_an_error():
    e = _error(FIX / "broken_unknown_ric.txt")
    assert (e.details["line"], e.details["field"], e.details["value"]) == (3, "record id", "5")


def test_utf16_file_is_rejected(tmp_path):
    p = tmp_path / NEW.name
    p.write_bytes(NEW.read_text().encode("utf-16"))
    e = _error(p)
    assert e.details["field"] == "encoding" and "UTF-16" in e.message


def test_file_without_records_is_rejected():
    e = _error(b"Just a note\r\nwith no records at all\r\n")
    assert e.details["field"] == "records" and "no HCPCS records" in e.message


@pytest.mark.parametrize(
    ("col", "text", "field"),
    [
        (6, "00X00", "sequence"),
        (120, "1A", "pricing"),
        (266, " x1", "anesthesia_units"),
        (285, "20311341", "termination"),
        (1, "   ZZ", "code"),
    ],
)
def test_damaged_field_on_a_first_line(col, text, field):
    lines = NEW.read_text().splitlines()
    line = lines[2]
    lines[2] = line[: col - 1] + text + line[col - 1 + len(text) :]
    e = _error("\n".join(lines).encode(), NEW.name)
    assert e.details["line"] == 3 and e.details["field"] == field


def test_duplicate_first_line_is_an_error():
    lines = NEW.read_text().splitlines()
    e = _error("\n".join(lines + lines[:1]).encode(), NEW.name)
    assert e.details["line"] == 8 and "first line is line 1" in e.message


def test_error_serialises_in_the_common_shape():
    d = _error(FIX / "broken_bad_date.txt").to_dict()["error"]
    assert d["code"] == "invalid_hcpcs_file" and {"message", "file", "line", "field", "value"} <= set(d)


# --------------------------------------------------------------------------------------------
# Decode tables


def test_decode_admin_of_the_g0321_values():
    out = decode_admin(
        {
            "pricing": ["13"],
            "multiple_pricing": "A",
            "coverage": "C",
            "betos": "Z2",
            "action": "N",
            "tos": ["1"],
            "added": "2023-01-01",
        }
    )
    p = out["pricing"][0]
    assert p["value"] == "13" and "physician fee schedule" in p["group"]
    assert "lab" not in (p["meaning"] + p["group"]).lower() and "contractor" in p["meaning"]
    assert out["multiple_pricing"]["value"] == "A" and "one pricing method" in out["multiple_pricing"]["meaning"]
    assert "judgment" in out["coverage"]["meaning"]
    assert out["betos"]["value"] == "Z2" and "undefined" in out["betos"]["meaning"]
    assert "no change" in out["action"]["meaning"]
    assert out["tos"] == [{"value": "1", "meaning": "medical care"}]
    assert out["added"] == "2023-01-01"


def test_decode_tables_cover_the_layout_values():
    pricing = ["00", "11", "12", "13", "21", "22", *map(str, range(31, 41)), "45", "46", *map(str, range(51, 58)), "99"]
    assert all(x["meaning"] != UNKNOWN for x in decode_admin({"pricing": pricing})["pricing"])
    assert decode_admin({"pricing": ["21"]})["pricing"][0]["group"] == "clinical laboratory fee schedule"
    for key, values in {"multiple_pricing": "9ABCDEFG", "coverage": "CDIMS", "action": "ABCDFNPRST"}.items():
        for v in values:
            assert decode_admin({key: v})[key]["meaning"] != UNKNOWN, (key, v)
    tos = decode_admin({"tos": list("0123456789ADEFGJKLMNPQRSTUVW")})["tos"]
    assert all(t["meaning"] != UNKNOWN and "expired" not in t for t in tos)
    assert all(t.get("expired") is True for t in decode_admin({"tos": list("BCHIYZ")})["tos"])


def test_decode_betos_codes_and_families():
    b = decode_admin({"betos": "M5D"})["betos"]
    assert b["family"]["value"] == "M5" and "specialist" in b["meaning"]
    assert "office visit" in decode_admin({"betos": "M1A"})["betos"]["meaning"]
    fam_only = decode_admin({"betos": "P1Q"})["betos"]  # unknown subcategory: the family still decodes
    assert fam_only["family"]["value"] == "P1" and fam_only["meaning"] != UNKNOWN


def test_decode_unknown_values_and_pass_through():
    out = decode_admin(
        {
            "pricing": [77],
            "coverage": "Q",
            "tos": "X",
            "betos": "Q9",
            "termination": D(2016, 2, 29),
            "multiple_pricing": None,
        }
    )
    assert out["pricing"] == [{"value": "77", "meaning": UNKNOWN, "group": None}]
    assert out["coverage"]["meaning"] == UNKNOWN and out["tos"][0]["meaning"] == UNKNOWN
    assert out["betos"]["meaning"] == UNKNOWN
    assert out["termination"] == "2016-02-29" and out["multiple_pricing"] is None
    assert decode_admin({"pricing": [0]})["pricing"][0]["value"] == "00"


# --------------------------------------------------------------------------------------------
# The real CMS files in ../shared


def test_real_2026_excerpt():
    rel = parse_hcpcs_file(_cms("HCPC2026_JAN_ANWEB_01122026_EXCERPT_G0299-G0322.txt"))
    assert (rel.release_id, rel.effective) == ("HCPC2026_JAN", "2026-01-01")
    recs = _by_code(rel)
    assert list(recs) == ["G0299", "G0300", "G0320", "G0321", "G0322"]
    assert {c: recs[c].added for c in recs} == {
        "G0299": D(2015, 11, 2),
        "G0300": D(2015, 11, 2),
        "G0320": D(2023, 1, 1),
        "G0321": D(2023, 1, 1),
        "G0322": D(2023, 1, 1),
    }
    g = recs["G0321"]
    assert (g.pricing, g.multiple_pricing, g.coverage, g.betos, g.action, g.tos) == (["13"], "A", "C", "Z2", "N", ["1"])
    assert g.termination is None and g.short_description == "Audio-only hhs"
    assert g.long_description.endswith("audio-only telecommunications system")
    dec = decode_admin(record_to_entry(g, rel)["admin"])
    assert dec["pricing"][0]["value"] == "13" and "lab" not in dec["pricing"][0]["meaning"].lower()
    assert dec["betos"]["value"] == "Z2" and dec["added"] == "2023-01-01"


@pytest.fixture(scope="module")
def full_2020(tmp_path_factory):
    xz = _cms("HCPC2020_ANWEB_w_disclaimer.txt.xz")
    p = tmp_path_factory.mktemp("cms") / "HCPC2020_ANWEB_w_disclaimer.txt"
    p.write_bytes(lzma.decompress(xz.read_bytes()))
    t = time.perf_counter()
    rel = parse_hcpcs_file(p)
    return rel, time.perf_counter() - t


def test_real_2020_file(full_2020):
    rel, seconds = full_2020
    assert (rel.release_id, rel.label, rel.effective) == ("HCPC2020", "2020", "2020-01-01")
    procs = {r.code: r for r in rel.records if r.kind == "procedure"}
    mods = {r.code: r for r in rel.records if r.kind == "modifier"}
    assert len(procs) > 5000 and len(mods) > 100
    g154 = procs["G0154"]
    assert g154.termination == D(2016, 2, 29) and g154.added == D(1999, 7, 1)
    assert g154.long_description.endswith("home health or hospice setting, each 15 minutes")
    assert procs["G0299"].added == D(2015, 11, 2)  # the file's date; CMS billing start is 2016-01-01
    assert mods["A1"].long_description == "Dressing for one wound"
    e = record_to_entry(g154, rel)
    assert e["effective_to"] == "2016-02-29" and e["admin"]["betos"] == "Y2"
    assert seconds < 2.0, f"parsing the 2020 file took {seconds:.2f} s"


def test_real_2020_file_cp1252_header_is_skipped(full_2020):
    rel, _ = full_2020
    assert rel.records[0].line == 10 and rel.records[0].code == "A1"


# --------------------------------------------------------------------------------------------
# bench/load_lossy_csv.py


def _bench_loader():
    spec = importlib.util.spec_from_file_location(
        "load_lossy_csv", Path(__file__).resolve().parents[2] / "bench" / "load_lossy_csv.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_lossy_csv_loader_on_a_synthetic_csv(tmp_path):
    p = tmp_path / "lossy.csv"
    p.write_text(
        "Code,Description1,Description2,Type,Unknown1,Unknown2,Unknown3,Unknown4\n"
        "YB001007,Synthetic modifier with a second line,Synth modifier,,,C,,203101012031\n"
        "YB002008,and more text,,,,,,\n"
        "Z9001001003,Synthetic service delivered to a patient at home by a clinician using this vide,"  # 79 characters
        "oSynth home svc two-way video13      A,,,C,Z2,1      0203101012031\n"  # 'o' is the 80th
        "Z9001002004,live video,,,,,,\n"
        "Z9002001003,Synthetic lab panel,Synth lab panel             1121    C,140220.0,Z9001,DYY20300401,"
        "0082T1H,15     0202901012031\n"
    )
    entries = _bench_loader().load(p)
    by = {e["code"]: e for e in entries}
    assert by["YB"]["system"] == "modifier" and by["YB"]["official"]["long_description"].endswith("and more text")
    z = by["Z9001"]
    assert z["name"] == "Synth home svc two-way video" and z["effective_from"] == "2031-01-01"
    assert z["official"]["long_description"].endswith("clinician using this video live video")
    assert z["admin"]["pricing"] == ["13"] and z["admin"]["multiple_pricing"] == "A"
    assert (z["admin"]["coverage"], z["admin"]["betos"], z["admin"]["tos"]) == ("C", "Z2", ["1"])
    assert by["Z9002"]["admin"]["pricing"] == ["11", "21"] and by["Z9002"]["admin"]["tos"] == ["1", "5"]
    assert set(entries[0]) == set(record_to_entry(parse_hcpcs_file(NEW).records[0]))


def test_lossy_csv_loader_on_the_real_csv():
    csv_path = _cms("HCPC2025_OCT_ANWEB_derived_lossy.csv")
    stats: dict[str, int] = {}
    entries = _bench_loader().load(csv_path, stats)
    assert stats["rows"] == 16006 and stats["skipped"] == 0
    by = {(e["system"], e["code"]): e for e in entries}
    g = by["hcpcs", "G0321"]
    assert g["admin"]["pricing"] == ["13"] and g["admin"]["betos"] == "Z2" and g["effective_from"] == "2023-01-01"
    assert by["modifier", "Q5"]["system"] == "modifier"
    assert len([e for e in entries if e["system"] == "hcpcs"]) > 8000

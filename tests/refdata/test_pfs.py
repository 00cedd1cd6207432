"""PFS relative value releases: `teleclaim data import` of the CMS zip or its files, and dated look-ups."""

from __future__ import annotations

import datetime as dt
import json
import lzma
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from teleclaim.cli.main import main
from teleclaim.refdata.pfs import PfsIndex
from teleclaim.store import open_store

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "pfs"
FILES = ["PPRRVU24_JAN_synthetic.csv", "GPCI2024_synthetic.csv", "24LOCCO_synthetic.csv", "ZIP5_synthetic.txt"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def index() -> PfsIndex:
    return PfsIndex(open_store())


def make_zip(tmp_path: Path, name: str, *, extra: dict[str, bytes] | None = None, rvu: bytes | None = None) -> Path:
    z = tmp_path / name
    with zipfile.ZipFile(z, "w") as zf:
        for f in FILES:  # names inside the zip say nothing: content decides
            data = (FIX / f).read_bytes() if not (rvu and f.startswith("PPRRVU")) else rvu
            zf.writestr(f"member_{FILES.index(f)}.dat", data)
        for k, v in (extra or {}).items():
            zf.writestr(k, v)
    return z


def test_import_files_records_release_counts_and_factors(capsys, tmp_store):
    code, out, _ = run(capsys, "data", "import", *(str(FIX / f) for f in FILES), "--json")
    assert code == 0
    got = json.loads(out)
    assert got["release"] == "RVU24A" and got["effective"] == "2024-01-01"
    assert got["counts"] == {"rvu": 14, "gpci": 3, "locco": 3, "zip5": 4}
    assert got["cf"] == got["qp_cf"] == "32.7442"  # one factor before 2026
    idx = index()
    row = idx.row("99213", "", dt.date(2024, 3, 1))
    assert row.work == Decimal("1.30") and row.global_days == "XXX" and row.status == "A"
    assert idx.row("93000", "", dt.date(2024, 3, 1)).pe_f_na is True
    assert idx.row("93010", "26", dt.date(2024, 3, 1)).pctc == "1"
    assert idx.row("98000", "", dt.date(2024, 3, 1)).not_used_for_payment is True
    assert idx.gpci("1112", "54", dt.date(2024, 5, 1)).pe == Decimal("1.093")
    z = idx.locality_for_zip("93251", dt.date(2024, 5, 1))
    assert (z.carrier, z.locality, z.rural) == ("01112", "54", "R")
    assert [c.area for c in idx.counties(dt.date(2024, 5, 1))][-1] == "BAKERSFIELD"
    assert idx.has_code("99921", dt.date(2024, 5, 1)) is False and idx.has_code("G2211", dt.date(2024, 5, 1))


def test_cpt_descriptions_are_never_stored_level_two_are(capsys, tmp_store):
    assert run(capsys, "data", "import", str(FIX / FILES[0]))[0] == 0
    conn = sqlite3.connect(tmp_store)
    desc = dict(conn.execute("SELECT code, description FROM pfs_rvu"))
    assert desc["99213"] == "" and desc["0001F"] == ""
    assert desc["G2211"].startswith("Level II placeholder")


def test_without_release_no_answer_and_dates_before_first_release_say_so(capsys, tmp_store):
    assert index().has_code("99213", dt.date(2024, 3, 1)) is None
    assert run(capsys, "data", "import", str(FIX / FILES[0]))[0] == 0
    idx = index()
    assert idx.release_for(dt.date(2024, 6, 1)).note is None
    other = idx.release_for(dt.date(2023, 12, 31))  # no 2023 release: the nearest one, said
    assert other.id == "RVU24A" and other.other_year and "no PFS release of 2023" in other.note
    early = idx.release_for(dt.date(2024, 6, 1))
    assert early.id == "RVU24A"
    rel = idx.release_for(dt.date(2024, 1, 1))
    assert rel.id == "RVU24A" and rel.note is None


def test_zip_as_downloaded_revised_release_replaces_its_quarter(capsys, tmp_store, tmp_path):
    z = make_zip(
        tmp_path, "RVU24A.zip", extra={"RVU24A.pdf": b"%PDF-1.4\r\n\x00\xff\rnot, read\r\n", "ANES2024.csv": b"x,y\n"}
    )
    code, out, _ = run(capsys, "data", "import", str(z), "--json")
    got = json.loads(out)
    assert (
        code == 0
        and got["counts"]["rvu"] == 14
        and sorted(got["ignored"]) == ["RVU24A.zip!ANES2024.csv", "RVU24A.zip!RVU24A.pdf"]
    )
    revised = (FIX / FILES[0]).read_bytes().replace(b"99213,,placeholder,A,,1.30", b"99213,,placeholder,A,,1.31")
    zr = make_zip(tmp_path, "RVU24AR.zip", rvu=revised)
    code, out, _ = run(capsys, "data", "import", str(zr), "--json")
    got = json.loads(out)
    assert code == 0 and got["release"] == "RVU24A" and got["label"] == "RVU24AR" and got["replaced"] is True
    assert index().row("99213", "", dt.date(2024, 2, 1)).work == Decimal("1.31")
    code, out, _ = run(capsys, "data", "releases", "--json")
    pfs = [r for r in json.loads(out)["releases"] if r["kind"] == "pfs"]
    assert [(r["id"], r["label"]) for r in pfs] == [("RVU24A", "RVU24AR")]
    code, out, _ = run(capsys, "data", "remove", "RVU24AR", "--json")
    assert code == 0 and json.loads(out)["removed"] == "RVU24A"
    assert index().release_for(dt.date(2024, 2, 1)) is None


@pytest.mark.parametrize(
    "old,new,field",
    [
        (b"99213,,placeholder,A,", b"99213,,placeholder,AA,", "STATUS CODE"),
        (b"99213,,placeholder,A,,1.30", b"99213,,placeholder,A,,1.3O", "WORK RVU"),
        (b"99213,,", b"9921,,", "HCPCS"),
        (
            b"99213,,placeholder,A,,1.30,1.30,,0.55,,0.10,2.70,1.95,0,XXX",
            b"99213,,placeholder,A,,1.30,1.30,,0.55,,0.10,2.70,1.95,0,XYZ",
            "GLOB DAYS",
        ),
    ],
)
def test_malformed_rvu_file_names_file_line_field_and_keeps_what_was_loaded(
    capsys, tmp_store, tmp_path, old, new, field
):
    assert run(capsys, "data", "import", str(FIX / FILES[0]))[0] == 0
    data = (FIX / FILES[0]).read_bytes()
    assert old in data
    bad = tmp_path / "PPRRVU24_JAN.csv"
    bad.write_bytes(data.replace(old, new, 1))
    code, out, _ = run(capsys, "data", "import", str(bad), "--json")
    assert code == 2
    e = json.loads(out)["error"]
    line = data[: data.index(old)].count(b"\n") + 1
    assert e["file"] == "PPRRVU24_JAN.csv" and e["field"].startswith(field) and e["line"] == line
    assert index().row("99213", "", dt.date(2024, 2, 1)).work == Decimal("1.30")


def test_locality_file_alone_joins_the_loaded_release_or_says_what_to_import(capsys, tmp_store):
    code, out, _ = run(capsys, "data", "import", str(FIX / "GPCI2024_synthetic.csv"), "--json")
    assert code == 2 and "PPRRVU" in json.loads(out)["error"]["message"]
    run(capsys, "data", "import", str(FIX / FILES[0]))
    code, out, _ = run(capsys, "data", "import", str(FIX / "GPCI2024_synthetic.csv"), "--json")
    assert code == 0 and json.loads(out)["counts"]["gpci"] == 3


def test_real_cms_releases_import_with_their_counts(capsys, tmp_store, shared):
    d = shared / "data" / "pfs"
    code, out, _ = run(
        capsys,
        "data",
        "import",
        str(d / "rvu25d" / "PPRRVU2025_Oct.csv.xz"),
        str(d / "rvu25d" / "GPCI2025.csv"),
        str(d / "rvu25d" / "25LOCCO.csv"),
        str(d / "zip5_oct2025" / "ZIP5_OCT2025.txt.xz"),
        "--json",
    )
    got = json.loads(out)
    assert code == 0 and got["release"] == "RVU25D" and got["effective"] == "2025-10-01"
    assert got["counts"] == {"rvu": 19090, "gpci": 109, "locco": 110, "zip5": 42956}
    code, out, _ = run(capsys, "data", "import", str(d / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv.xz"), "--json")
    got = json.loads(out)
    assert code == 0 and got["release"] == "RVU26C" and got["counts"]["rvu"] == 19356
    assert (got["cf"], got["qp_cf"]) == ("33.4009", "33.5675")
    idx = index()
    r25 = idx.row("99213", "", dt.date(2025, 11, 3))
    r26 = idx.row("99213", "", dt.date(2026, 7, 15))
    assert (r25.work, r25.pe_nf, r25.pe_f, r25.mp) == tuple(map(Decimal, ("1.30", "1.35", "0.57", "0.10")))
    assert (r26.work, r26.pe_nf, r26.pe_f, r26.mp) == tuple(map(Decimal, ("1.30", "1.46", "0.33", "0.09")))
    assert idx.row("G2211", "", dt.date(2026, 7, 15)).global_days == "ZZZ"
    early = idx.release_for(dt.date(2026, 2, 1))
    assert early.id == "RVU26C" and "precedes" in early.note
    assert idx.locality_for_zip("93301", dt.date(2026, 8, 1)).locality == "54"
    conn = sqlite3.connect(tmp_store)
    assert (
        conn.execute("SELECT count(*) FROM pfs_rvu WHERE description != '' AND code GLOB '[0-9]*'").fetchone()[0] == 0
    )
    # a compressed copy of the original CSV is recognised too, whatever its name
    assert lzma.decompress((d / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv.xz").read_bytes())[:3] == b",,2"


def test_fixed_width_pprrvu_alone_is_refused_with_what_to_import_instead(capsys, tmp_store, tmp_path):
    txt = tmp_path / "PPRRVU24_JAN.txt"
    txt.write_text("HDR placeholder header\n" + ("99213  placeholder".ljust(57) + "A   1.30").ljust(200) + "\n")
    code, out, _ = run(capsys, "data", "import", str(txt), "--json")
    assert code == 2 and "PPRRVU*.csv" in json.loads(out)["error"]["message"]
    z = make_zip(tmp_path, "RVU24A.zip", extra={"PPRRVU24_JAN.txt": txt.read_bytes()})
    code, out, _ = run(capsys, "data", "import", str(z), "--json")
    assert code == 0 and "RVU24A.zip!PPRRVU24_JAN.txt" in json.loads(out)["ignored"]


def test_qp_and_non_qp_files_of_one_release_give_both_conversion_factors(capsys, tmp_store, tmp_path):
    src = (FIX / FILES[0]).read_bytes().replace(b"2024 National", b"2026 National")
    a, b = tmp_path / "one.csv", tmp_path / "two.csv"  # names say nothing: the known CY2026 factors tell them apart
    a.write_bytes(src.replace(b"32.7442", b"33.4009"))
    b.write_bytes(src.replace(b"32.7442", b"33.5675"))
    code, out, _ = run(capsys, "data", "import", str(b), str(a), "--json")
    got = json.loads(out)
    assert code == 0 and (got["release"], got["cf"], got["qp_cf"]) == ("RVU26A", "33.4009", "33.5675")
    assert got["counts"]["rvu"] == 14  # the lines once, not twice

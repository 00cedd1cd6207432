"""`teleclaim data import/releases/remove` as a biller loading quarterly CMS files would use them."""

from __future__ import annotations

import json
import lzma
import shutil

import pytest

import teleclaim
from teleclaim.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def excerpt_2026(shared, tmp_path):
    src = shared / "data/cms/hcpcs/HCPC2026_JAN_ANWEB_01122026_EXCERPT_G0299-G0322.txt"
    dst = tmp_path / "HCPC2026_JAN_ANWEB_01122026.txt"
    shutil.copy(src, dst)
    return dst


@pytest.fixture
def full_2020(shared, tmp_path):
    dst = tmp_path / "HCPC2020_ANWEB_w_disclaimer.txt"
    dst.write_bytes(lzma.decompress((shared / "data/cms/hcpcs/HCPC2020_ANWEB_w_disclaimer.txt.xz").read_bytes()))
    return dst


def test_import_list_lookup_remove(capsys, tmp_store, excerpt_2026):
    code, out, _ = run(capsys, "data", "import", str(excerpt_2026), "--json")
    assert code == 0, out
    res = json.loads(out)
    assert res["release"] == "HCPC2026_JAN" and res["procedures"] >= 5

    code, out, _ = run(capsys, "data", "releases", "--json")
    ids = [r["id"] for r in json.loads(out)["releases"]]
    assert "HCPC2026_JAN" in ids and "curated" in ids

    r = teleclaim.lookup("G0321")
    assert r["official"]["release"] == "HCPC2026_JAN"
    assert r["descriptions"]["plain"] and r["descriptions"]["long"]  # ours beside theirs
    assert r["validity_source"] == "curated"

    code, out, _ = run(capsys, "data", "remove", "HCPC2026_JAN")
    assert code == 0 and "Removed" in out
    assert teleclaim.lookup("G0321")["official"] is None


def test_curated_validity_wins_over_the_file_for_codes_we_curate(capsys, tmp_store, full_2020):
    code, out, err = run(capsys, "data", "import", str(full_2020))
    assert code == 0, err
    g0154 = teleclaim.lookup("G0154", on="2016-02-01")
    assert g0154["effective_to"] == "2015-12-31" and g0154["valid_on"] is False
    assert g0154["official"]["termination"] is not None  # the file's own date is shown beside


def test_codes_we_do_not_curate_follow_the_newest_release(capsys, tmp_store, full_2020):
    run(capsys, "data", "import", str(full_2020))
    r = teleclaim.lookup("A4206", on="2020-06-01")
    assert r["validity_source"].startswith("hcpcs release") and r["descriptions"]["short"]
    assert r["valid_on"] is True


def test_malformed_file_is_rejected_with_line_and_nothing_is_lost(capsys, tmp_store, excerpt_2026, tmp_path):
    assert run(capsys, "data", "import", str(excerpt_2026))[0] == 0
    bad = tmp_path / "HCPC2026_APR_ANWEB.txt"
    lines = excerpt_2026.read_text(encoding="cp1252").splitlines()
    broken = lines[0][:268] + "2026X301" + lines[0][276:]
    bad.write_text("\n".join([broken] + lines[1:]) + "\n", encoding="cp1252")
    code, out, err = run(capsys, "data", "import", str(bad), "--json")
    assert code == 2
    e = json.loads(out)["error"]
    assert e["line"] == 1 and "2026X301" in json.dumps(e)
    code, out, _ = run(capsys, "data", "releases", "--json")
    assert [r["id"] for r in json.loads(out)["releases"] if r["kind"] == "hcpcs"] == ["HCPC2026_JAN"]


def test_import_missing_file_exits_2(capsys, tmp_store, tmp_path):
    code, _, err = run(capsys, "data", "import", str(tmp_path / "nope.txt"))
    assert code == 2 and "not found" in err


def test_remove_unknown_release_exits_1(capsys, tmp_store):
    code, _, err = run(capsys, "data", "remove", "HCPC1999")
    assert code == 1 and "not loaded" in err


def test_compressed_copy_imports_as_is_and_a_broken_one_is_refused(capsys, tmp_store, shared, tmp_path):
    xz = shared / "data/cms/hcpcs/HCPC2020_ANWEB_w_disclaimer.txt.xz"
    code, out, err = run(capsys, "data", "import", str(xz), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["release"] == "HCPC2020" and res["procedures"] > 6000
    assert teleclaim.lookup("A0021")["official"]["release"] == "HCPC2020"

    broken = tmp_path / "HCPC2021_ANWEB.txt.xz"
    broken.write_bytes(xz.read_bytes()[:4000])
    code, out, err = run(capsys, "data", "import", str(broken))
    assert code == 2 and "cannot be unpacked" in err and "HCPC2021_ANWEB.txt.xz" in err
    code, out, _ = run(capsys, "data", "releases", "--json")
    assert [r["id"] for r in json.loads(out)["releases"]].count("HCPC2020") == 1  # nothing lost


def test_a_csv_table_is_named_as_such(capsys, tmp_store, tmp_path):
    p = tmp_path / "HCPC2025_OCT.csv"
    p.write_text("Code,Description1,Description2\nA1001007,Dressing,Dressing\n")
    code, out, err = run(capsys, "data", "import", str(p))
    assert code == 2 and "line 1" in err and "comma-separated" in err

"""The Medicare Telehealth Trends import (``data import``) and the practice beside the national share."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import line, prof, write  # noqa: E402

HEAD = (
    "Year,quarter,Bene_Geo_Desc,Bene_Mdcd_Mdcr_Enrl_Stus,Bene_Race_Desc,Bene_Sex_Desc,Bene_Mdcr_Entlmt_Stus,"
    "Bene_Age_Desc,Bene_RUCA_Desc,Total_Bene_TH_Elig,Total_PartB_Enrl,Total_Bene_Telehealth,Pct_Telehealth"
)


def row(year, q, geo, pct, ruca="All", age="All"):
    return f"{year},{q},{geo},All,All,All,All,{age},{ruca},1000,1200.5,{int(pct * 1000)},{pct}"


def trends_file(tmp_path: Path, rows: list[str], name: str = "TMEDTREND_PUBLIC_250827.csv") -> Path:
    p = tmp_path / name
    p.write_text("\r\n".join([HEAD, *rows]) + "\r\n", encoding="utf-8")
    return p


SYNTH = [
    row(2025, 1, "National", 0.1337),
    row(2025, 1, "Iowa", 0.0579),
    row(2025, 1, "New Hampshire", 0.09),
    row(2024, 4, "National", 0.1328),
    row(2024, 4, "Iowa", 0.06),
    row(2024, "Overall", "National", 0.2467),
    row(2025, 1, "National", 0.2, ruca="Rural"),
    row(2025, 1, "National", 0.3, age="0-64"),
    row(2025, 1, "Territories", 0.5),
    "2025,1,Missing Data,All,All,All,All,All,All,,,,",
]


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_data_import_recognises_the_trends_file_by_content(tmp_path, tmp_store, capsys):
    p = trends_file(tmp_path, SYNTH, name="whatever.csv")
    rc, out, _ = run(capsys, "data", "import", p, "--json")
    r = json.loads(out)
    assert rc == 0 and r["kind"] == "telehealth_trends" and r["rows"] == 6  # all-beneficiary US/state rows
    assert (r["first_quarter"], r["last_quarter"]) == ("2024Q4", "2025Q1")


@pytest.mark.parametrize("bad", ["inf", "nan", "-5", "1e999"])
def test_non_finite_or_negative_counts_are_refused(tmp_path, tmp_store, capsys, bad):
    p = trends_file(tmp_path, [SYNTH[0], f"2025,1,Iowa,All,All,All,All,All,All,{bad},1200,12,0.1"])
    rc, out, _ = run(capsys, "data", "import", p, "--json")
    assert rc == 2 and "line 3" in json.loads(out)["error"]["message"]


def test_a_malformed_row_is_refused_with_its_line_and_column(tmp_path, tmp_store, capsys):
    p = trends_file(tmp_path, [SYNTH[0], "2025,1,Iowa,All,All,All,All,All,All,1000,1200,12,zero point one"])
    rc, out, _ = run(capsys, "data", "import", p, "--json")
    err = json.loads(out)["error"]
    assert rc == 2 and "line 3" in err["message"] and "Pct_Telehealth" in err["message"]


def _medicare_claims():
    return [
        prof("C1", 1, [line(1, "99213", pos="10", date="2025-02-03")]),
        prof("C2", 2, [line(1, "99213", date="2025-02-04")], state="NH", zip_code="03101"),
        prof("C3", 3, [line(1, "99213", pos="10", date="2025-02-05")], filing="CI"),  # not Medicare
        prof("C4", 4, [line(1, "99213", pos="02", date="2026-03-02")]),
    ]


def test_months_with_medicare_claims_show_the_practice_beside_national_and_state_shares(tmp_path, tmp_store, capsys):
    run(capsys, "data", "import", trends_file(tmp_path, SYNTH))
    rc, out, _ = run(
        capsys, "report", "utilization", write(tmp_path, _medicare_claims()), "--json", "--as-of", "2026-04-01"
    )
    nat = json.loads(out)["national"]
    assert nat["release"] == "TMEDTREND_PUBLIC_250827" and nat["published"] == "2025-08-27"
    assert "denominators differ" in nat["note"]
    feb, mar = nat["months"]
    assert feb["month"] == "2025-02" and feb["quarter"] == "2025Q1" and feb["same_quarter"] is True
    assert (feb["practice_patients"], feb["practice_telehealth_patients"], feb["practice_share"]) == (2, 1, 0.5)
    assert feb["national_share"] == 0.1337
    assert feb["states"] == {"IA": {"patients": 1, "share": 0.0579}, "NH": {"patients": 1, "share": 0.09}}
    assert mar["month"] == "2026-03" and mar["quarter"] == "2025Q1" and mar["same_quarter"] is False
    rc, text, _ = run(capsys, "report", "utilization", write(tmp_path, _medicare_claims()), "--as-of", "2026-04-01")
    assert "latest published" in text and "denominators differ" in text


def test_without_an_imported_release_there_is_no_national_section(tmp_path, tmp_store, capsys):
    rc, out, _ = run(capsys, "report", "utilization", write(tmp_path, _medicare_claims()), "--json")
    assert "national" not in json.loads(out)


def test_the_cms_release_in_shared(shared, tmp_store, capsys):
    src = shared / "data" / "telehealth" / "TMEDTREND_PUBLIC_250827.csv.xz"
    if not src.is_file():
        pytest.skip("TMEDTREND file not in ../shared")
    rc, out, _ = run(capsys, "data", "import", src, "--json")
    r = json.loads(out)
    assert rc == 0 and r["release"] == "TMEDTREND_PUBLIC_250827" and r["last_quarter"] == "2025Q1"
    from teleclaim.store import open_store
    from teleclaim.store.trends import Trends

    meta, rows = Trends(open_store()).latest()
    by = {(y, q, g): s for y, q, g, _e, _t, s in rows}
    assert by[(2025, 1, "US")] == 0.1337 and by[(2025, 1, "IA")] == 0.0579 and by[(2024, 0, "US")] == 0.2467
    assert by[(2020, 0, "US")] == 0.4791 and by[(2025, 1, "DC")] is not None


def test_a_truncated_compressed_copy_is_refused_with_a_clear_error(tmp_path, tmp_store, capsys):
    import lzma

    data = lzma.compress(("\r\n".join([HEAD, *SYNTH * 200]) + "\r\n").encode())
    p = tmp_path / "TMEDTREND_PUBLIC_250827.csv.xz"
    p.write_bytes(data[: len(data) - 40])
    rc, out, _ = run(capsys, "data", "import", p, "--json")
    err = json.loads(out)["error"]
    assert rc == 2 and "cannot be unpacked" in err["message"], err


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n",'), max_size=8),
        min_size=0,
        max_size=14,
    )
)
def test_any_row_parses_or_is_refused_with_its_line(tmp_path, cells):
    from teleclaim.errors import DataError
    from teleclaim.refdata.telehealth_trends import parse_trends

    p = trends_file(tmp_path, [SYNTH[0], ",".join(cells)])
    try:
        rel = parse_trends(p)
    except DataError as exc:
        assert "line" in exc.message or "nothing to import" in exc.message
    else:
        assert rel.rows and rel.rows[0].geo == "US"

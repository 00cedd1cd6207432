"""The code page (web and API) shows Medicare PFS status, global days and RVUs once a release is imported."""

from __future__ import annotations

from pathlib import Path

PFS = Path(__file__).resolve().parents[1] / "fixtures" / "pfs" / "PPRRVU24_JAN_synthetic.csv"


def _import():
    from teleclaim.refdata.pfs import parse_pfs_paths
    from teleclaim.store import open_store
    from teleclaim.store.pfs import save_pfs

    save_pfs(open_store(), parse_pfs_paths([PFS]))


def test_code_page_and_api_show_pfs_facts_only_with_a_release(client, auth):
    html = client.get("/codes/99213?on=2024-03-01").text
    assert "Medicare PFS" not in html
    _import()
    html = client.get("/codes/99213?on=2024-03-01").text
    assert "Medicare PFS (RVU24A, effective 2024-01-01)" in html and "work 1.30" in html and "XXX" in html
    r = client.get("/v1/codes/G2211?on=2024-03-01", headers=auth)
    pfs = r.json()["pfs"]
    assert r.status_code == 200 and (pfs["status"], pfs["global_days"], pfs["rvus"]["work"]) == ("A", "ZZZ", "0.33")
    r = client.get("/v1/codes/99458?on=2024-03-01", headers=auth)  # curated code: PFS facts beside ours
    assert r.json()["pfs"]["rvus"]["pe_facility"] == "0.25"

"""The report with the real fee estimates (``teleclaim.fees`` through ``service.reports.fees_hook``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teleclaim.cli.main import main

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, prof, visit, write  # noqa: E402

pytest.importorskip("teleclaim.fees")


def run(capsys, *args):
    rc = main([str(a) for a in args])
    return rc, capsys.readouterr().out


def claims():
    return [
        hh("H1", 1, "329", "2026-03-01", [visit(), visit()], hipps="1FC31"),  # 2 visits, threshold 4: LUPA
        hh("H2", 2, "329", "2026-03-01", [visit(), visit(), visit()], hipps="1AA21"),  # threshold 3: not LUPA
        hh("H3", 3, "329", "2025-03-01", [visit()], hipps="1AA21"),  # no CY2025 table here: unknown
        prof("C1", 4, [line(1, "99213", pos="10", date="2026-07-02"), line(2, "99214", date="2026-07-03")]),
    ]


def test_lupa_periods_come_from_the_pdgm_table_and_estimates_stay_null_without_a_pfs_release(
    tmp_path, tmp_store, capsys
):
    rc, out = run(capsys, "report", "utilization", write(tmp_path, claims()), "--json", "--as-of", "2026-08-01")
    r = json.loads(out)
    assert rc == 0 and r["home_health"]["lupa_periods"] == 1
    by = {m["month"]: m for m in r["months"]}
    assert by["2026-03"]["home_health"]["lupa_periods"] == 1 and by["2025-03"]["home_health"]["lupa_periods"] is None
    assert by["2026-07"]["work_rvu"] is None and by["2026-07"]["estimated_allowed"] is None


def test_with_a_pfs_release_lines_carry_work_rvus_and_allowed_amounts_in_files_and_ledger(
    shared, tmp_path, tmp_store, capsys
):
    src = shared / "data" / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv.xz"
    if not src.is_file():
        pytest.skip("RVU26C not in ../shared")
    assert run(capsys, "data", "import", src)[0] == 0
    rc, out = run(
        capsys, "report", "utilization", write(tmp_path, claims()), "--json", "--record", "--as-of", "2026-08-01"
    )
    files = json.loads(out)
    jul = next(m for m in files["months"] if m["month"] == "2026-07")
    assert jul["work_rvu"] is not None and float(jul["work_rvu"]) > 1 and float(jul["estimated_allowed"]) > 50
    clin = {c["npi"]: c for c in files["clinicians"]}
    assert clin["1234567893"]["work_rvu"] == jul["work_rvu"]
    stored = json.loads(run(capsys, "report", "utilization", "--from-store", "--json")[1])
    for key in ("months", "home_health", "clinicians"):
        assert stored[key] == files[key], key

"""The ledger's SQL sums (``Ledger.aggregate``) give the same report as every record through the
Python pass, on generated claims (both kinds) and hand-made ones, with and without a date range."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, prof, visit, write  # noqa: E402


@pytest.fixture
def recorded(tmp_path, tmp_store):
    from teleclaim.service.reports import utilization_from_files
    from teleclaim.settings import load_settings
    from teleclaim.x12.generate import SUBMITTED, generate_x12

    files = []
    for kind in ("hh", "th"):
        p = tmp_path / f"{kind}.837"
        p.write_text(generate_x12(kind, 150, seed=3))
        files.append(p)
    files.append(
        write(
            tmp_path,
            [
                prof("C1", 1, [line(1, "99213", pos="10"), line(2, "99441", date=None)], statement_from="2025-01-31"),
                prof("C2", 2, [line(1, "99214", mods=("95", "GQ"))], rendering=None),
                hh("H1", 4, "329", "2025-02-01", [visit(), visit("G0320", "0580")]),
                hh("H1R", 4, "327", "2025-02-01", [visit()]),
                hh("N1", 5, "32A", "2025-02-01", []),
            ],
        )
    )
    utilization_from_files(files, load_settings(), as_of=SUBMITTED, record=True)
    return load_settings()


@pytest.mark.parametrize(
    "since,until",
    [
        (None, None),
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2026, 3, 2), None),
        (None, dt.date(2024, 12, 31)),
    ],
)
def test_sql_sums_equal_the_python_pass(recorded, since, until):
    from teleclaim.report.utilization import Utilization
    from teleclaim.service.reports import utilization_from_ledger
    from teleclaim.store import open_store
    from teleclaim.store.ledger import Ledger

    sql = utilization_from_ledger(recorded, since=since, until=until)
    util = Utilization(since, until)
    for rec in Ledger(open_store(recorded)).records(since, until):
        util.add(rec)
    py = util.result()
    assert sql["months"], "the range should hold claims"
    for key in ("months", "home_health", "clinicians", "findings"):
        assert sql[key] == py[key], key
    assert sql["source"]["claims"] == py["source"]["claims"]

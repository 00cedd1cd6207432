"""The shipped examples agree (JSON and CSV forms), and our compact table agrees with the secondary
list in ../shared where that list names members."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from teleclaim.credentials import RosterIndex, can_treat, read_roster
from teleclaim.credentials.compacts import default_compacts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_json_and_csv_examples_give_the_same_answers():
    a = RosterIndex(read_roster(EXAMPLES / "roster.json"))
    b = RosterIndex(read_roster(EXAMPLES / "roster.csv"))
    day = dt.date(2026, 3, 2)
    for npi in ("1234567893", "1245319599", "1316205081"):
        for st in ("TX", "CO", "PA", "AZ", "CA", "NJ"):
            x, y = can_treat(a, npi, st, day, payer="medicare"), can_treat(b, npi, st, day, payer="medicare")
            assert (x["allowed"], x["basis"], x["problems"]) == (y["allowed"], y["basis"], y["problems"]), (npi, st)


def test_compact_table_covers_the_members_of_the_shared_list(shared):
    with (shared / "data" / "licensure" / "compact_membership.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    names = {
        "NLC": "NLC",
        "PSYPACT": "PSYPACT",
        "OT Compact": "OT",
        "Counseling Compact": "Counseling",
        "ASLP-IC": "ASLP-IC",
    }
    c = default_compacts()
    missing = []
    for r in rows:
        comp = names.get(r["compact"])
        if comp is None or len(r["jurisdiction"]) != 2 or r["date_type"] in ("enacted", "effective"):
            continue
        m = c.membership(comp, r["jurisdiction"])
        want_member = r["status"].startswith(("operational", "active_member", "member", "partial"))
        if want_member and (m is None or m.status != "member"):
            missing.append((comp, r["jurisdiction"]))
        if not want_member and m is not None and m.status == "member":
            missing.append((comp, r["jurisdiction"], "should not be honoured"))
    assert not missing, missing

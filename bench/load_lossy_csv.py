"""Load the lossy Oct-2025 HCPCS CSV as store entries (same shape as ``record_to_entry``).

The CSV (``HCPC2025_OCT_ANWEB_derived_lossy.csv``) is the fixed-width record file cut at fixed
columns, each piece stripped, into ``Code,Description1,Description2,Type,Unknown1..4``:

  Code          columns 1-11: code + 5-digit sequence + record id (``G0321001003``); modifier
                lines lost their three leading blanks (``AB001007`` = AB, 00100, RIC 7)
  Description1  columns 12-90: long description, missing its 80th character ...
  Description2  ... which starts this field (column 91 on): short description, pricing (4 x 2),
                multiple pricing, CIM, MCM, statute
  Type          lab certification codes, run together and read as a number (``140220.0``)
  Unknown1      cross-references, run together
  Unknown2      coverage + ASC group + ASC date (``CYY20240701``)
  Unknown3      processing note + BETOS (``0133Y2``)
  Unknown4      TOS (5) + anesthesia units (3) + added date (8) + the year of the action date
                (``1      0202301012023``); termination date and action code are lost

Loading is lenient: rows that do not fit are skipped and counted (``load(path, stats=...)``).
Usage as a script: ``python bench/load_lossy_csv.py [CSV]`` prints counts and the load time.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import time
from pathlib import Path
from typing import Any

try:
    from teleclaim.refdata.hcpcs_file import HcpcsRecord, record_to_entry
except ImportError:  # pragma: no cover - run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from teleclaim.refdata.hcpcs_file import HcpcsRecord, record_to_entry

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/cms/hcpcs/HCPC2025_OCT_ANWEB_derived_lossy.csv"
_PRICED = re.compile(r"\d\d[\d ]{6}[0-9A-Z]")
_COVERAGE = re.compile(r"([CDIMS])?(?:(YY)(\d{8})?)?")
_BETOS = re.compile(r"(\d{4})?([A-Z]\d[A-Z]?)?")
_DATES = re.compile(r"(.*?)(\d{8})(\d{4}|\d{8})?")


def _date(s: str | None) -> dt.date | None:
    if not s or len(s) != 8:
        return None
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def _spill(d1: str, d2: str, procedure: bool) -> int:
    """1 when Description2 begins with the last character of the long description line."""
    if procedure:
        if _PRICED.match(d2, 28):
            return 0
        if _PRICED.match(d2, 29):
            return 1
    if len(d1) >= 77 and len(d2) > 1 and (d2[0] in ").,;:" or (d2[0].islower() and not d2[1].islower())):
        return 1
    return 0


def _first(code: str, kind: str, row: list[str]) -> tuple[HcpcsRecord, str]:
    d1, d2, lab, xref, cov, betos, tail = (row + [""] * 8)[1:8]
    off = _spill(d1, d2, kind == "procedure")
    first_line, d2 = d1 + d2[:off], d2[off:]
    rec = HcpcsRecord(kind=kind, code=code, long_description="", short_description=" ".join(d2[:28].split()))
    if kind == "procedure":
        rec.pricing = [p for p in (d2[28:30], d2[30:32], d2[32:34], d2[34:36]) if p.strip()]
        rec.multiple_pricing = d2[36:37].strip() or None
    if lab:
        digits = lab.split(".")[0]
        rec.lab_cert = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    if xref:
        w = 5 if len(xref) % 5 == 0 else 2 if kind == "modifier" and len(xref) % 2 == 0 else len(xref)
        rec.xref = [xref[i : i + w] for i in range(0, len(xref), w)]
    m = _COVERAGE.match(cov)
    if m:
        rec.coverage, rec.asc_group, rec.asc_effective = m.group(1), m.group(2), _date(m.group(3))
    m = _BETOS.fullmatch(betos)
    if m:
        rec.processing_note, rec.betos = m.group(1), m.group(2)
    m = _DATES.fullmatch(tail.rstrip())
    if m:
        prefix = m.group(1)
        tos, anes = (prefix[:5], prefix[5:8]) if len(prefix) >= 8 else (prefix.rstrip("0123456789 "), "")
        rec.tos = [c for c in tos if not c.isspace()]
        rec.anesthesia_units = int(anes) if anes.strip().isdigit() else None
        rec.added = _date(m.group(2))
        rec.action_effective = _date(m.group(3))
    return rec, first_line


def load(path: str | Path = DEFAULT, stats: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Entry dicts (system hcpcs/modifier) for every code of the CSV, long descriptions joined."""
    stats = stats if stats is not None else {}
    stats.update(rows=0, skipped=0, codes=0)
    recs: list[HcpcsRecord] = []
    parts: list[str] = []
    cur: HcpcsRecord | None = None

    def close() -> None:
        if cur is not None:
            cur.long_description = " ".join(" ".join(parts).split())

    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)  # header
        for row in reader:
            stats["rows"] += 1
            key = row[0].strip() if row else ""
            if len(key) == 11:
                code, ric = key[:5], key[10]
            elif len(key) == 8:
                code, ric = key[:2], key[7]
            else:
                stats["skipped"] += 1
                continue
            if ric in "37" and len(row) >= 2:
                close()
                cur, first_line = _first(code, "procedure" if ric == "3" else "modifier", row)
                parts = [first_line]
                recs.append(cur)
            elif ric in "48" and cur is not None and cur.code == code and len(row) >= 2:
                parts.append(row[1] + (row[2] if len(row) > 2 else ""))
            else:
                stats["skipped"] += 1
    close()
    stats["codes"] = len(recs)
    return [record_to_entry(r) for r in recs]


if __name__ == "__main__":
    p = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    t = time.perf_counter()
    st: dict[str, int] = {}
    entries = load(p, st)
    print(f"{len(entries)} entries from {st['rows']} rows ({st['skipped']} skipped) in {time.perf_counter() - t:.2f} s")

"""CMS "Medicare Telehealth Trends" (``TMEDTREND_PUBLIC_*.csv``, data.cms.gov, public domain).

``parse_trends(path)`` reads the CSV (plain, xz or gzip), recognised by its header (``Year, quarter,
Bene_Geo_Desc ... Pct_Telehealth``), and keeps what the utilization report compares with: the
rows for all beneficiaries (every demographic column ``All``), nationally (geo ``US``) and per
state (USPS code), per quarter (``0`` for CMS's ``Overall`` year row). ``Pct_Telehealth`` is CMS's
``Total_Bene_Telehealth / Total_Bene_TH_Elig``: beneficiaries with a telehealth service among Part B
fee-for-service beneficiaries who used a telehealth-eligible service, a different denominator from
a practice's patients seen. A malformed row is refused with its line number and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from teleclaim.errors import DataError
from teleclaim.refdata.geo import state_code

HEADER = (
    "Year",
    "quarter",
    "Bene_Geo_Desc",
    "Bene_Mdcd_Mdcr_Enrl_Stus",
    "Bene_Race_Desc",
    "Bene_Sex_Desc",
    "Bene_Mdcr_Entlmt_Stus",
    "Bene_Age_Desc",
    "Bene_RUCA_Desc",
    "Total_Bene_TH_Elig",
    "Total_PartB_Enrl",
    "Total_Bene_Telehealth",
    "Pct_Telehealth",
)
SOURCE = {
    "title": "CMS, Medicare Telehealth Trends (data.cms.gov)",
    "url": "https://data.cms.gov/summary-statistics-on-use-and-payments/medicare-service-type-reports/"
    "medicare-telehealth-trends",
}


@dataclass
class TrendRow:
    year: int
    quarter: int  # 1-4, 0 = the whole year
    geo: str  # "US" or a state code
    eligible: int | None
    telehealth: int | None
    share: float | None


@dataclass
class TrendsRelease:
    release_id: str
    source: str
    source_sha256: str
    published: str | None  # ISO date of the release, from the file name (TMEDTREND_PUBLIC_YYMMDD)
    rows: list[TrendRow] = field(default_factory=list)


def _raw(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:6] == b"\xfd7zXZ\x00":
        import lzma

        return lzma.decompress(data)
    if data[:2] == b"\x1f\x8b":
        import gzip

        return gzip.decompress(data)
    return data


def looks_like_trends(path: Path) -> bool:
    """True when the file's first line is the Telehealth Trends header (whatever the file is named).
    Reads the first few kilobytes only (unpacking just those of an xz or gzip copy); a file that
    cannot be read or unpacked is not one (its own importer says why)."""
    import gzip
    import lzma

    try:
        with path.open("rb") as fh:
            magic = fh.read(6)
        opener = lzma.open if magic == b"\xfd7zXZ\x00" else gzip.open if magic[:2] == b"\x1f\x8b" else open
        with opener(path, "rb") as fh:
            head = fh.read(4096)
    except (OSError, EOFError, ValueError, lzma.LZMAError):
        return False
    first = head.decode("utf-8-sig", "replace").splitlines()[0] if head else ""
    return [c.strip() for c in first.split(",")][:3] == list(HEADER[:3]) and "Pct_Telehealth" in first


@overload
def _num(v: str, kind: type[int], line: int, col: str, name: str) -> int | None: ...
@overload
def _num(v: str, kind: type[float], line: int, col: str, name: str) -> float | None: ...
def _num(v: str, kind: type, line: int, col: str, name: str) -> int | float | None:
    v = v.strip()
    if v == "":
        return None  # suppressed or not applicable
    try:
        x = float(v)
        if x != x or x in (float("inf"), float("-inf")) or x < 0:
            raise ValueError(v)
        return int(x) if kind is int else x
    except ValueError:
        raise DataError(
            f"{name}: line {line}, column {col}: {v!r} is not a number; the file is not a CMS "
            "Medicare Telehealth Trends file as published (re-download it).",
            file=name,
            line=line,
            column=col,
            value=v,
        ) from None


def parse_trends(path: Path) -> TrendsRelease:
    import lzma

    name = path.name
    try:
        raw = _raw(path)
        text = raw.decode("utf-8-sig")
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise DataError(
            f"{name}: the compressed file cannot be unpacked ({exc}); download it again.", file=name
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{name}: not UTF-8 text at byte {exc.start}; the Telehealth Trends CSV is UTF-8.", file=name
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header[: len(HEADER)]) != HEADER:
        raise DataError(
            f"{name}: line 1: the header is not that of the CMS Medicare Telehealth Trends file "
            f"(expected {', '.join(HEADER)}).",
            file=name,
            line=1,
        )
    base = re.sub(r"\.(csv)?(\.(xz|gz))?$", "", name, flags=re.IGNORECASE)
    m = re.search(r"TMEDTREND_PUBLIC_(\d{2})(\d{2})(\d{2})", base, re.IGNORECASE)
    published = None
    if m:
        try:
            published = dt.date(2000 + int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            published = None
    rel = TrendsRelease(
        release_id=base.upper() if m else f"TMEDTREND_{hashlib.sha256(raw).hexdigest()[:8]}",
        source=name,
        source_sha256=hashlib.sha256(raw).hexdigest(),
        published=published,
    )
    for i, row in enumerate(reader, start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < len(HEADER):
            raise DataError(f"{name}: line {i}: {len(row)} columns, expected {len(HEADER)}.", file=name, line=i)
        if any(row[k].strip() != "All" for k in range(3, 9)):
            continue
        geo_name = row[2].strip()
        geo = "US" if geo_name == "National" else state_code(geo_name)
        if geo is None:
            continue  # "Territories", "Missing Data"
        q = row[1].strip()
        if q not in ("1", "2", "3", "4", "Overall"):
            raise DataError(
                f"{name}: line {i}, column quarter: {q!r} is not 1-4 or Overall.",
                file=name,
                line=i,
                column="quarter",
                value=q,
            )
        rel.rows.append(
            TrendRow(
                year=int(_num(row[0], int, i, "Year", name) or 0),
                quarter=0 if q == "Overall" else int(q),
                geo=geo,
                eligible=_num(row[9], int, i, "Total_Bene_TH_Elig", name),
                telehealth=_num(row[11], int, i, "Total_Bene_Telehealth", name),
                share=_num(row[12], float, i, "Pct_Telehealth", name),
            )
        )
    if not rel.rows:
        raise DataError(f"{name}: no national or state rows for all beneficiaries; nothing to import.", file=name)
    return rel

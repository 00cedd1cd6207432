"""The CMS Order and Referring file: NPIs of practitioners eligible to order, refer or certify in
Medicare (enrolled as approved or opted out), with the programs they may order for.

The file is a CSV whose header is ``NPI,LAST_NAME,FIRST_NAME,PARTB,DME,HHA,PMD,HOSPICE`` (flags
``Y`` or empty). It carries no dates: judge by its release (the date in the file name, e.g.
``OrderReferring_20260219.csv``, else the day it was loaded). ``looks_like_order_referring(head)``
recognises it by its content; ``parse_order_referring(path)`` reads it (``DataError`` with line and
column on a bad row; nothing is stored then).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from teleclaim.errors import DataError
from teleclaim.text import digits

COLUMNS = ("NPI", "LAST_NAME", "FIRST_NAME", "PARTB", "DME", "HHA", "PMD", "HOSPICE")
FLAGS = ("partb", "dme", "hha", "pmd", "hospice")
SOURCE = (
    "CMS, Order and Referring data",
    "https://data.cms.gov/provider-characteristics/medicare-provider-supplier-enrollment/order-and-referring",
)


@dataclass
class OrderReferring:
    released: dt.date | None = None
    source: str | None = None
    sha256: str | None = None
    npis: dict[str, dict[str, bool | str]] = field(default_factory=dict)  # npi -> flags, last_name, first_name

    def may_certify_home_health(self, npi: str) -> bool:
        return bool(self.npis.get(npi, {}).get("hha"))


def looks_like_order_referring(head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    cols = [c.strip().strip('"').upper() for c in first.split(",")]
    return cols[:3] == ["NPI", "LAST_NAME", "FIRST_NAME"] and "HHA" in cols


def _release_from_name(name: str) -> dt.date | None:
    m = re.search(r"(20\d{2})[-_]?(\d{2})[-_]?(\d{2})", name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def parse_order_referring(path: Path, name: str | None = None) -> OrderReferring:
    name = name or str(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    header = [c.strip().upper() for c in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{name}: line 1: column(s) {', '.join(missing)} missing; the CMS Order and Referring file "
            f"has the columns {', '.join(COLUMNS)}.",
            code="invalid_data",
            file=name,
            line=1,
        )
    idx = {c: header.index(c) for c in COLUMNS}
    out = OrderReferring(
        released=_release_from_name(Path(name).name), source=Path(name).name, sha256=hashlib.sha256(raw).hexdigest()
    )
    for row in reader:
        if not any(x.strip() for x in row):
            continue
        line = reader.line_num
        if len(row) < len(header):
            raise DataError(
                f"{name}: line {line}: {len(row)} columns, the header has {len(header)}.",
                code="invalid_data",
                file=name,
                line=line,
            )
        npi = row[idx["NPI"]].strip()
        if not (len(npi) == 10 and digits(npi)):
            raise DataError(
                f"{name}: line {line}: column NPI {npi!r} is not 10 digits.",
                code="invalid_data",
                file=name,
                line=line,
                field="NPI",
                value=npi,
            )
        flags: dict[str, bool | str] = {}
        for f in FLAGS:
            v = row[idx[f.upper()]].strip().upper()
            if v not in ("Y", "N", ""):
                raise DataError(
                    f"{name}: line {line}: column {f.upper()} {v!r}: expected Y or empty.",
                    code="invalid_data",
                    file=name,
                    line=line,
                    field=f.upper(),
                    value=v,
                )
            flags[f] = v == "Y"
        flags["last_name"] = row[idx["LAST_NAME"]].strip()
        flags["first_name"] = row[idx["FIRST_NAME"]].strip()
        out.npis[npi] = flags
    return out

"""The CMS home health wage index file (CBSA -> wage index) as a dated release.

CMS publishes one file per calendar year ("CY 2026 Final HH PPS Wage Index"). ``parse_wage_index``
reads it as downloaded (the zip, or its .xlsx sheet, needing openpyxl) or a CSV copy (also xz/gzip),
recognised by its content: a header row naming a CBSA
column and a wage index column (other columns such as the area name are kept as the label). The
year comes from ``year=``, else from a "CY 2026"/"2026" in the title rows or the file name. The
release applies, as the HH PPS rates do, to periods whose Through date falls in that year.
Nothing is stored here (the store adapter does that); bad rows raise ``DataError`` naming file,
line, column and value.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import lzma
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from teleclaim.errors import DataError
from teleclaim.text import digits

ERROR_CODE = "invalid_wage_index_file"
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class WageIndexRelease:
    id: str
    year: int
    source: str
    source_sha256: str
    rows: dict[str, tuple[str, Decimal]] = field(default_factory=dict)  # cbsa -> (label, wage index)


def _norm(h: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", h.lower()).strip()


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    names = [_norm(h) for h in header]
    cbsa = next(
        (i for i, n in enumerate(names) if n.split()[:1] == ["cbsa"] and "name" not in n and "title" not in n), None
    )
    wi = [i for i, n in enumerate(names) if "wage index" in n or n == "wage_index" or n == "wi"]
    if cbsa is None or not wi:
        return None
    # prefer the final (capped) index when the file has several wage index columns
    pick = next((i for i in wi if "cap" in names[i] or "final" in names[i]), wi[-1])
    label = next(
        (
            i
            for i, n in enumerate(names)
            if i not in (cbsa, pick) and any(w in n for w in ("name", "label", "area", "title"))
        ),
        None,
    )
    return cbsa, pick, label


def _text(data: bytes, name: str) -> str:
    if data[:6] == b"\xfd7zXZ\x00":
        data = lzma.decompress(data)
    elif data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{name}: not a text file.", code=ERROR_CODE, file=name)


def _xlsx_rows(data: bytes, name: str, limit: int | None = None) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError:
        raise DataError(
            f"{name}: an Excel workbook; install the xlsx extra (`pip install teleclaim[xlsx]`, i.e. "
            "openpyxl) or save the sheet as CSV and import that.",
            code=ERROR_CODE,
            file=name,
        ) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise DataError(
            f"{name}: not a readable Excel workbook ({type(exc).__name__}).", code=ERROR_CODE, file=name
        ) from None
    ws = wb.worksheets[0]
    out = [
        [
            "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() and v > 100 else str(v))
            for v in row
        ]
        for row in ws.iter_rows(values_only=True, max_row=limit)
    ]
    wb.close()
    return out


def _rows(data: bytes, name: str, limit: int | None = None) -> tuple[list[list[str]], str]:
    """Rows of a CSV (plain, xz or gzip), an .xlsx workbook, or a zip holding one of them; and the
    name shown in messages (``zip:member``)."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "xl/workbook.xml" in names:
                return _xlsx_rows(data, name, limit), name
            members = [n for n in names if n.lower().endswith((".csv", ".txt", ".xlsx")) and not n.startswith("__")]
            for m in members:  # the member that has the CBSA and wage index columns
                head, _ = _rows(zf.read(m), f"{name}:{m}", 15)
                if any(r and _columns(r) for r in head):
                    return _rows(zf.read(m), f"{name}:{m}", limit)
        raise DataError(f"{name}: no member of the zip has a CBSA and a wage index column.", code=ERROR_CODE, file=name)
    text = _text(data, name)
    try:
        lines = text.splitlines()
        return list(csv.reader(lines[:limit] if limit else lines)), name
    except csv.Error as exc:
        raise DataError(
            f"{name}: not a CSV file ({exc}); give the CMS HH PPS wage index file (CSV, xlsx or its zip).",
            code=ERROR_CODE,
            file=name,
        ) from None


def sniff(data: bytes) -> bool:
    """True when the bytes look like a HH wage index file (a CBSA and a wage index column)."""
    if data[:4] == b"PK\x03\x04":
        try:
            rows, _ = _rows(data, "?", 15)
        except Exception:  # noqa: BLE001 - not ours
            return False
        return any(r and _columns(r) for r in rows[:15])
    try:
        text = _text(data[:65536] if data[:2] not in (b"\x1f\x8b",) and data[:6] != b"\xfd7zXZ\x00" else data, "?")
    except Exception:  # noqa: BLE001 - not ours
        return False
    try:
        for row in list(csv.reader(text.splitlines()[:15])):
            if row and _columns(row):
                return True
    except csv.Error:
        return False
    return False


def sniff_path(path: str | Path) -> bool:
    try:
        return sniff(Path(path).read_bytes())
    except OSError:
        return False


def parse_wage_index(path: str | Path, *, year: int | None = None, release_id: str | None = None) -> WageIndexRelease:
    p = Path(path)
    data = p.read_bytes()
    rows, name = _rows(data, p.name)
    found = next(((i, cols) for i, r in enumerate(rows[:15]) if r for cols in [_columns(r)] if cols), None)
    if found is None:
        raise DataError(
            f"{name}: no header row with a CBSA column and a wage index column in the first 15 "
            "lines; give the CMS HH PPS wage index file saved as CSV.",
            code=ERROR_CODE,
            file=name,
        )
    head, (cbsa_i, wi_i, label_i) = found
    if year is None:
        for src in [*(" ".join(r) for r in rows[:head]), name, " ".join(rows[head])]:
            m = _YEAR.search(src)
            if m:
                year = int(m.group(1))
                break
    if year is None:
        raise DataError(
            f"{name}: the file does not say which calendar year it is for; pass --effective with the year's first day (e.g. 2026-01-01).",
            code=ERROR_CODE,
            file=name,
        )
    rel = WageIndexRelease(
        id=release_id or f"HHWI{year}", year=year, source=name, source_sha256=hashlib.sha256(data).hexdigest()
    )
    for no, r in enumerate(rows[head + 1 :], head + 2):
        if not r or not any(c.strip() for c in r):
            continue
        raw_cbsa = r[cbsa_i].strip() if cbsa_i < len(r) else ""
        raw_wi = r[wi_i].strip() if wi_i < len(r) else ""
        if not raw_cbsa and not raw_wi:
            continue
        cbsa = raw_cbsa.split(".")[0].zfill(5)
        if not digits(cbsa) or len(cbsa) != 5:
            raise DataError(
                f"{name}: line {no}, column CBSA: {raw_cbsa!r} is not a 5-digit CBSA code.",
                code=ERROR_CODE,
                file=name,
                line=no,
                field="cbsa",
                value=raw_cbsa,
            )
        try:
            wi = Decimal(raw_wi)
        except InvalidOperation:
            raise DataError(
                f"{name}: line {no}, column wage index: {raw_wi!r} is not a number.",
                code=ERROR_CODE,
                file=name,
                line=no,
                field="wage_index",
                value=raw_wi,
            ) from None
        if not (Decimal("0.1") < wi < Decimal("5")):
            raise DataError(
                f"{name}: line {no}, column wage index: {raw_wi} is outside any plausible wage index (0.1-5).",
                code=ERROR_CODE,
                file=name,
                line=no,
                field="wage_index",
                value=raw_wi,
            )
        label = r[label_i].strip() if label_i is not None and label_i < len(r) else ""
        rel.rows[cbsa] = (label, wi)
    if not rel.rows:
        raise DataError(f"{name}: no wage index rows after the header.", code=ERROR_CODE, file=name)
    return rel

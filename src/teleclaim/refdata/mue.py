"""The CMS practitioner services MUE table (Medically Unlikely Edits), as CMS publishes it (CSV).

``parse_mue(path)`` reads the CSV (or an xz/gzip copy, or the zip holding it), recognised by its
header row ``HCPCS/CPT Code, Practitioner Services MUE Values, MUE Adjudication Indicator, MUE
Rationale`` (the copyright lines above it are skipped, never stored), and returns one
``UnitLimit`` per code: MUE value, MAI (1 per line, 2/3 per date of service) and rationale. The
effective date comes from the caller (``--effective``) or a date printed above the header.
Malformed rows raise ``DataError`` naming the file, line, field and value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from teleclaim.errors import DataError
from teleclaim.refdata.code_sets import UnitLimit, limit_from_mai
from teleclaim.refdata.pfs import _decompress
from teleclaim.text import digits

ERROR_CODE = "invalid_mue_file"
_FIX = "Use the unmodified CMS practitioner services MUE table (CSV), or correct that line."
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class MueTable:
    name: str
    effective: dt.date
    limits: list[UnitLimit]


def _header_index(rows: list[list[str]]) -> int | None:
    for i, r in enumerate(rows[:40]):
        cells = [c.strip().upper() for c in r]
        if (
            cells
            and cells[0].startswith("HCPCS")
            and any("MUE" in c for c in cells[1:])
            and any("ADJUDICATION" in c for c in cells)
        ):
            return i
    return None


def sniff_mue(data: bytes) -> bool:
    text = data[:8192].decode("latin-1", errors="replace")
    try:
        return _header_index(list(csv.reader(text.splitlines()[:40]))) is not None
    except csv.Error:
        return False  # not CSV at all (a PDF, a spreadsheet)


def _read(path: Path) -> tuple[str, bytes]:
    try:
        data = _decompress(path.name, path.read_bytes())
    except OSError as exc:
        raise DataError(
            f"{path}: cannot read the file ({exc.strerror or exc}).", code=ERROR_CODE, file=str(path)
        ) from None
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for n in zf.namelist():
                body = _decompress(n, zf.read(n))
                if sniff_mue(body):
                    return f"{path.name}!{n}", body
        raise DataError(f"{path.name}: no MUE table (CSV) in the zip. {_FIX}", code=ERROR_CODE, file=path.name)
    return path.name, data


def sniff_mue_path(path: Path) -> bool:
    try:
        return sniff_mue(_read(path)[1])
    except (DataError, OSError, zipfile.BadZipFile):
        return False


def parse_mue(path: str | Path, *, effective: dt.date | None = None) -> MueTable:
    name, data = _read(Path(path))
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError(
            f"{name}, line {reader.line_num}: not readable CSV ({exc}). {_FIX}",
            code=ERROR_CODE,
            file=name,
            line=reader.line_num,
        ) from None
    hdr = _header_index(rows)
    if hdr is None:
        raise DataError(
            f"{name}: no MUE header row (HCPCS/CPT Code, ... MUE Values, MUE Adjudication Indicator, "
            f"MUE Rationale). {_FIX}",
            code=ERROR_CODE,
            file=name,
        )
    if effective is None:
        m = _DATE.search(" ".join(" ".join(r) for r in rows[:hdr]))
        if m is None:
            raise DataError(
                f"{name}: the table does not print its effective date; pass --effective YYYY-MM-DD.",
                code=ERROR_CODE,
                file=name,
                field="effective",
            )
        effective = dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    out = []
    for i in range(hdr + 1, len(rows)):
        r = rows[i]
        if not r or not r[0].strip():
            continue
        line = i + 1
        code = r[0].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{5}", code):
            raise _fail(name, line, "HCPCS/CPT Code", code, "is not a 5-character code")
        value = r[1].strip() if len(r) > 1 else ""
        if not digits(value):
            raise _fail(name, line, "MUE Values", value, "is not a whole number")
        mai = (r[2].strip() if len(r) > 2 else "")[:1]
        if mai not in ("1", "2", "3"):
            raise _fail(
                name, line, "MUE Adjudication Indicator", r[2] if len(r) > 2 else "", "must start with 1, 2 or 3"
            )
        out.append(
            limit_from_mai(
                code,
                int(value),
                mai,
                start=effective,
                end=None,
                rationale=(r[3].strip() if len(r) > 3 else ""),
                source=f"CMS MUE table {name}",
                confidence="V",
            )
        )
    if not out:
        raise DataError(f"{name}: the MUE table has no rows. {_FIX}", code=ERROR_CODE, file=name)
    return MueTable(name=name, effective=effective, limits=out)


def _fail(name: str, line: int, fld: str, value: str, why: str) -> DataError:
    return DataError(
        f"{name}, line {line}, field {fld}: {value!r} {why}. {_FIX}",
        code=ERROR_CODE,
        file=name,
        line=line,
        field=fld,
        value=value,
    )

"""Importer for the CMS HCPCS Level II alpha-numeric file (the fixed-width "ANWEB" record file).

``parse_hcpcs_file(path)`` reads the text file as CMS publishes it, or the zip that carries it,
and returns an ``HcpcsRelease`` with one ``HcpcsRecord`` per procedure or modifier code;
``record_to_entry(rec, release)`` turns a record into the dict the store indexes.

Record layout (columns are 1-based and inclusive; the same in the 2020 and the 2026 files)::

    1-5    code (procedure); on modifier lines 1-3 are blank and 4-5 hold the modifier
    6-10   sequence number (00100, 00200, ... within one code)
    11     record id (RIC): 3 procedure first line, 4 its continuation,
                            7 modifier first line,  8 its continuation
    12-91  long description (continued on RIC 4/8 lines; joined with single spaces)
    92-119 short description        120-127 pricing indicators (4 x 2)   128 multiple pricing
    129-146 CIM refs (3 x 6)        147-170 MCM refs (3 x 8)             171-180 statute
    181-204 lab certification (8 x 3)  205-229 cross-references (5 x 5)   230 coverage
    231-232 ASC group  233-240 ASC date  241-252 MOG fields  253-256 processing note
    257-259 BETOS  260 filler  261-265 TOS (5 x 1)  266-268 anesthesia base units
    269-276 added  277-284 action effective  285-292 termination  293 action  294-320 filler

Tolerated: any line ending, cp1252 or UTF-8 text, lines right-trimmed anywhere (continuation
lines are often 91 characters long), a disclaimer paragraph before the first record, blank
lines, and modifier lines whose three leading blanks were stripped (``A1001007...``, as in
spreadsheet exports). Everything else that is not a valid record raises ``DataError`` naming
the file, the 1-based line, the field and the value: no record line is ever skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teleclaim.errors import DataError
from teleclaim.text import digits

ERROR_CODE = "invalid_hcpcs_file"
RECORD_WIDTH = 320
_FIX = (
    "Use the unmodified CMS HCPCS alpha-numeric file (the fixed-width ANWEB .txt, or the zip "
    "it comes in) from the CMS HCPCS release page, or correct that line."
)

# A line that has the shape of a record: a code (5 characters, or 3 blanks + a 2-character
# modifier), a 5-digit sequence number and one record-id character.
_RECORD_SHAPE = re.compile(r"(?:[A-Z0-9]{5}| {3}[A-Z0-9]{2})\d{5}\S")
# A modifier line whose three leading blanks were stripped: modifier, sequence, RIC 7 or 8.
_TRIMMED_MODIFIER = re.compile(r"[A-Z0-9]{2}\d{5}[78]")
_CODE = re.compile(r"[A-Z0-9]{5}")
_MODIFIER = re.compile(r" {3}[A-Z0-9]{2}")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_RELEASE_NAME = re.compile(r"HCPC(\d{4})(?:_([A-Z]{3,9}))?", re.IGNORECASE)

# (field name, first column, last column) of the date fields, 1-based inclusive.
_DATES = (("asc_effective", 233, 240), ("added", 269, 276), ("action_effective", 277, 284), ("termination", 285, 292))


@dataclass(slots=True)
class HcpcsRecord:
    """One procedure or modifier code of the file, its continuation lines merged in."""

    kind: str  # "procedure" | "modifier"
    code: str
    long_description: str
    short_description: str = ""
    pricing: list[str] = field(default_factory=list)
    multiple_pricing: str | None = None
    coverage: str | None = None
    betos: str | None = None
    tos: list[str] = field(default_factory=list)
    asc_group: str | None = None
    asc_effective: dt.date | None = None
    anesthesia_units: int | None = None
    added: dt.date | None = None
    action_effective: dt.date | None = None
    termination: dt.date | None = None
    action: str | None = None
    lab_cert: list[str] = field(default_factory=list)
    xref: list[str] = field(default_factory=list)
    statute: str | None = None
    cim: list[str] = field(default_factory=list)
    mcm: list[str] = field(default_factory=list)
    processing_note: str | None = None
    line: int = 0  # 1-based line of the record's first line in the source file


@dataclass
class HcpcsRelease:
    """A parsed file: where it came from, when it takes effect, and its records in file order."""

    release_id: str
    label: str
    source: str
    source_sha256: str
    effective: str | None
    records: list[HcpcsRecord] = field(default_factory=list)
    member: str | None = None  # the record file's name inside the zip, when read from a zip


# --------------------------------------------------------------------------------------------
# Public entry points


def parse_hcpcs_file(path: str | Path) -> HcpcsRelease:
    """Parse the CMS alpha-numeric HCPCS file: the fixed-width .txt, the CMS zip holding it, or an
    xz/gzip-compressed copy of either."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(
            f"{path}: cannot read the HCPCS file ({exc.strerror or exc}).", code=ERROR_CODE, file=str(path)
        ) from None
    sha = hashlib.sha256(data).hexdigest()
    name = path.name
    if data[:6] == b"\xfd7zXZ\x00" or data[:2] == b"\x1f\x8b":
        # A copy kept compressed (xz or gzip, e.g. HCPC2020_ANWEB.txt.xz): read the text inside;
        # the release comes from the name without the compression suffix.
        data = _decompress(path.name, data)
        name = re.sub(r"\.(xz|gz)$", "", name, flags=re.IGNORECASE)
    if data[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(data)):
        member, data = _read_zip_member(path.name, data)
        release = parse_hcpcs_bytes(data, member, display=f"{path.name}!{member}")
        release.member = member
        # The record file's name usually carries the release (HCPC2026_JAN_ANWEB_...); if only the
        # zip's name does, take it from there.
        if not _RELEASE_NAME.search(Path(member).name) and (
            _RELEASE_NAME.search(path.name) or release.effective is None
        ):
            release.release_id, release.label, release.effective = _release_names(path.name)
    else:
        release = parse_hcpcs_bytes(data, name, display=path.name)
    release.source = path.name
    release.source_sha256 = sha
    return release


def parse_hcpcs_bytes(data: bytes, name: str, *, display: str | None = None) -> HcpcsRelease:
    """Parse the bytes of a fixed-width record file; ``name`` is its file name (gives the release)."""
    shown = display or name
    text = _decode(data, shown)
    records = _parse_text(text, shown)
    release_id, label, effective = _release_names(name)
    return HcpcsRelease(
        release_id=release_id,
        label=label,
        source=name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        effective=effective,
        records=records,
    )


def record_to_entry(rec: HcpcsRecord, release: HcpcsRelease | None = None) -> dict[str, Any]:
    """The dict the store indexes for one record (all dates as ISO strings or None)."""
    added, action_eff, term = _iso(rec.added), _iso(rec.action_effective), _iso(rec.termination)
    return {
        "system": "hcpcs" if rec.kind == "procedure" else "modifier",
        "code": rec.code,
        "name": rec.short_description or rec.long_description,
        "origin": "hcpcs_file",
        "effective_from": added,
        "effective_to": term,
        "official": {
            "long_description": rec.long_description,
            "short_description": rec.short_description,
            "added": added,
            "action_effective": action_eff,
            "termination": term,
            "action": rec.action,
        },
        "admin": {
            "pricing": list(rec.pricing),
            "multiple_pricing": rec.multiple_pricing,
            "coverage": rec.coverage,
            "betos": rec.betos,
            "tos": list(rec.tos),
            "added": added,
            "action": rec.action,
            "action_effective": action_eff,
            "termination": term,
        },
        "search_codes": rec.code,
        "search_synonyms": "",
        "search_body": f"{rec.long_description} {rec.short_description}".strip(),
    }


# --------------------------------------------------------------------------------------------
# File name → release id, label, effective date


def _release_names(name: str) -> tuple[str, str, str | None]:
    """("HCPC2026_JAN", "January 2026", "2026-01-01") from HCPC2026_JAN_ANWEB_01122026.txt."""
    stem = Path(name).stem
    m = _RELEASE_NAME.search(stem)
    if m:
        year = int(m.group(1))
        month = _month(m.group(2))
        if month:
            rid = f"HCPC{year}_{m.group(2).upper()[:3]}"
            return rid, f"{_MONTH_NAMES[month - 1]} {year}", f"{year:04d}-{month:02d}-01"
        return f"HCPC{year}", str(year), f"{year:04d}-01-01"
    # Other names (e.g. CMS's "january-2026-alpha-numeric-hcpcs-file.zip"): id is the stem.
    y = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", stem)
    if not y:
        return stem, stem, None
    year = int(y.group(1))
    month = next(
        (i + 1 for i, mon in enumerate(_MONTHS) if re.search(rf"(?<![A-Za-z]){mon}", stem, re.IGNORECASE)), None
    )
    if month:
        return stem, f"{_MONTH_NAMES[month - 1]} {year}", f"{year:04d}-{month:02d}-01"
    return stem, str(year), f"{year:04d}-01-01"


def _month(token: str | None) -> int | None:
    if not token:
        return None
    t = token.upper()
    for i, mon in enumerate(_MONTHS):
        if t == mon or (len(t) > 3 and _MONTH_NAMES[i].upper() == t):
            return i + 1
    return None


# --------------------------------------------------------------------------------------------
# Bytes → text


def _decode(data: bytes, shown: str) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(b"\x00") > len(head) // 8):
        raise DataError(
            f"{shown}: the file is UTF-16 (or another wide encoding); the CMS record file is plain "
            "8-bit text. Use the original file from CMS, or save it again as ANSI/UTF-8 text.",
            code=ERROR_CODE,
            file=shown,
            line=1,
            field="encoding",
            value="UTF-16",
        )
    if head.startswith(b"%PDF"):
        raise DataError(
            f"{shown}: this is a PDF, not the fixed-width HCPCS record file. {_FIX}",
            code=ERROR_CODE,
            file=shown,
            line=1,
            field="format",
            value="PDF",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DataError(
                f"{shown}, line {line}: byte 0x{data[exc.start]:02X} is neither UTF-8 nor cp1252 text; "
                f"the file is damaged or not a text file. {_FIX}",
                code=ERROR_CODE,
                file=shown,
                line=line,
                field="encoding",
                value=f"0x{data[exc.start]:02X}",
            ) from None
    return text.rstrip("\x1a")  # a DOS end-of-file mark, if any


# --------------------------------------------------------------------------------------------
# Zip → the record file inside


def _decompress(name: str, data: bytes) -> bytes:
    import gzip
    import lzma

    try:
        return lzma.decompress(data) if data[:1] == b"\xfd" else gzip.decompress(data)
    except (lzma.LZMAError, OSError, EOFError) as exc:
        raise DataError(
            f"{name}: the compressed file cannot be unpacked ({exc}). Download it again, "
            "or unpack it yourself and import the .txt.",
            code=ERROR_CODE,
            file=name,
        ) from None


def _read_zip_member(zip_name: str, data: bytes) -> tuple[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(
            f"{zip_name}: the zip cannot be opened ({exc}). Download it again from CMS.", code=ERROR_CODE, file=zip_name
        ) from None
    txts = [n for n in names if n.lower().endswith(".txt") and "__macosx" not in n.lower()]
    # ANWEB-named text files first (largest first), then any other text file that holds records.
    candidates = sorted(txts, key=lambda n: ("anweb" not in Path(n).name.lower(), -zf.getinfo(n).file_size))
    with zf:
        for n in candidates:
            if _looks_like_records(zf, n):
                return n, zf.read(n)
    raise DataError(
        f"{zip_name}: no fixed-width HCPCS record file (a .txt named like HCPC2026_JAN_ANWEB_....txt) "
        f"in the zip; it holds: {', '.join(names) or 'nothing'}. Use the alpha-numeric HCPCS zip from CMS, "
        "or pass the .txt file itself.",
        code=ERROR_CODE,
        file=zip_name,
        field="zip member",
        value=", ".join(names[:20]),
    )


def _looks_like_records(zf: zipfile.ZipFile, name: str) -> bool:
    with zf.open(name) as fh:
        head = fh.read(64 * 1024)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # let the parser report the encoding
    text = head.decode("cp1252", errors="replace")
    return any(_is_record_shape(line) for line in re.split(r"\r\n|\r|\n", text)[:200])


def _is_record_shape(line: str) -> bool:
    return bool(_RECORD_SHAPE.match(line) or _TRIMMED_MODIFIER.match(line))


# --------------------------------------------------------------------------------------------
# Text → records


def _fail(shown: str, line: int, fld: str, value: Any, why: str) -> DataError:
    return DataError(
        f"{shown}, line {line}, field {fld} = {str(value)!r}: {why} {_FIX}",
        code=ERROR_CODE,
        file=shown,
        line=line,
        field=fld,
        value=str(value),
    )


def _parse_text(text: str, shown: str) -> list[HcpcsRecord]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    records: list[HcpcsRecord] = []
    seen: dict[tuple[str, str], int] = {}
    cur: HcpcsRecord | None = None
    parts: list[str] = []
    in_header = True
    first = next((ln for ln in lines if ln.strip()), "")
    if first.count(",") >= 2 and first.split(",", 1)[0].strip().lower() in ("code", "hcpc", "hcpcs"):
        raise _fail(
            shown,
            1,
            "header",
            first[:40],
            "this is a comma-separated table, not the fixed-width record file teleclaim imports.",
        )
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if in_header:
            if not _is_record_shape(line):
                if re.match(r"[A-Z]\d{4}\d{5}|   [A-Z0-9]{2}\d{5}", line):
                    raise _fail(
                        shown,
                        no,
                        "record id",
                        line[10:11],
                        "this line starts like a record but column 11 holds no record id.",
                    )
                continue  # disclaimer or title text before the first record
            in_header = False
        if _TRIMMED_MODIFIER.match(line) and not (_RECORD_SHAPE.match(line) and line[10] in "3478"):
            line = "   " + line  # modifier line whose three leading blanks were stripped
        code_part, seq, ric = line[:5], line[5:10], line[10:11]
        if not digits(seq):
            raise _fail(shown, no, "sequence", seq, "columns 6-10 should hold the 5-digit sequence number.")
        if ric in ("3", "7"):
            if cur is not None:
                cur.long_description = " ".join(" ".join(parts).split())
            kind = "procedure" if ric == "3" else "modifier"
            code = _check_code(shown, no, code_part, kind)
            key = (kind, code)
            if key in seen:
                raise _fail(
                    shown, no, "code", code, f"{kind} {code} starts again here; its first line is line {seen[key]}."
                )
            seen[key] = no
            cur = _first_line(shown, no, line, kind, code)
            parts = [line[11:91]]
            records.append(cur)
        elif ric in ("4", "8"):
            kind = "procedure" if ric == "4" else "modifier"
            code = _check_code(shown, no, code_part, kind)
            if cur is None or cur.kind != kind or cur.code != code:
                prev = f"the previous first line is {cur.kind} {cur.code}" if cur else "no first line precedes it"
                raise _fail(shown, no, "code", code, f"continuation line (record id {ric}) for {code}, but {prev}.")
            parts.append(line[11:91])
        else:
            raise _fail(shown, no, "record id", ric, "unknown record id in column 11 (expected 3, 4, 7 or 8).")
    if cur is not None:
        cur.long_description = " ".join(" ".join(parts).split())
    if not records:
        raise DataError(
            f"{shown}: no HCPCS records found (expected fixed-width lines such as 'G0320001003Home health...'). {_FIX}",
            code=ERROR_CODE,
            file=shown,
            line=len(lines),
            field="records",
            value="0",
        )
    return records


def _check_code(shown: str, no: int, code_part: str, kind: str) -> str:
    if kind == "procedure":
        if not _CODE.fullmatch(code_part):
            raise _fail(
                shown,
                no,
                "code",
                code_part,
                "a procedure line (record id 3 or 4) needs a 5-character code in columns 1-5.",
            )
        return code_part
    if not _MODIFIER.fullmatch(code_part):
        raise _fail(
            shown,
            no,
            "code",
            code_part,
            "a modifier line (record id 7 or 8) needs blanks in columns 1-3 and the modifier in 4-5.",
        )
    return code_part[3:]


def _first_line(shown: str, no: int, line: str, kind: str, code: str) -> HcpcsRecord:
    r = line.ljust(RECORD_WIDTH)
    dates: dict[str, dt.date | None] = {}
    for name, b, e in _DATES:
        v = r[b - 1 : e]
        if not v.strip():
            dates[name] = None
            continue
        try:
            if not digits(v):
                raise ValueError
            dates[name] = dt.date(int(v[:4]), int(v[4:6]), int(v[6:]))
        except ValueError:
            raise _fail(
                shown, no, name, v.strip(), f"columns {b}-{e} should hold a date as YYYYMMDD (or blanks)."
            ) from None
    pricing = [p for p in (r[119:121], r[121:123], r[123:125], r[125:127]) if p.strip()]
    for p in pricing:
        if not digits(p):
            raise _fail(shown, no, "pricing", p, "pricing indicators (columns 120-127) are 2-digit codes.")
    anes = r[265:268].strip()
    if anes and not digits(anes):
        raise _fail(shown, no, "anesthesia_units", anes, "anesthesia base units (columns 266-268) should be a number.")
    return HcpcsRecord(
        kind=kind,
        code=code,
        long_description="",
        short_description=" ".join(r[91:119].split()),
        pricing=pricing,
        multiple_pricing=r[127].strip() or None,
        cim=_chunks(r[128:146], 6),
        mcm=_chunks(r[146:170], 8),
        statute=r[170:180].strip() or None,
        lab_cert=_chunks(r[180:204], 3),
        xref=_chunks(r[204:229], 5),
        coverage=r[229].strip() or None,
        asc_group=r[230:232].strip() or None,
        asc_effective=dates["asc_effective"],
        processing_note=r[252:256].strip() or None,
        betos=r[256:259].strip() or None,
        tos=[c for c in r[260:265] if c != " "],
        anesthesia_units=int(anes) if anes else None,
        added=dates["added"],
        action_effective=dates["action_effective"],
        termination=dates["termination"],
        action=r[292].strip() or None,
        line=no,
    )


def _chunks(s: str, width: int) -> list[str]:
    return [c for c in (s[i : i + width].strip() for i in range(0, len(s), width)) if c]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None

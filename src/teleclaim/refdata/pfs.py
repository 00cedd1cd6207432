"""CMS Medicare Physician Fee Schedule (PFS) relative value releases: parse, and answer by date.

Parsing (``parse_pfs_paths``) takes the CMS zip as downloaded (``RVU26A.zip``), or its files, or
xz/gzip copies of either, and recognises each file by its content, never by its name:

========  ======================================================================================
kind      recognised by
========  ======================================================================================
rvu       the CSV whose header row starts ``HCPCS,MOD,DESCRIPTION`` (PPRRVU, 10 header lines)
gpci      the CSV whose header names ``Locality Number`` and ``PW GPCI`` (Addendum E)
locco     the CSV whose header names ``Fee Schedule Area`` and ``Counties`` (``25LOCCO``)
zip5      fixed-width lines ``SSZZZZZCCCCCLL`` + rural flag, year/quarter in 76-80 (``ZIP5``)
========  ======================================================================================

Other members of the CMS zip (PDF, ANES, OPPSCAP, xlsx copies, fixed-width PPRRVU twins of the CSV)
are reported as ignored. A release is ``RVU<yy><A-D>``: A takes effect on January 1, B on April 1,
C on July 1, D on October 1; a revised release (``RVU21AR``) replaces its quarter's. The PPRRVU
title row names the year and the quarter; a zip named ``RVU..`` adds the revision. The DESCRIPTION
column is AMA text for CPT codes: it is never kept; Level II descriptions (public domain) are.

Conversion factors: from 2026 Medicare has two (qualifying APM participants, "QP", and everyone
else, "non-QP"). A PPRRVU file carries one of them; which one it is comes from the file name
(``nonQP``) or, failing that, from ``KNOWN_CONVERSION_FACTORS`` (cited), and the other one from the
same table, else from the settings ``pfs.qp_conversion_factor`` / ``pfs.nonqp_conversion_factor``
passed in by the caller. Before 2026 there is one factor (``cf == qp_cf``).

Query API (everything takes a date of service; all money and RVUs are ``Decimal``)::

    idx = PfsIndex(store_or_connection)      # anything with .conn, or a DB-API connection
    rel = idx.release_for(on)                # PfsRelease | None: id, effective, cf, qp_cf, note
    row = idx.row("99213", "", on)           # PfsRow | None ("" = no modifier; "26", "TC", "53")
    idx.has_code("99213", on)                # True/False; None when no release is loaded
    idx.gpci("01112", "54", on)              # Gpci | None (pw, pe, mp)
    idx.locality_for_zip("93301", on)        # ZipLocality | None (carrier, locality, rural)
    idx.localities(on)                       # list[Gpci] of the release in force
    idx.codes(on)                            # frozenset of the codes of the release in force

A date is judged by the latest release effective on or before it; a date before every loaded
release of its year uses that year's first release and ``release_for`` says so in ``note``. A date
of a year with no loaded release is judged by the nearest loaded release (the latest earlier one,
else the earliest) with ``note`` saying so and ``other_year`` set (callers may soften what they
conclude: the facts of another year can differ). GPCI,
county and ZIP tables come from the latest release (by the same rule) that has them, since CMS
publishes them less often than the RVUs. After the first look-up a release lives in memory (one
dict per release), so ``row`` is a dict access.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import lzma
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from teleclaim.errors import DataError

ERROR_CODE = "invalid_pfs_file"
QUARTER_MONTH = {"A": 1, "B": 4, "C": 7, "D": 10}
_MONTH_QUARTER = {"JANUARY": "A", "APRIL": "B", "JULY": "C", "OCTOBER": "D"}

#: Conversion factors per calendar year: qp, non_qp, source. Facts, cited.
KNOWN_CONVERSION_FACTORS: dict[int, dict[str, str]] = {
    2025: {
        "qp": "32.3465",
        "non_qp": "32.3465",
        "source": "CMS CY2025 PFS final rule (CMS-1807-F) as amended by Pub. L. 119-4; RVU25D CONV FACTOR",
    },
    2026: {
        "qp": "33.5675",
        "non_qp": "33.4009",
        "source": "CMS CY2026 PFS final rule (CMS-1832-F), conversion factor table, released 2025-10-31",
    },
}

#: Our names for the PPRRVU columns, keyed by the normalised CMS header (header rows joined).
#: PFS status indicators in our own words (RVU file layout, Attachment A).
STATUS_MEANINGS = {
    "A": "active: paid under the PFS",
    "B": "bundled: paid as part of other services, never separately",
    "C": "carrier priced: the MAC sets the payment",
    "D": "deleted (grace period)",
    "E": "excluded from the PFS by regulation (may be paid under another fee schedule)",
    "F": "deleted, no grace period",
    "G": "not valid for Medicare: another code is used (grace period)",
    "H": "deleted modifier combination",
    "I": "not valid for Medicare: Medicare uses another code",
    "J": "anesthesia service (no RVUs)",
    "M": "measurement code, reporting only",
    "N": "not covered by Medicare",
    "P": "bundled or excluded: no separate PFS payment",
    "R": "restricted coverage: paid only in special cases",
    "T": "injections: paid only when no other PFS service is billed that day",
    "X": "statutory exclusion from the PFS (may be paid under another fee schedule: labs, ambulance, drugs)",
}

_RVU_COLUMNS = {
    "HCPCS": "code",
    "MOD": "modifier",
    "DESCRIPTION": "description",
    "STATUS CODE": "status",
    "NOT USED FOR MEDICARE PAYMENT": "not_used",
    "WORK RVU": "work",
    "NON-FAC PE RVU": "pe_nf",
    "NON-FAC NA INDICATOR": "pe_nf_na",
    "FACILITY PE RVU": "pe_f",
    "FACILITY NA INDICATOR": "pe_f_na",
    "MP RVU": "mp",
    "NON-FACILITY TOTAL": "total_nf",
    "FACILITY TOTAL": "total_f",
    "PCTC IND": "pctc",
    "GLOB DAYS": "global_days",
    "PRE OP": "pre_op",
    "INTRA OP": "intra_op",
    "POST OP": "post_op",
    "MULT PROC": "mult_proc",
    "BILAT SURG": "bilat_surg",
    "ASST SURG": "asst_surg",
    "CO- SURG": "co_surg",
    "CO-SURG": "co_surg",
    "TEAM SURG": "team_surg",
    "PRIC IND": "pric_ind",
    "ENDO BASE": "endo_base",
    "CONV FACTOR": "conv_factor",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "supervision",
    "CALCULATION FLAG": "calc_flag",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": "imaging_family",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_nf",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_f",
    "MP USED FOR OPPS PAYMENT AMOUNT": "opps_mp",
}
_LABEL = {v: k for k, v in reversed(list(_RVU_COLUMNS.items()))}  # our name -> CMS column, for errors
_REQUIRED = ("code", "modifier", "status", "work", "pe_nf", "pe_f", "mp", "pctc", "global_days", "conv_factor")
_DECIMALS = (
    "work",
    "pe_nf",
    "pe_f",
    "mp",
    "total_nf",
    "total_f",
    "pre_op",
    "intra_op",
    "post_op",
    "opps_pe_nf",
    "opps_pe_f",
    "opps_mp",
)
_DECIMAL_SET = frozenset(_DECIMALS)
_CODE = re.compile(r"[A-Z0-9]{5}")
_MOD = re.compile(r"[A-Z0-9]{2}")
_GLOBAL = re.compile(r"\d{3}|MMM|XXX|YYY|ZZZ")
# The fixed-width PPRRVU twin of the CSV: "HDR" header, then code (1-5), modifier (6-7), status (58).
_RVU_TXT = re.compile(r"[A-Z0-9]{5}[A-Z0-9 ]{2}.{50}[A-Z]")
_ZIP5_LINE = re.compile(r"[A-Z]{2}\d{5}[0-9A-Z]{5}\d{2}[ RB]")
_TITLE = re.compile(r"(\d{4}) National Physician Fee Schedule Relative Value File\s+(\w+)\s+Release", re.IGNORECASE)
_ZIP_NAME = re.compile(r"RVU(\d{2})([A-D])(R\d*)?", re.IGNORECASE)
_FIX = "Use the unmodified file from the CMS PFS relative value release (the zip as downloaded), or correct that line."


# --------------------------------------------------------------------------------------------
# Data objects


@dataclass(frozen=True, slots=True)
class PfsRow:
    """One PPRRVU line: a code (with modifier ``""``, ``26``, ``TC``, ``53``...) in one release."""

    code: str
    modifier: str
    status: str
    not_used_for_payment: bool
    work: Decimal
    pe_nf: Decimal
    pe_nf_na: bool
    pe_f: Decimal
    pe_f_na: bool
    mp: Decimal
    total_nf: Decimal
    total_f: Decimal
    pctc: str
    global_days: str
    pre_op: Decimal
    intra_op: Decimal
    post_op: Decimal
    mult_proc: str
    bilat_surg: str
    asst_surg: str
    co_surg: str
    team_surg: str
    pric_ind: str
    endo_base: str
    supervision: str
    calc_flag: str
    imaging_family: str
    opps_pe_nf: Decimal
    opps_pe_f: Decimal
    opps_mp: Decimal
    description: str = ""  # Level II only (public domain); always "" for CPT codes

    def as_dict(self) -> dict[str, Any]:
        return {
            k: (str(v) if isinstance(v, Decimal) else v) for k, v in ((f, getattr(self, f)) for f in self.__slots__)
        }


@dataclass(frozen=True, slots=True)
class Gpci:
    mac: str
    state: str
    locality: str
    name: str
    pw: Decimal
    pe: Decimal
    mp: Decimal


@dataclass(frozen=True, slots=True)
class CountyArea:
    mac: str
    locality: str
    state: str
    area: str
    counties: str


@dataclass(frozen=True, slots=True)
class ZipLocality:
    zip5: str
    state: str
    carrier: str
    locality: str
    rural: str  # "" urban, "R" rural, "B" super rural
    year_quarter: str


@dataclass
class PfsRelease:
    """A release as stored: ``id`` is the quarter (``RVU25D``); ``label`` keeps a revision (``RVU21AR``)."""

    id: str
    label: str
    year: int
    quarter: str
    effective: dt.date
    cf: Decimal | None = None  # non-QP (the one factor before 2026)
    qp_cf: Decimal | None = None
    cf_source: str = ""
    revision: str = ""
    source: str = ""
    source_sha256: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    note: str | None = None  # set by release_for when the date precedes the release or is of another year
    other_year: bool = False  # release_for: no release of the date's year is loaded (facts may differ)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "year": self.year,
            "quarter": self.quarter,
            "effective": self.effective.isoformat(),
            "cf": str(self.cf) if self.cf is not None else None,
            "qp_cf": str(self.qp_cf) if self.qp_cf is not None else None,
            "cf_source": self.cf_source,
            "revision": self.revision,
            "source": self.source,
            "counts": dict(self.counts),
            **({"note": self.note} if self.note else {}),
        }


@dataclass
class PfsFile:
    """One recognised file: its kind, display name and parsed rows."""

    kind: str  # rvu | gpci | locco | zip5
    name: str
    sha256: str
    rows: list[Any]
    year: int | None = None
    quarter: str | None = None
    cf: Decimal | None = None
    qp: bool | None = None  # True QP file, False non-QP file, None one-factor year / unknown


@dataclass
class PfsImport:
    """What ``parse_pfs_paths`` found: the release it describes and its files."""

    release: PfsRelease | None
    files: list[PfsFile]
    ignored: list[str]

    def of(self, kind: str) -> list[PfsFile]:
        return [f for f in self.files if f.kind == kind]


# --------------------------------------------------------------------------------------------
# Parsing


def _fail(name: str, line: int | None, fld: str | None, value: Any, why: str) -> DataError:
    where = f"{name}" + (f", line {line}" if line else "") + (f", field {fld}" if fld else "")
    shown = f" {value!r}" if value not in (None, "") else ""
    return DataError(
        f"{where}:{shown} {why}. {_FIX}",
        code=ERROR_CODE,
        file=name,
        line=line,
        field=fld,
        value=value if value not in (None, "") else None,
    )


def _decompress(name: str, data: bytes) -> bytes:
    try:
        if data[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(data)
        if data[:2] == b"\x1f\x8b":
            return gzip.decompress(data)
    except (lzma.LZMAError, OSError, EOFError) as exc:
        raise _fail(name, None, None, None, f"the compressed copy cannot be read ({exc})") from None
    return data


def _text(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text


def sniff(data: bytes) -> str | None:
    """The kind of a PFS file from its first lines (rvu, gpci, locco, zip5), else None."""
    head = data[:8192].decode("latin-1", errors="replace")
    lines = head.splitlines()
    if any(
        ln.upper().startswith("HCPCS,MOD,DESCRIPTION") or ln.upper().startswith('"HCPCS","MOD"') for ln in lines[:30]
    ):
        return "rvu"
    for ln in lines[:20]:
        try:
            cells = {c.strip().upper() for c in next(csv.reader([ln]), [])}
        except csv.Error:
            continue
        if "LOCALITY NUMBER" in cells and any("GPCI" in c for c in cells):
            return "gpci"
        if "FEE SCHEDULE AREA" in cells and "COUNTIES" in cells:
            return "locco"
    if lines and all(_ZIP5_LINE.match(ln) for ln in lines[:5] if ln.strip()) and _ZIP5_LINE.match(lines[0]):
        return "zip5"
    if lines and lines[0].startswith("HDR") and any(_RVU_TXT.match(ln) for ln in lines[1:6]):
        return "rvu_txt"
    return None


def sniff_path(path: str | Path) -> bool:
    """True when the file (or a zip of files, or an xz/gzip copy) is a PFS release file."""
    try:
        data = _decompress(str(path), Path(path).read_bytes())
    except (OSError, DataError):
        return False  # unreadable: the HCPCS importer reports it in its own words
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return any(sniff(_decompress(n, zf.read(n))) for n in zf.namelist() if not n.endswith("/"))
        except (zipfile.BadZipFile, DataError, OSError):
            return False
    return sniff(data) is not None


def parse_pfs_paths(paths: list[str | Path], *, settings: dict[str, Any] | None = None) -> PfsImport:
    """Parse PFS files or zips (recognised by content) into one release; raises ``DataError``."""
    files: list[PfsFile] = []
    ignored: list[str] = []
    zip_names: list[str] = []
    for p in paths:
        path = Path(p)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(
                f"{path}: cannot read the file ({exc.strerror or exc}).", code=ERROR_CODE, file=str(path)
            ) from None
        data = _decompress(path.name, raw)
        if data[:4] == b"PK\x03\x04":
            zip_names.append(path.name)
            try:
                zf = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile as exc:
                raise _fail(path.name, None, None, None, f"not a readable zip ({exc})") from None
            with zf:
                for member in sorted(n for n in zf.namelist() if not n.endswith("/")):
                    body = _decompress(member, zf.read(member))
                    kind = sniff(body)
                    if kind is None or kind == "rvu_txt":  # the fixed-width twin: the CSV beside it is read
                        ignored.append(f"{path.name}!{member}")
                        continue
                    files.append(parse_file(body, f"{path.name}!{member}", kind))
        else:
            kind = sniff(data)
            if kind == "rvu_txt":
                raise _fail(
                    path.name,
                    1,
                    None,
                    None,
                    "is the fixed-width PPRRVU text file, which teleclaim does not read: import the CSV "
                    "copy from the same CMS zip (PPRRVU*.csv), or the zip itself",
                )
            if kind is None:
                raise _fail(
                    path.name,
                    None,
                    None,
                    None,
                    "is not a PFS relative value file (PPRRVU CSV), a GPCI or locality-county CSV "
                    "or the ZIP5 locality file",
                )
            files.append(parse_file(data, path.name, kind))
    return PfsImport(release=_release_of(files, zip_names, settings or {}), files=files, ignored=ignored)


def parse_file(data: bytes, name: str, kind: str) -> PfsFile:
    sha = hashlib.sha256(data).hexdigest()
    text = _text(name, data)
    if kind == "zip5":
        return _parse_zip5(text, name, sha)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _fail(name, reader.line_num, None, None, f"is not readable CSV there ({exc})") from None
    if kind == "rvu":
        return _parse_rvu(rows, name, sha)
    if kind == "gpci":
        return _parse_gpci(rows, name, sha)
    return _parse_locco(rows, name, sha)


def _dec(name: str, line: int, fld: str, value: str) -> Decimal:
    v = value.strip()
    if v == "":
        return Decimal(0)
    try:
        d = Decimal(v)
    except InvalidOperation:
        raise _fail(name, line, fld, value, "is not a number") from None
    if not d.is_finite():
        raise _fail(name, line, fld, value, "is not a number")
    return d


def _parse_rvu(rows: list[list[str]], name: str, sha: str) -> PfsFile:
    hdr = next((i for i, r in enumerate(rows[:30]) if r and r[0].strip().upper() == "HCPCS"), None)
    if hdr is None:
        raise _fail(name, None, "HCPCS", None, "has no PPRRVU header row")
    title = " ".join(c for r in rows[:hdr] for c in r if c.strip())
    m = _TITLE.search(title)
    year = quarter = None
    if m:
        year = int(m.group(1))
        quarter = _MONTH_QUARTER.get(m.group(2).upper())
    # Column labels: the header row and the label rows above it (after the RELEASED line), joined.
    top = max((i for i in range(hdr) if "RELEASED" in " ".join(rows[i]).upper()), default=-1) + 1
    width = len(rows[hdr])
    cols: dict[str, int] = {}
    for j in range(width):
        parts = [rows[i][j].strip() for i in range(top, hdr + 1) if j < len(rows[i]) and rows[i][j].strip()]
        label = re.sub(r"\s+", " ", " ".join(parts)).upper()
        ours = _RVU_COLUMNS.get(label)
        if ours and ours not in cols:
            cols[ours] = j
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        raise _fail(name, hdr + 1, _LABEL[missing[0]], None, "column missing from the PPRRVU header")
    out: list[PfsRow] = []
    cf: Decimal | None = None
    seen: set[tuple[str, str]] = set()
    for i in range(hdr + 1, len(rows)):
        r = rows[i]
        if not any(c.strip() for c in r):
            continue
        line = i + 1

        def g(k: str, r: list[str] = r) -> str:
            j = cols.get(k)
            return r[j].strip() if j is not None and j < len(r) else ""

        code = g("code").upper()
        if not _CODE.fullmatch(code):
            raise _fail(name, line, "HCPCS", code, "is not a 5-character HCPCS/CPT code")
        mod = g("modifier").upper()
        if mod and not _MOD.fullmatch(mod):
            raise _fail(name, line, "MOD", mod, "is not a 2-character modifier")
        status = g("status").upper()
        if not re.fullmatch(r"[A-Z]", status):
            raise _fail(name, line, "STATUS CODE", status, "is not a one-letter status code")
        glob = g("global_days").upper()
        if glob and not _GLOBAL.fullmatch(glob):
            raise _fail(name, line, "GLOB DAYS", glob, "is not 000/010/090/MMM/XXX/YYY/ZZZ")
        for na in ("pe_nf_na", "pe_f_na"):
            if g(na).upper() not in ("", "NA"):
                raise _fail(name, line, _LABEL[na], g(na), "must be NA or blank")
        if (code, mod) in seen:
            raise _fail(name, line, "HCPCS", f"{code} {mod}".strip(), "appears twice in the file")
        seen.add((code, mod))
        vals = {k: _dec(name, line, _LABEL.get(k, k), g(k)) for k in _DECIMALS}
        row_cf = g("conv_factor")
        if row_cf:
            c = _dec(name, line, "CONV FACTOR", row_cf)
            if c and (cf is None or c > 0):
                cf = cf or c
        out.append(
            PfsRow(
                code=code,
                modifier=mod,
                status=status,
                not_used_for_payment=g("not_used") == "+",
                pe_nf_na=g("pe_nf_na").upper() == "NA",
                pe_f_na=g("pe_f_na").upper() == "NA",
                pctc=g("pctc"),
                global_days=glob,
                mult_proc=g("mult_proc"),
                bilat_surg=g("bilat_surg"),
                asst_surg=g("asst_surg"),
                co_surg=g("co_surg"),
                team_surg=g("team_surg"),
                pric_ind=g("pric_ind"),
                endo_base=g("endo_base"),
                supervision=g("supervision"),
                calc_flag=g("calc_flag"),
                imaging_family=g("imaging_family"),
                # CPT descriptors are AMA text: kept only for Level II codes (a letter first, not D: ADA).
                description=g("description") if code[0].isalpha() and code[0] != "D" else "",
                **vals,
            )
        )
    if not out:
        raise _fail(name, None, None, None, "has a PPRRVU header but no code lines")
    lower = name.lower()
    qp = False if re.search(r"non[_-]?qp", lower) else (True if re.search(r"(?<!non)_?qpp?\b|_qp", lower) else None)
    return PfsFile(kind="rvu", name=name, sha256=sha, rows=out, year=year, quarter=quarter, cf=cf, qp=qp)


def _parse_gpci(rows: list[list[str]], name: str, sha: str) -> PfsFile:
    hdr = next((i for i, r in enumerate(rows[:20]) if any("LOCALITY NUMBER" in c.upper() for c in r)), None)
    if hdr is None:
        raise _fail(name, None, "Locality Number", None, "has no GPCI header row")
    labels = [c.upper() for c in rows[hdr]]

    def col(*words: str) -> int:
        for j, lab in enumerate(labels):
            if all(w in lab for w in words):
                return j
        raise _fail(name, hdr + 1, " ".join(words), None, "column missing from the GPCI header")

    jm, js, jl, jn = (
        col("CONTRACTOR") if any("CONTRACTOR" in x for x in labels) else col("MAC"),
        col("STATE"),
        col("LOCALITY NUMBER"),
        col("LOCALITY NAME"),
    )
    jw, jp, jx = col("PW GPCI"), col("PE GPCI"), col("MP GPCI")
    year = None
    m = re.search(r"CY\s*(\d{4})", " ".join(" ".join(r) for r in rows[: hdr + 1]))
    if m:
        year = int(m.group(1))
    out: list[Gpci] = []
    for i in range(hdr + 1, len(rows)):
        r = rows[i]
        if not r or not r[0].strip() or not any(c.strip() for c in r[1:]):
            continue  # blank separators and the notes/footnotes after the table (text in column 1 only)
        line = i + 1
        if len(r) < len(labels):
            raise _fail(
                name,
                line,
                labels[len(r)].title(),
                None,
                f"missing: the row has {len(r)} of the header's {len(labels)} columns",
            )
        mac = r[jm].strip()
        if not re.fullmatch(r"\d{4,5}", mac):
            raise _fail(name, line, "MAC", mac, "is not a 5-digit contractor number")
        loc = r[jl].strip() if jl < len(r) else ""
        if not re.fullmatch(r"\d{1,2}", loc):
            raise _fail(name, line, "Locality Number", loc, "is not a 2-digit locality")
        out.append(
            Gpci(
                mac=mac.zfill(5),
                state=r[js].strip(),
                locality=loc.zfill(2),
                name=r[jn].strip(),
                pw=_dec(name, line, "PW GPCI", r[jw]),
                pe=_dec(name, line, "PE GPCI", r[jp]),
                mp=_dec(name, line, "MP GPCI", r[jx]),
            )
        )
    if not out:
        raise _fail(name, None, None, None, "has a GPCI header but no localities")
    return PfsFile(kind="gpci", name=name, sha256=sha, rows=out, year=year)


def _parse_locco(rows: list[list[str]], name: str, sha: str) -> PfsFile:
    hdr = next((i for i, r in enumerate(rows[:20]) if any("FEE SCHEDULE AREA" in c.upper() for c in r)), None)
    if hdr is None:
        raise _fail(name, None, "Fee Schedule Area", None, "has no locality-county header row")
    m = re.search(r"(\d{4}) LOCALITIES", " ".join(" ".join(r) for r in rows[:hdr]).upper())
    out: list[CountyArea] = []
    for i in range(hdr + 1, len(rows)):
        r = (rows[i] + [""] * 5)[:5]
        if not r[0].strip():
            continue
        if not any(c.strip() for c in r[1:]):
            continue  # a note in column 1 only
        line = i + 1
        if not re.fullmatch(r"\d{4,5}", r[0].strip()):
            raise _fail(name, line, "MAC", r[0], "is not a 5-digit contractor number")
        if not re.fullmatch(r"\d{1,2}", r[1].strip()):
            raise _fail(name, line, "Locality Number", r[1], "is not a 2-digit locality")
        out.append(
            CountyArea(
                mac=r[0].strip().zfill(5),
                locality=r[1].strip().zfill(2),
                state=r[2].strip(),
                area=r[3].strip(),
                counties=r[4].strip(),
            )
        )
    if not out:
        raise _fail(name, None, None, None, "has a locality-county header but no rows")
    return PfsFile(kind="locco", name=name, sha256=sha, rows=out, year=int(m.group(1)) if m else None)


def _parse_zip5(text: str, name: str, sha: str) -> PfsFile:
    out: list[ZipLocality] = []
    yq: set[str] = set()
    for i, raw in enumerate(text.splitlines(), start=1):
        ln = raw.rstrip("\r\n")
        if not ln.strip():
            continue
        if not _ZIP5_LINE.match(ln):
            raise _fail(name, i, "ZIP5 record", ln[:20], "is not a ZIP5 record (state, ZIP, carrier, locality)")
        q = ln[75:80].strip()
        if q and not re.fullmatch(r"\d{4}[1-4]", q):
            raise _fail(name, i, "Year/Quarter (76-80)", q, "is not YYYYQ")
        if q:
            yq.add(q)
        out.append(
            ZipLocality(
                zip5=ln[2:7],
                state=ln[0:2],
                carrier=ln[7:12],
                locality=ln[12:14],
                rural=ln[14:15].strip(),
                year_quarter=q,
            )
        )
    if not out:
        raise _fail(name, None, None, None, "has no ZIP5 records")
    latest = max(yq) if yq else None
    return PfsFile(
        kind="zip5",
        name=name,
        sha256=sha,
        rows=out,
        year=int(latest[:4]) if latest else None,
        quarter="ABCD"[int(latest[4]) - 1] if latest else None,
    )


def _release_of(files: list[PfsFile], zip_names: list[str], settings: dict[str, Any]) -> PfsRelease | None:
    rvus = [f for f in files if f.kind == "rvu"]
    if not rvus:
        return None
    periods = {(f.year, f.quarter) for f in rvus}
    if len(periods) > 1:
        raise _fail(
            rvus[1].name,
            None,
            None,
            None,
            f"belongs to another release than {rvus[0].name}: import one release at a time",
        )
    year, quarter = rvus[0].year, rvus[0].quarter
    revision = ""
    for zn in zip_names + [f.name for f in rvus]:
        m = _ZIP_NAME.search(zn)
        if m:
            year = year or 2000 + int(m.group(1))
            quarter = quarter or m.group(2).upper()
            revision = (m.group(3) or "").upper() or revision
    if year is None or quarter is None:
        raise _fail(
            rvus[0].name,
            1,
            "title",
            None,
            "does not say its year and quarter (title row '<year> National Physician Fee Schedule "
            "Relative Value File <month> Release'); name the zip RVU<yy><A-D>.zip",
        )
    # Conversion factors: QP and non-QP.
    known = KNOWN_CONVERSION_FACTORS.get(year, {})
    cf = qp_cf = None
    source = ""
    for f in rvus:
        if f.cf is None:
            continue
        is_qp = f.qp
        if is_qp is None and known and known["qp"] != known["non_qp"]:
            is_qp = True if f.cf == Decimal(known["qp"]) else False if f.cf == Decimal(known["non_qp"]) else None
        if is_qp is None and year < 2026:
            cf = qp_cf = f.cf
        elif is_qp:
            qp_cf = f.cf
        else:
            cf = f.cf
        source = f"CONV FACTOR column of {f.name}"
    if cf is None or qp_cf is None:
        other = "qp" if qp_cf is None else "non_qp"
        setting = settings.get(f"pfs.{'qp' if other == 'qp' else 'nonqp'}_conversion_factor")
        value: Decimal | None
        if setting:
            value, why = Decimal(str(setting)), f"setting pfs.{'qp' if other == 'qp' else 'nonqp'}_conversion_factor"
        elif known:
            value, why = Decimal(known[other]), known["source"]
        else:
            value, why = (cf if other == "qp" else qp_cf), "the file's factor (no second factor is known for this year)"
        if other == "qp":
            qp_cf = value
        else:
            cf = value
        source = f"{source}; {'QP' if other == 'qp' else 'non-QP'} factor from {why}"
    rid = f"RVU{year % 100:02d}{quarter}"
    return PfsRelease(
        id=rid,
        label=rid + revision,
        year=year,
        quarter=quarter,
        effective=dt.date(year, QUARTER_MONTH[quarter], 1),
        cf=cf,
        qp_cf=qp_cf,
        cf_source=source,
        revision=revision,
        source=", ".join(zip_names or [f.name for f in rvus]),
        source_sha256=rvus[0].sha256,
        counts={k: sum(len(f.rows) for f in files if f.kind == k) for k in ("rvu", "gpci", "locco", "zip5")},
    )


# --------------------------------------------------------------------------------------------
# Query side


def _noted(rel: PfsRelease, note: str, *, other_year: bool = False) -> PfsRelease:
    return PfsRelease(**{**rel.__dict__, "counts": dict(rel.counts), "note": note, "other_year": other_year})


_ROW_COLS = list(PfsRow.__slots__)
_BOOLS = ("not_used_for_payment", "pe_nf_na", "pe_f_na")


def _row_from(r: Any) -> PfsRow:
    kw: dict[str, Any] = {}
    dec = _DECIMAL_SET
    for name, v in zip(_ROW_COLS, r, strict=False):
        if name in dec:
            kw[name] = Decimal(v) if v not in (None, "") else Decimal(0)
        elif name in _BOOLS:
            kw[name] = bool(v)
        else:
            kw[name] = v or ""
    return PfsRow(**kw)


def _conn(src: Any) -> Any:
    return getattr(src, "conn", src)


class PfsIndex:
    """Dated look-ups over the PFS releases in a store (see the module docstring)."""

    def __init__(self, store_or_conn: Any) -> None:
        self._conn = _conn(store_or_conn)
        self._releases: list[PfsRelease] | None = None
        self._rows: dict[str, dict[tuple[str, str], PfsRow | None]] = {}
        self._status: dict[str, dict[tuple[str, str], str]] = {}
        self._for: dict[tuple[dt.date, str], PfsRelease | None] = {}
        self._codes: dict[str, frozenset[str]] = {}
        self._tables: dict[tuple[str, str], Any] = {}

    # -- releases -------------------------------------------------------------------------
    def releases(self) -> list[PfsRelease]:
        if self._releases is None:
            try:
                cur = self._conn.execute(
                    "SELECT id, label, year, quarter, effective, cf, qp_cf, cf_source, revision, source,"
                    " source_sha256, rvu_count, gpci_count, locco_count, zip5_count FROM pfs_release"
                    " ORDER BY effective"
                )
                rows = cur.fetchall()
            except Exception:  # noqa: BLE001 - a store without the PFS tables has no releases
                rows = []
            self._releases = [
                PfsRelease(
                    id=r[0],
                    label=r[1],
                    year=int(r[2]),
                    quarter=r[3],
                    effective=dt.date.fromisoformat(r[4]),
                    cf=Decimal(r[5]) if r[5] else None,
                    qp_cf=Decimal(r[6]) if r[6] else None,
                    cf_source=r[7] or "",
                    revision=r[8] or "",
                    source=r[9] or "",
                    source_sha256=r[10] or "",
                    counts={"rvu": r[11], "gpci": r[12], "locco": r[13], "zip5": r[14]},
                )
                for r in rows
            ]
        return self._releases

    def loaded(self) -> bool:
        return bool(self.releases())

    def release_for(self, on: dt.date, *, having: str = "rvu") -> PfsRelease | None:
        """The release in force on ``on`` (latest effective on or before it); a date before every
        release of its year gets that year's first release, with ``note`` saying so."""
        key = (on, having)
        if key not in self._for:
            self._for[key] = self._release_for(on, having)
        return self._for[key]

    def _release_for(self, on: dt.date, having: str) -> PfsRelease | None:
        rels = [r for r in self.releases() if r.counts.get(having)]
        if not rels:
            return None
        best = None
        for r in rels:
            if r.effective <= on:
                best = r
        if best is not None and (best.year == on.year or not any(r.year == on.year for r in rels)):
            return best
        same_year = [r for r in rels if r.year == on.year]
        if same_year:
            first = same_year[0]
            return _noted(
                first,
                f"{on.isoformat()} precedes the first loaded {on.year} release "
                f"({first.label}, effective {first.effective.isoformat()}); judged by it",
            )
        if best is None:  # before every loaded release: the earliest one, said (another year's codes)
            first = rels[0]
            return _noted(
                first,
                f"no PFS release of {on.year} is loaded; judged by the earliest loaded release "
                f"({first.label}, effective {first.effective.isoformat()})",
                other_year=True,
            )
        return _noted(
            best,
            f"no PFS release of {on.year} is loaded; judged by {best.label} (effective {best.effective.isoformat()})",
            other_year=True,
        )

    # -- rows -----------------------------------------------------------------------------
    def _status_of(self, rid: str) -> dict[tuple[str, str], str]:
        """(code, modifier) -> status of a release: one light query, then in memory."""
        st = self._status.get(rid)
        if st is None:
            cur = self._conn.execute("SELECT code, modifier, status FROM pfs_rvu WHERE release_id = ?", (rid,))
            st = self._status[rid] = {(r[0], r[1]): r[2] for r in cur.fetchall()}
            self._codes[rid] = frozenset(c for c, _ in st)
        return st

    def _row_of(self, rid: str, code: str, modifier: str) -> PfsRow | None:
        cache = self._rows.setdefault(rid, {})
        key = (code, modifier)
        if key in cache:
            return cache[key]
        cur = self._conn.execute(
            f"SELECT {', '.join(_ROW_COLS)} FROM pfs_rvu WHERE release_id = ? AND code = ? AND modifier = ?",
            (rid, code, modifier),
        )
        r = cur.fetchone()
        row = cache[key] = _row_from(r) if r is not None else None
        return row

    def load_all(self, on: dt.date) -> dict[tuple[str, str], PfsRow]:
        """Every line of the release in force on ``on`` (for bulk work, e.g. pricing a whole file)."""
        rel = self.release_for(on)
        if rel is None:
            return {}
        cur = self._conn.execute(f"SELECT {', '.join(_ROW_COLS)} FROM pfs_rvu WHERE release_id = ?", (rel.id,))
        cache = self._rows.setdefault(rel.id, {})
        for r in cur.fetchall():
            row = _row_from(r)
            cache[(row.code, row.modifier)] = row
        return {k: v for k, v in cache.items() if v is not None}  # None: a look-up that missed

    def row(self, code: str, modifier: str | None, on: dt.date) -> PfsRow | None:
        """The PPRRVU line of ``code`` (with ``modifier``: "" none, "26", "TC", "53") in force on ``on``.
        One indexed query the first time per code, then a dict access."""
        rel = self.release_for(on)
        if rel is None:
            return None
        return self._row_of(rel.id, code.upper(), (modifier or "").upper())

    def status(self, code: str, modifier: str | None, on: dt.date) -> str | None:
        """The status indicator (A, B, C, E, I, N, P, R, T, X ...) in force on ``on``, or None."""
        rel = self.release_for(on)
        if rel is None:
            return None
        return self._status_of(rel.id).get((code.upper(), (modifier or "").upper()))

    def codes(self, on: dt.date) -> frozenset[str]:
        rel = self.release_for(on)
        if rel is None:
            return frozenset()
        self._status_of(rel.id)
        return self._codes[rel.id]

    def has_code(self, code: str, on: dt.date) -> bool | None:
        rel = self.release_for(on)
        if rel is None:
            return None
        self._status_of(rel.id)
        return code.upper() in self._codes[rel.id]

    # -- localities -------------------------------------------------------------------------
    def _table(self, kind: str, on: dt.date) -> Any:
        rel = self.release_for(on, having=kind)
        if rel is None:
            return None
        key = (rel.id, kind)
        if key not in self._tables:
            if kind == "gpci":
                cur = self._conn.execute(
                    "SELECT mac, state, locality, name, pw, pe, mp FROM pfs_gpci"
                    " WHERE release_id = ? ORDER BY state, locality, mac",
                    (rel.id,),
                )
                self._tables[key] = {
                    (r[0], r[2]): Gpci(r[0], r[1], r[2], r[3], Decimal(r[4]), Decimal(r[5]), Decimal(r[6]))
                    for r in cur.fetchall()
                }
            elif kind == "zip5":
                cur = self._conn.execute(
                    "SELECT zip5, state, carrier, locality, rural, year_quarter FROM pfs_zip5 WHERE release_id = ?",
                    (rel.id,),
                )
                self._tables[key] = {r[0]: ZipLocality(*r) for r in cur.fetchall()}
            else:
                cur = self._conn.execute(
                    "SELECT mac, locality, state, area, counties FROM pfs_locco"
                    " WHERE release_id = ? ORDER BY state, locality",
                    (rel.id,),
                )
                self._tables[key] = [CountyArea(*r) for r in cur.fetchall()]
        return self._tables[key]

    def gpci(self, mac: str, locality: str, on: dt.date) -> Gpci | None:
        t = self._table("gpci", on)
        return t.get((str(mac).zfill(5), str(locality).zfill(2))) if t else None

    def localities(self, on: dt.date) -> list[Gpci]:
        t = self._table("gpci", on)
        return list(t.values()) if t else []

    def counties(self, on: dt.date) -> list[CountyArea]:
        return list(self._table("locco", on) or [])

    def locality_for_zip(self, zip5: str, on: dt.date) -> ZipLocality | None:
        t = self._table("zip5", on)
        return t.get(str(zip5)[:5]) if t else None

"""Reading roster files: the JSON form (``{"clinicians": [...]}``) or the CSV form for spreadsheets.

CSV form: one row per license, compact privilege, enrollment or opt-out period; the clinician
columns repeat on each row of that clinician (a row with only clinician columns is fine too).

=================  ==========================================================================
column             meaning
=================  ==========================================================================
npi                10-digit NPI (check digit verified)                          (every row)
name               clinician's name                                              (every row)
profession         physician, nurse_practitioner, registered_nurse ... (see the schema)
taxonomy           NUCC taxonomy codes, separated by ``;``
caqh_attested      last CAQH attestation, YYYY-MM-DD
record             license | privilege | enrollment | opt_out (empty: clinician only)
state              license: issuing state
number             license or privilege number
issued, expires    license or privilege: first and last valid day
status             license: active/inactive/suspended/revoked/probation; enrollment: approved ...
multistate         license: true for a Nurse Licensure Compact multistate license
compact            privilege: PSYPACT, PT, OT, Counseling, ASLP-IC, Social Work, PA; license: IMLC
kind               privilege: APIT or TAP (PSYPACT), else privilege
home_state         privilege: the clinician's compact home state
states             privilege: states it covers, separated by ``;`` (per-state compacts)
payer              enrollment: payer profile or payer id
effective_from/to  enrollment: first and last effective day
telehealth         enrollment: true/false (default true)
revalidation_due   enrollment: next revalidation day
opt_out_from/to    opt_out: Medicare opt-out period
=================  ==========================================================================

A bad row is reported with the file, its line number, the column and the value; nothing of a file
with an error is returned (the import is all or nothing).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from teleclaim.credentials.roster import Roster, parse_roster, roster_error
from teleclaim.errors import InputError
from teleclaim.text import digits

CSV_COLUMNS = (
    "npi",
    "name",
    "profession",
    "taxonomy",
    "caqh_attested",
    "record",
    "state",
    "number",
    "issued",
    "expires",
    "status",
    "multistate",
    "compact",
    "kind",
    "home_state",
    "states",
    "payer",
    "effective_from",
    "effective_to",
    "telehealth",
    "revalidation_due",
    "opt_out_from",
    "opt_out_to",
)
_CLINICIAN = ("name", "profession", "taxonomy", "caqh_attested")
_RECORD_FIELDS = {
    "license": ("state", "number", "issued", "expires", "status", "multistate", "compact"),
    "privilege": ("compact", "kind", "home_state", "states", "number", "issued", "expires", "status"),
    "enrollment": ("payer", "status", "effective_from", "effective_to", "telehealth", "revalidation_due"),
    "opt_out": ("opt_out_from", "opt_out_to"),
}
_LIST_KEY = {
    "license": "licenses",
    "privilege": "compact_privileges",
    "enrollment": "enrollments",
    "opt_out": "medicare_opt_out",
}


def read_roster(path: Path, name: str | None = None) -> Roster:
    """A roster file (JSON or CSV, told apart by content) -> ``Roster``; ``InputError`` when bad."""
    name = name or str(path)
    if not path.is_file():
        raise InputError(f"{name}: file not found.", code="file_not_found", file=name)
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        raise InputError(
            f"{name}: the file is empty; give a roster in the JSON form or the CSV form (`teleclaim schema roster`).",
            code="empty_file",
            file=name,
        )
    if text.lstrip()[:1] in "{[":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).",
                code="invalid_json",
                file=name,
                line=exc.lineno,
            ) from None
        return parse_roster(obj, where=name)
    return parse_roster_csv(text, name)


def _bool(v: str) -> Any:
    low = v.strip().lower()
    return {"true": True, "yes": True, "1": True, "y": True, "false": False, "no": False, "0": False, "n": False}.get(
        low, v
    )


def parse_roster_csv(text: str, name: str = "roster.csv") -> Roster:
    from pydantic import ValidationError

    reader = csv.DictReader(io.StringIO(text))
    cols = [c.strip() for c in reader.fieldnames or []]
    unknown = [c for c in cols if c not in CSV_COLUMNS]
    if "npi" not in cols or unknown:
        raise InputError(
            f"{name}: line 1: "
            + (f"unknown column(s) {', '.join(unknown)}" if unknown else "the column npi is missing")
            + f"; the CSV roster columns are: {', '.join(CSV_COLUMNS)}.",
            code="invalid_roster",
            file=name,
            line=1,
            field=unknown[0] if unknown else "npi",
        )
    reader.fieldnames = cols
    by_npi: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[int, str, int], int] = {}  # (clinician index, list key, item index) -> CSV line
    first_line: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        npi = row.get("npi", "")
        if not npi:
            if not any(row.values()):
                continue
            raise InputError(
                f"{name}: line {line}: column npi is empty; every row names its clinician.",
                code="invalid_roster",
                file=name,
                line=line,
                field="npi",
            )
        c = by_npi.get(npi)
        if c is None:
            c = by_npi[npi] = {"npi": npi}
            first_line[len(by_npi) - 1] = line
        ci = list(by_npi).index(npi)
        for k in _CLINICIAN:
            v = row.get(k, "")
            if not v:
                continue
            v2: Any = [t.strip() for t in v.split(";") if t.strip()] if k == "taxonomy" else v
            if k in c and c[k] != v2:
                raise InputError(
                    f"{name}: line {line}: column {k} {v!r} differs from an earlier row of NPI {npi} "
                    f"({c[k]!r}); clinician columns must agree.",
                    code="invalid_roster",
                    file=name,
                    line=line,
                    field=k,
                    value=v,
                )
            c[k] = v2
        rec = row.get("record", "").lower()
        if not rec:
            continue
        if rec not in _RECORD_FIELDS:
            raise InputError(
                f"{name}: line {line}: column record {rec!r}: use license, privilege, enrollment or "
                "opt_out (or leave it empty for a clinician-only row).",
                code="invalid_roster",
                file=name,
                line=line,
                field="record",
                value=rec,
            )
        item: dict[str, Any] = {}
        for k in _RECORD_FIELDS[rec]:
            v = row.get(k, "")
            if not v:
                continue
            if k in ("multistate", "telehealth"):
                item[k] = _bool(v)
            elif k == "states":
                item[k] = [t.strip() for t in v.split(";") if t.strip()]
            elif k == "opt_out_from":
                item["from"] = v
            elif k == "opt_out_to":
                item["to"] = v
            else:
                item[k] = v
        lst = c.setdefault(_LIST_KEY[rec], [])
        origin[(ci, _LIST_KEY[rec], len(lst))] = line
        lst.append(item)
    obj = {"clinicians": list(by_npi.values())}
    if not obj["clinicians"]:
        raise InputError(f"{name}: no clinician rows.", code="invalid_roster", file=name)

    def where(loc: list[str]) -> str:
        if len(loc) >= 2 and loc[0] == "clinicians" and digits(loc[1]):
            ci = int(loc[1])
            if len(loc) >= 4 and digits(loc[3]):
                ln = origin.get((ci, loc[2], int(loc[3])))
                if ln:
                    return f"line {ln}"
            return f"line {first_line.get(ci, '?')}"
        return "/" + "/".join(loc)

    try:
        return Roster.model_validate(obj)
    except ValidationError as exc:
        err = roster_error(exc, name, where)
        loc = [str(p) for p in exc.errors()[0]["loc"]]
        place = where(loc)
        if place.startswith("line "):
            err.details["line"] = int(place[5:]) if digits(place[5:]) else None
        raise err from None

"""The code sets behind the generic code edits (rules/codes): every code shallowly, by date.

* ``code_family(code)``: the format family of a procedure code: ``cpt`` (5 digits), ``cat2``
  (NNNNF), ``cat3`` (NNNNT), ``pla`` (NNNNU), ``maaa`` (NNNNM), ``level2`` (letter + 4 digits),
  ``dental`` (D + 4 digits, CDT: no set of ours covers it), or ``None`` (not a code of any family).
* ``HcpcsIndex``: every HCPCS Level II procedure code and modifier with its dates and status fields
  (``data/codes/hcpcs_index.tsv``, built by ``scripts/build_hcpcs_index.py``), updated by the HCPCS
  releases a user imports (their dates win: they are newer).
* ``cpt_modifiers()``: the two-digit modifiers Medicare manuals use (``data/codes/cpt_modifiers.yaml``).
* ``unit_limits()``: dated unit limits (MUE-like, ``data/codes/unit_limits.yaml``) plus imported ones.
* ``CodeRefs``: what a check run consults, built once per engine: the HCPCS index, the PFS index
  (``refdata.pfs.PfsIndex``) when a store with a PFS release is reachable, and the unit limits. The
  store is opened lazily, on the first line that needs it, so runs without CPT codes never touch it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FAMILIES = (
    (re.compile(r"\d{5}"), "cpt"),
    (re.compile(r"\d{4}F"), "cat2"),
    (re.compile(r"\d{4}T"), "cat3"),
    (re.compile(r"\d{4}U"), "pla"),
    (re.compile(r"\d{4}M"), "maaa"),
    (re.compile(r"D\d{4}"), "dental"),
    (re.compile(r"[A-Z]\d{4}"), "level2"),
)
#: Families a PFS release covers (it lists CPT categories I-III; PLA/MAAA codes are not in it).
PFS_FAMILIES = frozenset({"cpt", "cat2", "cat3"})
FAMILY_NAMES = {
    "cpt": "CPT",
    "cat2": "CPT Category II",
    "cat3": "CPT Category III",
    "pla": "CPT PLA",
    "maaa": "CPT MAAA",
    "level2": "HCPCS Level II",
    "dental": "CDT (dental)",
}


@cache
def code_family(code: str) -> str | None:
    for rx, fam in _FAMILIES:
        if rx.fullmatch(code):
            return fam
    return None


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): typos, swaps, a digit lost or doubled."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def closest(code: str, pool: Iterable[str], n: int = 3, limit: int = 2) -> list[str]:
    """Up to ``n`` codes of ``pool`` nearest to ``code`` (edit distance at most ``limit``), nearest first."""
    scored = sorted(
        (d, -_prefix(code, c), -difflib.SequenceMatcher(None, code, c).ratio(), c)
        for c in pool
        if (d := _distance(code, c)) <= limit
    )
    return [s[-1] for s in scored[:n]]


def _prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _data(name: str) -> Any:
    return files("teleclaim.refdata") / "data" / "codes" / name


def _d(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@dataclass(frozen=True, slots=True)
class IndexEntry:
    kind: str  # P procedure, M modifier
    code: str
    start: dt.date | None
    end: dt.date | None
    gone_by: dt.date | None
    coverage: str = ""
    pricing: str = ""
    betos: str = ""
    source: str = ""

    def valid_on(self, on: dt.date) -> bool:
        if self.start and on < self.start:
            return False
        if self.end and on > self.end:
            return False
        return not (self.gone_by and on >= self.gone_by)

    def window(self) -> str:
        return f"{self.start or '…'} to {self.end or ('before ' + str(self.gone_by) if self.gone_by else 'now')}"


class HcpcsIndex:
    """HCPCS Level II codes (``kind`` P) and modifiers (``kind`` M) by code."""

    def __init__(self, entries: Iterable[IndexEntry]) -> None:
        self._e: dict[tuple[str, str], IndexEntry] = {(e.kind, e.code): e for e in entries}
        self._by_prefix: dict[tuple[str, str], list[str]] | None = None
        self._near: dict[tuple[str, str], list[str]] = {}  # (kind, code) -> candidates, nearest first

    def get(self, kind: str, code: str) -> IndexEntry | None:
        return self._e.get((kind, code))

    def update(self, entries: Iterable[IndexEntry]) -> HcpcsIndex:
        """A copy where ``entries`` (an imported release: newer facts) replace ours."""
        out = HcpcsIndex(self._e.values())
        out._e.update({(e.kind, e.code): e for e in entries})
        return out

    def near(self, kind: str, code: str, on: dt.date, n: int = 3) -> list[str]:
        """The ``n`` codes nearest to ``code`` among those valid on ``on``. Every candidate within the
        distance limit is ranked once per code (the ranking does not depend on the day); a day then
        only filters that short list."""
        limit = 1 if kind == "M" else 2
        ranked = self._near.get((kind, code))
        if ranked is None:
            pool = [c for (k, c) in self._e if k == kind and (kind == "P" or c[0] == code[0])]
            ranked = closest(code, pool, n=len(pool), limit=limit)
            if len(self._near) < 4096:  # bounded: a run meets few unknown codes
                self._near[(kind, code)] = ranked
        return [c for c in ranked if self._e[(kind, c)].valid_on(on)][:n]

    def __len__(self) -> int:
        return len(self._e)


@cache
def shipped_hcpcs() -> HcpcsIndex:
    text = _data("hcpcs_index.tsv").read_text("utf-8")
    out = []
    header = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        r = dict(zip(header, cols, strict=False))
        out.append(
            IndexEntry(
                kind=r["kind"],
                code=r["code"],
                start=_d(r["from"]),
                end=_d(r["to"]),
                gone_by=_d(r["gone_by"]),
                coverage=r["coverage"],
                pricing=r["pricing"],
                betos=r["betos"],
                source=r["source"],
            )
        )
    return HcpcsIndex(out)


@dataclass(frozen=True, slots=True)
class Modifier:
    code: str
    meaning: str
    start: dt.date | None
    end: dt.date | None
    sources: tuple[str, ...]
    confidence: str

    def valid_on(self, on: dt.date) -> bool:
        return not ((self.start and on < self.start) or (self.end and on > self.end))


@cache
def cpt_modifiers() -> dict[str, Modifier]:
    doc = yaml.load(_data("cpt_modifiers.yaml").read_text("utf-8"), Loader=_LOADER)
    return {
        str(m["code"]): Modifier(
            code=str(m["code"]),
            meaning=m["meaning"],
            start=m.get("from"),
            end=m.get("to"),
            sources=tuple(m.get("sources") or ()),
            confidence=m.get("confidence", "V"),
        )
        for m in doc["modifiers"]
    }


@dataclass(frozen=True, slots=True)
class UnitLimit:
    """At most ``max_units`` of ``code`` per line (``per`` "line") or per date of service ("day")."""

    code: str
    max_units: int
    per: str  # "line" | "day"
    start: dt.date | None
    end: dt.date | None
    mai: str  # CMS MUE adjudication indicator: 1 line, 2 policy per day, 3 clinical per day
    rationale: str
    source: str
    confidence: str  # V: error; I: warning

    def valid_on(self, on: dt.date) -> bool:
        return not ((self.start and on < self.start) or (self.end and on > self.end))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "max_units": self.max_units,
            "per": self.per,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "mai": self.mai,
            "rationale": self.rationale,
            "source": self.source,
            "confidence": self.confidence,
        }


def limit_from_mai(
    code: str,
    value: int,
    mai: str,
    *,
    start: dt.date | None,
    end: dt.date | None,
    rationale: str,
    source: str,
    confidence: str,
) -> UnitLimit:
    return UnitLimit(
        code=code,
        max_units=value,
        per="line" if mai == "1" else "day",
        start=start,
        end=end,
        mai=mai,
        rationale=rationale,
        source=source,
        confidence=confidence,
    )


@cache
def shipped_unit_limits() -> tuple[UnitLimit, ...]:
    doc = yaml.load(_data("unit_limits.yaml").read_text("utf-8"), Loader=_LOADER)
    return tuple(
        limit_from_mai(
            str(x["code"]),
            int(x["max"]),
            str(x["mai"]),
            start=x.get("from"),
            end=x.get("to"),
            rationale=x.get("rationale", ""),
            source=",".join(x.get("sources") or ()),
            confidence=x.get("confidence", "I"),
        )
        for x in doc["limits"]
    )


def limits_by_code(limits: Iterable[UnitLimit]) -> dict[str, list[UnitLimit]]:
    out: dict[str, list[UnitLimit]] = {}
    for lim in limits:
        out.setdefault(lim.code, []).append(lim)
    return out


def limit_for(by_code: dict[str, list[UnitLimit]], code: str, on: dt.date) -> list[UnitLimit]:
    """The limits of ``code`` in force on ``on``: imported ones (listed last) win over shipped ones
    of the same kind (``per``)."""
    found: dict[str, UnitLimit] = {}
    for lim in by_code.get(code, ()):
        if lim.valid_on(on):
            found[lim.per] = lim
    return list(found.values())


class CodeRefs:
    """The reference data the generic code edits consult during one run (see the module docstring).

    ``opener`` returns a store-like object (``.conn``), or None; it is called at most once. Tests
    may pass ``pfs`` (a ``PfsIndex`` or None), ``hcpcs`` and ``limits`` directly.
    """

    def __init__(
        self,
        opener: Callable[[], Any] | None = None,
        *,
        pfs: Any = ...,
        hcpcs: HcpcsIndex | None = None,
        limits: Iterable[UnitLimit] | None = None,
    ) -> None:
        self._opener = opener
        self._store: Any = ...
        self._pfs = pfs
        self._hcpcs = hcpcs
        self._limits = limits_by_code(limits) if limits is not None else None

    def _open(self) -> Any:
        if self._store is ...:
            self._store = None
            if self._opener is not None:
                try:
                    self._store = self._opener()
                except Exception as exc:  # noqa: BLE001 - without a store the edits say not_checked
                    log.warning("store unavailable for code checks (%s)", type(exc).__name__)
        return self._store

    @property
    def pfs(self) -> Any:
        """The PFS index, or None when no PFS release is loaded."""
        if self._pfs is ...:
            from teleclaim.refdata.pfs import PfsIndex

            store = self._open()
            idx = PfsIndex(store) if store is not None else None
            self._pfs = idx if idx is not None and idx.loaded() else None
        return self._pfs

    @property
    def hcpcs(self) -> HcpcsIndex:
        if self._hcpcs is None:
            idx = shipped_hcpcs()
            store = self._open()
            if store is not None:
                imported = list(_imported_hcpcs(store))
                if imported:
                    idx = idx.update(imported)
            self._hcpcs = idx
        return self._hcpcs

    @property
    def limits(self) -> dict[str, list[UnitLimit]]:
        if self._limits is None:
            lims = list(shipped_unit_limits())
            store = self._open()
            if store is not None:
                lims += list(_imported_limits(store))
            self._limits = limits_by_code(lims)
        return self._limits


def _imported_hcpcs(store: Any) -> Iterable[IndexEntry]:
    """Codes of the HCPCS releases imported into the store, oldest release first (newest wins)."""
    try:
        rows = store.conn.execute(
            "SELECT e.system, e.code, e.effective_from, e.effective_to FROM code_entry e JOIN release r"
            " ON r.id = e.release_id WHERE r.kind = 'hcpcs' ORDER BY coalesce(r.effective, ''), r.loaded_at"
        ).fetchall()
    except Exception:  # noqa: BLE001 - an old store without these tables has nothing imported
        return []
    return [
        IndexEntry(
            kind="M" if sysname == "modifier" else "P",
            code=code,
            start=_d(a),
            end=_d(b),
            gone_by=None,
            source="imported",
        )
        for sysname, code, a, b in rows
    ]


def _imported_limits(store: Any) -> Iterable[UnitLimit]:
    try:
        rows = store.conn.execute(
            "SELECT code, max_units, mai, start, stop, rationale, source FROM unit_limit ORDER BY start, loaded_at"
        ).fetchall()
    except Exception:  # noqa: BLE001 - no table yet: no imported limits
        return []
    return [
        limit_from_mai(
            r[0],
            int(r[1]),
            r[2],
            start=_d(r[3]),
            end=_d(r[4]),
            rationale=r[5] or "",
            source=r[6] or "imported",
            confidence="V",
        )
        for r in rows
    ]

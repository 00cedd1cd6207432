"""A derived view of one home-health claim, computed once per claim and shared by the rules.

Classifies the service lines (visit, telecom, site-of-service, HIPPS ...) with the tables of
``tables.yaml`` so every rule agrees on what "a visit" is: telecom lines (G0320-G0322) and
site-of-service lines (Q5001/Q5002/Q5009) sit under discipline revenue codes but are never visits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.rules.context import Context
from teleclaim.rules.facts import revenue4, revenue_family

if TYPE_CHECKING:
    from teleclaim.refdata.curated import CuratedSets


@cache
def tables() -> dict[str, Any]:
    raw = yaml.safe_load((files("teleclaim.rules.homehealth") / "tables.yaml").read_text("utf-8"))
    return {k: v["values"] for k, v in raw.items()}


def T(name: str) -> Any:
    return tables()[name]


@cache
def S(name: str) -> frozenset[str]:
    """A table of codes as a frozenset, built once (the rules test membership on every claim)."""
    return frozenset(tables()[name])


@lru_cache(maxsize=8192)
def _norm(code: str) -> str:
    return code.strip().upper()


class _Memo(dict[Any, Any]):
    """``memo[key]`` is ``fn(key)``, computed once per key (bounded: cleared past 65,536 keys, so odd
    input cannot grow it without end). Its bound ``__getitem__`` is a cheap call for the per-line
    helpers below, which every home-health edit calls on every line."""

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Any) -> Any:
        if len(self) >= 65536:
            self.clear()
        value = self[key] = self.fn(key)
        return value


_FAMILY = _Memo(lambda rev: revenue_family(rev) if rev else None)
_REV4 = _Memo(lambda rev: revenue4(rev) if rev else None)
_CODE = _Memo(lambda code: _norm(code) if code else None)
#: the tables behind ``family`` and ``code_of`` for the loops over every visit line, where a call per
#: line shows: ``FAMILY[line.revenue_code]`` is ``family(line.revenue_code)``, ``CODE[line.code]`` is
#: ``code_of(line)``
FAMILY: dict[str | None, str | None] = _FAMILY
CODE: dict[str | None, str | None] = _CODE


def family(rev: str | None) -> str | None:
    """``"0551"`` -> ``"055X"``; three-digit codes are zero-padded (``"551"`` -> ``"055X"``)."""
    return _FAMILY[rev]  # type: ignore[no-any-return]


def rev4(rev: str | None) -> str | None:
    return _REV4[rev]  # type: ignore[no-any-return]


def code_of(line: ServiceLine) -> str | None:
    return _CODE[line.code]  # type: ignore[no-any-return]


@cache
def _line_sets() -> tuple[frozenset[str], ...]:
    t = tables()
    return (
        frozenset(t["visit_revenue_families"]),
        frozenset(t["skilled_revenue_families"]),
        frozenset(t["telecom_codes"]),
        frozenset(t["site_of_service_codes"]) | frozenset(t["hospice_site_codes"]),
        frozenset(t["hipps_revenue_codes"]),
    )


#: (revenue code, code) -> the line's group: 0 none, 1 telecom, 2 site of service, 3 HIPPS, 4 visit,
#: 5 skilled visit (the first that fits, in that order); filled as lines come
_CLASSES: dict[tuple[str | None, str | None], int] = {}


def _classify(rev: str | None, raw_code: str | None) -> int:
    visit_fams, skilled, tele, site, hipps_revs = _line_sets()
    fam = revenue_family(rev) if rev else None
    code = _norm(raw_code) if raw_code else None
    if code in tele:
        hit = 1
    elif code in site:
        hit = 2
    elif rev and revenue4(rev) in hipps_revs:
        hit = 3
    elif fam in visit_fams:
        hit = 5 if fam in skilled else 4
    else:
        hit = 0
    if len(_CLASSES) < 65536:  # bounded: odd input must not grow it without end
        _CLASSES[(rev, raw_code)] = hit
    return hit


class HHView:
    __slots__ = (
        "claim",
        "freq",
        "is_32",
        "is_34",
        "is_noa",
        "is_period",
        "is_cancel",
        "conditions",
        "visits",
        "skilled",
        "telecom",
        "site",
        "hipps",
    )

    def __init__(self, claim: Claim) -> None:
        t = tables()
        self.claim = claim
        self.freq = (claim.frequency or "").upper()
        self.is_32 = claim.facility_code == "32"
        self.is_34 = claim.facility_code == "34"
        self.is_noa = self.is_32 and self.freq in t["noa_frequencies"]
        self.is_period = self.is_32 and self.freq in t["period_frequencies"]
        self.is_cancel = self.freq in ("8", "D")
        self.conditions = {c.strip().upper() for c in claim.conditions if c} if claim.conditions else set()
        self.visits: list[ServiceLine] = []
        self.skilled: list[ServiceLine] = []
        self.telecom: list[ServiceLine] = []
        self.site: list[ServiceLine] = []
        self.hipps: list[ServiceLine] = []
        # the hot path of every 32X/34X claim: one cached look-up per line, by (revenue code, code)
        visits, skilled = self.visits, self.skilled
        groups = (None, self.telecom, self.site, self.hipps)  # by group number
        known = _CLASSES
        for ln in claim.lines:
            key = (ln.revenue_code, ln.code)
            group = known.get(key)
            if group is None:
                group = _classify(*key)
            if group >= 4:
                visits.append(ln)
                if group == 5:
                    skilled.append(ln)
            elif group:
                groups[group].append(ln)  # type: ignore[union-attr]

    @property
    def period_days(self) -> int | None:
        f, th = self.claim.statement_from, self.claim.statement_to
        return (th - f).days + 1 if f and th else None

    @staticmethod
    def fam(line: ServiceLine) -> str | None:
        return _FAMILY[line.revenue_code]  # type: ignore[no-any-return]

    def lines_with_fam(self) -> list[tuple[ServiceLine, str | None]]:
        fam = _FAMILY
        return [(ln, fam[ln.revenue_code]) for ln in self.claim.lines]

    def first_visit_date(self) -> dt.date | None:
        dates = [ln.date for ln in self.visits if ln.date]
        return min(dates) if dates else None


def view(claim: Claim, ctx: Context) -> HHView:
    v: HHView | None = ctx.scratch.get("hh")
    if v is None or v.claim is not claim:
        v = ctx.scratch["hh"] = HHView(claim)
    return v


def discipline_families(ctx: Context) -> _Memo | None:
    """``table[code]``: the one visit revenue family of a discipline G-code (curated
    ``companion.revenue_codes``), None when the code is not a discipline G-code; the table is None
    when the code sets are unavailable. Filled as codes come and kept for the run (``ctx.memo``): the
    visit edits look up every visit line."""
    codes = ctx.codes
    if codes is None:
        return None
    fams: _Memo | None = ctx.memo.get("discipline_family")
    if fams is None:
        fams = ctx.memo["discipline_family"] = _Memo(lambda code: _discipline_family(codes, code))
    return fams


def hcpcs_windows(ctx: Context) -> _Memo:
    """``table[code]``: the curated HCPCS window of a code, (effective_from, effective_to) with None
    for an open end, or None when the code is not curated (``CuratedSets.window``), for the edits
    that judge every line's code on its date; kept for the run. Needs the code sets (``ctx.codes``)."""
    codes = ctx.codes
    assert codes is not None
    table: _Memo | None = ctx.memo.get("hcpcs_window")
    if table is None:
        table = ctx.memo["hcpcs_window"] = _Memo(lambda code: codes.window("hcpcs", code))
    return table


def _discipline_family(codes: CuratedSets, code: str | None) -> str | None:
    if not code or code in S("telecom_codes"):
        return None
    entry = codes.get("hcpcs", code)
    revs = ((entry.get("companion") or {}).get("revenue_codes") or []) if entry else []
    fams = {family(str(r)) for r in revs}
    return fams.pop() if len(fams) == 1 and fams <= S("visit_revenue_families") else None


def is_whole(n: Decimal | None) -> bool:
    return n is not None and n == n.to_integral_value()

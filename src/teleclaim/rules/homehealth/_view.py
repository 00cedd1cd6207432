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
from typing import Any

import yaml

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.rules.context import Context

UNKNOWN = "unknown"  # sentinel: the code sets are unavailable


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


@lru_cache(maxsize=4096)
def _family(rev: str) -> str:
    rev = rev.strip()
    if len(rev) == 3 and rev.isdigit():
        rev = "0" + rev
    return rev[:3] + "X" if len(rev) == 4 else rev


@lru_cache(maxsize=4096)
def _rev4(rev: str) -> str:
    rev = rev.strip()
    return "0" + rev if len(rev) == 3 and rev.isdigit() else rev


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


_FAMILY = _Memo(lambda rev: _family(rev) if rev else None)
_REV4 = _Memo(lambda rev: _rev4(rev) if rev else None)
_CODE = _Memo(lambda code: _norm(code) if code else None)


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


#: (revenue code, code) -> (revenue family, group, skilled?): group 0 none, 1 telecom, 2 site of
#: service, 3 HIPPS, 4 visit (the first that fits, in that order); filled as lines come
_CLASSES: dict[tuple[str | None, str | None], tuple[str | None, int, bool]] = {}


def _classify(rev: str | None, raw_code: str | None) -> tuple[str | None, int, bool]:
    visit_fams, skilled, tele, site, hipps_revs = _line_sets()
    fam = _family(rev) if rev else None
    code = _norm(raw_code) if raw_code else None
    if code in tele:
        hit = (fam, 1, False)
    elif code in site:
        hit = (fam, 2, False)
    elif rev and _rev4(rev) in hipps_revs:
        hit = (fam, 3, False)
    elif fam in visit_fams:
        hit = (fam, 4, fam in skilled)
    else:
        hit = (fam, 0, False)
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
        "fams",
        "_fam_by_id",
        "visits",
        "skilled",
        "telecom",
        "site",
        "hipps",
        "period_days",
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
        self.conditions = {c.strip().upper() for c in claim.conditions if c}
        self.fams: list[str | None] = []
        self._fam_by_id: dict[int, str | None] = {}
        self.visits: list[ServiceLine] = []
        self.skilled: list[ServiceLine] = []
        self.telecom: list[ServiceLine] = []
        self.site: list[ServiceLine] = []
        self.hipps: list[ServiceLine] = []
        fams, by_id = self.fams, self._fam_by_id
        # the hot path of every 32X/34X claim: one cached look-up per line, by (revenue code, code)
        no_group: list[ServiceLine] = []
        groups = (no_group, self.telecom, self.site, self.hipps, self.visits)  # by group number
        skilled = self.skilled
        known = _CLASSES
        for ln in claim.lines:
            key = (ln.revenue_code, ln.code)
            hit = known.get(key)
            if hit is None:
                hit = _classify(*key)
            fam, group, is_skilled = hit
            fams.append(fam)
            by_id[id(ln)] = fam
            if group:
                groups[group].append(ln)
                if is_skilled:
                    skilled.append(ln)
        f, th = claim.statement_from, claim.statement_to
        self.period_days = (th - f).days + 1 if f and th else None

    def fam(self, line: ServiceLine) -> str | None:
        return self._fam_by_id.get(id(line))

    def lines_with_fam(self) -> list[tuple[ServiceLine, str | None]]:
        return list(zip(self.claim.lines, self.fams, strict=False))

    def first_visit_date(self) -> dt.date | None:
        dates = [ln.date for ln in self.visits if ln.date]
        return min(dates) if dates else None


def view(claim: Claim, ctx: Context) -> HHView:
    v: HHView | None = ctx.scratch.get("hh")
    if v is None or v.claim is not claim:
        v = ctx.scratch["hh"] = HHView(claim)
    return v


def discipline_family(ctx: Context, code: str | None) -> str | None:
    """The one visit revenue family of a discipline G-code (curated ``companion.revenue_codes``),
    None when the code is not a discipline G-code, ``UNKNOWN`` when the code sets are unavailable."""
    if ctx.codes is None:
        return UNKNOWN
    if not code or code in S("telecom_codes"):
        return None
    key = ("discipline_family", code)
    memo = ctx.memo
    if key in memo:
        known: str | None = memo[key]
        return known
    entry = ctx.codes.get("hcpcs", code)
    revs = ((entry.get("companion") or {}).get("revenue_codes") or []) if entry else []
    fams = {family(str(r)) for r in revs}
    fam = fams.pop() if len(fams) == 1 and fams <= S("visit_revenue_families") else None
    ctx.memo[key] = fam
    return fam


def is_whole(n: Decimal | None) -> bool:
    return n is not None and n == n.to_integral_value()

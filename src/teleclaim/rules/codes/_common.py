"""What the code edits share: which lines they judge, the date a line is judged by, authorities."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Authority, Effective, Scope

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Every claim type and bill type; windows are the code sets' own, by the line's date.
ANY_CLAIM: Scope = {"effective": Effective(keyed_to="line_date"), "claim_types": ("837P", "837I"), "bill_types": ("*",)}
PROFESSIONAL: Scope = {"effective": Effective(keyed_to="line_date"), "claim_types": ("837P",), "bill_types": ("*",)}


@cache
def _registry() -> dict[str, tuple[str, str]]:
    out = {}
    for name in ("sources.yaml", "sources_codes.yaml"):
        raw = yaml.load((files("teleclaim.refdata") / "data" / name).read_text("utf-8"), Loader=_LOADER)
        out.update({e["id"]: (e["title"], e["url"]) for e in raw["sources"]})
    return out


def auth(source: str, section: str) -> Authority:
    title, url = _registry()[source]
    return Authority(title=title, url=url, section=section, source=source)


def judged(claim: Claim, ctx: Context | None = None) -> list[tuple[ServiceLine, str, dt.date | None]]:
    """(line, upper-cased code, date) of every line whose procedure code the edits judge: all coded
    lines of an 837P; on an 837I lines with an HCPCS/CPT code (qualifier HC or none), never the HIPPS
    line (revenue 0023 or qualifier HP: HH032 judges it). Computed once per claim (``ctx.scratch``)."""
    if ctx is None:
        return list(_judged(claim))
    hit: list[tuple[ServiceLine, str, dt.date | None]] | None = ctx.scratch.get("cv")
    if hit is None:
        hit = ctx.scratch["cv"] = list(_judged(claim))
    return hit


def _judged(claim: Claim) -> list[tuple[ServiceLine, str, dt.date | None]]:
    inst = claim.kind == "837I"
    fallback = claim.statement_from
    out = []
    known = _JUDGED
    for ln in claim.lines:
        key = (ln.code, ln.code_qualifier, ln.revenue_code if inst else None)
        code = known.get(key, _MISS)
        if code is _MISS:
            code = _judged_code(*key)
        if code is not None:
            out.append((ln, code, ln.date or fallback))
    return out


#: (code, qualifier, 837I revenue code) -> the upper-cased code, or None when the line is not judged
_JUDGED: dict[tuple[str | None, str | None, str | None], str | None] = {}
_MISS: Any = object()


def _judged_code(code: str | None, q: str | None, rev: str | None) -> str | None:
    out = None
    if code and (q is None or q == "HC" or q.upper() == "HC") and not (rev and rev.startswith("0023")):
        out = code.strip().upper()
    if len(_JUDGED) < 65536:  # bounded: odd input must not grow it without end
        _JUDGED[(code, q, rev)] = out
    return out


def curated_knows(ctx: Context, code: str) -> bool:
    """The curated sets have the code (its window is then TH001's / the home-health edits' business)."""
    key = ("cv_curated", code)
    hit: bool | None = ctx.memo.get(key)
    if hit is None:
        cs = ctx.codes
        hit = ctx.memo[key] = cs is not None and bool(cs.get("cpt", code) or cs.get("hcpcs", code))
    return hit


def did_you_mean(cands: list[str]) -> str:
    return f" (did you mean {', '.join(cands)}?)" if cands else ""

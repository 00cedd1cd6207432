"""What the code edits share: which lines they judge, the date a line is judged by, authorities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.rules.meta import Authority, Effective

#: Every claim type and bill type; windows are the code sets' own, by the line's date.
ANY_CLAIM = {"effective": Effective(keyed_to="line_date"), "claim_types": ("837P", "837I"), "bill_types": ("*",)}
PROFESSIONAL = {"effective": Effective(keyed_to="line_date"), "claim_types": ("837P",), "bill_types": ("*",)}


@cache
def _registry() -> dict[str, tuple[str, str]]:
    out = {}
    for name in ("sources.yaml", "sources_codes.yaml"):
        raw = yaml.safe_load((files("teleclaim.refdata") / "data" / name).read_text("utf-8"))
        out.update({e["id"]: (e["title"], e["url"]) for e in raw["sources"]})
    return out


def auth(source: str, section: str) -> Authority:
    title, url = _registry()[source]
    return Authority(title=title, url=url, section=section, source=source)


def judged(claim: Claim) -> Iterator[tuple[ServiceLine, str, dt.date | None]]:
    """(line, upper-cased code, date) of every line whose procedure code the edits judge: all coded
    lines of an 837P; on an 837I lines with an HCPCS/CPT code (qualifier HC or none), never the HIPPS
    line (revenue 0023 or qualifier HP: HH032 judges it)."""
    inst = claim.kind == "837I"
    for ln in claim.lines:
        if not ln.code:
            continue
        if inst and ((ln.revenue_code or "").startswith("0023") or (ln.code_qualifier or "HC").upper() != "HC"):
            continue
        if not inst and (ln.code_qualifier or "HC").upper() != "HC":
            continue
        yield ln, ln.code.strip().upper(), ln.date or claim.statement_from


def curated_knows(ctx: Any, code: str) -> bool:
    """The curated sets have the code (its window is then TH001's / the home-health edits' business)."""
    cs = ctx.codes
    if cs is None:
        return False
    return bool(cs.get("cpt", code) or cs.get("hcpcs", code))


def did_you_mean(cands: list[str]) -> str:
    return f" (did you mean {', '.join(cands)}?)" if cands else ""

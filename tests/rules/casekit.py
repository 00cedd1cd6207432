"""Builds the claims of the rule case files (``cases/<CODE>.yml``) and compares findings."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.model.jsonform import claim_from_json
from teleclaim.refdata.curated import CuratedSets

HERE = Path(__file__).parent
CASES = HERE / "cases"
DEFAULT_AS_OF = dt.date(2026, 1, 15)


@cache
def bases() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((CASES / "_bases.yml").read_text())


def case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*.yml") if not p.name.startswith("_"))


def load_case_file(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def claim_json(case: dict[str, Any]) -> dict[str, Any]:
    base = case.get("base", "period")
    obj = copy.deepcopy(bases()[base]) if base != "none" else {}
    obj.update(copy.deepcopy(case.get("claim") or {}))
    lines = obj.setdefault("lines", [])
    drop = set(case.get("lines_drop") or [])
    lines[:] = [ln for ln in lines if ln.get("line") not in drop]
    for num, changes in (case.get("lines_set") or {}).items():
        ln = next(x for x in lines if x["line"] == int(num))
        for k, v in changes.items():
            if v is None:
                ln.pop(k, None)
            else:
                ln[k] = v
    nxt = max((ln["line"] for ln in lines), default=0) + 1
    for add in copy.deepcopy(case.get("lines_add") or []):
        add.setdefault("line", nxt)
        nxt = add["line"] + 1
        lines.append(add)
    if "total_charge" not in (case.get("claim") or {}):
        obj["total_charge"] = str(sum((Decimal(str(ln.get("charge") or 0)) for ln in lines), Decimal(0)))
    return obj


def build_claim(case: dict[str, Any]) -> Claim:
    return claim_from_json(claim_json(case), where=case.get("name", "case"))


def build_claims(case: dict[str, Any]) -> list[Claim]:
    """A case's claims: one, or for cross-claim cases each entry of ``claims:`` (a sub-case that
    inherits the case's ``base``), checked together in one run."""
    if "claims" not in case:
        return [build_claim(case)]
    out = []
    for i, sub in enumerate(case["claims"]):
        sub = {"base": case.get("base", "period"), **copy.deepcopy(sub)}
        sub["claim"] = {**copy.deepcopy(case.get("claim") or {}), **(sub.get("claim") or {})}
        sub["claim"].setdefault("claim_id", f"C{i + 1}")
        out.append(claim_from_json(claim_json(sub), where=f"{case.get('name', 'case')} claim {i + 1}"))
    return out


def case_roster(case: dict[str, Any]) -> Any:
    """The roster of a credential case (``roster:`` in the JSON roster form, optional ``ordering:``
    ``{released: DATE, hha: [NPI ...]}`` for the CMS Order and Referring list), else None."""
    if "roster" not in case:
        return None
    from teleclaim.credentials import RosterIndex, parse_roster
    from teleclaim.credentials.ordering import OrderReferring

    orl = None
    if "ordering" in case:
        o = case["ordering"]
        orl = OrderReferring(released=o.get("released"), npis={str(n): {"hha": True} for n in o.get("hha") or []})
    return RosterIndex(parse_roster(case["roster"], where=case.get("name", "case")), source="case roster", ordering=orl)


def token(f: Finding, multi: bool = False) -> str:
    if multi:
        return f.rule + f"@{f.claim_id}" + (f":{f.line}" if f.line is not None else "")
    return f.rule + (f"@{f.line}" if f.line is not None else "")


def compare(found: list[Finding], expect: list[str], multi: bool = False) -> tuple[list[str], list[str]]:
    """(expected but not found, found but not expected). Tokens: CODE[@LINE][ qualifier], where the
    qualifier is a severity or ``not_checked``; a not_checked finding needs that qualifier. With
    several claims (``multi``) the place is ``CODE@CLAIM_ID:LINE``."""
    pool = list(found)
    missing = []
    for exp in expect:
        base, _, qual = str(exp).partition(" ")
        hit = next(
            (
                f
                for f in pool
                if token(f, multi) == base
                and ((qual == "not_checked") == (f.status == "not_checked"))
                and (not qual or qual in (f.status, f.severity))
            ),
            None,
        )
        if hit is None:
            missing.append(exp)
        else:
            pool.remove(hit)
    extra = [f"{token(f, multi)} {f.status if f.status == 'not_checked' else f.severity}: {f.message}" for f in pool]
    return missing, extra


def stand_in_codes() -> CuratedSets:
    raw = yaml.safe_load((HERE / "fixtures" / "codes.yml").read_text())
    entries = []
    for system, codes in raw.items():
        for code, e in codes.items():
            e = e or {}
            entries.append(
                {
                    "system": system,
                    "code": str(code),
                    "name": str(code),
                    "effective_from": e.get("from"),
                    "effective_to": e.get("to"),
                    "companion": {"revenue_codes": e["revenue_codes"]} if "revenue_codes" in e else {},
                }
            )
    return CuratedSets(entries)


def case_codes():
    """The curated code sets when the package has them (G0299 present), else the stand-in."""
    from teleclaim.rules.context import default_codes

    cs = default_codes()
    if cs is not None and cs.get("hcpcs", "G0299") and cs.get("point_of_origin", "B"):
        return cs
    return stand_in_codes()


def case_refs(kind: str | None):
    """The code sets of the generic code edits for a case (``refs:`` key): none (default: the CV edits
    do not run), ``shipped`` (package data, no PFS release) or ``pfs`` (plus a synthetic PFS release
    for 2025 and 2026 built from tests/fixtures/pfs; every description a placeholder)."""
    if not kind or kind == "none":
        return None
    from teleclaim.refdata.code_sets import CodeRefs

    if kind == "shipped":
        return CodeRefs(pfs=None)
    return CodeRefs(pfs=_synthetic_pfs())


@cache
def _synthetic_pfs():
    import tempfile

    from teleclaim.refdata.pfs import PfsIndex, parse_pfs_paths
    from teleclaim.store import SQLiteStore
    from teleclaim.store.pfs import save_pfs

    src = (HERE.parent / "fixtures" / "pfs" / "PPRRVU24_JAN_synthetic.csv").read_bytes()
    store = SQLiteStore(":memory:")
    with tempfile.TemporaryDirectory() as tmp:
        for year in (2025, 2026):
            p = Path(tmp) / f"PPRRVU{year}.csv"
            p.write_bytes(src.replace(b"2024 National", f"{year} National".encode()))
            save_pfs(store, parse_pfs_paths([p]))
    return PfsIndex(store)

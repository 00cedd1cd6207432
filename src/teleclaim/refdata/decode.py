"""Meanings of the administrative fields of a HCPCS record (pricing, coverage, BETOS, TOS ...).

``decode_admin(admin)`` takes the raw values as stored (``{"pricing": ["13"], "coverage": "C",
...}``) and returns each with its meaning from ``data/hcpcs_fields.yaml``. Values not in the
tables are kept and marked as unknown; keys without a table (dates and others) pass through,
dates as ISO strings.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from teleclaim.errors import DataError

UNKNOWN = "unknown value (not in the CMS record layout)"
_LIST_FIELDS = ("pricing", "tos")
_SIMPLE_TABLES = ("multiple_pricing", "coverage", "action")


@cache
def tables() -> dict[str, Any]:
    """The decode tables (loaded once)."""
    f = files("teleclaim.refdata") / "data" / "hcpcs_fields.yaml"
    try:
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"decode tables {f.name} cannot be read: {exc}. Reinstall teleclaim.", file=f.name) from None
    if not isinstance(doc, dict):
        raise DataError(f"decode tables {f.name} are empty or not a mapping. Reinstall teleclaim.", file=f.name)
    return doc


def _norm(value: Any, width: int = 0) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and width:
        return str(value).zfill(width)
    return str(value).strip().upper()


def decode_pricing(value: Any) -> dict[str, Any]:
    t = tables()["pricing"]
    v = _norm(value, 2)
    row = t["codes"].get(v)
    if not row:
        return {"value": v, "meaning": UNKNOWN, "group": None}
    return {"value": v, "meaning": row["meaning"], "group": t["groups"].get(row["group"], row["group"])}


def decode_tos(value: Any) -> dict[str, Any]:
    v = _norm(value)
    row = tables()["tos"].get(v)
    if not row:
        return {"value": v, "meaning": UNKNOWN}
    out = {"value": v, "meaning": row["meaning"]}
    if row.get("expired"):
        out["expired"] = True
    return out


def decode_betos(value: Any) -> dict[str, Any]:
    t = tables()["betos"]
    v = _norm(value)
    family = t["families"].get(v[:2])
    meaning = t["codes"].get(v)
    if meaning is None and family is not None:
        meaning = f"{family} (subcategory {v} not in our table)" if len(v) > 2 else family
    out: dict[str, Any] = {"value": v, "meaning": meaning or UNKNOWN}
    if family is not None:
        out["family"] = {"value": v[:2], "meaning": family}
        out["category"] = t["categories"].get(v[:1])
    return out


def decode_simple(name: str, value: Any) -> dict[str, Any]:
    """multiple_pricing, coverage or action: ``{"value", "meaning"}``."""
    v = _norm(value)
    return {"value": v, "meaning": tables()[name].get(v, UNKNOWN)}


def decode_admin(admin: dict[str, Any]) -> dict[str, Any]:
    """Each known field with its meaning; other fields pass through (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for key, value in admin.items():
        if key in _LIST_FIELDS:
            items = [value] if isinstance(value, (str, int)) else list(value or [])
            fn = decode_pricing if key == "pricing" else decode_tos
            out[key] = [fn(x) for x in items if str(x).strip()]
        elif value is None or value == "":
            out[key] = None
        elif key in _SIMPLE_TABLES:
            out[key] = decode_simple(key, value)
        elif key == "betos":
            out[key] = decode_betos(value)
        elif isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()[:10]
        else:
            out[key] = value
    return out

"""The fees core's small cited tables (``fees/data/pfs_settings.yaml``): facility/non-facility POS,
status codes of the PFS, non-physician practitioner percentage, coinsurance and sequestration by date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((files("teleclaim.fees") / "data" / "pfs_settings.yaml").read_text("utf-8"))
    return data


def setting_for(pos: str, on: dt.date) -> str:
    """``"facility"`` or ``"non_facility"``: which PE RVU the PFS uses at this place of service on this date."""
    win = table()["facility_pos"].get(str(pos).zfill(2))
    if win is None:
        return "non_facility"
    start, end = win.get("from"), win.get("to")
    return "facility" if (start is None or start <= on) and (end is None or on <= end) else "non_facility"


def status(code: str) -> dict[str, Any]:
    st = table()["status_meaning"].get(code)
    return st or {"payable": False, "meaning": f"status {code!r} is not one the fee schedule pays"}


def npp_kind(taxonomy: str | None) -> tuple[str, Decimal] | None:
    """(kind, percent of the PFS amount) of a non-physician practitioner's rendering taxonomy, else None."""
    return _npp_kind(taxonomy.strip().upper()) if taxonomy else None


@lru_cache(maxsize=1024)
def _npp_kind(t: str) -> tuple[str, Decimal] | None:
    for prefix, row in table()["npp_percent"].items():
        if t.startswith(prefix.upper()):
            return str(row["kind"]), Decimal(str(row["percent"]))
    return None


@lru_cache(maxsize=4096)
def sequestration_percent(on: dt.date) -> Decimal:
    for row in table()["sequestration"]:
        if row["from"] <= on and (row["to"] is None or on <= row["to"]):
            return Decimal(str(row["percent"]))
    return Decimal(0)


@cache
def coinsurance_percent() -> Decimal:
    return Decimal(str(table()["coinsurance_percent"]))

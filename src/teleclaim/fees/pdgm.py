"""Home health PDGM tables by rate year: case-mix weights, LUPA thresholds, national rates.

The package data (``fees/data/hh_rates.yaml``, ``fees/data/pdgm_cy2026.csv``) is dated and cited.
CMS keys each annual HH PPS update by the end of the 30-day period, so every look-up here takes
the period's Through date (``Claim.statement_to``): ``rate_year(on)`` is the rate year whose
window holds it. A date in a rate year without a loaded case-mix table gets ``None`` from
``case_mix`` and ``lupa_threshold`` (callers say so; nothing is guessed from another year).

Public look-ups::

    rate_year(on) -> RateYear | None
    case_mix(hipps, on) -> CaseMix | None        # weight and LUPA threshold
    lupa_threshold(hipps, on) -> int | None
    is_pdgm_code(hipps, on) -> bool | None       # None: no table for that date
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class CaseMix:
    hipps: str
    weight: Decimal
    lupa_threshold: int
    table: str


@dataclass(frozen=True, slots=True)
class RateYear:
    year: int
    start: dt.date
    end: dt.date
    labor_share: Decimal
    thirty_day_rate: dict[str, Decimal | None]  # submitter / non_submitter
    per_visit: dict[str, dict[str, Decimal] | None]  # submitter / non_submitter -> discipline -> rate
    lupa_addon: dict[str, Decimal]
    case_mix_table: str | None
    cite: dict[str, str]

    def rate(self, quality: str) -> Decimal | None:
        return self.thirty_day_rate.get(quality)

    def visit_rates(self, quality: str) -> dict[str, Decimal] | None:
        return self.per_visit.get(quality)

    def source(self, item: str) -> str:
        tag = self.cite.get(item, "")
        return "; ".join(sources().get(t.strip(), t.strip()) for t in tag.split(";")) if tag else ""


def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v))


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((files("teleclaim.fees") / "data" / "hh_rates.yaml").read_text("utf-8"))
    return data


def sources() -> dict[str, str]:
    return dict(_raw()["sources"])


def disciplines() -> dict[str, str]:
    """Visit revenue family (``"055X"``) -> discipline (``"skilled_nursing"``)."""
    return dict(_raw()["disciplines"])


@cache
def rate_years() -> tuple[RateYear, ...]:
    out = []
    for year, y in sorted(_raw()["years"].items()):
        pv = {
            q: ({d: Decimal(str(v)) for d, v in rates.items()} if rates else None)
            for q, rates in y["per_visit"].items()
        }
        out.append(
            RateYear(
                year=int(year),
                start=y["from"],
                end=y["to"],
                labor_share=Decimal(str(y["labor_share"])),
                thirty_day_rate={q: _dec(v) for q, v in y["thirty_day_rate"].items()},
                per_visit=pv,
                lupa_addon={d: Decimal(str(v)) for d, v in (y.get("lupa_addon") or {}).items()},
                case_mix_table=y.get("case_mix_table"),
                cite={k: str(v) for k, v in y.get("cite", {}).items()},
            )
        )
    return tuple(out)


def rate_year(on: dt.date | None) -> RateYear | None:
    if on is None:
        return None
    for ry in rate_years():
        if ry.start <= on <= ry.end:
            return ry
    return None


@cache
def _table(name: str) -> dict[str, CaseMix]:
    text = (files("teleclaim.fees") / "data" / name).read_text("utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#"))
    return {
        r["hipps"]: CaseMix(r["hipps"], Decimal(r["case_mix_weight"]), int(r["lupa_threshold"]), name) for r in rows
    }


def table_for(on: dt.date | None) -> dict[str, CaseMix] | None:
    ry = rate_year(on)
    return _table(ry.case_mix_table) if ry and ry.case_mix_table else None


def case_mix(hipps: str | None, on: dt.date | None) -> CaseMix | None:
    t = table_for(on)
    return t.get((hipps or "").strip().upper()) if t is not None else None


def lupa_threshold(hipps: str | None, on: dt.date | None) -> int | None:
    """Visits a period of this HIPPS needs to be paid as a full period (fewer -> LUPA), by Through date."""
    cm = case_mix(hipps, on)
    return cm.lupa_threshold if cm else None


def is_pdgm_code(hipps: str | None, on: dt.date | None) -> bool | None:
    t = table_for(on)
    return None if t is None else (hipps or "").strip().upper() in t


def loaded_years() -> list[int]:
    return [ry.year for ry in rate_years() if ry.case_mix_table]

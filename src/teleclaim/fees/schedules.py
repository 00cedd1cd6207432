"""Payer fee schedules declared in a payer profile (``teleclaim.toml``)::

    [profiles.acme_ppo]
    extends = "commercial"
    fee_schedule = { percent_of_medicare = 115 }
    # or: fee_schedule = { csv = "acme_rates.csv" }   (relative to the settings file)

The CSV has a header row ``code,modifier,amount,effective_from,effective_to`` (modifier and
dates may be blank). A contracted rate is found by code, modifier (blank matches a line without a
pricing modifier) and date of service. A profile without ``fee_schedule`` is priced at the
Medicare fee schedule. Errors name the file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError

_COLUMNS = ("code", "modifier", "amount", "effective_from", "effective_to")


@dataclass
class FeeSchedule:
    payer: str
    kind: str  # "medicare" | "percent_of_medicare" | "contract"
    medicare: bool = False  # the payer is Medicare (expected payment: coinsurance, sequestration)
    percent: Decimal | None = None
    source: str | None = None
    rates: dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None, Decimal]]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.kind == "percent_of_medicare":
            return f"{self.payer}: {self.percent} % of the Medicare fee schedule"
        if self.kind == "contract":
            return f"{self.payer}: contracted rates ({self.source})"
        return f"{self.payer}: Medicare physician fee schedule"

    def describe(self) -> dict[str, Any]:
        d = self.__dict__.get("_described")
        if d is None:
            d = self.__dict__["_described"] = self._describe()
        return dict(d)

    def _describe(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "kind": self.kind,
            "percent_of_medicare": None if self.percent is None else str(self.percent),
            "source": self.source,
            "label": self.label,
        }

    def contracted(self, code: str, modifier: str, on: dt.date) -> Decimal | None:
        for start, end, amount in self.rates.get((code.upper(), modifier.upper()), []):
            if (start is None or start <= on) and (end is None or on <= end):
                return amount
        return None


def _date(v: str, where: str) -> dt.date | None:
    v = v.strip()
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise InputError(
            f"{where}: {v!r} is not a date (use YYYY-MM-DD).", code="invalid_fee_schedule", value=v
        ) from None


def load_csv(path: Path) -> dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None, Decimal]]]:
    if not path.is_file():
        raise InputError(
            f"{path}: fee schedule file not found (named by a payer profile's fee_schedule.csv).",
            code="invalid_fee_schedule",
            file=str(path),
        )
    try:
        return _read_rates(path)
    except csv.Error as exc:
        raise InputError(
            f"{path}: not a readable CSV file ({exc}); write one rate per line: {','.join(_COLUMNS)}.",
            code="invalid_fee_schedule",
            file=str(path),
        ) from None


def _read_rates(path: Path) -> dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None, Decimal]]]:
    rates: dict[tuple[str, str], list[Any]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("code", "amount") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path}: line 1 must name the columns {', '.join(_COLUMNS)}; missing {', '.join(missing)}.",
                code="invalid_fee_schedule",
                file=str(path),
                line=1,
            )
        for no, row in enumerate(reader, 2):
            code = (row.get("code") or "").strip().upper()
            if not code:
                continue
            raw = (row.get("amount") or "").strip().lstrip("$")
            try:
                amount = Decimal(raw)
            except InvalidOperation:
                raise InputError(
                    f"{path}: line {no}, column amount: {raw!r} is not an amount.",
                    code="invalid_fee_schedule",
                    file=str(path),
                    line=no,
                    field="amount",
                    value=raw,
                ) from None
            where = f"{path}: line {no}"
            rates.setdefault((code, (row.get("modifier") or "").strip().upper()), []).append(
                (
                    _date(row.get("effective_from") or "", where + ", column effective_from"),
                    _date(row.get("effective_to") or "", where + ", column effective_to"),
                    amount,
                )
            )
    return rates


def schedule_for(profile: Any, base: Path | None = None) -> FeeSchedule:
    """The fee schedule of a payer profile (``refdata.payers.Profile``)."""
    name = getattr(profile, "name", None) or "medicare"
    spec = profile.get("fee_schedule") if profile is not None else None
    medicare = (getattr(profile, "family", "medicare") if profile is not None else "medicare") == "medicare"
    if not spec:
        return FeeSchedule(payer=name, kind="medicare", source="CMS physician fee schedule", medicare=medicare)
    if not isinstance(spec, dict):
        raise InputError(
            f"profile {name}: fee_schedule must be a table, e.g. {{ percent_of_medicare = 115 }}.",
            code="invalid_config",
        )
    if "percent_of_medicare" in spec:
        try:
            pct = Decimal(str(spec["percent_of_medicare"]))
        except InvalidOperation:
            pct = Decimal(-1)
        if pct <= 0:
            raise InputError(
                f"profile {name}: fee_schedule.percent_of_medicare must be a positive number, "
                f"not {spec['percent_of_medicare']!r}.",
                code="invalid_config",
            )
        return FeeSchedule(
            payer=name, kind="percent_of_medicare", percent=pct, source="percent of Medicare", medicare=medicare
        )
    if "csv" in spec:
        p = Path(str(spec["csv"]))
        if not p.is_absolute() and base is not None:
            p = base / p
        return FeeSchedule(payer=name, kind="contract", source=str(p), rates=load_csv(p), medicare=medicare)
    raise InputError(f"profile {name}: fee_schedule needs percent_of_medicare or csv.", code="invalid_config")

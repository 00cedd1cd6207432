"""The price of one code under the Medicare Physician Fee Schedule (and a payer's schedule).

``price_code(idx, code, on=..., ...)`` answers from the PFS release in force on the date
(``idx`` is a ``refdata.pfs.PfsIndex``-like object: ``release_for``, ``row``, ``gpci``,
``locality_for_zip``). The amount is CMS's fee schedule amount::

    (work RVU x work GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x conversion factor

rounded half-up to cents; GPCIs of 1 without a locality (the national amount). The place of
service picks the facility or non-facility PE RVU (``settings_data.setting_for``); a setting the
release marks NA (no PE RVU there) gets no amount. ``--modifier 26``/``TC``/``53`` use their own
rows; other modifiers do not change the price. Status codes other than A, R and T, and rows flagged
"not used for Medicare payment", are not payable (``allowed`` null, with the reason).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from teleclaim.errors import DataError, InputError, NotFoundError
from teleclaim.fees._money import cents, s
from teleclaim.fees.schedules import FeeSchedule
from teleclaim.fees.settings_data import setting_for, status
from teleclaim.text import digits

PRICING_MODIFIERS = ("26", "TC", "53")
ONE = Decimal(1)


def pricing_modifier(modifiers: list[str] | tuple[str, ...] | None) -> str:
    for m in modifiers or ():
        if m and m.strip().upper() in PRICING_MODIFIERS:
            return m.strip().upper()
    return ""


def parse_locality(text: str) -> tuple[str, str]:
    t = text.strip().replace(" ", "")
    mac, sep, num = t.partition("-")
    if not sep and len(t) == 7:
        mac, num = t[:5], t[5:]
    if not (digits(mac) and len(mac) == 5 and digits(num) and 1 <= len(num) <= 2):
        raise InputError(
            f"--locality {text!r}: give MAC-NN, the 5-digit MAC and the 2-digit locality number (e.g. 01112-05).",
            code="invalid_locality",
            value=text,
        )
    return mac, num.zfill(2)


class Pricer:
    """Prices codes against one PFS index; holds the look-ups so repeated prices are dict accesses."""

    def __init__(self, idx: Any, *, qp: bool = False) -> None:
        self.idx = idx
        self.qp = qp
        self._rel: dict[tuple[dt.date, str], Any] = {}
        self._rows: dict[tuple[str, str, str], Any] = {}

    def release_for(self, on: dt.date, having: str = "rvu") -> Any:
        """The index's release in force on a date (memoised per date: the index is read-only here)."""
        key = (on, having)
        if key not in self._rel:
            if len(self._rel) > 20000:
                self._rel.clear()
            rel = self.idx.release_for(on, having=having) if self.idx is not None else None
            if having == "rvu" and rel is not None and getattr(rel, "other_year", False):
                rel = None  # another year's RVUs and conversion factor would be a guess: not used for prices
            self._rel[key] = rel
        return self._rel[key]

    def release(self, on: dt.date) -> Any:
        rel = self.release_for(on)
        if rel is not None and getattr(rel, "other_year", False):
            rel = None  # another year's RVUs and conversion factor would be a guess: no price
        if rel is None:
            raise DataError(
                f"no Medicare physician fee schedule release is loaded for {on}: import the CMS RVU "
                f"file of CY{on.year} (e.g. `teleclaim data import RVU{on.year % 100:02d}A.zip`).",
                code="no_pfs_release",
                on=on.isoformat(),
            )
        return rel

    def locality(self, on: dt.date, locality: str | None = None, zip5: str | None = None) -> tuple[Any, list[str]]:
        reasons: list[str] = []
        if zip5 or locality:
            rvu_rel, g_rel = self.release_for(on), self.release_for(on, having="gpci")
            if g_rel is None or (rvu_rel is not None and g_rel.year != rvu_rel.year):
                have = f" (the loaded GPCIs are {g_rel.label}'s, CY{g_rel.year})" if g_rel else ""
                raise DataError(
                    f"no CY{on.year} GPCI file is loaded{have}: import the CMS GPCI file (Addendum E) of "
                    f"CY{on.year}, or ask without --locality/--zip for the national amount.",
                    code="no_gpci_release",
                    on=on.isoformat(),
                )
        if zip5:
            z = zip5.strip()[:5]
            if not (digits(z) and len(z) == 5):
                raise InputError(f"--zip {zip5!r}: give a 5-digit ZIP code.", code="invalid_zip", value=zip5)
            zl = self.idx.locality_for_zip(z, on)
            if zl is None:
                raise DataError(
                    f"ZIP {z} is not in the loaded ZIP5 locality file for {on}: import the CMS ZIP5 "
                    "file (ZIP Code to Carrier Locality) or give --locality MAC-NN.",
                    code="unknown_zip",
                    zip=z,
                )
            mac, num = zl.carrier, zl.locality
            reasons.append(
                f"ZIP {z} is in MAC {mac} locality {num} per the CMS ZIP5 file"
                + (
                    f" ({zl.year_quarter[:4]} Q{zl.year_quarter[4:]})"
                    if len(getattr(zl, "year_quarter", "") or "") == 5
                    else ""
                )
            )
        elif locality:
            mac, num = parse_locality(locality)
        else:
            return None, reasons
        g = self.idx.gpci(mac, num, on)
        if g is None:
            raise DataError(
                f"locality {mac}-{num} has no GPCIs in the loaded PFS releases for {on}: check the "
                "MAC and locality number, or import the CMS GPCI file (Addendum E).",
                code="unknown_locality",
                locality=f"{mac}-{num}",
            )
        return g, reasons

    def price(
        self,
        code: str,
        *,
        on: dt.date,
        modifier: str | None = None,
        locality: str | None = None,
        zip5: str | None = None,
        pos: str | None = None,
        schedule: FeeSchedule | None = None,
        gpci: Any = None,
    ) -> dict[str, Any]:
        code = code.strip().upper()
        mod = (modifier or "").strip().upper()
        rel = self.release(on)
        reasons: list[str] = []
        if gpci is None and (locality or zip5):
            gpci, reasons = self.locality(on, locality, zip5)
        row_mod = mod if mod in PRICING_MODIFIERS else ""
        if mod and not row_mod:
            reasons.append(f"modifier {mod} does not change the fee schedule amount")
        rkey = (code, row_mod, rel.id)
        if rkey in self._rows:
            row = self._rows[rkey]
        else:
            row = self._rows[rkey] = self.idx.row(code, row_mod, on)
        if row is None:
            raise NotFoundError(
                f"{code}{'-' + row_mod if row_mod else ''} is not in the physician fee schedule "
                f"release {rel.id} in force on {on}.",
                code="not_in_fee_schedule",
                code_value=code,
                release=rel.id,
            )
        if getattr(rel, "note", None):
            reasons.append(rel.note)
        cf = rel.qp_cf if self.qp and rel.qp_cf is not None else rel.cf
        st = status(row.status)
        payable = bool(st["payable"]) and not row.not_used_for_payment
        if row.not_used_for_payment:
            reasons.append("the release flags this code's RVUs as not used for Medicare payment")
        if not st["payable"]:
            reasons.append(f"status {row.status}: {st['meaning']}")
        pw, pe_g, mp_g = (gpci.pw, gpci.pe, gpci.mp) if gpci is not None else (ONE, ONE, ONE)

        def amount(setting: str) -> tuple[Decimal | None, str | None]:
            if not payable or cf is None:
                return None, None
            na = row.pe_f_na if setting == "facility" else row.pe_nf_na
            if na:
                return None, (
                    f"the release has no {setting.replace('_', '-')} practice expense for {code} (NA "
                    "indicator: rarely or never performed in that setting)"
                )
            pe = row.pe_f if setting == "facility" else row.pe_nf
            return cents((row.work * pw + pe * pe_g + row.mp * mp_g) * cf), None

        result: dict[str, Any] = {
            "code": code,
            "modifier": mod or None,
            "on": on.isoformat(),
            "release": rel.id,
            "locality": None
            if gpci is None
            else {"mac": gpci.mac, "number": gpci.locality, "name": gpci.name, "state": gpci.state},
            "pos": None,
            "setting": None,
            "status": {"code": row.status, "meaning": st["meaning"]},
            "payable": payable,
            "global_days": row.global_days or None,
            "rvu": {"work": s(row.work), "pe": None, "mp": s(row.mp)},
            "gpci": {"work": s(pw), "pe": s(pe_g), "mp": s(mp_g)},
            "conversion_factor": s(cf),
            "allowed": None,
            "reasons": reasons,
        }
        if zip5:
            result["zip"] = zip5.strip()[:5]
        if gpci is None:
            reasons.append("national amount (GPCIs of 1): give --locality or --zip for a local amount")
        if cf is None and payable:
            reasons.append(f"the release {rel.id} carries no conversion factor")
        if pos:
            p = str(pos).strip().zfill(2)
            setting = setting_for(p, on)
            result.update(pos=p, setting=setting)
            result["rvu"]["pe"] = s(row.pe_f if setting == "facility" else row.pe_nf)
            allowed, why = amount(setting)
            if why:
                reasons.append(why)
            result["allowed"] = s(allowed)
            reasons.append(f"POS {p} is paid at the {setting.replace('_', '-')} rate")
        else:
            result["rvu"].update(pe_facility=s(row.pe_f), pe_non_facility=s(row.pe_nf))
            by = {k: s(amount(k)[0]) for k in ("facility", "non_facility")}
            result["by_setting"] = by
            for k in ("facility", "non_facility"):
                why = amount(k)[1]
                if why:
                    reasons.append(why)
        if schedule is not None and schedule.kind != "medicare":
            apply_schedule(result, schedule, code, row_mod, on)
        elif schedule is not None:
            result["schedule"] = schedule.describe()
        return result


def apply_schedule(result: dict[str, Any], schedule: FeeSchedule, code: str, mod: str, on: dt.date) -> None:
    """Re-price a Medicare answer with a payer's schedule; keeps Medicare's amount as ``medicare_allowed``."""
    result["schedule"] = schedule.describe()
    result["medicare_allowed"] = result["allowed"]
    if schedule.kind == "percent_of_medicare":
        pct = schedule.percent or Decimal(0)

        def conv(v: Any) -> Any:
            return None if v is None else s(cents(Decimal(v) * pct / 100))

        result["allowed"] = conv(result["allowed"])
        if "by_setting" in result:
            result["medicare_by_setting"] = dict(result["by_setting"])
            result["by_setting"] = {k: conv(v) for k, v in result["by_setting"].items()}
        result["reasons"].append(f"priced by {schedule.label}")
    else:
        amount = schedule.contracted(code, mod, on)
        if amount is None:
            result["allowed"] = None
            if "by_setting" in result:
                result["by_setting"] = dict.fromkeys(result["by_setting"])
            result["reasons"].append(
                f"{schedule.payer} has no contracted rate for {code}{'-' + mod if mod else ''} "
                f"on {on} in {schedule.source}"
            )
        else:
            result["allowed"] = s(cents(amount))
            if "by_setting" in result:
                result["by_setting"] = {k: s(cents(amount)) for k in result["by_setting"]}
            result["reasons"].append(f"priced by {schedule.label}")

"""Claim estimates: what the fee schedule allows for a claim, line by line.

``estimate_claim(claim, ctx, findings=())`` returns one claim entry of the ``teleclaim estimate``
JSON contract::

    {"claim_id", "kind", "payer", "method": "pfs" | "hh_period" | "hh_lupa" | "none",
     "estimate": "123.45" | None, "expected_payment": ... | None, "schedule": {...},
     "lines": [{"line", "code", "units", "allowed", "work_rvu", "expected_payment", "reason",
                "npi"}], "notes": [...]}

* 837P: each line at its date, place of service (line, else claim) and the locality of the
  service facility ZIP (2310C), else the billing provider's (2010AA); units multiply; a
  non-physician practitioner (rendering taxonomy, ``settings_data.npp_kind``) at 85 % (clinical social
  workers 75 %); a line
  with an error finding is not billable: 0 with the finding as the reason. ``work_rvu`` is the
  work RVU x units (the wRVU log).
* 837I 32X period claims: PDGM / LUPA (``fees.hh``); other institutional claims: method none.
* Medicare claims also carry ``expected_payment``: allowed less 20 % coinsurance and the payment
  sequestration in force on the date; the deductible is unknown and the notes say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from teleclaim.errors import TeleclaimError
from teleclaim.fees import hh
from teleclaim.fees._money import cents, s
from teleclaim.fees.price import Pricer, pricing_modifier
from teleclaim.fees.schedules import FeeSchedule
from teleclaim.fees.settings_data import coinsurance_percent, npp_kind, sequestration_percent
from teleclaim.model.claim import Claim
from teleclaim.text import digits

DEDUCTIBLE_NOTE = (
    "expected payment = allowed less 20 % coinsurance and the sequestration in force; the Part B "
    "deductible is unknown and not subtracted"
)

HH_PAYMENT_NOTE = (
    "expected payment = allowed less the sequestration in force (Medicare charges no coinsurance or "
    "deductible for home health services, SSA §§1813, 1833(b)(2))"
)


@dataclass
class FeeContext:
    """What an estimate may consult besides the claim (built by the service layer)."""

    pricer: Pricer | None = None
    wage_index: hh.WageIndexLookup | None = None
    schedule: Callable[[Claim], FeeSchedule] | None = None
    quality: str = "submitter"  # HH quality-data submitter, or "non_submitter"
    noa_sent: dict[tuple[str, dt.date], dt.date] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)


def _zip(claim: Claim) -> tuple[str | None, str]:
    for who, p in (
        ("service facility (2310C)", claim.service_facility),
        ("billing provider (2010AA)", claim.billing_provider),
    ):
        z = p and p.address and p.address.zip
        if z and digits(z.strip()[:5]) and len(z.strip()) >= 5:
            return z.strip()[:5], who
    return None, ""


def _gpci(ctx: FeeContext, zip5: str | None, on: dt.date) -> tuple[Any, str | None]:
    if ctx.pricer is None or ctx.pricer.release_for(on) is None:
        return None, None  # the line reports the missing release
    if zip5 is None:
        return None, "no service facility or billing provider ZIP: national amount (GPCIs of 1)"
    key = ("gpci", zip5, on.year, (on.month - 1) // 3)  # PFS releases change on quarter boundaries
    if key not in ctx.memo:
        try:
            ctx.memo[key] = (ctx.pricer.locality(on, zip5=zip5)[0], None)
        except TeleclaimError as exc:
            ctx.memo[key] = (None, f"{exc.message} National amount used.")
    hit: tuple[Any, str | None] = ctx.memo[key]
    return hit


def _expected(allowed: Decimal | None, on: dt.date | None) -> Decimal | None:
    if allowed is None or on is None:
        return None
    paid = allowed * (100 - coinsurance_percent()) / 100
    return cents(paid * (100 - sequestration_percent(on)) / 100)


def _blocked(findings: Iterable[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for f in findings:
        if f.line is not None and f.severity == "error" and f.status == "failed":
            out.setdefault(f.line, f"not billable: {f.rule} {f.message}")
    return out


def estimate_claim(claim: Claim, ctx: FeeContext, findings: Iterable[Any] = ()) -> dict[str, Any]:
    sched = ctx.schedule(claim) if ctx.schedule else FeeSchedule(payer="medicare", kind="medicare", medicare=True)
    medicare = sched.medicare and sched.kind == "medicare"
    entry: dict[str, Any] = {
        "claim_id": claim.claim_id,
        "kind": claim.kind,
        "payer": sched.payer,
        "method": "none",
        "estimate": None,
        "schedule": sched.describe(),
        "lines": [],
        "notes": [],
    }
    if claim.kind == "837I":
        _institutional(claim, ctx, entry, medicare)
    else:
        _professional(claim, ctx, entry, sched, medicare, _blocked(findings))
    if medicare and entry["estimate"] is not None:
        total = sum(
            (Decimal(ln["expected_payment"]) for ln in entry["lines"] if ln.get("expected_payment")), Decimal(0)
        )
        if claim.kind == "837I":
            on = claim.statement_to or claim.statement_from
            total = cents(Decimal(entry["estimate"]) * (100 - sequestration_percent(on)) / 100) if on else Decimal(0)
            entry["notes"].append(HH_PAYMENT_NOTE)
        else:
            entry["notes"].append(DEDUCTIBLE_NOTE)
        entry["expected_payment"] = s(total)
    else:
        entry["expected_payment"] = None
    return entry


def _institutional(claim: Claim, ctx: FeeContext, entry: dict[str, Any], medicare: bool) -> None:
    tob = claim.type_of_bill or ""
    if tob.startswith("32") and (claim.frequency or "").upper() in ("9", "7"):
        if not medicare:
            entry["notes"].append(
                f"home health periods are estimated by Medicare's PDGM; payer {entry['payer']} "
                "has its own terms: not estimated"
            )
            return
        pt = claim.the_patient
        noa = (
            ctx.noa_sent.get(((pt.member_id or "") if pt else "", claim.admission_date))
            if claim.admission_date
            else None
        )
        res = hh.estimate_hh(claim, wage_index=ctx.wage_index, quality=ctx.quality, noa_sent=noa)
        entry.update(method=res["method"], estimate=res["estimate"], lines=res["lines"], details=res["details"])
        entry["notes"].extend(res["notes"])
        for ln in entry["lines"]:
            ln["expected_payment"] = None
        return
    if tob.startswith("32") and (claim.frequency or "").upper() in ("A", "D"):
        entry["notes"].append("notice of admission (32A/32D): no payment of its own")
    else:
        entry["notes"].append(
            f"type of bill {tob or '?'}: only home health period claims (32X) are estimated "
            "among institutional claims; not estimated"
        )


def _professional(
    claim: Claim, ctx: FeeContext, entry: dict[str, Any], sched: FeeSchedule, medicare: bool, blocked: dict[int, str]
) -> None:
    entry["method"] = "pfs"
    notes: list[str] = entry["notes"]
    if not sched.medicare and sched.kind == "medicare":
        notes.append(
            f"payer profile {sched.payer} declares no fee_schedule: priced at the Medicare physician fee "
            "schedule (set fee_schedule in teleclaim.toml for this payer's own rates)"
        )
    zip5, who = _zip(claim)
    total, priced = Decimal(0), 0
    seen_notes: set[str] = set()
    for ln in claim.lines:
        on = ln.date or claim.statement_from
        units = ln.units if ln.units is not None else Decimal(1)
        rendering = ln.rendering or claim.rendering
        npi = (
            rendering.npi
            if rendering and rendering.npi
            else claim.billing_provider.npi
            if claim.billing_provider
            else None
        )
        item: dict[str, Any] = {
            "line": ln.line,
            "code": ln.code,
            "units": s(units),
            "allowed": None,
            "work_rvu": None,
            "expected_payment": None,
            "reason": "",
            "npi": npi,
        }
        entry["lines"].append(item)
        if ln.line in blocked:
            item.update(allowed="0.00", expected_payment="0.00" if medicare else None, reason=blocked[ln.line])
            priced += 1
            continue
        if not ln.code or on is None:
            item["reason"] = "no procedure code or date of service: not priced"
            continue
        if ctx.pricer is None:
            item["reason"] = "no physician fee schedule release is loaded: import the CMS RVU file"
            continue
        gpci, why = _gpci(ctx, zip5, on)
        if why and why not in seen_notes:
            seen_notes.add(why)
            notes.append(why)
        mod = pricing_modifier(ln.modifiers)
        pos = ln.pos or claim.facility_code or "11"
        rel = ctx.pricer.release_for(on)
        # one price per code, modifier, place, locality, schedule and release (dates within a release share it)
        pkey = (
            "price",
            ln.code,
            mod,
            pos,
            id(gpci),
            sched.payer,
            rel.id if rel is not None else None,
            on if (rel is None or sched.kind == "contract") else None,
        )
        p = ctx.memo.get(pkey)
        if p is None:
            try:
                p = ctx.pricer.price(ln.code, on=on, modifier=mod or None, pos=pos, gpci=gpci, schedule=sched)
            except TeleclaimError as exc:
                p = {"error": exc.message}
            if len(ctx.memo) > 50000:
                ctx.memo.clear()
            ctx.memo[pkey] = p
        if "error" in p:
            item["reason"] = p["error"]
            continue
        note = getattr(rel, "note", None)  # the date precedes the first loaded release of its year
        if note and note not in seen_notes:
            seen_notes.add(note)
            notes.append(note)
        kind = npp_kind(rendering.taxonomy if rendering else None)
        lkey = (pkey, zip5, who, units, kind, medicare, sequestration_percent(on) if medicare else None)
        done = ctx.memo.get(lkey)
        if done is not None:  # the same line priced before in this run: same answer
            item.update(done[0])
            if done[1] is not None:
                total += done[1]
                priced += 1
            elif done[0].get("allowed") == "0.00":
                priced += 1
            continue
        before = dict(item)
        if p["rvu"]["work"] is not None:
            item["work_rvu"] = s(Decimal(p["rvu"]["work"]) * units)
        if p["allowed"] is None:
            item["reason"] = "; ".join(r for r in p["reasons"] if "national amount" not in r) or "not payable"
            if not p["payable"]:
                item["allowed"] = "0.00"
                priced += 1
            ctx.memo[lkey] = ({k: v for k, v in item.items() if item[k] != before[k]}, None)
            continue
        unit = Decimal(p["allowed"])
        reason = [
            f"{p['release']} {p['setting'].replace('_', '-')} amount {p['allowed']}"
            + (
                f" at MAC {p['locality']['mac']} locality {p['locality']['number']} (ZIP {zip5}, {who})"
                if p["locality"]
                else " (national)"
            )
        ]
        if "schedule" in p and p["schedule"]["kind"] != "medicare":
            reason.append(p["schedule"]["label"])
        if kind and sched.kind != "contract":
            unit = cents(unit * kind[1] / 100)
            reason.append(f"{kind[0]}: {kind[1]} % of the fee schedule amount")
        allowed = cents(unit * units)
        if units != 1:
            reason.append(f"x {units} units")
        item["allowed"] = s(allowed)
        item["reason"] = "; ".join(reason)
        if medicare:
            item["expected_payment"] = s(_expected(allowed, on))
        ctx.memo[lkey] = ({k: v for k, v in item.items() if item[k] != before[k]}, allowed)
        total += allowed
        priced += 1
    if priced:
        entry["estimate"] = s(cents(total))
        if priced < len(claim.lines):
            notes.insert(0, f"partial: {len(claim.lines) - priced} of {len(claim.lines)} line(s) could not be priced")
    else:
        notes.insert(0, "no line could be priced")


def summarize(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``summary`` of an estimate run: totals and work RVUs per rendering clinician."""
    total = Decimal(0)
    by: dict[str, dict[str, Decimal]] = {}
    for c in claims:
        if c["estimate"] is not None:
            total += Decimal(c["estimate"])
        if c["method"] != "pfs":
            continue
        for ln in c["lines"]:
            npi = ln.get("npi") or "unknown"
            b = by.setdefault(npi, {"work_rvu": Decimal("0.00"), "estimate": Decimal("0.00")})
            if ln.get("work_rvu") and ln.get("allowed") not in (None, "0.00"):
                b["work_rvu"] += Decimal(ln["work_rvu"])
            if ln.get("allowed"):
                b["estimate"] += Decimal(ln["allowed"])
    return {
        "claims": len(claims),
        "estimate_total": s(cents(total)),
        "by_clinician": [
            {"npi": k, "work_rvu": s(v["work_rvu"]), "estimate": s(v["estimate"])} for k, v in sorted(by.items())
        ],
    }

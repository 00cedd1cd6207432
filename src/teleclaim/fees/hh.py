"""Estimating a Medicare home health period claim (837I, TOB 32X) under PDGM.

Method (CMS HH PPS; rates and tables in ``fees.pdgm``, cited there):

* the HIPPS code on the 0023 line gives the case-mix weight and the LUPA threshold of the rate
  year of the period's Through date; value code 61 gives the CBSA and the loaded HH wage index
  release of that year its wage index (none loaded -> no estimate, and the note names the import);
* wage adjustment = labor share x wage index + (1 - labor share);
* full period: national 30-day rate (quality-data submitter unless the setting
  ``fees.hh_quality_data = false``) x weight x wage adjustment -> ``method "hh_period"``;
* fewer visit lines than the threshold (telecom G0320-G0322 and site-of-service Q-codes are not
  visits): LUPA -> each visit at its discipline's national per-visit rate x wage adjustment; in an
  early (first) period the first skilled visit (SN, PT, SLP, OT) is multiplied by its LUPA add-on
  factor -> ``method "hh_lupa"``;
* a late notice of admission (HH009) reduces the period containing the start of care by 1/30 of
  the wage- and case-mix-adjusted 30-day amount per day, never below zero;
* outlier payments are out of scope (said in the notes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from teleclaim.fees import pdgm
from teleclaim.fees._money import cents, s
from teleclaim.model.claim import Claim

#: (cbsa, through date) -> (wage index, release id) or None when no release for that year holds it.
WageIndexLookup = Callable[[str, dt.date], "tuple[Decimal, str] | None"]

OUTLIER_NOTE = "outlier payments are not estimated (out of scope)"
SKILLED_ADDON = ("skilled_nursing", "physical_therapy", "speech_language_pathology", "occupational_therapy")


def cbsa_of(claim: Claim) -> str | None:
    for v in claim.values:
        if (v.code or "").strip() == "61" and v.amount is not None:
            return str(int(v.amount)).zfill(5)
    return None


def _view(claim: Claim) -> Any:
    from teleclaim.rules.homehealth._view import HHView

    return HHView(claim)


def visits_counted(claim: Claim) -> int:
    """Visit lines that count toward the LUPA threshold (not telecom, not site-of-service Q-codes)."""
    return len(_view(claim).visits)


def estimate_hh(
    claim: Claim, *, wage_index: WageIndexLookup | None, quality: str = "submitter", noa_sent: dt.date | None = None
) -> dict[str, Any]:
    """The estimate of one 32X period claim: ``{"method", "estimate", "lines", "notes", "details"}``."""
    notes: list[str] = [OUTLIER_NOTE]
    out: dict[str, Any] = {"method": "hh_period", "estimate": None, "lines": [], "notes": notes, "details": {}}
    v = _view(claim)
    on = claim.statement_to or claim.statement_from
    if not v.hipps:
        out["method"] = "none"
        notes.insert(0, "no HIPPS (0023) line: the period cannot be priced")
        return out
    hipps = (v.hipps[0].code or "").strip().upper()
    ry = pdgm.rate_year(on)
    if on is None or ry is None or ry.case_mix_table is None:  # rate_year(None) is None
        notes.insert(
            0,
            f"no PDGM case-mix weights are loaded for the rate year of the Through date {on} "
            f"(loaded: CY{', CY'.join(map(str, pdgm.loaded_years()))}); not estimated",
        )
        return out
    cm = pdgm.case_mix(hipps, on)
    if cm is None:
        notes.insert(0, f"HIPPS {hipps} is not a PDGM code of the CY{ry.year} table (see HH032); not estimated")
        return out
    visits = v.visits
    lupa = len(visits) < cm.lupa_threshold
    out["method"] = "hh_lupa" if lupa else "hh_period"
    det = out["details"]
    det.update(
        {
            "hipps": hipps,
            "rate_year": ry.year,
            "case_mix_weight": str(cm.weight),
            "lupa_threshold": cm.lupa_threshold,
            "visits": len(visits),
            "labor_share": str(ry.labor_share),
            "quality_data": quality,
        }
    )
    cbsa = cbsa_of(claim)
    if cbsa is None:
        notes.insert(0, "no value code 61 (CBSA) on the claim: the wage index is unknown; not estimated")
        return out
    det["cbsa"] = cbsa
    found = wage_index(cbsa, on) if wage_index else None
    if found is None:
        notes.insert(
            0,
            f"no CY{ry.year} HH wage index is loaded for CBSA {cbsa}: import the CMS "
            f"'CY {ry.year} Final HH PPS Wage Index' file with `teleclaim data import FILE`; not estimated",
        )
        return out
    wi, release = found
    det.update({"wage_index": str(wi), "wage_index_release": release})
    adj = ry.labor_share * wi + (Decimal(1) - ry.labor_share)
    rate = ry.rate(quality)
    full = None if rate is None else rate * cm.weight * adj
    if full is not None:
        det["thirty_day_amount"] = str(cents(full))
    if not lupa:
        if full is None:
            notes.insert(0, f"no CY{ry.year} 30-day rate for {quality.replace('_', '-')}s is loaded; not estimated")
            return out
        total = cents(full)
        out["lines"] = [
            {
                "line": v.hipps[0].line,
                "code": hipps,
                "units": s(v.hipps[0].units),
                "allowed": s(total),
                "work_rvu": None,
                "reason": f"PDGM 30-day period: {rate} x weight {cm.weight} x wage "
                f"adjustment (CBSA {cbsa}, wage index {wi})",
            }
        ]
    else:
        rates = ry.visit_rates(quality)
        if rates is None:
            notes.insert(
                0, f"no CY{ry.year} per-visit rates for {quality.replace('_', '-')}s are loaded; not estimated"
            )
            return out
        notes.insert(
            0, f"LUPA: {len(visits)} visit(s), fewer than the threshold {cm.lupa_threshold} of {hipps}; paid per visit"
        )
        fams = pdgm.disciplines()
        early = hipps[:1] in ("1", "2")
        first = min((ln for ln in visits if ln.date), key=lambda ln: (ln.date, ln.line), default=None)
        first_skilled = None
        for ln in sorted(visits, key=lambda ln: (ln.date or dt.date.max, ln.line)):
            if fams.get(v.fam(ln) or "") in SKILLED_ADDON:
                first_skilled = ln
                break
        total = Decimal(0)
        for ln in visits:
            disc = fams.get(v.fam(ln) or "")
            if disc is None or disc not in rates:
                out["lines"].append(
                    {
                        "line": ln.line,
                        "code": ln.code,
                        "units": s(ln.units),
                        "allowed": None,
                        "work_rvu": None,
                        "reason": "revenue code has no per-visit discipline rate",
                    }
                )
                continue
            amount = rates[disc] * adj
            reason = f"LUPA per-visit rate {disc.replace('_', ' ')} {rates[disc]} x wage adjustment"
            if early and ln is first_skilled and first is not None and disc in ry.lupa_addon:
                amount *= ry.lupa_addon[disc]
                reason += f" x LUPA add-on {ry.lupa_addon[disc]} (first skilled visit of an initial period)"
            amount = cents(amount)
            total += amount
            out["lines"].append(
                {
                    "line": ln.line,
                    "code": ln.code,
                    "units": s(ln.units),
                    "allowed": s(amount),
                    "work_rvu": None,
                    "reason": reason,
                }
            )
    # late notice of admission (HH009): only the period containing the start of care
    soc = claim.admission_date
    if noa_sent and soc and claim.statement_from and claim.statement_from <= soc <= (claim.statement_to or soc):
        days = (noa_sent - soc).days
        if days > 5 and full is not None:
            cut = min(total, cents(full * Decimal(days) / Decimal(30)))
            total -= cut
            det["late_noa_reduction"] = str(cut)
            notes.insert(
                0,
                f"late notice of admission ({days} days after the start of care, HH009): reduced by "
                f"{days}/30 of the 30-day amount, {cut}"
                + (" (capped at the period payment)" if cut == total + cut else ""),
            )
    out["estimate"] = s(total)
    return out

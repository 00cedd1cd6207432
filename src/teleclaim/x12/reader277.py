"""Reading 277 claim acknowledgments (277CA, 005010X214) and claim status responses (005010X212).

Same tokenizer as the 837 reader; the loops it follows::

    ISA / GS*HN / ST*277 / BHT
      HL 20  information source (payer)   NM1*PR  TRN  DTP 050/009
      HL 21  information receiver         NM1*41  TRN*2  STC  QTY  AMT     -> StatusReport.batch
      HL 19  billing provider             NM1*85  TRN*1  STC  QTY  AMT     -> StatusReport.batch
      HL PT  patient (22/23 in X212)      NM1*QC/IL
        2200D claim                       TRN*2 (CLM01)  STC...  REF*1K  DTP*472  -> ClaimStatus
          2220D line                      SVC  STC  REF  DTP                (line STCs are not kept)
    SE / GE / IEA

A claim is accepted unless a category of its STCs is A3, A4, A6, A7 or A8. Anything that is not a
277 raises ``UnsupportedFileError`` saying what it is.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from teleclaim.model.remit import ClaimStatus, StatusCode, StatusReport
from teleclaim.x12.problems import UnsupportedFileError
from teleclaim.x12.reader835 import _d8, _headless, _open
from teleclaim.x12.tokens import SegmentStream, describe_transaction

SUPPORTED_277 = "X12 5010 277CA claim acknowledgments (005010X214) and 277 claim status responses (005010X212)"


def _refuse(name: str, detected: str, why: str) -> UnsupportedFileError:
    return UnsupportedFileError(f"{name}: {why}", file=name, detected=detected, supported=SUPPORTED_277)


def _money(v: str) -> Decimal | None:
    try:
        return Decimal(v) if v else None
    except InvalidOperation:
        return None


def read_277(source: str | Path | bytes | BinaryIO, name: str | None = None) -> list[StatusReport]:
    """Every 277 transaction set of a file, with each claim's acceptance and status codes."""
    fh, name = _open(source, name)
    headless = _headless(fh, name, SUPPORTED_277)
    stream: SegmentStream | None = None
    if headless is None:
        stream = SegmentStream(fh, name)
        it = iter(stream)
    else:
        it = headless
    comp = ":"
    reports: list[StatusReport] = []
    rep: StatusReport | None = None
    claim: ClaimStatus | None = None
    level = ""
    hl_party: dict[str, str | None] = {}
    seg_no = 0
    in_line = False
    version = gs01 = ""
    try:
        for els, lineno, _t in it:
            sid = els[0]
            seg_no += 1

            def g(i: int, els: list[str] = els) -> str:
                return els[i] if len(els) > i else ""

            if sid == "ISA":
                if stream is not None and stream.separators is not None:
                    comp = stream.separators.component
                continue
            if sid == "GS":
                gs01, version = g(1), g(8)
                if gs01 and gs01 != "HN":
                    what = describe_transaction("", version, gs01)
                    raise _refuse(
                        name,
                        f"x12-gs-{gs01}-{version}",
                        f"line {lineno}: this is {what}, not a 277 claim acknowledgment; "
                        + (
                            "`teleclaim remit` reads 835s."
                            if gs01 == "HP"
                            else "`teleclaim check` reads 837s."
                            if gs01 == "HC"
                            else "`teleclaim status` reads 277CA (005010X214) and 277 (005010X212) files."
                        ),
                    )
                continue
            if sid == "ST":
                if g(1) != "277":
                    what = describe_transaction(g(1), g(3) or version, gs01)
                    raise _refuse(
                        name,
                        f"x12-{g(1)}-{g(3) or version}",
                        f"line {lineno}: this is {what}, not a 277 claim acknowledgment; "
                        + (
                            "`teleclaim remit` reads 835s."
                            if g(1) == "835"
                            else "`teleclaim status` reads 277CA (005010X214) and 277 (005010X212) files."
                        ),
                    )
                seg_no = 1
                rep = StatusReport(control=g(2), version=g(3) or version, file=name)
                claim, level, in_line = None, "", False
                continue
            if rep is None:
                continue
            if sid == "SE":
                reports.append(rep)
                rep, claim = None, None
                continue
            if sid == "BHT":
                rep.reference, rep.date = g(3) or None, _d8(g(4))
                continue
            if sid == "HL":
                level, claim, in_line = g(3), None, False
                hl_party = {}
                continue
            if sid == "NM1":
                nm = " ".join(x for x in (g(4), g(3)) if x) or None
                if level == "20":
                    rep.payer = nm
                elif level == "21":
                    rep.receiver = nm
                elif level == "19":
                    hl_party["npi"] = g(9) if g(8) == "XX" else None
                elif level in ("PT", "22", "23"):
                    hl_party["patient"], hl_party["member"] = nm, g(9) or None
                continue
            if sid == "TRN":
                if level in ("PT", "22", "23") and g(1) == "2":
                    claim = ClaimStatus(
                        claim_id=g(2) or None,
                        patient=hl_party.get("patient"),
                        member_id=hl_party.get("member"),
                        segment=seg_no,
                    )
                    rep.claims.append(claim)
                    in_line = False
                elif level in ("21", "19"):
                    claim = ClaimStatus(claim_id=None, provider_npi=hl_party.get("npi"), segment=seg_no)
                    rep.batch.append(claim)
                continue
            if sid == "SVC":
                in_line = True
                continue
            if sid == "STC":
                if claim is None or in_line:
                    continue
                for i in (1, 10, 11):
                    parts = g(i).split(comp)
                    if parts and parts[0]:
                        claim.codes.append(
                            StatusCode(
                                parts[0],
                                parts[1] if len(parts) > 1 and parts[1] else None,
                                parts[2] if len(parts) > 2 and parts[2] else None,
                            )
                        )
                claim.date = claim.date or _d8(g(2))
                claim.action = claim.action or g(3) or None
                claim.charge = claim.charge if claim.charge is not None else _money(g(4))
                continue
            if sid == "REF" and claim is not None and not in_line and g(1) == "1K":
                claim.payer_claim_id = g(2) or None
                continue
            if sid == "DTP" and claim is not None and not in_line and g(1) == "472":
                claim.service_date = _d8(g(3)[:8])
                continue
    finally:
        fh.close()
    if rep is not None:  # no SE: keep what was read
        reports.append(rep)
    if not reports:
        raise _refuse(name, "x12-no-277", "no 277 transaction set (ST*277) was found in the file")
    return reports


def explain(code: StatusCode) -> str:
    """``"A7:562:85 rejected because information is invalid: the entity's NPI (the billing provider)"``."""
    from teleclaim.refdata.remit_codes import describe

    head = ":".join(x for x in (code.category, code.status, code.entity) if x)
    parts = [describe("stc_category", code.category) or "(category not in teleclaim's table)"]
    if code.status:
        parts.append(describe("stc_status", code.status) or f"status {code.status} (see the X12 claim status codes)")
    text = f"{head} " + ": ".join(parts)
    if code.entity:
        text += f" ({describe('entities', code.entity) or 'entity ' + code.entity})"
    return text

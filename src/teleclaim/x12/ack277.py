"""Our own 277CA (005010X214): the answer to each claim of an 837, from teleclaim's findings.

One interchange per interchange read, one ST*277 per transaction set of the 837::

    ISA (sender/receiver swapped)  GS*HN ... 005010X214
      ST*277  BHT*0085*08*<ref>*date*time*TH
        HL 20  NM1*PR (the 837's receiver)  TRN*1  DTP*050 (received)  DTP*009 (processed)
        HL 21  NM1*41 (the 837's submitter)  TRN*2 (BHT03 of the 837)  STC*A1:19
               QTY*90 / QTY*AA (claims accepted / rejected)  AMT*YU / AMT*YY (their charges)
        HL 19  NM1*85 (billing provider)  TRN*1  STC*A1:19  QTY*QA/QC  AMT*YU/YY   one per provider
          HL PT  NM1*QC (patient)  TRN*2 (CLM01)  STC (verdict)  DTP*472        one per claim
            SVC  STC  REF*FJ  DTP*472     (2220D) each line a rejecting finding points at
    SE  GE  IEA

Verdict per claim: no finding of severity ``error`` -> accepted into adjudication (``A2:20``, STC03
WQ); otherwise rejected with the category and status code of the first matching ``ack_277ca``
entry of the denial map (``teleclaim.rules.denials``) for its error findings (STC03 U), up to three
distinct codes (STC01, STC10, STC11). A transaction set with envelope errors rejects every claim in
it (``A3:21``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

VERSION_277CA = "005010X214"


@dataclass(slots=True)
class ClaimVerdict:
    claim_id: str
    accepted: bool
    codes: list[tuple[str, str, str | None]]  # (category, status, entity)
    charge: Decimal
    rules: list[str] = field(default_factory=list)  # the error findings that caused a rejection
    transaction_control: str | None = None
    lines: dict[int, list[tuple[str, str, str | None]]] = field(default_factory=dict)  # LX01 -> line-level codes

    def to_dict(self) -> dict[str, Any]:
        from teleclaim.model.remit import StatusCode
        from teleclaim.x12.reader277 import explain

        return {
            "claim_id": self.claim_id,
            "status": "accepted" if self.accepted else "rejected",
            "stc": [":".join(x for x in c if x) for c in self.codes],
            "meaning": [explain(StatusCode(*c)) for c in self.codes],
            "charge": str(self.charge),
            "rules": self.rules,
            "transaction_control": self.transaction_control,
            "lines": [
                {"line": n, "stc": [":".join(x for x in c if x) for c in cs]} for n, cs in sorted(self.lines.items())
            ],
        }


@dataclass(slots=True)
class Ack277Result:
    text: str
    verdicts: list[ClaimVerdict] = field(default_factory=list)

    @property
    def all_accepted(self) -> bool:
        return all(v.accepted for v in self.verdicts)

    def totals(self) -> dict[str, Any]:
        acc = [v for v in self.verdicts if v.accepted]
        rej = [v for v in self.verdicts if not v.accepted]
        return {
            "claims": len(self.verdicts),
            "accepted": len(acc),
            "rejected": len(rej),
            "accepted_amount": str(sum((v.charge for v in acc), Decimal("0"))),
            "rejected_amount": str(sum((v.charge for v in rej), Decimal("0"))),
        }


_SEPS = ("*", ":", "^", "~")


def _c(value: Any, limit: int = 60) -> str:
    s = "" if value is None else str(value)
    for ch in (*_SEPS, "\r", "\n"):
        s = s.replace(ch, " ")
    return s.strip()[:limit]


def _amt(d: Decimal) -> str:
    s = format(d.normalize(), "f") if d != 0 else "0"
    return s


def verdict(claim: Any, findings: Iterable[Any], dmap: Any, *, envelope_rejected: bool = False) -> ClaimVerdict:
    """The 277CA answer for one claim and its findings (``Finding`` objects)."""
    charge = claim.total_charge if claim.total_charge is not None else Decimal("0")
    tx = claim.source.transaction_control if claim.source is not None else None
    if envelope_rejected:
        return ClaimVerdict(claim.claim_id, False, [("A3", "21", None)], charge, ["X12"], tx)
    errors = [f.rule for f in findings if f.severity == "error" and f.status == "failed"]
    if not errors:
        return ClaimVerdict(claim.claim_id, True, [("A2", "20", None)], charge, [], tx)
    codes: list[tuple[str, str, str | None]] = []
    lines: dict[int, list[tuple[str, str, str | None]]] = {}
    for f in findings:
        if f.severity != "error" or f.status != "failed":
            continue
        e = dmap.answer([f.rule])
        c = (e.category, e.status, e.entity) if e is not None else ("A7", "21", None)
        if c not in codes:
            codes.append(c)
        if f.line is not None:
            lc = lines.setdefault(int(f.line), [])
            if c not in lc and len(lc) < 3:
                lc.append(c)
    return ClaimVerdict(claim.claim_id, False, codes[:3], charge, sorted(set(errors)), tx, lines)


class _Seg:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.count = 0

    def __call__(self, *els: Any) -> None:
        vals = ["" if e is None else str(e) for e in els]
        while vals and vals[-1] == "":
            vals.pop()
        self.parts.append("*".join(vals) + "~\n")
        self.count += 1


def _stc(v: ClaimVerdict, day: str) -> list[Any]:
    els: list[Any] = ["STC", ":".join(x for x in v.codes[0] if x), day, "WQ" if v.accepted else "U", _amt(v.charge)]
    if len(v.codes) > 1:
        els += ["", "", "", "", "", ":".join(x for x in v.codes[1] if x)]
    if len(v.codes) > 2:
        els += [":".join(x for x in v.codes[2] if x)]
    return els


def _provider_key(claim: Any) -> tuple[str, str]:
    bp = claim.billing_provider
    return ((bp.npi or "") if bp else "", (bp.name or "") if bp else "")


def build_277ca(
    claims: list[Any], verdicts: list[ClaimVerdict], *, now: dt.datetime | None = None, control_start: int = 1
) -> Ack277Result:
    """The 277CA text answering ``claims`` (as read from one 837) with ``verdicts`` (same order)."""
    now = now or dt.datetime.now()
    day, hhmm = now.strftime("%Y%m%d"), now.strftime("%H%M")
    result = Ack277Result(text="", verdicts=list(verdicts))
    out: list[str] = []
    # group claims by interchange, then transaction set, keeping reading order
    by_ic: dict[str, dict[str, list[tuple[Any, ClaimVerdict]]]] = {}
    for c, v in zip(claims, verdicts, strict=False):
        env = c.envelope
        ic = (env.interchange_control if env else None) or "1"
        tx = (env.transaction_control if env else None) or "1"
        by_ic.setdefault(ic, {}).setdefault(tx, []).append((c, v))
    ctrl = control_start
    for txs in by_ic.values():
        first = next(iter(txs.values()))[0][0]
        env = first.envelope
        isa = f"{ctrl:09d}"
        sender = _c((env.receiver_id if env else None) or "RECEIVER", 15)
        receiver = _c((env.sender_id if env else None) or "SUBMITTER", 15)
        out.append(
            "*".join(
                [
                    "ISA",
                    "00",
                    " " * 10,
                    "00",
                    " " * 10,
                    "ZZ",
                    sender.ljust(15),
                    "ZZ",
                    receiver.ljust(15),
                    now.strftime("%y%m%d"),
                    hhmm,
                    "^",
                    "00501",
                    isa,
                    "0",
                    _c((env.usage if env else None) or "P", 1),
                    ":",
                ]
            )
            + "~\n"
        )
        gs = str(ctrl)
        out.append(
            "*".join(
                [
                    "GS",
                    "HN",
                    _c((env.application_receiver if env else None) or sender, 15),
                    _c((env.application_sender if env else None) or receiver, 15),
                    day,
                    hhmm,
                    gs,
                    "X",
                    VERSION_277CA,
                ]
            )
            + "~\n"
        )
        for n, (tx, items) in enumerate(txs.items(), 1):
            env = items[0][0].envelope
            seg = _Seg()
            st = f"{n:04d}"
            seg("ST", "277", st, VERSION_277CA)
            seg("BHT", "0085", "08", _c(f"TC{ctrl}{st}", 30), day, hhmm, "TH")
            seg("HL", 1, "", 20, 1)
            payer = items[0][0].payer
            seg(
                "NM1",
                "PR",
                2,
                _c((env.receiver_name if env else None) or (payer.name if payer else None) or "PAYER"),
                "",
                "",
                "",
                "",
                "46",
                _c((env.receiver_id_code if env else None) or sender, 80),
            )
            seg("TRN", 1, _c(f"{ctrl}{st}", 50))
            seg("DTP", "050", "D8", (env.bht_date if env and env.bht_date else now.date()).strftime("%Y%m%d"))
            seg("DTP", "009", "D8", day)
            seg("HL", 2, 1, 21, 1)
            seg(
                "NM1",
                "41",
                2,
                _c((env.submitter_name if env else None) or "SUBMITTER"),
                "",
                "",
                "",
                "",
                "46",
                _c((env.submitter_id if env else None) or receiver, 80),
            )
            seg("TRN", 2, _c((env.bht_reference if env else None) or tx, 50))
            seg("STC", "A1:19", day, "WQ", _amt(sum((v.charge for _, v in items), Decimal("0"))))
            _totals(seg, [v for _, v in items], "90", "AA")
            hl = 2
            providers: dict[tuple[str, str], list[tuple[Any, ClaimVerdict]]] = {}
            for c, v in items:
                providers.setdefault(_provider_key(c), []).append((c, v))
            for (npi, name), pitems in providers.items():
                hl += 1
                phl = hl
                seg("HL", phl, 2, 19, 1)
                seg("NM1", "85", 2, _c(name or "BILLING PROVIDER"), "", "", "", "", "XX", _c(npi or "0000000000", 80))
                seg("TRN", 1, _c(f"{ctrl}{st}{phl}", 50))
                seg("STC", "A1:19", "", "WQ", _amt(sum((v.charge for _, v in pitems), Decimal("0"))))
                _totals(seg, [v for _, v in pitems], "QA", "QC")
                for c, v in pitems:
                    hl += 1
                    seg("HL", hl, phl, "PT")
                    person = c.patient or c.subscriber
                    member = (
                        (c.patient.member_id if c.patient else None)
                        or (c.subscriber.member_id if c.subscriber else None)
                        or "UNKNOWN"
                    )
                    seg(
                        "NM1",
                        "QC",
                        1,
                        _c(person.last_name if person else None) or "UNKNOWN",
                        _c(person.first_name if person else None),
                        _c(person.middle_name if person else None),
                        "",
                        "",
                        "MI",
                        _c(member, 80),
                    )
                    seg("TRN", 2, _c(c.claim_id, 50))
                    seg(*_stc(v, day))
                    first_d, last_d = _dates(c)
                    if first_d is not None:
                        if last_d is not None and last_d != first_d:
                            seg("DTP", "472", "RD8", f"{first_d:%Y%m%d}-{last_d:%Y%m%d}")
                        else:
                            seg("DTP", "472", "D8", f"{first_d:%Y%m%d}")
                    else:
                        seg("DTP", "472", "D8", day)
                    for n, lcodes in sorted(v.lines.items()):
                        _line(seg, c, n, lcodes, day)
            seg("SE", seg.count + 1, st)
            out.extend(seg.parts)
        out.append(f"GE*{len(txs)}*{gs}~\n")
        out.append(f"IEA*1*{isa}~\n")
        ctrl += 1
    result.text = "".join(out)
    return result


def _line(seg: _Seg, claim: Any, n: int, codes: list[tuple[str, str, str | None]], day: str) -> None:
    """Loop 2220D: the service line a rejection points at (SVC, its STC, REF*FJ, DTP*472)."""
    ln = next((x for x in claim.lines if x.line == n), None)
    if ln is None:
        return
    if ln.code:
        comp = ":".join([_c(ln.code_qualifier or "HC", 2), _c(ln.code, 48), *(_c(m, 2) for m in ln.modifiers[:4])])
    else:
        comp = "NU:" + _c(ln.revenue_code or "0001", 48)
    units = _amt(ln.units) if ln.units is not None else ""
    seg("SVC", comp, _amt(ln.charge or Decimal("0")), "", _c(ln.revenue_code, 48) if ln.code else "", "", "", units)
    els: list[Any] = ["STC", ":".join(x for x in codes[0] if x), day, "U", ""]  # STC04 is not used on a line
    if len(codes) > 1:
        els += ["", "", "", "", "", ":".join(x for x in codes[1] if x)]
    if len(codes) > 2:
        els += [":".join(x for x in codes[2] if x)]
    seg(*els)
    seg("REF", "FJ", _c(ln.line_control or str(n), 50))
    if ln.date is not None:
        if ln.date_to is not None and ln.date_to != ln.date:
            seg("DTP", "472", "RD8", f"{ln.date:%Y%m%d}-{ln.date_to:%Y%m%d}")
        else:
            seg("DTP", "472", "D8", f"{ln.date:%Y%m%d}")


def _totals(seg: _Seg, vs: list[ClaimVerdict], acc_q: str, rej_q: str) -> None:
    acc = [v for v in vs if v.accepted]
    rej = [v for v in vs if not v.accepted]
    if acc:
        seg("QTY", acc_q, len(acc))
    if rej:
        seg("QTY", rej_q, len(rej))
    if acc:
        seg("AMT", "YU", _amt(sum((v.charge for v in acc), Decimal("0"))))
    if rej:
        seg("AMT", "YY", _amt(sum((v.charge for v in rej), Decimal("0"))))


def _dates(c: Any) -> tuple[dt.date | None, dt.date | None]:
    if c.statement_from is not None:
        return c.statement_from, c.statement_to
    ds = [d for ln in c.lines for d in (ln.date, ln.date_to) if d is not None]
    return (min(ds), max(ds)) if ds else (None, None)

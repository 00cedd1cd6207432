"""The streaming 835 (005010X221A1) reader: ``Reader835(path).payments()`` or ``.claims()``.

Same tokenizer as the 837 reader (``teleclaim.x12.tokens``), same error style: every problem
names the file, the segment number within its transaction set (ST = 1), the segment id and
element, the loop, the value and the file line. The loops it places segments in::

    ISA                                   interchange
      GS*HP ... 005010X221A1              functional group
        ST*835                            transaction set = one payment (``Payment``)
          BPR TRN CUR REF DTM             header: amount, method, date; trace number
          1000A  N1*PR N3 N4 REF PER      payer
          1000B  N1*PE N3 N4 REF RDM      payee (NPI in N104 when N103 is XX)
          2000   LX TS3 TS2               header number (groups claims; may repeat)
            2100 CLP CAS NM1 MIA MOA      claim payment (``RemitClaim``)
                 REF DTM PER AMT QTY
              2110 SVC DTM CAS REF AMT    service line payment (``RemitLine``)
                   QTY LQ
          PLB                             provider adjustments (summary)
        SE
      GE
    IEA

Balancing (each failure a ``RemitProblem`` with the segment and the amounts compared):

- line: SVC02 (charge) - the line's CAS amounts = SVC03 (paid);
- claim: CLP03 (charge) - the claim's and its lines' CAS amounts = CLP04 (paid);
- transaction: BPR02 = sum of CLP04 - sum of PLB amounts (BPR03 D: a debit, the negative).

Claims are yielded when they end (``claims()``), so memory stays flat whatever the file size;
``payments()`` keeps each transaction set's claims. A file that is not an 835 raises
``UnsupportedFileError`` saying what it is. A file without an ISA header that starts with ST*835
(some payer samples) is read with the separators it shows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from teleclaim.errors import InputError
from teleclaim.model.remit import Adjustment, Payment, ProviderAdjustment, RemitClaim, RemitLine, RemitProblem
from teleclaim.text import digits
from teleclaim.x12.problems import UnsupportedFileError
from teleclaim.x12.tokens import CHUNK, GS_TRANSACTION, SegmentStream, describe_transaction

ZERO = Decimal("0")
_NUM = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")  # ASCII digits only
VERSION_835 = "005010X221"
#: problems that leave the amounts intact (a date or code that cannot be used): reported, exit 0
_WARNINGS = frozenset({"invalid-date", "unrecognized-segment", "invalid-code-value", "unexpected-segment"})
_QUALIFIERS = frozenset(["AD", "ER", "HC", "HP", "IV", "N4", "N6", "NU", "UI", "WK", "ZZ"])

#: segment ids of the 835 and its envelopes (others are reported once, as unrecognized)
SEGMENTS_835 = frozenset(
    [
        "ISA",
        "IEA",
        "GS",
        "GE",
        "ST",
        "SE",
        "BPR",
        "TRN",
        "CUR",
        "REF",
        "DTM",
        "N1",
        "N2",
        "N3",
        "N4",
        "PER",
        "RDM",
        "LX",
        "TS3",
        "TS2",
        "CLP",
        "CAS",
        "NM1",
        "MIA",
        "MOA",
        "AMT",
        "QTY",
        "SVC",
        "LQ",
        "PLB",
    ]
)


SUPPORTED_835 = "X12 5010 835 remittance advice (005010X221A1)"


def refuse(name: str, detected: str, why: str) -> UnsupportedFileError:
    return UnsupportedFileError(f"{name}: {why}", file=name, detected=detected, supported=SUPPORTED_835)


def _d8(v: str) -> dt.date | None:
    if len(v) != 8 or not digits(v):
        return None
    try:
        return dt.date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        return None


def _open(source: str | Path | bytes | BinaryIO, name: str | None) -> tuple[BinaryIO, str]:
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), name or "<bytes>"
    if isinstance(source, Path) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and not source.lstrip().startswith(("ISA", "ST"))
    ):
        p = Path(source)
        if not p.is_file():
            raise InputError(f"{p}: file not found.", code="file_not_found", file=str(p))
        return p.open("rb"), name or str(p)
    if isinstance(source, str):
        return io.BytesIO(source.encode("utf-8")), name or "<text>"
    return source, name or str(getattr(source, "name", "<stream>"))


def _headless(fh: BinaryIO, name: str, supported: str = "") -> Iterator[tuple[list[str], int, str]] | None:
    """Segments of a file that starts with ST (no ISA/GS), or None when it starts with ISA.

    Anything else (JSON, CSV, an empty file) is refused here, saying what it looks like."""
    head = fh.read(64)
    fh.seek(0)
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not s:
        fh.close()
        raise UnsupportedFileError(
            f"{name}: the file is empty; give an X12 file.",
            file=name,
            detected="empty",
            supported=supported or SUPPORTED_835,
        )
    from teleclaim.x12.tokens import sniff

    kind = sniff(head)
    if kind in ("json", "unknown"):
        fh.close()
        what = "JSON" if kind == "json" else f"not X12 (it starts {s[:30].decode('latin-1')!r})"
        raise UnsupportedFileError(
            f"{name}: this file is {what}; expected {supported or SUPPORTED_835}.",
            file=name,
            detected=kind,
            supported=supported or SUPPORTED_835,
        )
    if not (s[:2] == b"ST" and len(s) > 3 and not chr(s[2]).isalnum()):
        return None
    text = fh.read().decode("latin-1").lstrip("\ufeff \t\r\n")
    el = text[2]
    term = max(("~", "'", "\n"), key=text.count)

    def gen() -> Iterator[tuple[list[str], int, str]]:
        line = 1
        for piece in text.split(term):
            seg = piece.strip(" \t\r\n")
            here = line + piece.count("\n", 0, len(piece) - len(piece.lstrip(" \t\r\n")))
            line += piece.count("\n") + (1 if term == "\n" else 0)
            if seg:
                yield seg.split(el), here, seg

    return gen()


class Reader835:
    """Reads one 835 file (path, bytes, str or binary stream); iterate ``claims()`` or ``payments()`` once.

    ``problems`` (balancing and reading problems) and ``payments_read`` fill as it goes.
    """

    def __init__(self, source: str | Path | bytes | BinaryIO, name: str | None = None, *, chunk: int = CHUNK) -> None:
        self._fh, self.name = _open(source, name)
        self.problems: list[RemitProblem] = []
        self.payments_read: list[Payment] = []  # every transaction set (claims dropped by ``claims()``)
        self.component = ":"
        headless = _headless(self._fh, self.name)
        if headless is not None:
            self._stream = None
            self._it = headless
        else:
            self._stream = SegmentStream(self._fh, self.name, chunk=chunk)
            self._it = iter(self._stream)
        self._keep = True
        self._used = False

    # -- problems --------------------------------------------------------------------------------
    def _problem(
        self,
        kind: str,
        message: str,
        *,
        el: int | None = None,
        value: str | None = None,
        values: dict[str, Decimal] | None = None,
        claim: RemitClaim | None = None,
        segment: int | None = None,
        sid: str | None = None,
        loop: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problems.append(
            RemitProblem(
                kind,
                message,
                file=self.name,
                segment=segment if segment is not None else self._seg_no,
                segment_id=sid or self._sid,
                loop=loop if loop is not None else self._loop,
                element=el,
                value=value,
                line=line if line is not None else self._line,
                claim_id=claim.claim_id if claim else None,
                transaction_control=self._payment.control if self._payment else None,
                values={k: str(v) for k, v in (values or {}).items()},
                severity="warning" if kind in _WARNINGS else "error",
            )
        )

    def _money(self, els: list[str], i: int, *, required: bool = False) -> Decimal | None:
        v = els[i].strip() if len(els) > i else ""
        if not v:
            if required:
                self._problem(
                    "required-element-missing",
                    f"{self._where(i)}: the amount is missing; the payer must send it.",
                    el=i,
                )
            return None
        if not _NUM.match(v):
            self._problem(
                "invalid-number",
                f"{self._where(i)}: {v!r} is not a number (read as 0); ask the payer for a corrected 835.",
                el=i,
                value=v,
            )
            return ZERO
        try:
            return Decimal(v)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return ZERO

    def _where(self, el: int | None = None) -> str:
        where = (
            f"{self.name}: segment {self._seg_no} ({self._sid}{el:02d}"
            if el
            else f"{self.name}: segment {self._seg_no} ({self._sid}"
        )
        return where + (f", loop {self._loop}" if self._loop else "") + f", line {self._line})"

    # -- the pass ----------------------------------------------------------------------------------
    def claims(self) -> Iterator[RemitClaim]:
        """Every claim as it ends (the payment it belongs to is ``self.payment``); claims are not kept."""
        self._keep = False
        for kind, obj in self._events():
            if kind == "claim" and isinstance(obj, RemitClaim):
                yield obj

    def payments(self) -> Iterator[Payment]:
        """Every transaction set (payment) with its claims, as each ends."""
        self._keep = True
        for kind, obj in self._events():
            if kind == "payment" and isinstance(obj, Payment):
                yield obj

    def read_all(self) -> list[Payment]:
        return list(self.payments())

    @property
    def payment(self) -> Payment | None:
        return self._payment

    def _events(self) -> Iterator[tuple[str, object]]:
        if self._used:
            raise RuntimeError("an 835 reader can be iterated once")
        self._used = True
        self._payment: Payment | None = None
        self._seg_no, self._sid, self._loop, self._line = 0, "", "", 1
        claim: RemitClaim | None = None
        line: RemitLine | None = None
        version = gs01 = ""
        paid_sum = plb_sum = ZERO
        in_tx = False
        party = ""  # PR / PE: which N1 loop is open
        unknown: set[str] = set()
        try:
            for els, lineno, _text in self._it:
                sid = els[0]
                self._line, self._sid = lineno, sid
                if in_tx:
                    self._seg_no += 1
                if sid == "SVC":
                    if line is not None:
                        self._end_line(claim, line)
                    line = self._svc(els)
                    if claim is not None:
                        claim.lines.append(line)
                    else:
                        self._problem(
                            "unexpected-segment", f"{self._where()}: SVC outside a claim (CLP); the line is ignored."
                        )
                    self._loop = "2110"
                    continue
                if sid == "CAS":
                    target = line.adjustments if line is not None else claim.adjustments if claim is not None else None
                    if target is None:
                        self._problem("unexpected-segment", f"{self._where()}: CAS outside a claim; ignored.")
                    else:
                        target.extend(self._cas(els))
                    continue
                if sid == "DTM":
                    q, d = (els[1] if len(els) > 1 else ""), _d8(els[2] if len(els) > 2 else "")
                    if len(els) > 2 and els[2] and d is None:
                        self._problem(
                            "invalid-date",
                            f"{self._where(2)}: {els[2]!r} is not a date (CCYYMMDD).",
                            el=2,
                            value=els[2],
                        )
                    if line is not None:
                        if q in ("472", "150"):
                            line.date_from = d
                            if q == "472":
                                line.date_to = d
                        elif q == "151":
                            line.date_to = d
                    elif claim is not None:
                        if q == "232":
                            claim.date_from = d
                        elif q == "233":
                            claim.date_to = d
                        elif q == "050":
                            claim.received = d
                    elif self._payment is not None and q == "405":
                        self._payment.production_date = d
                    continue
                if sid == "AMT":
                    if line is not None and len(els) > 2 and els[1] == "B6":
                        line.allowed = self._money(els, 2)
                    continue
                if sid == "LQ":
                    if line is not None and len(els) > 2 and els[1] == "HE" and els[2]:
                        line.remarks.append(els[2])
                    continue
                if sid == "REF":
                    if line is not None and len(els) > 2 and els[1] == "6R":
                        line.control_number = els[2]
                    elif (
                        claim is None
                        and self._payment is not None
                        and party == "PE"
                        and len(els) > 2
                        and els[1] == "TJ"
                        and not self._payment.payee_tax_id
                    ):
                        self._payment.payee_tax_id = els[2]
                    continue
                if sid == "CLP":
                    if line is not None:
                        self._end_line(claim, line)
                        line = None
                    if claim is not None:
                        paid_sum += self._end_claim(claim)
                        yield "claim", claim
                    claim = self._clp(els, lineno)
                    self._loop = "2100"
                    continue
                if sid == "NM1":
                    if claim is not None and line is None and len(els) > 1:
                        if els[1] == "QC":
                            claim.patient_last_name = els[3] if len(els) > 3 else None
                            claim.patient_first_name = (els[4] or None) if len(els) > 4 else None
                            claim.member_id = (els[9] or None) if len(els) > 9 else None
                        elif els[1] == "82" and len(els) > 9 and els[8] == "XX":
                            claim.rendering_npi = els[9]
                    continue
                if sid in ("MOA", "MIA"):
                    if claim is not None:
                        idx = (3, 4, 5, 6, 7) if sid == "MOA" else (5, 20, 21, 22, 23)
                        claim.remarks.extend(els[i] for i in idx if len(els) > i and els[i] and not _NUM.match(els[i]))
                    continue
                if sid in ("LX", "PLB", "SE"):
                    if line is not None:
                        self._end_line(claim, line)
                        line = None
                    if claim is not None:
                        paid_sum += self._end_claim(claim)
                        yield "claim", claim
                        claim = None
                    if sid == "LX":
                        self._loop = "2000"
                        continue
                    if sid == "PLB":
                        self._loop = ""
                        plb_sum += self._plb(els)
                        continue
                    # SE
                    if self._payment is not None:
                        try:
                            count = int(els[1]) if len(els) > 1 else None
                        except ValueError:
                            count = None
                        if count != self._seg_no:
                            self._problem(
                                "segment-count-wrong",
                                f"{self._where(1)}: SE01 says {els[1] if len(els) > 1 else '(missing)'} "
                                f"segments, the transaction set has {self._seg_no}; the file was "
                                "altered or truncated.",
                                el=1,
                                value=els[1] if len(els) > 1 else None,
                            )
                        self._balance_payment(paid_sum, plb_sum)
                        p = self._payment
                        yield "payment", p
                        self._payment = None
                    in_tx = False
                    self._loop = ""
                    continue
                if sid == "N1":
                    party = els[1] if len(els) > 1 else ""
                    if self._payment is not None and claim is None:
                        name = (els[2] or None) if len(els) > 2 else None
                        if party == "PR":
                            self._payment.payer = name
                            self._loop = "1000A"
                        elif party == "PE":
                            self._payment.payee = name
                            self._loop = "1000B"
                            if len(els) > 4 and els[3] == "XX":
                                self._payment.payee_npi = els[4]
                            elif len(els) > 4 and els[3] == "FI":
                                self._payment.payee_tax_id = els[4]
                    continue
                if sid == "BPR":
                    if self._payment is not None:
                        self._payment.amount = self._money(els, 2, required=True) or ZERO
                        self._payment.handling = els[1] if len(els) > 1 else ""
                        self._payment.credit_debit = (els[3] if len(els) > 3 else "") or "C"
                        self._payment.method = els[4] if len(els) > 4 else ""
                        self._payment.date = _d8(els[16]) if len(els) > 16 else None
                        if len(els) > 16 and els[16] and self._payment.date is None:
                            self._problem(
                                "invalid-date",
                                f"{self._where(16)}: {els[16]!r} is not a date (CCYYMMDD); "
                                "the payment date is left empty.",
                                el=16,
                                value=els[16],
                            )
                    continue
                if sid == "TRN":
                    if self._payment is not None and claim is None:
                        self._payment.trace = (els[2] or None) if len(els) > 2 else None
                        self._payment.payer_id = (els[3] or None) if len(els) > 3 else None
                    continue
                if sid == "ST":
                    st01 = els[1] if len(els) > 1 else ""
                    st03 = els[3] if len(els) > 3 else ""
                    ver = st03 or version
                    if st01 != "835":
                        what = describe_transaction(st01, ver, gs01)
                        raise refuse(
                            self.name,
                            f"x12-{st01 or 'unknown'}-{ver}",
                            f"line {lineno}: this is {what}, not an 835 remittance advice; " + _hint(st01, ver),
                        )
                    in_tx = True
                    self._seg_no = 1
                    self._loop = ""
                    party = ""
                    paid_sum = plb_sum = ZERO
                    self._payment = Payment(
                        amount=ZERO, control=els[2] if len(els) > 2 else "", file=self.name, segment=1
                    )
                    continue
                if sid == "GS":
                    gs01 = els[1] if len(els) > 1 else ""
                    version = els[8] if len(els) > 8 else ""
                    if gs01 and gs01 != "HP" and gs01 in GS_TRANSACTION:
                        what = describe_transaction("", version, gs01)
                        raise refuse(
                            self.name,
                            f"x12-gs-{gs01}-{version}",
                            f"line {lineno}: this is {what}, not an 835 remittance advice; " + _hint("", version, gs01),
                        )
                    continue
                if sid == "ISA":
                    if self._stream is not None and self._stream.separators is not None:
                        self.component = self._stream.separators.component
                    isa12 = els[12] if len(els) > 12 else ""
                    if isa12 and isa12 != "00501":
                        raise refuse(
                            self.name,
                            f"x12-{isa12}",
                            f"line {lineno}: this is an X12 {isa12} interchange; "
                            "only version 5010 (00501) 835s are read",
                        )
                    continue
                if sid not in SEGMENTS_835 and in_tx and sid not in unknown:
                    unknown.add(sid)
                    self._problem(
                        "unrecognized-segment",
                        f"{self._where()}: {sid!r} is not an 835 segment; "
                        "it is skipped (and not reported again in this file).",
                    )
        finally:
            self._fh.close()
        if self._payment is not None:  # no SE: the transaction set is cut off
            if line is not None:
                self._end_line(claim, line)
            if claim is not None:
                paid_sum += self._end_claim(claim)
                yield "claim", claim
            self._problem(
                "missing-trailer",
                f"{self.name}: transaction set {self._payment.control} has no SE "
                "trailer: the file is truncated; ask for it again.",
            )
            self._balance_payment(paid_sum, plb_sum)
            yield "payment", self._payment
            self._payment = None

    # -- segments ----------------------------------------------------------------------------------
    def _clp(self, els: list[str], lineno: int) -> RemitClaim:
        def g(i: int) -> str | None:
            return (els[i] or None) if len(els) > i else None

        cid = g(1)
        if cid is None:
            self._problem(
                "required-element-missing",
                f"{self._where(1)}: the claim has no patient control "
                "number (CLP01); it cannot be matched to a submission.",
                el=1,
                loop="2100",
            )
        status = g(2) or ""
        self._loop = "2100"
        return RemitClaim(
            claim_id=cid or "",
            status=status,
            charge=self._money(els, 3, required=True) or ZERO,
            paid=self._money(els, 4, required=True) or ZERO,
            patient_responsibility=self._money(els, 5),
            filing_indicator=g(6),
            payer_control_number=g(7),
            facility_type=g(8),
            frequency=g(9),
            drg=g(11),
            segment=self._seg_no,
            line_no=lineno,
        )

    def _svc(self, els: list[str]) -> RemitLine:
        self._loop = "2110"
        comp = (els[1] if len(els) > 1 else "").split(self.component)
        units = self._money(els, 5)
        orig = (els[6] if len(els) > 6 else "").split(self.component)
        if len(comp) == 1 and comp[0] in _QUALIFIERS:  # a qualifier without a code
            comp.append("")
        return RemitLine(
            code=comp[1] if len(comp) > 1 else comp[0],
            qualifier=comp[0] if len(comp) > 1 else "",
            modifiers=[m for m in comp[2:6] if m],
            charge=self._money(els, 2, required=True) or ZERO,
            paid=self._money(els, 3, required=True) or ZERO,
            revenue_code=(els[4] or None) if len(els) > 4 else None,
            units=units if units is not None else Decimal("1"),
            original_code=(orig[1] if len(orig) > 1 else orig[0]) or None,
            original_units=self._money(els, 7),
            segment=self._seg_no,
        )

    def _cas(self, els: list[str]) -> list[Adjustment]:
        group = els[1] if len(els) > 1 else ""
        if group not in ("CO", "PR", "OA", "PI", "CR"):
            self._problem(
                "invalid-code-value",
                f"{self._where(1)}: {group!r} is not an adjustment group (CO, PR, OA, PI or CR).",
                el=1,
                value=group,
            )
        out = []
        for i in range(2, min(len(els), 20), 3):
            reason = els[i]
            if not reason:
                continue
            amount = self._money(els, i + 1, required=True) or ZERO
            qty = self._money(els, i + 2)
            out.append(Adjustment(group, reason, amount, qty, segment=self._seg_no))
        return out

    def _plb(self, els: list[str]) -> Decimal:
        total = ZERO
        if self._payment is None:
            return total
        prov = els[1] if len(els) > 1 else ""
        period = _d8(els[2]) if len(els) > 2 else None
        for i in range(3, min(len(els), 15), 2):
            if not els[i]:
                continue
            comp = els[i].split(self.component)
            amount = self._money(els, i + 1, required=True) or ZERO
            total += amount
            self._payment.provider_adjustments.append(
                ProviderAdjustment(
                    prov, period, comp[0], comp[1] if len(comp) > 1 and comp[1] else None, amount, segment=self._seg_no
                )
            )
        return total

    # -- balancing ----------------------------------------------------------------------------------
    def _end_line(self, claim: RemitClaim | None, line: RemitLine) -> None:
        adj = line.adjusted()
        if line.charge - adj != line.paid:
            self._problem(
                "line-unbalanced",
                f"{self.name}: segment {line.segment} (SVC, loop 2110, claim {claim.claim_id if claim else '?'}, "
                f"line {line.code or '(no code)'}): charge {line.charge} - adjustments {adj} = {line.charge - adj}, "
                f"but the payer says it paid {line.paid} (off by {line.charge - adj - line.paid}); "
                "ask the payer for a corrected 835 before posting it.",
                values={
                    "charge": line.charge,
                    "adjustments": adj,
                    "paid": line.paid,
                    "difference": line.charge - adj - line.paid,
                },
                claim=claim,
                segment=line.segment,
                sid="SVC",
                loop="2110",
            )

    def _end_claim(self, claim: RemitClaim) -> Decimal:
        adj = claim.adjusted() + sum((ln.adjusted() for ln in claim.lines), ZERO)
        if claim.charge - adj != claim.paid:
            self._problem(
                "claim-unbalanced",
                f"{self.name}: segment {claim.segment} (CLP, loop 2100, claim {claim.claim_id}): charge "
                f"{claim.charge} - claim and line adjustments {adj} = {claim.charge - adj}, but CLP04 "
                f"says paid {claim.paid} (off by {claim.charge - adj - claim.paid}); ask the payer for "
                "a corrected 835 before posting it.",
                values={
                    "charge": claim.charge,
                    "adjustments": adj,
                    "paid": claim.paid,
                    "difference": claim.charge - adj - claim.paid,
                },
                claim=claim,
                segment=claim.segment,
                sid="CLP",
                loop="2100",
                line=claim.line_no,
            )
        if self._payment is not None and self._keep:
            self._payment.claims.append(claim)
        return claim.paid

    def _balance_payment(self, paid_sum: Decimal, plb_sum: Decimal) -> None:
        p = self._payment
        if p is None:
            return
        self.payments_read.append(p)
        amount = -p.amount if p.credit_debit == "D" else p.amount
        if amount != paid_sum - plb_sum:
            self._problem(
                "payment-unbalanced",
                f"{self.name}: transaction set {p.control} (BPR02): the payment is {p.amount}, but the "
                f"claims paid {paid_sum} less provider adjustments {plb_sum} = {paid_sum - plb_sum} "
                f"(off by {amount - (paid_sum - plb_sum)}); do not post it until the payer explains "
                "the difference.",
                values={
                    "bpr02": p.amount,
                    "claims_paid": paid_sum,
                    "provider_adjustments": plb_sum,
                    "difference": amount - (paid_sum - plb_sum),
                },
                segment=2,
                sid="BPR",
                loop="",
                el=2,
                value=str(p.amount),
            )


def _hint(st01: str, version: str, gs01: str = "") -> str:
    code = st01 or {"HN": "277", "HC": "837", "FA": "999"}.get(gs01, "")
    if code == "277":
        return "read a 277CA with `teleclaim status`."
    if code == "837":
        return "check an 837 with `teleclaim check`."
    return "`teleclaim remit` reads 835s (005010X221A1)."


def read_835(
    source: str | Path | bytes | BinaryIO, name: str | None = None
) -> tuple[list[Payment], list[RemitProblem]]:
    """Every payment of one 835 file and the problems found (a convenience over ``Reader835``)."""
    r = Reader835(source, name)
    payments = r.read_all()
    return payments, r.problems

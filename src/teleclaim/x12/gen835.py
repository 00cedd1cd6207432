"""Writing 835s from the remittance model, and synthetic remittances for submitted claims.

``write_835(payments)`` writes one interchange with one ST*835 per ``Payment`` (no balancing is
forced: what the model says is written, so tests can write unbalanced files on purpose).
``remit_for(claims, seed=..., deny_every=...)`` makes a plausible balanced ``Payment`` answering
837 ``Claim`` objects: lines paid at 80 % with a CO-45 write-off, every ``deny_every``-th claim
denied with a reason from ``DENIALS`` (made-up data for tests and benches, no PHI).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TextIO

from teleclaim.model.remit import Adjustment, Payment, RemitClaim, RemitLine

#: (group, CARC, RARC or None) used for synthetic denials
DENIALS = [
    ("CO", "16", "M51"),
    ("CO", "4", None),
    ("CO", "5", None),
    ("CO", "97", None),
    ("CO", "185", None),
    ("CO", "29", None),
]
CENT = Decimal("0.01")
#: CLP06 codes of the 835 (the 837's SBR09 list differs: CI, BL ... become ZZ)
CLP06 = frozenset(
    ["12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"]
)


def _a(d: Decimal | None) -> str:
    if d is None:
        return ""
    s = format(d, "f")
    return s


def _segments(p: Payment, st: str) -> Iterator[list[str]]:
    yield ["ST", "835", st]
    yield [
        "BPR",
        p.handling or "I",
        _a(p.amount),
        p.credit_debit or "C",
        p.method or "ACH",
        "CCP",
        "01",
        "999999999",
        "DA",
        "123456",
        "1512345678",
        "",
        "01",
        "999988880",
        "DA",
        "98765",
        p.date.strftime("%Y%m%d") if p.date else "",
    ]
    yield ["TRN", "1", p.trace or "1", p.payer_id or "1512345678"]
    if p.production_date:
        yield ["DTM", "405", p.production_date.strftime("%Y%m%d")]
    yield ["N1", "PR", p.payer or "PAYER"]
    yield ["N3", "1 PAYER WAY"]
    yield ["N4", "ANYTOWN", "NY", "12345"]
    yield ["PER", "BL", "", "TE", "8005551212"]
    yield ["N1", "PE", p.payee or "PAYEE", "XX", p.payee_npi or "1234567893"]
    yield ["LX", "1"]
    for c in p.claims:
        yield [
            "CLP",
            c.claim_id,
            c.status,
            _a(c.charge),
            _a(c.paid),
            _a(c.patient_responsibility),
            c.filing_indicator or "MB",
            c.payer_control_number or "PCN" + c.claim_id,
            c.facility_type or "11",
            c.frequency or "1",
        ]
        yield from _cas(c.adjustments)
        yield [
            "NM1",
            "QC",
            "1",
            c.patient_last_name or "DOE",
            c.patient_first_name or "PAT",
            "",
            "",
            "",
            "MI",
            c.member_id or "MEMBER1",
        ]
        if c.remarks:
            yield ["MOA", "", "", *c.remarks[:5]]
        if c.date_from:
            yield ["DTM", "232", c.date_from.strftime("%Y%m%d")]
        for ln in c.lines:
            comp = ":".join([ln.qualifier or "HC", ln.code, *ln.modifiers])
            yield ["SVC", comp, _a(ln.charge), _a(ln.paid), ln.revenue_code or "", _a(ln.units)]
            if ln.date_from:
                yield ["DTM", "472", ln.date_from.strftime("%Y%m%d")]
            yield from _cas(ln.adjustments)
            if ln.control_number:
                yield ["REF", "6R", ln.control_number]
            if ln.allowed is not None:
                yield ["AMT", "B6", _a(ln.allowed)]
            for r in ln.remarks:
                yield ["LQ", "HE", r]
    for a in p.provider_adjustments:
        yield [
            "PLB",
            a.provider,
            (a.fiscal_period or dt.date(2026, 12, 31)).strftime("%Y%m%d"),
            a.reason + (":" + a.reference if a.reference else ""),
            _a(a.amount),
        ]


def _cas(adjs: list[Adjustment]) -> Iterator[list[str]]:
    by_group: dict[str, list[Adjustment]] = {}
    for a in adjs:
        by_group.setdefault(a.group, []).append(a)
    for g, items in by_group.items():
        for i in range(0, len(items), 6):
            els = ["CAS", g]
            for a in items[i : i + 6]:
                els += [a.reason, _a(a.amount), _a(a.quantity)]
            while els[-1] == "":
                els.pop()
            yield els


def write_835(
    payments: Iterable[Payment],
    fh: TextIO | None = None,
    *,
    now: dt.datetime | None = None,
    sender: str = "PAYER",
    receiver: str = "PROVIDER",
) -> str | None:
    """Write one interchange; returns the text when ``fh`` is None."""
    now = now or dt.datetime(2026, 3, 20, 9, 30)
    parts: list[str] = []
    out = fh.write if fh is not None else parts.append
    out(
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
                now.strftime("%H%M"),
                "^",
                "00501",
                "000000001",
                "0",
                "T",
                ":",
            ]
        )
        + "~\n"
    )
    out(f"GS*HP*{sender}*{receiver}*{now:%Y%m%d}*{now:%H%M}*1*X*005010X221A1~\n")
    n = 0
    for n, p in enumerate(payments, 1):
        count = 0
        for seg in _segments(p, f"{n:04d}"):
            count += 1
            out("*".join(seg) + "~\n")
        out(f"SE*{count + 1}*{n:04d}~\n")
    out(f"GE*{n}*1~\nIEA*1*000000001~\n")
    return "".join(parts) if fh is None else None


def remit_for(
    claims: Iterable[Any],
    *,
    seed: int = 0,
    deny_every: int = 5,
    payer: str = "SYNTHETIC HEALTH PLAN",
    date: dt.date = dt.date(2026, 3, 20),
    deny: dict[str, tuple[str, str, str | None]] | None = None,
) -> Payment:
    """A balanced payment answering 837 ``Claim`` objects (see the module docstring); ``deny`` names
    claims to deny with ``(group, CARC, RARC or None)`` instead of every ``deny_every``-th one."""
    rnd = random.Random(seed)
    p = Payment(
        amount=Decimal("0"),
        method="ACH",
        date=date,
        trace=f"{seed:06d}",
        payer=payer,
        payee="SYNTHETIC CLINIC",
        payee_npi="1234567893",
        production_date=date,
    )
    total = Decimal("0")
    for i, c in enumerate(claims, 1):
        if deny is not None:
            chosen = deny.get(c.claim_id)
            denied = chosen is not None
        else:
            denied = deny_every > 0 and i % deny_every == 0
            chosen = DENIALS[rnd.randrange(len(DENIALS))] if denied else None
        group, reason, rarc = chosen if chosen else ("CO", "45", None)
        rc = RemitClaim(
            claim_id=c.claim_id,
            status="1" if not denied else rnd.choice(["1", "4"]),
            charge=Decimal("0"),
            paid=Decimal("0"),
            patient_responsibility=Decimal("0"),
            filing_indicator=c.claim_filing if c.claim_filing in CLP06 else "ZZ",
            patient_last_name=(c.patient or c.subscriber).last_name if (c.patient or c.subscriber) else None,
            date_from=c.statement_from,
        )
        for ln in c.lines:
            charge = ln.charge if ln.charge is not None else Decimal("0")
            if denied:
                adj = [Adjustment(group, reason, charge)]
                paid, allowed = Decimal("0"), None
            else:
                allowed = (charge * Decimal("0.8")).quantize(CENT)
                coins = (allowed * Decimal("0.2")).quantize(CENT)
                paid = allowed - coins
                adj = [a for a in (Adjustment("CO", "45", charge - allowed), Adjustment("PR", "2", coins)) if a.amount]
                rc.patient_responsibility = (rc.patient_responsibility or Decimal("0")) + coins
            rl = RemitLine(
                code=ln.code or "",
                qualifier="NU" if not ln.code and ln.revenue_code else "HC",
                modifiers=list(ln.modifiers),
                charge=charge,
                paid=paid,
                revenue_code=ln.revenue_code,
                units=ln.units or Decimal("1"),
                date_from=ln.date,
                allowed=allowed,
                adjustments=adj,
                control_number=ln.line_control,
                remarks=[rarc] if rarc else [],
            )
            if not rl.code:
                rl.code = ln.revenue_code or "0001"
            rc.lines.append(rl)
            rc.charge += charge
            rc.paid += paid
        if c.total_charge is not None and c.total_charge != rc.charge:  # keep it balanced at claim level
            diff = c.total_charge - rc.charge
            rc.charge = c.total_charge
            rc.adjustments.append(Adjustment("CO", "45" if not denied else reason, diff))
        total += rc.paid
        p.claims.append(rc)
    p.amount = total
    return p

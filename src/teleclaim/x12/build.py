"""Segments of one transaction set -> model claims (the data half of the reader).

``ClaimBuilder.feed(loop, qual, elements)`` is called by ``X12Reader`` for every segment already
placed in its loop (see the loop tree in ``teleclaim.x12.grammar``); it keeps the parties of the
current HL levels and the claim being read, and hands a finished claim back when the next claim,
HL or SE starts. Values that cannot be converted (a bad date, a number with letters) are reported
through ``err`` with the element position and left ``None``: never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from teleclaim.model.claim import (
    Address,
    Claim,
    Diagnosis,
    Envelope,
    Note,
    Occurrence,
    OccurrenceSpan,
    Payer,
    Person,
    Provider,
    ServiceLine,
    SourceLocation,
    ValueCode,
)
from teleclaim.text import digits
from teleclaim.x12.grammar import DX_ADMITTING, DX_OTHER, DX_PRINCIPAL, HI_QUALIFIERS

Err = Callable[..., None]


@lru_cache(maxsize=8192)
def d8(v: str) -> dt.date | None:
    if len(v) != 8 or not digits(v):
        return None
    try:
        return dt.date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _decimal(v: str) -> Decimal | None:
    """Decimal of an X12 number (cached: amounts and units repeat; Decimal is immutable)."""
    try:
        d = Decimal(v)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _el(els: list[str], i: int) -> str:
    return els[i] if i < len(els) else ""


def _opt(v: str) -> str | None:
    return v if v != "" else None


class ClaimBuilder:
    """Builds claims of one transaction set. ``kind`` is 837I or 837P."""

    def __init__(self, kind: str, envelope: Envelope, comp: str, err: Err, file: str | None) -> None:
        self.kind, self.env, self.comp, self.err, self.file = kind, envelope, comp, err, file
        self.billing: Provider | None = None
        self.pay_to: Provider | None = None
        self.sbr: tuple[str | None, str | None, str | None] = (None, None, None)
        self.subscriber: Person | None = None
        self.payer: Payer | None = None
        self.patient: Person | None = None
        self.pat_rel: str | None = None
        self.claim: Claim | None = None
        self.line: ServiceLine | None = None
        self.party: Any = None  # the Provider/Person/Payer the current name loop fills
        self.claims = 0
        # line_values by segment text (the reader's fast path reads them)
        self.service_memo: dict[str, tuple[Any, ...] | None] = {}
        self.date_memo: dict[str, tuple[Any, ...] | None] = {}
        self._hi_plans: dict[tuple[str, ...], list[tuple[int, str, Any, Any]]] = {}  # _hi_plan by elements

    # -- values ----------------------------------------------------------------------------------
    def money(self, v: str, el: int, comp: int | None = None) -> Decimal | None:
        if v == "":
            return None
        d = _decimal(v)
        if d is not None:
            return d
        self.err("X12018", f"{v!r} is not a number", el=el, comp=comp, value=v)
        return None

    def date(self, v: str, el: int, comp: int | None = None) -> dt.date | None:
        d = d8(v)
        if d is None and v:
            self.err("X12017", f"{v!r} is not a CCYYMMDD calendar date", el=el, comp=comp, value=v)
        return d

    def dates(self, fmt: str, v: str, el: int) -> tuple[dt.date | None, dt.date | None]:
        if fmt == "RD8":
            a, sep, b = v.partition("-")
            if not sep:
                self.err("X12017", f"{v!r} is not a CCYYMMDD-CCYYMMDD date range", el=el, value=v)
                return None, None
            f, t = self.date(a, el), self.date(b, el)
            if f and t and t < f:
                self.err("X12017", f"date range {v!r} ends before it starts", el=el, value=v)
            return f, t
        if fmt == "DT":
            return self.date(v[:8], el), None
        return self.date(v, el), None

    # -- parties ---------------------------------------------------------------------------------
    def _address(self, target: Any, els: list[str], n3: bool) -> None:
        if target is None:
            return
        a = target.address or Address()
        if n3:
            a.line1, a.line2 = (els[1] or None), (els[2] or None)
        else:
            a.city, a.state, a.zip = (els[1] or None), (els[2] or None), (els[3] or None)
        target.address = a

    # (positional arguments in field order: name, first_name, entity_type, npi / last_name, first_name,
    # middle_name, member_id; a dataclass __init__ binds keywords more slowly, one party a name loop)
    def _provider(self, els: list[str]) -> Provider:
        return Provider(els[3] or None, els[4] or None, els[2] or None, (els[9] or None) if els[8] == "XX" else None)

    def _person(self, els: list[str]) -> Person:
        return Person(
            els[3] or None, els[4] or None, els[5] or None, (els[9] or None) if els[8] in ("MI", "II") else None
        )

    # -- the segments ----------------------------------------------------------------------------
    def feed(self, loop: str, qual: str, els: list[str], seg_no: int) -> Claim | None:
        """Apply one segment; returns a claim that this segment finished, if any.

        ``els`` is padded with empty elements to 16 so that the handlers index it directly.
        """
        n = len(els)
        if n < 16:
            els.extend(PAD[n])
        sid = els[0]
        done = None
        if sid == "HL":
            return self.hl(els[3])
        if sid == "CLM":
            done = self.finish()
            self._clm(els, seg_no)
            return done
        if sid == "LX":
            self.start_line(els, seg_no)
            return None
        if sid == "NM1":
            self.nm1(loop, qual, els)
            return None
        h = _BY_LOOP.get(loop, _NONE).get(sid)
        if h is not None:
            h(self, els)
        elif sid in ("N3", "N4"):
            self._address(self.party, els, sid == "N3")
        elif sid == "PRV" and isinstance(self.party, Provider) and loop in ("2310", "2420"):
            self.party.taxonomy = els[3] or None
        return None

    def hl(self, level: str) -> Claim | None:
        """HL of ``level`` (HL03): the claim read so far is finished (returned), the parties of the levels
        it starts again are forgotten (the reader calls this directly for HL)."""
        done = self.finish()
        if level == "20":
            self.billing, self.pay_to = None, None
        if level in ("20", "22"):
            self.sbr, self.subscriber, self.payer = (None, None, None), None, None
        self.patient, self.pat_rel = None, None
        return done

    def start_line(self, els: list[str], seg_no: int) -> None:
        """LX: a new service line of the current claim (the reader calls this directly for LX)."""
        c = self.claim
        if c is not None:
            n = els[1] if len(els) > 1 else ""
            ln = self.line = ServiceLine(line=int(n) if digits(n) else len(c.lines) + 1)
            c.lines.append(ln)
            if c.source is not None:
                c.source.line_segments[ln.line] = seg_no

    def line_values(self, text: str, el: str) -> tuple[Any, ...] | None:
        """What the service segment (SV1, SV2) or the service date (DTP*472) ``text`` sets on a new service
        line (``_SERVICE_FIELDS`` or ``_DATE_FIELDS``), or None when its handler reports a problem (the
        reader then takes the ordinary path, which reports it). Found by running the handler on a probe
        line, so it is what the handler does; kept by text in ``service_memo`` / ``date_memo`` (a builder
        serves one transaction set: one kind, one set of separators)."""
        els = text.split(el)
        sid = els[0]
        memo = self.date_memo if sid == "DTP" else self.service_memo
        got = memo.get(text, _UNSEEN)
        if got is _UNSEEN:
            handler, fields = (
                (ClaimBuilder._dtp_line, _DATE_FIELDS) if sid == "DTP" else (_SERVICE[sid], _SERVICE_FIELDS)
            )
            if len(els) < 16:
                els.extend(PAD[len(els)])
            probe, line, err = ServiceLine(0), self.line, self.err
            problems: list[Any] = []
            self.line, self.err = probe, lambda *a, **k: problems.append(a)
            try:
                handler(self, els)
            finally:
                self.line, self.err = line, err
            got = None if problems else tuple(_frozen(getattr(probe, f)) for f in fields)
            if len(memo) > _MEMO:
                memo.clear()
            memo[text] = got
        return got

    def nm1(self, loop: str, qual: str, els: list[str]) -> None:
        """NM1 (padded to 16): the party of the name loop it starts (the reader calls this directly)."""
        self.party = None
        if loop == "1000A":
            self.env.submitter_name, self.env.submitter_id = (els[3] or None), (els[9] or None)
        elif loop == "1000B":
            self.env.receiver_name, self.env.receiver_id_code = (els[3] or None), (els[9] or None)
        elif loop == "2010AA":
            tax = self.billing.taxonomy if self.billing else None
            self.billing = self.party = self._provider(els)
            self.billing.taxonomy = tax
        elif loop == "2010AB":
            self.pay_to = self.party = self._provider(els)
        elif loop == "2010BA":
            self.subscriber = self.party = self._person(els)
        elif loop == "2010BB":
            self.payer = self.party = Payer(els[3] or None, els[9] or None)
        elif loop == "2010CA":
            self.patient = self.party = self._person(els)
        elif loop == "2310" and self.claim is not None:
            field = _CLAIM_PARTY.get((self.kind, qual))
            if field:
                p = self.party = self._provider(els)
                setattr(self.claim, field, p)
        elif loop == "2420" and self.line is not None:
            field = {"82": "rendering", "DN": "referring"}.get(qual)
            if field:
                p = self.party = self._provider(els)
                setattr(self.line, field, p)

    def _clm(self, els: list[str], seg_no: int) -> None:
        cid = els[1]
        comps = els[5].split(self.comp)
        # the first fields by position, the rest set after: a dataclass __init__ binds ~15 keywords slowly
        # (one Claim a claim; the same object as with keywords)
        # self.kind is a str: the reader builds only sets whose version it matched to 837I or 837P
        c = Claim(
            cid,
            self.kind,  # type: ignore[arg-type]
            self.money(els[2], 2),
            _opt(comps[0]),
            _opt(_el(comps, 1)),
            _opt(_el(comps, 2)),
        )
        sbr = self.sbr
        c.billing_provider, c.pay_to, c.subscriber, c.payer, c.patient = (
            self.billing,
            self.pay_to,
            self.subscriber,
            self.payer,
            self.patient,
        )
        c.payer_responsibility, c.claim_filing = sbr[0], sbr[2]
        c.relationship = self.pat_rel if self.patient is not None else sbr[1]
        c.envelope = self.env
        c.source = SourceLocation(self.file, self.env.transaction_control, seg_no)
        self.claim, self.line, self.party = c, None, None
        self.claims += 1

    def finish(self) -> Claim | None:
        c, self.claim, self.line, self.party = self.claim, None, None, None
        return c

    # claim-level segments
    def _dtp_claim(self, els: list[str]) -> None:
        c = self.claim
        if c is None:
            return
        q, fmt, v = els[1], els[2], els[3]
        if self.kind == "837P" and q != "435":
            return  # 837P claim dates (onset, accident, discharge ...) have no place in the model yet
        if q == "434":
            c.statement_from, c.statement_to = self.dates(fmt, v, 3)
            if fmt == "D8":
                c.statement_to = c.statement_from
        elif q == "435":
            c.admission_date = self.dates(fmt, v, 3)[0]
        elif q == "096":
            c.discharge_hour = _opt(v)

    def _cl1(self, els: list[str]) -> None:
        if self.claim is not None:
            c = self.claim
            c.admission_type, c.point_of_origin, c.patient_status = (
                (els[1] or None),
                (els[2] or None),
                (els[3] or None),
            )

    def _ref_claim(self, els: list[str]) -> None:
        if self.claim is not None:
            q = els[1]
            if q == "G1":
                self.claim.prior_authorization = els[2] or None
            elif q == "F8":
                self.claim.original_reference = els[2] or None

    def _nte(self, els: list[str]) -> None:
        target = self.line if self.line is not None else self.claim
        if target is not None and els[2]:
            target.notes.append(Note(code=(els[1] or None), text=els[2]))

    def _hi(self, els: list[str]) -> None:
        # 3-4 HI a claim, their texts repeat: what each element means is worked out once per text
        # (``_hi_plan``, kept when it reports nothing) and applied to the claim here; the model objects
        # are made positionally (in field order: a dataclass __init__ binds keywords more slowly), the
        # most frequent kinds tested first
        c = self.claim
        if c is None:
            return
        key = tuple(els)
        plans = self._hi_plans
        plan = plans.get(key)
        if plan is None:
            problems: list[tuple[Any, dict[str, Any]]] = []
            plan = self._hi_plan(els, problems)
            if not problems:
                if len(plans) > _MEMO:
                    plans.clear()
                plans[key] = plan
        else:
            problems = []
        for what, code, a, b in plan:
            if what == _DX_PRINCIPAL:
                if c.principal_diagnosis is None:
                    c.principal_diagnosis = Diagnosis(code, a, b)
                else:
                    c.diagnoses.append(Diagnosis(code, a, b))
            elif what == _DX_OTHER:
                c.diagnoses.append(Diagnosis(code, a, b))
            elif what == _OCCURRENCE:
                c.occurrences.append(Occurrence(code, a))
            elif what == _VALUE:
                c.values.append(ValueCode(code, a))
            elif what == _DX_ADMITTING:
                if c.admitting_diagnosis is None:
                    c.admitting_diagnosis = Diagnosis(code, a, b)
                else:
                    c.diagnoses.append(Diagnosis(code, a, b))
            elif what == _CONDITION:
                c.conditions.append(code)
            else:
                c.occurrence_spans.append(OccurrenceSpan(code, a, b))
        for args, kw in problems:  # in the order they were found (the first one is the one reported)
            self.err(*args, **kw)

    def _hi_plan(self, els: list[str], problems: list[tuple[Any, dict[str, Any]]]) -> list[tuple[int, str, Any, Any]]:
        """What the elements of one HI add to a claim, in order: ``(what, code, a, b)``; the problems the
        conversions and codes report go to ``problems`` (``err`` arguments), and the first element with a
        bad qualifier or no code ends the segment (as the elements after it are not read)."""

        def err(*args: Any, **kw: Any) -> None:
            problems.append((args, kw))

        saved, self.err = self.err, err
        plan: list[tuple[int, str, Any, Any]] = []
        try:
            for i in range(1, len(els)):
                v = els[i]
                if not v:
                    continue
                p = v.split(self.comp)
                q, code = p[0], _el(p, 1)
                if q not in HI_QUALIFIERS:
                    err(
                        "X12016",
                        f"qualifier {q!r} is not a code the 837 uses here (ABK, ABF, BH, BI, BE, BG ...)",
                        el=i,
                        comp=1,
                        value=q,
                    )
                    break
                if not code:
                    err("X12012", f"{v!r} has a qualifier but no code", el=i, comp=2, value=v)
                    break
                if q in DX_PRINCIPAL:
                    plan.append((_DX_PRINCIPAL, code, q, _opt(_el(p, 8))))
                elif q in DX_ADMITTING:
                    plan.append((_DX_ADMITTING, code, q, _opt(_el(p, 8))))
                elif q in DX_OTHER:
                    plan.append((_DX_OTHER, code, q, _opt(_el(p, 8))))
                elif q == "BG":
                    plan.append((_CONDITION, code, None, None))
                elif q == "BH":
                    plan.append((_OCCURRENCE, code, self.date(_el(p, 3), i, 4) if _el(p, 3) else None, None))
                elif q == "BI":
                    f, _, t = _el(p, 3).partition("-")
                    plan.append((_SPAN, code, self.date(f, i, 4) if f else None, self.date(t, i, 4) if t else None))
                elif q == "BE":
                    plan.append((_VALUE, code, self.money(_el(p, 4), i, 5), None))
        finally:
            self.err = saved
        return plan

    # line-level segments
    def _proc(self, ln: ServiceLine, v: str) -> None:
        p = v.split(self.comp)
        ln.code_qualifier, ln.code = _opt(p[0]), _opt(_el(p, 1))
        ln.modifiers = [m for m in p[2:6] if m]
        ln.description = _opt(_el(p, 6))

    def _sv1(self, els: list[str]) -> None:
        ln = self.line
        if ln is None:
            return
        self._proc(ln, els[1])
        ln.charge, ln.unit_basis, ln.units = self.money(els[2], 2), (els[3] or None), self.money(els[4], 4)
        ln.pos = els[5] or None
        ptrs = [x for x in els[7].split(self.comp) if x]
        out = []
        for k, x in enumerate(ptrs, 1):
            if digits(x):
                out.append(int(x))
            else:
                self.err("X12018", f"diagnosis pointer {x!r} is not a number 1-12", el=7, comp=k, value=x)
        ln.diagnosis_pointers = out

    def _sv2(self, els: list[str]) -> None:
        # the most frequent segment of a home-health claim: conversions inlined (same results as
        # _proc and money, which report what cannot be converted)
        ln = self.line
        if ln is None:
            return
        ln.revenue_code = els[1] or None
        v = els[2]
        if v:
            p = v.split(self.comp)
            n = len(p)
            if n == 2:
                ln.code_qualifier, ln.code, ln.description = p[0] or None, p[1] or None, None
                if ln.modifiers:
                    ln.modifiers = []
            else:
                self._proc(ln, v)
        v = els[3]
        d = _decimal(v) if v else None
        ln.charge = d if d is not None or not v else self.money(v, 3)
        ln.unit_basis = els[4] or None
        v = els[5]
        d = _decimal(v) if v else None
        ln.units = d if d is not None or not v else self.money(v, 5)
        v = els[7]
        d = _decimal(v) if v else None
        ln.non_covered_charge = d if d is not None or not v else self.money(v, 7)

    def _dtp_line(self, els: list[str]) -> None:
        ln = self.line
        if ln is not None and els[1] == "472":
            if els[2] == "D8":
                v = els[3]
                ln.date, ln.date_to = (d8(v) or self.date(v, 3)) if v else None, None
            else:
                ln.date, ln.date_to = self.dates(els[2], els[3], 3)

    def _ref_line(self, els: list[str]) -> None:
        if self.line is not None and els[1] == "6R":
            self.line.line_control = els[2] or None

    # levels
    def _prv_billing(self, els: list[str]) -> None:
        if els[1] == "BI":
            if self.billing is None:
                self.billing = Provider()
            self.billing.taxonomy = els[3] or None

    def _ref_billing(self, els: list[str]) -> None:
        if self.billing is not None and els[1] in ("EI", "SY"):
            self.billing.tax_id = els[2] or None

    def _sbr(self, els: list[str]) -> None:
        self.sbr = ((els[1] or None), (els[2] or None), (els[9] or None))

    def _pat(self, els: list[str]) -> None:
        self.pat_rel = els[1] or None

    def _dmg(self, els: list[str]) -> None:
        if isinstance(self.party, Person):
            self.party.birth_date = self.date(els[2], 2) if els[2] else None
            self.party.sex = els[3] or None

    def _bht(self, els: list[str]) -> None:
        self.env.bht_reference, self.env.bht_date = (els[3] or None), self.date(els[4], 4)


#: what an HI element adds to a claim (``_hi_plan``)
_DX_PRINCIPAL, _DX_ADMITTING, _DX_OTHER, _CONDITION, _OCCURRENCE, _SPAN, _VALUE = range(7)


def _frozen(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


_UNSEEN: Any = object()
#: entries the builder's memos keep before they start again (small: memory stays flat while streaming)
_MEMO = 2048
#: what SV1/SV2 set on a service line (in this order the reader's fast path unpacks them) and what DTP*472 sets
_SERVICE_FIELDS = (
    "code",
    "code_qualifier",
    "modifiers",
    "revenue_code",
    "description",
    "charge",
    "unit_basis",
    "units",
    "pos",
    "non_covered_charge",
    "diagnosis_pointers",
)
_DATE_FIELDS = ("date", "date_to")


_CLAIM_PARTY = {
    ("837I", "71"): "attending",
    ("837I", "82"): "rendering",
    ("837I", "77"): "service_facility",
    ("837I", "DN"): "referring",
    ("837P", "DN"): "referring",
    ("837P", "82"): "rendering",
    ("837P", "77"): "service_facility",
}

_HANDLERS: dict[tuple[str, str], Callable[[ClaimBuilder, list[str]], None]] = {
    ("HEADER", "BHT"): ClaimBuilder._bht,
    ("2000A", "PRV"): ClaimBuilder._prv_billing,
    ("2010AA", "REF"): ClaimBuilder._ref_billing,
    ("2000B", "SBR"): ClaimBuilder._sbr,
    ("2000C", "PAT"): ClaimBuilder._pat,
    ("2010BA", "DMG"): ClaimBuilder._dmg,
    ("2010CA", "DMG"): ClaimBuilder._dmg,
    ("2300", "DTP"): ClaimBuilder._dtp_claim,
    ("2300", "CL1"): ClaimBuilder._cl1,
    ("2300", "REF"): ClaimBuilder._ref_claim,
    ("2300", "NTE"): ClaimBuilder._nte,
    ("2300", "HI"): ClaimBuilder._hi,
    ("2400", "SV1"): ClaimBuilder._sv1,
    ("2400", "SV2"): ClaimBuilder._sv2,
    ("2400", "DTP"): ClaimBuilder._dtp_line,
    ("2400", "REF"): ClaimBuilder._ref_line,
    ("2400", "NTE"): ClaimBuilder._nte,
}
_BY_LOOP: dict[str, dict[str, Callable[[ClaimBuilder, list[str]], None]]] = {}
for (_loop, _sid), _h in _HANDLERS.items():
    _BY_LOOP.setdefault(_loop, {})[_sid] = _h
_SERVICE = {"SV1": ClaimBuilder._sv1, "SV2": ClaimBuilder._sv2}
#: empty elements that pad a segment to 16 (``PAD[len(els)]``), so that handlers index them directly
PAD = [[""] * (16 - n) for n in range(16)]
_NONE: dict[str, Callable[[ClaimBuilder, list[str]], None]] = {}


def _n3(b: ClaimBuilder, els: list[str]) -> None:
    b._address(b.party, els, True)


def _n4(b: ClaimBuilder, els: list[str]) -> None:
    b._address(b.party, els, False)


def _prv_party(b: ClaimBuilder, els: list[str]) -> None:
    if isinstance(b.party, Provider):
        b.party.taxonomy = els[3] or None


#: how many elements each handler reads (els[0] .. els[n - 1]): a shorter segment is padded first (``PAD``)
NEEDS: dict[Callable[[ClaimBuilder, list[str]], None], int] = {
    ClaimBuilder._dtp_claim: 4,
    ClaimBuilder._cl1: 4,
    ClaimBuilder._ref_claim: 3,
    ClaimBuilder._nte: 3,
    ClaimBuilder._hi: 0,  # reads what the segment has
    ClaimBuilder._sv1: 8,
    ClaimBuilder._sv2: 8,
    ClaimBuilder._dtp_line: 4,
    ClaimBuilder._ref_line: 3,
    ClaimBuilder._prv_billing: 4,
    ClaimBuilder._ref_billing: 3,
    ClaimBuilder._sbr: 10,
    ClaimBuilder._pat: 2,
    ClaimBuilder._dmg: 4,
    ClaimBuilder._bht: 5,
    _n3: 4,
    _n4: 4,
    _prv_party: 4,
}


def segment_handler(loop: str, sid: str) -> Callable[[ClaimBuilder, list[str]], None] | None:
    """What ``feed`` does with a segment other than HL, CLM, LX and NM1 in ``loop``: the handler to call
    with the elements padded to 16 (``PAD``), or None. The reader builds its dispatch tables from this
    (one dict lookup per segment instead of ``feed``'s chain of tests)."""
    h = _BY_LOOP.get(loop, _NONE).get(sid)
    if h is not None:
        return h
    if sid == "N3":
        return _n3
    if sid == "N4":
        return _n4
    if sid == "PRV" and loop in ("2310", "2420"):
        return _prv_party
    return None

"""Model -> X12 5010 837I/837P text, streaming: claims are written as they come.

``write_837(claims, out=None, ...)`` writes every claim back into the segment the reader reads it
from, with control numbers, counts (SE01, GE01, IEA01) and HL numbering computed on the fly::

    ISA                                   one per run of claims sharing sender/receiver/date/usage
      GS  (HC, GS08 = version)            one per run of same-kind claims (837I and 837P never mix)
        ST 837 / BHT                      one per run sharing the BHT, submitter and receiver
          1000A NM1*41 PER                submitter            (envelope.submitter_*)
          1000B NM1*40                    receiver             (envelope.receiver_*)
          2000A HL*20 PRV*BI              billing provider: consecutive claims share it
            2010AA NM1*85 N3 N4 REF*EI    2010AB NM1*87 N3 N4 (pay-to)
            2000B HL*22 SBR               subscriber (+ payer): consecutive claims share it
              2010BA NM1*IL N3 N4 DMG     2010BB NM1*PR N3 N4
              2000C HL*23 PAT             patient, when claim.patient is set
                2010CA NM1*QC N3 N4 DMG
                  2300 CLM DTP(096 434 435) CL1 REF(G1 F8) NTE HI(ABK ABJ ABF BI BH BE BG)
                    2310 NM1(71 82 77 DN) + PRV + N3/N4
                    2400 LX SV2|SV1 DTP*472 REF*6R NTE  2420 NM1(82 DN) + PRV
        SE
      GE
    IEA

Control numbers (ISA13/IEA02, GS06/GE02, ST02/SE02) are the claim's own when its envelope carries
well-formed ones not yet used in the output (so read -> write -> read gives the same envelope);
otherwise, or with ``renumber=True``, they are numbered from ``control_start``. The envelope's other
data is kept too: sender, receiver, dates, usage, version, BHT reference, submitter, receiver. Data the 837 kind has
no place for (an attending provider on an 837P, a revenue code on an 837P line ...) and values
containing a separator are refused with an ``InputError`` naming the claim and the field: the
writer never drops or mangles data silently. Elements the model does not carry but the guide
requires (CLM07-09, BHT06, PER, NM102 ...) get fixed defaults.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TextIO, TypeVar, overload

from teleclaim.errors import InputError
from teleclaim.model.claim import Address, Claim, Envelope, Note, Person, Provider, ServiceLine
from teleclaim.x12.grammar import ISA_WIDTHS, max_length

_T = TypeVar("_T")
# the envelope a claim goes in: its ISA, GS and ST keys (a new key opens a new envelope; see ``_keys``)
#: sender, receiver, date, time, usage, own control number
_IsaKey = tuple[str, str, dt.date, str, str, str | None]
#: kind, version, application sender, application receiver, own control number
_GsKey = tuple[str, str, str, str, str | None]
#: BHT03, BHT04 date, submitter name and id, receiver name and id, own control number
_StKey = tuple[str | None, dt.date, str | None, str | None, str | None, str | None, str | None]

VERSIONS = {"837I": "005010X223A2", "837P": "005010X222A1"}
DEFAULT_SENDER = "TELECLAIM"
DEFAULT_RECEIVER = "RECEIVER"
_ISA13 = re.compile(r"[0-9]{9}")  # N0 9/9
_GS06 = re.compile(r"[0-9]{1,9}")  # N0 1/9
_HHMM = re.compile(r"([01][0-9]|2[0-3])[0-5][0-9]")  # ISA10 TM 4/4
_ST02 = re.compile(r"[0-9A-Za-z]{4,9}")  # AN 4/9 (kept to letters and digits)

# max lengths (5010 data element dictionary) of the free-text elements the writer checks
#: the elements and components whose length the writer checks; the maxima come from ``grammar``
_MAX = {
    name: max_length(name)
    for name in (
        "NM103",
        "NM104",
        "NM105",
        "NM109",
        "N301",
        "N302",
        "N401",
        "N402",
        "N403",
        "REF02",
        "PRV03",
        "CLM01",
        "NTE02",
        "BHT03",
        "ISA06",
        "ISA08",
        "GS02",
        "GS03",
        "DESC",
        "CODE",
        "HI",
        "PAT01",
    )
}


def _d8(d: dt.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _num(n: Decimal | int | float) -> str:
    """X12 R (decimal number): plain digits, no exponent."""
    s = format(n if isinstance(n, Decimal) else Decimal(str(n)), "f")
    return s


class _Out:
    """Segment sink: joins elements, counts segments per transaction set."""

    __slots__ = ("write", "el", "co", "term", "count", "bad")

    def __init__(self, write: Callable[[str], Any], seps: tuple[str, str, str, str], newline: bool) -> None:
        self.write = write
        self.el, self.co = seps[0], seps[1]
        self.term = seps[3] + ("\n" if newline else "")
        self.count = 0
        self.bad = re.compile("[" + re.escape("".join(seps)) + "\r\n]").search

    def seg(self, *els: str | None) -> None:
        parts = ["" if e is None else e for e in els]
        while parts and parts[-1] == "":
            parts.pop()
        self.write(self.el.join(parts) + self.term)
        self.count += 1

    def comp(self, *parts: str | None) -> str:
        ps = ["" if p is None else p for p in parts]
        while ps and ps[-1] == "":
            ps.pop()
        return self.co.join(ps)


class _ClaimWriter:
    """Writes one transaction set's claims; knows the claim being written for error messages."""

    def __init__(self, out: _Out) -> None:
        self.o = out
        self.claim_id = "?"
        self.kind = "837I"

    # -- values ------------------------------------------------------------------------------------
    @overload
    def t(self, value: None, field: str, maxlen: str | None = None) -> None: ...
    @overload
    def t(self, value: str | int | Decimal | dt.date, field: str, maxlen: str | None = None) -> str: ...
    def t(self, value: Any, field: str, maxlen: str | None = None) -> str | None:
        """A text value checked for separators and length."""
        if value is None:
            return None
        s = str(value)
        if self.o.bad(s):
            raise InputError(
                f"claim {self.claim_id}: {field} {s!r} contains an X12 separator or a line break; "
                "remove it or write the file with other separators (--separators).",
                code="separator_in_value",
                claim_id=self.claim_id,
                field=field,
                value=s,
            )
        if maxlen and len(s) > _MAX[maxlen]:
            raise InputError(
                f"claim {self.claim_id}: {field} {s!r} is longer than the {_MAX[maxlen]} characters X12 "
                f"allows there ({maxlen}).",
                code="value_too_long",
                claim_id=self.claim_id,
                field=field,
                value=s,
            )
        return s

    def refuse(self, field: str, why: str) -> InputError:
        return InputError(
            f"claim {self.claim_id}: {field}: {why}; an {self.kind} has no place for it, "
            "so the writer refuses rather than drop it.",
            code="not_writable",
            claim_id=self.claim_id,
            field=field,
        )

    def need(self, value: _T | None, field: str, what: str) -> _T:
        if value is None or value == "":
            raise InputError(
                f"claim {self.claim_id}: {field} is missing; the {self.kind} requires {what}.",
                code="missing_value",
                claim_id=self.claim_id,
                field=field,
            )
        return value

    # -- parties -----------------------------------------------------------------------------------
    def address(self, a: Address | None, field: str) -> None:
        if a is None:
            return
        if a.line1 is not None or a.line2 is not None:
            self.o.seg("N3", self.t(a.line1, f"{field}.line1", "N301"), self.t(a.line2, f"{field}.line2", "N302"))
        if a.city is not None or a.state is not None or a.zip is not None:
            self.o.seg(
                "N4",
                self.t(a.city, f"{field}.city", "N401"),
                self.t(a.state, f"{field}.state", "N402"),
                self.t(a.zip, f"{field}.zip", "N403"),
            )

    def nm1(self, entity: str, p: Provider, field: str, person_default: bool) -> None:
        etype = p.entity_type or ("1" if (p.first_name or person_default) else "2")
        self.o.seg(
            "NM1",
            entity,
            self.t(etype, f"{field}.entity_type"),
            self.t(p.name, f"{field}.name", "NM103"),
            self.t(p.first_name, f"{field}.first_name", "NM104"),
            None,
            None,
            None,
            "XX" if p.npi else None,
            self.t(p.npi, f"{field}.npi", "NM109"),
        )

    def provider(
        self,
        entity: str,
        p: Provider | None,
        field: str,
        *,
        prv: str | None = None,
        addr: bool = False,
        tax: bool = False,
        person: bool = True,
    ) -> None:
        """NM1 [+ PRV when the loop has one] [+ N3/N4] [+ REF*EI]; refuses what the loop cannot hold."""
        if p is None:
            return
        if p.taxonomy and not prv:
            raise self.refuse(f"{field}.taxonomy", "this provider loop has no PRV segment")
        if p.address and not addr:
            raise self.refuse(f"{field}.address", "this provider loop has no N3/N4 address")
        if p.tax_id and not tax:
            raise self.refuse(f"{field}.tax_id", "this provider loop has no tax id (REF*EI)")
        if p.first_name and not person:
            raise self.refuse(f"{field}.first_name", "this loop names an organisation only")
        self.nm1(entity, p, field, person)
        if prv and p.taxonomy and entity != "85":
            self.o.seg("PRV", prv, "PXC", self.t(p.taxonomy, f"{field}.taxonomy", "PRV03"))
        if addr:
            self.address(p.address, f"{field}.address")
        if tax and p.tax_id:
            self.o.seg("REF", "EI", self.t(p.tax_id, f"{field}.tax_id", "REF02"))

    def person(self, entity: str, p: Person, field: str, member: bool) -> None:
        if p.member_id and not member:
            raise self.refuse(f"{field}.member_id", "the patient loop (2010CA) carries no member id in 5010")
        self.o.seg(
            "NM1",
            entity,
            "1",
            self.t(p.last_name, f"{field}.last_name", "NM103"),
            self.t(p.first_name, f"{field}.first_name", "NM104"),
            self.t(p.middle_name, f"{field}.middle_name", "NM105"),
            None,
            None,
            "MI" if p.member_id else None,
            self.t(p.member_id, f"{field}.member_id", "NM109"),
        )
        self.address(p.address, f"{field}.address")
        if p.birth_date or p.sex:
            self.o.seg(
                "DMG",
                "D8" if p.birth_date else None,
                _d8(p.birth_date) if p.birth_date else None,
                self.t(p.sex, f"{field}.sex"),
            )

    # -- the claim (2300) ----------------------------------------------------------------------------
    def claim(self, c: Claim) -> None:
        o, t, inst = self.o, self.t, c.kind == "837I"
        total = self.need(c.total_charge, "total_charge", "the total charge (CLM02)")
        self.need(c.facility_code, "facility_code", "the facility code or place of service (CLM05-1)")
        clm05 = o.comp(
            t(c.facility_code, "facility_code"),
            t(c.facility_qualifier or ("A" if inst else "B"), "facility_qualifier"),
            t(c.frequency, "frequency"),
        )
        cid = t(c.claim_id, "claim_id", "CLM01")
        if inst:
            o.seg("CLM", cid, _num(total), None, None, clm05, None, "A", "Y", "Y")
            if c.discharge_hour:
                o.seg("DTP", "096", "TM", t(c.discharge_hour, "discharge_hour"))
            if c.statement_from or c.statement_to:
                frm = self.need(c.statement_from, "statement_from", "both statement dates (DTP*434)")
                to = self.need(c.statement_to, "statement_to", "both statement dates (DTP*434)")
                o.seg("DTP", "434", "RD8", f"{_d8(frm)}-{_d8(to)}")
            if c.admission_date:
                o.seg("DTP", "435", "D8", _d8(c.admission_date))
            if c.admission_type or c.point_of_origin or c.patient_status:
                o.seg(
                    "CL1",
                    t(c.admission_type, "admission_type"),
                    t(c.point_of_origin, "point_of_origin"),
                    t(c.patient_status, "patient_status"),
                )
        else:
            for f in (
                "statement_from",
                "statement_to",
                "discharge_hour",
                "admission_type",
                "point_of_origin",
                "patient_status",
                "admitting_diagnosis",
                "attending",
            ):
                if getattr(c, f):
                    raise self.refuse(f, "an 837I-only item (statement dates, CL1, admitting diagnosis, attending)")
            for f in ("occurrences", "occurrence_spans", "values"):
                if getattr(c, f):
                    raise self.refuse(f, "occurrence, occurrence-span and value codes are 837I-only")
            o.seg("CLM", cid, _num(total), None, None, clm05, "Y", "A", "Y", "Y")
            if c.admission_date:
                o.seg("DTP", "435", "D8", _d8(c.admission_date))
        if c.prior_authorization:
            o.seg("REF", "G1", t(c.prior_authorization, "prior_authorization", "REF02"))
        if c.original_reference:
            o.seg("REF", "F8", t(c.original_reference, "original_reference", "REF02"))
        self.notes(c.notes, "notes", "ADD")
        self.his(c, inst)
        if inst:
            self.provider("71", c.attending, "attending", prv="AT")
            self.provider("82", c.rendering, "rendering")
            self.provider("77", c.service_facility, "service_facility", addr=True, person=False)
            self.provider("DN", c.referring, "referring")
        else:
            self.provider("DN", c.referring, "referring")
            self.provider("82", c.rendering, "rendering", prv="PE")
            self.provider("77", c.service_facility, "service_facility", addr=True, person=False)
        for ln in c.lines:
            self.line(ln, inst)

    def notes(self, notes: list[Note], field: str, default: str) -> None:
        for i, n in enumerate(notes):
            self.o.seg(
                "NTE", self.t(n.code or default, f"{field}[{i}].code"), self.t(n.text, f"{field}[{i}].text", "NTE02")
            )

    def his(self, c: Claim, inst: bool) -> None:
        o, t = self.o, self.t
        dx = []
        if c.principal_diagnosis:
            d = c.principal_diagnosis
            q = d.qualifier or "ABK"
            dx.append(
                o.comp(
                    t(q, "principal_diagnosis.qualifier"),
                    t(d.code, "principal_diagnosis.code", "HI"),
                    *self.poa(d.poa, "principal_diagnosis.poa", inst),
                )
            )
        if inst:
            if dx:
                o.seg("HI", *dx)
            if c.admitting_diagnosis:
                d = c.admitting_diagnosis
                o.seg(
                    "HI",
                    o.comp(
                        t(d.qualifier or "ABJ", "admitting_diagnosis.qualifier"),
                        t(d.code, "admitting_diagnosis.code", "HI"),
                        *self.poa(d.poa, "admitting_diagnosis.poa", inst),
                    ),
                )
            dx = []
        other = [
            o.comp(
                t(d.qualifier or "ABF", f"diagnoses[{i}].qualifier"),
                t(d.code, f"diagnoses[{i}].code", "HI"),
                *self.poa(d.poa, f"diagnoses[{i}].poa", inst),
            )
            for i, d in enumerate(c.diagnoses)
        ]
        if inst:
            self.chunks(other)
        else:
            if len(dx) + len(other) > 12:
                raise self.refuse("diagnoses", f"{len(dx) + len(other)} diagnoses; an 837P holds at most 12")
            if dx or other:
                o.seg("HI", *dx, *other)
        if inst:
            self.chunks(
                [
                    o.comp(
                        "BI",
                        t(s.code, f"occurrence_spans[{i}].code", "HI"),
                        "RD8",
                        f"{_d8(self.need(s.date_from, f'occurrence_spans[{i}].date_from', 'span dates'))}-"
                        f"{_d8(self.need(s.date_to, f'occurrence_spans[{i}].date_to', 'span dates'))}",
                    )
                    for i, s in enumerate(c.occurrence_spans)
                ]
            )
            self.chunks(
                [
                    o.comp(
                        "BH",
                        t(x.code, f"occurrences[{i}].code", "HI"),
                        "D8",
                        _d8(self.need(x.date, f"occurrences[{i}].date", "an occurrence date (HI BH)")),
                    )
                    for i, x in enumerate(c.occurrences)
                ]
            )
            self.chunks(
                [
                    o.comp(
                        "BE",
                        t(v.code, f"values[{i}].code", "HI"),
                        None,
                        None,
                        _num(v.amount) if v.amount is not None else None,
                    )
                    for i, v in enumerate(c.values)
                ]
            )
        self.chunks([o.comp("BG", t(x, f"conditions[{i}]", "HI")) for i, x in enumerate(c.conditions)])

    def poa(self, poa: str | None, field: str, inst: bool) -> tuple[str | None, ...]:
        if not poa:
            return ()
        if not inst:
            raise self.refuse(field, "present-on-admission indicators are 837I-only")
        return (None, None, None, None, None, None, self.t(poa, field))

    def chunks(self, comps: list[str]) -> None:
        for i in range(0, len(comps), 12):
            self.o.seg("HI", *comps[i : i + 12])

    # -- service lines (2400) ------------------------------------------------------------------------
    def line(self, ln: ServiceLine, inst: bool) -> None:
        o, t = self.o, self.t
        f = f"lines[{ln.line}]"
        o.seg("LX", str(ln.line))
        code = None
        if ln.code or ln.code_qualifier or ln.modifiers or ln.description:  # a qualifier alone is kept too
            if len(ln.modifiers) > 4:
                raise self.refuse(f"{f}.modifiers", f"{len(ln.modifiers)} modifiers; X12 holds at most 4")
            mods = [t(m, f"{f}.modifiers") for m in ln.modifiers] + [None] * (4 - len(ln.modifiers))
            qual = ln.code_qualifier or ("HP" if ln.revenue_code == "0023" else "HC")
            code = o.comp(
                t(qual, f"{f}.code_qualifier"),
                t(ln.code, f"{f}.code", "CODE"),
                *mods,
                t(ln.description, f"{f}.description", "DESC"),
            )
        charge = _num(self.need(ln.charge, f"{f}.charge", "a line charge"))
        units = _num(self.need(ln.units, f"{f}.units", "the line's units"))
        basis = t(ln.unit_basis or "UN", f"{f}.unit_basis")
        if inst:
            if ln.pos:
                raise self.refuse(f"{f}.pos", "a line place of service is 837P-only")
            if ln.diagnosis_pointers:
                raise self.refuse(f"{f}.diagnosis_pointers", "diagnosis pointers are 837P-only")
            rev = t(self.need(ln.revenue_code, f"{f}.revenue_code", "a revenue code (SV201)"), f"{f}.revenue_code")
            o.seg(
                "SV2",
                rev,
                code,
                charge,
                basis,
                units,
                None,
                _num(ln.non_covered_charge) if ln.non_covered_charge is not None else None,
            )
        else:
            if ln.revenue_code:
                raise self.refuse(f"{f}.revenue_code", "revenue codes are 837I-only")
            if ln.non_covered_charge is not None:
                raise self.refuse(f"{f}.non_covered_charge", "a non-covered line charge is 837I-only")
            if code is None:
                self.need(None, f"{f}.code", "a procedure code (SV101)")
            ptrs = o.comp(*[str(p) for p in ln.diagnosis_pointers[:4]])
            if len(ln.diagnosis_pointers) > 4:
                raise self.refuse(f"{f}.diagnosis_pointers", "an 837P line points at no more than 4 diagnoses")
            o.seg("SV1", code, charge, basis, units, t(ln.pos, f"{f}.pos"), None, ptrs)
        if ln.date_to and not ln.date:
            self.need(None, f"{f}.date", "a start date when date_to is set")
        if ln.date:
            if ln.date_to:
                o.seg("DTP", "472", "RD8", f"{_d8(ln.date)}-{_d8(ln.date_to)}")
            else:
                o.seg("DTP", "472", "D8", _d8(ln.date))
        if ln.line_control:
            o.seg("REF", "6R", t(ln.line_control, f"{f}.line_control", "REF02"))
        self.notes(ln.notes, f"{f}.notes", "TPO" if inst else "ADD")
        if inst:
            self.provider("82", ln.rendering, f"{f}.rendering")
            self.provider("DN", ln.referring, f"{f}.referring")
        else:
            self.provider("82", ln.rendering, f"{f}.rendering", prv="PE")
            self.provider("DN", ln.referring, f"{f}.referring")


class X12Writer:
    """Streaming 837 writer: ``add(claim)`` any number of times, then ``close()``.

    ``write_837`` wraps it; use the class directly to write claims produced one by one.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        sender_id: str | None = None,
        receiver_id: str | None = None,
        usage: str | None = None,
        separators: tuple[str, str, str, str] = ("*", ":", "^", "~"),
        newline: bool = True,
        control_start: int = 1,
        now: dt.datetime | None = None,
        renumber: bool = False,
    ) -> None:
        seps = tuple(separators)
        if len(seps) != 4 or len(set(seps)) != 4 or any(len(s) != 1 or s.isalnum() or s == " " for s in seps):
            raise InputError(
                f"separators {separators!r}: give four different single non-alphanumeric "
                "characters (element, component, repetition, segment).",
                code="invalid_option",
            )
        if usage not in (None, "P", "T"):
            raise InputError(f"usage {usage!r}: use P (production) or T (test).", code="invalid_option")
        self.o = _Out(out.write, seps, newline)
        self.seps = seps
        self.cw = _ClaimWriter(self.o)
        self.sender, self.receiver, self.usage = sender_id, receiver_id, usage
        self.now = now or dt.datetime.now()
        self.ctrl = control_start
        self.renumber = renumber
        # control numbers used so far: ISA13 in the output, GS06 per interchange, ST02 per group
        self.used_isa: set[str] = set()
        self.used_gs: set[str] = set()
        self.used_st: set[str] = set()
        self.isa: _IsaKey | None = None
        self.gs: _GsKey | None = None
        self.st: _StKey | None = None
        self.hl20: tuple | None = None
        self.hl22: tuple | None = None
        self.hl23: tuple | None = None
        self.groups = self.sets = self.hl = self.hl20_id = self.hl22_id = 0
        self.isa_ctrl = self.gs_ctrl = self.st_ctrl = ""
        self.claims = 0

    # -- envelope -----------------------------------------------------------------------------------
    def _keys(self, c: Claim) -> tuple[_IsaKey, _GsKey, _StKey]:
        e = c.envelope or Envelope()
        keep = not self.renumber
        # ISA09 date and ISA10 time are kept together or stamped together (never a kept date with a new time)
        if e.interchange_date is not None and e.interchange_time and _HHMM.fullmatch(e.interchange_time):
            when: tuple[dt.date, str] = (e.interchange_date, e.interchange_time)
        else:
            when = (self.now.date(), self.now.strftime("%H%M"))
        isa: _IsaKey = (
            self.sender or e.sender_id or DEFAULT_SENDER,
            self.receiver or e.receiver_id or DEFAULT_RECEIVER,
            *when,
            self.usage or e.usage or "T",
            e.interchange_control if keep else None,
        )
        gs: _GsKey = (
            c.kind,
            e.version or VERSIONS[c.kind],
            e.application_sender or isa[0],
            e.application_receiver or isa[1],
            e.group_control if keep else None,
        )
        st: _StKey = (
            e.bht_reference,
            e.bht_date or isa[2],
            e.submitter_name,
            e.submitter_id,
            e.receiver_name,
            e.receiver_id_code,
            e.transaction_control if keep else None,
        )
        return isa, gs, st

    def _control(self, own: str | None, pattern: re.Pattern[str], used: set[str], fmt: str) -> str:
        """The envelope's own control number when well-formed and unused here, else the next free one."""
        if own is not None and pattern.fullmatch(own) and own not in used:
            used.add(own)
            return own
        while True:
            value = format(self.ctrl, fmt)
            if value not in used:
                used.add(value)
                return value
            self.ctrl += 1

    def _open_isa(self, key: _IsaKey) -> None:
        t = self.cw.t
        snd, rcv, day, hhmm, usage, own = key
        snd, rcv = t(snd, "envelope.sender_id", "ISA06"), t(rcv, "envelope.receiver_id", "ISA08")
        self.isa_ctrl = self._control(own, _ISA13, self.used_isa, "09d")
        self.used_gs = set()
        el, co, rep, _ = self.seps
        w = ISA_WIDTHS
        isa = el.join(
            [
                "ISA",
                "00",
                " " * w[1],
                "00",
                " " * w[3],
                "ZZ",
                snd.ljust(w[5]),
                "ZZ",
                rcv.ljust(w[7]),
                day.strftime("%y%m%d"),
                hhmm,
                rep,
                "00501",
                self.isa_ctrl,
                "0",
                usage,
                co,
            ]
        )
        self.o.write(isa + self.o.term)
        self.isa, self.groups = key, 0

    def _open_gs(self, key: _GsKey, isa: _IsaKey) -> None:
        t = self.cw.t
        kind, version, snd, rcv, own = key
        self.gs_ctrl = self._control(own, _GS06, self.used_gs, "d")
        self.used_st = set()
        if version[6:10] not in ("X223", "X222") or version[:6] != "005010":
            raise InputError(
                f"claim {self.cw.claim_id}: envelope.version {version!r} is not a 5010 837 version.",
                code="invalid_version",
                field="envelope.version",
                value=version,
            )
        if (kind == "837I") != (version[6:10] == "X223"):
            raise InputError(
                f"claim {self.cw.claim_id}: envelope.version {version} does not match kind {kind}.",
                code="invalid_version",
                field="envelope.version",
                value=version,
            )
        self.o.seg(
            "GS",
            "HC",
            t(snd, "envelope.application_sender", "GS02"),
            t(rcv, "envelope.application_receiver", "GS03"),
            _d8(isa[2]),
            isa[3],
            self.gs_ctrl,
            "X",
            version,
        )
        self.gs, self.sets = key, 0
        self.groups += 1

    def _open_st(self, key: _StKey, c: Claim, isa: _IsaKey, gs: _GsKey) -> None:
        t, o = self.cw.t, self.o
        ref, day, sub_name, sub_id, rcv_name, rcv_id, own = key
        self.st_ctrl = self._control(own, _ST02, self.used_st, "04d")
        o.count = 0
        o.seg("ST", "837", self.st_ctrl, gs[1])
        o.seg("BHT", "0019", "00", t(ref or self.st_ctrl, "envelope.bht_reference", "BHT03"), _d8(day), isa[3], "CH")
        o.seg(
            "NM1",
            "41",
            "2",
            t(sub_name or isa[0], "envelope.submitter_name", "NM103"),
            None,
            None,
            None,
            None,
            "46",
            t(sub_id or isa[0], "envelope.submitter_id", "NM109"),
        )
        o.seg("PER", "IC", "BILLING", "TE", "8005550100")
        o.seg(
            "NM1",
            "40",
            "2",
            t(rcv_name or isa[1], "envelope.receiver_name", "NM103"),
            None,
            None,
            None,
            None,
            "46",
            t(rcv_id or isa[1], "envelope.receiver_id_code", "NM109"),
        )
        self.st, self.hl = key, 0
        self.hl20 = self.hl22 = self.hl23 = None
        self.sets += 1
        self.ctrl += 1

    def _close_st(self) -> None:
        if self.st is not None:
            self.o.seg("SE", str(self.o.count + 1), self.st_ctrl)
            self.st = None

    def _close_gs(self) -> None:
        self._close_st()
        if self.gs is not None:
            self.o.seg("GE", str(self.sets), self.gs_ctrl)
            self.gs = None

    def _close_isa(self) -> None:
        self._close_gs()
        if self.isa is not None:
            self.o.write(self.seps[0].join(["IEA", str(self.groups), self.isa_ctrl]) + self.o.term)
            self.isa = None

    # -- claims -------------------------------------------------------------------------------------
    def add(self, c: Claim) -> None:
        cw = self.cw
        cw.claim_id, cw.kind = c.claim_id, c.kind
        if c.kind not in VERSIONS:
            raise InputError(
                f"claim {c.claim_id}: kind {c.kind!r} is neither 837I nor 837P.", code="invalid_claim", field="kind"
            )
        isa, gs, st = self._keys(c)
        if isa != self.isa:
            self._close_isa()
            self._open_isa(isa)
        if gs != self.gs:
            self._close_gs()
            self._open_gs(gs, isa)
        if st != self.st:
            self._close_st()
            self._open_st(st, c, isa, gs)
        self._hls(c)
        cw.claim(c)
        self.claims += 1

    def _hls(self, c: Claim) -> None:
        o, cw = self.o, self.cw
        bp = cw.need(c.billing_provider, "billing_provider", "a billing provider (2010AA)")
        k20 = (bp, c.pay_to)
        if k20 != self.hl20:
            self.hl += 1
            self.hl20_id, self.hl20, self.hl22, self.hl23 = self.hl, k20, None, None
            o.seg("HL", str(self.hl), None, "20", "1")
            if bp.taxonomy:
                o.seg("PRV", "BI", "PXC", cw.t(bp.taxonomy, "billing_provider.taxonomy", "PRV03"))
            cw.provider("85", bp, "billing_provider", prv="BI", addr=True, tax=True, person=True)
            if c.pay_to:
                cw.provider("87", c.pay_to, "pay_to", addr=True, person=False)
        sub = cw.need(c.subscriber, "subscriber", "a subscriber (2010BA)")
        has_pat = c.patient is not None
        k22 = (sub, c.payer, c.payer_responsibility, c.claim_filing, None if has_pat else c.relationship, has_pat)
        if k22 != self.hl22:
            self.hl += 1
            self.hl22_id, self.hl22, self.hl23 = self.hl, k22, None
            o.seg("HL", str(self.hl), str(self.hl20_id), "22", "1" if has_pat else "0")
            o.seg(
                "SBR",
                cw.t(c.payer_responsibility or "P", "payer_responsibility"),
                None if has_pat else cw.t(c.relationship, "relationship"),
                None,
                None,
                None,
                None,
                None,
                None,
                cw.t(c.claim_filing, "claim_filing"),
            )
            cw.person("IL", sub, "subscriber", member=True)
            p = cw.need(c.payer, "payer", "a payer (2010BB)")
            o.seg(
                "NM1",
                "PR",
                "2",
                cw.t(p.name, "payer.name", "NM103"),
                None,
                None,
                None,
                None,
                "PI" if p.id else None,
                cw.t(p.id, "payer.id", "NM109"),
            )
            cw.address(p.address, "payer.address")
        if c.patient is not None:  # has_pat
            k23 = (c.patient, c.relationship)
            if k23 != self.hl23:
                self.hl += 1
                self.hl23 = k23
                o.seg("HL", str(self.hl), str(self.hl22_id), "23", "0")
                o.seg("PAT", cw.t(c.relationship, "relationship", "PAT01"))
                cw.person("QC", c.patient, "patient", member=False)

    def close(self) -> None:
        self._close_isa()


@overload
def write_837(
    claims: Iterable[Claim],
    out: None = None,
    *,
    sender_id: str | None = None,
    receiver_id: str | None = None,
    usage: str | None = None,
    separators: tuple[str, str, str, str] = ...,
    newline: bool = True,
    control_start: int = 1,
    now: dt.datetime | None = None,
    renumber: bool = False,
) -> str: ...
@overload
def write_837(
    claims: Iterable[Claim],
    out: TextIO,
    *,
    sender_id: str | None = None,
    receiver_id: str | None = None,
    usage: str | None = None,
    separators: tuple[str, str, str, str] = ...,
    newline: bool = True,
    control_start: int = 1,
    now: dt.datetime | None = None,
    renumber: bool = False,
) -> None: ...


def write_837(
    claims: Iterable[Claim],
    out: TextIO | None = None,
    *,
    sender_id: str | None = None,
    receiver_id: str | None = None,
    usage: str | None = None,
    separators: tuple[str, str, str, str] = ("*", ":", "^", "~"),
    newline: bool = True,
    control_start: int = 1,
    now: dt.datetime | None = None,
    renumber: bool = False,
) -> str | None:
    """Write ``claims`` as one X12 837 interchange (more when their envelopes differ).

    ``sender_id``/``receiver_id``/``usage`` override the claims' envelopes (defaults: the envelope,
    else ``TELECLAIM``/``RECEIVER``/``T``). Returns the text when ``out`` is None, else None.
    Raises ``InputError`` (naming claim and field) for a value the 837 cannot carry.
    """
    buf = io.StringIO()  # the text, when no ``out`` is given
    w = X12Writer(
        out if out is not None else buf,
        sender_id=sender_id,
        receiver_id=receiver_id,
        usage=usage,
        separators=separators,
        newline=newline,
        control_start=control_start,
        now=now,
        renumber=renumber,
    )
    for c in claims:
        w.add(c)
    w.close()
    return buf.getvalue() if out is None else None

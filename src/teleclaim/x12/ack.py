"""999 implementation acknowledgment (005010X231A1) for what an ``X12Reader`` read.

One 999 interchange per interchange read, one ST*999 per functional group::

    ISA (sender/receiver swapped)  GS*FA ... 005010X231A1
      ST*999  AK1 (GS01, GS06, GS08)
        AK2 (ST01, ST02, ST03)              one per transaction set
          IK3 (segment id, position, loop, IK304)   one per segment-level problem
            CTX*CLM01:<claim id>                    when the problem is inside a claim
            IK4 (position[:component], element reference, IK403, bad value)
          IK5 (A | E | R, IK502 codes)
        AK9 (A | E | P | R, included, received, accepted, AK905 codes)
      SE  GE  IEA

Interchange-level problems (ISA fields, IEA01 count, IEA02 not ISA13, a missing IEA, segments outside
any transaction set) are answered with a TA1 (TA101-TA103 echo ISA13/ISA09/ISA10, TA104 the verdict,
TA105 the note code of the first problem)::

    ISA  TA1*<ISA13>*<ISA09>*<ISA10>*R*<TA105>  IEA*0        cannot be processed: no 999
    ISA  TA1*<ISA13>*<ISA09>*<ISA10>*E*<TA105>  GS ... GE  IEA*1   processed with errors: TA1 and 999

TA104 follows the interchange-error table of the ediFabric acknowledgment engine (source AUD-X12-TA1 in
refdata/data/sources_audit.yaml; the X12 TA1 leaves the choice to trading partners): E (processed
with errors) for IEA02 not ISA13 (001), an invalid sender or receiver id (006/008), acknowledgment
requested or usage indicator (019/020) and the IEA01 group count (021); R (cannot be processed) for
the other ISA elements (qualifiers, authorization/security, date, time, standards, version,
control number, separators), an invalid control structure (022: GS/ST/SE/GE/IEA without its
partner), a missing IEA (023) and a segment outside any transaction set (024). Either way the
acknowledgment is negative and ``teleclaim ack`` exits 1.

Verdicts: a transaction set with a problem of severity ``error`` is rejected (R); one whose problems
are all warnings is accepted with errors (E); one without problems is accepted (A). IK502 carries
the transaction-level codes (3 control number mismatch, 4 segment count, 2 trailer missing) and 5
("segments in error") when there are IK3s. Group-level problems (GE02 / GE01) go into AK905 (4, 5).
Interchange-level problems are not repeated in the 999.

Codes come from the one table in ``teleclaim.x12.kinds`` (``KINDS``). ``build_999`` only
reads ``reader.interchanges`` / ``reader.transactions`` / ``reader.errors``, so any object with
those attributes works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from teleclaim.x12.kinds import KINDS

VERSION_999 = "005010X231A1"
_SEPS = ("*", ":", "^", "~")

#: data element reference numbers (IK402) of elements the reader checks, by segment and position
ELEMENT_REFS: dict[str, dict[int, str]] = {
    "ST": {1: "143", 2: "329", 3: "1705"},
    "SE": {1: "96", 2: "329"},
    "BHT": {1: "1005", 2: "353", 3: "127", 4: "373", 5: "337", 6: "640"},
    "HL": {1: "628", 2: "734", 3: "735", 4: "736"},
    "NM1": {1: "98", 2: "1065", 3: "1035", 4: "1036", 5: "1037", 8: "66", 9: "67"},
    "N3": {1: "166", 2: "166"},
    "N4": {1: "19", 2: "156", 3: "116", 4: "26"},
    "REF": {1: "128", 2: "127"},
    "PRV": {1: "1221", 2: "128", 3: "127"},
    "DMG": {1: "1250", 2: "1251", 3: "1068"},
    "SBR": {1: "1138", 2: "1069", 3: "127", 4: "93", 9: "1032"},
    "PAT": {1: "1069"},
    "CLM": {1: "1028", 2: "782", 5: "C023", 6: "1073", 7: "1359", 8: "1073", 9: "1363"},
    "DTP": {1: "374", 2: "1250", 3: "1251"},
    "CL1": {1: "1314", 2: "1315", 3: "1352"},
    "HI": dict.fromkeys(range(1, 13), "C022"),
    "NTE": {1: "363", 2: "352"},
    "LX": {1: "554"},
    "SV1": {1: "C003", 2: "782", 3: "355", 4: "380", 5: "1331", 7: "C004"},
    "SV2": {1: "234", 2: "C003", 3: "782", 4: "355", 5: "380", 7: "782"},
}


#: TA105 note code of each ISA element (an ISA element of the wrong width or value); ISA15 usage -> 020
ISA_NOTES = {
    1: "010",
    2: "011",
    3: "012",
    4: "013",
    5: "005",
    6: "006",
    7: "007",
    8: "008",
    9: "014",
    10: "015",
    11: "016",
    12: "017",
    13: "018",
    14: "019",
    15: "020",
    16: "027",
}
#: ISA elements whose fault still lets the interchange be processed (TA104 E): sender/receiver id,
#: acknowledgment requested, usage indicator (AUD-X12-TA1)
_ISA_SOFT = {6, 8, 14, 15}
TA1_NOTES = {
    "001": "interchange control number in the header and trailer do not match",
    "005": "invalid interchange id qualifier for sender",
    "006": "invalid interchange sender id",
    "007": "invalid interchange id qualifier for receiver",
    "008": "invalid interchange receiver id",
    "010": "invalid authorization information qualifier",
    "011": "invalid authorization information",
    "012": "invalid security information qualifier",
    "013": "invalid security information",
    "014": "invalid interchange date",
    "015": "invalid interchange time",
    "016": "invalid interchange standards identifier",
    "017": "invalid interchange version id",
    "018": "invalid interchange control number",
    "019": "invalid acknowledgment requested value",
    "020": "invalid test indicator (usage) value",
    "021": "invalid number of included groups",
    "022": "invalid control structure",
    "023": "improper (premature) end of file",
    "024": "invalid interchange content",
    "027": "invalid component element separator",
}


@dataclass
class AckResult:
    """The 999 text, the verdict of every transaction set (``(ST02, "A"|"E"|"R")``) and the TA1 of every
    interchange with an interchange-level problem (``(ISA13, TA104, TA105)``)."""

    text: str
    verdicts: list[tuple[str, str]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # AK901 of every group
    interchanges: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def all_accepted(self) -> bool:
        return not self.interchanges and all(v == "A" for _, v in self.verdicts) and all(g == "A" for g in self.groups)


def ta1_verdict(errors: Any) -> tuple[str, str] | None:
    """(TA104, TA105) for the interchange-level problems of one interchange, or None when there are none.
    R wins over E; the note is that of the first problem with the winning verdict."""
    found: list[tuple[str, str]] = []
    for e in errors:
        if e.severity != "error":
            continue
        kind = KINDS.get(e.code)
        if e.segment_id == "ISA" and e.element:
            found.append(("E" if e.element in _ISA_SOFT else "R", ISA_NOTES.get(e.element, "022")))
        elif e.code == "X12022" and e.segment_id == "IEA":
            found.append(("R", "023"))
        elif kind is not None and kind.ta105:
            code = kind.ta105
            if e.code == "X12021" and e.segment_id in ("GS", "ST", "SE", "GE", "IEA"):
                code = "022"  # an envelope segment without its header/trailer: the control structure
            found.append((kind.ta104 or "E", code))
    if not found:
        return None
    worst = "R" if any(v == "R" for v, _ in found) else "E"
    return worst, next(c for v, c in found if v == worst)


def _clean(value: Any, limit: int = 99) -> str:
    s = "" if value is None else str(value)
    for ch in (*_SEPS, "\r", "\n"):
        s = s.replace(ch, " ")
    return s.strip()[:limit]


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


def _transaction_block(seg: _Seg, t: Any) -> str:
    """AK2 ... IK5 for one transaction set; returns its verdict."""
    seg("AK2", t.transaction_set or "837", _clean(t.control, 9), _clean(t.version, 35))
    ik5: list[str] = []
    seg_errors = False
    worst = "A"
    for e in t.errors:
        kind = KINDS.get(e.code)
        if kind is None:
            continue
        if e.severity == "error":
            worst = "R"
        elif worst == "A":
            worst = "E"
        if kind.ik5:
            if kind.code == "X12022" and e.segment_id in ("GE", "IEA"):
                continue  # group/interchange trailer: AK905 / TA1
            ik5.append(kind.ik5)
            continue
        if not kind.ik3:
            continue
        seg_errors = True
        seg("IK3", _clean(e.segment_id or "ST", 3), e.segment or 1, _clean(e.loop, 4), kind.ik3)
        if e.claim_id:
            seg("CTX", "CLM01:" + _clean(e.claim_id, 35))
        if kind.ik4 and e.element:
            pos = f"{e.element}:{e.component}" if e.component else str(e.element)
            ref = ELEMENT_REFS.get(e.segment_id or "", {}).get(e.element)
            seg("IK4", pos, ref, kind.ik4, _clean(e.value) or None)
    if seg_errors:
        ik5.append("5")
    codes = sorted(set(ik5), key=int)[:5]
    seg("IK5", worst, *codes)
    return worst


def _group_block(seg: _Seg, g: Any, txs: list[Any]) -> tuple[str, list[tuple[str, str]]]:
    seg("AK1", _clean(g.functional_id or "HC", 2), _clean(g.control, 9), _clean(g.version, 12))
    verdicts = [(t.control, _transaction_block(seg, t)) for t in txs]
    ak905: list[str] = []
    for e in g.errors:
        if e.code == "X12003":
            ak905.append("4")
        elif e.code == "X12004":
            ak905.append("5")
        elif e.code == "X12022" and e.segment_id == "GE":
            ak905.append("3")
    accepted = sum(1 for _, v in verdicts if v in ("A", "E"))
    if not verdicts or accepted == 0:
        status = "R"
    elif accepted < len(verdicts):
        status = "P"
    elif ak905 or any(v == "E" for _, v in verdicts):
        status = "E"
    else:
        status = "A"
    included = len(g.transaction_controls) if g.transaction_controls is not None else len(txs)
    seg("AK9", status, included, len(txs), accepted, *sorted(set(ak905))[:5])
    return status, verdicts


def acknowledge(reader: Any, *, now: dt.datetime | None = None, control_start: int = 1) -> AckResult:
    """Build the 999(s) for what ``reader`` read; see the module docstring."""
    now = now or dt.datetime.now()
    result = AckResult(text="")
    out: list[str] = []
    ctrl = control_start
    txs = list(reader.transactions)
    for ic in reader.interchanges:
        isa_ctrl = f"{ctrl:09d}"
        out.append(
            "*".join(
                [
                    "ISA",
                    "00",
                    " " * 10,
                    "00",
                    " " * 10,
                    _clean(ic.receiver_qualifier or "ZZ", 2).ljust(2),
                    _clean(ic.receiver_id, 15).ljust(15),
                    _clean(ic.sender_qualifier or "ZZ", 2).ljust(2),
                    _clean(ic.sender_id, 15).ljust(15),
                    now.strftime("%y%m%d"),
                    now.strftime("%H%M"),
                    "^",
                    "00501",
                    isa_ctrl,
                    "0",
                    _clean(ic.usage or "P", 1),
                    ":",
                ]
            )
            + "~\n"
        )
        ta1 = ta1_verdict(getattr(ic, "errors", ()))
        if ta1 is not None:
            received = _clean(ic.control, 9) or "000000000"
            out.append(
                "*".join(
                    [
                        "TA1",
                        received.rjust(9, "0"),
                        _clean(
                            getattr(ic, "date_text", "") or (ic.date.strftime("%y%m%d") if ic.date else "000000"), 6
                        ),
                        _clean(ic.time, 4) or "0000",
                        ta1[0],
                        ta1[1],
                    ]
                )
                + "~\n"
            )
            result.interchanges.append((ic.control, ta1[0], ta1[1]))
            if ta1[0] == "R":  # the interchange cannot be processed: the TA1 is the whole answer
                out.append(f"IEA*0*{isa_ctrl}~\n")
                ctrl += 1
                continue
        groups = list(ic.groups)
        gs_ctrl = str(ctrl)
        first = groups[0] if groups else None
        out.append(
            "*".join(
                [
                    "GS",
                    "FA",
                    _clean(first.receiver if first else ic.receiver_id, 15) or "RECEIVER",
                    _clean(first.sender if first else ic.sender_id, 15) or "SENDER",
                    now.strftime("%Y%m%d"),
                    now.strftime("%H%M"),
                    gs_ctrl,
                    "X",
                    VERSION_999,
                ]
            )
            + "~\n"
        )
        for n, g in enumerate(groups, 1):
            mine = [t for t in txs if t.group_control == g.control and t.interchange_control == ic.control]
            seg = _Seg()
            st_ctrl = f"{n:04d}"
            seg("ST", "999", st_ctrl, VERSION_999)
            status, verdicts = _group_block(seg, g, mine)
            seg("SE", seg.count + 1, st_ctrl)
            out.extend(seg.parts)
            result.groups.append(status)
            result.verdicts.extend(verdicts)
        out.append(f"GE*{len(groups)}*{gs_ctrl}~\n")
        out.append(f"IEA*1*{isa_ctrl}~\n")
        ctrl += 1
    result.text = "".join(out)
    return result


def build_999(reader: Any, *, now: dt.datetime | None = None) -> str:
    """The 999 acknowledgment text for what ``reader`` (an ``X12Reader``) read."""
    return acknowledge(reader, now=now).text

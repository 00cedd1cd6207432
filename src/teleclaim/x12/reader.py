"""The streaming 837I/837P reader with structural checks: ``X12Reader(path_or_bytes).claims()``.

One pass over the segments (``teleclaim.x12.tokens``): envelopes (ISA/GS/ST and their trailers)
are checked here, each segment is placed in its loop (``teleclaim.x12.grammar``: order, repeats,
required loops, HL parent/child), its elements are checked (required, type, length, code lists),
and the claim data goes to ``teleclaim.x12.build``. Claims are yielded as soon as they end, so
memory stays flat whatever the file size.

Problems are ``StructuralError`` objects in ``reader.errors`` (and on their transaction set,
group or interchange, for the 999); each names the segment number, loop, segment id, element,
value and file line. The first cause is reported, not the cascade: at most one element problem
per segment, no element checks on a misplaced segment, and a loop with a reported problem is not
also reported as incomplete. What cannot be read at all (no ISA, UTF-16, 4010, another
transaction set such as 277 or 835) raises ``UnsupportedFileError`` naming what the file is.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from teleclaim.errors import InputError
from teleclaim.model.claim import Claim, Envelope, ServiceLine
from teleclaim.text import digits
from teleclaim.x12 import grammar as g
from teleclaim.x12.build import NEEDS, PAD, ClaimBuilder, d8, segment_handler
from teleclaim.x12.problems import StructuralError
from teleclaim.x12.tokens import CHUNK, KNOWN_SEGMENTS, OTHER_X12_SEGMENTS, SegmentStream, describe_transaction, refuse

log = logging.getLogger(__name__)
_NUM = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")  # ASCII digits only (\d also takes other scripts' digits)
_ISA_LEN = g.ISA_WIDTHS  # the one table, in grammar


@dataclass(slots=True)
class GroupInfo:
    control: str
    functional_id: str
    sender: str
    receiver: str
    version: str
    transaction_controls: list[str] = field(default_factory=list)
    errors: list[StructuralError] = field(default_factory=list)


@dataclass(slots=True)
class InterchangeInfo:
    control: str
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    date: dt.date | None
    time: str
    usage: str
    separators: tuple[str, str, str, str]
    groups: list[GroupInfo] = field(default_factory=list)
    errors: list[StructuralError] = field(default_factory=list)
    date_text: str = ""  # ISA09 as written (YYMMDD), echoed in a TA1


@dataclass(slots=True)
class TransactionInfo:
    control: str
    transaction_set: str
    version: str
    kind: str
    group_control: str
    functional_id: str
    group_version: str
    interchange_control: str
    claims: int = 0  # how many CLM the set holds (ids are on the claims and errors: memory stays flat)
    segment_count: int = 0
    errors: list[StructuralError] = field(default_factory=list)
    first_segment_line: int | None = None


class _Frame:
    """One open loop. A plain slotted class (not a dataclass with default factories): one is made for
    every service line, so its construction is on the hot path."""

    __slots__ = ("name", "qual", "pos", "mark", "seen", "children", "last", "table")

    def __init__(self, name: str, qual: str = "", pos: int = 0, mark: int = 0) -> None:
        self.name = name
        self.qual = qual
        self.pos = pos
        self.mark = mark  # len(errors) when the loop opened: a loop with problems is not also "incomplete"
        self.seen: set[str] = set()  # child loops / member segments seen
        self.children: dict[str, int] | None = None  # child loop -> how many so far (made on the first child)
        self.last = ""
        self.table = _TABLE[name]  # member segment id -> (place, once in a row, tracked, builder handler)

    def reopen(self, sid: str, mark: int, last: str) -> None:
        """The loop starts again under the same parent (the next LX): this closed loop's object is
        reused for the new instance, as if new."""
        self.qual, self.pos, self.mark, self.seen, self.children, self.last = "", 0, mark, {sid}, None, last

    def count_child(self, key: str) -> int:
        """Count one more ``key`` child loop; returns how many there were before."""
        ch = self.children
        if ch is None:
            ch = self.children = {}
        n = ch.get(key, 0)
        ch[key] = n + 1
        return n


def kind_of(version: str) -> str | None:
    if version.startswith("005010X223"):
        return "837I"
    if version.startswith("005010X222"):
        return "837P"
    return None


class X12Reader:
    """Reads one 837 file (path, bytes, str or binary stream); iterate ``claims()`` once.

    After (or while) iterating: ``errors``, ``interchanges``, ``transactions``, ``latin1``.
    """

    # slots: the pass reads and writes these attributes for every segment (faster than a __dict__)
    __slots__ = (
        "_builder",
        "_checked",
        "_fh",
        "_first",
        "_fits",
        "_grp",
        "_hl_count",
        "_ic",
        "_ic_groups",
        "_isa_date",
        "_hl_misnumbered",
        "_it",
        "_kind",
        "_line",
        "_open_hl",
        "_outside_reported",
        "_seg_bad",
        "_seg_no",
        "_sid",
        "_stack",
        "_stream",
        "_tx",
        "_used",
        "errors",
        "interchanges",
        "name",
        "transactions",
    )

    def __init__(self, source: str | Path | bytes | BinaryIO, name: str | None = None, *, chunk: int = CHUNK) -> None:
        if isinstance(source, (bytes, bytearray)):
            self._fh: BinaryIO = io.BytesIO(source)
            self.name = name or "<bytes>"
        elif isinstance(source, Path) or (
            isinstance(source, str)
            and "\n" not in source
            and len(source) < 4096
            and not source.lstrip().startswith("ISA")
        ):
            p = Path(source)
            if not p.is_file():
                raise InputError(f"{p}: file not found.", code="file_not_found", file=str(p))
            self._fh = p.open("rb")
            self.name = name or str(p)
        elif isinstance(source, str):
            self._fh = io.BytesIO(source.encode("utf-8"))
            self.name = name or "<text>"
        else:
            self._fh = source
            self.name = name or str(getattr(source, "name", None) or "<stream>")
        self.errors: list[StructuralError] = []
        self.interchanges: list[InterchangeInfo] = []
        self.transactions: list[TransactionInfo] = []
        self._stream = SegmentStream(self._fh, self.name, chunk=chunk)
        self._it = self._stream.chunks()
        hook = getattr(self._fh, "x12_split_hook", None)  # x12/split.py: a chunk of a bigger file
        if hook is not None:  # the hook sees (and renumbers) each segment: one segment per "chunk"
            self._it = (([text], line, 0) for _els, line, text in hook(self, iter(self._stream)))
        self._first = self._head()
        self._used = False

    @property
    def latin1(self) -> bool:
        return self._stream.latin1

    def resume(
        self,
        segment: int | None = None,
        hl_count: int | None = None,
        group_transactions: list[str] | None = None,
        interchange_groups: int | None = None,
    ) -> None:
        """Hook of x12/split.py: go on as if the file before this chunk had been read (the open
        transaction set's segments and well-numbered HLs so far, the open group's ST02s, the
        interchange's groups)."""
        if segment is not None:
            self._seg_no = segment
        if hl_count is not None:
            self._hl_count = hl_count
            self._hl_misnumbered = False
        if group_transactions is not None and self._grp is not None:
            self._grp.transaction_controls[:] = group_transactions
        if interchange_groups is not None and self._ic is not None:
            self._ic.groups[:] = [GroupInfo("", "", "", "", "") for _ in range(interchange_groups)]
            self._ic_groups = interchange_groups

    # -- refusal of what is not a 5010 837 ---------------------------------------------------------
    def _head(self) -> tuple[list[str], int] | None:
        try:  # a refused file is closed at once (no ResourceWarning for a file we opened)
            chunk = next(self._it, None)
            if chunk is None:
                raise refuse(self.name, "empty", "the file is empty")
            # the first "chunk" is the ISA alone (SegmentStream.chunks)
            seps = self._stream.separators
            assert seps is not None and len(chunk[0]) == 1
            isa = chunk[0][0].split(seps.element)
            first = (isa, chunk[1])
            if len(isa) > 12 and isa[12] and isa[12] != "00501":
                ver = {"00401": "4010", "00400": "4010", "00301": "3010"}.get(isa[12], isa[12])
                raise refuse(
                    self.name,
                    f"x12-{ver}",
                    f"this is an X12 {ver} interchange (ISA12 {isa[12]}); "
                    "only version 5010 (00501) is supported: convert it to 5010",
                )
        except Exception:
            self._fh.close()
            raise
        return first

    def _check_version(self, st01: str, version: str, gs01: str, line: int) -> str:
        kind = kind_of(version) if st01 in ("837", "") else None
        if kind is None:
            what = describe_transaction(st01, version, gs01)
            from teleclaim.x12.tokens import GS_TRANSACTION

            code = st01 or GS_TRANSACTION.get(gs01, gs01)
            detected = f"x12-{code}-{version}" if code else "x12-unknown"
            if "4010" in version or version.startswith("00401"):
                raise refuse(
                    self.name, detected, f"line {line}: this is {what}, an X12 4010 transaction; convert it to 5010"
                )
            raise refuse(self.name, detected, f"line {line}: this is {what}, not a 5010 837 claim file")
        return kind

    # -- errors --------------------------------------------------------------------------------
    def _err(
        self,
        code: str,
        message: str,
        *,
        el: int | None = None,
        comp: int | None = None,
        value: str | None = None,
        sid: str | None = None,
        loop: str | None = None,
        severity: str = "error",
        where: str = "tx",
        in_claim: bool | None = None,
    ) -> None:
        tx, grp, ic = self._tx, self._grp, self._ic
        claim = self._builder.claim if (self._builder is not None and tx is not None) else None
        if in_claim is None:
            in_claim = bool(claim is not None and self._stack and any(f.name in _CLAIM_LOOPS for f in self._stack))
        e = StructuralError(
            code,
            message,
            segment=self._seg_no if (tx is not None and where == "tx") else None,
            segment_id=sid if sid is not None else self._sid,
            loop=loop if loop is not None else self._loop_label(),
            element=el,
            component=comp,
            value=value,
            line=self._line,
            transaction_control=tx.control if tx is not None and where == "tx" else None,
            group_control=grp.control if grp is not None else None,
            interchange_control=ic.control if ic is not None else None,
            claim_id=claim.claim_id if in_claim and claim is not None else None,
            severity=severity,
        )
        self.errors.append(e)
        if where == "tx" and tx is not None:
            tx.errors.append(e)
        elif where == "group" and grp is not None:
            grp.errors.append(e)
        elif ic is not None:
            ic.errors.append(e)
        self._seg_bad = True

    def _loop_label(self) -> str | None:
        if not self._stack:
            return None
        f = self._stack[-1]
        if f.name in ("HEADER", "NAME?", "HL?"):
            return None
        if f.name in ("2310", "2420"):
            return g.PARTY_LOOPS.get((self._kind, f.name), {}).get(f.qual, f.name)
        if f.name == "2330":
            return g.PARTY_LOOPS[("", "2330")].get(f.qual, "2330")
        return f.name

    # -- the pass ------------------------------------------------------------------------------
    def claims(self) -> Iterator[Claim]:
        if self._used:
            raise RuntimeError("X12Reader.claims() can be iterated once; make a new reader")
        self._used = True
        self._tx: TransactionInfo | None = None
        self._grp: GroupInfo | None = None
        self._ic: InterchangeInfo | None = None
        self._builder: ClaimBuilder | None = None
        self._stack: list[_Frame] = []
        self._seg_no = 0
        self._sid = ""
        self._line = 0
        self._kind = ""
        self._seg_bad = False
        self._outside_reported = False
        self._checked: dict[str, None] = {}  # segment texts whose elements passed (they repeat a lot)
        self._fits: dict[str, Any] = {}  # segment id -> fullmatch of its pattern (set at each ISA)
        try:
            first = self._first
            if first is not None:
                yield from self._segment(first[0], first[1])
            ok = self._checked
            envelope = _ENVELOPE
            stack = self._stack  # the same list object for the whole pass (cleared, never rebound)
            tracked = _TRACKED
            padding = PAD
            stream = self._stream
            line_needs = _LINE_NEED_SETS
            no_tx, builder = self._tx is None, self._builder
            # the hot loop: whole chunks of segment texts from the tokenizer (SegmentStream.chunks), each
            # piece split here and the body segments handled inline (no generator step per segment)
            for pieces, first_line, step in self._it:
                el = stream.separators.element  # type: ignore[union-attr]  # the pieces' interchange's
                last = len(pieces) - 3  # the last piece an LX can be followed by two more of the chunk
                it = enumerate(pieces)
                lx_pre, sv1_pre, sv2_pre, dtp_pre = "LX" + el, "SV1" + el, "SV2" + el, "DTP" + el + "472" + el
                lx_numbers: dict[str, int] = {}  # LX text -> LX01 as a number (-1: not digits), in this chunk
                for k, text in it:  # the k-th piece starts on line first_line + k * step
                    if not text:
                        continue
                    els = text.split(el)
                    sid = els[0]
                    if sid in envelope or no_tx:
                        yield from self._segment(els, first_line + k * step)
                        no_tx, builder = self._tx is None, self._builder  # (only envelopes change them)
                        continue
                    self._sid, self._line, self._seg_bad = sid, first_line + k * step, False
                    self._seg_no += 1
                    if sid == "HL":
                        done = self._hl(els, text)
                        if done is not None:
                            yield done
                        continue
                    if sid == "LX":
                        # a service line: the loop 2400 starts again (or for the first time in the claim)
                        frame = stack[-1]
                        if frame.name == "2400" and len(stack) > 1 and stack[-2].name == "2300":
                            # the repeat path (``_place``'s, for LX: 2400 is not a once-only loop), the closed
                            # line checked only when it may lack a part (``_close_frame``)
                            stack.pop()
                            if len(self.errors) <= frame.mark and not line_needs[self._kind == "837I"] <= frame.seen:
                                self._close_frame(frame)
                            stack[-1].pos = _MEMBER_COUNT["2300"]
                            frame.reopen(sid, len(self.errors), sid)
                            stack.append(frame)
                        else:
                            placed = self._walk(sid, els)
                            if placed is None:
                                continue
                            frame = placed
                            frame.last = sid  # (_placed: LX is not once-in-a-row, nor tracked)
                        if text not in ok:
                            if not self._seg_bad:
                                self._check(sid, els, text)
                            if not self._seg_bad:
                                if len(ok) > 8192:
                                    ok.clear()
                                ok[text] = None
                        b = self._builder
                        if b is None:
                            continue
                        if k <= last and not self._seg_bad and b.claim is not None:
                            # fast path, the usual service lines: LX, its service segment and its service date,
                            # all known-good texts (``ok``) whose handlers report nothing (``line_values``), and
                            # as many such lines as follow in the chunk. Their generic handling would change
                            # exactly what is set here: no problem can arise (a line with its service segment
                            # and date is complete, so closing it reports nothing), the loop 2400 frame ends
                            # as after any such line, and each line is what start_line makes and the two
                            # handlers fill (line_values), built here in one constructor call. The memos are
                            # by text and hold only texts of their segment (and the set's service segment).
                            services, dates = b.service_memo, b.date_memo
                            sv_pre = sv2_pre if b.kind == "837I" else sv1_pre
                            t1, t2 = pieces[k + 1], pieces[k + 2]
                            sv, dv = services.get(t1), dates.get(t2)
                            if sv is not None and dv is not None:
                                for t in (t1, t2):  # (met before as known-good: see below)
                                    if t not in ok:
                                        if len(ok) > 8192:
                                            ok.clear()
                                        ok[t] = None
                            elif t1 in ok and t2 in ok and t1.startswith(sv_pre) and t2.startswith(dtp_pre):
                                sv, dv = b.line_values(t1, el), b.line_values(t2, el)
                            if sv is not None and dv is not None:
                                c = b.claim
                                lines = c.lines
                                where = c.source.line_segments if c.source is not None else None
                                j, seg_no = k, self._seg_no
                                lx01 = els[1] if len(els) > 1 else ""
                                n = int(lx01) if digits(lx01) else -1
                                while True:
                                    code, qual, mods, rev, desc, charge, basis, units, pos, ncc, ptrs = sv
                                    ln = ServiceLine(
                                        n if n >= 0 else len(lines) + 1,
                                        code,
                                        qual,
                                        [*mods] if mods else [],
                                        rev,
                                        desc,
                                        charge,
                                        basis,
                                        units,
                                        pos,
                                        dv[0],
                                        dv[1],
                                        ncc,
                                        [*ptrs] if ptrs else [],
                                    )
                                    lines.append(ln)
                                    if where is not None:
                                        where[ln.line] = seg_no
                                    j += 3
                                    seg_no += 3
                                    if j > last:
                                        break
                                    t0, t1, t2 = pieces[j], pieces[j + 1], pieces[j + 2]
                                    n, sv, dv = lx_numbers.get(t0), services.get(t1), dates.get(t2)
                                    if n is None or sv is None or dv is None:  # a text not met before: look closer
                                        if not (
                                            t0 in ok
                                            and t1 in ok
                                            and t2 in ok
                                            and t0.startswith(lx_pre)
                                            and t1.startswith(sv_pre)
                                            and t2.startswith(dtp_pre)
                                        ):
                                            break
                                        sv, dv = b.line_values(t1, el), b.line_values(t2, el)
                                        if sv is None or dv is None:
                                            break
                                        lx01 = t0.split(el)[1]
                                        # (-1: numbered by position)
                                        n = int(lx01) if digits(lx01) else -1
                                        lx_numbers[t0] = n
                                    else:
                                        # all three met before as known-good texts (the memos take a text only
                                        # when it is in ok, and what these segments' checks find depends on the
                                        # text and the separators alone): the general path would check them
                                        # again, find nothing and add them to ok; so ok gets them here, in order
                                        for t in (t0, t1, t2):
                                            if t not in ok:
                                                if len(ok) > 8192:
                                                    ok.clear()
                                                ok[t] = None
                                b.line = ln
                                frame.pos, frame.last = _DTP_IN_2400, "DTP"
                                frame.seen = {"LX", sv_pre[:3], "DTP", "DTP*472"}
                                self._seg_no = seg_no - 1
                                self._sid, self._line = "DTP", first_line + (j - 1) * step
                                next(islice(it, j - k - 2, None))  # the pieces taken (k + 1 ... j - 1)
                                continue
                        b.start_line(els, self._seg_no)
                        continue
                    frame = stack[-1]
                    info = frame.table.get(sid)
                    if info is not None and info[0] >= frame.pos:
                        # fast path: the next member segment of the same loop (one table lookup for its place,
                        # its checks and its builder handler)
                        frame.pos, once, track, handler, need = info
                        if text not in ok:
                            fits = self._fits.get(sid)
                            if fits is not None and fits(text) is not None:
                                if sid in _AFTER:
                                    self._after_elements(sid, els, len(els))
                            else:
                                self._elements(sid, els)
                            if not self._seg_bad:
                                if len(ok) > 8192:
                                    ok.clear()
                                ok[text] = None
                        if once and frame.last == sid:
                            self._err(
                                "X12011",
                                f"{sid} appears twice in a row in loop {self._loop_label()}; it may occur once",
                            )
                        frame.last = sid
                        if track:
                            frame.seen.add(sid)
                            if sid == "DTP" and len(els) > 1:
                                frame.seen.add("DTP*" + els[1])
                        if handler is not None:
                            n = len(els)
                            if n < need:
                                els.extend(padding[n])
                            handler(builder, els)
                        continue
                    parent = stack[-2] if len(stack) > 1 else None
                    if parent is not None and _REPEAT[frame.name].get(sid) == parent.name:
                        # the loop starts again under the same parent (the next LX of the service lines): the
                        # closed loop's object is reused for the new instance, as if new (see ``_place``)
                        stack.pop()
                        self._close_frame(frame)
                        parent.pos = _MEMBER_COUNT[parent.name]
                        frame.reopen(sid, len(self.errors), sid)
                        stack.append(frame)
                        if frame.name in g.ONCE and parent.count_child(frame.name):
                            self._err(
                                "X12010", f"loop {self._loop_label()} ({sid}) occurs again; it may occur once here"
                            )
                        if text not in ok:
                            if not self._seg_bad:
                                self._check(sid, els, text)
                            if not self._seg_bad:
                                if len(ok) > 8192:
                                    ok.clear()
                                ok[text] = None
                        b = self._builder
                        assert b is not None  # a transaction set is open (_st made its builder)
                        done = b.feed(frame.name, "", els, self._seg_no)
                        if done is not None:
                            yield done
                        continue
                    placed = self._walk(sid, els)  # (_place: its two fast paths were taken above)
                    if placed is None:
                        continue
                    frame = placed
                    if text not in ok:
                        if not self._seg_bad:
                            self._check(sid, els, text)
                        if not self._seg_bad:
                            if len(ok) > 8192:
                                ok.clear()
                            ok[text] = None
                    # _placed(), inlined: this loop runs once per segment (keep the two in step)
                    if frame.last == sid and sid in _ONCE_IN_A_ROW:
                        self._err(
                            "X12011", f"{sid} appears twice in a row in loop {self._loop_label()}; it may occur once"
                        )
                    frame.last = sid
                    if sid in tracked:
                        frame.seen.add(sid)
                        if sid == "DTP" and len(els) > 1:
                            frame.seen.add("DTP*" + els[1])
                    b = self._builder
                    if b is None:
                        continue
                    if sid == "NM1":  # (what feed does with an NM1, without its chain of tests)
                        n = len(els)
                        if n < 16:
                            els.extend(padding[n])
                        b.nm1(frame.name, frame.qual, els)
                        continue
                    done = b.feed(frame.name, frame.qual, els, self._seg_no)
                    if done is not None:
                        yield done
            yield from self._eof()
        finally:
            self._fh.close()
        if self.latin1:
            self._tx = None
            self._err(
                "X12015",
                "the file is not valid UTF-8; it was read as Latin-1 (one character per byte)",
                sid="",
                severity="warning",
                where="interchange",
            )

    def _segment(self, els: list[str], line: int) -> Iterator[Claim]:
        sid = els[0].strip()
        els[0] = sid
        self._sid, self._line, self._seg_bad = sid, line, False
        if sid == "ISA":
            yield from self._isa(els)
        elif sid == "GS":
            yield from self._gs(els)
        elif sid == "ST":
            yield from self._st(els)
        elif sid == "SE":
            yield from self._se(els)
        elif sid == "GE":
            yield from self._ge(els)
        elif sid == "IEA":
            yield from self._iea(els)
        elif self._tx is None:
            if not self._outside_reported:
                self._outside_reported = True
                self._err("X12021", f"segment {sid!r} is outside a transaction set (no open ST)", where="interchange")
        else:
            self._seg_no += 1
            done = self._body(sid, els)
            if done is not None:
                yield done

    # -- envelopes -----------------------------------------------------------------------------
    def _close_all(self, upto: str) -> Iterator[Claim]:
        """Close what is open below ``upto`` ("tx", "group", "ic") when its trailer is missing."""
        if self._tx is not None:
            self._err("X12022", f"transaction set {self._tx.control} has no SE trailer", sid="SE")
            yield from self._end_tx()
        if upto in ("group", "ic") and self._grp is not None:
            self._err("X12022", f"functional group {self._grp.control} has no GE trailer", sid="GE", where="group")
            self._grp = None
        if upto == "ic" and self._ic is not None:
            self._err("X12022", f"interchange {self._ic.control} has no IEA trailer", sid="IEA", where="interchange")
            self._ic = None

    def _isa(self, els: list[str]) -> Iterator[Claim]:
        yield from self._close_all("ic")
        self._checked.clear()  # segment texts checked under the previous interchange's separators
        self._fits = _patterns(self._stream.separators.element)  # type: ignore[union-attr]
        seps = self._stream.separators
        assert seps is not None

        def v(i: int) -> str:
            return els[i] if i < len(els) else ""

        self._ic = InterchangeInfo(
            control=v(13).strip(),
            sender_qualifier=v(5).strip(),
            sender_id=v(6).strip(),
            receiver_qualifier=v(7).strip(),
            receiver_id=v(8).strip(),
            date=None,
            time=v(10),
            usage=v(15).strip(),
            separators=seps.as_tuple(),
            date_text=v(9),
        )
        self.interchanges.append(self._ic)
        for i, n in enumerate(_ISA_LEN, 1):
            val = v(i)
            if len(val) != n:
                code = "X12013" if len(val) < n else "X12014"
                self._err(
                    code,
                    f"ISA{i:02d} {val!r} has {len(val)} characters; the ISA is fixed-width and "
                    f"ISA{i:02d} takes exactly {n}",
                    el=i,
                    value=val,
                    where="interchange",
                )
                break
        ymd = v(9)
        self._isa_date = ymd
        if not (len(ymd) == 6 and digits(ymd) and d8(("20" if ymd[:2] < "70" else "19") + ymd)):
            self._err("X12017", f"ISA09 {ymd!r} is not a YYMMDD date", el=9, value=ymd, where="interchange")
        else:
            self._ic.date = d8(("20" if ymd[:2] < "70" else "19") + ymd)
        if v(15).strip() not in ("P", "T"):
            self._err(
                "X12016",
                f"ISA15 usage {v(15)!r} must be P (production) or T (test)",
                el=15,
                value=v(15),
                where="interchange",
            )
        self._ic_groups = 0

    def _gs(self, els: list[str]) -> Iterator[Claim]:
        yield from self._close_all("group")
        if self._ic is None:
            self._err("X12021", "GS without an ISA interchange header", where="interchange")
        v = lambda i: els[i] if i < len(els) else ""  # noqa: E731
        self._grp = GroupInfo(control=v(6), functional_id=v(1), sender=v(2), receiver=v(3), version=v(8))
        if self._ic is not None:
            self._ic.groups.append(self._grp)
        self._ic_groups = getattr(self, "_ic_groups", 0) + 1
        if v(1) != "HC":
            self._check_version("", v(8), v(1), self._line)
        self._elements("GS", els, where="group")

    def _st(self, els: list[str]) -> Iterator[Claim]:
        yield from self._close_all("tx")
        v = lambda i: els[i] if i < len(els) else ""  # noqa: E731
        grp = self._grp
        version = v(3) or (grp.version if grp else "")
        self._kind = self._check_version(v(1), version, grp.functional_id if grp else "", self._line)
        if grp is None:
            self._err("X12021", "ST without a GS functional group header", where="interchange")
        self._tx = TransactionInfo(
            control=v(2),
            transaction_set=v(1),
            version=version,
            kind=self._kind,
            group_control=grp.control if grp else "",
            functional_id=grp.functional_id if grp else "",
            group_version=grp.version if grp else "",
            interchange_control=self._ic.control if self._ic else "",
            first_segment_line=self._line,
        )
        self.transactions.append(self._tx)
        if grp is not None:
            grp.transaction_controls.append(v(2))
        self._seg_no = 1
        ic = self._ic
        env = Envelope(
            sender_id=ic.sender_id if ic else None,
            receiver_id=ic.receiver_id if ic else None,
            interchange_control=ic.control if ic else None,
            interchange_date=ic.date if ic else None,
            interchange_time=ic.time if ic and ic.date and _HHMM.fullmatch(ic.time) else None,
            usage=ic.usage if ic else None,
            group_control=grp.control if grp else None,
            application_sender=grp.sender if grp else None,
            application_receiver=grp.receiver if grp else None,
            transaction_control=v(2),
            version=version,
        )
        seps = self._stream.separators
        self._builder = ClaimBuilder(self._kind, env, seps.component if seps else ":", self._build_err, self.name)
        self._stack[:] = [_Frame("HEADER", pos=0)]
        self._open_hl: dict[str, str] = {}  # level -> HL01 of the open HL of that level
        self._hl_count = 0
        self._hl_misnumbered = False  # numbering reported once per transaction set (cause, not cascade)
        self._elements("ST", els)

    def _end_tx(self) -> Iterator[Claim]:
        b, tx = self._builder, self._tx
        self._pop_to(0)
        if self._stack:
            self._close_frame(self._stack[0])
        done = b.finish() if b else None
        if tx is not None and b is not None:
            tx.claims = b.claims
            tx.segment_count = self._seg_no
        self._tx, self._builder = None, None
        self._stack.clear()
        if done is not None:
            yield done

    def _se(self, els: list[str]) -> Iterator[Claim]:
        tx = self._tx
        if tx is None:
            self._err("X12021", "SE without an ST", where="interchange")
            return
        self._seg_no += 1
        self._pop_to(0)  # close the open loops first: their missing parts are their own cause
        if self._stack:
            self._close_frame(self._stack[0])
            self._stack[0].mark = len(self.errors) + 1
        self._elements("SE", els)
        v = lambda i: els[i] if i < len(els) else ""  # noqa: E731
        if v(2) != tx.control:
            self._err("X12005", f"SE02 {v(2)!r} does not match ST02 {tx.control!r}", el=2, value=v(2))
        elif v(1) != str(self._seg_no):
            self._err(
                "X12006",
                f"SE01 says {v(1)} segments; the transaction set has {self._seg_no} (ST to SE)",
                el=1,
                value=v(1),
            )
        yield from self._end_tx()

    def _ge(self, els: list[str]) -> Iterator[Claim]:
        yield from self._close_all("tx")
        grp = self._grp
        if grp is None:
            self._err("X12021", "GE without a GS", where="interchange")
            return
        v = lambda i: els[i] if i < len(els) else ""  # noqa: E731
        if v(2) != grp.control:
            self._err("X12003", f"GE02 {v(2)!r} does not match GS06 {grp.control!r}", el=2, value=v(2), where="group")
        elif v(1) != str(len(grp.transaction_controls)):
            self._err(
                "X12004",
                f"GE01 says {v(1)} transaction sets; the group has {len(grp.transaction_controls)}",
                el=1,
                value=v(1),
                where="group",
            )
        self._grp = None

    def _iea(self, els: list[str]) -> Iterator[Claim]:
        yield from self._close_all("group")
        ic = self._ic
        if ic is None:
            self._err("X12021", "IEA without an ISA", where="interchange")
            return
        v = lambda i: els[i] if i < len(els) else ""  # noqa: E731
        if v(2) != ic.control:
            self._err(
                "X12001", f"IEA02 {v(2)!r} does not match ISA13 {ic.control!r}", el=2, value=v(2), where="interchange"
            )
        elif v(1) != str(len(ic.groups)):
            self._err(
                "X12002",
                f"IEA01 says {v(1)} functional groups; the interchange has {len(ic.groups)}",
                el=1,
                value=v(1),
                where="interchange",
            )
        self._ic = None

    def _eof(self) -> Iterator[Claim]:
        self._sid, self._seg_bad = "", False
        yield from self._close_all("ic")

    def _build_err(self, code: str, message: str, **kw: Any) -> None:
        if self._seg_bad:  # the element checks already reported this segment's first problem
            return
        el, comp = kw.get("el"), kw.get("comp")
        ref = f"{self._sid}{el:02d}" + (f"-{comp}" if comp else "") if el else self._sid
        self._err(code, f"{ref} {message}", **kw)

    # -- loops ---------------------------------------------------------------------------------
    def _pop_to(self, n: int) -> None:
        stack = self._stack
        while len(stack) > n + 1:
            f = stack.pop()
            if f.name in _CLOSE_CHECKED:  # (_close_frame finds nothing missing in the other loops)
                self._close_frame(f)

    def _close_frame(self, f: _Frame) -> None:
        if len(self.errors) > f.mark:
            return
        name = f.name
        if name == "2400":
            need = _LINE_NEEDS[self._kind == "837I"]
        else:
            need = _REQUIRED.get(name, ())
            if (
                name == "2300"
                and self._builder is not None
                and self._builder.claim is not None
                and not self._builder.claim.lines
            ):
                need = (*need, "LX")
        seen = f.seen
        for what in need:
            if what not in seen:
                self._missing(f, what)
                return

    def _missing(self, f: _Frame, what: str) -> None:
        label, desc = _DESCRIBE.get(what, (what, what))
        loop = {"HEADER": None}.get(f.name, f.name)
        self._err(
            "X12009",
            f"loop {loop or 'header'} has no {desc} ({label}); the implementation guide requires it",
            sid=label.split("*")[0],
            loop=loop,
            el=None,
            in_claim=f.name in _CLAIM_LOOPS or None,
        )

    def _body(self, sid: str, els: list[str]) -> Claim | None:
        if sid == "HL":
            return self._hl(els)
        frame = self._place(sid, els)
        if frame is None:
            return None
        if not self._seg_bad:
            self._elements(sid, els)
        return self._placed(frame, sid, els)

    def _placed(self, frame: _Frame, sid: str, els: list[str]) -> Claim | None:
        if frame.last == sid and sid in _ONCE_IN_A_ROW:
            self._err("X12011", f"{sid} appears twice in a row in loop {self._loop_label()}; it may occur once")
        frame.last = sid
        if sid in _TRACKED:
            frame.seen.add(sid)
            if sid == "DTP" and len(els) > 1:
                frame.seen.add("DTP*" + els[1])
        b = self._builder
        if b is None:
            return None
        return b.feed(frame.name, frame.qual, els, self._seg_no)

    def _hl(self, els: list[str], text: str | None = None) -> Claim | None:
        n = len(els)
        hid, parent, level = els[1] if n > 1 else "", els[2] if n > 2 else "", els[3] if n > 3 else ""
        self._pop_to(0)
        self._hl_count += 1
        name = g.LEVEL_OF_HL.get(level)
        frame = _Frame(name or "HL?", "", 0, len(self.errors))
        # the header's required parts, once, at the first HL
        hdr = self._stack[0]
        if self._hl_count == 1 and len(self.errors) == hdr.mark:
            for what in _REQUIRED["HEADER"][:3]:
                if what not in hdr.seen:
                    self._missing(hdr, what)
                    break
        hdr.seen.add("HL")
        self._stack.append(frame)
        if text is not None:
            self._check("HL", els, text)
        else:
            self._elements("HL", els)
        if not self._seg_bad:
            want = g.HL_PARENT_LEVEL.get(level)
            if hid != str(self._hl_count) and not self._hl_misnumbered:
                self._hl_misnumbered = True
                self._err(
                    "X12020",
                    f"HL01 is {hid!r}; HL segments are numbered 1, 2, 3 ... in order, so this one "
                    f"should be {self._hl_count} (later HL numbers in this transaction set are not "
                    "reported again)",
                    el=1,
                    value=hid,
                )
            elif want is None and parent:
                self._err(
                    "X12020", f"HL02 {parent!r}: a billing provider level (HL03 20) has no parent", el=2, value=parent
                )
            elif want is not None and self._open_hl.get(want) != parent:
                have = self._open_hl.get(want)
                self._err(
                    "X12020",
                    f"HL02 {parent!r} does not point at the open HL of level {want} "
                    + (f"(HL {have}, the last one before it)" if have else "(there is none before it)"),
                    el=2,
                    value=parent or None,
                )
        if level in ("20", "22"):
            self._open_hl[level] = hid
            if level == "20":
                self._open_hl.pop("22", None)
        frame.seen.add("HL")
        b = self._builder
        return b.hl(level) if b is not None else None

    def _place(self, sid: str, els: list[str]) -> _Frame | None:
        """Put the segment in its loop (pushing/popping loops); report misplaced segments."""
        stack = self._stack
        top = stack[-1]
        info = top.table.get(sid)  # fast path: the next segment of the same loop
        if info is not None and info[0] >= top.pos:
            top.pos = info[0]
            return top
        if len(stack) > 1:  # fast path: the loop repeats (the next LX of the service lines)
            parent = stack[-2]
            if _REPEAT[top.name].get(sid) == parent.name:
                stack.pop()
                self._close_frame(top)
                parent.pos = _MEMBER_COUNT[parent.name]
                # the closed loop's object is reused for the new instance (as if new: one per service line)
                top.reopen(sid, len(self.errors), "")
                stack.append(top)
                if top.name in g.ONCE and parent.count_child(top.name):
                    self._err("X12010", f"loop {self._loop_label()} ({sid}) occurs again; it may occur once here")
                return top
        return self._walk(sid, els)

    def _walk(self, sid: str, els: list[str]) -> _Frame | None:
        """``_place`` after its two fast paths (the hot loop has taken those itself): the open loops from
        the innermost out, for the one the segment starts a child loop of or is a member of."""
        stack = self._stack
        qual = els[1] if len(els) > 1 else ""
        top = len(stack) - 1
        # the usual case, a child loop of the innermost loop or of its parent (a name loop after another,
        # CLM after the payer, the first LX after a claim provider): what the walk below finds there
        # depends only on the two loops' names, the segment id and (NM1) the entity code: kept in _STARTS
        start_key = (sid, qual if sid == "NM1" else "", stack[top].name, stack[top - 1].name if top else "")
        start = _STARTS.get(start_key)
        if start is None:
            start = _start_of(*start_key, top > 0)
            if len(_STARTS) > 4096:
                _STARTS.clear()
            _STARTS[start_key] = start
        if start:
            depth, child, by_qual, members_len = start
            i = top - depth
            fr = stack[i]
            if depth:
                self._pop_to(i)
            return self._start_child(fr, child, by_qual, members_len, sid, qual)
        bad_qual_at = -1
        for i in range(top, -1, -1):
            fr = stack[i]
            if fr.name == "HL?":
                return None  # inside an HL of unknown level: its cause is reported
            members, children = g.LOOPS[fr.name]
            ch = children.get(sid)
            if ch is not None:
                to = ch.get(qual) if isinstance(ch, dict) else ch
                if to is None:
                    if bad_qual_at < 0:
                        bad_qual_at = i
                    continue
                if len(stack) > i + 1:
                    self._pop_to(i)
                return self._start_child(fr, str(to), isinstance(ch, dict), len(members), sid, qual)
            if sid in members and (members[0] != sid or fr.name == "HEADER"):
                idx = members.index(sid)
                self._pop_to(i)
                if idx < fr.pos:
                    self._err(
                        "X12008",
                        f"{sid} is out of order in loop {self._loop_label() or 'header'}: it "
                        f"belongs before {'the loop' + chr(39) + 's sub-loops' if fr.pos >= len(members) else members[fr.pos]}",
                    )
                else:
                    fr.pos = idx
                return fr
        if sid == "NM1" and bad_qual_at >= 0:
            self._pop_to(bad_qual_at)
            fr = stack[bad_qual_at]
            entities = g.LOOPS[fr.name][1]["NM1"]
            assert isinstance(entities, dict)  # NM1 starts a loop by its NM101 qualifier
            allowed = ", ".join(sorted(entities))
            new = _Frame("NAME?", qual=qual, mark=len(self.errors))
            stack.append(new)
            self._err(
                "X12016",
                f"NM101 {qual!r} is not an entity this loop ({self._loop_label_of(fr)}) takes; "
                f"expected one of {allowed}",
                el=1,
                value=qual,
            )
            return None
        if sid in OTHER_X12_SEGMENTS:
            self._err(
                "X12024",
                f"segment {sid!r} belongs to another X12 transaction set; the 837 does not define it",
                sid=sid,
                value=sid,
            )
            return None
        if sid not in KNOWN_SEGMENTS:
            self._err("X12007", f"segment id {sid!r} is not an X12 837 segment", sid=sid or "?", value=sid)
            return None
        if sid == "CLM":  # read the claim even where it does not belong
            self._err(
                "X12008",
                f"CLM is not allowed in loop {self._loop_label() or 'header'}: a claim belongs "
                "under a subscriber (HL 22) or patient (HL 23) level",
            )
            while len(stack) > 1 and stack[-1].name not in ("2000A", "2000B", "2000C"):
                stack.pop()
            new = _Frame("2300", mark=len(self.errors) + 1)
            stack.append(new)
            return new
        self._err("X12008", f"{sid} is not expected in loop {self._loop_label() or 'header'} at this point")
        return None

    def _start_child(self, fr: _Frame, child: str, by_qual: bool, members_len: int, sid: str, qual: str) -> _Frame:
        """Open loop ``child`` under ``fr`` (the innermost open loop now), started by ``sid``."""
        counts = fr.children  # fr.count_child(key), inline
        if counts is None:
            counts = fr.children = {}
        key = f"{child}*{qual}" if child in _KEYED_BY_QUAL else child
        n = counts.get(key, 0)
        counts[key] = n + 1
        fr.pos = members_len
        fr.seen.add(child)
        if child == "2010AA":
            fr.seen.add("NM1*85")
        new = _Frame(child, qual if by_qual else "", 0, len(self.errors))
        new.seen.add(sid)
        self._stack.append(new)
        if n and child in g.ONCE:
            self._err(
                "X12010",
                f"loop {self._loop_label()} ({sid}*{qual}) occurs again; it may occur once here",
                el=1 if by_qual else None,
                value=qual or None,
            )
        return new

    def _loop_label_of(self, fr: _Frame) -> str:
        return {"HEADER": "header"}.get(fr.name, fr.name)

    # -- elements ------------------------------------------------------------------------------
    def _check(self, sid: str, els: list[str], text: str) -> None:
        """``_elements`` of a body segment, with the one-regex test first (``_segment_pattern``)."""
        fits = self._fits.get(sid)
        if fits is not None and fits(text) is not None:
            if sid in _AFTER:
                self._after_elements(sid, els, len(els))
        else:
            self._elements(sid, els)

    def _elements(self, sid: str, els: list[str], where: str = "tx") -> None:
        """Check the elements of one segment; report the first problem only.

        Hot path: a compiled table per segment id (``_COMPILED``) and one cheap test per present
        element; the detailed diagnosis (``_element_problem``) runs only when that test fails.
        """
        spec = _COMPILED.get(sid)
        n = len(els)
        if spec is None:
            mx = g.MAX_ELEMENTS.get(sid)
            if mx is not None and n - 1 > mx and any(els[mx + 1 :]):
                self._err(
                    "X12019",
                    f"{sid} has {n - 1} elements; it has at most {mx}",
                    el=mx + 1,
                    value=els[mx + 1],
                    where=where,
                )
            return
        mx, required, checks = spec
        if n - 1 > mx and any(els[mx + 1 :]):
            self._err(
                "X12019", f"{sid} has {n - 1} elements; it has at most {mx}", el=mx + 1, value=els[mx + 1], where=where
            )
            return
        for pos in required:
            if pos >= n or not els[pos]:
                self._err("X12012", f"{sid}{pos:02d} is required but empty", el=pos, where=where)
                return
        for pos in range(1, n if n <= mx else mx + 1):
            v = els[pos]
            if not v:
                continue
            c = checks[pos]
            if c is None:
                continue
            fast, lo, hi, allowed = c
            if fast is not None and lo <= len(v) <= hi and fast(v) and (allowed is None or v in allowed):
                continue
            if self._element_problem(sid, pos, v, where):
                return
        self._after_elements(sid, els, n)

    def _element_problem(self, sid: str, pos: int, v: str, where: str) -> bool:
        """The detailed check of one element value; reports and returns True when it is bad."""
        typ, lo, hi, _ = g.ELEMENTS[sid][pos]
        if typ == "R":
            if not _NUM.match(v):
                self._err("X12018", f"{sid}{pos:02d} {v!r} is not a number", el=pos, value=v, where=where)
                return True
            if sum(ch.isdigit() for ch in v) > hi:
                self._err("X12014", f"{sid}{pos:02d} {v!r} has more than {hi} digits", el=pos, value=v, where=where)
                return True
            return False
        if typ == "N0" and not digits(v):
            self._err("X12018", f"{sid}{pos:02d} {v!r} is not a whole number", el=pos, value=v, where=where)
            return True
        if typ == "DT" and d8(v) is None:
            self._err("X12017", f"{sid}{pos:02d} {v!r} is not a CCYYMMDD calendar date", el=pos, value=v, where=where)
            return True
        if typ == "TM" and not (digits(v) and len(v) in (4, 6, 7, 8) and v[:2] < "24" and v[2:4] < "60"):
            self._err("X12017", f"{sid}{pos:02d} {v!r} is not an HHMM time", el=pos, value=v, where=where)
            return True
        if len(v) < lo:
            self._err("X12013", f"{sid}{pos:02d} {v!r} is shorter than {lo} characters", el=pos, value=v, where=where)
            return True
        if len(v) > hi:
            self._err(
                "X12014", f"{sid}{pos:02d} {v[:40]!r} is longer than {hi} characters", el=pos, value=v[:80], where=where
            )
            return True
        allowed = g.CODES.get((sid, pos))
        if allowed is not None and v not in allowed:
            self._err(
                "X12016",
                f"{sid}{pos:02d} {v!r} is not one of {', '.join(sorted(allowed))}",
                el=pos,
                value=v,
                where=where,
            )
            return True
        return False

    def _after_elements(self, sid: str, els: list[str], n: int) -> None:
        """Checks across elements and components of the segments the model reads."""
        # (the branches exclude each other by segment id: the most frequent first)
        if sid == "DTP" and n > 3:
            fmt, v = els[2], els[3]
            formats = g.DTP_FORMATS.get(els[1])
            if formats is not None and fmt not in formats:
                self._err(
                    "X12016",
                    f"DTP02 {fmt!r} is not a format date qualifier {els[1]} takes ({', '.join(sorted(formats))})",
                    el=2,
                    value=fmt,
                )
                return
            ok = (
                d8(v) is not None
                if fmt == "D8"
                else (len(v) == 17 and v[8] == "-" and d8(v[:8]) is not None and d8(v[9:]) is not None)
                if fmt == "RD8"
                else True
            )
            if not ok:
                self._err(
                    "X12017",
                    f"DTP03 {v!r} is not a {'CCYYMMDD' if fmt == 'D8' else 'CCYYMMDD-CCYYMMDD'} date",
                    el=3,
                    value=v,
                )
            elif fmt == "RD8" and v[9:] < v[:8]:
                self._err("X12017", f"DTP03 date range {v!r} ends before it starts", el=3, value=v)
        elif sid == "NM1" and n > 8 and bool(els[8]) != bool(els[9] if n > 9 else ""):
            pos = 9 if els[8] else 8
            self._err("X12012", f"NM1{pos:02d} is required when NM1{17 - pos:02d} is present", el=pos)
        elif sid == "DMG" and n > 2 and els[2] and d8(els[2]) is None:
            self._err("X12017", f"DMG02 {els[2]!r} is not a CCYYMMDD birth date", el=2, value=els[2])
        elif sid == "CLM":
            seps = self._stream.separators
            comp = seps.component if seps is not None else ":"
            parts = (els[5] if n > 5 else "").split(comp)
            for k, what in (
                (1, "the facility code or place of service"),
                (2, "the qualifier (A or B)"),
                (3, "the claim frequency code"),
            ):
                if k > len(parts) or not parts[k - 1]:
                    hint = ""
                    if len(parts) == 1 and any(ch in parts[0] for ch in ">:^|!"):
                        hint = (
                            f"; {parts[0]!r} looks split by another character than the component separator "
                            f"{comp!r} that ISA16 declares"
                        )
                    self._err(
                        "X12012",
                        f"CLM05-{k} ({what}) is required but empty{hint}",
                        el=5,
                        comp=k,
                        value=parts[0] or None,
                    )
                    return
            want = g.FACILITY_QUALIFIER.get(self._kind)
            if want and parts[1] != want:
                self._err(
                    "X12016",
                    f"CLM05-2 {parts[1]!r} is not the facility code qualifier of an {self._kind} ({want})",
                    el=5,
                    comp=2,
                    value=parts[1],
                )
                return
            freq = g.FREQUENCY.get(self._kind)
            if freq and parts[2] not in freq:
                self._err(
                    "X12016",
                    f"CLM05-3 claim frequency {parts[2]!r} is not one of {', '.join(sorted(freq))} ({self._kind})",
                    el=5,
                    comp=3,
                    value=parts[2],
                )
        elif sid in g.PROC_QUALIFIERS:
            seps = self._stream.separators
            comp = seps.component if seps is not None else ":"
            pos = 1 if sid == "SV1" else 2
            if n > pos and els[pos]:
                q = els[pos].split(comp, 1)[0]
                if q and q not in g.PROC_QUALIFIERS[sid]:
                    self._err(
                        "X12016",
                        f"{sid}0{pos}-1 product/service qualifier {q!r} is not one of "
                        f"{', '.join(sorted(g.PROC_QUALIFIERS[sid]))}",
                        el=pos,
                        comp=1,
                        value=q,
                    )
        elif sid == "PRV" and n > 3 and els[3] and not _TAXONOMY.match(els[3]):
            self._err(
                "X12016",
                f"PRV03 {els[3]!r} is not in the format of a provider taxonomy code (10 characters: "
                "3 digits, 6 letters or digits, a final letter, e.g. 207Q00000X)",
                el=3,
                value=els[3],
            )


_REQUIRED = {
    "HEADER": ("BHT", "1000A", "1000B", "HL"),
    "2000A": ("2010AA",),
    "2000B": ("SBR", "2010BA", "2010BB"),
    "2000C": ("PAT", "2010CA"),
    "2300": ("HI",),
}
_DESCRIBE = {
    "BHT": ("BHT", "beginning of hierarchical transaction segment"),
    "1000A": ("NM1*41", "submitter name"),
    "1000B": ("NM1*40", "receiver name"),
    "2010AA": ("NM1*85", "billing provider name loop (2010AA)"),
    "SBR": ("SBR", "subscriber information segment"),
    "2010BA": ("NM1*IL", "subscriber name loop (2010BA)"),
    "2010BB": ("NM1*PR", "payer name loop (2010BB)"),
    "PAT": ("PAT", "patient information segment"),
    "2010CA": ("NM1*QC", "patient name loop (2010CA)"),
    "HI": ("HI", "diagnosis (health care information codes) segment"),
    "LX": ("LX", "service line (loop 2400)"),
    "SV1": ("SV1", "professional service segment"),
    "SV2": ("SV2", "institutional service segment"),
    "DTP*472": ("DTP*472", "service date"),
    "HL": ("HL*20", "billing provider level (loop 2000A)"),
}


_HHMM = re.compile(r"([01][0-9]|2[0-3])[0-5][0-9]")


def _always(v: str) -> bool:
    return True


def _is_r(v: str) -> bool:
    return _NUM.match(v) is not None and sum(ch.isdigit() for ch in v) <= 18


def _is_dt(v: str) -> bool:
    return digits(v) and d8(v) is not None


def _is_tm(v: str) -> bool:
    return digits(v) and len(v) in (4, 6, 7, 8) and v[:2] < "24" and v[2:4] < "60"


def _compile() -> dict[str, tuple[int, tuple[int, ...], list[Any]]]:
    out = {}
    for sid, spec in g.ELEMENTS.items():
        mx = max(spec)
        checks: list[Any] = [None] * (mx + 1)
        for pos, (typ, lo, hi, _req) in spec.items():
            if typ == "C":
                continue
            fast = {"AN": _always, "ID": _always, "N0": digits, "R": _is_r, "DT": _is_dt, "TM": _is_tm}[typ]
            if typ == "R":
                lo, hi = 1, 40  # digits are counted by _is_r; the length bound is the slow path's
            checks[pos] = (fast, lo, hi, g.CODES.get((sid, pos)))
        required = tuple(pos for pos, (_t, _lo, _hi, req) in spec.items() if req)
        out[sid] = (mx, required, checks)
    return out


_COMPILED = _compile()
#: segments with checks across elements or components (``_after_elements``)
_AFTER = frozenset({"CLM", "PRV", "DTP", "DMG", "NM1", *g.PROC_QUALIFIERS})


def _value_pattern(sid: str, pos: int, el: str) -> str | None:
    """A regular expression for values of one element that certainly pass ``_elements``' test (a subset
    where exactness is costly: dates with days 01-28, numbers of up to 9+9 digits); ``None``: no test."""
    c = _COMPILED[sid][2][pos]
    if c is None:
        return None
    typ, lo, hi, _req = g.ELEMENTS[sid][pos]
    allowed = c[3]
    if allowed is not None:
        codes = [re.escape(a) for a in sorted(allowed) if lo <= len(a) <= hi and el not in a]
        return "(?:" + "|".join(codes) + ")" if codes else "(?!)"
    if typ in ("AN", "ID"):
        return f"[^{re.escape(el)}]{{{lo},{hi}}}"
    if typ == "N0":
        return f"[0-9]{{{lo},{hi}}}"
    if typ == "R":
        return r"-?[0-9]{1,9}(?:\.[0-9]{0,9})?"
    if typ == "DT" and lo <= 8 <= hi:
        return "(?:1[0-9]|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|1[0-9]|2[0-8])"
    if typ == "TM" and lo <= 4 and hi >= 8:
        return "(?:[01][0-9]|2[0-3])[0-5][0-9](?:[0-9]{2}(?:[0-9]{1,2})?)?"
    raise ValueError(f"no pattern for {sid}{pos:02d} {typ}")  # pragma: no cover - a new element type


def _segment_pattern(sid: str, el: str) -> re.Pattern[str]:
    """One regular expression per segment id for a whole segment text whose elements pass every test of
    ``_elements`` (bar ``_after_elements``): the hot path's one C-level call instead of a Python loop
    over the elements. Not matching proves nothing: ``_elements`` then runs and finds the problem."""
    mx, required, _checks = _COMPILED[sid]
    sep = re.escape(el)
    last_required = max(required, default=0)
    rest = f"(?:{sep})*"  # empty elements beyond the last one the segment has are no problem
    for pos in range(mx, 0, -1):
        v = _value_pattern(sid, pos, el)
        if pos in required:
            one = sep + (v if v is not None else f"[^{sep}]+")
        else:
            one = sep + (f"(?:{v})?" if v is not None else f"[^{sep}]*")
        rest = one + rest if pos <= last_required else f"(?:{one}{rest})?"
    return re.compile(re.escape(sid) + rest)


_PATTERNS: dict[str, dict[str, Any]] = {}


def _patterns(el: str) -> dict[str, Any]:
    """segment id -> the ``fullmatch`` of its ``_segment_pattern`` for element separator ``el``."""
    got = _PATTERNS.get(el)
    if got is None:
        got = _PATTERNS[el] = {sid: _segment_pattern(sid, el).fullmatch for sid in _COMPILED}
    return got


_TAXONOMY = re.compile(g.TAXONOMY_FORMAT)
#: member segments whose presence a loop's completeness check asks about (_REQUIRED, 2400's SV1/SV2/DTP*472)
_TRACKED = frozenset({"BHT", "SBR", "PAT", "HI", "SV1", "SV2", "DTP"})
_ONCE_IN_A_ROW = frozenset(g.SINGLE - {"NM1", "HL", "CLM", "LX"})
#: (loop, segment) -> parent loop, when the segment starts the loop again as the parent's child
#: (e.g. ("2400", "LX") -> "2300"): the hot path for repeating loops in ``_place``.
_REPEAT: dict[str, dict[str, str]] = {name: {} for name in g.LOOPS}
for _parent, (_members, _children) in g.LOOPS.items():
    for _sid, _ch in _children.items():
        if isinstance(_ch, str) and _ch in g.LOOPS:
            _cm, _cc = g.LOOPS[_ch]
            if _cm and _cm[0] == _sid and _sid not in _cc:
                _REPEAT[_ch][_sid] = _parent
_REPEAT["HL?"] = {}
#: what a service line (2400) needs, by "is 837I": SV2 there, SV1 and the service date on 837P
_LINE_NEEDS = {True: ("SV2",), False: ("SV1", "DTP*472")}
_LINE_NEED_SETS = {k: frozenset(v) for k, v in _LINE_NEEDS.items()}
_DTP_IN_2400 = g.LOOPS["2400"][0].index("DTP")
_MEMBER_COUNT = {name: len(m) for name, (m, _c) in g.LOOPS.items()}
#: the loops whose closing is checked for missing parts (``_close_frame``; the others have none to miss)
_CLOSE_CHECKED = frozenset(("2400", "2300", *_REQUIRED))
_KEYED_BY_QUAL = frozenset(("2310", "2420", "2330"))  # child loops counted per NM101 (each entity once)
_CLAIM_LOOPS = frozenset(("2300", "2310", "2320", "2330", "2400", "2410", "2420", "2430", "2440"))
_ENVELOPE = frozenset({"ISA", "GS", "ST", "SE", "GE", "IEA"})
#: loop -> {member segment id: its place}; a loop's own first segment is not a member (it starts a new
#: instance), and neither is a segment that starts a child loop
_MEMBER_IDX = {
    name: {sid: i for i, sid in enumerate(members) if (i or name == "HEADER") and sid not in children}
    for name, (members, children) in g.LOOPS.items()
}
_MEMBER_IDX["HL?"] = {}


def _handler(loop: str, sid: str) -> tuple[Any, int]:
    h = segment_handler(loop, sid)
    return h, (NEEDS[h] if h is not None else 0)


#: loop -> {member segment id: (its place, may not repeat in a row, tracked, builder handler, how many
#: elements the handler reads)}: the hot path's one lookup per segment (``claims``)
_TABLE = {
    name: {sid: (i, sid in _ONCE_IN_A_ROW, sid in _TRACKED, *_handler(name, sid)) for sid, i in members.items()}
    for name, members in _MEMBER_IDX.items()
}


_STARTS: dict[tuple[str, str, str, str], tuple[int, str, bool, int] | None] = {}


def _start_of(sid: str, qual: str, top: str, parent: str, has_parent: bool) -> tuple[int, str, bool, int] | None:
    """Where ``_walk``'s loop would open a child loop for ``sid`` (``qual``: NM101) when the innermost open
    loops are ``top`` and ``parent``: ``(depth, child, by entity code, parent's member count)`` with depth
    0 for ``top``, 1 for ``parent``; None when it would do anything else there (a member, an unknown
    entity code, an HL of unknown level) or look further out (the walk then runs)."""
    for depth, name in enumerate((top, parent) if has_parent else (top,)):
        if name == "HL?":
            return None
        members, children = g.LOOPS[name]
        ch = children.get(sid)
        if ch is not None:
            child = ch.get(qual) if isinstance(ch, dict) else ch
            if child is None:
                return None
            return depth, str(child), isinstance(ch, dict), len(members)
        if sid in members and (members[0] != sid or name == "HEADER"):
            return None
    return None


def read_claims(source: str | Path | bytes | BinaryIO, name: str | None = None) -> list[Claim]:
    """Every claim of one file (convenience; use ``X12Reader`` to stream and to see the errors)."""
    return list(X12Reader(source, name=name).claims())

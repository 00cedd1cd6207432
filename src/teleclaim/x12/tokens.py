"""X12 bytes -> segments, streaming; what a file is (``sniff``, ``identify``).

Hand-written on purpose: this is the hot path (the Python peers parse 837s at 150-470 claims/s,
mostly in their generic tokenizers). The tokenizer reads fixed-size chunks, so memory stays flat
whatever the file size, and yields each segment as ``(elements, line, text)`` (or, for the X12 reader's
hot loop, whole lists of segment texts with their first line: ``SegmentStream.chunks``):

- separators come from each ISA (element = 4th character, component = ISA16, repetition = ISA11,
  segment terminator = the character after ISA16), whatever they are;
- a UTF-8 byte order mark, CR/LF and indentation between segments are skipped; a file that is not
  UTF-8 is read as Latin-1 (each byte one character: nothing lost) and the reader says so;
- UTF-16 files and binary files (not text at all) are recognised and refused with a clear message
  (``UnsupportedFileError``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

CHUNK = 1 << 20
_WS = " \t\r\n"

#: every segment id the 837 implementation guides (and their envelopes) use; others are unknown
KNOWN_SEGMENTS = frozenset(
    [
        "ISA",
        "IEA",
        "GS",
        "GE",
        "ST",
        "SE",
        "BHT",
        "REF",
        "NM1",
        "N2",
        "N3",
        "N4",
        "PER",
        "HL",
        "PRV",
        "CUR",
        "SBR",
        "PAT",
        "DMG",
        "CLM",
        "DTP",
        "CL1",
        "PWK",
        "CN1",
        "AMT",
        "K3",
        "NTE",
        "CR1",
        "CR2",
        "CR3",
        "CR4",
        "CR5",
        "CR6",
        "CR7",
        "CRC",
        "HI",
        "HCP",
        "HSD",
        "QTY",
        "MEA",
        "LX",
        "SV1",
        "SV2",
        "SV3",
        "SV4",
        "SV5",
        "SV6",
        "SV7",
        "TOO",
        "DN1",
        "DN2",
        "PS1",
        "LIN",
        "CTP",
        "SVD",
        "CAS",
        "LQ",
        "FRM",
        "OI",
        "MOA",
        "MIA",
        "TA1",
    ]
)

#: X12 segment ids of other (mostly health care 5010) transaction sets: inside an 837 they are "not in the
#: defined transaction set" (999 IK304 6), where an id X12 does not define at all is unrecognized (IK304 1)
OTHER_X12_SEGMENTS = (
    frozenset(
        [
            "AAA",
            "ACT",
            "ADX",
            "AK1",
            "AK2",
            "AK3",
            "AK4",
            "AK5",
            "AK9",
            "AMT",
            "ATV",
            "B2",
            "B2A",
            "BEG",
            "BGN",
            "BHT",
            "BIG",
            "BPR",
            "BSN",
            "CLP",
            "COB",
            "CTT",
            "CTX",
            "DSB",
            "DTM",
            "EB",
            "EC",
            "ENT",
            "EQ",
            "G62",
            "HCR",
            "HD",
            "HLH",
            "ICM",
            "IDC",
            "IK3",
            "IK4",
            "IK5",
            "III",
            "INS",
            "IT1",
            "LE",
            "LS",
            "LUI",
            "MPI",
            "MSG",
            "N1",
            "N9",
            "NX1",
            "PLB",
            "PO1",
            "RDM",
            "RMR",
            "RPA",
            "SAC",
            "SVC",
            "TD1",
            "TD5",
            "TDS",
            "TRN",
            "TS2",
            "TS3",
            "UM",
            "BGF",
            "BPT",
            "DED",
            "FA1",
            "FA2",
            "ITD",
            "L11",
            "MS1",
            "MS2",
            "PID",
            "PKG",
            "PO4",
            "REF",
            "SAD",
            "SLN",
            "SN1",
            "STC",
            "TED",
            "UIT",
        ]
    )
    - KNOWN_SEGMENTS
)


@dataclass(frozen=True, slots=True)
class Separators:
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"

    def as_tuple(self) -> tuple[str, str, str, str]:
        return (self.element, self.component, self.repetition, self.segment)


def _strip_head(head: bytes) -> bytes:
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.lstrip(b" \t\r\n")


def is_utf16(head: bytes) -> bool:
    """UTF-16 text: a BOM, or NUL bytes in every other position only (ASCII text as UTF-16)."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    sample = head[:64]
    if len(sample) < 8:
        return False
    for parity in (0, 1):
        wide, narrow = sample[parity::2], sample[1 - parity :: 2]
        if wide.count(0) * 4 >= len(wide) * 3 and b"\x00" not in narrow:
            return True
    return False


_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def is_binary(head: bytes) -> bool:
    """Not text at all (an executable, an image, a zip, a PDF): NUL bytes or many control bytes."""
    sample = head[:4096]
    if not sample or is_utf16(sample):
        return False
    if b"\x00" in sample:
        return True
    control = sum(sample.count(c) for c in _CONTROL if c not in b"\x1c\x1d\x1e\x1f")
    return control * 10 > len(sample)


def _not_text(name: str) -> UnsupportedFileError:
    return refuse(
        name,
        "binary",
        "not a text file (it holds binary data: a program, an image, a zip or a PDF?); give the 837 itself, as text",
    )


def sniff(head: bytes) -> str:
    """``"x12"``, ``"json"``, ``"utf16"``, ``"binary"`` or ``"unknown"`` for the first bytes of a file."""
    if is_utf16(head):
        return "utf16"
    if is_binary(head):
        return "binary"
    s = _strip_head(head)
    if s[:3] == b"ISA" or re.match(rb"(GS|ST)[^A-Za-z0-9 ]", s[:3]):
        return "x12"
    if s[:1] in (b"{", b"["):
        return "json"
    return "unknown"


_TX_NAMES = {
    "837": "an 837 health care claim",
    "277": "a 277 claim status",
    "835": "an 835 remittance advice",
    "999": "a 999 implementation acknowledgment",
    "997": "a 997 functional acknowledgment",
    "270": "a 270 eligibility inquiry",
    "271": "a 271 eligibility response",
    "834": "an 834 benefit enrollment",
    "276": "a 276 claim status request",
    "278": "a 278 services review",
    "820": "an 820 premium payment",
    "TA1": "a TA1 interchange acknowledgment",
}
GS_TRANSACTION = _GS_NAMES = {
    "HN": "277",
    "HP": "835",
    "FA": "999",
    "HS": "270",
    "HB": "271",
    "BE": "834",
    "HR": "276",
    "HI": "278",
    "RA": "820",
    "HC": "837",
}


def refuse(name: str, detected: str, why: str) -> UnsupportedFileError:
    return UnsupportedFileError(
        f"{name}: {why}. teleclaim reads {SUPPORTED} (and the JSON claim form).",
        file=name,
        detected=detected,
        supported=SUPPORTED,
    )


def describe_transaction(st01: str, version: str, gs01: str = "") -> str:
    code = st01 or _GS_NAMES.get(gs01, "")
    what = _TX_NAMES.get(code, f"an X12 {code or 'unknown'} transaction set")
    return f"{what} ({version})" if version else what


class SegmentStream:
    """Yields ``(elements, line, text)`` for every segment of a binary stream, chunk by chunk.

    ``separators`` is the current interchange's; ``latin1`` tells whether the file had to be read
    as Latin-1. ``line`` is 1-based (the line the segment starts on).
    """

    def __init__(self, fh: BinaryIO, name: str, chunk: int = CHUNK) -> None:
        self.fh, self.name, self.chunk = fh, name, chunk
        self.separators: Separators | None = None
        self.latin1 = False
        self._dec = codecs.getincrementaldecoder("utf-8")("strict")
        self._first = True

    def _read(self) -> str | None:
        data = self.fh.read(self.chunk)
        if self._first:
            self._first = False
            if is_utf16(data):
                raise refuse(
                    self.name,
                    "utf-16",
                    "the file is UTF-16 encoded; save it as UTF-8 or ASCII (most editors: 'Save with encoding')",
                )
            if is_binary(data):
                raise _not_text(self.name)
            if data.startswith(codecs.BOM_UTF8):
                data = data[3:]
        if not data:
            return None
        if not self.latin1:
            try:
                return self._dec.decode(data)
            except UnicodeDecodeError:
                self.latin1 = True
        return data.decode("latin-1")

    def _isa(self, buf: str, pos: int) -> tuple[Separators, int] | None:
        """Separators from the ISA starting at ``pos`` and the index of its terminator."""
        el = buf[pos + 3] if len(buf) > pos + 3 else ""
        if not el or el.isalnum() or el in _WS:
            return None
        parts = buf[pos : pos + 220].split(el, 16)
        if len(parts) < 17 or len(parts[16]) < 2:
            return None
        comp, term = parts[16][0], parts[16][1]
        end = pos + sum(len(p) for p in parts[:16]) + 16 + 1  # index of the segment terminator
        rep = parts[11] if len(parts[11]) == 1 and not parts[11].isalnum() else "^"
        return Separators(el, comp, rep, term), end

    @staticmethod
    def _fast_split(buf: str, term: str, eof: bool, line: int) -> tuple[list[str], str, int, int] | None:
        """The segments of a chunk in one C-level split, when the chunk has the usual layout.

        Usual: every segment ends with the terminator alone (``step`` 0) or every one with the
        terminator and one LF (``step`` 1); no other CR, LF or tab in the chunk, no segment starting
        with a space, and no ISA after the chunk's start. Then each piece is a segment as it is (an
        empty piece is no segment) and the k-th starts on line ``first + k * step``. A chunk read
        that ends between a terminator and its LF is usual too: that last segment becomes the tail
        (or, at the end of the file, loses its terminator). Returns ``(pieces, tail, step, first)``,
        or ``None`` for the general path (which handles any whitespace and the next interchange).
        """
        if "\r" in buf or "\t" in buf:
            return None
        first = line
        if buf.startswith("\n"):  # the LF after the previous chunk's last terminator
            buf = buf[1:]
            first += 1
        nl = buf.count("\n")
        cut = False  # the chunk ends with a terminator whose LF (if any) is not read yet
        if nl == 0:
            sep, step = term, 0
        else:
            sep, step = term + "\n", 1
            if buf.count(sep) != nl:
                return None
            terms = buf.count(term)
            if terms != nl:
                if terms != nl + 1 or not buf.endswith(term):
                    return None
                cut = True
        if buf.startswith((" ", "ISA")) or (sep + " ") in buf or (sep + "ISA") in buf:
            return None
        pieces = buf.split(sep)
        if not eof:
            tail = pieces.pop()
        else:
            tail = ""
            if cut:
                pieces[-1] = pieces[-1][: -len(term)]
        return pieces, tail, step, first

    def __iter__(self) -> Iterator[tuple[list[str], int, str]]:
        for pieces, line, step in self.chunks():
            el = self.separators.element  # type: ignore[union-attr]  # set before a chunk is given
            for piece in pieces:
                if piece:
                    yield piece.split(el), line, piece
                line += step

    def chunks(self) -> Iterator[tuple[list[str], int, int]]:
        """The segments as ``(pieces, first, step)``: segment texts (an empty one is no segment) whose
        k-th starts on line ``first + k * step``. The usual layout gives a whole chunk read at once
        (``_fast_split``); the general path and each ISA give one segment at a time. ``separators``
        is already the pieces' interchange's when they are given. The X12 reader loops over the pieces
        itself (no generator step per segment); ``__iter__`` splits them into elements."""
        buf, line, eof = "", 1, False
        while True:
            # -- an ISA (or the start of the file): find the separators -------------------------
            while True:
                stripped = buf.lstrip(_WS)
                if len(stripped) >= 220 or eof:
                    break
                more = self._read()
                if more is None:
                    eof = True
                else:
                    buf += more
            line += buf.count("\n", 0, len(buf) - len(stripped))
            buf = stripped
            if not buf:
                return
            if not buf.startswith("ISA"):
                raise refuse(
                    self.name,
                    "no-isa",
                    f"line {line}: the file does not start with an ISA interchange header (it starts {buf[:40]!r})",
                )
            got = self._isa(buf, 0)
            if got is None:
                raise refuse(
                    self.name,
                    "x12-unreadable-isa",
                    f"line {line}: the ISA header {buf[:40]!r}... is too damaged to find the "
                    "separators (an ISA has 16 elements; ISA16 is followed by the segment terminator)",
                )
            self.separators, end = got
            term = self.separators.segment
            text = buf[:end]
            yield [text], line, 0
            line += text.count("\n")
            buf = buf[end + 1 :]
            # -- the body: split whole chunks at the terminator (C speed), keep the partial tail --
            again = False
            while not again:
                fast = self._fast_split(buf, term, eof, line)
                if fast is not None:  # the usual layout: no per-segment whitespace work (see _fast_split)
                    pieces, tail, step, line = fast
                    yield pieces, line, step
                    line += len(pieces) * step
                else:
                    pieces = buf.split(term)
                    tail = pieces.pop() if not eof else ""
                    for i, piece in enumerate(pieces):
                        seg = piece.lstrip(_WS)
                        lead = len(piece) - len(seg)
                        here = line + piece.count("\n", 0, lead) if lead else line
                        if seg.startswith("ISA") and len(seg) > 3 and not seg[3].isalnum():
                            line = here
                            rest = [seg, *pieces[i + 1 :]]
                            buf = term.join(rest if eof else [*rest, tail])
                            again = True
                            break
                        line += piece.count("\n")
                        seg = seg.rstrip("\r\n")
                        if seg:
                            yield [seg], here, 0
                    if again:
                        break
                if eof:
                    return
                more = self._read()
                if more is None:
                    eof = True
                    buf = tail
                else:
                    buf = tail + more

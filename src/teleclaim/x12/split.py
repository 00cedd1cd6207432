"""Cutting one big X12 file into chunks that separate tasks read, with the local reader's findings.

``plan(path, claims=5000, size=32 MB)`` pre-scans the file (a regular expression over a memory map,
or over the file's bytes when Spark has read a remote file whole:
the byte offsets of ISA, GS, ST, SE, GE, IEA, HL and CLM, and segment and line counts) and returns
the chunks, or None when the file is read whole (small, not UTF-8, or shaped so that a cut could
change a finding: segments outside a transaction set, empty segments, misnumbered HLs, a
transaction header with problems). A chunk starts at an interchange (ISA), a group (GS), a
transaction set (ST) or a subscriber (HL level 22: a claim is never cut, nor a subscriber's claims).

A chunk is read by the ordinary ``X12Reader`` from ``ChunkPath(path, chunk).open()`` (or
``ChunkPath(name, chunk, chunk_bytes(data, chunk))`` for a remote file's bytes): the context
the chunk needs (the ISA, the GS, the transaction header up to its first HL and the billing
provider's 2000A loop) comes first, verbatim, then the chunk's own bytes, then, when the next chunk
starts inside the same transaction set, that chunk's first segment (its HL closes this chunk's last
claim exactly as in one pass). Through the reader's ``x12_split_hook`` the chunk:

- renumbers lines to the file's and, at its first own segment, ``resume``s the reader with the
  transaction set's segment and HL counts, the group's ST02s and the interchange's group count so
  far, so the SE, GE and IEA counts are judged once, with the true numbers, by the chunk holding
  the trailer;
- keeps only the problems found while reading its own segments: those of the context, of a first
  HL the chunk before has already judged, and of the end of a chunk that is not the end of the file
  (missing trailers) are replaced by a placeholder no rule reports (the list keeps its length: the
  reader's "no cascade" marks count problems).
"""

from __future__ import annotations

import codecs
import functools
import io
import itertools
import mmap
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WS = b" \t\r\n"


@dataclass(frozen=True)
class Chunk:
    """One chunk of a file: context byte ranges, its own bytes, the next chunk's first segment."""

    prefix: tuple[tuple[int, int], ...]
    body: tuple[int, int]
    trail: tuple[int, int] | None
    line_delta: int  # file line = line in the chunk + line_delta (for the chunk's own segments)
    prefix_segments: int
    resume: tuple[int | None, int | None, tuple[str, ...] | None, int | None]
    drop_first: bool  # the first own segment (a subscriber HL) was judged by the chunk before
    last: bool  # the file's last chunk: problems at the end of the file are its own
    claims: int = 0


class _Dropped:
    """What stands in the reader's problem list for a problem this chunk does not report."""

    code = "split:not-this-chunk"


DROPPED = _Dropped()


class _Problems(list):  # the items are the reader's problem objects (any)
    """The reader's problem list: while ``dropping``, what is appended is the placeholder."""

    dropping = True

    def append(self, e: Any) -> None:
        super().append(DROPPED if self.dropping else e)


def _ranges(chunk: Chunk) -> tuple[tuple[int, int], ...]:
    return (*chunk.prefix, chunk.body, *((chunk.trail,) if chunk.trail else ()))


def chunk_bytes(data: bytes, chunk: Chunk) -> bytes:
    """What a chunk's reader reads (context, own bytes, next segment), cut out of the whole file's
    ``data`` (a remote file as Spark read it): one copy of the chunk's bytes, none of the file's."""
    view = memoryview(data)
    return b"".join(view[a:b] for a, b in _ranges(chunk))


class ChunkFile(io.BytesIO):
    """The chunk's bytes (context, own bytes, next segment) with the reader hook: read from the file
    at ``path``, or ``data`` when given (``chunk_bytes`` of a remote file)."""

    def __init__(self, path: str, chunk: Chunk, data: bytes | None = None) -> None:
        if data is None:
            parts = []
            with open(path, "rb") as fh:
                for a, b in _ranges(chunk):
                    fh.seek(a)
                    parts.append(fh.read(b - a))
            data = b"".join(parts)
        super().__init__(data)
        self.chunk = chunk
        self.name = path

    def x12_split_hook(self, reader: Any, segments: Any) -> Any:
        return _segments(reader, segments, self.chunk)


def _segments(reader: Any, segments: Any, c: Chunk) -> Any:
    errors = _Problems()
    reader.errors = errors
    n = 0
    own_from = c.prefix_segments + (1 if c.drop_first else 0)
    for els, line, text in segments:
        if n == c.prefix_segments:
            seg, hl, group, groups = c.resume
            reader.resume(seg, hl, list(group) if group is not None else None, groups)
        if n == own_from:
            errors.dropping = False
        n += 1
        yield els, line + c.line_delta, text
    if not c.last:
        errors.dropping = True


class ChunkPath:
    """What the check's stream takes for a file (``is_file``, ``open``, ``stat``, ``suffix``); with
    ``data`` (the chunk's bytes, for a remote file) nothing is read from ``path``, only named by it."""

    def __init__(self, path: str, chunk: Chunk, data: bytes | None = None) -> None:
        self.path, self.chunk, self.data = path, chunk, data
        self.suffix = Path(path).suffix
        self.name = Path(path).name

    def is_file(self) -> bool:
        return True

    def stat(self) -> os.stat_result:
        if self.data is not None:
            return os.stat_result((0o100444, 0, 0, 1, 0, 0, len(self.data), 0, 0, 0))
        return os.stat(self.path)

    def open(self, mode: str = "rb") -> ChunkFile:
        return ChunkFile(self.path, self.chunk, self.data)

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path


def planner(claims: int = 5000, size: int = 32 << 20) -> Any:
    """``plan`` with these chunk sizes, for ``engines.spark.units``."""
    return functools.partial(plan, claims=claims, size=size)


# -- the pre-scan -----------------------------------------------------------------------------------
def _separators(mm: Any) -> tuple[bytes, bytes, int] | None:
    """(element separator, segment terminator, offset of the ISA) of the file's first ISA."""
    start = 3 if mm[:3] == b"\xef\xbb\xbf" else 0
    while start < len(mm) and mm[start : start + 1] in (b" ", b"\t", b"\r", b"\n"):
        start += 1
    if mm[start : start + 3] != b"ISA" or len(mm) < start + 107:
        return None
    el = mm[start + 3 : start + 4]
    pos = start
    for _ in range(16):
        pos = mm.find(el, pos + 1)
        if pos < 0:
            return None
    term = mm[pos + 2 : pos + 3]  # ISA16 is one character, then the terminator
    if not term or term in _WS or term == el or term.isalnum():
        return None
    return el, term, start


def _utf8(mm: Any) -> bool:
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        for i in range(0, len(mm), 8 << 20):
            dec.decode(mm[i : i + (8 << 20)])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class _Tx:
    start: int
    control: str
    hl: int = 0
    ok: bool = True
    header_end: int | None = None
    counted_to: int = 0  # segments are counted from the ST up to here ...
    segments: int = 0  # ... and there are this many


def plan(source: str | bytes, *, claims: int = 5000, size: int = 32 << 20) -> list[Chunk] | None:
    """The chunks of the file at ``source``, a path, or of ``source``, a whole file's bytes (a remote
    file as Spark read it; ``chunk_bytes`` cuts a chunk's out), or None to read it whole (see the
    module docstring)."""
    claims, size = max(claims, 1), max(size, 1 << 16)
    try:
        if isinstance(source, (bytes, bytearray)):
            return _plan(source, claims, size) if len(source) >= 4096 else None
        if os.path.getsize(source) < 4096:
            return None
        with open(source, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _plan(mm, claims, size)
    except (OSError, ValueError):
        return None


def _plan(mm: Any, claims: int, size: int) -> list[Chunk] | None:
    """``mm`` is a memory map or bytes: both slice, find, count and are searched alike."""
    seps = _separators(mm)
    if seps is None:
        return None
    el, term, first = seps
    t, e = re.escape(term), re.escape(el)
    if re.search(t + rb"[ \t\r\n]*" + t, mm) or not _utf8(mm):
        return None
    pat = re.compile(t + rb"[ \t\r\n]*(ISA|GS|ST|SE|GE|IEA|HL|CLM)" + e)  # a literal first: fast
    cuts = _cuts(mm, pat, el, term, first, claims, size)
    if cuts is None or len(cuts) < 2:
        return None
    return _chunks(mm, cuts, term, _count(mm, b"CLM" + el))


def _seg_end(mm: Any, at: int, term: bytes) -> int:
    return mm.find(term, at) + 1


def _element(mm: Any, at: int, term: bytes, el: bytes, n: int) -> str:
    parts = mm[at : _seg_end(mm, at, term) - 1].split(el)
    return parts[n].decode("utf-8", "replace") if n < len(parts) else ""


@dataclass
class _Cut:
    """Where a chunk may start: ``kind`` START, ISA, GS, ST or HL (a subscriber), the claims before it,
    the context it needs (byte ranges) and the reader state to resume with."""

    at: int
    kind: str
    claims: int
    prefix: tuple[tuple[int, int], ...] = ()
    resume: tuple[Any, Any, Any, Any] = (None, None, None, None)
    tx: _Tx | None = None


def _cuts(mm: Any, pat: Any, el: bytes, term: bytes, first: int, claims: int, size: int) -> list[_Cut] | None:
    """The places chunks start (each the first place after ``claims`` claims or ``size`` bytes from
    the one before), or None when the file's shape does not allow cuts."""
    cuts = [_Cut(first, "START", 0)]
    clean: dict[tuple[int, int], bool] = {}

    def due(at: int) -> bool:
        return n_claims - cuts[-1].claims >= claims or at - cuts[-1].at >= size

    isa = gs = None  # byte ranges of the open ISA / GS segments
    tx: _Tx | None = None
    groups = 0  # GS seen in the open interchange
    controls: list[str] = []  # ST02s of the open group
    envelope = n_claims = tx_segments = 0
    cur20: int | None = None
    first22: int | None = None
    found = ((m.group(1), m.start(1)) for m in pat.finditer(mm))
    for sid, at in itertools.chain([(b"ISA", first)], found):
        if sid == b"CLM":
            n_claims += 1
            continue
        if sid == b"HL":
            if tx is None:
                return None
            parts = mm[at : _seg_end(mm, at, term) - 1].split(el)
            tx.hl += 1
            level = parts[3] if len(parts) > 3 else b""
            if parts[1] != str(tx.hl).encode() or level not in (b"20", b"22", b"23") or (tx.hl == 1 and level != b"20"):
                tx.ok = False
            if tx.header_end is None:
                tx.header_end = at
            if level == b"20":
                cur20, first22 = at, None
            elif level == b"22" and tx.ok and cur20 is not None and isa and gs:
                first22 = at if first22 is None else first22
                if not due(at):
                    continue
                ctx = (isa, gs, (tx.start, tx.header_end), (cur20, first22))
                if ctx[-1] not in clean:
                    clean[ctx[-1]] = _clean_context(mm, ctx)
                if not clean[ctx[-1]]:
                    continue
                seg = tx.segments = tx.segments + mm[tx.counted_to : at].count(term)  # ST up to this HL
                tx.counted_to = at
                cuts.append(_Cut(at, "HL", n_claims, ctx, (seg, tx.hl - 1, tuple(controls), groups), tx))
            continue
        envelope += sid in (b"ISA", b"GS", b"GE", b"IEA")
        if sid == b"ISA":
            if isa is not None:
                return None
            isa, groups = (at, _seg_end(mm, at, term)), 0
            if due(at):
                cuts.append(_Cut(at, "ISA", n_claims))
        elif sid == b"GS":
            if isa is None or gs is not None:
                return None
            if due(at):
                cuts.append(_Cut(at, "GS", n_claims, (isa,), (None, None, None, groups)))
            gs, controls, groups = (at, _seg_end(mm, at, term)), [], groups + 1
        elif sid == b"ST":
            if gs is None or isa is None or tx is not None:
                return None
            tx = _Tx(at, _element(mm, at, term, el, 2), counted_to=at)
            if controls and due(at):
                cuts.append(_Cut(at, "ST", n_claims, (isa, gs), (None, None, tuple(controls), groups)))
            controls.append(tx.control)
            cur20 = None
        elif sid == b"SE":
            if tx is None:
                return None
            tx_segments += tx.segments + mm[tx.counted_to : _seg_end(mm, at, term)].count(term)
            tx = None
        elif sid == b"GE":
            if gs is None or tx is not None:
                return None
            gs = None
        elif sid == b"IEA":
            if isa is None or gs is not None:
                return None
            isa = None
    if isa is not None or gs is not None or tx is not None:
        return None
    if _count(mm, term) != tx_segments + envelope:
        return None  # segments outside a transaction set: the reader reports them once per file
    return cuts


def _count(mm: Any, term: bytes) -> int:
    n = 0
    for i in range(0, len(mm), 8 << 20):
        n += mm[i : i + (8 << 20)].count(term)
    return n


def _clean_context(mm: Any, ranges: tuple[tuple[int, int], ...]) -> bool:
    """The context of a subscriber cut (ISA, GS, header, 2000A) read alone has no problem but the
    missing trailers: then no loop the chunk inherits can report a problem later."""
    from teleclaim.errors import TeleclaimError
    from teleclaim.x12.reader import X12Reader

    data = b"".join(mm[a:b] for a, b in ranges)
    try:
        reader = X12Reader(data)
        for _claim in reader.claims():
            return False
    except TeleclaimError:
        return False
    # the billing provider's HL01 follows the HLs left out: the chunk resumes the HL count
    return all(e.code == "X12022" or (e.code == "X12020" and e.element == 1) for e in reader.errors)


def _chunks(mm: Any, cuts: list[_Cut], term: bytes, total: int) -> list[Chunk] | None:
    chosen = [c for c in cuts if c.at > cuts[0].at or c.kind == "START"]
    if len(chosen) < 2:
        return None
    out: list[Chunk] = []
    lines_before = 0
    for i, c in enumerate(chosen):
        end = chosen[i + 1].at if i + 1 < len(chosen) else len(mm)
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        trail = (nxt.at, _seg_end(mm, nxt.at, term)) if nxt is not None and nxt.kind == "HL" else None
        prefix_bytes = b"".join(mm[a:b] for a, b in c.prefix)
        out.append(
            Chunk(
                prefix=c.prefix,
                body=(c.at if i else 0, end),
                trail=trail,
                line_delta=lines_before - prefix_bytes.count(b"\n"),
                prefix_segments=prefix_bytes.count(term),
                resume=c.resume,
                drop_first=c.kind == "HL",
                last=nxt is None,
                claims=(nxt.claims if nxt else total) - c.claims,
            )
        )
        lines_before += mm[c.at if i else 0 : end].count(b"\n")
    return out

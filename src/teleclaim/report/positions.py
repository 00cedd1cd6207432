"""Where a finding's segment is in its file: line and column, for editors and SARIF regions.

Findings name a segment by its position in the transaction set (``segment``, counted from ST) and
their claim (``claim_id``); many 837s are one line, so the line alone says little. ``locate`` reads
each X12 file once more, segment by segment (chunked: memory stays flat), finds the transaction
set that holds each claim (its CLM01) and returns the 1-based line and column (in characters) of
every segment asked for. Only the segments of findings are kept, so the cost is one extra pass.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Key = tuple[str | None, str | None, int]  # (file, claim id, segment position in its transaction set)


def _segments(path: Path, chunk: int = 1 << 20) -> Iterator[tuple[str, int, int]]:
    """``(segment text, line, column)`` of every segment of an X12 file (separators from its ISA)."""
    dec = codecs.getincrementaldecoder("utf-8")("replace")
    with path.open("rb") as fh:
        buf = dec.decode(fh.read(max(chunk, 4096)))
        if buf.startswith("\ufeff"):
            buf = buf[1:]
        start = buf.find("ISA")
        if start < 0 or len(buf) < start + 106:
            return
        parts = buf[start : start + 220].split(buf[start + 3], 16)
        if len(parts) < 17 or len(parts[16]) < 2:
            return
        term = parts[16][1]
        line, col = 1, 1  # where buf starts
        eof = False
        while True:
            pieces = buf.split(term)
            tail = "" if eof else pieces.pop()
            for piece in pieces:
                seg = piece.lstrip(_WS)
                lead = piece[: len(piece) - len(seg)]
                nl = lead.count("\n")
                s_line = line + nl
                s_col = (len(lead) - lead.rfind("\n")) if nl else col + len(lead)
                seg = seg.rstrip(_WS)
                if seg:
                    yield seg, s_line, s_col
                # advance past the piece and its terminator
                nl_all = piece.count("\n")
                if nl_all:
                    line += nl_all
                    col = len(piece) - piece.rfind("\n") + 1
                else:
                    col += len(piece) + 1
            if eof:
                return
            data = fh.read(chunk)
            if not data:
                eof = True
                buf = tail + dec.decode(b"", final=True)
            else:
                buf = tail + dec.decode(data)


_WS = " \t\r\n"


def locate(files: dict[str, Path], wanted: Iterable[Key]) -> dict[Key, tuple[int, int]]:
    """``{(file, claim_id, segment): (line, column)}`` for the keys found in their files."""
    by_file: dict[str | None, dict[str | None, set[int]]] = {}
    for f, claim, seg in wanted:
        by_file.setdefault(f, {}).setdefault(claim, set()).add(seg)
    out: dict[Key, tuple[int, int]] = {}
    for name, claims in by_file.items():
        path = files.get(name or "")
        if path is None or not path.is_file():
            continue
        try:
            _scan(name, path, claims, out)
        except (OSError, IndexError):  # a file that cannot be re-read: no regions, never an error
            continue
    return out


def _scan(name: str | None, path: Path, claims: dict[str | None, set[int]], out: dict[Key, tuple[int, int]]) -> None:
    wanted_pos = set().union(*claims.values()) if claims else set()
    el = "*"
    in_st, pos = False, 0
    st_pos: dict[int, tuple[int, int]] = {}  # only the positions some finding asks for
    st_claims: list[str] = []
    done: set[str | None] = set()
    for text, line, col in _segments(path):
        if text.startswith("ISA") and len(text) > 3:
            el = text[3]
            continue
        sid = text.split(el, 1)[0]
        if sid == "ST":
            in_st, pos, st_pos, st_claims = True, 0, {}, []
        if not in_st:
            continue
        pos += 1
        if pos in wanted_pos:
            st_pos[pos] = (line, col)
        if sid == "CLM":
            fields = text.split(el, 2)
            cid = fields[1] if len(fields) > 1 else ""
            if cid in claims and cid not in done:
                st_claims.append(cid)
        elif sid == "SE":
            for cid in st_claims:
                done.add(cid)
                for seg in claims[cid]:
                    if seg in st_pos:
                        out[(name, cid, seg)] = st_pos[seg]
            in_st = False


def region_of(positions: dict[Key, tuple[int, int]], f: Any) -> dict[str, int] | None:
    """The SARIF region of finding ``f`` (startLine, startColumn), when known."""
    if f.segment is None:
        return None
    got = positions.get((f.file, f.claim_id, f.segment))
    return {"startLine": got[0], "startColumn": got[1]} if got else None

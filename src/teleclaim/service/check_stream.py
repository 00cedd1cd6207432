"""Checking claim files as a stream: findings go out as they are found, memory stays flat.

``stream_check(paths, engine)`` yields every finding in reading order (per file: each claim's
structural X12 problems, then its edits' findings; envelope problems where the reader meets
them) and, at the end of the run, the cross-claim findings (TH020-TH026). An X12 file is read
``BATCH`` claims at a time and each batch then checked: the same findings in the same order as
one claim at a time, a tenth faster (with the garbage collector's first threshold raised for the
run, ``fewer_collections``). Nothing is kept per finding: ``CheckTally`` counts what went by
(files, claims, findings by severity and rule) for the summary and the exit code.
``order_findings`` groups a buffered list for reading by claim (envelope problems first, claims
in reading order with ``CheckTally(claim_order={})``, cross-claim findings in their claim's
group), as ``run_check`` (``teleclaim.service.checking``, the API's runner) does.

A ``progress`` object, when given, hears about files, bytes read and claims (the CLI draws a
progress bar on a terminal): ``start_file(name, size)``, ``advance(bytes_read, claims)``,
``end_file()``.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from teleclaim.model.finding import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from teleclaim.model.claim import Claim
    from teleclaim.rules.engine import Engine


#: claims read before they are checked (see ``_stream_x12``)
BATCH = 64
#: the cyclic garbage collector's first threshold while claims are checked (``fewer_collections``)
GC_GEN0 = 10_000


class RunFindings(Protocol):
    """What an observer's ``finish`` reads of a run: its findings."""

    @property
    def findings(self) -> list[Finding]: ...


class ClaimObserver(Protocol):
    """Sees each claim with its edits' findings as it is checked, then the run (the claim ledger)."""

    def claim(self, claim: Claim, name: str, findings: list[Finding]) -> None: ...

    def finish(self, run: RunFindings) -> None: ...


class Progress(Protocol):
    def start_file(self, name: str, size: int) -> None: ...
    def advance(self, bytes_read: int, claims: int) -> None: ...
    def end_file(self) -> None: ...


@dataclass
class CheckTally:
    """What a streamed check saw: the numbers of ``CheckReport.summary()`` without the findings."""

    files: list[str] = field(default_factory=list)
    claims: int = 0
    findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    not_checked: int = 0
    worst_failed: int = -1
    #: (file, claim id) -> reading rank, kept only when asked for (``keep_order=True``)
    claim_order: dict[tuple[str | None, str | None], int] | None = None

    def claim(self, file: str, claim_id: str | None) -> None:
        self.claims += 1
        if self.claim_order is not None:
            self.claim_order.setdefault((file, claim_id), len(self.claim_order))

    def add(self, f: Finding) -> None:
        self.findings += 1
        self.by_severity[f.severity] += 1
        self.by_rule[f.rule] += 1
        if f.status == "not_checked":
            self.not_checked += 1
        if f.status == "failed":
            self.worst_failed = max(self.worst_failed, SEVERITY_RANK[f.severity])

    def summary(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "claims": self.claims,
            "findings": self.findings,
            "by_severity": {k: self.by_severity.get(k, 0) for k in ("error", "warning", "info")},
            "by_rule": dict(sorted(self.by_rule.items())),
        }

    def reaches(self, fail_on: str) -> bool:
        return self.worst_failed >= SEVERITY_RANK[fail_on]


class _Counting:
    """A binary file that tells ``progress`` how far it has been read (for the reader's chunks)."""

    def __init__(self, fh: BinaryIO, progress: Progress, tally: CheckTally) -> None:
        self.fh, self.progress, self.tally, self.pos = fh, progress, tally, 0
        self.name = getattr(fh, "name", "<stream>")

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.pos += len(data)
        self.progress.advance(self.pos, self.tally.claims)
        return data

    def close(self) -> None:
        self.fh.close()


def stream_check(
    paths: list[Path],
    engine: Engine,
    names: list[str] | None = None,
    *,
    tally: CheckTally | None = None,
    progress: Progress | None = None,
    finish: bool = True,
    observer: ClaimObserver | None = None,
) -> Iterator[Finding]:
    """Every finding of ``paths`` as it is found (see module docstring); ``tally`` counts them.
    ``finish=False`` leaves out the cross-claim edits (the Spark engine runs them per patient).
    ``observer`` (the claim ledger) sees each claim with its edits' findings, ``observer.claim(claim,
    name, findings)``, and at the end every finding of the run, ``observer.finish(run)`` (``run.findings``)."""
    from teleclaim.service.uploads import kind_of, read_json_claims

    tally = tally if tally is not None else CheckTally()
    kept: list[Finding] = []  # only with an observer (the ledger keeps the run's findings anyway)
    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        kind = kind_of(path, name)
        tally.files.append(name)
        if progress is not None:
            progress.start_file(name, path.stat().st_size)
        if kind == "json":
            for claim in read_json_claims(path, name):
                tally.claim(name, claim.claim_id)
                if progress is not None and tally.claims % 64 == 0:
                    progress.advance(0, tally.claims)
                found = engine.check(claim)
                if observer is not None:
                    observer.claim(claim, name, found)
                    kept.extend(found)
                for f in found:
                    tally.add(f)
                    yield f
        elif kind == "x12":
            for f in _stream_x12(path, name, engine, tally, progress, observer):
                if observer is not None:
                    kept.append(f)
                yield f
        else:
            from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

            raise UnsupportedFileError(
                f"{name}: not an X12 837 file nor the JSON claim form; teleclaim reads {SUPPORTED} "
                "and .json/.jsonl claims.",
                file=name,
                detected="unknown",
                supported=SUPPORTED,
            )
        if progress is not None:
            progress.end_file()
    for f in engine.finish() if finish else ():
        tally.add(f)
        if observer is not None:
            kept.append(f)
        yield f
    if observer is not None:
        observer.finish(_Run(kept))


@dataclass
class _Run:
    """What an observer's ``finish`` reads of a streamed run: its findings."""

    findings: list[Finding]


_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the cyclic garbage collector's first threshold to ``GC_GEN0`` (Python's default is 700
    allocations) while claims are checked, and put it back after (counted: the last of several runs at
    once, in threads, puts it back). An 837I claim is some 60 objects the collector tracks, and a batch
    of claims lives until it is checked: at 700 a collection ran every dozen claims over objects still
    in use (on 10,000 claims in batches of 64: 690 collections, 6 of them full, against 52 one claim at
    a time) and took back the batches' gain. Claims hold no reference cycles (reference counting frees
    them; a 10,000-claim check leaves no cyclic garbage), so collecting less often keeps nothing
    longer. A threshold already higher, or 0 (collection off), is left as it is; the other two
    thresholds are never touched."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            old = gc.get_threshold()
            if 0 < old[0] < GC_GEN0:
                _gc_saved = old
                gc.set_threshold(GC_GEN0, old[1], old[2])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)
                _gc_saved = None


def _stream_x12(
    path: Path,
    name: str,
    engine: Engine,
    tally: CheckTally,
    progress: Progress | None,
    observer: ClaimObserver | None = None,
) -> Iterator[Finding]:
    from teleclaim.x12 import X12Reader

    fh: Any = path.open("rb")
    if progress is not None:
        fh = _Counting(fh, progress, tally)
    reader = X12Reader(fh, name=name)
    claims = reader.claims()
    seen = 0
    with fewer_collections():
        while True:
            # a batch of claims is read, then checked: reading and editing each run faster when they
            # alternate every BATCH claims than every claim (each keeps its working set warm); a
            # claim's structural problems are the reader's errors up to the moment it gave the claim
            batch: list[tuple[Claim, int]] = []
            failure: Exception | None = None
            try:
                for claim in claims:
                    batch.append((claim, len(reader.errors)))
                    if len(batch) == BATCH:
                        break
            except Exception as exc:  # noqa: BLE001 - raised below, after the claims read before it
                failure = exc
            for claim, mark in batch:
                tally.claim(name, claim.claim_id)
                if seen < mark:
                    for f in engine.structural(reader.errors[seen:mark], name):
                        tally.add(f)
                        yield f
                    seen = mark
                found = engine.check(claim)
                if observer is not None:
                    observer.claim(claim, name, found)
                for f in found:
                    tally.add(f)
                    yield f
            if failure is not None:
                raise failure
            if len(batch) < BATCH:
                break
    for f in engine.structural(reader.errors[seen:], name):
        tally.add(f)
        yield f


def order_findings(
    found: list[Finding], files: list[str], claim_order: dict[tuple[str | None, str | None], int] | None = None
) -> list[Finding]:
    """Streamed findings grouped for reading by claim: files in order, each file's envelope
    problems first, then claims in the order they were met (a claim's cross-claim findings join
    its group; the sort is stable, so each claim keeps its own order)."""
    file_rank = {f: i for i, f in enumerate(files)}
    claim_rank: dict[tuple[str | None, str | None], int] = dict(claim_order or {})
    for f in found:  # claims the reader could not build: where their first finding came
        claim_rank.setdefault((f.file, f.claim_id), len(claim_rank) + 10**9)
    return sorted(
        found,
        key=lambda f: (
            file_rank.get(f.file or "", len(file_rank)),
            f.claim_id is not None,
            claim_rank[(f.file, f.claim_id)],
        ),
    )

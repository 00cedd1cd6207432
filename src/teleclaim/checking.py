"""Checking claim files: the runner shared by ``teleclaim check``, the REST API and the web UI.

``run_check(paths, engine)`` reads every file (X12 837 or the JSON claim form), checks every claim,
adds the structural X12 problems and, at the end of the run, the cross-claim findings, and returns a
``CheckReport`` whose findings are grouped by file and claim in reading order. ``make_engine`` builds
the engine from settings the way the CLI does (rule selection, payer profiles, history store).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError

log = logging.getLogger(__name__)


def make_engine(settings: Any, *, select: Any = None, ignore: Any = None, as_of: dt.date | None = None,
                payer: str | None = None, history: bool | None = None, payer_option: str = "payer") -> Any:
    """An ``Engine`` configured from ``settings`` (teleclaim.toml) and the options of a check.

    An unknown ``payer`` profile is refused here, before any file is read, with an error naming
    ``payer_option`` (``--payer`` on the CLI, the ``payer`` parameter in the API)."""
    from teleclaim.refdata.payers import Profiles
    from teleclaim.rules.config import RuleConfig
    from teleclaim.rules.engine import Engine

    where = settings.files[-1] if settings.files else "teleclaim.toml"
    config = RuleConfig.from_settings(settings.raw, select=select, ignore=ignore, where=where)
    if payer:
        Profiles(settings.raw, where=where).profile(payer, where=payer_option)
    profiles = Profiles(settings.raw, forced=payer, where=where)
    hist = None
    if history if history is not None else _truthy(settings.get("history.enabled")):
        from teleclaim.store import open_store
        from teleclaim.store.history import History

        hist = History(open_store(settings))
    return Engine(config=config, as_of=as_of, profiles=profiles, history=hist, refs=code_refs(settings))


def code_refs(settings: Any) -> Any:
    """The code sets of the generic code edits: shipped data plus what is imported into the store
    (PFS releases, HCPCS releases, MUE tables), the store opened only when a line needs it."""
    from teleclaim.refdata.code_sets import CodeRefs

    def opener() -> Any:
        from teleclaim.store import open_store

        return open_store(settings)

    return CodeRefs(opener)


def _truthy(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def _read_json_claims(path: Path, name: str | None = None) -> Iterator[Any]:
    from teleclaim.model.claim import SourceLocation
    from teleclaim.model.jsonform import claim_from_json

    text = path.read_text(encoding="utf-8-sig")
    name = name or str(path)
    def lines() -> list[tuple[str, Any]]:
        out = []
        for i, ln in enumerate(text.splitlines(), 1):
            if ln.strip():
                try:
                    out.append((f"{name}:{i}", json.loads(ln)))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{name}: line {i} is not valid JSON ({exc.msg} at column {exc.colno}); "
                                     "each line of a JSON lines file holds one claim.",
                                     code="invalid_json", file=name, line=i) from None
        return out

    try:
        if path.suffix.lower() == ".jsonl":
            objs = lines()
        else:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                if exc.msg != "Extra data":
                    raise
                objs = lines()  # JSON lines under another name (`teleclaim read --format jsonl > c.json`)
            else:
                objs = [(f"{name}#/{i}", o) for i, o in enumerate(data)] if isinstance(data, list) else [(name, data)]
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}).",
                         code="invalid_json", file=name, line=exc.lineno) from None
    for where, obj in objs:
        claim = claim_from_json(obj, where=where)
        if claim.source is None:
            claim.source = SourceLocation(file=name)
        yield claim


def _kind_of(path: Path, name: str | None = None) -> str:
    if not path.is_file():
        raise InputError(f"{name or path}: file not found.", code="file_not_found", file=name or str(path))
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError(f"{name or path}: the file is empty; give an X12 837 file or claims in the JSON claim "
                         "form.", code="empty_file", file=name or str(path))
    try:
        from teleclaim.x12 import sniff

        kind = sniff(head)
    except ImportError:  # pragma: no cover - reader not installed
        s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        kind = "x12" if s[:3] == b"ISA" else "json" if s[:1] in (b"{", b"[") else "unknown"
    if kind == "unknown" and (path.suffix.lower() in (".json", ".jsonl")
                              or Path(name or "").suffix.lower() in (".json", ".jsonl")):
        kind = "json"
    if kind == "utf16":  # the reader refuses it with the reason (save as UTF-8)
        kind = "x12"
    return kind


def run_check(paths: list[Path], engine: Any, names: list[str] | None = None, observer: Any = None) -> Any:
    """Read every file and check every claim; returns a ``CheckReport``. ``names`` are the names the
    findings carry (default: the paths; the API passes the uploaded file names). ``observer`` (the
    claim ledger, the utilization report) sees each claim with the findings of its edits,
    ``observer.claim(claim, name, findings)``, and the
    finished report, ``observer.finish(report)``."""
    from teleclaim.report import CheckReport

    report = CheckReport()
    claim_rank: dict[tuple[Any, Any], int] = {}
    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        kind = _kind_of(path, name)
        report.files.append(name)
        if kind == "json":
            for claim in _read_json_claims(path, name):
                report.claims += 1
                claim_rank.setdefault((name, claim.claim_id), len(claim_rank))
                found = engine.check(claim)
                report.findings.extend(found)
                observer.claim(claim, name, found) if observer is not None else None
        elif kind == "x12":
            from teleclaim.x12 import X12Reader

            reader = X12Reader(path, name=name)
            by_claim: list[Any] = []
            order: dict[str, int] = {}
            for claim in reader.claims():
                report.claims += 1
                order.setdefault(claim.claim_id, len(order))
                claim_rank.setdefault((name, claim.claim_id), len(claim_rank))
                found = engine.check(claim)
                by_claim.extend(found)
                observer.claim(claim, name, found) if observer is not None else None
            structural = engine.structural(reader.errors, name)
            report.findings.extend(_merge_structural(structural, by_claim, order))
        else:
            from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

            raise UnsupportedFileError(
                f"{name}: not an X12 837 file nor the JSON claim form; teleclaim reads {SUPPORTED} "
                "and .json/.jsonl claims.", file=name, detected="unknown", supported=SUPPORTED)
        log.info("checked %s", name)
    cross = engine.finish()
    if cross:
        # cross-claim findings join their claim's group: files in order, envelope problems first,
        # then claims in reading order (a stable sort keeps each claim's own order)
        files = {f: i for i, f in enumerate(report.files)}
        rank: dict[tuple[Any, Any], int] = {}
        for f in report.findings + cross:
            rank.setdefault((f.file, f.claim_id), len(rank))
        report.findings = sorted(report.findings + cross, key=lambda f: (
            files.get(f.file, len(files)), f.claim_id is not None, claim_rank.get((f.file, f.claim_id),
                                                                                  rank[(f.file, f.claim_id)] + 10**9)))
    if observer is not None:
        observer.finish(report)
    return report


def _merge_structural(structural: list[Any], by_claim: list[Any], order: dict[str, int] | None = None) -> list[Any]:
    """Envelope problems first, then each claim's structural problems before its edits' findings,
    claims in reading order (claims the reader could not build last, by segment position)."""
    out = [f for f in structural if f.claim_id is None]
    groups: dict[str, list[Any]] = {}
    for f in [*structural, *by_claim]:
        if f.claim_id is not None:
            groups.setdefault(f.claim_id, []).append(f)
    order = order or {}
    for fs in sorted(groups.values(), key=lambda g: (order.get(g[0].claim_id, len(order)),
                                                      min((f.segment or 0) for f in g))):
        out.extend(fs)
    return out



"""Checking claims: the runner shared by ``teleclaim check``, the REST API, the web UI and the demo.

``run_check(paths, engine)`` reads every file (X12 837 or the JSON claim form), checks every claim,
adds the structural X12 problems and, at the end of the run, the cross-claim findings, and returns a
``CheckReport`` whose findings are grouped by file and claim in reading order. ``make_engine`` builds
the engine from settings the way the CLI does (rule selection, payer profiles, history store). ``check_claims(claims, name)`` checks
claims already in memory (the demo). What a file holds is decided once, by ``uploads.kind_of``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.errors import InputError
from teleclaim.service.payers import profiles_from
from teleclaim.service.uploads import kind_of

if TYPE_CHECKING:
    from teleclaim.model.claim import Claim
    from teleclaim.refdata.code_sets import CodeRefs
    from teleclaim.report import CheckReport
    from teleclaim.rules.engine import Engine
    from teleclaim.service.check_stream import ClaimObserver
    from teleclaim.settings import Settings

log = logging.getLogger(__name__)


def make_engine(
    settings: Settings,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    payer: str | None = None,
    history: bool | None = None,
    payer_option: str = "payer",
    roster: Path | None = None,
) -> Engine:
    """An ``Engine`` configured from ``settings`` (teleclaim.toml) and the options of a check.

    An unknown ``payer`` profile is refused here, before any file is read, with an error naming
    ``payer_option`` (``--payer`` on the CLI, the ``payer`` parameter in the API). The credential edits
    get the ``roster`` file when given, else the store's roster when it holds one (issue 15)."""
    from teleclaim.rules.config import RuleConfig
    from teleclaim.rules.engine import Engine

    where = settings.files[-1] if settings.files else "teleclaim.toml"
    config = RuleConfig.from_settings(settings.raw, select=select, ignore=ignore, where=where)
    profiles = profiles_from(settings, forced=payer, option=payer_option)
    hist = None
    if history if history is not None else _truthy(settings.get("history.enabled")):
        from teleclaim.store import open_store
        from teleclaim.store.history import History

        hist = History(open_store(settings))
    from teleclaim.service.credentials import load_index

    return Engine(
        config=config,
        as_of=as_of,
        profiles=profiles,
        history=hist,
        refs=code_refs(settings),
        roster=load_index(settings, roster),
    )


def code_refs(settings: Settings) -> CodeRefs:
    """The code sets of the generic code edits: shipped data plus what is imported into the store
    (PFS releases, HCPCS releases, MUE tables), the store opened only when a line needs it."""
    from teleclaim.refdata.code_sets import CodeRefs

    def opener() -> Any:
        from teleclaim.store import open_reference_store

        return open_reference_store(settings)

    return CodeRefs(opener)


def _truthy(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def _read_json_claims(path: Path, name: str | None = None) -> Iterator[Any]:
    from teleclaim.model.claim import SourceLocation
    from teleclaim.model.jsonform import claim_from_json

    name = name or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not a text file (byte {exc.start} is not UTF-8); give an X12 837 file or "
            "claims in the JSON claim form, saved as UTF-8.",
            code="not_text",
            file=name,
        ) from None

    def lines() -> list[tuple[str, Any]]:
        out = []
        for i, ln in enumerate(text.splitlines(), 1):
            if ln.strip():
                try:
                    out.append((f"{name}:{i}", json.loads(ln)))
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{name}: line {i} is not valid JSON ({exc.msg} at column {exc.colno}); "
                        "each line of a JSON lines file holds one claim.",
                        code="invalid_json",
                        file=name,
                        line=i,
                    ) from None
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
        raise InputError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}).", code="invalid_json", file=name, line=exc.lineno
        ) from None
    for where, obj in objs:
        claim = claim_from_json(obj, where=where)
        if claim.source is None:
            claim.source = SourceLocation(file=name)
        yield claim


_kind_of = kind_of  # older name


def run_check(
    paths: list[Path], engine: Engine, names: list[str] | None = None, observer: ClaimObserver | None = None
) -> CheckReport:
    """Read every file and check every claim; returns a ``CheckReport``. ``names`` are the names the
    findings carry (default: the paths; the API passes the uploaded file names). ``observer`` (the
    claim ledger, the utilization report) sees each claim with the findings of its edits,
    ``observer.claim(claim, name, findings)``, and the run's findings, ``observer.finish(run)``.

    The one runner is ``check_stream.stream_check`` (the CLI streams it); this gathers its findings
    and groups them by claim, as the text and SARIF reports do."""
    from teleclaim.report import CheckReport
    from teleclaim.service.check_stream import CheckTally, order_findings, stream_check

    tally = CheckTally(claim_order={})
    found = list(stream_check(paths, engine, names, tally=tally, observer=observer))
    return CheckReport(
        files=tally.files, claims=tally.claims, findings=order_findings(found, tally.files, tally.claim_order)
    )


def check_claims(claims: Iterable[Claim], name: str, *, as_of: dt.date | None = None) -> CheckReport:
    """A ``CheckReport`` for claims in memory, written as 837 and read back as ``name`` (structural
    and cross-claim findings included): what ``teleclaim check`` says of that file."""
    from teleclaim.report import CheckReport
    from teleclaim.rules.engine import Engine
    from teleclaim.x12 import X12Reader
    from teleclaim.x12.generate import SUBMITTED
    from teleclaim.x12.writer import write_837

    text = write_837(list(claims), now=dt.datetime.combine(SUBMITTED, dt.time(9, 30)))
    engine = Engine(as_of=as_of or SUBMITTED)
    reader = X12Reader(text.encode(), name=name)
    report = CheckReport()
    report.files.append(reader.name)
    for claim in reader.claims():
        report.claims += 1
        report.findings.extend(engine.check(claim))
    report.findings.extend(engine.structural(reader.errors, reader.name))
    report.findings.extend(engine.finish())
    return report


def claim_schema(ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """JSON Schema of one claim in the JSON claim form (definitions under ``$defs``, refs by
    ``ref_template``)."""
    from pydantic import TypeAdapter

    from teleclaim.model.claim import Claim

    return TypeAdapter(Claim).json_schema(mode="validation", ref_template=ref_template)

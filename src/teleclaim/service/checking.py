"""Checking claims: the runner shared by ``teleclaim check``, the REST API, the web UI and the demo.

``run_check(paths, engine)`` reads every file (X12 837 or the JSON claim form), checks every claim,
adds the structural X12 problems and, at the end of the run, the cross-claim findings, and returns a
``CheckReport`` whose findings are grouped by file and claim in reading order. ``make_engine`` builds
the engine from settings the way the CLI does (rule selection, payer profiles, history store). ``check_claims(claims, name)`` checks
claims already in memory (the demo). What a file holds is decided once, by ``uploads.kind_of``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.service.payers import profiles_from

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


def run_check_spark(
    inputs: list[str],
    settings: Settings,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    payer: str | None = None,
    history: bool | None = None,
    master: str | None = None,
    output: str | None = None,
    spark: Any = None,
    roster: Path | None = None,
    split: Any = None,
) -> Any:
    """The check on Apache Spark (``engines.spark``): ``(tally, findings)`` exactly as the local stream
    (``check_stream.stream_check``) gives them for the same inputs.
    Selectors, ``payer`` and the roster are validated here, before Spark starts; every executor then
    builds the same engine from the same arguments. Big X12 files are read in chunks (``split``, by
    default ``engines.spark.split_planner(settings)``)."""
    import functools

    from teleclaim.engines.spark import EngineSpec, run_spark, split_planner
    from teleclaim.service.check_stream import CheckTally, stream_check

    make_engine(
        settings,
        select=select,
        ignore=ignore,
        as_of=as_of,
        payer=payer,
        history=False,
        payer_option="--payer",
        roster=roster,
    )
    factory = functools.partial(
        make_engine,
        settings,
        select=select or None,
        ignore=ignore or None,
        as_of=as_of,
        payer=payer,
        history=history,
        roster=roster,
    )
    spec = EngineSpec(factory=factory, stream=stream_check, tally=CheckTally)
    return run_spark(
        list(inputs), spec, master=master, output=output, spark=spark, split=split or split_planner(settings)
    )

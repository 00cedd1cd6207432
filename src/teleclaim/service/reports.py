"""Use cases of the utilization report and the claim ledger, shared by the CLI, the API and the web UI.

- ``utilization_from_files(paths, settings, ...)``: read 837 files / JSON claims, run the checks (to
  fill ``findings``) and aggregate; ``utilization_from_ledger(settings, ...)``: the same report over
  the ledger's stored claims. Both answer the JSON contract of issue 16 (``report.utilization``).
- ``LedgerRecorder``: the observer ``check --record`` hands to the check runner.
- ``ledger_purge``, ``ledger_status``, ``import_trends``.
- ``fees_hook()``: the one place the fee estimates (work RVUs, estimated allowed, LUPA thresholds of
  ``teleclaim.fees``) plug into the report; None while they are not available, and the report then
  says null.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.report.utilization import Utilization, record_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal

    from teleclaim.fees.estimate import FeeContext
    from teleclaim.model.claim import Claim
    from teleclaim.model.finding import Finding
    from teleclaim.model.record import ClaimRecord
    from teleclaim.report.national import National
    from teleclaim.report.utilization import Estimator
    from teleclaim.rules.engine import Engine
    from teleclaim.service.check_stream import ClaimObserver, RunFindings
    from teleclaim.settings import Settings


def _truthy(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def ledger_enabled(settings: Settings, record: bool | None) -> bool:
    return record if record is not None else _truthy(settings.get("ledger.enabled"))


def fees_hook(settings: Settings | None = None) -> FeesEstimator:
    """The fee estimator of the report (``report.utilization.Estimator``).

    The one wiring point for ``teleclaim.fees`` (issue 14). Its ``claim(claim, findings)`` gives the
    work RVUs and allowed amount of each professional line, the estimate of a home-health period
    claim and the LUPA threshold of its HIPPS; they are kept with the claim's record (and in the
    ledger), and the report sums them. Without the fee data (no PFS release, no
    wage index) the values are None and ``work_rvu``, ``estimated_allowed``, ``lupa_periods`` null."""
    from teleclaim.fees.estimate import estimate_claim
    from teleclaim.fees.pdgm import lupa_threshold
    from teleclaim.service.fees import fee_context

    return FeesEstimator(fee_context(settings), estimate_claim, lupa_threshold)


class FeesEstimator:
    """``teleclaim.fees``' claim estimate in the shape the report keeps (``Estimator``)."""

    def __init__(
        self,
        ctx: FeeContext,
        estimate_claim: Callable[[Claim, FeeContext, list[Finding]], dict[str, Any]],
        lupa_threshold: Callable[[str | None, dt.date | None], int | None],
    ) -> None:
        self.ctx, self._estimate, self._lupa = ctx, estimate_claim, lupa_threshold

    @staticmethod
    def _dec(v: Any) -> Decimal | None:
        from decimal import Decimal

        return None if v in (None, "") else Decimal(str(v))

    def claim(self, claim: Claim, findings: list[Finding]) -> dict[str, Any] | None:
        e = self._estimate(claim, self.ctx, findings)
        if claim.kind == "837P":
            return {
                "lines": {
                    ln["line"]: (self._dec(ln.get("work_rvu")), self._dec(ln.get("allowed")))
                    for ln in e.get("lines") or ()
                }
            }
        hipps = next(
            (ln.code for ln in claim.lines if ln.code and (ln.code_qualifier == "HP" or ln.revenue_code == "0023")),
            None,
        )
        on = claim.statement_to or claim.statement_from
        return {
            "estimate": self._dec(e.get("estimate")),
            "lupa_threshold": self._lupa(hipps, on) if hipps and on else None,
        }


def _patient_key(claim: Claim) -> str | None:
    from teleclaim.rules.cross import patient_key

    return patient_key(claim)


class _Observer:
    """Builds one record per claim as the runner reads it; the run's findings are attached at the end."""

    def __init__(self, engine: Engine, estimator: Estimator | None = None) -> None:
        self.engine = engine
        self.estimator = estimator

    def record(self, claim: Claim, findings: list[Finding]) -> ClaimRecord:
        prof = self.engine.profiles.for_claim(claim.payer.id if claim.payer is not None else None, claim.claim_filing)
        est = self.estimator.claim(claim, findings) if self.estimator is not None else None
        return record_of(claim, patient=_patient_key(claim), profile=prof, estimate=est)


class LedgerRecorder(_Observer):
    """``check --record``: keeps every checked claim (and its findings) in the ledger."""

    def __init__(self, engine: Engine, store: Any, estimator: Estimator | None = None) -> None:
        super().__init__(engine, estimator)
        from teleclaim.store.ledger import Ledger

        self.ledger = Ledger(store)
        self.records: dict[tuple[str | None, str], ClaimRecord] = {}  # (file name, claim id)
        self.saved = 0

    def claim(self, claim: Claim, name: str, findings: list[Finding]) -> None:
        self.records[(name, claim.claim_id)] = self.record(claim, findings)

    def finish(self, report: RunFindings) -> None:
        for f in report.findings:
            rec = self.records.get((f.file, f.claim_id)) if f.claim_id is not None else None
            if rec is not None:
                rec.findings.append((f.rule, f.severity, f.line))
        self.saved = self.ledger.save(self.records.values())
        self.records.clear()


class _Aggregating(_Observer):
    def __init__(self, engine: Engine, util: Utilization, estimator: Estimator | None = None) -> None:
        super().__init__(engine, estimator)
        self.util = util
        self.counted: set[tuple[str, str]] = set()
        self.last: ClaimRecord | None = None

    def claim(self, claim: Claim, name: str, findings: list[Finding]) -> None:
        self.last = self.record(claim, findings)
        if self.util.add(self.last):
            self.counted.add((name, claim.claim_id))

    def finish(self, report: RunFindings) -> None:
        for f in report.findings:
            if (f.file, f.claim_id) in self.counted:
                self.util.findings[f.rule] += 1


def _national(settings: Settings) -> National | None:
    from teleclaim.report.national import National
    from teleclaim.store import open_reference_store
    from teleclaim.store.trends import Trends

    got = Trends(open_reference_store(settings)).latest()
    return National(*got) if got else None


def utilization_from_files(
    paths: list[Path],
    settings: Settings,
    *,
    names: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    as_of: dt.date | None = None,
    payer: str | None = None,
    record: bool | None = None,
) -> dict[str, Any]:
    """The report of claim files (checks run to fill ``findings``); with ``record`` the claims are
    also kept in the ledger, as ``check --record`` does."""
    from teleclaim.service.checking import make_engine, run_check

    engine = make_engine(settings, as_of=as_of, payer=payer, history=False, payer_option="--payer")
    util = Utilization(since, until)
    estimator = fees_hook(settings)
    agg = _Aggregating(engine, util, estimator)
    observer: ClaimObserver = agg
    if ledger_enabled(settings, record):
        from teleclaim.store import open_store

        observer = _Both(agg, _Recording(engine, open_store(settings), agg))
    report = run_check(list(paths), engine, names=names, observer=observer)
    util.files = len(report.files)
    return util.result(national=_national(settings))


def utilization_spark(
    inputs: list[str],
    settings: Any,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    as_of: dt.date | None = None,
    payer: str | None = None,
    master: str | None = None,
    output: str | None = None,
    spark: Any = None,
    split: Any = None,
) -> dict[str, Any]:
    """``utilization_from_files`` on Apache Spark (``engines.spark_report``): the same report for the
    same inputs (paths, globs, URIs Spark reads); the claims are read, checked and recorded in Spark
    tasks and the monthly sums reduced there. ``output`` (a folder or URI) receives the monthly table
    as Parquet and the report as ``summary.json``. ``split`` (``x12.split.planner``) cuts big X12 files
    into chunks (default ``engines.spark.split_planner``)."""
    import functools

    from teleclaim.engines.spark import EngineSpec, split_planner
    from teleclaim.engines.spark_report import ReportSpec, run_report_spark, write_report
    from teleclaim.service.check_stream import CheckTally, stream_check
    from teleclaim.service.checking import make_engine

    make_engine(settings, as_of=as_of, payer=payer, history=False, payer_option="--payer")  # refuse bad input here
    factory = functools.partial(make_engine, settings, as_of=as_of, payer=payer, history=False, payer_option="--payer")
    check = EngineSpec(factory=factory, stream=stream_check, tally=CheckTally)
    spec = ReportSpec(check=check, recorder=functools.partial(_recorder, settings), since=since, until=until)
    util = run_report_spark(list(inputs), spec, master=master, spark=spark, split=split or split_planner(settings))
    result = util.result(national=_national(settings))
    if output:
        from teleclaim.report.utilization import MONTHLY_COLUMNS, monthly_rows

        write_report(spark, result, monthly_rows(result), MONTHLY_COLUMNS, output, master=master)
    return result


def _recorder(settings: Any, engine: Any) -> _Observer:
    """An executor's recorder: the report's record of a claim, fee estimates included."""
    return _Observer(engine, fees_hook(settings))


class _Recording(LedgerRecorder):
    """Records the report's own records (estimated once) into the ledger."""

    def __init__(self, engine: Engine, store: Any, agg: _Aggregating) -> None:
        super().__init__(engine, store)
        self.agg = agg

    def claim(self, claim: Claim, name: str, findings: list[Finding]) -> None:
        from copy import copy

        assert self.agg.last is not None  # _Both hands each claim to the aggregator first
        rec = copy(self.agg.last)
        rec.findings = []
        self.records[(name, claim.claim_id)] = rec


class _Both:
    def __init__(self, *observers: ClaimObserver) -> None:
        self.observers = observers

    def claim(self, claim: Claim, name: str, findings: list[Finding]) -> None:
        for o in self.observers:
            o.claim(claim, name, findings)

    def finish(self, report: RunFindings) -> None:
        for o in self.observers:
            o.finish(report)


def utilization_from_ledger(
    settings: Settings, *, since: dt.date | None = None, until: dt.date | None = None
) -> dict[str, Any]:
    from teleclaim.store import open_store
    from teleclaim.store.ledger import Ledger

    store = open_store(settings)
    util = Utilization(since, until)
    # sums in SQL over the columns derived when each claim was recorded (see report.utilization)
    util.load_totals(Ledger(store).aggregate(since, until))
    out = util.result(national=_national(settings))
    out["source"]["ledger"] = True
    return out


def ledger_status(settings: Settings) -> dict[str, Any]:
    from teleclaim.store import open_store
    from teleclaim.store.ledger import Ledger

    return Ledger(open_store(settings)).count()


def ledger_purge(settings: Settings, before: dt.date) -> dict[str, Any]:
    from teleclaim.store import open_store
    from teleclaim.store.ledger import Ledger

    return {"before": before.isoformat(), **Ledger(open_store(settings)).purge(before)}


def import_trends(path: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Load a CMS Medicare Telehealth Trends CSV (plain, xz or gzip) into the store."""
    from teleclaim.refdata.telehealth_trends import parse_trends
    from teleclaim.store import open_reference_store
    from teleclaim.store.trends import Trends

    rel = parse_trends(path)
    out = Trends(open_reference_store(settings)).replace(rel)
    years = sorted({(r.year, r.quarter) for r in rel.rows if r.quarter})
    out.update(
        {
            "kind": "telehealth_trends",
            "source": rel.source,
            "first_quarter": f"{years[0][0]}Q{years[0][1]}" if years else None,
            "last_quarter": f"{years[-1][0]}Q{years[-1][1]}" if years else None,
        }
    )
    return out


def ledger_recorder(settings: Settings, engine: Engine, record: bool | None) -> LedgerRecorder | None:
    """The observer ``check`` passes to the runner: a recorder when the ledger is on, else None."""
    if not ledger_enabled(settings, record):
        return None
    from teleclaim.store import open_store

    return LedgerRecorder(engine, open_store(settings), fees_hook(settings))


def import_trends_if_trends(path: Path, settings: Settings | None = None) -> dict[str, Any] | None:
    """``data import``: load the file when it is a Medicare Telehealth Trends CSV, else None."""
    from teleclaim.refdata.telehealth_trends import looks_like_trends

    if not looks_like_trends(path):
        return None
    out = import_trends(path, settings)
    out["message"] = (
        f"{'Replaced' if out['replaced'] else 'Loaded'} Medicare Telehealth Trends release "
        f"{out['release']} from {out['source']}: {out['rows']} national and state rows, "
        f"{out['first_quarter']} to {out['last_quarter']}."
    )
    return out

"""The Spark engine: the same rules on PySpark, the same findings in the same order as in process.

::

    inputs (paths, globs, hdfs:// s3a:// URIs)
      │  one task per file: the streaming reader and the per-claim edits in one pass (one Engine
      │  per executor process); claims never cross the network, only findings and records do
      ├──► findings by (file, claim order), structural problems ──► driver (and Parquet)
      └──► service records (cross-claim) ──groupByKey(patient)──► cross-claim edits on executors
           (e-visit weeks, RPM/RTM periods, E/M windows, HH sequences: all keyed by patient)
    driver: files in order, envelope problems first, claims in reading order, cross findings
    merged (``report.assemble.finish_report``, shared with the local engine)

Every cross-claim edit relates records of one patient only, so running it per patient group gives
the findings it gives over the whole run. ``--history`` works as in process: each group loads the
store's earlier records of its patients and saves its own.

Limits: a file is one task (parallelism comes from many files, as a clearinghouse's drop folder
has); splitting one huge file at interchange or claim boundaries is not done yet.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError, TeleclaimError

_ENGINES: dict[str, Any] = {}


@dataclass(frozen=True)
class EngineSpec:
    """What an executor needs (picklable; functions travel by reference): ``factory()`` builds the
    same ``Engine`` as the driver, ``kind_of(path, name)`` says what a file holds, ``read_json(path,
    name)`` yields the claims of a JSON claims file. The service layer fills it in."""

    factory: Any
    kind_of: Any
    read_json: Any

    def engine(self) -> Any:
        key = repr(self.factory)
        eng = _ENGINES.get(key)
        if eng is None:
            eng = _ENGINES[key] = self.factory()
        return eng


# -- executor side ------------------------------------------------------------------------------
def _read_file(item: tuple[int, str, str, bytes | None], spec: EngineSpec) -> list[tuple[str, Any]]:
    """One file read and its claims checked in one pass (claims never cross the network):
    ("findings", (idx, order, claim id, findings)), ("record", (patient, ...)) for the cross-claim
    edits, ("structural", (idx, findings)), ("file", (idx, claims, kind, name)) or ("error", ...)."""
    idx, name, local, data = item
    out: list[tuple[str, Any]] = []
    tmp = None
    try:
        path = Path(local) if local else None
        if path is None:  # a remote file read by Spark: the checker reads files, so spool it
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix="teleclaim-spark-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data or b"")
            path = Path(tmp)
        kind = spec.kind_of(path, name)
        n = 0
        eng = spec.engine()
        if kind == "json":
            for claim in spec.read_json(path, name):
                out.extend(_check_one(eng, idx, n, claim))
                n += 1
        elif kind == "x12":
            from teleclaim.x12 import X12Reader

            reader = X12Reader(path, name=name)
            for claim in reader.claims():
                out.extend(_check_one(eng, idx, n, claim))
                n += 1
            out.append(("structural", (idx, eng.structural(reader.errors, name))))
        else:
            from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

            raise UnsupportedFileError(
                f"{name}: not an X12 837 file nor the JSON claim form; teleclaim reads {SUPPORTED} "
                "and .json/.jsonl claims.", file=name, detected="unknown", supported=SUPPORTED)
        out.append(("file", (idx, n, kind, name)))
    except TeleclaimError as exc:
        out = [("error", (idx, type(exc).__module__, type(exc).__name__, exc.message, exc.code, exc.details))]
    finally:
        if tmp:
            os.unlink(tmp)
    return out


def _check_one(eng: Any, idx: int, order: int, claim: Any) -> list[tuple[str, Any]]:
    """The per-claim edits of one claim, and its service records for the cross-claim edits."""
    eng._records = []
    out: list[tuple[str, Any]] = [("findings", (idx, order, claim.claim_id, eng.check(claim)))]
    out += [("record", (rec.patient, (idx, order, seq, rec))) for seq, rec in enumerate(eng._records)]
    eng._records = []
    return out


def _cross_partition(groups: Any, spec: EngineSpec) -> Any:
    """Cross-claim edits over each patient's records (in reading order)."""
    eng = spec.engine()
    for _patient, recs in groups:
        eng._records = [r for *_, r in sorted(recs, key=lambda t: t[:3])]
        yield from eng.finish()


# -- driver side --------------------------------------------------------------------------------
def _expand(inputs: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(name, local path or None) per file in order, and the remote patterns Spark must read."""
    files: list[tuple[str, str | None]] = []
    remote: list[str] = []
    for inp in inputs:
        if "://" in inp and not inp.startswith("file://"):
            remote.append(inp)
            continue
        local = inp[len("file://"):] if inp.startswith("file://") else inp
        if any(ch in local for ch in "*?["):
            matched = sorted(glob.glob(local))
            if not matched:
                raise InputError(f"{inp}: no file matches.", code="file_not_found", file=inp)
            files += [(m, m) for m in matched]
        else:
            files.append((inp, local))
    return files, remote


def spark_session(master: str | None = None, app: str = "teleclaim") -> Any:
    """The active session, or a new one on ``master`` (default ``local[*]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError("--engine spark needs PySpark: pip install 'teleclaim[spark]' (and Java 17).",
                         code="spark_unavailable") from None
    active = SparkSession.getActiveSession()
    if active is not None and (master is None or active.sparkContext.master == master):
        return active
    master = master or "local[*]"
    builder = (SparkSession.builder.master(master).appName(app).config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "8"))
    if master.startswith("local"):  # a local run stays on the loopback interface
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    try:
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as exc:  # noqa: BLE001 - Java missing, bad master URL ...
        raise InputError(f"cannot start Spark on {master or 'local[*]'}: {str(exc).strip().splitlines()[0][:300]}. "
                         "Spark needs Java 17 (Debian: openjdk-17-jre-headless).",
                         code="spark_unavailable") from None


def run_spark(inputs: list[str], spec: EngineSpec, *, master: str | None = None, output: str | None = None,
              spark: Any = None) -> Any:
    """Check ``inputs`` on Spark; returns the ``CheckReport`` the local engine returns for them."""
    from teleclaim.report import CheckReport
    from teleclaim.report.assemble import finish_report, merge_structural

    files, remote = _expand(list(inputs))
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    items = [(i, name, local, None) for i, (name, local) in enumerate(files)]
    rdd = sc.parallelize(items, max(1, len(items))) if items else sc.emptyRDD()
    if remote:
        base = len(items)
        blobs = sc.union([sc.binaryFiles(p) for p in remote]).sortByKey().zipWithIndex()
        rdd = rdd.union(blobs.map(lambda t: (base + t[1], t[0][0], None, t[0][1])))
    read = rdd.flatMap(lambda it: _read_file(it, spec)).cache()
    try:
        meta = read.filter(lambda t: t[0] in ("file", "error", "structural")).collect()
        errors = sorted((m[1] for m in meta if m[0] == "error"), key=lambda e: e[0])
        if errors:
            raise _rebuild(errors[0])
        names = {m[1][0]: m[1][3] for m in meta if m[0] == "file"}
        per_claim = read.filter(lambda t: t[0] == "findings").map(lambda t: t[1]).collect()
        parts = max(sc.defaultParallelism * 2, 1)
        cross = (read.filter(lambda t: t[0] == "record").map(lambda t: t[1]).groupByKey(parts)
                 .mapPartitions(lambda g: _cross_partition(g, spec)).collect())
    finally:
        read.unpersist()
    report = CheckReport()
    counts = {m[1][0]: m[1][1] for m in meta if m[0] == "file"}
    kinds = {m[1][0]: m[1][2] for m in meta if m[0] == "file"}
    structural = {m[1][0]: m[1][1] for m in meta if m[0] == "structural"}
    by_file: dict[int, list[tuple[int, str, list[Any]]]] = {}
    for idx, order, claim_id, found in per_claim:
        by_file.setdefault(idx, []).append((order, claim_id, found))
    claim_rank: dict[tuple[Any, Any], int] = {}
    for idx in sorted(counts):
        name = names.get(idx, str(idx))
        report.files.append(name)
        report.claims += counts[idx]
        rows = sorted(by_file.get(idx, []), key=lambda t: t[0])
        order: dict[str, int] = {}
        by_claim: list[Any] = []
        for _, claim_id, found in rows:
            order.setdefault(claim_id, len(order))
            claim_rank.setdefault((name, claim_id), len(claim_rank))
            by_claim.extend(found)
        if kinds[idx] == "x12":
            report.findings.extend(merge_structural(structural.get(idx, []), by_claim, order))
        else:
            report.findings.extend(by_claim)
    cross.sort(key=lambda f: (f.file or "", f.claim_id or "", f.line or 0, f.rule))
    report = finish_report(report, cross, claim_rank)
    if output:
        write_output(spark, report, output)
    return report


def _rebuild(err: tuple[Any, ...]) -> TeleclaimError:
    import importlib

    _idx, module, cls, message, code, details = err
    try:
        klass = getattr(importlib.import_module(module), cls)
        exc = klass.__new__(klass)
        TeleclaimError.__init__(exc, message, code=code, **details)
        return exc  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - fall back to the base class, same message and code
        return TeleclaimError(message, code=code, **details)


def write_output(spark: Any, report: Any, out: str) -> None:
    """Findings as Parquet under ``out/findings`` (Spark writes ``_SUCCESS``) and ``out/summary.json``."""
    from teleclaim.report.json import render

    rows = [_flat(f) for f in render(report)["findings"]]
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    cols = ["file", "claim_id", "line", "segment", "rule", "name", "severity", "status", "message", "fix",
            "location", "value", "url", "details"]
    schema = StructType([StructField(c, IntegerType() if c in ("line", "segment") else StringType()) for c in cols])
    df = spark.createDataFrame([tuple(r.get(c) for c in cols) for r in rows], schema)
    df.write.mode("overwrite").parquet(out.rstrip("/") + "/findings")
    summary = {"teleclaim_version": _version(), "engine": "spark", **report.summary()}
    if "://" not in out or out.startswith("file://"):
        p = Path(out[len("file://"):] if out.startswith("file://") else out)
        (p / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (p / "_SUCCESS").touch()
    else:
        spark.sparkContext.parallelize([json.dumps(summary)], 1).saveAsTextFile(out.rstrip("/") + "/summary")


def _flat(f: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in f.items():
        if k in ("line", "segment"):
            out[k] = v if isinstance(v, int) else None
        elif isinstance(v, (list, dict, tuple)):
            out[k] = json.dumps(v)
        else:
            out[k] = None if v is None else str(v)
    return out


def _version() -> str:
    from teleclaim._version import __version__

    return __version__

"""The Spark engine: the same rules on PySpark, the same findings in the same order as in process.

::

    inputs (paths, globs, hdfs:// s3a:// URIs)
      │  units: a small file, or a chunk of a big one (x12/split.py: cut at interchange, group,
      │  transaction-set or subscriber boundaries; a local file planned on the driver, a remote one
      │  on the executor that read it whole, its chunks' bytes then spread over tasks)
      │  one task per unit: the service's stream (reader, structural problems, per-claim edits, in
      │  the order the local engine yields them; one Engine per executor process); claims never
      │  cross the network, only findings and records do (and a remote file's chunks, once)
      │  one shuffle out of each task: its result (claim ids, findings) and its service records,
      │  packed per patient partition (field tuples, one pickle; patients by CRC-32 of the key)
      ├──► job 1: the units' results ──► driver (and Parquet)
      └──► job 2 (the shuffle's files reused, only if no unit failed): each patient partition's
           cross-claim edits (e-visit weeks, RPM/RTM periods, E/M windows, HH sequences: all keyed
           by patient)
    driver: units in (file, part) order, then the cross-claim findings in the order the local
    engine's run ends with them; the same tally (``CheckTally``) as the local stream

Every cross-claim edit relates records of one patient only, so running it per patient group gives
the findings it gives over the whole run. ``--history`` works as in process: each group loads the
store's earlier records of its patients and saves its own.

Limits: a remote file (``hdfs://``, ``s3a://``) is read whole by one executor (``binaryFiles``)
before it is split, so it must fit in that executor's memory (about three times: the JVM's copy,
Python's, and its chunks' bytes until the shuffle writes them) and be under 2 GB (a Java array). A
file the planner will not cut is one task.
"""

from __future__ import annotations

import dataclasses
import glob
import json
import operator
import os
import pickle
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError, TeleclaimError

_ENGINES: dict[str, Any] = {}


@dataclasses.dataclass(frozen=True)
class EngineSpec:
    """What an executor needs (picklable; functions travel by reference), filled in by the service:
    ``factory()`` builds the same ``Engine`` as the driver; ``stream(paths, engine, names, tally=,
    finish=False)`` yields a file's findings in the local engine's order; ``tally(claim_order={})``
    makes the counter the local run keeps."""

    factory: Any
    stream: Any
    tally: Any

    def engine(self) -> Any:
        key = repr(self.factory)
        eng = _ENGINES.get(key)
        if eng is None:
            eng = _ENGINES[key] = self.factory()
        return eng


# -- executor side ------------------------------------------------------------------------------
#: one unit of work: (file index, part, name, local path or None, bytes of a remote file (of the
#: chunk's, ``x12.split.chunk_bytes``, when split) or None, ``x12.split.Chunk`` or None); a file not
#: split is one unit with part 0 and no chunk
Unit = tuple[int, int, str, str | None, bytes | None, Any]


def _run_unit(item: Unit, spec: EngineSpec, observer: Any = None) -> tuple[list[Any], list[Any], list[Any]]:
    """One file (or one chunk of a split file) through the service's stream: (claim ids in reading
    order, findings, service records for the cross-claim edits). Raises what the stream raises."""
    idx, part, name, local, data, chunk = item
    tmp = None
    eng = spec.engine()
    try:
        path: Any
        if chunk is not None:
            from teleclaim.x12.split import ChunkPath

            path = ChunkPath(local, chunk) if local else ChunkPath(name, chunk, data or b"")
        elif local:
            path = Path(local)
        else:  # a remote file read by Spark: the checker reads files, so spool it
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix="teleclaim-spark-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data or b"")
            path = Path(tmp)
        tally = spec.tally(claim_order=None)
        claim_ids: list[Any] = []
        count = tally.claim

        def seen(file: str, claim_id: Any) -> None:  # the claims in reading order, duplicates included
            claim_ids.append(claim_id)
            count(file, claim_id)

        tally.claim = seen
        eng._records = []
        found = list(spec.stream([path], eng, [name], tally=tally, finish=False, observer=observer))
        recs, eng._records = eng._records, []
        return claim_ids, found, recs
    except BaseException:
        eng._records = []
        raise
    finally:
        if tmp:
            os.unlink(tmp)


def _error(exc: TeleclaimError) -> tuple[Any, ...]:
    return (type(exc).__module__, type(exc).__name__, exc.message, exc.code, exc.details)


def _shuffle_unit(item: Unit, spec: EngineSpec, parts: int) -> list[tuple[int, Any]]:
    """One unit for the check's one shuffle, as (reduce partition, value) pairs: its result
    ((idx, part), name, claim ids, findings) or ((idx, part), name, error), to partition
    ``(idx + part) % parts``; then, per partition its patients fall in, ((idx, part), records) with the
    records packed (``_pack``), so that a record is pickled once, as a tuple, however many times Spark
    moves it."""
    idx, part, name = item[0], item[1], item[2]
    try:
        claim_ids, found, recs = _run_unit(item, spec)
    except TeleclaimError as exc:
        return [((idx + part) % parts, ((idx, part), name, _error(exc)))]
    out: list[tuple[int, Any]] = [((idx + part) % parts, ((idx, part), name, claim_ids, found))]
    groups: dict[int, list[Any]] = {}
    for r in recs:  # reading order kept within each group
        groups.setdefault(_patient_partition(r.patient, parts), []).append(r)
    out += [(p, ((idx, part), _pack(g))) for p, g in groups.items()]
    return out


def _patient_partition(patient: str, parts: int) -> int:
    """The reduce partition of a patient: the same in every process (``hash`` of a str is not)."""
    return zlib.crc32(patient.encode()) % parts


def _pack(recs: list[Any]) -> bytes:
    """Service records (a non-empty list of one dataclass) as one pickle of their field tuples: a
    third of the CPU time of pickling the dataclasses, each way."""
    cls = type(recs[0])
    get = _fields_getter(cls)
    return pickle.dumps((cls, [get(r) for r in recs]), pickle.HIGHEST_PROTOCOL)


def _unpack(blob: bytes) -> list[Any]:
    cls, rows = pickle.loads(blob)
    return [cls(*t) for t in rows]


_GETTERS: dict[type, Any] = {}


def _fields_getter(cls: type) -> Any:
    """``r -> (field, ...)`` in the order of ``cls(*fields)`` (a dataclass whose fields are all init)."""
    get = _GETTERS.get(cls)
    if get is None:
        names = [f.name for f in dataclasses.fields(cls)]
        one = operator.attrgetter(*names)
        get = _GETTERS[cls] = one if len(names) > 1 else (lambda r: (one(r),))
    return get


def _remote_units(idx: int, name: str, data: bytes, split: Any) -> Iterator[Unit]:
    """The units of a remote file, planned on the executor that read it: one per chunk, with that
    chunk's bytes (``split(data)``), or the whole file as one."""
    chunks = split(data) if split is not None else None
    if not chunks or len(chunks) < 2:
        yield (idx, 0, name, None, data, None)
        return
    from teleclaim.x12.split import chunk_bytes

    for k, c in enumerate(chunks):
        yield (idx, k, name, None, chunk_bytes(data, c), c)


def _cross_partition(pairs: Any, spec: EngineSpec) -> Any:
    """Cross-claim edits over one partition's records: every record of a patient is in the same
    partition, and the edits relate records of one patient only, so one ``finish`` over the partition
    (records in reading order) gives each patient's findings of the whole run, at the cost of one
    call instead of one per patient."""
    eng = spec.engine()
    eng._records = [r for _k, r in sorted((v for _p, v in pairs), key=lambda t: t[0])]
    yield from eng.finish()


def _reduce_partition(pairs: Any, spec: EngineSpec, cross: bool) -> Iterator[Any]:
    """One reduce partition of the check's shuffle: the units' results (``cross`` false), or the
    cross-claim findings of its patients (``cross`` true; their records in reading order, as in
    ``_cross_partition``)."""
    if not cross:
        yield from (v for _p, v in pairs if len(v) != 2)
        return
    packs = sorted((v for _p, v in pairs if len(v) == 2), key=lambda v: v[0])
    if not packs:
        return
    eng = spec.engine()
    eng._records = [r for _rank, blob in packs for r in _unpack(blob)]
    yield from eng.finish()


# -- driver side --------------------------------------------------------------------------------
def _remote(inp: str) -> bool:
    """A URI the executors read through Spark (``binaryFiles``). ``file://`` is a local path, unless
    ``TELECLAIM_SPARK_REMOTE_FILE_URIS=1`` (how the tests take the remote path on one machine)."""
    if inp.startswith("file://"):
        return os.environ.get("TELECLAIM_SPARK_REMOTE_FILE_URIS", "") in ("1", "true", "yes")
    return "://" in inp


def _expand(inputs: list[str]) -> list[tuple[str, str | None]]:
    """(name, local path) per local file, (URI or pattern, None) per remote input, in order."""
    files: list[tuple[str, str | None]] = []
    for inp in inputs:
        if _remote(inp):
            files.append((inp, None))
            continue
        local = inp[len("file://") :] if inp.startswith("file://") else inp
        if any(ch in local for ch in "*?["):
            matched = sorted(glob.glob(local))
            if not matched:
                raise InputError(f"{inp}: no file matches.", code="file_not_found", file=inp)
            files += [(m, m) for m in matched]
        else:
            files.append((inp, local))
    return files


def _remote_files(sc: Any, pattern: str) -> list[str]:
    """The files Spark reads for a remote input (a file, a folder, a glob), sorted, as
    ``binaryFiles`` names them; listed on the driver without reading them (the JVM's stream of a
    file opens only when read)."""
    try:
        names = sorted(str(n) for n in sc._jsc.binaryFiles(pattern).keys().collect())
    except Exception as exc:  # noqa: BLE001 - py4j's error: no such path, no access, unknown scheme ...
        text = str(exc)
        if "does not exist" not in text and "matches 0 files" not in text:
            first = next((ln.strip() for ln in text.splitlines() if "Exception" in ln), text.strip()[:300])
            raise InputError(
                f"{pattern}: Spark cannot list it: {first[:300]}", code="file_unreadable", file=pattern
            ) from None
        names = []
    if not names:
        raise InputError(f"{pattern}: no file matches.", code="file_not_found", file=pattern)
    return names


def units(sc: Any, inputs: list[str], split: Any = None) -> tuple[Any, int]:
    """The RDD of work units of ``inputs``, files numbered in the order given (a glob's or a remote
    folder's files sorted), and the number of local units. Local files are split into chunks on the
    driver by ``split(path)`` (a list of ``x12.split.Chunk`` or None), one partition per unit. A
    remote file is read whole by an executor, split there by ``split(bytes)`` and its chunks, with
    their bytes, spread over ``max(default parallelism, remote files)`` partitions round-robin."""
    items: list[Unit] = []
    remote: list[tuple[str, dict[str, int]]] = []  # (pattern, {file: index})
    i = 0
    for name, local in _expand(list(inputs)):
        if local is None:
            found = _remote_files(sc, name)
            remote.append((name, {f: i + k for k, f in enumerate(found)}))
            i += len(found)
            continue
        chunks = split(local) if split is not None else None
        if chunks and len(chunks) > 1:
            items += [(i, k, name, local, None, c) for k, c in enumerate(chunks)]
        else:
            items.append((i, 0, name, local, None, None))
        i += 1
    rdd = sc.parallelize(items, max(1, len(items))) if items else sc.emptyRDD()
    if remote:
        parts = max(sc.defaultParallelism, sum(len(ix) for _p, ix in remote))
        chunks_rdd = sc.union([_read_remote(sc, p, ix, split) for p, ix in remote])
        rdd = rdd.union(chunks_rdd.keyBy(lambda u: u[0] + u[1]).partitionBy(parts, lambda k: k).values())
    return rdd, len(items)


def _read_remote(sc: Any, pattern: str, index: dict[str, int], split: Any) -> Any:
    """The units of one remote input's files (those listed on the driver)."""
    return sc.binaryFiles(pattern).flatMap(
        lambda kv: _remote_units(index[kv[0]], kv[0], kv[1], split) if kv[0] in index else ()
    )


def spark_session(master: str | None = None, app: str = "teleclaim") -> Any:
    """The active session, or a new one on ``master`` (default ``local[*]``)."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "--engine spark needs PySpark: pip install 'teleclaim[spark]' (and Java 17).", code="spark_unavailable"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None and (master is None or active.sparkContext.master == master):
        return active
    master = master or "local[*]"
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
    )
    if master.startswith("local"):  # a local run stays on the loopback interface
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        if not SparkConf().contains("spark.driver.extraJavaOptions"):
            # This JVM is the executor too, and all it does per claim is move pickled bytes: the C1
            # compiler alone halves its CPU time (most of it the optimizing compiler's warm-up).
            # and Spark's start-up notices would bury the findings (log4j2.properties beside this file)
            log4j = Path(__file__).with_name("log4j2.properties").as_uri()
            builder = builder.config(
                "spark.driver.extraJavaOptions", f"-XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile={log4j}"
            )
    try:
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as exc:  # noqa: BLE001 - Java missing, bad master URL ...
        raise InputError(
            f"cannot start Spark on {master or 'local[*]'}: {str(exc).strip().splitlines()[0][:300]}. "
            "Spark needs Java 17 (Debian: openjdk-17-jre-headless).",
            code="spark_unavailable",
        ) from None


def run_spark(
    inputs: list[str],
    spec: EngineSpec,
    *,
    master: str | None = None,
    output: str | None = None,
    spark: Any = None,
    split: Any = None,
) -> tuple[Any, Any]:
    """Check ``inputs`` on Spark: ``(tally, findings)`` as the local stream gives them (the findings an
    iterator: files in order, the cross-claim findings last; where the local run would stop at a
    file it cannot read, the iterator raises that error after the files before it)."""
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    rdd, _n = units(sc, list(inputs), split)
    # One shuffle carries both what the driver needs and the records the cross-claim edits need:
    # the first job runs the units and collects their results; the second reuses the shuffle's
    # files (Spark skips the stage that wrote them) to judge each patient partition, and runs only
    # when no unit failed (the local run stops there, before the cross-claim edits and --history).
    parts = max(sc.defaultParallelism, 1)
    shuffled = rdd.flatMap(lambda it: _shuffle_unit(it, spec, parts)).partitionBy(parts, lambda p: p)
    per_file = _per_file(shuffled.mapPartitions(lambda g: _reduce_partition(g, spec, False)).collect())
    failed = next((i for i, t in enumerate(per_file) if len(t) == 3), None)
    cross: list[Any] = []
    if failed is None:
        cross = shuffled.mapPartitions(lambda g: _reduce_partition(g, spec, True)).collect()
        cross.sort(key=lambda f: (f.file or "", f.claim_id or "", f.line or 0, f.rule))  # as Engine.finish
    tally = spec.tally(claim_order={})
    if output and failed is None:
        everything = [f for t in per_file for f in t[3]] + cross
        summary = spec.tally(claim_order={})
        for t in per_file:
            summary.files.append(t[1])
            for cid in t[2]:
                summary.claim(t[1], cid)
        for f in everything:
            summary.add(f)
        write_output(spark, everything, summary.summary(), output)
    return tally, _replay(tally, per_file, failed, cross)


def _per_file(got: list[Any]) -> list[Any]:
    """The units' results joined per file, in file order: (idx, name, claim ids, findings), or
    (idx, name, error) for a file one of whose units failed (the first failing unit's error)."""
    out: list[Any] = []
    for t in sorted(got, key=lambda t: t[0]):
        (idx, _part), name = t[0], t[1]
        if out and out[-1][0] == idx:
            prev = out[-1]
            if len(prev) == 3:
                continue
            out[-1] = (idx, name, t[2]) if len(t) == 3 else (idx, name, prev[2] + t[2], prev[3] + t[3])
        else:
            out.append((idx, name, *t[2:]))
    return out


def _replay(tally: Any, per_file: list[Any], failed: int | None, cross: list[Any]) -> Any:
    """The findings in the local stream's order, counting them into ``tally`` as they go out."""
    for i, t in enumerate(per_file):
        if i == failed:
            tally.files.append(t[1])
            raise _rebuild(t[2])
        _idx, name, claim_ids, found = t
        tally.files.append(name)
        for cid in claim_ids:
            tally.claim(name, cid)
        for f in found:
            tally.add(f)
            yield f
    for f in cross:
        tally.add(f)
        yield f


def _rebuild(err: tuple[Any, ...]) -> TeleclaimError:
    import importlib

    module, cls, message, code, details = err
    try:
        klass = getattr(importlib.import_module(module), cls)
        exc = klass.__new__(klass)
        TeleclaimError.__init__(exc, message, code=code, **details)
        return exc
    except Exception:  # noqa: BLE001 - fall back to the base class, same message and code
        return TeleclaimError(message, code=code, **details)


def write_output(spark: Any, findings: list[Any], summary: dict[str, Any], out: str) -> None:
    """Findings as Parquet under ``out/findings`` (Spark writes ``_SUCCESS``) and ``out/summary.json``."""
    rows = [_flat(f.to_dict()) for f in findings]
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    cols = [
        "file",
        "claim_id",
        "line",
        "segment",
        "rule",
        "name",
        "severity",
        "status",
        "message",
        "fix",
        "location",
        "value",
        "url",
        "details",
    ]
    schema = StructType([StructField(c, IntegerType() if c in ("line", "segment") else StringType()) for c in cols])
    df = spark.createDataFrame([tuple(r.get(c) for c in cols) for r in rows], schema)
    df.write.mode("overwrite").parquet(out.rstrip("/") + "/findings")
    write_summary(spark, {"teleclaim_version": _version(), "engine": "spark", **summary}, out)


def write_summary(spark: Any, doc: dict[str, Any], out: str) -> None:
    """``doc`` as ``out/summary.json`` and the ``out/_SUCCESS`` marker (a local folder), or as a
    one-line text file ``out/summary`` written by Spark (any other URI)."""
    if "://" not in out or out.startswith("file://"):
        p = Path(out[len("file://") :] if out.startswith("file://") else out)
        (p / "summary.json").write_text(json.dumps(doc, indent=2, default=str) + "\n")
        (p / "_SUCCESS").touch()
    else:
        spark.sparkContext.parallelize([json.dumps(doc, default=str)], 1).saveAsTextFile(out.rstrip("/") + "/summary")


def split_planner(settings: Any) -> Any:
    """The chunk planner for big X12 files (``x12.split.planner``), sized by the settings
    ``spark.chunk_claims`` (default 5,000 claims) and ``spark.chunk_mb`` (default 32 MB)."""
    from teleclaim.x12.split import planner

    def num(key: str, default: int) -> int:
        try:
            return int(settings.get(key) or default) if settings is not None else default
        except (TypeError, ValueError):
            return default

    return planner(claims=num("spark.chunk_claims", 5000), size=num("spark.chunk_mb", 32) << 20)


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

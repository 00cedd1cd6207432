"""The utilization report on Spark: the local report's numbers, with the work spread out.

::

    units (files, chunks of big files) ──► per unit, on an executor: the service's stream (reader,
      │   edits, one record per claim through the report's recorder) fed to a ``Utilization`` of its own
      ├──► month partials ──reduceByKey(month)──► counts; patient sets become sizes on the executors
      ├──► clinician partials ──reduceByKey(npi)
      ├──► home-health periods ──reduceByKey(patient, start) (which claim stands for the period)
      │        ──► per-month period figures ──reduceByKey(month)
      ├──► (file, claim id) ─► counted?, findings by rule ──reduceByKey──► findings of counted claims
      └──► service records ──partitionBy(patient)──► cross-claim findings ─┘
    driver: a few rows per month and clinician ──► ``Utilization.result`` (the same JSON)

What depends on reading order is decided by rank (the unit's (file, part) key; within a unit the
local ``Utilization.add`` already keeps the last): a Medicare patient's state in a month is the one
of the last claim read, and a home-health period is the last 327 claim of its patient and start,
else the last 329 (the replacement rule of ``Utilization.add``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from teleclaim.engines.spark import EngineSpec, _error, _rebuild, _run_unit, spark_session, units
from teleclaim.errors import TeleclaimError
from teleclaim.model.record import HH_TELECOM, is_visit
from teleclaim.report.utilization import Utilization, _month, _plus


@dataclass(frozen=True)
class ReportSpec:
    """What an executor needs for the report: the check's ``EngineSpec``, ``recorder(engine)`` (an
    object whose ``record(claim, findings)`` makes the claim's ``ClaimRecord``, fee estimates
    included) and the report's date range."""

    check: EngineSpec
    recorder: Any
    since: Any = None
    until: Any = None


_RECORDERS: dict[str, Any] = {}


class _Unit:
    """The stream's observer for one unit: records into a unit-local ``Utilization``."""

    def __init__(self, recorder: Any, util: Utilization) -> None:
        self.recorder, self.util = recorder, util
        self.keys: dict[tuple[Any, Any], list[Any]] = {}

    def _key(self, key: tuple[Any, Any]) -> list[Any]:
        got = self.keys.get(key)
        if got is None:
            got = self.keys[key] = [False, Counter()]
        return got

    def claim(self, claim: Any, name: str, findings: list[Any]) -> None:
        if self.util.add(self.recorder.record(claim, findings)):
            self._key((name, claim.claim_id))[0] = True

    def finish(self, run: Any) -> None:
        for f in run.findings:
            self._key((f.file, f.claim_id))[1][f.rule] += 1


def _report_unit(item: Any, spec: ReportSpec) -> list[tuple[str, Any]]:
    """One unit: ("unit", ((idx, part), name)) or ("error", ...), then its partial sums and records."""
    idx, part, name = item[0], item[1], item[2]
    eng = spec.check.engine()
    rkey = repr(spec.recorder)
    recorder = _RECORDERS.get(rkey)
    if recorder is None or recorder.engine is not eng:
        recorder = _RECORDERS[rkey] = spec.recorder(eng)
    util = Utilization(spec.since, spec.until)
    obs = _Unit(recorder, util)
    try:
        _ids, _found, recs = _run_unit(item, spec.check, observer=obs)
    except TeleclaimError as exc:
        return [("error", ((idx, part), name, _error(exc)))]
    rank = (idx, part)
    out: list[tuple[str, Any]] = [("unit", (rank, name)), ("claims", util.claims)]
    for key, m in util.months.items():
        states = {p: (rank, s) for p, s in m.mc_states.items()}
        out.append(
            (
                "month",
                (
                    key,
                    [
                        m.claims,
                        m.lines,
                        m.th_lines,
                        m.audio,
                        m.video,
                        m.by_pos,
                        m.by_mod,
                        m.kinds,
                        m.rvu,
                        m.allowed,
                        m.patients,
                        m.th_patients,
                        m.mc_patients,
                        m.mc_th_patients,
                        states,
                    ],
                ),
            )
        )
    out += [("clinician", (npi, tuple(c))) for npi, c in util.clinicians.items()]
    for pkey, rec in util.periods.items():
        telecom = Counter(ln.code for ln in rec.lines if ln.code in HH_TELECOM)
        visits = sum(1 for ln in rec.lines if is_visit(ln))
        slim = (rec.lupa_threshold, rec.estimate, visits, telecom)
        out.append(("period", (pkey, ((rec.tob == "327", rank), slim))))
    out += [("key", (k, (v[0], v[1]))) for k, v in obs.keys.items()]
    out += [("record", (r.patient, ((idx, part, seq), r))) for seq, r in enumerate(recs)]
    return out


# -- merging (executors) ---------------------------------------------------------------------------
def _merge_month(a: list[Any], b: list[Any]) -> list[Any]:
    out = [a[i] + b[i] for i in range(5)]
    out += [a[5] + b[5], a[6] + b[6], a[7] + b[7], _plus(a[8], b[8]), _plus(a[9], b[9])]
    out += [a[10] | b[10], a[11] | b[11], a[12] | b[12], a[13] | b[13]]
    states = dict(a[14])
    for p, v in b[14].items():
        if p not in states or v[0] > states[p][0]:
            states[p] = v
    return [*out, states]


def _sized(m: list[Any]) -> list[Any]:
    """Patient sets as their sizes, Medicare states as counts (what ``Utilization.result`` reads)."""
    return [*m[:10], len(m[10]), len(m[11]), len(m[12]), len(m[13]), Counter(s for _r, s in m[14].values())]


def _merge_clinician(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return (a[0] + b[0], a[1] + b[1], _plus(a[2], b[2]))


def _merge_key(a: tuple[bool, Counter[str]], b: tuple[bool, Counter[str]]) -> tuple[bool, Counter[str]]:
    return (a[0] or b[0], a[1] + b[1])


def _plus_int(a: int | None, b: int | None) -> int | None:
    return a if b is None else (a or 0) + b


def _period_month(kv: Any, since: Any, until: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """A period's share of its month: (periods, with telecom, visits, LUPA periods, telecom lines,
    estimate); nothing when its start is outside the report's range."""
    (_patient, start), (_prio, (lupa, estimate, visits, telecom)) = kv
    if not Utilization(since, until)._in(start):
        return []
    low = None if lupa is None else int(visits < lupa)
    return [(_month(start), (1, int(bool(telecom)), visits, low, telecom, estimate))]


def _merge_hh(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], _plus_int(a[3], b[3]), a[4] + b[4], _plus(a[5], b[5]))


# -- driver ------------------------------------------------------------------------------------------
class _Totals(Utilization):
    """A ``Utilization`` loaded with the reduced sums; ``result()`` then prints what the local one does."""

    hh: tuple[dict[str, Any], dict[str, dict[str, Any]]]

    def _home_health(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        return self.hh


def _load(util: _Totals, months: list[Any], clinicians: list[Any], hh: list[Any]) -> None:
    for key, m in months:
        mo = util.months[key]
        mo.claims, mo.lines, mo.th_lines, mo.audio, mo.video = m[:5]
        mo.by_pos, mo.by_mod, mo.kinds, mo.rvu, mo.allowed = m[5:10]
        mo.patients, mo.th_patients, mo.mc_patients, mo.mc_th_patients, mo.mc_states = m[10:15]
    for npi, c in clinicians:
        util.clinicians[npi] = list(c)
    total: dict[str, Any] = {
        "periods": 0,
        "periods_with_telecom": 0,
        "visits": 0,
        "telecom_lines": dict.fromkeys(HH_TELECOM, 0),
        "lupa_periods": None,
    }
    by_month: dict[str, dict[str, Any]] = {}
    for key, (n, with_tc, visits, low, telecom, estimate) in sorted(hh):
        by_month[key] = {"periods": n, "periods_with_telecom": with_tc, "visits": visits, "lupa_periods": low}
        total["periods"] += n
        total["periods_with_telecom"] += with_tc
        total["visits"] += visits
        total["lupa_periods"] = _plus_int(total["lupa_periods"], low)
        for c, k in telecom.items():
            total["telecom_lines"][c] += k
        if estimate is not None:
            util.months[key].allowed = _plus(util.months[key].allowed, estimate)
    util.hh = (total, by_month)


def run_report_spark(
    inputs: list[str], spec: ReportSpec, *, master: str | None = None, spark: Any = None, split: Any = None
) -> Utilization:
    """The utilization report of ``inputs`` on Spark: a ``Utilization`` whose ``result()`` is the local
    report's (``files`` and ``claims`` set). Raises the local run's error for a file it cannot read."""
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    rdd, _n = units(sc, list(inputs), split)
    read = rdd.flatMap(lambda it: _report_unit(it, spec)).cache()
    try:
        marks = read.filter(lambda t: t[0] in ("unit", "error")).map(lambda t: t[1]).collect()
        failed = sorted((t for t in marks if len(t) == 3), key=lambda t: t[0])
        if failed:
            raise _rebuild(failed[0][2])
        util = _aggregate(read, spec, sc)
        util.files = len({idx for (idx, _part), _name in marks})
    finally:
        read.unpersist()
    return util


def _of(read: Any, kind: str) -> Any:
    return read.filter(lambda t: t[0] == kind).map(lambda t: t[1])


def _aggregate(read: Any, spec: ReportSpec, sc: Any) -> _Totals:
    from teleclaim.engines.spark import _cross_partition

    since, until = spec.since, spec.until
    parts = max(sc.defaultParallelism, 1)
    months = _of(read, "month").reduceByKey(_merge_month, parts).mapValues(_sized).collect()
    clinicians = _of(read, "clinician").reduceByKey(_merge_clinician, parts).collect()
    hh = (
        _of(read, "period")
        .reduceByKey(lambda a, b: a if a[0] > b[0] else b, parts)
        .flatMap(lambda kv: _period_month(kv, since, until))
        .reduceByKey(_merge_hh, parts)
        .collect()
    )
    check = spec.check
    cross = (
        _of(read, "record")
        .partitionBy(parts)
        .mapPartitions(lambda g: _cross_partition(g, check))
        .map(lambda f: ((f.file, f.claim_id), (False, Counter({f.rule: 1}))))
    )
    findings = (
        _of(read, "key")
        .union(cross)
        .reduceByKey(_merge_key, parts)
        .filter(lambda kv: kv[1][0])
        .map(lambda kv: kv[1][1])
        .fold(Counter(), lambda a, b: a + b)
    )
    util = _Totals(since, until)
    _load(util, months, clinicians, hh)
    util.claims = _of(read, "claims").sum()
    util.findings = findings
    return util


def write_report(
    spark: Any, result: dict[str, Any], rows: list[dict[str, Any]], columns: Any, out: str, master: str | None = None
) -> None:
    """The monthly table as Parquet under ``out/utilization_monthly.parquet`` (written by Spark, with its
    ``_SUCCESS`` marker; the columns and types of the local ``--output``) and the report as
    ``out/summary.json``."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from teleclaim.engines.spark import _version, write_summary

    spark = spark or spark_session(master)
    text = {"month", "work_rvu", "estimated_allowed"}
    schema = StructType([StructField(c, StringType() if c in text else LongType()) for c in columns])
    df = spark.createDataFrame([tuple(r.get(c) for c in columns) for r in rows], schema)
    df.coalesce(1).write.mode("overwrite").parquet(out.rstrip("/") + "/utilization_monthly.parquet")
    write_summary(spark, {"teleclaim_version": _version(), "engine": "spark", **result}, out)

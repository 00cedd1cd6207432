"""Use cases of fees: ``price`` one code, ``estimate`` claim files, import the HH wage index.

The faces (CLI ``price``/``estimate``, API ``/v1/price``/``/v1/estimate``, web) call these and
render the dicts they return (the JSON contracts of issue 14). The store gives the PFS releases
(``refdata.pfs.PfsIndex``) and the HH wage index releases (``store.fees``); settings give the
payer profiles (``fee_schedule``), ``fees.qp`` (qualifying APM participant: the QP conversion
factor) and ``fees.hh_quality_data`` (false: the HH rates of agencies that do not submit quality data).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from teleclaim.fees.price import Pricer
    from teleclaim.fees.schedules import FeeSchedule
    from teleclaim.model.claim import Claim
    from teleclaim.refdata.payers import Profiles
    from teleclaim.settings import Settings

log = logging.getLogger(__name__)


def _truthy(v: Any, default: bool) -> bool:
    if v is None or v == "":
        return default
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def _settings(settings: Settings | None) -> Settings:
    if settings is None:
        from teleclaim.settings import load_settings

        settings = load_settings()
    return settings


def _store(settings: Settings, store: Any) -> Any:
    """The reference store (PFS releases, HH wage index): the embedded file, whatever store.url says."""
    if store is not None:
        return store
    from teleclaim.store import open_reference_store

    return open_reference_store(settings)


def _profiles(settings: Settings, payer: str | None, payer_option: str) -> Profiles:
    from teleclaim.refdata.payers import Profiles

    where = settings.files[-1] if settings.files else "teleclaim.toml"
    if payer:
        Profiles(settings.raw, where=where).profile(payer, where=payer_option)
    return Profiles(settings.raw, forced=payer, where=where)


def _base(settings: Settings) -> Path | None:
    return Path(settings.files[-1]).parent if settings.files else Path.cwd()


_PRICERS: dict[tuple[str, tuple[Any, ...], bool], Pricer] = {}


def pricer(settings: Settings | None = None, store: Any = None) -> Pricer:
    """A pricer on the store's PFS releases. One per store file and state of its releases is kept for
    the process (the index holds a release's rows in memory once read), so a server or a second
    estimate in the same process does not read the release again; importing a release changes the key."""
    from teleclaim.fees.price import Pricer
    from teleclaim.refdata.pfs import PfsIndex

    settings = _settings(settings)
    st = _store(settings, store)
    qp = _truthy(settings.get("fees.qp"), False)
    try:
        state = st.conn.execute(
            "SELECT count(*), group_concat(id || '@' || loaded_at || '#' || rvu_count || '/' || "
            "gpci_count || '/' || zip5_count) FROM pfs_release"
        ).fetchone()
        key = (str(getattr(st, "path", id(st))), tuple(state), qp)
    except Exception:  # noqa: BLE001 - an older store without the table: no cache
        return Pricer(PfsIndex(st), qp=qp)
    if key not in _PRICERS:
        if len(_PRICERS) > 8:
            _PRICERS.clear()
        _PRICERS[key] = Pricer(PfsIndex(st), qp=qp)
    return _PRICERS[key]


def price(
    code: str,
    *,
    on: dt.date,
    modifier: str | None = None,
    locality: str | None = None,
    zip5: str | None = None,
    pos: str | None = None,
    payer: str | None = None,
    settings: Settings | None = None,
    store: Any = None,
    the_pricer: Any = None,
    payer_option: str = "--payer",
) -> dict[str, Any]:
    """The ``teleclaim price`` answer (without ``teleclaim_version``)."""
    from teleclaim.fees.schedules import schedule_for

    if locality and zip5:
        raise InputError("give --locality or --zip, not both.", code="invalid_option")
    settings = _settings(settings)
    schedule = None
    if payer:
        prof = _profiles(settings, payer, payer_option).profile(payer, where=payer_option)
        schedule = schedule_for(prof, _base(settings))
    p = the_pricer or pricer(settings, store)
    return p.price(code, on=on, modifier=modifier, locality=locality, zip5=zip5, pos=pos, schedule=schedule)


def fee_context(
    settings: Settings | None = None, *, store: Any = None, payer: str | None = None, payer_option: str = "--payer"
) -> Any:
    from teleclaim.fees.estimate import FeeContext
    from teleclaim.fees.schedules import schedule_for
    from teleclaim.store.fees import WageIndexTable

    settings = _settings(settings)
    st = _store(settings, store)
    profiles = _profiles(settings, payer, payer_option)
    base = _base(settings)
    cache: dict[str, FeeSchedule] = {}

    def schedule(claim: Claim) -> FeeSchedule:
        prof = profiles.for_claim(claim.payer.id if claim.payer else None, claim.claim_filing)
        if prof.name not in cache:
            cache[prof.name] = schedule_for(prof, base)
        return cache[prof.name]

    quality = "submitter" if _truthy(settings.get("fees.hh_quality_data"), True) else "non_submitter"
    return FeeContext(pricer=pricer(settings, st), wage_index=WageIndexTable(st), schedule=schedule, quality=quality)


def _claims(path: Path, name: str) -> Iterator[Claim]:
    """The claims of one file, streamed (never all held at once)."""
    from teleclaim.service.uploads import kind_of, read_json_claims

    kind = kind_of(path, name)
    if kind == "json":
        return read_json_claims(path, name)
    if kind == "x12":
        from teleclaim.x12 import X12Reader

        return X12Reader(path, name=name).claims()
    from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

    raise UnsupportedFileError(
        f"{name}: not an X12 837 file nor the JSON claim form; teleclaim reads {SUPPORTED} and .json/.jsonl claims.",
        file=name,
        detected="unknown",
        supported=SUPPORTED,
    )


def estimate_files(
    paths: list[Path],
    *,
    names: list[str] | None = None,
    payer: str | None = None,
    settings: Settings | None = None,
    store: Any = None,
    as_of: dt.date | None = None,
    payer_option: str = "--payer",
    findings: bool = True,
) -> dict[str, Any]:
    """The ``teleclaim estimate`` answer: ``{"claims": [...], "summary": {...}}``.

    Each claim is checked first (the edits' error findings on a line make it not billable). Claims are
    streamed; a home health period that contains its start of care waits until the end of the run,
    when every notice of admission read in the run is known (its late-NOA reduction), and keeps its
    place in the answer."""
    from teleclaim.fees.estimate import estimate_claim, summarize
    from teleclaim.service.checking import make_engine

    settings = _settings(settings)
    ctx = fee_context(settings, store=store, payer=payer, payer_option=payer_option)
    engine = (
        make_engine(settings, as_of=as_of, payer=payer, payer_option=payer_option, history=False) if findings else None
    )
    out: list[Any] = []
    waiting: list[tuple[int, str, Any, list[Any]]] = []

    def one(name: str, c: Any, found: list[Any]) -> dict[str, Any]:
        entry = estimate_claim(c, ctx, found)
        entry["file"] = name
        entry["findings"] = [
            {"rule": f.rule, "severity": f.severity, "status": f.status, "line": f.line, "message": f.message}
            for f in found
        ]
        return entry

    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        for c in _claims(Path(path), name):
            tob = c.type_of_bill
            if tob == "32A" and c.admission_date and c.envelope:  # (member id, admission date) -> submitted
                sent = c.envelope.bht_date or c.envelope.interchange_date
                pt = c.the_patient
                if sent:
                    ctx.noa_sent[((pt.member_id or "") if pt else "", c.admission_date)] = sent
            found = engine.check(c) if engine is not None else []
            if (
                tob in ("329", "327")
                and c.admission_date
                and c.statement_from
                and c.statement_from <= c.admission_date <= (c.statement_to or c.admission_date)
            ):
                waiting.append((len(out), name, c, found))
                out.append(None)
            else:
                out.append(one(name, c, found))
    for pos, name, c, found in waiting:
        out[pos] = one(name, c, found)
    if engine is not None:
        _cross_claim(out, engine.finish())
    log.info("estimated %d claims", len(out))
    return {"claims": out, "summary": summarize(out)}


def _cross_claim(out: list[dict[str, Any]], cross: list[Any]) -> None:
    """Cross-claim findings (duplicates, frequency limits over the run) join their claim; an error on a
    priced 837P line makes it not billable too, and the claim's totals are summed again."""
    from decimal import Decimal

    if not cross:
        return
    by = {(e["file"], e["claim_id"]): e for e in out}
    for f in cross:
        e = by.get((f.file, f.claim_id))
        if e is None:
            continue
        e["findings"].append(
            {"rule": f.rule, "severity": f.severity, "status": f.status, "line": f.line, "message": f.message}
        )
        if e["method"] != "pfs" or f.line is None or f.severity != "error" or f.status != "failed":
            continue
        for ln in e["lines"]:
            if ln["line"] == f.line and not (ln["reason"] or "").startswith("not billable"):
                ln.update(
                    allowed="0.00",
                    work_rvu=None,
                    reason=f"not billable: {f.rule} {f.message}",
                    expected_payment="0.00" if ln.get("expected_payment") is not None else None,
                )
        e["estimate"] = str(sum((Decimal(ln["allowed"]) for ln in e["lines"] if ln["allowed"]), Decimal("0.00")))
        if e.get("expected_payment") is not None:
            e["expected_payment"] = str(
                sum(
                    (Decimal(ln["expected_payment"]) for ln in e["lines"] if ln.get("expected_payment")),
                    Decimal("0.00"),
                )
            )


def import_wage_index(
    store: Any, path: Path, *, release_id: str | None = None, year: int | None = None
) -> dict[str, Any]:
    from teleclaim.fees.wage_index import parse_wage_index
    from teleclaim.store.fees import save_wage_index

    rel = parse_wage_index(path, year=year, release_id=release_id)  # raises before anything is stored
    return save_wage_index(store, rel)


CSV_COLUMNS = (
    "file",
    "claim_id",
    "kind",
    "payer",
    "method",
    "line",
    "code",
    "units",
    "allowed",
    "work_rvu",
    "expected_payment",
    "npi",
    "reason",
)


def csv_rows(result: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for c in result["claims"]:
        lines = c["lines"] or [{}]
        for ln in lines:
            rows.append(
                [
                    c.get("file"),
                    c["claim_id"],
                    c["kind"],
                    c["payer"],
                    c["method"],
                    ln.get("line"),
                    ln.get("code"),
                    ln.get("units"),
                    ln.get("allowed"),
                    ln.get("work_rvu"),
                    ln.get("expected_payment"),
                    ln.get("npi"),
                    ln.get("reason") or "; ".join(c["notes"]),
                ]
            )
    return rows


_THREAD = __import__("threading").local()


def thread_pricer(owner: object, settings: Settings) -> Pricer:
    """One pricer per thread and ``owner`` (the server's service object): the PFS index keeps the
    releases it read in memory, so a server prices from memory after the first request."""
    p = getattr(_THREAD, "pricer", None)
    if p is None or getattr(_THREAD, "owner", None) is not owner:
        p = _THREAD.pricer = pricer(settings)
        _THREAD.owner = owner
    return p

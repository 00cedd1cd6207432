"""Utilization report: the practice's telehealth and home-health picture, month by month.

``record_of(claim, ...)`` turns a checked claim into a ``ClaimRecord`` (what the ledger keeps);
``Utilization`` aggregates records into the JSON contract of issue 16 (``result()``); ``monthly_rows``
flattens the monthly table for CSV and Parquet; ``render_text`` prints it.

Engine choice (measured by bench/bench_reports.py): SQL in the store for the ledger, one pass of
plain Python for files. Reading files, the cost is the 837 reader and the edits the report runs anyway;
a record per claim and a few counters add little, and a columnar engine (DuckDB, Polars) would first
need every row copied into it. From the ledger, the definitions below are applied once, when a claim
is recorded (``model.record``: telehealth, audio-only, kind, effective POS, month, visit flags are
stored beside each line), so the report is a handful of GROUP BYs that stream over covering indexes
(``Ledger.aggregate``, portable SQL for SQLite and PostgreSQL) and ``Utilization.load_totals`` turns
the sums into the same JSON. Both paths share the definitions of ``model.record``; a test checks
they agree (tests/report/test_ledger_sql.py). With fee estimates loaded the ledger is read record by
record through ``add``, since an estimate is per line.

Definitions (tests/report/test_utilization.py pins each):

- a line's month is the month of its service date (its DTP 472, else the claim's statement start);
  a home-health period belongs to the month of its statement start; since/until filter these dates;
- an 837P line is telehealth when its POS (line, else claim) is 02 or 10, or it carries 95, 93, GT,
  GQ or FQ; audio-only when it carries 93 or FQ or its code is a telephone-only code (counted on any
  professional line, telehealth by POS/modifier or not); ``video_lines`` (an extension) are the
  telehealth lines that are not audio-only; ``by_pos`` counts telehealth lines by POS;
- kinds: telehealth_em (E/M 99202-99215, 98000-98015 on telehealth lines), e_visit, virtual_check_in,
  rpm, rtm (code lists below, on any professional line);
- home health: a period is a 329 or 327 claim, once per patient and statement start (the 327 replaces
  its 329; a later claim of the same frequency replaces an earlier one); visits are lines with
  revenue 042X-044X or 055X-057X and a visit G-code (not G0320-G0322, not Q5001-Q5009).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from teleclaim.model.record import (  # the definitions live with the record
    HH_PERIOD_TOB,
    HH_TELECOM,
    KINDS,
    MEDICARE,
    TELEHEALTH_MODIFIERS,
    TELEHEALTH_POS,
    ClaimRecord,
    LineRecord,
    is_audio_only,
    is_telehealth,
    is_visit,
    kind_of,
    line_pos,
)


class Estimator(Protocol):
    """The fee estimates of one claim (``teleclaim.fees``, wired in ``service.reports.fees_hook``)."""

    def claim(self, claim: Any, findings: list[Any]) -> dict[str, Any] | None:
        """``{"lines": {line number: (work RVUs, estimated allowed)}, "estimate": allowed of a
        home-health period claim, "lupa_threshold": visits the period's HIPPS needs}`` (values may be
        None), or None when the claim cannot be estimated."""


# -- building records ------------------------------------------------------------------------------
def record_of(
    claim: Any,
    *,
    patient: str | None,
    profile: Any = None,
    findings: Iterable[Any] = (),
    estimate: dict[str, Any] | None = None,
) -> ClaimRecord:
    """The ledger record of one claim (``claim``: ``teleclaim.model.claim.Claim``). ``patient`` is the
    patient key (already hashed), ``profile`` the payer profile that judged the claim, ``estimate``
    what an ``Estimator`` said of it."""
    from teleclaim.refdata.geo import safe_zip3

    pat = claim.the_patient
    addr = pat.address if pat is not None else None
    if addr is None and claim.subscriber is not None and claim.patient is None:
        addr = claim.subscriber.address
    bp = claim.billing_provider
    is_p = claim.kind == "837P"
    individual = bp.npi if (bp is not None and bp.entity_type == "1") else None
    claim_rendering = claim.rendering.npi if claim.rendering is not None and claim.rendering.npi else None
    attending = claim.attending.npi if claim.attending is not None and claim.attending.npi else None
    hipps = None
    lines = []
    est_lines = (estimate or {}).get("lines") or {}
    for ln in claim.lines:
        code = (ln.code or "").upper() or None
        if not is_p and (ln.code_qualifier == "HP" or ln.revenue_code == "0023") and code and hipps is None:
            hipps = code
        if is_p:
            clin = (
                (ln.rendering.npi if ln.rendering is not None and ln.rendering.npi else None)
                or claim_rendering
                or individual
            )
        else:
            clin = attending
        rvu, allowed = est_lines.get(ln.line, (None, None))
        lines.append(
            LineRecord(
                line=ln.line,
                code=code,
                modifiers=tuple(m.upper() for m in ln.modifiers if m),
                pos=ln.pos or None,
                units=ln.units,
                charge=ln.charge,
                revenue=ln.revenue_code,
                date=ln.date,
                clinician=clin,
                work_rvu=rvu,
                allowed=allowed,
            )
        )
    return ClaimRecord(
        billing_npi=(bp.npi if bp is not None and bp.npi else ""),
        claim_id=claim.claim_id,
        kind=claim.kind,
        patient=patient,
        state=(addr.state.upper() if addr is not None and addr.state else None),
        zip3=safe_zip3(addr.zip) if addr is not None else None,
        payer_id=claim.payer.id if claim.payer is not None else None,
        payer_profile=getattr(profile, "name", None),
        payer_family=getattr(profile, "family", None),
        tob=claim.type_of_bill,
        pos=claim.facility_code if is_p else None,
        statement_from=claim.statement_from,
        statement_to=claim.statement_to,
        hipps=hipps,
        attending_npi=attending,
        rendering_npi=claim_rendering or (individual if is_p else None),
        lines=lines,
        findings=[(f.rule, f.severity, f.line) for f in findings],
        estimate=(estimate or {}).get("estimate") if not is_p else None,
        lupa_threshold=(estimate or {}).get("lupa_threshold") if not is_p else None,
    )


@lru_cache(maxsize=8192)
def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _size(v: set[str] | int) -> int:
    return v if isinstance(v, int) else len(v)


def _money(v: Decimal | None) -> str | None:
    return None if v is None else str(v.quantize(Decimal("0.01")))


class _Month:
    __slots__ = (
        "claims",
        "lines",
        "patients",
        "th_lines",
        "th_patients",
        "audio",
        "video",
        "by_pos",
        "by_mod",
        "kinds",
        "rvu",
        "allowed",
        "mc_patients",
        "mc_th_patients",
        "mc_states",
    )

    def __init__(self) -> None:
        self.claims = self.lines = self.th_lines = self.audio = self.video = 0
        self.patients: set[str] = set()
        self.th_patients: set[str] = set()
        self.by_pos: Counter[str] = Counter()
        self.by_mod: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.rvu: Decimal | None = None  # None: no line of the month carries an estimate
        self.allowed: Decimal | None = None
        self.mc_patients: set[str] = set()
        self.mc_th_patients: set[str] = set()
        self.mc_states: dict[str, str] = {}  # medicare patient -> state


def _plus(total: Decimal | None, v: Decimal | None) -> Decimal | None:
    return total if v is None else (total or Decimal(0)) + v


class Utilization:
    """Feed ``add(record)`` for every claim (or ``load_totals`` the ledger's sums), then ``result()``.

    Work RVUs, estimated allowed amounts and LUPA thresholds come with the records (filled when the
    fee estimates are loaded, see ``service.reports.fees_hook``); a month, clinician or the LUPA count
    whose records carry none is null."""

    def __init__(self, since: dt.date | None = None, until: dt.date | None = None) -> None:
        self.since, self.until = since, until
        self.files = 0
        self.claims = 0
        self.months: dict[str, _Month] = defaultdict(_Month)
        self.clinicians: dict[str, list[Any]] = {}
        self.findings: Counter[str] = Counter()
        self.periods: dict[tuple[str, dt.date], ClaimRecord] = {}
        self._counted: dict[int, tuple[int, Counter[str]]] = {}  # id(period record) -> (visits, telecom) from SQL

    def _in(self, day: dt.date | None) -> bool:
        if day is None:
            return False
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def add(self, rec: ClaimRecord) -> bool:
        """Count one claim; True when it has a date in the report's range (or no date and no range)."""
        first = rec.first_date
        filtered = self.since is not None or self.until is not None
        counted = False
        if self._in(first):
            self.months[_month(first)].claims += 1
            counted = True
        elif first is None and not filtered:
            counted = True
        pkey = rec.patient or f"claim:{rec.billing_npi}:{rec.claim_id}"
        medicare = rec.payer_family == MEDICARE
        for ln in rec.lines:
            day = ln.date or rec.statement_from
            if not self._in(day):
                continue
            counted = True
            m = self.months[_month(day)]
            m.lines += 1
            m.patients.add(pkey)
            th = is_telehealth(rec, ln)
            if medicare:
                m.mc_patients.add(pkey)
                if rec.state:
                    m.mc_states[pkey] = rec.state
            if th:
                m.th_lines += 1
                m.th_patients.add(pkey)
                if medicare:
                    m.mc_th_patients.add(pkey)
                pos = line_pos(rec, ln)
                if pos:
                    m.by_pos[pos] += 1
                for mod in TELEHEALTH_MODIFIERS:
                    if mod in ln.modifiers:
                        m.by_mod[mod] += 1
            if is_audio_only(rec, ln):
                m.audio += 1
            elif th:
                m.video += 1
            k = kind_of(rec, ln, th)
            if k:
                m.kinds[k] += 1
            if rec.kind == "837P":
                m.rvu = _plus(m.rvu, ln.work_rvu)
                m.allowed = _plus(m.allowed, ln.allowed)
            if ln.clinician:
                c = self.clinicians.setdefault(ln.clinician, [0, 0, None])
                c[0] += 1
                c[1] += th
                c[2] = _plus(c[2], ln.work_rvu if rec.kind == "837P" else None)
        if rec.kind == "837I" and rec.tob in HH_PERIOD_TOB and rec.statement_from is not None:
            key = (pkey, rec.statement_from)
            old = self.periods.get(key)
            if old is None or not (old.tob == "327" and rec.tob == "329"):
                self.periods[key] = rec
        if counted:
            self.claims += 1
            for rule, _sev, _line in rec.findings:
                self.findings[rule] += 1
        return counted

    def load_totals(self, agg: dict[str, Any]) -> None:
        """Take the sums the ledger computed in SQL (``store.ledger.Ledger.aggregate``) instead of
        ``add``-ing every record; the home-health periods come as claim rows and take the same path."""
        for key, t in agg["months"].items():
            m = self.months[key]
            m.lines, m.th_lines, m.audio, m.video = t["lines"], t["telehealth"], t["audio_only"], t["video"]
            m.patients, m.th_patients = t["patients"], t["telehealth_patients"]
            m.mc_patients, m.mc_th_patients = t["medicare_patients"], t["medicare_telehealth_patients"]
            # from the ledger's sums: patients by state (a Counter), where ``add`` keeps patient -> state;
            # the report reads either (the "states" member of each month)
            m.mc_states = Counter(t["states"])  # type: ignore[assignment]
            m.by_pos.update(t["by_pos"])
            m.by_mod.update({k: v for k, v in t["by_modifier"].items() if v})
            m.kinds.update(t["by_kind"])
            m.rvu, m.allowed = t["work_rvu"], t["allowed"]
        for key, n in agg["claims_by_month"].items():
            self.months[key].claims = n
        for npi, lines, th, rvu in agg["clinicians"]:
            self.clinicians[npi] = [lines, th or 0, rvu]
        self.claims = agg["claims"]
        for fs in agg["findings"]:
            for rule, _sev, _line in fs:
                self.findings[rule] += 1
        for npi, cid, patient, start, tob, hipps, visits, telecom, estimate, lupa in agg["periods"]:
            rec = ClaimRecord(
                billing_npi=npi,
                claim_id=cid,
                kind="837I",
                patient=patient,
                tob=tob,
                hipps=hipps,
                statement_from=start,
                estimate=estimate,
                lupa_threshold=lupa,
            )
            key = (patient or f"claim:{npi}:{cid}", start)
            old = self.periods.get(key)
            if old is None or not (old.tob == "327" and tob == "329"):
                self.periods[key] = rec
                self._counted[id(rec)] = (visits, Counter({k: v for k, v in telecom.items() if v}))

    # -- result ---------------------------------------------------------------------------------
    def _home_health(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        total: dict[str, Any] = {
            "periods": 0,
            "periods_with_telecom": 0,
            "visits": 0,
            "telecom_lines": dict.fromkeys(HH_TELECOM, 0),
            "lupa_periods": None,
        }
        by_month: dict[str, dict[str, Any]] = {}
        for (_p, start), rec in sorted(self.periods.items(), key=lambda kv: kv[0][1]):
            if not self._in(start):
                continue
            pre = self._counted.get(id(rec))
            if pre is not None:
                visits, telecom = pre
            else:
                visits = sum(1 for ln in rec.lines if is_visit(ln))
                telecom = Counter(ln.code for ln in rec.lines if ln.code in HH_TELECOM)
            mo = by_month.setdefault(
                _month(start), {"periods": 0, "periods_with_telecom": 0, "visits": 0, "lupa_periods": None}
            )
            for d in (total, mo):
                d["periods"] += 1
                d["visits"] += visits
                d["periods_with_telecom"] += bool(telecom)
                if rec.lupa_threshold is not None:
                    d["lupa_periods"] = (d["lupa_periods"] or 0) + (visits < rec.lupa_threshold)
            for c, n in telecom.items():
                total["telecom_lines"][c] += n
            if rec.estimate is not None:
                m = self.months[_month(start)]
                m.allowed = _plus(m.allowed, rec.estimate)
        return total, by_month

    def result(self, national: Any = None) -> dict[str, Any]:
        hh, hh_months = self._home_health()
        months = []
        for key in sorted(set(self.months) | set(hh_months)):
            m = self.months[key]
            months.append(
                {
                    "month": key,
                    "claims": m.claims,
                    "lines": m.lines,
                    "patients": _size(m.patients),
                    "telehealth": {
                        "lines": m.th_lines,
                        "patients": _size(m.th_patients),
                        "audio_only_lines": m.audio,
                        "video_lines": m.video,
                        "by_pos": dict(sorted(m.by_pos.items())),
                        "by_modifier": {k: m.by_mod[k] for k in TELEHEALTH_MODIFIERS if m.by_mod[k]},
                    },
                    "by_kind": {k: m.kinds.get(k, 0) for k in KINDS},
                    "work_rvu": _money(m.rvu),
                    "estimated_allowed": _money(m.allowed),
                    "home_health": hh_months.get(
                        key, {"periods": 0, "periods_with_telecom": 0, "visits": 0, "lupa_periods": None}
                    ),
                    "medicare": {
                        "patients": _size(m.mc_patients),
                        "telehealth_patients": _size(m.mc_th_patients),
                        "states": dict(
                            sorted(
                                m.mc_states.items()
                                if isinstance(m.mc_states, Counter)
                                else Counter(m.mc_states.values()).items()
                            )
                        ),
                    },
                }
            )
        clinicians = [
            {"npi": npi, "lines": c[0], "telehealth_lines": c[1], "work_rvu": _money(c[2])}
            for npi, c in sorted(self.clinicians.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ]
        out = {
            "source": {"files": self.files, "claims": self.claims},
            "filter": {
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
            },
            "months": months,
            "home_health": hh,
            "clinicians": clinicians,
            "findings": {"by_rule": dict(sorted(self.findings.items()))},
        }
        if national is not None:
            out["national"] = national.compare(months)
        return out


# -- flat table, text ----------------------------------------------------------------------------
MONTHLY_COLUMNS = (
    "month",
    "claims",
    "lines",
    "patients",
    "telehealth_lines",
    "telehealth_patients",
    "audio_only_lines",
    "video_lines",
    "pos_02",
    "pos_10",
    "pos_other",
    "mod_95",
    "mod_93",
    "mod_gt",
    "mod_gq",
    "mod_fq",
    *KINDS,
    "hh_periods",
    "hh_periods_with_telecom",
    "hh_visits",
    "hh_lupa_periods",
    "work_rvu",
    "estimated_allowed",
)


def monthly_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for m in result["months"]:
        th, hh = m["telehealth"], m["home_health"]
        pos = th["by_pos"]
        rows.append(
            {
                "month": m["month"],
                "claims": m["claims"],
                "lines": m["lines"],
                "patients": m["patients"],
                "telehealth_lines": th["lines"],
                "telehealth_patients": th["patients"],
                "audio_only_lines": th["audio_only_lines"],
                "video_lines": th["video_lines"],
                "pos_02": pos.get("02", 0),
                "pos_10": pos.get("10", 0),
                "pos_other": sum(v for k, v in pos.items() if k not in TELEHEALTH_POS),
                **{f"mod_{k.lower()}": th["by_modifier"].get(k, 0) for k in TELEHEALTH_MODIFIERS},
                **m["by_kind"],
                "hh_periods": hh["periods"],
                "hh_periods_with_telecom": hh["periods_with_telecom"],
                "hh_visits": hh["visits"],
                "hh_lupa_periods": hh["lupa_periods"],
                "work_rvu": m["work_rvu"],
                "estimated_allowed": m["estimated_allowed"],
            }
        )
    return rows


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}%" if d else "-"


def render_text(result: dict[str, Any]) -> str:
    src = result["source"]
    out = [
        f"Utilization: {src['claims']} claims"
        + (f" from {src['files']} file(s)" if src.get("files") else " from the ledger" if src.get("ledger") else "")
    ]
    flt = result.get("filter") or {}
    if flt.get("since") or flt.get("until"):
        out[0] += f", {flt.get('since') or '...'} to {flt.get('until') or '...'}"
    out.append("")
    head = (
        f"{'month':<8} {'claims':>7} {'lines':>7} {'patients':>8} {'tele':>6} {'share':>6} {'audio':>6} "
        f"{'POS02':>6} {'POS10':>6} {'em':>5} {'evis':>5} {'vci':>5} {'rpm':>5} {'rtm':>5} {'HHper':>6} "
        f"{'w/tel':>6} {'wRVU':>9} {'allowed':>11}"
    )
    out.append(head)
    for m in result["months"]:
        th, k, hh = m["telehealth"], m["by_kind"], m["home_health"]
        out.append(
            f"{m['month']:<8} {m['claims']:>7} {m['lines']:>7} {m['patients']:>8} {th['lines']:>6} "
            f"{_pct(th['lines'], m['lines']):>6} {th['audio_only_lines']:>6} {th['by_pos'].get('02', 0):>6} "
            f"{th['by_pos'].get('10', 0):>6} {k['telehealth_em']:>5} {k['e_visit']:>5} "
            f"{k['virtual_check_in']:>5} {k['rpm']:>5} {k['rtm']:>5} {hh['periods']:>6} "
            f"{hh['periods_with_telecom']:>6} {m['work_rvu'] or '-':>9} {m['estimated_allowed'] or '-':>11}"
        )
    hh = result["home_health"]
    out += [
        "",
        f"Home health: {hh['periods']} periods, {hh['periods_with_telecom']} with telecom G-codes "
        f"({_pct(hh['periods_with_telecom'], hh['periods'])}), {hh['visits']} visits; telecom lines "
        + ", ".join(f"{c} {n}" for c, n in hh["telecom_lines"].items())
        + f"; LUPA periods {hh['lupa_periods'] if hh['lupa_periods'] is not None else '- (fee data not loaded)'}",
    ]
    if result["clinicians"]:
        out += ["", "Top clinicians (NPI, lines, telehealth lines):"]
        out += [f"  {c['npi']}  {c['lines']:>7}  {c['telehealth_lines']:>7}" for c in result["clinicians"][:10]]
    by_rule = result["findings"]["by_rule"]
    out += ["", "Findings: " + (", ".join(f"{r} {n}" for r, n in by_rule.items()) if by_rule else "none")]
    nat = result.get("national")
    if nat:
        out += ["", nat["note"]]
        for row in nat["months"]:
            states = ", ".join(f"{s} {v['share']:.1%}" for s, v in row["states"].items() if v["share"] is not None)
            out.append(
                f"  {row['month']}: practice {row['practice_share']:.1%} of {row['practice_patients']} "
                f"Medicare patients; national {row['national_share']:.1%} ({row['quarter']}"
                f"{'' if row['same_quarter'] else ', latest published'})" + (f"; {states}" if states else "")
            )
    if result["home_health"]["lupa_periods"] is None or any(m["work_rvu"] is None for m in result["months"]):
        out += ["", "work RVUs, estimated allowed and LUPA periods: fee data not loaded (null in JSON)."]
    return "\n".join(out) + "\n"

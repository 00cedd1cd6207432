"""The claim ledger: per checked claim, the minimum a utilization report needs (opt-in).

Part of the history family of tables (``store/migrations_analytics.py``, migration 20): the patient
is keyed exactly as ``claim_history`` keys it (the engine's patient key, HMAC-SHA256 with the store
secret ``history_key``), so the two tables name the same patient the same way and neither can be
matched against a list of member ids. Kept: patient state and 3-digit ZIP (``000`` in the HIPAA
safe-harbor restricted areas), NPIs, payer profile, claim id, type of bill / POS, dates, HIPPS, per
line code, modifiers, POS, units, charge, revenue code, date and clinician, and the findings. Never
names, member ids, street addresses or dates of birth (``model.record.ClaimRecord`` has no field
for them).

A claim is keyed by billing provider NPI and claim id: recording it again replaces it (rows and
findings). ``purge(before)`` deletes the claims whose latest date is before a day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from teleclaim.model import record as defs
from teleclaim.model.record import ClaimRecord, LineRecord
from teleclaim.store.history import History

_CLAIM_COLS = (
    "billing_npi",
    "claim_id",
    "kind",
    "run_id",
    "recorded_at",
    "patient_key",
    "patient_state",
    "patient_zip3",
    "payer_id",
    "payer_profile",
    "payer_family",
    "tob",
    "pos",
    "statement_from",
    "statement_to",
    "first_date",
    "last_date",
    "hipps",
    "attending_npi",
    "rendering_npi",
    "findings",
    "hh_visits",
    "hh_g0320",
    "hh_g0321",
    "hh_g0322",
    "estimate_c",
    "lupa_threshold",
)
_LINE_COLS = (
    "billing_npi",
    "claim_id",
    "line",
    "code",
    "modifiers",
    "pos",
    "units",
    "charge",
    "revenue_code",
    "service_date",
    "clinician_npi",
)
_DERIVED = (
    "day",
    "month",
    "eff_pos",
    "telehealth",
    "audio_only",
    "kind",
    "patient_key",
    "medicare",
    "visit",
    "state",
    "work_rvu_e4",
    "allowed_c",
)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _day(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _dec(s: str | None) -> Decimal | None:
    return Decimal(s) if s not in (None, "") else None


class Ledger:
    """``save(records)``, ``records(since, until)``, ``purge(before)``, ``count()`` over one store."""

    def __init__(self, store: Any, run_id: str | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self._history = History(store, run_id)  # same secret, same keyed patient hash
        self.run_id = self._history.run_id

    def key(self, patient: str | None) -> str | None:
        """The stored form of an engine patient key (HMAC with the store secret)."""
        return self._history._stored(patient) if patient else None

    def save(self, records: Iterable[ClaimRecord], *, keyed: bool = False) -> int:
        """Store records (replacing any claim with the same billing NPI and claim id). ``keyed``: the
        records' patient keys are already in their stored form."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        last: dict[tuple[str, str], ClaimRecord] = {}
        for r in records:  # a claim read twice in one run is kept once, as re-checking does
            last[(r.billing_npi, r.claim_id)] = r
        claims, lines, keys = [], [], list(last)
        for r in last.values():
            pk = r.patient if keyed else self.key(r.patient)
            upk = pk or f"claim:{r.billing_npi}:{r.claim_id}"
            medicare = int(r.payer_family == defs.MEDICARE)
            prof = r.kind == "837P"
            claims.append(
                (
                    r.billing_npi,
                    r.claim_id,
                    r.kind,
                    self.run_id,
                    now,
                    pk,
                    r.state,
                    r.zip3,
                    r.payer_id,
                    r.payer_profile,
                    r.payer_family,
                    r.tob,
                    r.pos,
                    _iso(r.statement_from),
                    _iso(r.statement_to),
                    _iso(r.first_date),
                    _iso(r.last_date),
                    r.hipps,
                    r.attending_npi,
                    r.rendering_npi,
                    json.dumps(r.findings, separators=(",", ":")),
                    sum(1 for ln in r.lines if defs.is_visit(ln)),
                    *(sum(1 for ln in r.lines if ln.code == t) for t in defs.HH_TELECOM),
                    _scaled(r.estimate, 100),
                    r.lupa_threshold,
                )
            )
            for ln in r.lines:
                day = ln.date or r.statement_from
                th = defs.is_telehealth(r, ln)
                lines.append(
                    (
                        r.billing_npi,
                        r.claim_id,
                        ln.line,
                        ln.code,
                        ",".join(ln.modifiers),
                        ln.pos,
                        None if ln.units is None else str(ln.units),
                        None if ln.charge is None else str(ln.charge),
                        ln.revenue,
                        _iso(ln.date),
                        ln.clinician,
                        _iso(day),
                        day.isoformat()[:7] if day else None,
                        defs.line_pos(r, ln),
                        int(th),
                        int(defs.is_audio_only(r, ln)),
                        defs.kind_of(r, ln, th),
                        upk,
                        medicare,
                        int(defs.is_visit(ln)),
                        r.state,
                        _scaled(ln.work_rvu, 10_000) if prof else None,
                        _scaled(ln.allowed, 100) if prof else None,
                    )
                )
        if not claims:
            return 0
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("DELETE FROM ledger_line WHERE billing_npi = ? AND claim_id = ?", keys)
            c.executemany("DELETE FROM ledger_claim WHERE billing_npi = ? AND claim_id = ?", keys)
            c.executemany(
                f"INSERT INTO ledger_claim ({','.join(_CLAIM_COLS)}) VALUES ({','.join('?' * len(_CLAIM_COLS))})",
                claims,
            )
            cols = _LINE_COLS + _DERIVED
            c.executemany(
                f"INSERT INTO ledger_line ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", _dedupe(lines)
            )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return len(keys)

    def records(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        *,
        where: str | None = None,
        args: list[Any] | None = None,
    ) -> Iterator[ClaimRecord]:
        """Every stored claim that may have a date in [since, until] (the report filters exactly), or
        those matching ``where`` (SQL on ``c.``, the claim table) with ``args``."""
        if where is not None:
            yield from self._records([where], list(args or []))
            return
        where_, args_ = [], []
        if since is not None:  # a claim can hold lines after its first date: keep those ending later
            where_.append("(c.last_date IS NULL OR c.last_date >= ?)")
            args_.append(since.isoformat())
        if until is not None:
            where_.append("(c.first_date IS NULL OR c.first_date <= ?)")
            args_.append(until.isoformat())
        yield from self._records(where_, args_)

    def _records(self, where: list[str], args: list[Any]) -> Iterator[ClaimRecord]:
        sql = (
            f"SELECT {','.join('c.' + x for x in _CLAIM_COLS)} FROM ledger_claim c"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY c.billing_npi, c.claim_id"
        )
        lsql = (
            f"SELECT {','.join('l.' + x for x in _LINE_COLS)}, l.work_rvu_e4, l.allowed_c FROM ledger_line l JOIN ledger_claim c "
            "ON c.billing_npi = l.billing_npi AND c.claim_id = l.claim_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY l.billing_npi, l.claim_id, l.line"
        )
        conn = self.conn
        line_cur = conn.execute(lsql, args)
        pending = line_cur.fetchone()
        for row in conn.execute(sql, args):
            (
                npi,
                cid,
                kind,
                _run,
                _at,
                pk,
                state,
                zip3,
                payer_id,
                profile,
                family,
                tob,
                pos,
                sfrom,
                sto,
                _f,
                _l,
                hipps,
                att,
                rend,
                findings,
                _v,
                _g0,
                _g1,
                _g2,
                est,
                lupa,
            ) = tuple(row)
            lines = []
            while pending is not None and pending[0] == npi and pending[1] == cid:
                _n, _c, no, code, mods, lpos, units, charge, rev, day, clin, rvu, allowed = tuple(pending)
                lines.append(
                    LineRecord(
                        line=no,
                        code=code,
                        modifiers=tuple(mods.split(",")) if mods else (),
                        pos=lpos,
                        units=_dec(units),
                        charge=_dec(charge),
                        revenue=rev,
                        date=_day(day),
                        clinician=clin,
                        work_rvu=_unscaled(rvu, 10_000),
                        allowed=_unscaled(allowed, 100),
                    )
                )
                pending = line_cur.fetchone()
            yield ClaimRecord(
                billing_npi=npi,
                claim_id=cid,
                kind=kind,
                patient=pk,
                state=state,
                zip3=zip3,
                payer_id=payer_id,
                payer_profile=profile,
                payer_family=family,
                tob=tob,
                pos=pos,
                statement_from=_day(sfrom),
                statement_to=_day(sto),
                hipps=hipps,
                attending_npi=att,
                rendering_npi=rend,
                lines=lines,
                estimate=_unscaled(est, 100),
                lupa_threshold=lupa,
                findings=[tuple(f) for f in json.loads(findings or "[]")],
            )

    def aggregate(self, since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
        """The report's line counts summed in SQL over the derived columns (no row leaves the store
        but the home-health period claims and the claims with findings). ``report.utilization``'s
        ``Utilization.load_totals`` turns the answer into the report."""
        c = self.conn
        rng, args = [], []
        if since is not None:
            rng.append("day >= ?")
            args.append(since.isoformat())
        if until is not None:
            rng.append("day <= ?")
            args.append(until.isoformat())
        where = " AND ".join(["day IS NOT NULL", *rng])
        months: dict[str, dict[str, Any]] = {}

        def month(key: str) -> dict[str, Any]:
            m = months.get(key)
            if m is None:
                m = months[key] = {
                    "lines": 0,
                    "telehealth": 0,
                    "audio_only": 0,
                    "video": 0,
                    "patients": 0,
                    "telehealth_patients": 0,
                    "medicare_patients": 0,
                    "medicare_telehealth_patients": 0,
                    "by_modifier": dict.fromkeys(defs.TELEHEALTH_MODIFIERS, 0),
                    "by_kind": dict.fromkeys(defs.KINDS, 0),
                    "by_pos": {},
                    "states": {},
                    "claims": 0,
                    "rvu_e4": None,
                    "allowed_c": None,
                }
            return m

        # one scan: lines by the few values that matter (hundreds of groups a month, not rows)
        for key, th, audio, kind, pos, mods, n, rvu, n_rvu, allowed, n_allowed in c.execute(
            "SELECT month, telehealth, audio_only, kind, eff_pos, modifiers, COUNT(*), SUM(work_rvu_e4), "
            "COUNT(work_rvu_e4), SUM(allowed_c), COUNT(allowed_c) FROM ledger_line "
            f"WHERE {where} GROUP BY month, telehealth, audio_only, kind, eff_pos, modifiers",
            args,
        ):
            m = month(key)
            m["lines"] += n
            if n_rvu:
                m["rvu_e4"] = (m["rvu_e4"] or 0) + rvu
            if n_allowed:
                m["allowed_c"] = (m["allowed_c"] or 0) + allowed
            if audio:
                m["audio_only"] += n
            elif th:
                m["video"] += n
            if kind:
                m["by_kind"][kind] += n
            if th:
                m["telehealth"] += n
                if pos:
                    m["by_pos"][pos] = m["by_pos"].get(pos, 0) + n
                for mod in set((mods or "").split(",")):
                    if mod in m["by_modifier"]:
                        m["by_modifier"][mod] += n
        # and one scan for the distinct patients of each month
        for key, _pk, th, mc, mcth, state in c.execute(
            "SELECT month, patient_key, MAX(telehealth), MAX(medicare), MAX(medicare * telehealth), "
            f"MAX(CASE WHEN medicare = 1 THEN state END) FROM ledger_line WHERE {where} "
            "GROUP BY month, patient_key",
            args,
        ):
            m = month(key)
            m["patients"] += 1
            m["telehealth_patients"] += th
            m["medicare_patients"] += mc
            m["medicare_telehealth_patients"] += mcth
            if mc and state:
                m["states"][state] = m["states"].get(state, 0) + 1
        for m in months.values():
            m["work_rvu"], m["allowed"] = _unscaled(m.pop("rvu_e4"), 10_000), _unscaled(m.pop("allowed_c"), 100)
        clinicians = [
            (npi, n, th, _unscaled(rvu, 10_000) if n_rvu else None)
            for npi, n, th, rvu, n_rvu in c.execute(
                f"SELECT clinician_npi, COUNT(*), SUM(telehealth), SUM(work_rvu_e4), COUNT(work_rvu_e4) FROM ledger_line "
                f"WHERE {where} AND clinician_npi IS NOT NULL GROUP BY clinician_npi",
                args,
            )
        ]
        crng = " AND ".join(["first_date IS NOT NULL", *(x.replace("day", "first_date") for x in rng)])
        claims_by_month = dict(
            c.execute(f"SELECT substr(first_date, 1, 7), COUNT(*) FROM ledger_claim WHERE {crng} GROUP BY 1", args)
        )
        if rng:  # a claim counts when its first date or one of its lines is in range
            counted = (
                f"(({crng}) OR EXISTS (SELECT 1 FROM ledger_line l WHERE l.billing_npi = ledger_claim.billing_npi"
                f" AND l.claim_id = ledger_claim.claim_id AND {where.replace('day', 'l.day')}))"
            )
            cargs = args + args
        else:
            counted, cargs = "1 = 1", []
        n_claims = c.execute(f"SELECT COUNT(*) FROM ledger_claim WHERE {counted}", cargs).fetchone()[0]
        findings = [
            json.loads(f)
            for (f,) in c.execute(
                f"SELECT findings FROM ledger_claim WHERE findings IS NOT NULL AND findings != '[]' AND {counted}",
                cargs,
            )
        ]
        prng = " AND ".join(["c.statement_from IS NOT NULL", *(x.replace("day", "c.statement_from") for x in rng)])
        periods = [
            (
                r[0],
                r[1],
                r[2],
                dt.date.fromisoformat(r[3]),
                r[4],
                r[5],
                r[6] or 0,
                dict(zip(defs.HH_TELECOM, (x or 0 for x in r[7:10]), strict=False)),
                _unscaled(r[10], 100),
                r[11],
            )
            for r in c.execute(
                "SELECT c.billing_npi, c.claim_id, c.patient_key, c.statement_from, c.tob, c.hipps, c.hh_visits, "
                "c.hh_g0320, c.hh_g0321, c.hh_g0322, c.estimate_c, c.lupa_threshold FROM ledger_claim c "
                f"WHERE c.kind = '837I' AND c.tob IN ('329', '327') AND {prng} ORDER BY c.billing_npi, c.claim_id",
                args,
            )
        ]
        return {
            "months": months,
            "claims_by_month": claims_by_month,
            "claims": n_claims,
            "clinicians": clinicians,
            "findings": findings,
            "periods": periods,
        }

    def purge(self, before: dt.date) -> dict[str, int]:
        """Delete the claims whose latest date is before ``before``; returns the claims and lines removed."""
        c = self.conn
        day = before.isoformat()
        c.execute("BEGIN IMMEDIATE")
        try:
            n_lines = c.execute(
                "DELETE FROM ledger_line WHERE EXISTS (SELECT 1 FROM ledger_claim c WHERE c.billing_npi = "
                "ledger_line.billing_npi AND c.claim_id = ledger_line.claim_id AND c.last_date < ?)",
                (day,),
            ).rowcount
            n_claims = c.execute("DELETE FROM ledger_claim WHERE last_date < ?", (day,)).rowcount
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return {"claims": n_claims, "lines": n_lines}

    def count(self) -> dict[str, int]:
        c = self.conn
        return {
            "claims": int(c.execute("SELECT COUNT(*) FROM ledger_claim").fetchone()[0]),
            "lines": int(c.execute("SELECT COUNT(*) FROM ledger_line").fetchone()[0]),
        }


def _scaled(v: Decimal | None, scale: int) -> int | None:
    """An exact decimal as an integer of 1/scale units (cents: 100), so SQL sums stay exact."""
    return None if v is None else int((v * scale).to_integral_value(rounding="ROUND_HALF_UP"))


def _unscaled(v: int | None, scale: int) -> Decimal | None:
    return None if v is None else Decimal(v) / scale


def _dedupe(rows: list[tuple[Any, ...]], width: int = 3) -> list[tuple[Any, ...]]:
    """One row per (billing NPI, claim id, line number): the last wins (LX01 repeated in a bad claim)."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for r in rows:
        out[r[:width]] = r
    return list(out.values())

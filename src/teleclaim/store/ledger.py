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

from teleclaim.model.record import ClaimRecord, LineRecord
from teleclaim.store.history import History

_CLAIM_COLS = ("billing_npi", "claim_id", "kind", "run_id", "recorded_at", "patient_key", "patient_state",
               "patient_zip3", "payer_id", "payer_profile", "payer_family", "tob", "pos", "statement_from",
               "statement_to", "first_date", "last_date", "hipps", "attending_npi", "rendering_npi", "findings")
_LINE_COLS = ("billing_npi", "claim_id", "line", "code", "modifiers", "pos", "units", "charge", "revenue_code",
              "service_date", "clinician_npi")


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
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        last: dict[tuple[str, str], ClaimRecord] = {}
        for r in records:  # a claim read twice in one run is kept once, as re-checking does
            last[(r.billing_npi, r.claim_id)] = r
        claims, lines, keys = [], [], list(last)
        for r in last.values():
            claims.append((r.billing_npi, r.claim_id, r.kind, self.run_id, now,
                           r.patient if keyed else self.key(r.patient), r.state, r.zip3, r.payer_id,
                           r.payer_profile, r.payer_family, r.tob, r.pos, _iso(r.statement_from),
                           _iso(r.statement_to), _iso(r.first_date), _iso(r.last_date), r.hipps, r.attending_npi,
                           r.rendering_npi, json.dumps(r.findings, separators=(",", ":"))))
            for ln in r.lines:
                lines.append((r.billing_npi, r.claim_id, ln.line, ln.code, ",".join(ln.modifiers), ln.pos,
                              None if ln.units is None else str(ln.units),
                              None if ln.charge is None else str(ln.charge), ln.revenue, _iso(ln.date),
                              ln.clinician))
        if not claims:
            return 0
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("DELETE FROM ledger_line WHERE billing_npi = ? AND claim_id = ?", keys)
            c.executemany("DELETE FROM ledger_claim WHERE billing_npi = ? AND claim_id = ?", keys)
            c.executemany(f"INSERT INTO ledger_claim ({','.join(_CLAIM_COLS)}) VALUES "
                          f"({','.join('?' * len(_CLAIM_COLS))})", claims)
            c.executemany(f"INSERT INTO ledger_line ({','.join(_LINE_COLS)}) VALUES "
                          f"({','.join('?' * len(_LINE_COLS))})", _dedupe(lines))
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return len(keys)

    def records(self, since: dt.date | None = None, until: dt.date | None = None) -> Iterator[ClaimRecord]:
        """Every stored claim that may have a date in [since, until] (the report filters exactly)."""
        where, args = [], []
        if since is not None:  # a claim can hold lines after its first date: keep those ending later
            where.append("(c.last_date IS NULL OR c.last_date >= ?)")
            args.append(since.isoformat())
        if until is not None:
            where.append("(c.first_date IS NULL OR c.first_date <= ?)")
            args.append(until.isoformat())
        sql = (f"SELECT {','.join('c.' + x for x in _CLAIM_COLS)} FROM ledger_claim c"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.billing_npi, c.claim_id")
        lsql = (f"SELECT {','.join('l.' + x for x in _LINE_COLS)} FROM ledger_line l JOIN ledger_claim c "
                "ON c.billing_npi = l.billing_npi AND c.claim_id = l.claim_id"
                + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY l.billing_npi, l.claim_id, l.line")
        conn = self.conn
        line_cur = conn.execute(lsql, args)
        pending = line_cur.fetchone()
        for row in conn.execute(sql, args):
            (npi, cid, kind, _run, _at, pk, state, zip3, payer_id, profile, family, tob, pos, sfrom, sto, _f, _l,
             hipps, att, rend, findings) = tuple(row)
            lines = []
            while pending is not None and pending[0] == npi and pending[1] == cid:
                _n, _c, no, code, mods, lpos, units, charge, rev, day, clin = tuple(pending)
                lines.append(LineRecord(line=no, code=code, modifiers=tuple(mods.split(",")) if mods else (),
                                        pos=lpos, units=_dec(units), charge=_dec(charge), revenue=rev,
                                        date=_day(day), clinician=clin))
                pending = line_cur.fetchone()
            yield ClaimRecord(billing_npi=npi, claim_id=cid, kind=kind, patient=pk, state=state, zip3=zip3,
                              payer_id=payer_id, payer_profile=profile, payer_family=family, tob=tob, pos=pos,
                              statement_from=_day(sfrom), statement_to=_day(sto), hipps=hipps, attending_npi=att,
                              rendering_npi=rend, lines=lines,
                              findings=[tuple(f) for f in json.loads(findings or "[]")])  # type: ignore[misc]

    def purge(self, before: dt.date) -> dict[str, int]:
        """Delete the claims whose latest date is before ``before``; returns the claims and lines removed."""
        c = self.conn
        day = before.isoformat()
        c.execute("BEGIN IMMEDIATE")
        try:
            n_lines = c.execute(
                "DELETE FROM ledger_line WHERE EXISTS (SELECT 1 FROM ledger_claim c WHERE c.billing_npi = "
                "ledger_line.billing_npi AND c.claim_id = ledger_line.claim_id AND c.last_date < ?)", (day,)).rowcount
            n_claims = c.execute("DELETE FROM ledger_claim WHERE last_date < ?", (day,)).rowcount
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return {"claims": n_claims, "lines": n_lines}

    def count(self) -> dict[str, int]:
        c = self.conn
        return {"claims": int(c.execute("SELECT COUNT(*) FROM ledger_claim").fetchone()[0]),
                "lines": int(c.execute("SELECT COUNT(*) FROM ledger_line").fetchone()[0])}


def _dedupe(rows: list[tuple[Any, ...]], width: int = 3) -> list[tuple[Any, ...]]:
    """One row per (billing NPI, claim id, line number): the last wins (LX01 repeated in a bad claim)."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for r in rows:
        out[r[:width]] = r
    return list(out.values())

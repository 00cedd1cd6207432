"""Claim history for the cross-claim edits: the compact service records of earlier ``check`` runs.

Stored in the ``claim_history`` table (store migration 3). A record holds a keyed hash of the patient
(never a name or member id), the clinician NPI, code, date, units, claim id and line number: enough
for the e-visit 7-day periods and the RPM/RTM periods and months across runs, nothing more.
Re-checking the same claim line does not add it twice.

The patient key the engine computes is hashed once more with a random secret kept in this store
(HMAC-SHA256, table ``store_secret``), so the table alone cannot be matched against a list of member
ids by hashing guesses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from teleclaim.model.records import ServiceRecord


class History:
    """``load(patient_keys) -> [ServiceRecord]`` and ``save(records)`` over one store."""

    def __init__(self, store: Any, run_id: str | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self.run_id = run_id or dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
        self._secret = self._load_secret()

    def _load_secret(self) -> bytes:
        row = self.conn.execute("SELECT value FROM store_secret WHERE name = 'history_key'").fetchone()
        if row is None:
            self.conn.execute(
                "INSERT OR IGNORE INTO store_secret (name, value, created_at) VALUES (?,?,?)",
                ("history_key", secrets.token_hex(32), dt.datetime.now(dt.UTC).isoformat()),
            )
            row = self.conn.execute("SELECT value FROM store_secret WHERE name = 'history_key'").fetchone()
        return bytes.fromhex(row[0])

    def _stored(self, patient: str) -> str:
        return hmac.new(self._secret, patient.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def load(self, patients: Iterable[str]) -> list[ServiceRecord]:
        back = {self._stored(p): p for p in set(patients)}
        keys = sorted(back)
        out: list[ServiceRecord] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self.conn.execute(
                "SELECT run_id, claim_id, patient_key, provider_npi, code, service_date, units, data "
                f"FROM claim_history WHERE patient_key IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for r in rows:
                data = json.loads(r["data"] or "{}")
                out.append(
                    ServiceRecord(
                        patient=back[r["patient_key"]],
                        clinician=r["provider_npi"],
                        code=r["code"],
                        day=dt.date.fromisoformat(r["service_date"]),
                        units=Decimal(r["units"]) if r["units"] is not None else None,
                        claim_id=r["claim_id"],
                        line=int(data.get("line", 0)),
                        modifiers=tuple(data.get("modifiers") or ()),
                        run=r["run_id"],
                    )
                )
        return out

    def save(self, records: Iterable[ServiceRecord]) -> int:
        """Store the records not stored yet (same claim, line, code and day of the same patient).

        The look-up and the insert run in one write transaction holding the history lock, so two
        processes saving the same lines at once store them once (nothing doubled, nothing lost)."""
        recs = list(records)
        if not recs:
            return 0
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            lock = getattr(self.store, "lock", None)
            if lock is not None:
                lock("claim_history")
            have = {(r.claim_id, r.line, r.code, r.day) for r in self.load({x.patient for x in recs})}
            rows = []
            for r in recs:
                key = (r.claim_id, r.line, r.code, r.day)
                if key in have:
                    continue
                have.add(key)
                rows.append(
                    (
                        self.run_id,
                        r.claim_id,
                        self._stored(r.patient),
                        r.clinician,
                        r.code,
                        r.day.isoformat(),
                        None if r.units is None else str(r.units),
                        json.dumps({"line": r.line, "modifiers": list(r.modifiers)}),
                    )
                )
            self.conn.executemany(
                "INSERT INTO claim_history (run_id, claim_id, patient_key, provider_npi, code, service_date, "
                "units, data) VALUES (?,?,?,?,?,?,?,?)",
                rows,
            )
        return len(rows)

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM claim_history").fetchone()[0])

    def clear(self) -> int:
        n = self.count()
        self.conn.execute("DELETE FROM claim_history")
        return n

"""The roster and the CMS Order and Referring list in the store (tables of ``migrations_cred``).

``RosterStore(store)``: ``replace(clinicians, source)`` writes every clinician of an import in one
transaction (re-import replaces that clinician's entry and keeps an audit row with the previous
one), ``clinicians()``, ``clinician(npi)``, ``count()``, ``audit(npi)``; ``replace_order_referring``
and ``order_referring()`` for the CMS file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from teleclaim.credentials.ordering import FLAGS, OrderReferring
from teleclaim.credentials.roster import Clinician


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class RosterStore:
    def __init__(self, store: Any) -> None:
        self.store = store
        self.conn = store.conn

    def replace(
        self, clinicians: Iterable[Clinician], source: str | None, key_name: str | None = None
    ) -> list[dict[str, str]]:
        """Write every clinician in one transaction; [{npi, action}] in order."""
        c = self.conn
        at = _now()
        out = []
        c.execute("BEGIN IMMEDIATE")
        try:
            for cl in clinicians:
                prev = c.execute("SELECT data FROM clinician WHERE npi = ?", (cl.npi,)).fetchone()
                data = json.dumps(cl.to_json(), separators=(",", ":"))
                action = "replaced" if prev else "added"
                c.execute(
                    "INSERT INTO clinician_audit (at, npi, action, source, key_name, previous) VALUES "
                    "(?, ?, ?, ?, ?, ?)",
                    (at, cl.npi, action, source, key_name, prev[0] if prev else None),
                )
                if prev:
                    c.execute("DELETE FROM clinician WHERE npi = ?", (cl.npi,))
                c.execute(
                    "INSERT INTO clinician (npi, name, profession, data, source, imported_at) VALUES "
                    "(?, ?, ?, ?, ?, ?)",
                    (cl.npi, cl.name, cl.profession, data, source, at),
                )
                out.append({"npi": cl.npi, "action": action})
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return out

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM clinician").fetchone()[0])

    def clinicians(self) -> list[Clinician]:
        rows = self.conn.execute("SELECT data FROM clinician ORDER BY name, npi").fetchall()
        return [Clinician.model_validate_json(r[0]) for r in rows]

    def clinician(self, npi: str) -> Clinician | None:
        r = self.conn.execute("SELECT data FROM clinician WHERE npi = ?", (npi,)).fetchone()
        return Clinician.model_validate_json(r[0]) if r else None

    def version(self) -> tuple[int, int, str | None]:
        """Changes whenever the roster or the Order and Referring list changes (a cache key)."""
        n, last = self.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM clinician_audit").fetchone()
        orl = self.conn.execute("SELECT loaded_at FROM order_referring_release").fetchone()
        return int(n), int(last), orl[0] if orl else None

    def imported(self, npi: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT source, imported_at FROM clinician WHERE npi = ?", (npi,)).fetchone()
        return {"source": r[0], "imported_at": r[1]} if r else None

    def audit(self, npi: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT at, action, source, key_name FROM clinician_audit WHERE npi = ? ORDER BY id", (npi,)
        ).fetchall()
        return [{"at": r[0], "action": r[1], "source": r[2], "key_name": r[3]} for r in rows]

    # -- CMS Order and Referring ---------------------------------------------------------------------
    def replace_order_referring(self, orl: OrderReferring) -> int:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM order_referring")
            c.execute("DELETE FROM order_referring_release")
            c.executemany(
                "INSERT INTO order_referring (npi, last_name, first_name, partb, dme, hha, pmd, hospice) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (npi, f.get("last_name"), f.get("first_name"), *(int(bool(f[k])) for k in FLAGS))
                    for npi, f in orl.npis.items()
                ],
            )
            c.execute(
                "INSERT INTO order_referring_release (id, source, source_sha256, released, loaded_at, "
                "record_count) VALUES ('current', ?, ?, ?, ?, ?)",
                (orl.source, orl.sha256, orl.released.isoformat() if orl.released else None, _now(), len(orl.npis)),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return len(orl.npis)

    def order_referring(self) -> OrderReferring | None:
        rel = self.conn.execute(
            "SELECT source, source_sha256, released, loaded_at FROM order_referring_release"
        ).fetchone()
        if rel is None:
            return None
        released = rel[2] or rel[3][:10]
        out = OrderReferring(released=dt.date.fromisoformat(released), source=rel[0], sha256=rel[1])
        for r in self.conn.execute("SELECT npi, partb, dme, hha, pmd, hospice FROM order_referring"):
            out.npis[r[0]] = dict(zip(FLAGS, (bool(x) for x in r[1:]), strict=False))
        return out

"""Writing and reading the home health wage index releases (``hh_wage_index*`` tables).

``save_wage_index(store, release)`` replaces the release of that year in one transaction;
``WageIndexTable(store)`` answers ``(cbsa, through date) -> (wage index, release id)`` from memory
after the first look-up of a year; ``remove_wage_index`` drops one release.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from decimal import Decimal
from typing import Any

from teleclaim.fees.wage_index import WageIndexRelease


def save_wage_index(store: Any, rel: WageIndexRelease) -> dict[str, Any]:
    conn = store.conn
    replaced = conn.execute("SELECT 1 FROM hh_wage_index_release WHERE id = ?", (rel.id,)).fetchone() is not None
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM hh_wage_index WHERE release_id = ?", (rel.id,))
        conn.execute("DELETE FROM hh_wage_index_release WHERE id = ?", (rel.id,))
        conn.execute(
            "INSERT INTO hh_wage_index_release(id, year, source, source_sha256, loaded_at, row_count) "
            "VALUES (?,?,?,?,?,?)",
            (
                rel.id,
                rel.year,
                rel.source,
                rel.source_sha256,
                datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                len(rel.rows),
            ),
        )
        conn.executemany(
            "INSERT INTO hh_wage_index(release_id, cbsa, label, wage_index) VALUES (?,?,?,?)",
            [(rel.id, cbsa, label, str(wi)) for cbsa, (label, wi) in rel.rows.items()],
        )
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return {"release": rel.id, "year": rel.year, "source": rel.source, "rows": len(rel.rows), "replaced": replaced}


def wage_index_releases(store: Any) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT * FROM hh_wage_index_release ORDER BY year")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=False)) for r in cur.fetchall()]


def remove_wage_index(store: Any, release_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT id, row_count FROM hh_wage_index_release WHERE id = ?", (release_id,)).fetchone()
    if row is None:
        return None
    store.conn.execute("DELETE FROM hh_wage_index WHERE release_id = ?", (release_id,))
    store.conn.execute("DELETE FROM hh_wage_index_release WHERE id = ?", (release_id,))
    return {"id": row[0], "kind": "hh_wage_index", "record_count": row[1]}


class WageIndexTable:
    """``table(cbsa, on)`` -> ``(Decimal, release id)`` or None; one dict per year once read."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._years: dict[int, tuple[str, dict[str, Decimal]] | None] = {}

    def _year(self, year: int) -> tuple[str, dict[str, Decimal]] | None:
        if year not in self._years:
            row = self.store.conn.execute(
                "SELECT id FROM hh_wage_index_release WHERE year = ? ORDER BY loaded_at DESC", (year,)
            ).fetchone()
            if row is None:
                self._years[year] = None
            else:
                rows = self.store.conn.execute(
                    "SELECT cbsa, wage_index FROM hh_wage_index WHERE release_id = ?", (row[0],)
                ).fetchall()
                self._years[year] = (row[0], {c: Decimal(w) for c, w in rows})
        return self._years[year]

    def __call__(self, cbsa: str, on: dt.date) -> tuple[Decimal, str] | None:
        y = self._year(on.year)
        if y is None or cbsa not in y[1]:
            return None
        return y[1][cbsa], y[0]

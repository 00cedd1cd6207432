"""Stored Medicare Telehealth Trends releases (table ``telehealth_trend``, migration 21).

``replace(release)`` loads one release atomically (its old rows go); ``latest()`` returns the most
recently published release's meta and rows, or None when none is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


class Trends:
    def __init__(self, store: Any) -> None:
        self.conn = store.conn

    def replace(self, rel: Any) -> dict[str, Any]:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            replaced = (
                c.execute("SELECT 1 FROM telehealth_trend_release WHERE release_id = ?", (rel.release_id,)).fetchone()
                is not None
            )
            c.execute("DELETE FROM telehealth_trend WHERE release_id = ?", (rel.release_id,))
            c.execute("DELETE FROM telehealth_trend_release WHERE release_id = ?", (rel.release_id,))
            c.executemany(
                "INSERT INTO telehealth_trend (release_id, year, quarter, geo, eligible, telehealth, share)"
                " VALUES (?,?,?,?,?,?,?)",
                [(rel.release_id, r.year, r.quarter, r.geo, r.eligible, r.telehealth, r.share) for r in rel.rows],
            )
            c.execute(
                "INSERT INTO telehealth_trend_release (release_id, source, source_sha256, published, loaded_at,"
                " rows) VALUES (?,?,?,?,?,?)",
                (
                    rel.release_id,
                    rel.source,
                    rel.source_sha256,
                    rel.published,
                    dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                    len(rel.rows),
                ),
            )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return {"release": rel.release_id, "published": rel.published, "rows": len(rel.rows), "replaced": replaced}

    def latest(self) -> tuple[dict[str, Any], list[tuple[int, int, str, int | None, int | None, float | None]]] | None:
        row = self.conn.execute(
            "SELECT release_id, source, published, loaded_at, rows FROM telehealth_trend_release "
            "ORDER BY coalesce(published, ''), loaded_at DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        meta = dict(zip(("release_id", "source", "published", "loaded_at", "rows"), tuple(row), strict=False))
        rows = self.conn.execute(
            "SELECT year, quarter, geo, eligible, telehealth, share FROM telehealth_trend WHERE release_id = ?",
            (meta["release_id"],),
        ).fetchall()
        return meta, [tuple(r) for r in rows]

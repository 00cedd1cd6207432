"""Store tables of fees (migrations 50-59, reserved for fees).

50 ``hh_wage_index``: CMS home health wage index releases (one per calendar year, ``HHWI2026``)
and their CBSA rows. The wage index is TEXT so the Decimal comes back exactly as CMS printed it
(portable SQL: the PostgreSQL store runs the same DDL).
"""

from __future__ import annotations

from teleclaim.store.migrations import Connection, migration


@migration(50, "hh_wage_index", scope="reference")
def _m50_hh_wage_index(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE hh_wage_index_release (
            id TEXT PRIMARY KEY,          -- HHWI<yyyy>
            year INTEGER NOT NULL,        -- applies to 30-day periods whose Through date is in this year
            source TEXT,
            source_sha256 TEXT,
            loaded_at TEXT NOT NULL,
            row_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE hh_wage_index (
            release_id TEXT NOT NULL REFERENCES hh_wage_index_release(id) ON DELETE CASCADE,
            cbsa TEXT NOT NULL,
            label TEXT,
            wage_index TEXT NOT NULL,
            PRIMARY KEY (release_id, cbsa)
        );
        """
    )

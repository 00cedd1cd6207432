"""Store tables of the credentials feature (migrations 10-19, issue 15). Portable SQL only.

- ``clinician``: one row per clinician of the roster (NPI, name, profession, the whole roster entry
  as JSON, where and when it was imported). Re-import replaces the row.
- ``clinician_audit``: one row per import action (added/replaced), with the previous entry, so a
  re-import never loses what the roster said before.
- ``order_referring_release`` / ``order_referring``: the CMS Order and Referring file (NPIs eligible
  to order, refer or certify, with the Part B/DME/HHA/PMD/hospice flags), one release at a time.
"""

from __future__ import annotations

from teleclaim.store.migrations import Connection, migration


@migration(10, "clinician_roster")
def _m10_roster(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE clinician (
            npi TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            profession TEXT NOT NULL,
            data TEXT NOT NULL,           -- the roster entry (JSON form)
            source TEXT,                  -- file it was imported from
            imported_at TEXT NOT NULL
        );
        CREATE TABLE clinician_audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            npi TEXT NOT NULL,
            action TEXT NOT NULL,         -- added | replaced
            source TEXT,
            key_name TEXT,                -- API key name when imported over the API
            previous TEXT                 -- the replaced entry (JSON), NULL when added
        );
        CREATE INDEX clinician_audit_npi ON clinician_audit(npi, at);
        """
    )


@migration(11, "order_referring")
def _m11_order_referring(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE order_referring_release (
            id TEXT PRIMARY KEY,          -- 'current': one release at a time
            source TEXT,
            source_sha256 TEXT,
            released TEXT,                -- ISO date of the CMS release (from the file name), when known
            loaded_at TEXT NOT NULL,
            record_count INTEGER NOT NULL
        );
        CREATE TABLE order_referring (
            npi TEXT PRIMARY KEY,
            last_name TEXT,
            first_name TEXT,
            partb INTEGER NOT NULL,
            dme INTEGER NOT NULL,
            hha INTEGER NOT NULL,
            pmd INTEGER NOT NULL,
            hospice INTEGER NOT NULL
        );
        """
    )

"""Writing imported unit-limit tables (``unit_limit``, migration 41); reading is
``refdata.code_sets.CodeRefs.limits``. A table is replaced as a whole when imported again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from teleclaim.refdata.mue import MueTable


def save_mue(store: Any, table: MueTable, table_id: str | None = None) -> dict[str, Any]:
    conn = store.conn
    tid = table_id or f"MUE-{table.effective.isoformat()}"
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    replaced = conn.execute("SELECT 1 FROM unit_limit WHERE table_id = ? LIMIT 1", (tid,)).fetchone() is not None
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM unit_limit WHERE table_id = ?", (tid,))
        conn.executemany(
            "INSERT INTO unit_limit VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    tid,
                    x.code,
                    x.max_units,
                    x.mai,
                    x.start.isoformat() if x.start else None,
                    x.end.isoformat() if x.end else None,
                    x.rationale,
                    x.source,
                    now,
                )
                for x in table.limits
            ],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {
        "release": tid,
        "effective": table.effective.isoformat(),
        "records": len(table.limits),
        "replaced": replaced,
        "source": table.name,
    }


def mue_tables(store: Any) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT table_id, min(start), count(*), max(loaded_at), max(source) FROM unit_limit"
        " GROUP BY table_id ORDER BY min(start)"
    ).fetchall()
    return [
        {
            "id": r[0],
            "kind": "mue",
            "label": r[0],
            "effective": r[1],
            "record_count": r[2],
            "loaded_at": r[3],
            "source": r[4],
        }
        for r in rows
    ]


def remove_mue(store: Any, table_id: str) -> dict[str, Any] | None:
    conn = store.conn
    n = conn.execute("SELECT count(*) FROM unit_limit WHERE table_id = ?", (table_id,)).fetchone()[0]
    if not n:
        return None
    conn.execute("DELETE FROM unit_limit WHERE table_id = ?", (table_id,))
    return {"id": table_id, "record_count": n}

"""Storage adapters: SQLite (embedded default) and PostgreSQL (a team's server) behind one interface.

Two stores, two jobs:

- ``open_store()``: the **state** store (API keys, audit log, claim history and what later
  features keep: roster, ledger, remittances). PostgreSQL when ``store.url`` /
  ``TELECLAIM_STORE_URL`` is set, else the embedded SQLite file.
- ``open_reference_store()``: the read-only **reference** index (curated code sets compiled from
  the package data, imported releases), always the embedded SQLite file (``store.path`` /
  ``TELECLAIM_STORE``): read on every look-up and claim line, so no network round trip; see
  ``store.postgres`` for why it does not move.

Without ``store.url`` both are the same SQLite file. Both run the one migrations registry
(``store.migrations``); PostgreSQL applies the migrations of scope ``state``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from teleclaim.settings import Settings, load_settings
from teleclaim.store.sqlite import SQLiteStore

__all__ = ["open_store", "open_reference_store", "SQLiteStore", "store_status"]


def open_store(settings: Settings | None = None, path: str | Path | None = None) -> Any:
    """The state store: ``PostgresStore`` when ``store.url`` is set (and no explicit ``path``), else SQLite."""
    settings = settings or load_settings()
    url = settings.get("store.url")
    if url and not path:
        from teleclaim.store.postgres import PostgresStore

        return PostgresStore(str(url))
    return SQLiteStore(Path(path) if path else settings.store_path)


def open_reference_store(settings: Settings | None = None, path: str | Path | None = None) -> SQLiteStore:
    """The embedded SQLite file holding the code index and imported releases (whatever ``store.url`` says)."""
    settings = settings or load_settings()
    return SQLiteStore(Path(path) if path else settings.store_path)


def store_status(settings: Settings | None = None) -> dict[str, Any]:
    """What ``teleclaim store status`` and ``/health`` report: backend, where, schema version, counts."""
    from teleclaim.store import schema as migrations

    settings = settings or load_settings()
    state = open_store(settings)
    try:
        tables = ["api_key", "audit_log", "claim_history", "clinician", "ledger_claim"]
        counts = {t: int(state.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}
        latest = max(m.number for m in migrations.MIGRATIONS if state.kind == "sqlite" or m.scope == "state")
        out: dict[str, Any] = {
            "backend": state.kind,
            "where": getattr(state, "where", None) or str(getattr(state, "path", "")),
            "schema_version": state.schema_version(),
            "latest_version": latest,
            "counts": counts,
        }
    finally:
        state.close()
    if out["backend"] != "sqlite":
        ref = open_reference_store(settings)
        try:
            out["reference"] = {"backend": "sqlite", "where": str(ref.path), "schema_version": ref.schema_version()}
        finally:
            ref.close()
    return out

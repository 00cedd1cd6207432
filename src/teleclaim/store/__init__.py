"""Storage adapters: SQLite (embedded default) behind one interface; PostgreSQL comes later.

``open_store()`` returns the store named by the settings (``store.path``/``TELECLAIM_STORE``), in
the user's data directory by default. The store holds the code index (curated sets compiled from
the package data, and imported HCPCS releases); API keys, audit log and claim history tables are
created by the same migrations registry.
"""

from __future__ import annotations

from pathlib import Path

from teleclaim.settings import Settings, load_settings
from teleclaim.store.sqlite import SQLiteStore

__all__ = ["open_store", "SQLiteStore"]


def open_store(settings: Settings | None = None, path: str | Path | None = None) -> SQLiteStore:
    settings = settings or load_settings()
    url = settings.get("store.url")
    if url and not path:
        from teleclaim.errors import StoreError

        raise StoreError(
            f"store.url {url.split('@')[-1]!r}: a PostgreSQL store is not available in this version; "
            "unset store.url / TELECLAIM_STORE_URL to use the embedded SQLite store.",
            code="store_unsupported",
        )
    return SQLiteStore(Path(path) if path else settings.store_path)

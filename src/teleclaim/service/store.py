"""The store, for operators: which backend, which schema, how much (``teleclaim store``, ``serve``)."""

from __future__ import annotations

from typing import Any

from teleclaim.settings import Settings, load_settings

__all__ = ["status", "migrate", "check_reachable"]


def status(settings: Settings | None = None) -> dict[str, Any]:
    """Backend, where (host/db or file, never a password), schema version, latest version, row counts."""
    from teleclaim.store import store_status

    return store_status(settings)


def migrate(settings: Settings | None = None) -> dict[str, Any]:
    """Apply the pending migrations of the state store (and of the reference file when the state is
    on PostgreSQL); opening a store does it, one transaction per migration."""
    from teleclaim.store import open_reference_store, open_store

    settings = settings or load_settings()
    st = open_store(settings)
    try:
        out = {"backend": st.kind, "where": getattr(st, "where", ""), "schema_version": st.schema_version()}
    finally:
        st.close()
    if settings.get("store.url"):
        open_reference_store(settings).close()
    return out


def check_reachable(settings: Settings | None = None) -> None:
    """Raise ``StoreError`` (exit 2, naming the host, never the password) when the store cannot be opened."""
    from teleclaim.store import open_store

    open_store(settings).close()

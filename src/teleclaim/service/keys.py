"""The API key store: the keys that claim uploads (API and web) require, kept hashed in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teleclaim.store.keys import KeyStore

if TYPE_CHECKING:
    from teleclaim.settings import Settings

__all__ = ["KeyStore", "key_store", "key_store_on", "open_state"]


def key_store(settings: Settings | None = None) -> KeyStore:
    """The key store of the configured store (the default store when ``settings`` is None)."""
    from teleclaim.store import open_store

    return KeyStore(open_store(settings))


def open_state(settings: Settings | None = None) -> Any:
    """The state store (keys, audit, history, roster ...): PostgreSQL when ``store.url`` is set, else SQLite."""
    from teleclaim.store import open_store

    return open_store(settings)


def key_store_on(state: Any) -> KeyStore:
    """The key store over an open state store (the API keeps one per thread)."""
    return KeyStore(state)

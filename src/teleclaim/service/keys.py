"""The API key store: the keys that claim uploads (API and web) require, kept hashed in the store."""

from __future__ import annotations

from typing import Any

from teleclaim.store.keys import KeyStore

__all__ = ["KeyStore", "key_store"]


def key_store(settings: Any = None) -> KeyStore:
    """The key store of the configured store (the default store when ``settings`` is None)."""
    from teleclaim.store import open_store

    return KeyStore(open_store(settings))

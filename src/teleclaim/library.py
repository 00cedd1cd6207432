"""The Python library face: the same answers as the CLI, wired to the default store.

    >>> import teleclaim
    >>> teleclaim.lookup("G0321", on="2026-01-05")["valid_on"]
    True
    >>> [r["code"] for r in teleclaim.search("nurse phone call")["results"]][:1]
    ['G0321']
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from teleclaim.errors import InputError
from teleclaim.refdata.reference import Reference, ensure_curated
from teleclaim.settings import Settings, load_settings

__all__ = ["Reference", "open_reference", "lookup", "search"]


def open_reference(settings: Settings | None = None, store_path: str | None = None) -> Reference:
    """Open the store (SQLite by default), compile the curated sets into it if needed."""
    from teleclaim.store import open_reference_store

    store = open_reference_store(settings or load_settings(), path=store_path)
    ensure_curated(store)
    return Reference(store)


@cache
def _default() -> Reference:
    return open_reference()


def _date(on: dt.date | str | None) -> dt.date | None:
    if on is None or isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        raise InputError(f"on={on!r}: not a date; write it as YYYY-MM-DD.", code="invalid_input", value=on) from None


def lookup(code: str, system: str | None = None, on: dt.date | str | None = None) -> dict[str, Any]:
    """What ``teleclaim code CODE --json`` prints (without ``teleclaim_version``)."""
    return _default().lookup(code, system=system, on=_date(on))


def search(query: str, system: str | None = None, on: dt.date | str | None = None, limit: int = 10) -> dict[str, Any]:
    """What ``teleclaim search QUERY --json`` prints (without ``teleclaim_version``)."""
    return _default().search(query, system=system, on=_date(on), limit=limit)

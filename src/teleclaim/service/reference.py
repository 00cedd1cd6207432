"""Code reference: look-up and search over the store (the curated sets plus imported releases).

    >>> from teleclaim.service import reference
    >>> reference.lookup("G0321", on="2026-01-05")["valid_on"]
    True

``open_reference(settings)`` opens the store once (compiling the curated sets into it if needed);
``lookup``/``search`` use a default handle on the default store (what ``teleclaim code`` and
``teleclaim search`` print with ``--json``, without ``teleclaim_version``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from teleclaim.errors import InputError
from teleclaim.refdata.reference import Reference, ensure_curated
from teleclaim.refdata.systems import SYSTEMS
from teleclaim.settings import Settings, load_settings

__all__ = ["Reference", "open_reference", "lookup", "search", "systems", "parse_date"]


def open_reference(settings: Settings | None = None, store_path: str | None = None) -> Reference:
    """Open the store (SQLite by default), compile the curated sets into it if needed."""
    from teleclaim.store import open_reference_store

    store = open_reference_store(settings or load_settings(), path=store_path)
    ensure_curated(store)
    return Reference(store)


@cache
def _default() -> Reference:
    return open_reference()


def parse_date(on: dt.date | str | None, name: str = "on") -> dt.date | None:
    """``on`` as a date (``YYYY-MM-DD``); the error names the parameter ``name``."""
    if on is None or on == "":
        return None
    if isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        raise InputError(
            f"{name}={on!r}: not a date; write it as YYYY-MM-DD.", code="invalid_input", parameter=name, value=on
        ) from None


def lookup(code: str, system: str | None = None, on: dt.date | str | None = None) -> dict[str, Any]:
    """What ``teleclaim code CODE --json`` prints (without ``teleclaim_version``)."""
    return _default().lookup(code, system=system, on=parse_date(on))


def search(query: str, system: str | None = None, on: dt.date | str | None = None, limit: int = 10) -> dict[str, Any]:
    """What ``teleclaim search QUERY --json`` prints (without ``teleclaim_version``)."""
    return _default().search(query, system=system, on=parse_date(on), limit=limit)


def systems() -> list[str]:
    """The code systems a look-up or search may be limited to."""
    return list(SYSTEMS)

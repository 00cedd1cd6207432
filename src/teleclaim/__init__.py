"""teleclaim: telehealth and home-health billing toolkit.

Public library API (stable names; see tests/test_exported_members.py):

- ``lookup(code, system=None, on=None)`` -> dict, the same object ``teleclaim code --json`` prints
- ``search(query, system=None, on=None, limit=10)`` -> dict, as ``teleclaim search --json``
- ``Reference``: the reference-data handle behind both (open it once, query many times)
- ``TeleclaimError`` and its subclasses: "could not run" errors
"""

from __future__ import annotations

from typing import Any

from teleclaim._version import __version__
from teleclaim.errors import (  # noqa: E402
    DataError,
    InputError,
    NotFoundError,
    TeleclaimError,
)


def __getattr__(name: str) -> Any:
    # Lazy: importing teleclaim must stay cheap (the CLI start-up budget is 0.5 s).
    if name in {"lookup", "search", "Reference"}:
        from teleclaim.service import reference as library

        return getattr(library, name)
    raise AttributeError(f"module 'teleclaim' has no attribute {name!r}")


__all__ = [
    "__version__",
    "lookup",
    "search",
    "Reference",
    "TeleclaimError",
    "InputError",
    "DataError",
    "NotFoundError",
]

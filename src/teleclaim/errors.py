"""The one exception tree of teleclaim.

An exception here means "could not run" (exit code 2) or, for ``NotFoundError``, "the answer is
negative" (exit code 1). Findings about claims are never raised: they are data (see ``rules``).
Every error carries a machine-readable ``code``, a message that says what went wrong and what to
do, and optional ``details`` (file, line, field, value, suggestions ...) that the CLI and the API
render in one shape: ``{"error": {"code", "message", ...details}}``.
"""

from __future__ import annotations

from typing import Any


class TeleclaimError(Exception):
    """Base class: teleclaim could not do what was asked (exit 2)."""

    code = "error"
    exit_code = 2

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = {k: v for k, v in details.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.details}}


class InputError(TeleclaimError):
    """The input (a file, an option, an encounter) cannot be used as given."""

    code = "invalid_input"


class DataError(TeleclaimError):
    """Reference data or a data file to import is malformed or missing."""

    code = "invalid_data"


class StoreError(TeleclaimError):
    """The store (SQLite/PostgreSQL) cannot be opened or migrated."""

    code = "store_error"


class NotFoundError(TeleclaimError):
    """The thing asked for does not exist (exit 1: a negative answer, not a failure)."""

    code = "not_found"
    exit_code = 1

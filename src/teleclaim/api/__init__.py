"""The REST API face (FastAPI): ``create_app(settings)``; ``teleclaim serve`` runs it with uvicorn."""

from __future__ import annotations

from typing import Any


def create_app(settings: Any = None) -> Any:
    from teleclaim.api.app import create_app as _create

    return _create(settings)


__all__ = ["create_app"]

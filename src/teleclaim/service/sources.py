"""The source registry as the faces show it: every source, or one with the rules that cite it.

``teleclaim sources``, ``GET /v1/sources`` and the ``/sources`` web page answer from here.
"""

from __future__ import annotations

from typing import Any


def cited_by(source_id: str) -> list[str]:
    """Codes of the rules whose authorities name ``source_id``."""
    from teleclaim.rules.registry import catalog

    return [code for code, m in catalog().items() if any(a.source == source_id for a in m.authority)]


def sources_object() -> dict[str, Any]:
    from teleclaim.refdata.sources import sources

    return {"sources": [s.to_dict() for s in sources().values()]}


def source_object(source_id: str) -> dict[str, Any]:
    """One source and the rules citing it; an unknown id is a ``NotFoundError`` with suggestions."""
    from teleclaim.refdata.sources import source

    src = source(source_id)
    return {"source": {**src.to_dict(), "cited_by": cited_by(src.id)}}

"""Authorities cited by the code-selection reasons: sections of the project's rules fact sheet
(``shared/domain/rules.md``) and its source ids, whose titles and links come from the one source
registry (``refdata/data/sources.yaml``, ``teleclaim sources``).
"""

from __future__ import annotations

from typing import Any

from teleclaim.refdata.sources import source


def auth(section: str, *sources: str) -> list[dict[str, Any]]:
    """``auth("§1.4", "S24")`` -> the authority list of one reason: each source by id, title and link.

    ``section`` (the fact sheet's, which does not ship) is not shown. With no source id the fact is
    our own curated rule (tagged I: inferred, a configurable default): cited as ``RULES``.
    """
    return [
        {"title": src.title, "section": src.section, "source": src.id, "url": src.url}
        for src in (source(s) for s in (sources or ("RULES",)))
    ]


def merge(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Authorities of several reasons, without repeats (first occurrence kept)."""
    seen: set[tuple[Any, Any]] = set()
    out = []
    for lst in lists:
        for a in lst:
            key = (a["source"], a["title"])
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out

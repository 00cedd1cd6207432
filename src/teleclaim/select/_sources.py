"""Authorities cited by the code-selection reasons: sections of the project's rules fact sheet
(``shared/domain/rules.md``) and its source ids, whose titles and links come from the one source
registry (``refdata/data/sources.yaml``, ``teleclaim sources``).
"""

from __future__ import annotations

from typing import Any

from teleclaim.refdata.sources import source

def auth(section: str, *sources: str) -> list[dict[str, Any]]:
    """``auth("§1.4", "S24")`` -> the authority list of one reason (rules.md section, then sources).

    With no source tag the rules.md section alone is the authority (facts tagged I there).
    """
    out: list[dict[str, Any]] = [{"title": "teleclaim rules fact sheet", "section": f"rules.md {section}",
                                  "source": None, "url": None}]
    for s in sources:
        src = source(s)
        out.append({"title": src.title, "section": f"rules.md {section}", "source": s, "url": src.url})
    return out


def merge(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Authorities of several reasons, without repeats (first occurrence kept)."""
    seen: set[tuple[Any, Any]] = set()
    out = []
    for lst in lists:
        for a in lst:
            key = (a["section"], a["source"])
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out

"""The source registry: every authority teleclaim cites (``S1`` ... of the domain fact sheet, code-set
publishers, the X12 guides), read once from ``data/sources.yaml`` and ``data/sources_extra.yaml``.

This is the one place source titles and links live: the rule bundles (``rules/*/_sources.py``),
code selection (``select/_sources.py``), the curated data files (``sources:`` ids) and the
``teleclaim sources`` command all read it; nothing copies a title by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from teleclaim.errors import NotFoundError

_FILES = ("sources.yaml", "sources_extra.yaml", "sources_audit.yaml", "sources_codes.yaml")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None = None
    confidence: str | None = None
    section: str | None = None  # the part of the source relied on, where the registry names it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "confidence": self.confidence,
            "section": self.section,
        }


@cache
def sources() -> dict[str, Source]:
    """Every source by id, in file order."""
    out: dict[str, Source] = {}
    for name in _FILES:
        raw = yaml.safe_load((files("teleclaim.refdata") / "data" / name).read_text("utf-8"))
        for e in raw.get("sources", []) if isinstance(raw, dict) else raw:
            if e["id"] in out:
                raise ValueError(f"refdata/data/{name}: source {e['id']} is declared twice")
            out[e["id"]] = Source(
                str(e["id"]),
                " ".join(str(e["title"]).split()).rstrip("."),
                e.get("url"),
                e.get("confidence"),
                e.get("section"),
            )
    return out


def source(source_id: str) -> Source:
    """One source; an unknown id is a ``NotFoundError`` with suggestions."""
    found = sources().get(source_id) or sources().get(source_id.upper())
    if found is not None:
        return found
    import difflib

    close = difflib.get_close_matches(source_id.upper(), list(sources()), n=3, cutoff=0.5)
    raise NotFoundError(
        f"no source {source_id!r}"
        + (f"; did you mean {', '.join(close)}?" if close else "")
        + " `teleclaim sources` lists them.",
        code="not_found",
        value=source_id,
        suggestions=[{"code": c} for c in close] or None,
    )


def topic(section: str | None) -> str | None:
    """What a citation says besides its source: the notes of an internal fact-sheet reference
    (``"rules.md §1.1 (NOA timeliness)"`` -> ``"NOA timeliness"``; ``"rules.md §1.3"`` -> None).
    The fact sheet does not ship, so a citation names the source (id and title), not its sections."""
    if not section or ("rules.md" not in section and "§" not in section):
        return section or None
    inner = "; ".join(x.strip() for x in re.findall(r"\(([^)]*)\)", section) if x.strip())
    return inner or None

"""Authorities of the home-health edits, by source id (S1 ...): titles and links come from the one
source registry (``refdata/data/sources.yaml``, ``teleclaim sources``), never copied here.
"""

from __future__ import annotations

from teleclaim.refdata.sources import source as _source
from teleclaim.refdata.sources import topic
from teleclaim.rules.meta import Authority


def auth(source: str, section: str) -> Authority:
    """``auth("S1", "rules.md §1.3")`` -> the Authority of source S1 for that section."""
    src = _source(source)
    return Authority(title=src.title, url=src.url or "", section=topic(section), source=src.id)

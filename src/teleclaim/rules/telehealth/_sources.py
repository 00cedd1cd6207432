"""Authorities of the telehealth edits, by source id (S25 ...): titles and links come from the one
source registry (``refdata/data/sources.yaml``, ``teleclaim sources``).
"""

from __future__ import annotations

from teleclaim.refdata.sources import source as _source
from teleclaim.refdata.sources import topic
from teleclaim.rules.meta import Authority


def auth(source: str, section: str) -> Authority:
    src = _source(source)
    return Authority(title=src.title, url=src.url or "", section=topic(section), source=src.id)

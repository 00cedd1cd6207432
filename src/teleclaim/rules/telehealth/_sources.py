"""Authorities of the telehealth edits, by the source tags (S25 ...) of the rules fact sheet
(``shared/domain/rules.md`` §8), read from the curated source registry (refdata/data/sources*.yaml).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

from teleclaim.rules.meta import Authority


@cache
def _registry() -> dict[str, tuple[str, str]]:
    out = {}
    for name in ("sources.yaml", "sources_audit.yaml"):
        raw = yaml.safe_load((files("teleclaim.refdata") / "data" / name).read_text("utf-8"))
        items = raw.get("sources", raw) if isinstance(raw, dict) else raw
        out.update({e["id"]: (e["title"], e["url"]) for e in items})
    return out


def auth(source: str, section: str) -> Authority:
    title, url = _registry()[source]
    return Authority(title=title, url=url, section=section, source=source)

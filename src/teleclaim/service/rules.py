"""The rules catalog: every code a check can report (claim edits and X12 structural codes).

``catalog()`` maps codes to metadata; ``find(query)`` finds one rule by code, name or alias
(``NotFoundError`` with close matches); ``rule_object``/``catalog_object`` are the JSON answers of
``teleclaim rules [CODE] --format json``, ``GET /v1/rules[/{code}]`` and the web rule pages;
``rule_page``/``index_page`` their Markdown; ``with_prefix`` the rules of a prefix (HH, TH, X12).
"""

from __future__ import annotations

from typing import Any

from teleclaim.rules import docs as _docs
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.registry import catalog, find_rule

__all__ = ["RuleMeta", "catalog", "find", "rule_object", "catalog_object", "rule_page", "index_page", "with_prefix"]


def find(query: str) -> RuleMeta:
    return find_rule(query)


def rule_object(query: str | RuleMeta) -> dict[str, Any]:
    """Everything about one rule (by code, name or alias)."""
    return _docs.rule_object(query if isinstance(query, RuleMeta) else find_rule(query))


def catalog_object() -> dict[str, Any]:
    return _docs.catalog_object()


def rule_page(query: str | RuleMeta) -> str:
    """One rule's page in Markdown."""
    return _docs.render_page(query if isinstance(query, RuleMeta) else find_rule(query))


def index_page() -> str:
    return _docs.render_index()


def with_prefix(prefix: str) -> dict[str, RuleMeta] | None:
    """The rules whose code starts with ``prefix`` when it names a group of several (HH, TH, X12), else None."""
    p = prefix.strip().upper()
    cat = catalog()
    if not p or not p.isalnum() or p in cat:
        return None
    hits = {c: m for c, m in cat.items() if c.startswith(p)}
    return hits if len(hits) > 1 else None

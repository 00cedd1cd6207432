"""The rule catalog: every ``Rule`` class found in the bundles, by code.

Bundles are sub-packages of ``teleclaim.rules`` listed in ``BUNDLES``; each module of a bundle
whose name is a rule code (``HH001.py``) defines a class of the same name. Adding an edit touches
nothing here. The structural X12 codes are listed by ``teleclaim.rules.structural``.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from functools import cache

from teleclaim.errors import NotFoundError
from teleclaim.rules.meta import Rule, RuleMeta
from teleclaim.text import digits

BUNDLES = (
    "teleclaim.rules.homehealth",
    "teleclaim.rules.telehealth",
    "teleclaim.rules.codes",
    "teleclaim.rules.credentials",
)
_CODE_RE = re.compile(r"^[A-Z]{2,3}\d{3}$")


@cache
def rule_classes() -> tuple[type[Rule], ...]:
    out: list[type[Rule]] = []
    for pkg_name in BUNDLES:
        pkg = importlib.import_module(pkg_name)
        for mod in pkgutil.iter_modules(pkg.__path__):
            if not _CODE_RE.match(mod.name):
                continue
            module = importlib.import_module(f"{pkg_name}.{mod.name}")
            cls = getattr(module, mod.name, None)
            if cls is None or not (isinstance(cls, type) and issubclass(cls, Rule)):
                raise TypeError(f"{pkg_name}.{mod.name} must define a Rule subclass named {mod.name}")
            if cls.meta.code != mod.name:
                raise TypeError(f"{pkg_name}.{mod.name}: meta.code is {cls.meta.code}")
            out.append(cls)
    out.sort(key=lambda c: c.meta.code)
    return tuple(out)


def all_rules() -> list[Rule]:
    return [cls() for cls in rule_classes()]


@cache
def catalog() -> dict[str, RuleMeta]:
    """Every code the check can report (claim edits and structural X12 codes) -> metadata."""
    from teleclaim.rules.structural import structural_metas

    out: dict[str, RuleMeta] = {c.meta.code: c.meta for c in rule_classes()}
    out.update({m.code: m for m in structural_metas()})
    return dict(sorted(out.items()))


def rule_class(code: str) -> type[Rule] | None:
    return next((c for c in rule_classes() if c.meta.code == code), None)


def find_rule(query: str) -> RuleMeta:
    """A rule's metadata by code, name or alias; NotFoundError with close matches otherwise."""
    cat = catalog()
    q = query.strip()
    if q.upper() in cat:
        return cat[q.upper()]
    for m in cat.values():
        if q.lower() == m.name or q.lower() in m.aliases:
            return m
    keys = list(cat) + [m.name for m in cat.values()]
    close = difflib.get_close_matches(
        q.upper() if q[:1].isalpha() and digits(q[2:]) else q.lower(), keys, n=3, cutoff=0.5
    )
    sugg = []
    for c in close:
        m = cat.get(c) or next(m for m in cat.values() if m.name == c)
        sugg.append({"code": m.code, "name": m.name})
    raise NotFoundError(
        f"rule {query!r} not found"
        + (
            "; did you mean " + ", ".join(f"{s['code']} ({s['name']})" for s in sugg) + "?"
            if sugg
            else "; `teleclaim rules` lists them."
        ),
        code="rule_not_found",
        value=query,
        suggestions=sugg or None,
    )

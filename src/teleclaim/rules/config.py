"""Which rules run and how loud they are: ``teleclaim.toml`` plus command-line options.

::

    [rules]
    select = ["HH", "X12"]          # codes, names, aliases or prefixes ("HH", "ALL")
    ignore = ["HH039"]
    [rules.severity]
    HH012 = "warning"               # error | warning | info
    [rules.options]
    noa_hipps_placeholder = "1AA11"

    [payers.CGS01]                  # keyed by the payer id of the claim (2010BB NM109)
    ignore = ["hospice-site-code-on-home-health-claim"]
    severity = { HH039 = "error" }
    options = { }

Command-line ``--select``/``--ignore`` replace the file's lists; ``--severity``-style overrides
come only from the file. An unknown selector is an input error (exit 2) with suggestions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from teleclaim.errors import InputError

if TYPE_CHECKING:
    from teleclaim.rules.meta import RuleMeta

SEVERITIES = ("error", "warning", "info")


@dataclass
class Selection:
    select: tuple[str, ...] | None = None  # None = all
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class RuleConfig:
    base: Selection = field(default_factory=Selection)
    payers: dict[str, Selection] = field(default_factory=dict)

    @classmethod
    def from_settings(
        cls,
        raw: dict[str, Any] | None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        where: str = "teleclaim.toml",
    ) -> RuleConfig:
        raw = raw or {}
        base = _selection(raw.get("rules") or {}, f"{where} [rules]")
        if select:
            base.select = tuple(split_list(select))
        if ignore:
            base.ignore = tuple(split_list(ignore))
        payers = {}
        for pid, table in (raw.get("payers") or {}).items():
            if not isinstance(table, dict):
                raise InputError(f"{where}: [payers.{pid}] must be a table.", code="invalid_config")
            payers[str(pid)] = _selection(table, f"{where} [payers.{pid}]")
        return cls(base, payers)


def split_list(values: Iterable[str] | str) -> list[str]:
    """``["HH001,HH002", "X12"]`` -> ``["HH001", "HH002", "X12"]``."""
    if isinstance(values, str):
        values = [values]
    return [p.strip() for v in values for p in str(v).split(",") if p.strip()]


def _selection(table: dict[str, Any], where: str) -> Selection:
    s = Selection()
    if "select" in table:
        s.select = tuple(split_list(table["select"]))
    if "ignore" in table:
        s.ignore = tuple(split_list(table["ignore"]))
    sev = table.get("severity") or {}
    if not isinstance(sev, dict):
        raise InputError(f'{where}: severity must be a table of CODE = "error|warning|info".', code="invalid_config")
    for k, v in sev.items():
        if v not in SEVERITIES:
            raise InputError(
                f"{where}: severity of {k} is {v!r}; use one of error, warning, info.",
                code="invalid_config",
                value=str(v),
            )
        s.severity[str(k)] = v
    opts = table.get("options") or {}
    if isinstance(opts, dict):
        for k, v in opts.items():
            if str(k).endswith("_severity") and v not in SEVERITIES:
                raise InputError(
                    f"{where}: option {k} is {v!r}; use one of error, warning, info.",
                    code="invalid_config",
                    value=str(v),
                )
        s.options.update(opts)
    return s


class Resolver:
    """Turns selectors (codes, names, aliases, prefixes) into rule codes for a catalog."""

    def __init__(self, catalog: Mapping[str, RuleMeta]) -> None:  # code -> meta
        self.codes = sorted(catalog)
        self.by_name: dict[str, str] = {}
        for code, meta in catalog.items():
            self.by_name[meta.name] = code
            for a in getattr(meta, "aliases", ()):
                self.by_name[a] = code

    def resolve(self, selector: str) -> set[str]:
        s = selector.strip()
        if s.upper() == "ALL":
            return set(self.codes)
        up = s.upper()
        if up in self.codes:
            return {up}
        if s.lower() in self.by_name:
            return {self.by_name[s.lower()]}
        if up.isalnum():
            hits = {c for c in self.codes if c.startswith(up)}
            if hits:
                return hits
        close = difflib.get_close_matches(s, self.codes + list(self.by_name), n=3, cutoff=0.6)
        raise InputError(
            f"unknown rule {selector!r} in select/ignore or the config"
            + (f"; did you mean {', '.join(close)}?" if close else "; see `teleclaim rules`."),
            code="unknown_rule",
            value=selector,
            suggestions=[{"code": c} for c in close] or None,
        )

    def codes_for(self, selectors: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for s in selectors:
            out |= self.resolve(s)
        return out

    def severities(self, overrides: dict[str, str]) -> dict[str, str]:
        out = {}
        for k, v in overrides.items():
            for code in self.resolve(k):
                out[code] = v
        return out

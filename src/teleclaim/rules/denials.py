"""Which teleclaim rules prevent which payer denials, and the 277CA answer for a finding.

Data, not code: ``denials.yaml`` beside this module (user-extendable through the setting
``remit.denial_map``, a YAML file with the same sections read first). ``DenialMap.match(keys,
remarks)`` returns the entry for a denied claim or line (its CO/PI ``GROUP-CARC`` keys and its
RARCs); ``AckMap.answer(rules)`` returns the 277CA STC for a claim's error findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from teleclaim.errors import DataError


@dataclass(frozen=True, slots=True)
class DenialEntry:
    reason: str  # CO-16 or 16
    rules: tuple[str, ...]
    planned: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    fix: str = ""
    cite: str = ""

    def covers(self, rule: str) -> bool:
        return any(rule == r or (len(r) < 6 and rule.startswith(r)) for r in (*self.rules, *self.planned))

    def matches(self, key: str) -> bool:
        return key == self.reason or ("-" not in self.reason and key.split("-", 1)[-1] == self.reason)


@dataclass(frozen=True, slots=True)
class AckEntry:
    rules: tuple[str, ...]
    category: str
    status: str
    entity: str | None = None
    planned: bool = False

    def covers(self, rule: str) -> bool:
        return any(rule == r or (len(r) < 6 and rule.startswith(r)) for r in self.rules)


@dataclass(slots=True)
class DenialMap:
    entries: list[DenialEntry] = field(default_factory=list)
    ack: list[AckEntry] = field(default_factory=list)

    def match(self, keys: Iterable[str], remarks: Iterable[str] = ()) -> DenialEntry | None:
        """The entry for a denial with these ``GROUP-CARC`` keys and RARCs (remark-specific first)."""
        keys, rem = list(keys), set(remarks)
        best = None
        for e in self.entries:
            if not any(e.matches(k) for k in keys):
                continue
            if e.remarks:
                if rem & set(e.remarks):
                    return e
                continue
            if best is None:
                best = e
        return best

    def answer(self, rules: Iterable[str]) -> AckEntry | None:
        """The 277CA rejection for a claim's error findings (first matching entry, in file order)."""
        rules = list(rules)
        for e in self.ack:
            if any(e.covers(r) for r in rules):
                return e
        return None


def _load(raw: Any, where: str) -> DenialMap:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: a denial map is a YAML mapping with `denials` and/or `ack_277ca` lists.", file=where)
    out = DenialMap()
    for i, d in enumerate(raw.get("denials") or []):
        try:
            out.entries.append(
                DenialEntry(
                    reason=str(d["reason"]).upper(),
                    rules=tuple(str(r) for r in d.get("rules") or ()),
                    planned=tuple(str(r) for r in d.get("planned") or ()),
                    remarks=tuple(str(r).upper() for r in d.get("remarks") or ()),
                    fix=str(d.get("fix") or ""),
                    cite=str(d.get("cite") or ""),
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise DataError(
                f"{where}: denials[{i}] needs `reason` (CO-16 or 16) and `rules` (a list of rule codes or prefixes).",
                file=where,
                index=i,
            ) from None
    for i, a in enumerate(raw.get("ack_277ca") or []):
        try:
            out.ack.append(
                AckEntry(
                    rules=tuple(str(r) for r in a["rules"]),
                    category=str(a["category"]),
                    status=str(a["status"]),
                    entity=str(a["entity"]) if a.get("entity") else None,
                    planned=bool(a.get("planned")),
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise DataError(
                f"{where}: ack_277ca[{i}] needs `rules`, `category` (A3/A6/A7) and `status`.", file=where, index=i
            ) from None
    return out


@cache
def shipped() -> DenialMap:
    text = (files("teleclaim.rules") / "denials.yaml").read_text("utf-8")
    return _load(yaml.safe_load(text), "teleclaim/rules/denials.yaml")


def denial_map(extra: str | Path | None = None) -> DenialMap:
    """The shipped map, with the user's file (setting ``remit.denial_map``) in front when given."""
    base = shipped()
    if not extra:
        return base
    p = Path(extra)
    if not p.is_file():
        raise DataError(
            f"remit.denial_map: {p} not found; point the setting at a YAML file with `denials` "
            "and/or `ack_277ca` lists (see docs/settings.md).",
            file=str(p),
        )
    try:
        user = _load(yaml.safe_load(p.read_text("utf-8")) or {}, str(p))
    except yaml.YAMLError as exc:
        raise DataError(f"{p}: not valid YAML ({exc}).", file=str(p)) from None
    return DenialMap(entries=[*user.entries, *base.entries], ack=[*user.ack, *base.ack])

"""The answer of a selection: billable lines (each value with its reason and authority), the
alternatives rejected and why, and, when nothing is billable, the reason.

Every selector module fills one ``Answer``; ``Answer.to_dict()`` is the JSON the CLI prints and
``POST /v1/suggest`` returns (the faces add ``teleclaim_version``). Field names are a contract:
extend, never rename.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from teleclaim.select._sources import merge

log = logging.getLogger(__name__)

Auth = list[dict[str, Any]]


def describe(code: str) -> str | None:
    """The curated name of a HCPCS/CPT code, when the curated data carries it (else None).

    Selection never depends on it: the logic works from the rules.md facts alone.
    """
    try:
        from teleclaim.refdata.curated import curated

        cs = curated()
        for system in ("hcpcs", "cpt"):
            e = cs.get(system, code)
            if e:
                return e.get("name") or e.get("description")
    except Exception as exc:  # noqa: BLE001 - descriptions are optional
        log.debug("no curated description for %s (%s)", code, type(exc).__name__)
    return None


class Answer:
    """Collects lines, rejections and notes for one encounter."""

    def __init__(self, kind: str, payer: str | None, facts: dict[str, Any]) -> None:
        self.kind = kind
        self.payer = payer
        self.facts = facts
        self.lines: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self._none_reason: str | None = None
        self._none_auth: Auth = []

    def line(
        self,
        code: str,
        *,
        date: dt.date,
        role: str,
        reason: str,
        authority: Auth,
        units: int = 1,
        modifiers: list[tuple[str, str, Auth]] | None = None,
        pos: tuple[str | None, str, Auth] | None = None,
        revenue_code: tuple[str, str, Auth] | None = None,
        units_reason: tuple[str, Auth] | None = None,
        date_to: dt.date | None = None,
    ) -> dict[str, Any]:
        """Add one billable line. ``modifiers`` are (modifier, why, authority); ``pos`` and
        ``revenue_code`` are (value, why, authority); ``units_reason`` is (why, authority)."""
        mods = modifiers or []
        explain: dict[str, Any] = {"code": {"value": code, "reason": reason, "authority": authority}}
        auths = [authority]
        if units_reason:
            explain["units"] = {"value": units, "reason": units_reason[0], "authority": units_reason[1]}
            auths.append(units_reason[1])
        if mods:
            explain["modifiers"] = [{"value": m, "reason": why, "authority": a} for m, why, a in mods]
            auths += [a for _, _, a in mods]
        if pos:
            explain["pos"] = {"value": pos[0], "reason": pos[1], "authority": pos[2]}
            auths.append(pos[2])
        if revenue_code:
            explain["revenue_code"] = {
                "value": revenue_code[0],
                "reason": revenue_code[1],
                "authority": revenue_code[2],
            }
            auths.append(revenue_code[2])
        out = {
            "code": code,
            "description": describe(code),
            "units": units,
            "modifiers": [m for m, _, _ in mods],
            "pos": pos[0] if pos else None,
            "revenue_code": revenue_code[0] if revenue_code else None,
            "date": date.isoformat(),
            "date_to": date_to.isoformat() if date_to else None,
            "role": role,
            "reason": reason,
            "authority": merge(*auths),
            "explain": explain,
        }
        self.lines.append(out)
        return out

    def reject(self, code: str, why: str, authority: Auth) -> None:
        self.rejected.append({"code": code, "why": why, "authority": authority})

    def nothing(self, reason: str, authority: Auth) -> None:
        """Say why nothing is billable (used when ``lines`` stays empty)."""
        if self._none_reason is None:
            self._none_reason, self._none_auth = reason, authority

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def to_dict(self) -> dict[str, Any]:
        billable = bool(self.lines)
        reason = None
        if not billable:
            reason = self._none_reason or "no billable service follows from these facts"
        chosen_mods = {m for ln in self.lines for m in ln["modifiers"]}
        rejected = [r for r in self.rejected if r["code"] not in chosen_mods]
        return {
            "kind": self.kind,
            "billable": billable,
            "payer": self.payer,
            "lines": self.lines,
            "rejected": rejected,
            "reason": reason,
            "reason_authority": self._none_auth if not billable else [],
            "notes": self.notes,
            "encounter": self.facts,
        }

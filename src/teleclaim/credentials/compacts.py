"""Interstate licensure compacts as dated data: which state honours which compact, from when.

The table ``data/compacts.csv`` ships with the package: one row per (compact, state) with the
status (``member`` honours the compact's licenses/privileges, ``enacted`` not yet), the first day
they are honoured (empty when not verified), the confidence (V/V2/I as in rules.md) and the source.
A member row without a verified day is confidence I: what rests on it is a warning, never an
error. Users override rows in ``teleclaim.toml``::

    [credentials.compacts.NLC]
    MA = "2026-09-01"   # honoured from this day (confidence V: the user's own fact)
    GU = false          # not honoured

``COMPACT_INFO`` says what each compact grants and to which professions.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from teleclaim.errors import InputError


@dataclass(frozen=True, slots=True)
class Membership:
    compact: str
    state: str
    status: str  # member | enacted
    honoured_from: dt.date | None
    confidence: str  # V | V2 | I
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "compact": self.compact,
            "state": self.state,
            "status": self.status,
            "honoured_from": self.honoured_from.isoformat() if self.honoured_from else None,
            "confidence": self.confidence,
            "source": self.source,
            "note": self.note,
        }


#: compact -> what it grants, professions, and the day the compact itself began to operate (when known).
COMPACT_INFO: dict[str, dict[str, Any]] = {
    "NLC": {
        "grants": "multistate_license",
        "professions": ("registered_nurse", "licensed_practical_nurse"),
        "start": dt.date(2018, 1, 19),
    },
    "IMLC": {"grants": "full_licenses", "professions": ("physician",), "start": dt.date(2017, 4, 1)},
    "PSYPACT": {"grants": "authorization", "professions": ("psychologist",), "start": None},
    "PT": {"grants": "privilege", "professions": ("physical_therapist", "physical_therapist_assistant"), "start": None},
    "OT": {
        "grants": "privilege",
        "professions": ("occupational_therapist", "occupational_therapy_assistant"),
        "start": None,
    },
    "Counseling": {"grants": "privilege", "professions": ("counselor",), "start": None},
    "ASLP-IC": {"grants": "privilege", "professions": ("speech_language_pathologist", "audiologist"), "start": None},
    "Social Work": {"grants": "privilege", "professions": ("clinical_social_worker",), "start": None},
    "PA": {"grants": "privilege", "professions": ("physician_assistant",), "start": None},
}


@cache
def shipped() -> tuple[Membership, ...]:
    text = files("teleclaim.credentials").joinpath("data/compacts.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        out.append(
            Membership(
                r["compact"],
                r["state"],
                r["status"],
                dt.date.fromisoformat(r["honoured_from"]) if r["honoured_from"] else None,
                r["confidence"],
                r["source"],
                r["note"],
            )
        )
    return tuple(out)


class Compacts:
    """Look-ups over the shipped table plus the user's overrides."""

    def __init__(
        self,
        rows: tuple[Membership, ...] | None = None,
        overrides: dict[str, Any] | None = None,
        where: str = "teleclaim.toml",
    ) -> None:
        self.rows: dict[tuple[str, str], Membership] = {(m.compact, m.state): m for m in (rows or shipped())}
        for compact, states in (overrides or {}).items():
            if compact not in COMPACT_INFO:
                raise InputError(
                    f"{where}: [credentials.compacts.{compact}]: not a compact teleclaim knows; use one "
                    f"of {', '.join(COMPACT_INFO)}.",
                    code="invalid_config",
                    file=where,
                    field=f"credentials.compacts.{compact}",
                )
            if not isinstance(states, dict):
                raise InputError(
                    f'{where}: credentials.compacts.{compact} must be a table of STATE = "YYYY-MM-DD" or false.',
                    code="invalid_config",
                    file=where,
                )
            for st, v in states.items():
                key = f"credentials.compacts.{compact}.{st}"
                if v is False:
                    self.rows[(compact, st.upper())] = Membership(
                        compact, st.upper(), "not_member", None, "V", where, "user override"
                    )
                    continue
                try:
                    day = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
                except ValueError:
                    raise InputError(
                        f"{where}: {key} = {v!r}: write the day the state honours the compact as "
                        '"YYYY-MM-DD", or false.',
                        code="invalid_config",
                        file=where,
                        field=key,
                        value=str(v),
                    ) from None
                self.rows[(compact, st.upper())] = Membership(
                    compact, st.upper(), "member", day, "V", where, "user override"
                )

    @classmethod
    def from_settings(cls, raw: dict[str, Any] | None, where: str = "teleclaim.toml") -> Compacts:
        over = ((raw or {}).get("credentials") or {}).get("compacts") or {}
        return cls(overrides=over, where=where) if over else default_compacts()

    def membership(self, compact: str, state: str) -> Membership | None:
        return self.rows.get((compact, state))

    def honoured(self, compact: str, state: str, on: dt.date) -> tuple[bool, Membership | None]:
        """(whether ``state`` honours ``compact`` on ``on``, the row it rests on)."""
        m = self.rows.get((compact, state))
        if m is None or m.status != "member":
            return False, m
        start = m.honoured_from or COMPACT_INFO[compact]["start"]
        return (start is None or start <= on), m

    def states(self, compact: str, on: dt.date) -> list[str]:
        return sorted(s for (c, s) in self.rows if c == compact and self.honoured(c, s, on)[0])

    def to_list(self) -> list[dict[str, Any]]:
        return [m.to_dict() for m in self.rows.values()]


@cache
def default_compacts() -> Compacts:
    return Compacts()

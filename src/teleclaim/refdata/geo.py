"""Geography facts for de-identified reporting: HIPAA safe-harbor 3-digit ZIPs and state codes.

``safe_zip3("03601-1234") -> "000"``: the first three digits of a ZIP, or ``000`` when that
3-digit area is one of the restricted areas of the HIPAA safe harbor (data/geo/zip3_restricted.yaml,
with its HHS source). ``state_code("District Of Columbia") -> "DC"``: USPS code of a state name as
CMS files spell it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (files("teleclaim.refdata") / "data" / "geo" / name).read_text(encoding="utf-8")
    )
    return data


def restricted_zip3() -> frozenset[str]:
    return frozenset(_load("zip3_restricted.yaml")["restricted"])


def safe_zip3(zip_code: str | None) -> str | None:
    """First 3 digits of a ZIP (5 or 9 digits, with or without dash), ``000`` for a restricted area;
    None when the value is not a ZIP."""
    if not zip_code:
        return None
    digits = "".join(ch for ch in str(zip_code) if "0" <= ch <= "9")
    if len(digits) < 5:
        return None
    z3 = digits[:3]
    return "000" if z3 in restricted_zip3() else z3


@cache
def _states() -> dict[str, str]:
    return {k.strip().lower(): v for k, v in _load("us_states.yaml")["states"].items()}


def state_code(name: str | None) -> str | None:
    """USPS two-letter code of a state name (any case), or None (``National``, ``Territories``...)."""
    if not name:
        return None
    return _states().get(name.strip().lower())

"""What payers' codes mean, in our own words: CAS group codes, CARC, RARC, PLB reasons, CLP02
claim statuses and 277CA STC category/status/entity codes (``remit_codes.yaml``, with sources).

``describe(table, code)`` returns the summary or ``None``; ``explain_adjustment("CO", "45")`` joins
the group and the reason. Descriptions are teleclaim's summaries; X12 owns the official wording.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

TABLES = ("groups", "carc", "rarc", "plb", "clp02", "stc_category", "stc_status", "entities")


@cache
def _data() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((files("teleclaim.refdata") / "remit_codes.yaml").read_text("utf-8"))
    return raw


def table(name: str) -> dict[str, str]:
    """code -> our summary for one of ``TABLES``."""
    if name not in TABLES:
        raise KeyError(f"no code table {name!r}; tables: {', '.join(TABLES)}")
    return {str(k): str(v) for k, v in _data()[name]["codes"].items()}


def sources() -> list[dict[str, str]]:
    return list(_data()["sources"])


def describe(name: str, code: str | None) -> str | None:
    if not code:
        return None
    return table(name).get(str(code))


def explain_adjustment(group: str, reason: str) -> str:
    """``"CO-45: contractual (...): the charge is above ..."`` with whatever is known."""
    g = describe("groups", group)
    r = describe("carc", reason)
    text = f"{group}-{reason}"
    if r:
        text += f": {r}"
    else:
        text += ": (no summary in teleclaim yet; see the X12 CARC list)"
    if g:
        text += f" [{group}: {g.split(';')[0]}]"
    return text

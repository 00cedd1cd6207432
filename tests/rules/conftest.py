"""Fixtures of the rule tests: the code sets the cases run against."""

from __future__ import annotations


from pathlib import Path

import pytest
import yaml

from teleclaim.refdata.curated import CuratedSets

HERE = Path(__file__).parent


def stand_in_codes() -> CuratedSets:
    raw = yaml.safe_load((HERE / "fixtures" / "codes.yml").read_text())
    entries = []
    for system, codes in raw.items():
        for code, e in codes.items():
            e = e or {}
            entries.append({
                "system": system, "code": str(code), "name": str(code),
                "effective_from": e.get("from"), "effective_to": e.get("to"),
                "companion": {"revenue_codes": e["revenue_codes"]} if "revenue_codes" in e else {},
            })
    return CuratedSets(entries)


def case_codes():
    """The curated code sets when the package has them (G0299 present), else the stand-in."""
    from teleclaim.rules.context import default_codes

    cs = default_codes()
    if cs is not None and cs.get("hcpcs", "G0299") and cs.get("point_of_origin", "B"):
        return cs
    return stand_in_codes()


@pytest.fixture(scope="session")
def codes():
    return case_codes()




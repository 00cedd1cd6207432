"""The fast JSON writers of `check` give the bytes of the one encoder (service.encoding.dumps)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from teleclaim.service.encoding import dumps, dumps_line, dumps_object

_plain = st.one_of(st.none(), st.booleans(), st.integers(), st.text())
_any = st.one_of(
    _plain,
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
    st.lists(_plain, max_size=3),
    st.dictionaries(st.text(max_size=5), _plain, max_size=3),
)


@given(st.dictionaries(st.text(max_size=8), _any, max_size=8))
def test_json_line_and_object_match_the_encoder(obj: dict) -> None:
    assert dumps_line(obj) == dumps(obj, indent=None)
    assert dumps_object(obj, "    ") == "\n".join("    " + x for x in dumps(obj).split("\n"))


def test_a_finding_with_money_and_a_date_in_its_details() -> None:
    obj = {"rule": "HH012", "line": 3, "value": "ü", "details": {"paid": Decimal("160.00"), "day": dt.date(2026, 3, 2)}}
    line = dumps_line(obj)
    assert json.loads(line)["details"] == {"paid": "160.00", "day": "2026-03-02"}
    assert "ü" in line  # not escaped: the same bytes as `dumps`

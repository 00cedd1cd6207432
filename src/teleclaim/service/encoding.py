"""The one JSON encoder of teleclaim: pydantic's ``to_jsonable_python``.

Money (``Decimal``) becomes a string (``"160.00"``), dates ISO strings, sets and tuples lists,
dataclasses and pydantic models objects. The CLI, the API and the web UI all print through it, so
the same answer has the same bytes in every face.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from pydantic_core import to_jsonable_python


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON types (anything unknown becomes its ``str``)."""
    return to_jsonable_python(obj, fallback=str)


def dumps(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(jsonable(obj), indent=indent, ensure_ascii=False)


#: value types written as they are (their JSON is json's own): the members of a finding, mostly
_AS_IS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


def dumps_line(obj: dict[str, Any]) -> str:
    """``dumps(obj, indent=None)``, the same bytes, for a flat object such as a finding's
    ``to_dict()`` (one JSON line of ``check --format jsonl``): an object of plain members goes
    straight to ``json.dumps`` (pydantic's conversion would hand it back unchanged)."""
    for v in obj.values():
        if type(v) not in _AS_IS:
            return dumps(obj, indent=None)
    return json.dumps(obj, ensure_ascii=False)


def dumps_object(obj: dict[str, Any], margin: str = "") -> str:
    """``textwrap.indent(dumps(obj), margin)``, the same bytes, for a flat object such as a finding's
    ``to_dict()``: its plain members are written directly, the others (lists, dicts, money, dates)
    through ``dumps``. Used for every finding ``check --format json`` writes."""
    if not obj:
        return margin + "{}"
    inner = margin + "  "
    parts = []
    for k, v in obj.items():
        if type(k) is not str:
            return margin + dumps(obj).replace("\n", "\n" + margin)
        enc = _AS_IS.get(type(v))
        text = enc(v) if enc is not None else dumps(v).replace("\n", "\n" + inner)
        parts.append(f"{inner}{encode_basestring(k)}: {text}")
    return margin + "{\n" + ",\n".join(parts) + "\n" + margin + "}"

"""The one JSON encoder of teleclaim: pydantic's ``to_jsonable_python``.

Money (``Decimal``) becomes a string (``"160.00"``), dates ISO strings, sets and tuples lists,
dataclasses and pydantic models objects. The CLI, the API and the web UI all print through it, so
the same answer has the same bytes in every face.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import to_jsonable_python


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON types (anything unknown becomes its ``str``)."""
    return to_jsonable_python(obj, fallback=str)


def dumps(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(jsonable(obj), indent=indent, ensure_ascii=False)

"""The JSON claim form: the model's own schema, for integrators without X12.

``claim_to_json(claim)`` gives a JSON-ready dict (money as strings, dates ISO);
``claim_from_json(obj, where=...)`` validates and builds a ``Claim``; ``json_schema()`` publishes
the JSON Schema (``teleclaim schema claim``). Validation errors become one ``InputError`` naming
the JSON path, the bad value and what is expected.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

from teleclaim.errors import InputError
from teleclaim.model.claim import Claim

if TYPE_CHECKING:
    from pydantic import TypeAdapter

_EXCLUDE = {"source"}


@cache
def _adapter() -> TypeAdapter[Claim]:
    from pydantic import TypeAdapter

    return TypeAdapter(Claim)


def claim_to_json(claim: Claim) -> dict[str, Any]:
    return cast("dict[str, Any]", _adapter().dump_python(claim, mode="json", exclude=_EXCLUDE))


def claim_from_json(obj: Any, where: str = "<json>") -> Claim:
    from pydantic import ValidationError

    if isinstance(obj, dict) and ("source" in obj or "teleclaim_version" in obj):
        obj = {k: v for k, v in obj.items() if k not in ("source", "teleclaim_version")}
    try:
        return _adapter().validate_python(obj)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            value = err.get("input")
            msg = (
                "not a field of the claim form (misspelt?)"
                if err.get("type") in ("unexpected_keyword_argument", "extra_forbidden")
                else err["msg"]
            )
            problems.append(
                {
                    "pointer": "/" + "/".join(str(p) for p in err["loc"]),
                    "message": msg,
                    "value": value if isinstance(value, (str, int, float, bool)) or value is None else str(value)[:80],
                }
            )
        text = "; ".join(f"claim field {p['pointer']}: {p['message']}" for p in problems)
        first = problems[0]
        raise InputError(
            f"{where}: {text}. Fix the value{'s' if len(problems) > 1 else ''} or see `teleclaim schema claim`.",
            code="invalid_claim_json",
            file=where,
            pointer=first["pointer"],
            value=first["value"],
            problems=problems if len(problems) > 1 else None,
        ) from None


def json_schema() -> dict[str, Any]:
    schema: dict[str, Any] = _adapter().json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "teleclaim claim"
    return schema

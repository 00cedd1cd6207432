"""Code selection (public): ``POST /v1/suggest`` takes an encounter (or a list of them) as JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from teleclaim.api.deps import Service, answer, bearer, errors, read_small_body, service
from teleclaim.errors import InputError
from teleclaim.service.suggesting import suggest

router = APIRouter()

_ENCOUNTER = {"$ref": "#/components/schemas/Encounter"}
#: the body, declared for OpenAPI (the route reads it raw: a form-urlencoded Content-Type, as
#: ``curl --data-binary`` sends, is read as JSON too)
BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One encounter, or a list of them",
        "content": {
            "application/json": {
                "schema": {"oneOf": [_ENCOUNTER, {"type": "array", "items": _ENCOUNTER, "minItems": 1}]}
            }
        },
    }
}


@router.post(
    "/v1/suggest",
    tags=["selection"],
    summary="Codes to bill for an encounter, with reasons",
    openapi_extra=BODY,
    responses=errors(405, 413, 422),
)
async def post_suggest(request: Request, svc: Service = Depends(service)) -> JSONResponse:
    raw = await read_small_body(request, svc, "the encounter body")
    try:
        obj = json.loads(raw or b"null")
    except ValueError as exc:
        raise InputError(
            f'the body is not JSON ({exc}); send an encounter object such as {{"kind": "home_health_visit", ...}}',
            code="invalid_json",
        ) from None
    roster = None  # the roster is internal: npi + patient_state are judged only for a caller with a key
    if bearer(request) and svc.keys.verify(bearer(request)).ok and '"npi"' in raw.decode("utf-8", "replace"):
        from teleclaim.service.credentials import load_index

        roster = load_index(svc.settings)
    return answer(suggest(obj, profiles=svc.profiles(), roster=roster))

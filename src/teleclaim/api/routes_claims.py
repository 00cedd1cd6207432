"""Claims (API key): ``POST /v1/check`` (findings) and ``POST /v1/ack`` (a 999) for an uploaded file.

The body is the file itself: an 837 (``text/plain``, ``application/edi-x12``) or claims in the JSON
claim form (``application/json``: one claim or a list; ``application/x-ndjson``: one per line). The
content decides, not the Content-Type (``curl --data-binary`` sends form-urlencoded). The key is
checked before any byte of the body is read; the body is streamed to a temporary file.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from teleclaim.api.deps import (
    DATE_PATTERN,
    Service,
    _date,
    answer,
    errors,
    require_key,
    run_check_file,
    service,
    spool,
    with_timeout,
)
from teleclaim.errors import TeleclaimError
from teleclaim.report.json import render as render_json
from teleclaim.report.sarif import render as render_sarif
from teleclaim.service.encoding import jsonable
from teleclaim.service.rules import catalog
from teleclaim.service.uploads import upload_name
from teleclaim.service.x12files import acknowledge_file

router = APIRouter()

_X12 = {"schema": {"type": "string", "minLength": 106, "pattern": "^\\s*ISA"}}  # example: api/openapi.py
_CLAIM = {"$ref": "#/components/schemas/Claim"}
X12_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An X12 5010 837I/837P file",
        "content": {"text/plain": _X12, "application/edi-x12": _X12},
    }
}
CLAIMS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An 837 file, or claims in the JSON claim form (`teleclaim schema claim`)",
        "content": {
            "text/plain": _X12,
            "application/edi-x12": _X12,
            "application/json": {"schema": {"oneOf": [_CLAIM, {"type": "array", "items": _CLAIM, "minItems": 1}]}},
            "application/x-ndjson": {
                "schema": {"type": "string", "minLength": 2, "description": "One claim (JSON object) per line"}
            },
        },
    }
}


def _audit(svc: Service, key: str, what: str, status: int, note: str) -> None:
    svc.keys.audit(key, what, status, note)


@router.post(
    "/v1/check",
    tags=["claims"],
    summary="Check an 837 file or JSON claims (API key)",
    openapi_extra=CLAIMS_BODY,
    responses=errors(401, 405, 413, 415, 422, 504),
)
async def post_check(
    request: Request,
    format: str = Query("json", pattern="^(json|sarif)$", description="json or sarif"),
    as_of: str | None = Query(
        None,
        description="Check as on this day (YYYY-MM-DD)",
        pattern=DATE_PATTERN,
        json_schema_extra={"format": "date"},
    ),
    payer: str | None = Query(None, description="Judge every claim by this payer profile"),
    select: list[str] = Query(default=[], description="Run only these rules"),
    ignore: list[str] = Query(default=[], description="Skip these rules"),
    fail_on: str = Query("error", pattern="^(error|warning)$"),
    name: str | None = Query(None, description="File name the findings carry"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    path = await spool(request, svc)
    try:
        fname = name or upload_name(path, request.headers.get("content-type", ""))
        report = await with_timeout(
            svc,
            lambda: run_check_file(
                svc, path, fname, as_of=_date(as_of, "as_of"), payer=payer, select=select, ignore=ignore
            ),
        )
    except TeleclaimError as exc:
        _audit(svc, key, "POST /v1/check", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    s = report.summary()
    _audit(svc, key, "POST /v1/check", 200, f"claims={s['claims']} findings={s['findings']}")
    headers = {"X-Teleclaim-Exit": "1" if report.reaches(fail_on) else "0"}
    if format == "sarif":
        return JSONResponse(jsonable(render_sarif(report, catalog())), headers=headers)
    return answer(render_json(report), headers=headers)


@router.post(
    "/v1/ack",
    tags=["claims"],
    summary="A 999 acknowledgment for an 837 file (API key)",
    openapi_extra=X12_BODY,
    response_class=Response,
    responses={
        200: {
            "content": {"application/edi-x12": {"schema": {"type": "string"}}},
            "description": "The 999 (X-Teleclaim-Accepted: 1 when every set is accepted)",
        },
        **errors(401, 405, 413, 415, 422, 504),
    },
)
async def post_ack(
    request: Request,
    format: str = Query(
        "999", pattern="^(999|277ca)$", description="999 (default), or 277ca: a 277CA answering each claim"
    ),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> Response:
    if format == "277ca":
        from teleclaim.api.routes_remit import ack_277ca_response

        return await ack_277ca_response(request, key, svc)
    path = await spool(request, svc)
    try:
        result = await with_timeout(svc, lambda: acknowledge_file(path, name="upload.837"))
    except TeleclaimError as exc:
        _audit(svc, key, "POST /v1/ack", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    _audit(svc, key, "POST /v1/ack", 200, "accepted" if result.all_accepted else "errors")
    headers = {"X-Teleclaim-Accepted": "1" if result.all_accepted else "0"}
    if result.interchanges:  # TA1: "ISA13 TA104 TA105" per interchange with an interchange-level problem
        headers["X-Teleclaim-TA1"] = ", ".join(" ".join(t) for t in result.interchanges)
    return PlainTextResponse(result.text, media_type="application/edi-x12", headers=headers)

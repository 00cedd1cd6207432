"""Fees endpoints: ``GET /v1/price/{code}`` (public reference data) and ``POST /v1/estimate``
(claims: API key). Both answer the same JSON as ``teleclaim price`` / ``teleclaim estimate``."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from teleclaim.api.deps import Service, _date, answer, errors, require_key, service, spool, with_timeout
from teleclaim.errors import InputError, TeleclaimError
from teleclaim.service.uploads import upload_name

router = APIRouter()
_local = threading.local()


def _pricer(svc: Service) -> Any:
    from teleclaim.service.fees import thread_pricer

    return thread_pricer(svc, svc.settings)


_PRICE_DOC = {
    "200": {
        "description": "The fee schedule amount (the `teleclaim price` JSON)",
        "content": {
            "application/json": {
                "example": {
                    "code": "99213",
                    "release": "RVU25D",
                    "pos": "10",
                    "setting": "non_facility",
                    "payable": True,
                    "allowed": "109.15",
                }
            }
        },
    },
    **errors(404, 405, 422),
}


@router.get(
    "/v1/price/{code}", tags=["fees"], summary="Medicare physician fee schedule amount of a code", responses=_PRICE_DOC
)
def get_price(
    code: str,
    on: str = Query(..., description="Date of service, YYYY-MM-DD"),
    modifier: str | None = None,
    locality: str | None = Query(None, description="MAC-NN"),
    zip: str | None = Query(None, description="ZIP5: its locality from the CMS ZIP5 file"),
    pos: str | None = Query(None, description="Place of service"),
    payer: str | None = Query(None, description="Payer profile whose fee schedule prices it"),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.fees import price

    day = _date(on, "on")
    if day is None:
        raise InputError("on: give the date of service (YYYY-MM-DD).", code="invalid_input", parameter="on")
    return answer(
        price(
            code,
            on=day,
            modifier=modifier,
            locality=locality,
            zip5=zip,
            pos=pos,
            payer=payer,
            settings=svc.settings,
            the_pricer=_pricer(svc),
            payer_option="payer",
        )
    )


@router.post(
    "/v1/estimate",
    tags=["fees"],
    summary="Estimate what claims should be allowed (API key)",
    responses={
        "200": {"description": "The `teleclaim estimate` JSON: claims with lines, notes and a summary"},
        **errors(401, 405, 413, 415, 422, 504),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/edi-x12": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
async def post_estimate(
    request: Request,
    payer: str | None = None,
    as_of: str | None = None,
    name: str | None = Query(None, description="File name the claims carry"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.fees import estimate_files

    path = await spool(request, svc)
    try:
        fname = name or upload_name(path, request.headers.get("content-type", ""))
        result = await with_timeout(
            svc,
            lambda: estimate_files(
                [path],
                names=[fname],
                payer=payer,
                settings=svc.settings,
                as_of=_date(as_of, "as_of"),
                payer_option="payer",
            ),
        )
    except TeleclaimError as exc:
        svc.keys.audit(key, "POST /v1/estimate", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    svc.keys.audit(key, "POST /v1/estimate", 200, f"claims={result['summary']['claims']}")
    return answer(result)

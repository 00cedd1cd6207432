"""The roster endpoints (issue 15). The roster is internal data: every endpoint needs the API key.

- ``GET /v1/clinicians``: the roster with status and what lapses in 60 days (``clinicians list``);
- ``GET /v1/clinicians/{npi}``: one clinician (``clinicians show``);
- ``POST /v1/clinicians``: import a roster (JSON form or CSV form body; all or nothing);
- ``GET /v1/can-treat?npi=&state=&on=&payer=&mode=``: the ``can-treat`` answer (header
  ``X-Teleclaim-Exit`` 0 allowed / 1 not, as the CLI's exit code).
Each answers the CLI's JSON.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from teleclaim.api.deps import Service, _date, answer, errors, require_key, service, spool, with_timeout
from teleclaim.errors import TeleclaimError

router = APIRouter(tags=["credentials"])

_CAN_TREAT_EXAMPLE = {
    "teleclaim_version": "0.1.0",
    "npi": "1234567893",
    "state": "TX",
    "on": "2026-03-02",
    "payer": "medicare",
    "mode": "telehealth",
    "allowed": True,
    "basis": [{"kind": "license", "state": "TX", "number": "Q1234", "expires": "2027-01-31"}],
    "problems": [],
    "warnings": [],
}


@router.get(
    "/v1/clinicians",
    responses=errors(401, 405, 422, 503, 504),
    summary="The clinician roster with status and what lapses in 60 days (API key)",
)
async def list_clinicians(
    on: str | None = None, key: str = Depends(require_key), svc: Service = Depends(service)
) -> JSONResponse:
    from teleclaim.service.credentials import list_clinicians as run

    day = _date(on, "on")
    return answer(await with_timeout(svc, lambda: run(svc.settings, day)))


@router.get(
    "/v1/clinicians/{npi}",
    responses=errors(401, 404, 405, 422, 503, 504),
    summary="One clinician of the roster (API key)",
)
async def show_clinician(
    npi: str, on: str | None = None, key: str = Depends(require_key), svc: Service = Depends(service)
) -> JSONResponse:
    from teleclaim.service.credentials import show_clinician as run

    day = _date(on, "on")
    return answer(await with_timeout(svc, lambda: run(svc.settings, npi, day)))


@router.post(
    "/v1/clinicians",
    responses=errors(401, 405, 413, 422, 503, 504),
    summary="Import a roster: JSON form or CSV form body (API key)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "description": "the roster JSON form (`teleclaim schema roster`)"}
                },
                "text/csv": {"schema": {"type": "string", "description": "the roster CSV form"}},
            },
        }
    },
)
async def import_clinicians(
    request: Request,
    name: str | None = Query(None, description="File name for messages and the audit row"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.credentials import import_roster

    path = await spool(request, svc)
    fname = name or ("upload.csv" if "csv" in request.headers.get("content-type", "") else "upload.json")
    try:
        res = await with_timeout(svc, lambda: import_roster(svc.settings, path, fname, key_name=key))
    except TeleclaimError as exc:
        svc.keys.audit(key, "POST /v1/clinicians", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    svc.keys.audit(key, "POST /v1/clinicians", 200, f"clinicians={res['clinicians']}")
    return answer(res)


@router.get(
    "/v1/can-treat",
    summary="May this clinician treat a patient in that state on that day? (API key)",
    responses={
        200: {"content": {"application/json": {"example": _CAN_TREAT_EXAMPLE}}},
        **errors(401, 405, 422, 503, 504),
    },
)
async def can_treat(
    npi: str,
    state: str,
    on: str | None = None,
    payer: str | None = None,
    mode: str = Query("telehealth", pattern="^(telehealth|in_person)$"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.credentials import can_treat_answer, today

    day = _date(on, "on") or today()
    res: dict[str, Any] = await with_timeout(
        svc, lambda: can_treat_answer(svc.settings, npi, state, day, payer=payer, mode=mode)
    )
    return answer(res, headers={"X-Teleclaim-Exit": "0" if res["allowed"] else "1"})

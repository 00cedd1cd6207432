"""Code reference endpoints (public): ``GET /v1/codes/{code}``, ``GET /v1/search``, ``GET /health``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from teleclaim.api.deps import DATE_PATTERN, Service, _date, answer, errors, service
from teleclaim.errors import StoreError
from teleclaim.service.reference import systems

router = APIRouter()

SYSTEM = Query(None, description="Code system", json_schema_extra={"enum": systems()})
ON = Query(
    None,
    description="Date of service, YYYY-MM-DD",
    pattern=DATE_PATTERN,
    json_schema_extra={"format": "date"},
    examples=["2026-03-02"],
)


@router.get(
    "/health",
    tags=["service"],
    summary="Liveness for load balancers, and whether the store answers",
    responses=errors(405, 503),
)
def health(svc: Service = Depends(service)) -> JSONResponse:
    store = svc.store_health()
    if not store["ok"]:  # the common error shape, naming the store (never a password)
        raise StoreError(store.get("message") or "the store does not answer", code="store_unavailable", store=store)
    return answer({"status": "ok", "store": store})


@router.get(
    "/v1/codes/{code}",
    tags=["reference"],
    responses=errors(404, 405, 422),
    summary="What a code means and whether it was valid on a date",
)
def get_code(
    code: str = Path(description="The code", examples=["G0320", "99213"]),
    on: str | None = ON,
    system: str | None = SYSTEM,
    svc: Service = Depends(service),
) -> JSONResponse:
    return answer(svc.reference.lookup(code, system=system or None, on=_date(on, "on")))


@router.get(
    "/v1/search",
    tags=["reference"],
    responses=errors(405, 422),
    summary="Find codes by code, words, synonyms or lay terms",
)
def get_search(
    q: str = Query(..., min_length=1, description="Code, words or lay terms"),
    system: str | None = SYSTEM,
    on: str | None = ON,
    limit: int = Query(10, ge=1, le=500, description="How many results"),
    svc: Service = Depends(service),
) -> JSONResponse:
    return answer(svc.reference.search(q, system=system or None, on=_date(on, "on"), limit=limit))

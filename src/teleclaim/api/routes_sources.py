"""``GET /v1/sources`` and ``GET /v1/sources/{id}``: the source registry (as ``teleclaim sources``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from teleclaim.api.deps import answer, errors
from teleclaim.service.sources import source_object, sources_object

router = APIRouter()


@router.get(
    "/v1/sources", tags=["rules"], responses=errors(405), summary="The sources teleclaim cites (id, title, link)"
)
def get_sources() -> JSONResponse:
    return answer(sources_object())


@router.get(
    "/v1/sources/{source_id}",
    tags=["rules"],
    responses=errors(404, 405, 422),
    summary="One source and the rules that cite it",
)
def get_source(source_id: str) -> JSONResponse:
    return answer(source_object(source_id))

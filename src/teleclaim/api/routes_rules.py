"""The edit catalog and payer profiles (public): ``GET /v1/rules``, ``/v1/rules/{code}``, ``/v1/payers``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from teleclaim.api.deps import Service, answer, errors, service
from teleclaim.service import rules as rule_service
from teleclaim.service.payers import profile_rows

router = APIRouter()


@router.get("/v1/rules", tags=["rules"], summary="The edit catalog", responses=errors(405))
def get_rules() -> JSONResponse:
    return answer(rule_service.catalog_object())


@router.get(
    "/v1/rules/{code}", tags=["rules"], summary="One rule's page (by code or name)", responses=errors(404, 405, 422)
)
def get_rule(code: str = Path(description="Rule code or name", examples=["HH013", "TH001"])) -> JSONResponse:
    return answer(rule_service.rule_object(code))


@router.get("/v1/payers", tags=["rules"], summary="The payer profiles in force", responses=errors(405))
def get_payers(svc: Service = Depends(service)) -> JSONResponse:
    return answer({"profiles": profile_rows(svc.profiles())})

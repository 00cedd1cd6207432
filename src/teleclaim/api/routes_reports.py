"""``/v1/reports/utilization``: the utilization report of the CLI, as JSON (API key required).

GET reads the claim ledger (claims kept by ``check --record``); POST reads the body (an 837 file or
JSON claims) and runs the checks to fill ``findings``. Both answer what ``teleclaim report
utilization --format json`` prints.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from teleclaim.api.deps import Service, _date, answer, errors, require_key, service, spool, with_timeout
from teleclaim.errors import TeleclaimError
from teleclaim.service.uploads import upload_name

router = APIRouter()

_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The utilization report (the JSON of `teleclaim report utilization --format json`)",
        "content": {
            "application/json": {
                "example": {
                    "teleclaim_version": "0.1.0",
                    "source": {"files": 1, "claims": 1200},
                    "months": [
                        {
                            "month": "2026-03",
                            "claims": 410,
                            "lines": 990,
                            "patients": 300,
                            "telehealth": {
                                "lines": 220,
                                "patients": 150,
                                "audio_only_lines": 31,
                                "by_pos": {"02": 40, "10": 180},
                                "by_modifier": {"95": 170, "93": 31},
                            },
                            "by_kind": {
                                "telehealth_em": 180,
                                "e_visit": 12,
                                "virtual_check_in": 9,
                                "rpm": 40,
                                "rtm": 3,
                            },
                            "work_rvu": None,
                            "estimated_allowed": None,
                        }
                    ],
                    "home_health": {
                        "periods": 95,
                        "periods_with_telecom": 41,
                        "visits": 1320,
                        "telecom_lines": {"G0320": 12, "G0321": 30, "G0322": 5},
                        "lupa_periods": None,
                    },
                    "clinicians": [{"npi": "1234567893", "lines": 120, "telehealth_lines": 60, "work_rvu": None}],
                    "findings": {"by_rule": {"TH006": 4}},
                }
            }
        },
    },
    401: {"description": "No valid API key"},
    422: {"description": "Bad parameter or unreadable claims"},
}

_BODY = {
    "requestBody": {
        "required": True,
        "description": "An X12 837I/837P file, or claims in the JSON claim form",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


@router.get(
    "/v1/reports/utilization",
    tags=["reports"],
    responses={**_ANSWER, **errors(401, 405, 422, 503, 504)},
    summary="Utilization report over the claim ledger (API key)",
)
async def get_utilization(
    since: str | None = Query(None, description="First service date (YYYY-MM-DD)"),
    until: str | None = Query(None, description="Last service date (YYYY-MM-DD)"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.reports import utilization_from_ledger

    s, u = _date(since, "since"), _date(until, "until")
    result = await with_timeout(svc, lambda: utilization_from_ledger(svc.settings, since=s, until=u))
    svc.keys.audit(key, "GET /v1/reports/utilization", 200, f"claims={result['source']['claims']}")
    return answer(result)


@router.post(
    "/v1/reports/utilization",
    tags=["reports"],
    responses={**_ANSWER, **errors(401, 405, 413, 415, 422, 504)},
    openapi_extra=_BODY,
    summary="Utilization report of an 837 file or JSON claims (API key)",
)
async def post_utilization(
    request: Request,
    since: str | None = Query(None, description="First service date (YYYY-MM-DD)"),
    until: str | None = Query(None, description="Last service date (YYYY-MM-DD)"),
    as_of: str | None = Query(None, description="Run the checks as on this day"),
    payer: str | None = Query(None, description="Judge every claim by this payer profile"),
    name: str | None = Query(None, description="File name the findings carry"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.reports import utilization_from_files

    s, u, day = _date(since, "since"), _date(until, "until"), _date(as_of, "as_of")
    path = await spool(request, svc)
    try:
        fname = name or upload_name(path, request.headers.get("content-type", ""))
        result: dict[str, Any] = await with_timeout(
            svc,
            lambda: utilization_from_files(
                [path], svc.settings, names=[fname], since=s, until=u, as_of=day, payer=payer, record=False
            ),
        )
    except TeleclaimError as exc:
        svc.keys.audit(key, "POST /v1/reports/utilization", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    svc.keys.audit(key, "POST /v1/reports/utilization", 200, f"claims={result['source']['claims']}")
    return answer(result)

"""Remittance endpoints (all need the API key: remittances and acknowledgments carry PHI).

    POST /v1/remit                multipart: `files` (one or more 835s), optional `claims` (the
                                  submitted 837s or JSON claims) -> the `teleclaim remit --json` object
    POST /v1/status               a 277CA / 277 file as the body -> each claim accepted or rejected
    POST /v1/ack?format=277ca     (in api/app.py) an 837 as the body -> our 277CA (``ack_277ca_response``)

Answers carry ``X-Teleclaim-Exit`` (0/1, as the CLI's exit code).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from teleclaim.api.deps import ApiError, Service, answer, errors, require_key, service, spool, with_timeout
from teleclaim.errors import TeleclaimError

router = APIRouter()


async def _save(upload: UploadFile, folder: Path, i: int, svc: Service, budget: list[int]) -> tuple[Path, str]:
    name = os.path.basename(upload.filename or f"upload{i}")
    path = folder / f"{i:03d}"
    with path.open("wb") as fh:
        while chunk := await upload.read(1 << 20):
            budget[0] += len(chunk)
            if budget[0] > svc.max_body:
                raise ApiError(
                    413,
                    f"the uploads are larger than {svc.max_body:,} bytes (send fewer files, or raise "
                    "server.max_body_bytes)",
                    code="body_too_large",
                    limit=svc.max_body,
                )
            fh.write(chunk)
    return path, name


@router.post(
    "/v1/remit",
    tags=["remittance"],
    responses=errors(401, 405, 413, 415, 422, 504),
    summary="Read 835 remittances: payments, balancing, denials traced to rules (API key)",
)
async def post_remit(
    files: list[UploadFile] = File(..., description="835 remittance files"),
    claims: list[UploadFile] = File(default=[], description="the submitted 837s or JSON claims"),
    key: str = Depends(require_key),
    svc: Service = Depends(service),
) -> JSONResponse:
    from teleclaim.service.checking import make_engine
    from teleclaim.service.remit import remit

    with tempfile.TemporaryDirectory(prefix="teleclaim-remit-") as tmp:
        budget = [0]
        saved = [await _save(f, Path(tmp), i, svc, budget) for i, f in enumerate(files)]
        sent = [await _save(f, Path(tmp), 500 + i, svc, budget) for i, f in enumerate(claims)]

        def run() -> Any:
            engine = make_engine(svc.settings, history=False) if sent else None
            return remit(
                [p for p, _ in saved],
                [n for _, n in saved],
                claims=[p for p, _ in sent] or None,
                claim_names=[n for _, n in sent] or None,
                engine=engine,
                denial_map_file=svc.settings.get("remit.denial_map"),
                ledger_settings=svc.settings,
            )

        try:
            result = await with_timeout(svc, run)
        except TeleclaimError as exc:
            svc.keys.audit(key, "POST /v1/remit", getattr(exc, "status", 422), f"error {exc.code}")
            raise
        out = result.to_dict()
    svc.keys.audit(key, "POST /v1/remit", 200, f"files={len(saved)} denials={out['denials']['claims']}")
    return answer(out, headers={"X-Teleclaim-Exit": "0" if result.balanced else "1"})


_X12_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/edi-x12": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post(
    "/v1/status",
    tags=["remittance"],
    responses=errors(401, 405, 413, 415, 422, 504),
    summary="Read a 277CA: each claim accepted or rejected (API key)",
    openapi_extra=_X12_BODY,
)
async def post_status(
    request: Request, name: str | None = None, key: str = Depends(require_key), svc: Service = Depends(service)
) -> JSONResponse:
    from teleclaim.service.remit import status

    path = await spool(request, svc)
    try:
        out = await with_timeout(svc, lambda: status([path], [name or "upload.277"]))
    except TeleclaimError as exc:
        svc.keys.audit(key, "POST /v1/status", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    svc.keys.audit(key, "POST /v1/status", 200, f"claims={out['claims']}")
    return answer(out, headers={"X-Teleclaim-Exit": "0"})


async def ack_277ca_response(request: Request, key: str, svc: Service) -> Response:
    """``POST /v1/ack?format=277ca``: the 277CA text for the 837 in the body (verdicts in headers)."""
    from teleclaim.service.checking import make_engine
    from teleclaim.service.remit import ack_277ca

    path = await spool(request, svc)
    try:
        result = await with_timeout(
            svc,
            lambda: ack_277ca(
                path,
                make_engine(svc.settings, history=False),
                "upload.837",
                denial_map_file=svc.settings.get("remit.denial_map"),
            ),
        )
    except TeleclaimError as exc:
        svc.keys.audit(key, "POST /v1/ack", getattr(exc, "status", 422), f"error {exc.code}")
        raise
    finally:
        path.unlink(missing_ok=True)
    t = result.totals()
    svc.keys.audit(key, "POST /v1/ack", 200, f"277ca accepted={t['accepted']} rejected={t['rejected']}")
    return PlainTextResponse(
        result.text,
        media_type="application/edi-x12",
        headers={
            "X-Teleclaim-Accepted": "1" if result.all_accepted else "0",
            "X-Teleclaim-Claims-Accepted": str(t["accepted"]),
            "X-Teleclaim-Claims-Rejected": str(t["rejected"]),
        },
    )

"""The REST API (FastAPI): thin routes over the library, the same JSON as the CLI.

::

    GET  /health                      load balancers
    GET  /v1/codes/{code}?on=&system= as `teleclaim code CODE --json`
    GET  /v1/search?q=&system=&on=    as `teleclaim search QUERY --json`
    GET  /v1/rules                    as `teleclaim rules --format json`
    GET  /v1/rules/{code}             as `teleclaim rules CODE --format json`
    POST /v1/suggest                  encounter JSON -> as `teleclaim suggest --format json`
    POST /v1/check?format=json|sarif  an 837 file or the JSON claim form as the body (API key)
    POST /v1/ack                      an 837 file as the body -> the 999 text (API key)

Every error is ``{"error": {"code", "message", ...}}`` (the CLI's JSON error shape), including 401,
404, 413, 422 and 504. Endpoints that receive claims need ``Authorization: Bearer KEY``; the key is
checked before any byte of the body is read. Bodies are streamed to a temporary file (size-limited,
memory stays flat) and read by the streaming X12 reader. Logs and the audit log hold counts, never
claim contents.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from teleclaim import __version__
from teleclaim.errors import InputError, TeleclaimError
from teleclaim.api.deps import (  # noqa: F401 - re-exported for older imports
    DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, ApiError, Service, _date, _jsonable, answer, bearer, error_response,
    require_key, run_check_file, service, spool, upload_name, with_timeout)

log = logging.getLogger("teleclaim.api")


class AccessLogWithoutQuery(logging.Filter):
    """Drops the query string from uvicorn's access log lines: a file name (``?name=``) or a search
    term may name a patient, and the log is read by more people than the claims."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0] + "?…", *args[3:])
        return True


def _quiet_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogWithoutQuery) for f in access.filters):
        access.addFilter(AccessLogWithoutQuery())


def create_app(settings: Any = None) -> FastAPI:
    from teleclaim.settings import load_settings

    _quiet_access_log()

    settings = settings or load_settings()
    app = FastAPI(title="teleclaim", version=__version__,
                  description="Telehealth and home-health billing: code reference, code selection, claim checks.",
                  docs_url="/docs", redoc_url=None, openapi_url="/openapi.json")
    app.state.service = Service(settings)

    @app.exception_handler(TeleclaimError)
    async def _teleclaim_error(request: Request, exc: TeleclaimError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if getattr(exc, "status", None) == 401 else None
        return error_response(exc, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()
        first = errs[0] if errs else {}
        where = "/".join(str(p) for p in first.get("loc", ()))
        return error_response(InputError(f"{where}: {first.get('msg', 'invalid request')}", code="invalid_request",
                                         location=where), status=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        msg = f"{request.method} {request.url.path}: " + (
            "no such endpoint (see /docs)" if exc.status_code == 404 else str(exc.detail))
        return error_response(ApiError(exc.status_code, msg, code=code), status=exc.status_code)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        log.debug("internal error", exc_info=True)
        return error_response(ApiError(500, "internal error; the server log has the details", code="internal_error"),
                              status=500)

    @app.middleware("http")
    async def _log(request: Request, call_next: Any) -> Response:
        t = time.perf_counter()
        response = await call_next(request)
        log.info("%s %s -> %s (%.1f ms)", request.method, request.url.path, response.status_code,
                 (time.perf_counter() - t) * 1000)
        return response

    # -- reference (public) ------------------------------------------------------------------------
    @app.get("/health", tags=["service"])
    def health() -> JSONResponse:
        return answer({"status": "ok"})

    @app.get("/v1/codes/{code}", tags=["reference"], summary="What a code means and whether it was valid on a date")
    def get_code(code: str, on: str | None = None, system: str | None = None,
                 svc: Service = Depends(service)) -> JSONResponse:
        return answer(svc.reference.lookup(code, system=system, on=_date(on, "on")))

    @app.get("/v1/search", tags=["reference"], summary="Find codes by code, words, synonyms or lay terms")
    def get_search(q: str = Query(..., min_length=1), system: str | None = None, on: str | None = None,
                   limit: int = Query(10, ge=1, le=500), svc: Service = Depends(service)) -> JSONResponse:
        return answer(svc.reference.search(q, system=system, on=_date(on, "on"), limit=limit))

    @app.get("/v1/rules", tags=["rules"], summary="The edit catalog")
    def get_rules() -> JSONResponse:
        from teleclaim.rules.docs import catalog_object

        return answer(catalog_object())

    @app.get("/v1/rules/{code}", tags=["rules"], summary="One rule's page (by code or name)")
    def get_rule(code: str) -> JSONResponse:
        from teleclaim.rules.docs import rule_object
        from teleclaim.rules.registry import find_rule

        return answer(rule_object(find_rule(code)))

    @app.get("/v1/payers", tags=["rules"], summary="The payer profiles in force")
    def get_payers(svc: Service = Depends(service)) -> JSONResponse:
        ps = svc.profiles()
        return answer({"profiles": [{"name": n, "label": ps.profile(n).label, "family": ps.profile(n).family,
                                     "example": ps.profile(n).example} for n in ps.names()]})

    # -- selection ---------------------------------------------------------------------------------
    @app.post("/v1/suggest", tags=["selection"], summary="Codes to bill for an encounter, with reasons")
    async def post_suggest(request: Request, svc: Service = Depends(service)) -> JSONResponse:
        import json

        raw = await request.body()
        if len(raw) > svc.max_body:
            raise ApiError(413, "the encounter body is too large", code="body_too_large", limit=svc.max_body)
        try:
            obj = json.loads(raw or b"null")
        except ValueError as exc:
            raise InputError(f"the body is not JSON ({exc}); send an encounter object such as "
                             '{"kind": "home_health_visit", ...}', code="invalid_json") from None
        from teleclaim.select import suggest
        from teleclaim.select._payer import use_profiles

        with use_profiles(svc.profiles()):
            return answer(suggest(obj))

    # -- claims (API key) --------------------------------------------------------------------------
    @app.post("/v1/check", tags=["claims"], summary="Check an 837 file or JSON claims (API key)")
    async def post_check(request: Request, format: str = Query("json", pattern="^(json|sarif)$"),
                         as_of: str | None = None, payer: str | None = None,
                         select: list[str] = Query(default=[]), ignore: list[str] = Query(default=[]),
                         fail_on: str = Query("error", pattern="^(error|warning)$"),
                         name: str | None = Query(None, description="File name the findings carry"),
                         key: str = Depends(require_key), svc: Service = Depends(service)) -> JSONResponse:
        path = await spool(request, svc)
        try:
            ctype = request.headers.get("content-type", "")
            fname = name or upload_name(path, ctype)
            report = await with_timeout(svc, lambda: run_check_file(
                svc, path, fname, as_of=_date(as_of, "as_of"), payer=payer,
                select=select, ignore=ignore))
        except TeleclaimError as exc:
            svc.keys.audit(key, "POST /v1/check", getattr(exc, "status", 422), f"error {exc.code}")
            raise
        finally:
            path.unlink(missing_ok=True)
        s = report.summary()
        svc.keys.audit(key, "POST /v1/check", 200, f"claims={s['claims']} findings={s['findings']}")
        headers = {"X-Teleclaim-Exit": "1" if report.reaches(fail_on) else "0"}
        if format == "sarif":
            from teleclaim.report.sarif import render as sarif
            from teleclaim.rules.registry import catalog

            return JSONResponse(_jsonable(sarif(report, catalog())), headers=headers)
        from teleclaim.report.json import render

        return answer(render(report), headers=headers)

    @app.post("/v1/ack", tags=["claims"], summary="A 999 acknowledgment for an 837 file (API key)")
    async def post_ack(request: Request, key: str = Depends(require_key), svc: Service = Depends(service)) -> Response:
        path = await spool(request, svc)

        def run() -> Any:
            from teleclaim.x12 import X12Reader
            from teleclaim.x12.ack import acknowledge

            reader = X12Reader(path, name="upload.837")
            for _ in reader.claims():
                pass
            return acknowledge(reader)

        try:
            result = await with_timeout(svc, run)
        except TeleclaimError as exc:
            svc.keys.audit(key, "POST /v1/ack", getattr(exc, "status", 422), f"error {exc.code}")
            raise
        finally:
            path.unlink(missing_ok=True)
        svc.keys.audit(key, "POST /v1/ack", 200, "accepted" if result.all_accepted else "errors")
        return PlainTextResponse(result.text, media_type="application/edi-x12",
                                 headers={"X-Teleclaim-Accepted": "1" if result.all_accepted else "0"})

    from teleclaim.api import routes_fees

    app.include_router(routes_fees.router)

    from teleclaim.api.routes_reports import router as reports_router

    app.include_router(reports_router)

    try:
        from teleclaim.web import mount
    except ImportError:  # pragma: no cover - web UI not installed
        pass
    else:
        mount(app)
    return app

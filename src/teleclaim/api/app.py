"""The REST API (FastAPI): thin routers over the service layer, the same JSON as the CLI.

::

    GET  /health                      load balancers                               routes_reference
    GET  /v1/codes/{code}?on=&system= as `teleclaim code CODE --json`              routes_reference
    GET  /v1/search?q=&system=&on=    as `teleclaim search QUERY --json`           routes_reference
    GET  /v1/rules                    as `teleclaim rules --format json`           routes_rules
    GET  /v1/rules/{code}             as `teleclaim rules CODE --format json`      routes_rules
    GET  /v1/payers                   the payer profiles in force                  routes_rules
    POST /v1/suggest                  encounter JSON -> as `teleclaim suggest`     routes_suggest
    POST /v1/check?format=json|sarif  an 837 or JSON claims -> findings (API key)  routes_claims
    POST /v1/ack                      an 837 -> the 999 text (API key;             routes_claims
                                      ?format=277ca: a 277CA)
    POST /v1/remit, /v1/status        835 / 277CA files -> JSON (API key)          routes_remit
    GET|POST /v1/clinicians, GET /v1/can-treat   the roster (API key)          routes_credentials

Every error is ``{"error": {"code", "message", ...}}`` (the CLI's JSON error shape, ``ErrorBody`` in
``/openapi.json``), including 401, 404, 405 (with ``Allow``), 413, 422 and 504. Endpoints that
receive claims need ``Authorization: Bearer KEY`` (``HTTPBearer`` in OpenAPI); the key is checked
before any byte of the body is read. Bodies are streamed to a temporary file (size-limited, memory
stays flat). Logs and the audit log hold counts, never claim contents. ``/docs`` works offline.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from teleclaim._version import __version__
from teleclaim.api.deps import ApiError, Service, error_response
from teleclaim.errors import InputError, TeleclaimError

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


async def _teleclaim_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TeleclaimError)
    headers = {"WWW-Authenticate": "Bearer"} if getattr(exc, "status", None) == 401 else None
    return error_response(exc, headers=headers)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errs = exc.errors()
    first = errs[0] if errs else {}
    loc = [str(p) for p in first.get("loc", ())]
    name = loc[-1] if loc else "request"  # the parameter's own name (`limit`), never a CLI option
    return error_response(
        InputError(
            f"{name}: {first.get('msg', 'invalid request')}",
            code="invalid_request",
            location="/".join(loc),
            parameter=name,
        ),
        status=422,
    )


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    msg = f"{request.method} {request.url.path}: " + (
        "no such endpoint (see /docs)" if exc.status_code == 404 else str(exc.detail)
    )
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:  # every method of the path: Starlette names only the first route's
        headers = {**(headers or {}), "Allow": _allowed(request)}
    return error_response(ApiError(exc.status_code, msg, code=code), status=exc.status_code, headers=headers)


def _allowed(request: Request) -> str:
    """The methods the request's path accepts, from the OpenAPI paths (routers may be nested)."""
    import re

    table = getattr(request.app.state, "allowed_methods", None)
    if table is None:
        table = []
        for path, ops in request.app.openapi().get("paths", {}).items():
            rx = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
            table.append((rx, {m.upper() for m in ops}))
        request.app.state.allowed_methods = table
    methods: set[str] = set()
    for rx, ms in table:
        if rx.match(request.url.path):
            methods |= ms
    return ", ".join(sorted(methods))


async def _internal(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    log.debug("internal error", exc_info=True)
    return error_response(
        ApiError(500, "internal error; the server log has the details", code="internal_error"), status=500
    )


async def _log(request: Request, call_next: Any) -> Response:
    t = time.perf_counter()
    response = await call_next(request)
    log.info(
        "%s %s -> %s (%.1f ms)",
        request.method,
        request.url.path,
        response.status_code,
        (time.perf_counter() - t) * 1000,
    )
    return response


def create_app(settings: Any = None) -> FastAPI:
    from teleclaim.api import (
        openapi,
        routes_claims,
        routes_credentials,
        routes_fees,
        routes_reference,
        routes_remit,
        routes_reports,
        routes_rules,
        routes_sources,
        routes_suggest,
    )

    _quiet_access_log()
    if settings is None:
        from teleclaim.settings import load_settings

        settings = load_settings()
    app = FastAPI(
        title="teleclaim",
        version=__version__,
        description="Telehealth and home-health billing: code reference, code selection, claim checks.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = Service(settings)
    app.add_exception_handler(TeleclaimError, _teleclaim_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _internal)
    app.middleware("http")(_log)
    # one line per area (round-2 routers add theirs here)
    app.include_router(routes_reference.router)
    app.include_router(routes_rules.router)
    app.include_router(routes_suggest.router)
    app.include_router(routes_claims.router)
    app.include_router(routes_remit.router)
    app.include_router(routes_credentials.router)
    app.include_router(routes_sources.router)
    app.include_router(routes_fees.router)
    app.include_router(routes_reports.router)
    openapi.install(app)
    from teleclaim.web import mount

    mount(app)
    return app

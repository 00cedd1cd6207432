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
from teleclaim.errors import InputError, NotFoundError, TeleclaimError

log = logging.getLogger("teleclaim.api")
DEFAULT_MAX_BODY = 256 * 1024 * 1024
DEFAULT_TIMEOUT = 300.0


class ApiError(TeleclaimError):
    """An error with an HTTP status (401, 413, 504 ...), rendered in the common error shape."""

    def __init__(self, status: int, message: str, *, code: str, **details: Any) -> None:
        super().__init__(message, code=code, **details)
        self.status = status


def error_response(exc: TeleclaimError, status: int | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    if status is None:
        status = getattr(exc, "status", None) or (404 if isinstance(exc, NotFoundError) else
                                                  415 if type(exc).__name__ == "UnsupportedFileError" else
                                                  422 if isinstance(exc, InputError) else 500)
    return JSONResponse(exc.to_dict(), status_code=status, headers=headers)


def _default(o: Any) -> Any:
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    return str(o)  # Decimal money as "160.00", like the CLI


def _jsonable(obj: Any) -> Any:
    import json

    return json.loads(json.dumps(obj, default=_default))


def answer(obj: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(_jsonable({"teleclaim_version": __version__, **obj}), status_code=status, headers=headers)


class Service:
    """What the routes share: settings, the reference, the key store (one per thread)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.max_body = int(settings.get("server.max_body_bytes") or DEFAULT_MAX_BODY)
        self.timeout = float(settings.get("server.timeout_seconds") or DEFAULT_TIMEOUT)
        self._local = threading.local()
        self._reference: Any = None
        self._lock = threading.Lock()

    @property
    def reference(self) -> Any:
        if self._reference is None:
            with self._lock:
                if self._reference is None:
                    from teleclaim.library import open_reference

                    self._reference = open_reference(self.settings)
        return self._reference

    @property
    def keys(self) -> Any:
        ks = getattr(self._local, "keys", None)
        if ks is None:
            from teleclaim.store import open_store
            from teleclaim.store.keys import KeyStore

            ks = self._local.keys = KeyStore(open_store(self.settings))
        return ks

    def profiles(self) -> Any:
        from teleclaim.refdata.payers import Profiles

        return Profiles(self.settings.raw, where="server settings")


def service(request: Request) -> Service:
    return request.app.state.service


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization") or ""
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require_key(request: Request, svc: Service = Depends(service)) -> str:
    """The caller's key name, or 401 before anything of the body is read."""
    check = svc.keys.verify(bearer(request))
    if not check.ok:
        svc.keys.audit(check.name, f"{request.method} {request.url.path}", 401, f"key {check.reason}")
        why = {"missing": "no API key: send it as `Authorization: Bearer KEY` (create one with "
                          "`teleclaim keys create NAME`)",
               "unknown": "the API key is not valid", "revoked": "the API key was revoked",
               "expired": "the API key has expired"}[check.reason or "unknown"]
        raise ApiError(401, why, code="unauthorized", reason=check.reason)
    return check.name or ""


async def spool(request: Request, svc: Service) -> Path:
    """Stream the request body to a temporary file; 413 past the limit. The caller deletes it."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > svc.max_body:
        raise ApiError(413, f"the body is {int(declared):,} bytes; this server accepts at most {svc.max_body:,} "
                            "(split the file, or raise server.max_body_bytes)", code="body_too_large",
                       limit=svc.max_body)
    fd, name = tempfile.mkstemp(prefix="teleclaim-", suffix=".upload")
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            async for chunk in request.stream():
                size += len(chunk)
                if size > svc.max_body:
                    raise ApiError(413, f"the body is larger than {svc.max_body:,} bytes (split the file, or raise "
                                        "server.max_body_bytes)", code="body_too_large", limit=svc.max_body)
                fh.write(chunk)
    except BaseException:
        os.unlink(name)
        raise
    if size == 0:
        os.unlink(name)
        raise ApiError(422, "the body is empty: send an 837 file or claims in the JSON claim form",
                       code="empty_body")
    return Path(name)


async def with_timeout(svc: Service, fn: Any, *args: Any) -> Any:
    try:
        return await asyncio.wait_for(run_in_threadpool(fn, *args), timeout=svc.timeout)
    except asyncio.TimeoutError:
        raise ApiError(504, f"the request took longer than {svc.timeout:g} s; split the file or raise "
                            "server.timeout_seconds", code="timeout") from None


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}={value!r}: not a date; write it as YYYY-MM-DD.", code="invalid_input",
                         parameter=name, value=value) from None


def upload_name(path: Path, ctype: str) -> str:
    """The name an unnamed upload's findings carry: ``upload.json`` for JSON claims, else ``upload.837``.

    The body decides before the Content-Type (``curl --data-binary`` sends form-urlencoded); the
    checker itself reads by content, JSON lines or one document alike (``checking._kind_of``)."""
    from teleclaim.x12 import sniff

    with path.open("rb") as fh:
        kind = sniff(fh.read(4096))
    return "upload.json" if kind == "json" or (kind == "unknown" and "json" in ctype) else "upload.837"


def checked_payer(svc: Service, payer: str | None, where: str) -> str | None:
    """``payer`` when it names a profile in force; else an error naming the parameter."""
    if payer:
        svc.profiles().profile(payer, where=where)
    return payer


def run_check_file(svc: Service, path: Path, name: str, *, as_of: dt.date | None, payer: str | None,
                   select: list[str], ignore: list[str]) -> Any:
    from teleclaim.checking import make_engine, run_check

    engine = make_engine(svc.settings, select=select or None, ignore=ignore or None, as_of=as_of, payer=payer)
    return run_check([path], engine, names=[name])


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
                svc, path, fname, as_of=_date(as_of, "as_of"), payer=checked_payer(svc, payer, "payer"),
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

    try:
        from teleclaim.web import mount
    except ImportError:  # pragma: no cover - web UI not installed
        pass
    else:
        mount(app)
    return app

"""What the API routes share: the per-app Service, the key check, body spooling, the answer shape,
and the OpenAPI declarations of bodies and errors.

Routers (``api/routes_*.py``) and the web pages import these from here, never from ``api/app.py``.
Every error answer is ``{"error": {"code", "message", ...}}`` (``ErrorBody``, one component in
``/openapi.json``); ``errors(401, 413, ...)`` documents the statuses of a route with it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from pathlib import Path
from typing import Any

from fastapi import Depends, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from teleclaim._version import __version__
from teleclaim.errors import InputError, NotFoundError, StoreError, TeleclaimError
from teleclaim.service.encoding import jsonable
from teleclaim.service.uploads import Spool, TooLargeError
from teleclaim.text import digits

DEFAULT_MAX_BODY = 256 * 1024 * 1024
DEFAULT_TIMEOUT = 300.0
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class ApiError(TeleclaimError):
    """An error with an HTTP status (401, 413, 504 ...), rendered in the common error shape."""

    def __init__(self, status: int, message: str, *, code: str, **details: Any) -> None:
        super().__init__(message, code=code, **details)
        self.status = status


# -- the one error shape, declared for OpenAPI -------------------------------------------------------
class ErrorDetail(BaseModel):
    """What went wrong and what to do; further fields (``parameter``, ``value``, ``limit``, ``file``,
    ``line``, ``suggestions`` ...) say where."""

    model_config = ConfigDict(extra="allow")
    code: str = Field(description="Machine-readable error code, e.g. unauthorized, not_found, body_too_large")
    message: str = Field(description="What went wrong and what to do")


class ErrorBody(BaseModel):
    """Every error answer of the API (and of the CLI under --format json)."""

    error: ErrorDetail


_STATUS_TEXT = {
    401: "No valid API key (send `Authorization: Bearer KEY`)",
    404: "No such code, rule or endpoint",
    405: "Method not allowed (the `Allow` header lists the methods)",
    413: "The body is larger than server.max_body_bytes",
    415: "The body is not a file teleclaim reads (an 837 or the JSON claim form)",
    422: "The request cannot be used as given (the message says which parameter or body part)",
    503: "The store (PostgreSQL) cannot be reached; the message names the host",
    504: "The request took longer than server.timeout_seconds",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route: each status with the one error schema (405 with its Allow header)."""
    out: dict[int | str, dict[str, Any]] = {}
    for s in statuses:
        out[s] = {"model": ErrorBody, "description": _STATUS_TEXT[s]}
        if s == 405:
            out[s]["headers"] = {
                "Allow": {"description": "The methods this path accepts", "schema": {"type": "string"}}
            }
    return out


def error_response(
    exc: TeleclaimError, status: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    if status is None:
        status = getattr(exc, "status", None) or (
            404
            if isinstance(exc, NotFoundError)
            else 503
            if isinstance(exc, StoreError)
            else 415
            if type(exc).__name__ == "UnsupportedFileError"
            else 422
            if isinstance(exc, InputError)
            else 500
        )
    return JSONResponse(jsonable(exc.to_dict()), status_code=status, headers=headers)


def answer(obj: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer carrying ``teleclaim_version`` (the CLI's JSON shape)."""
    return JSONResponse(jsonable({"teleclaim_version": __version__, **obj}), status_code=status, headers=headers)


_jsonable = jsonable  # older name


# -- the per-app service ----------------------------------------------------------------------------
class Service:
    """What the routes share: settings, the reference, the key store (one per thread), the profiles."""

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
                    from teleclaim.service.reference import open_reference

                    self._reference = open_reference(self.settings)
        return self._reference

    @property
    def state(self) -> Any:
        """This thread's state store (keys, audit, history ...), reopened when its connection broke."""
        st = getattr(self._local, "state", None)
        raw = getattr(getattr(st, "conn", None), "raw", None)
        if st is None or (raw is not None and (raw.closed or raw.broken)):
            from teleclaim.service.keys import open_state

            st = self._local.state = open_state(self.settings)
            self._local.keys = None
        return st

    @property
    def keys(self) -> Any:
        st = self.state
        ks = getattr(self._local, "keys", None)
        if ks is None:
            from teleclaim.service.keys import key_store_on

            ks = self._local.keys = key_store_on(st)
        return ks

    def store_health(self) -> dict[str, Any]:
        """``{"backend", "ok"}`` of the state store, and the error message when it cannot be reached."""
        backend = "postgresql" if self.settings.get("store.url") else "sqlite"
        try:
            st = self.state
            ok = bool(st.ping())
            if not ok:
                self._local.state = None
            return {"backend": st.kind, "ok": ok, "schema_version": st.schema_version() if ok else None}
        except StoreError as exc:
            return {"backend": backend, "ok": False, "message": exc.message}

    def profiles(self) -> Any:
        from teleclaim.service.payers import profiles_from

        return profiles_from(self.settings, where="server settings")


def service(request: Request) -> Service:
    return request.app.state.service


# -- the API key ---------------------------------------------------------------------------------------
#: ``Authorization: Bearer KEY``, declared in OpenAPI; the check itself is ``require_key``.
bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="apiKey", description="An API key made with `teleclaim keys create NAME`."
)


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization") or ""
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require_key(
    request: Request,
    creds: HTTPAuthorizationCredentials | None = Security(bearer_scheme),
    svc: Service = Depends(service),
) -> str:
    """The caller's key name, or 401 before anything of the body is read."""
    check = svc.keys.verify(creds.credentials.strip() if creds and creds.credentials.strip() else None)
    if not check.ok:
        svc.keys.audit(check.name, f"{request.method} {request.url.path}", 401, f"key {check.reason}")
        why = {
            "missing": "no API key: send it as `Authorization: Bearer KEY` (create one with "
            "`teleclaim keys create NAME`)",
            "unknown": "the API key is not valid",
            "revoked": "the API key was revoked",
            "expired": "the API key has expired",
        }[check.reason or "unknown"]
        raise ApiError(401, why, code="unauthorized", reason=check.reason)
    return check.name or ""


# -- bodies --------------------------------------------------------------------------------------------
async def spool(request: Request, svc: Service) -> Path:
    """Stream the request body to a temporary file; 413 past the limit. The caller deletes it."""
    declared = request.headers.get("content-length")
    sp = Spool(svc.max_body)
    sp.check_declared(int(declared) if declared and digits(declared) else None)
    try:
        async for chunk in request.stream():
            sp.write(chunk)
    except BaseException:
        sp.discard()
        raise
    path = sp.close()
    if sp.size == 0:
        path.unlink(missing_ok=True)
        raise ApiError(422, "the body is empty: send an 837 file or claims in the JSON claim form", code="empty_body")
    return path


async def read_small_body(request: Request, svc: Service, what: str) -> bytes:
    """A JSON body read into memory, refused past ``server.max_body_bytes`` (413)."""
    declared = request.headers.get("content-length")
    if declared and digits(declared) and int(declared) > svc.max_body:
        raise TooLargeError(
            f"{what} is {int(declared):,} bytes; at most {svc.max_body:,} are accepted",
            code="body_too_large",
            limit=svc.max_body,
        )
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > svc.max_body:
            raise TooLargeError(f"{what} is too large", code="body_too_large", limit=svc.max_body)
    return bytes(raw)


async def with_timeout(svc: Service, fn: Any, *args: Any) -> Any:
    try:
        return await asyncio.wait_for(run_in_threadpool(fn, *args), timeout=svc.timeout)
    except TimeoutError:
        raise ApiError(
            504,
            f"the request took longer than {svc.timeout:g} s; split the file or raise server.timeout_seconds",
            code="timeout",
        ) from None


def _date(value: str | None, name: str) -> dt.date | None:
    from teleclaim.service.reference import parse_date

    return parse_date(value, name)


def run_check_file(
    svc: Service,
    path: Path,
    name: str,
    *,
    as_of: dt.date | None,
    payer: str | None,
    select: list[str],
    ignore: list[str],
) -> Any:
    from teleclaim.service.checking import make_engine, run_check

    engine = make_engine(svc.settings, select=select or None, ignore=ignore or None, as_of=as_of, payer=payer)
    return run_check([path], engine, names=[name])

"""What the API routes share: the per-app Service, the key check, body spooling, the answer shape.

Routers (``api/routes_*.py``) and the web pages import these from here, never from ``api/app.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from teleclaim._version import __version__
from teleclaim.errors import InputError, NotFoundError, TeleclaimError

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


def run_check_file(svc: Service, path: Path, name: str, *, as_of: dt.date | None, payer: str | None,
                   select: list[str], ignore: list[str]) -> Any:
    from teleclaim.checking import make_engine, run_check

    engine = make_engine(svc.settings, select=select or None, ignore=ignore or None, as_of=as_of, payer=payer)
    return run_check([path], engine, names=[name])

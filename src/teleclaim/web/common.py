"""What the web pages share: templates, the page and error renderers, the session helpers (CSRF
token, signed-in key). Pages (``web/pages_*.py``) import these; ``views.mount`` wires them."""

from __future__ import annotations

import hmac
import secrets
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from teleclaim.errors import NotFoundError, TeleclaimError

HERE = files("teleclaim.web")
templates = Jinja2Templates(directory=str(HERE / "templates"))


def svc(request: Request) -> Any:
    """The app's service object (settings, reference, keys, profiles)."""
    return request.app.state.service


def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("signed_in", request.session.get("key"))
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


def error_page(request: Request, exc: TeleclaimError, title: str, is_rule: bool = False) -> Response:
    status = 404 if isinstance(exc, NotFoundError) else 422
    if wants_json(request):  # the JSON twin of an error is the API's error object
        return JSONResponse(exc.to_dict(), status_code=status)
    return page(request, "error.html", status, title=title, error=exc.to_dict()["error"], is_rule=is_rule)


def csrf(request: Request) -> str:
    tok = request.session.get("csrf")
    if not tok:
        tok = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(tok)


def csrf_ok(request: Request, form: Any) -> bool:
    want = request.session.get("csrf") or ""
    return bool(want) and hmac.compare_digest(want, str(form.get("csrf") or ""))


def signed_in(request: Request) -> str | None:
    name = request.session.get("key")
    if name and not svc(request).keys.is_active(name):
        request.session.pop("key", None)
        return None
    return name

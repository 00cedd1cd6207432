"""The web UI wired into the FastAPI app: session middleware, static files and the page routers
(``pages_reference``, ``pages_suggest``, ``pages_check``: one function per page). Each page calls
the same service functions as the matching ``/v1`` endpoint; errors render the common error object."""

from __future__ import annotations

import secrets

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from teleclaim.web.common import HERE


def mount(app: FastAPI) -> None:
    from teleclaim.web import pages_check, pages_reference, pages_suggest

    settings = app.state.service.settings
    secret = settings.get("server.secret") or secrets.token_hex(32)
    secure = str(settings.get("server.secure_cookies", "true")).lower() not in ("0", "false", "no", "off")
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="teleclaim_session",
        max_age=8 * 3600,
        same_site="strict",
        https_only=secure,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # one line per area (round-2 pages add theirs here)
    app.include_router(pages_reference.router)
    app.include_router(pages_suggest.router)
    app.include_router(pages_check.router)

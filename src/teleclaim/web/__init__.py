"""The web UI: server-rendered pages (Jinja2, no front-end build step) over the same library as the
API. ``mount(app)`` adds the pages, static files and the session middleware to the FastAPI app.

Every page has a JSON twin (the ``/v1`` endpoint it links to). Claim checks need a signed-in session
(an API key checked once at sign-in; the session cookie is signed, HttpOnly, SameSite=Strict and
Secure unless ``server.secure_cookies = false``); every form carries a CSRF token.
"""

from __future__ import annotations

from typing import Any


def mount(app: Any) -> None:
    from teleclaim.web.pages_reports import mount as _mount_reports
    from teleclaim.web.views import mount as _mount

    _mount(app)
    _mount_reports(app)

    from teleclaim.web.pages_fees import mount as _mount_fees

    _mount_fees(app)

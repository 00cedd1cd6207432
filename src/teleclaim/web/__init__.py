"""The web UI: server-rendered pages (Jinja2, no front-end build step) over the same library as the
API. ``mount(app)`` adds the pages, static files and the session middleware to the FastAPI app.

Every page has a JSON twin (the ``/v1`` endpoint it links to). Claim checks need a signed-in session
(an API key checked once at sign-in; the session cookie is signed, HttpOnly, SameSite=Strict and
Secure unless ``server.secure_cookies = false``); every form carries a CSRF token.
"""

from __future__ import annotations

from typing import Any


def mount(app: Any) -> None:
    """The pages of every area (one line each), then the shared middleware, static files and core pages."""
    from teleclaim.web.pages_credentials import mount as _credentials
    from teleclaim.web.pages_fees import mount as _fees
    from teleclaim.web.pages_remit import mount as _remit
    from teleclaim.web.pages_reports import mount as _reports
    from teleclaim.web.pages_sources import mount as _sources
    from teleclaim.web.views import mount as _core

    _core(app)
    _remit(app)
    _credentials(app)
    _sources(app)
    _reports(app)
    _fees(app)

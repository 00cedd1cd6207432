"""The web UI's Reports page: the utilization report of uploaded files or of the claim ledger.

``/reports`` (signed-in session, as ``/check``): a form to upload 837 files / JSON claims or to use
the ledger (with since/until), then the same charts and tables as ``report utilization --format
html``. Its JSON twin is ``/reports?source=ledger&format=json`` (the ``GET /v1/reports/utilization``
answer; ``/reports?format=json`` too) and, for an upload, the "This report as JSON" link (the
``POST`` answer).
"""

from __future__ import annotations

import collections
import datetime as dt
import hmac
import secrets
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from teleclaim.errors import NotFoundError, TeleclaimError
from teleclaim.text import digits


class _Pages:
    """The Reports pages of one app: its service, templates and the session-private kept reports."""

    def __init__(self, app: FastAPI) -> None:
        self.svc = app.state.service
        self.templates = Jinja2Templates(directory=str(files("teleclaim.web") / "templates"))
        self.kept: collections.OrderedDict[str, tuple[str, dict[str, Any]]] = collections.OrderedDict()

    @staticmethod
    def csrf(request: Request) -> str:
        from teleclaim.web.common import csrf

        return csrf(request)

    @staticmethod
    def signed_in(request: Request) -> str | None:
        from teleclaim.web.common import signed_in

        return signed_in(request)

    def page(self, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key"))
        ctx.setdefault("csrf", self.csrf(request))
        return self.templates.TemplateResponse(request, "reports_utilization.html", ctx, status_code=status)

    def show(self, request: Request, result: dict[str, Any], json_link: str) -> HTMLResponse:
        from teleclaim.report.utilization_html import charts, summary_line

        return self.page(
            request, result=result, charts=charts(result), summary=summary_line(result), json_link=json_link
        )

    @staticmethod
    def day(v: Any, name: str) -> dt.date | None:
        from teleclaim.api.deps import _date

        return _date(str(v) if v else None, name)

    async def ledger(
        self, request: Request, source: str | None, since: str | None, until: str | None, format: str | None
    ) -> Response:
        who = self.signed_in(request)
        if format == "json" and not who:
            from teleclaim.api.deps import ApiError

            return JSONResponse(
                ApiError(
                    401, "sign in (or call GET /v1/reports/utilization with an API key)", code="unauthorized"
                ).to_dict(),
                status_code=401,
            )
        if not who:
            return RedirectResponse("/signin", status_code=303)
        if source != "ledger" and format != "json":  # the form; its JSON twin is the ledger's report
            return self.page(request)
        try:
            from teleclaim.api.deps import with_timeout
            from teleclaim.service.reports import utilization_from_ledger

            s, u = self.day(since, "since"), self.day(until, "until")
            result = await with_timeout(self.svc, lambda: utilization_from_ledger(self.svc.settings, since=s, until=u))
        except TeleclaimError as exc:
            if format == "json":
                return JSONResponse(exc.to_dict(), status_code=getattr(exc, "status", 422))
            return self.page(request, 422, error=exc.message)
        self.svc.keys.audit(who, "web report (ledger)", 200, f"claims={result['source']['claims']}")
        if format == "json":
            from teleclaim.api.deps import answer

            return answer(result)
        q = "&".join(f"{k}={v}" for k, v in (("since", since), ("until", until)) if v)
        return self.show(request, result, "/reports?source=ledger&format=json" + (f"&{q}" if q else ""))

    async def upload(self, request: Request) -> Response:
        who = self.signed_in(request)
        if not who:
            self.svc.keys.audit(None, "web report", 401, "not signed in")
            return RedirectResponse("/signin", status_code=303)
        declared = request.headers.get("content-length")
        if declared and digits(declared) and int(declared) > self.svc.max_body:
            return self.page(
                request, 413, error=f"the upload is larger than {self.svc.max_body:,} bytes; split the files"
            )
        form = await request.form()
        try:  # the form's spooled upload files are closed whatever happens
            return await self._upload_form(request, who, form)
        finally:
            await form.close()

    async def _upload_form(self, request: Request, who: str, form: Any) -> Response:
        want = request.session.get("csrf") or ""
        if not (want and hmac.compare_digest(want, str(form.get("csrf") or ""))):
            return self.page(request, 403, error="the form expired (CSRF token); reload")
        uploads = [u for u in form.getlist("files") if hasattr(u, "filename") and u.filename]
        if not uploads:
            return self.page(request, 422, error="choose at least one file, or use the claim ledger")
        tmp = tempfile.TemporaryDirectory(prefix="teleclaim-web-")
        try:
            paths, names = [], []
            for i, up in enumerate(uploads):
                name = Path(up.filename).name
                p = Path(tmp.name) / f"{i}{Path(name).suffix.lower()}"
                with p.open("wb") as fh:
                    while chunk := await up.read(1 << 20):
                        fh.write(chunk)
                paths.append(p)
                names.append(name)
            s, u = self.day(form.get("since"), "since"), self.day(form.get("until"), "until")
            from teleclaim.api.deps import with_timeout
            from teleclaim.service.reports import utilization_from_files

            result = await with_timeout(
                self.svc,
                lambda: utilization_from_files(paths, self.svc.settings, names=names, since=s, until=u, record=False),
            )
        except TeleclaimError as exc:
            self.svc.keys.audit(who, "web report", getattr(exc, "status", 422), "error")
            return self.page(request, getattr(exc, "status", 422), error=exc.message)
        finally:
            tmp.cleanup()
        from teleclaim.api.deps import _jsonable

        rid = secrets.token_urlsafe(12)
        self.kept[rid] = (who, _jsonable(result))
        while len(self.kept) > 20:
            self.kept.popitem(last=False)
        self.svc.keys.audit(who, "web report", 200, f"claims={result['source']['claims']}")
        return self.show(request, result, f"/reports/{rid}.json")

    def report_json(self, request: Request, rid: str) -> Response:
        who = self.signed_in(request)
        item = self.kept.get(rid)
        if not who or item is None or item[0] != who:
            return JSONResponse(
                NotFoundError("no such report (reports are kept for your session only)", code="not_found").to_dict(),
                status_code=404,
            )
        from teleclaim.api.deps import answer

        return answer(item[1])


def mount(app: FastAPI) -> None:
    pages = _Pages(app)

    @app.get("/reports", response_class=HTMLResponse, include_in_schema=False)
    async def reports_page(
        request: Request,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        format: str | None = None,
    ) -> Response:
        return await pages.ledger(request, source, since, until, format)

    @app.post("/reports", response_class=HTMLResponse, include_in_schema=False)
    async def reports_upload(request: Request) -> Response:
        return await pages.upload(request)

    @app.get("/reports/{rid}.json", include_in_schema=False)
    def report_json(request: Request, rid: str) -> Response:
        return pages.report_json(request, rid)


__all__ = ["mount"]

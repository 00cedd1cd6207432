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


def mount(app: FastAPI) -> None:
    svc = app.state.service
    templates = Jinja2Templates(directory=str(files("teleclaim.web") / "templates"))
    kept: collections.OrderedDict[str, tuple[str, dict[str, Any]]] = collections.OrderedDict()

    def csrf(request: Request) -> str:
        tok = request.session.get("csrf")
        if not tok:
            tok = request.session["csrf"] = secrets.token_urlsafe(24)
        return tok

    def signed_in(request: Request) -> str | None:
        name = request.session.get("key")
        if name and not svc.keys.is_active(name):
            request.session.pop("key", None)
            return None
        return name

    def page(request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key"))
        ctx.setdefault("csrf", csrf(request))
        return templates.TemplateResponse(request, "reports_utilization.html", ctx, status_code=status)

    def show(request: Request, result: dict[str, Any], json_link: str) -> HTMLResponse:
        from teleclaim.report.utilization_html import charts, summary_line

        return page(request, result=result, charts=charts(result), summary=summary_line(result), json_link=json_link)

    def day(v: Any, name: str) -> dt.date | None:
        from teleclaim.api.deps import _date

        return _date(str(v) if v else None, name)

    @app.get("/reports", response_class=HTMLResponse, include_in_schema=False)
    async def reports_page(request: Request, source: str | None = None, since: str | None = None,
                           until: str | None = None, format: str | None = None) -> Response:
        who = signed_in(request)
        if format == "json" and not who:
            from teleclaim.api.deps import ApiError

            return JSONResponse(ApiError(401, "sign in (or call GET /v1/reports/utilization with an API key)",
                                         code="unauthorized").to_dict(), status_code=401)
        if not who:
            return RedirectResponse("/signin", status_code=303)
        if source != "ledger" and format != "json":  # the form; its JSON twin is the ledger's report
            return page(request)
        try:
            from teleclaim.api.deps import with_timeout
            from teleclaim.service.reports import utilization_from_ledger

            s, u = day(since, "since"), day(until, "until")
            result = await with_timeout(svc, lambda: utilization_from_ledger(svc.settings, since=s, until=u))
        except TeleclaimError as exc:
            if format == "json":
                return JSONResponse(exc.to_dict(), status_code=getattr(exc, "status", 422))
            return page(request, 422, error=exc.message)
        svc.keys.audit(who, "web report (ledger)", 200, f"claims={result['source']['claims']}")
        if format == "json":
            from teleclaim.api.deps import answer

            return answer(result)
        q = "&".join(f"{k}={v}" for k, v in (("since", since), ("until", until)) if v)
        return show(request, result, "/reports?source=ledger&format=json" + (f"&{q}" if q else ""))

    @app.post("/reports", response_class=HTMLResponse, include_in_schema=False)
    async def reports_upload(request: Request) -> Response:
        who = signed_in(request)
        if not who:
            svc.keys.audit(None, "web report", 401, "not signed in")
            return RedirectResponse("/signin", status_code=303)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > svc.max_body:
            return page(request, 413, error=f"the upload is larger than {svc.max_body:,} bytes; split the files")
        form = await request.form()
        want = request.session.get("csrf") or ""
        if not (want and hmac.compare_digest(want, str(form.get("csrf") or ""))):
            return page(request, 403, error="the form expired (CSRF token); reload")
        uploads = [u for u in form.getlist("files") if hasattr(u, "filename") and u.filename]
        if not uploads:
            return page(request, 422, error="choose at least one file, or use the claim ledger")
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
            s, u = day(form.get("since"), "since"), day(form.get("until"), "until")
            from teleclaim.api.deps import with_timeout
            from teleclaim.service.reports import utilization_from_files

            result = await with_timeout(svc, lambda: utilization_from_files(
                paths, svc.settings, names=names, since=s, until=u, record=False))
        except TeleclaimError as exc:
            svc.keys.audit(who, "web report", getattr(exc, "status", 422), "error")
            return page(request, getattr(exc, "status", 422), error=exc.message)
        finally:
            tmp.cleanup()
        from teleclaim.api.deps import _jsonable

        rid = secrets.token_urlsafe(12)
        kept[rid] = (who, _jsonable(result))
        while len(kept) > 20:
            kept.popitem(last=False)
        svc.keys.audit(who, "web report", 200, f"claims={result['source']['claims']}")
        return show(request, result, f"/reports/{rid}.json")

    @app.get("/reports/{rid}.json", include_in_schema=False)
    def report_json(request: Request, rid: str) -> Response:
        who = signed_in(request)
        item = kept.get(rid)
        if not who or item is None or item[0] != who:
            return JSONResponse(NotFoundError("no such report (reports are kept for your session only)",
                                              code="not_found").to_dict(), status_code=404)
        from teleclaim.api.deps import answer

        return answer(item[1])


__all__ = ["mount"]

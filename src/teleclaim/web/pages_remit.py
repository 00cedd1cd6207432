"""The Remittance page (``/remit``): upload 835s (and optionally the submitted claims), see paid vs
expected per claim and every denial with the rule that would have prevented it.

Same session and CSRF as the claim-check page (``views.py``): the signed-in key and the ``csrf``
token live in the session; remittances carry PHI, so the page needs a signed-in key.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from teleclaim.errors import TeleclaimError
from teleclaim.text import digits

HERE = Path(__file__).resolve().parent


def mount(app: FastAPI) -> None:
    svc = app.state.service
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    from teleclaim.web.common import csrf, signed_in  # one session helper for every page

    def page(request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key"))
        ctx.setdefault("csrf", csrf(request))
        return templates.TemplateResponse(request, "remit_page.html", ctx, status_code=status)

    @app.get("/remit", response_class=HTMLResponse, include_in_schema=False)
    def remit_form(request: Request) -> Response:
        if not signed_in(request):
            return RedirectResponse("/signin", status_code=303)
        return page(request)

    @app.post("/remit", response_class=HTMLResponse, include_in_schema=False)
    async def remit_upload(request: Request) -> Response:
        import hmac

        who = signed_in(request)
        if not who:
            svc.keys.audit(None, "web remit", 401, "not signed in")
            return RedirectResponse("/signin", status_code=303)
        declared = request.headers.get("content-length")
        if declared and digits(declared) and int(declared) > svc.max_body:
            return page(request, 413, error=f"the upload is larger than {svc.max_body:,} bytes; split the files")
        form = await request.form()
        try:  # the form's spooled upload files are closed whatever happens
            want = request.session.get("csrf") or ""
            if not (want and hmac.compare_digest(want, str(form.get("csrf") or ""))):
                return page(request, 403, error="the form expired (CSRF token); reload the page")
            eras = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
            sent = [u for u in form.getlist("claims") if isinstance(u, UploadFile) and u.filename]
            if not eras:
                return page(request, 422, error="choose at least one 835 file")
            with tempfile.TemporaryDirectory(prefix="teleclaim-web-remit-") as tmp:
                saved: list[tuple[Path, str]] = []
                for i, up in enumerate([*eras, *sent]):
                    p = Path(tmp) / f"{i:03d}"
                    with p.open("wb") as fh:
                        while chunk := await up.read(1 << 20):
                            fh.write(chunk)
                    saved.append((p, Path(up.filename or "").name))  # filtered above: a name is given
                files, claims = saved[: len(eras)], saved[len(eras) :]

                def run() -> Any:
                    from teleclaim.service.checking import make_engine
                    from teleclaim.service.remit import remit

                    engine = make_engine(svc.settings, history=False) if claims else None
                    return remit(
                        [p for p, _ in files],
                        [n for _, n in files],
                        claims=[p for p, _ in claims] or None,
                        claim_names=[n for _, n in claims] or None,
                        engine=engine,
                        denial_map_file=svc.settings.get("remit.denial_map"),
                        ledger_settings=svc.settings,
                    ).to_dict()

                from teleclaim.api.deps import with_timeout

                try:
                    out = await with_timeout(svc, run)
                except TeleclaimError as exc:
                    status = getattr(exc, "status", 422)
                    svc.keys.audit(who, "web remit", status, f"error {exc.code}")
                    return page(request, status, error=exc.message)
            svc.keys.audit(who, "web remit", 200, f"files={len(files)} denials={out['denials']['claims']}")
            return page(request, result=out, matched=bool(claims))
        finally:
            await form.close()

"""Web pages of fees: ``/price`` (a code's fee schedule amount, with a locality picker) and
``/estimate`` (upload claims, see each claim's estimate beside its findings; signed-in only).

Each page has a JSON twin: ``/price?...&format=json`` is ``GET /v1/price/{code}``'s answer,
``/estimate`` links to ``POST /v1/estimate``. The session and CSRF token are the ones of the check
page (``views.py``): the same session keys, checked the same way.
"""

from __future__ import annotations

import hmac
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from teleclaim.errors import InputError, NotFoundError, TeleclaimError

HERE = Path(__file__).parent


def estimates_by_claim(
    svc: Any, paths: list[Path], names: list[str], payer: str | None, as_of: str | None
) -> dict[tuple[str, str], dict[str, Any]]:
    """(file, claim id) -> the claim's estimate, for the check page; empty when it cannot be made (the
    check page still shows the findings)."""
    import datetime as dt
    import logging

    from teleclaim.service.fees import estimate_files

    try:
        r = estimate_files(
            paths,
            names=names,
            payer=payer,
            settings=svc.settings,
            payer_option="payer",
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
        )
    except (TeleclaimError, ValueError) as exc:
        logging.getLogger(__name__).info("no estimate beside the check: %s", type(exc).__name__)
        return {}
    return {(c["file"], c["claim_id"]): c for c in r["claims"]}


def mount(app: FastAPI) -> None:
    svc = app.state.service
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    from teleclaim.web.common import csrf, signed_in  # one session helper for every page

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key"))
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    @app.get("/price", response_class=HTMLResponse, include_in_schema=False)
    def price_page(
        request: Request,
        code: str | None = None,
        on: str | None = None,
        modifier: str | None = None,
        locality: str | None = None,
        zip: str | None = None,
        pos: str | None = None,
        payer: str | None = None,
        format: str | None = None,
    ) -> Response:
        return _price_view(svc, page, request, code, on, modifier, locality, zip, pos, payer, format)

    @app.get("/estimate", response_class=HTMLResponse, include_in_schema=False)
    def estimate_form(request: Request) -> Response:
        if not signed_in(request):
            return RedirectResponse("/signin", status_code=303)
        return page(request, "fees_estimate.html", csrf=csrf(request), payers=svc.profiles().names())

    @app.post("/estimate", response_class=HTMLResponse, include_in_schema=False)
    async def estimate_upload(request: Request) -> Response:
        return await _estimate_view(svc, page, csrf, signed_in, request)


def _price_view(
    svc: Any,
    page: Any,
    request: Request,
    code: str | None,
    on: str | None,
    modifier: str | None,
    locality: str | None,
    zip: str | None,
    pos: str | None,
    payer: str | None,
    format: str | None,
) -> Response:
    """The price page (and its JSON twin, ``?format=json``)."""
    import datetime as dt

    from teleclaim.service.fees import price, thread_pricer

    p = thread_pricer(svc, svc.settings)
    form = {
        "code": code or "",
        "on": on or "",
        "modifier": modifier or "",
        "locality": locality or "",
        "zip": zip or "",
        "pos": pos or "",
        "payer": payer or "",
    }
    result, error, localities = None, None, []
    try:
        day = dt.date.fromisoformat(on) if on else None
        if on and day is None:
            raise InputError("on: not a date", code="invalid_input")
        if day is not None:
            localities = sorted(p.idx.localities(day), key=lambda g: (g.state, g.name))
        if code and day is not None:
            result = price(
                code,
                on=day,
                modifier=modifier or None,
                locality=locality or None,
                zip5=zip or None,
                pos=pos or None,
                payer=payer or None,
                settings=svc.settings,
                the_pricer=p,
                payer_option="payer",
            )
    except ValueError:
        error = InputError(f"on={on!r}: not a date; write it as YYYY-MM-DD.", code="invalid_input").to_dict()
    except TeleclaimError as exc:
        error = exc.to_dict()
        if format == "json":
            return JSONResponse(error, status_code=404 if isinstance(exc, NotFoundError) else 422)
    if format == "json":
        from teleclaim.api.deps import answer

        return answer(result or {}) if not error else JSONResponse(error, status_code=422)
    return page(
        request,
        "fees_price.html",
        422 if error else 200,
        form=form,
        result=result,
        error=error["error"] if error else None,
        localities=localities,
        payers=svc.profiles().names(),
    )


async def _estimate_view(svc: Any, page: Any, csrf: Any, signed_in: Any, request: Request) -> Response:
    """The estimate upload: each claim's estimate, as ``teleclaim estimate`` gives it."""
    who = signed_in(request)
    ctx = {"payers": svc.profiles().names()}
    if not who:
        svc.keys.audit(None, "web estimate", 401, "not signed in")
        return RedirectResponse("/signin", status_code=303)
    form = await request.form()
    try:  # the form's spooled upload files are closed whatever happens
        return await _estimate_form(svc, page, csrf, request, who, form, ctx)
    finally:
        await form.close()


async def _estimate_form(
    svc: Any, page: Any, csrf: Any, request: Request, who: str, form: Any, ctx: dict[str, Any]
) -> Response:
    want = request.session.get("csrf") or ""
    if not want or not hmac.compare_digest(want, str(form.get("csrf") or "")):
        return page(
            request, "fees_estimate.html", 403, csrf=csrf(request), error="the form expired (CSRF token); reload", **ctx
        )
    uploads = [u for u in form.getlist("files") if hasattr(u, "filename") and u.filename]
    if not uploads:
        return page(request, "fees_estimate.html", 422, csrf=csrf(request), error="choose at least one file", **ctx)
    payer = str(form.get("payer") or "") or None
    with tempfile.TemporaryDirectory(prefix="teleclaim-web-") as tmp:
        paths, names = [], []
        for i, up in enumerate(uploads):
            p = Path(tmp) / f"{i}{Path(up.filename).suffix.lower()}"
            p.write_bytes(await up.read())
            paths.append(p)
            names.append(Path(up.filename).name)
        try:
            from teleclaim.api.deps import with_timeout
            from teleclaim.service.fees import estimate_files

            result = await with_timeout(
                svc,
                lambda: estimate_files(paths, names=names, payer=payer, settings=svc.settings, payer_option="payer"),
            )
        except TeleclaimError as exc:
            svc.keys.audit(who, "web estimate", 422, "error")
            return page(request, "fees_estimate.html", 422, csrf=csrf(request), error=exc.message, **ctx)
    svc.keys.audit(who, "web estimate", 200, f"claims={result['summary']['claims']}")
    return page(request, "fees_estimate.html", csrf=csrf(request), result=result, **ctx)

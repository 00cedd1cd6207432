"""Claim checks in the browser: sign in with an API key (``/signin``, ``/signout``), upload files
(``/check``), download the report as JSON or SARIF (``/check/report/{id}.json|sarif``).

Uploads are spooled to a temporary folder (``service.uploads.Spool``) and checked by the same
runner as ``teleclaim check`` and ``POST /v1/check``; reports are kept in memory for the session
that made them (the last 20), never written to disk.
"""

from __future__ import annotations

import collections
import secrets
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from teleclaim._version import __version__
from teleclaim.api.deps import with_timeout
from teleclaim.errors import NotFoundError, TeleclaimError
from teleclaim.report.json import render as render_json
from teleclaim.report.sarif import render as render_sarif
from teleclaim.service.checking import make_engine, run_check
from teleclaim.service.encoding import jsonable
from teleclaim.service.reference import parse_date
from teleclaim.service.rules import catalog
from teleclaim.service.uploads import Spool
from teleclaim.text import digits
from teleclaim.web.common import csrf, csrf_ok, page, signed_in, svc

router = APIRouter(include_in_schema=False)
KEEP_REPORTS = 20


def _reports(request: Request) -> collections.OrderedDict[str, tuple[str, dict[str, Any], dict[str, Any]]]:
    state = request.app.state
    if not hasattr(state, "web_reports"):
        state.web_reports = collections.OrderedDict()
    return state.web_reports


def check_ctx(request: Request, **ctx: Any) -> dict[str, Any]:
    return {"csrf": csrf(request), "payers": svc(request).profiles().names(), **ctx}


@router.get("/signin")
def signin_form(request: Request) -> Response:
    return page(request, "signin.html", csrf=csrf(request))


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form):
        return page(
            request,
            "signin.html",
            403,
            csrf=csrf(request),
            error="the form expired (CSRF token); reload the page and sign in again",
        )
    keys = svc(request).keys
    check = keys.verify(str(form.get("key") or "").strip())
    keys.audit(check.name, "web sign-in", 200 if check.ok else 401, None if check.ok else f"key {check.reason}")
    if not check.ok:
        return page(
            request,
            "signin.html",
            401,
            csrf=csrf(request),
            error=f"sign-in refused: the API key is {check.reason or 'not valid'}",
        )
    request.session.clear()
    request.session["key"] = check.name
    return RedirectResponse("/check", status_code=303)


@router.post("/signout")
async def signout(request: Request) -> Response:
    form = await request.form()
    if csrf_ok(request, form):
        request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/check")
def check_form(request: Request) -> Response:
    if not signed_in(request):
        return RedirectResponse("/signin", status_code=303)
    return page(request, "check.html", **check_ctx(request))


async def _spool_uploads(uploads: list[Any], folder: str) -> tuple[list[Path], list[str]]:
    paths, names = [], []
    for up in uploads:
        name = Path(up.filename).name
        sp = Spool(None, folder=folder, suffix=Path(name).suffix.lower())
        while chunk := await up.read(1 << 20):
            sp.write(chunk)
        paths.append(sp.close())
        names.append(name)
    return paths, names


def _keep(request: Request, who: str, report: Any) -> tuple[str, dict[str, Any]]:
    data = jsonable(render_json(report))
    rid = secrets.token_urlsafe(12)
    reports = _reports(request)
    reports[rid] = (who, data, jsonable(render_sarif(report, catalog())))
    while len(reports) > KEEP_REPORTS:
        reports.popitem(last=False)
    return rid, data


@router.post("/check")
async def check_upload(request: Request) -> Response:
    s = svc(request)
    who = signed_in(request)
    if not who:
        s.keys.audit(None, "web check", 401, "not signed in")
        return page(request, "signin.html", 401, csrf=csrf(request), error="sign in with an API key to check claims")
    declared = request.headers.get("content-length")
    if declared and digits(declared) and int(declared) > s.max_body:
        return page(
            request,
            "check.html",
            413,
            **check_ctx(request, error=f"the upload is larger than {s.max_body:,} bytes; split the files"),
        )
    form = await request.form()
    try:  # the form's spooled upload files are closed whatever happens
        if not csrf_ok(request, form):
            return page(request, "check.html", 403, **check_ctx(request, error="the form expired (CSRF token); reload"))
        uploads = [u for u in form.getlist("files") if hasattr(u, "filename") and u.filename]
        if not uploads:
            return page(request, "check.html", 422, **check_ctx(request, error="choose at least one file"))
        with tempfile.TemporaryDirectory(prefix="teleclaim-web-") as tmp:
            try:
                paths, names = await _spool_uploads(uploads, tmp)
                engine = make_engine(
                    s.settings,
                    as_of=parse_date(str(form.get("as_of") or ""), "as of"),
                    payer=str(form.get("payer") or "") or None,
                )
                report = await with_timeout(s, lambda: run_check(paths, engine, names=names))
                estimates = await with_timeout(s, lambda: _estimates(s, paths, names, form))
            except TeleclaimError as exc:
                status = getattr(exc, "status", 422)
                s.keys.audit(who, "web check", status, "error")
                return page(request, "check.html", status, **check_ctx(request, error=exc.message))
    finally:
        await form.close()
    rid, data = _keep(request, who, report)
    summary = report.summary()
    s.keys.audit(who, "web check", 200, f"claims={summary['claims']} findings={summary['findings']}")
    groups: dict[str, dict[Any, list[Any]]] = {}
    for f in data["findings"]:
        groups.setdefault(f.get("file") or "upload", {}).setdefault(f.get("claim_id"), []).append(f)
    return page(
        request,
        "check.html",
        **check_ctx(
            request,
            report=data,
            report_id=rid,
            groups=[(k, list(v.items())) for k, v in groups.items()],
            estimates=estimates,
        ),
    )


@router.get("/check/report/{rid}.{ext}")
def download(request: Request, rid: str, ext: str) -> Response:
    who = signed_in(request)
    item = _reports(request).get(rid)
    if not who or item is None or item[0] != who or ext not in ("json", "sarif"):
        return JSONResponse(
            NotFoundError("no such report (reports are kept for your session only)", code="not_found").to_dict(),
            status_code=404,
        )
    body = item[1] if ext == "json" else item[2]
    if ext == "json":
        body = {"teleclaim_version": __version__, **body}
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="teleclaim-check.{ext}"'})


def _estimates(s: Any, paths: list[Any], names: list[str], form: Any) -> dict[Any, Any]:
    """The fee estimate of each claim, shown beside its findings (fees issue)."""
    from teleclaim.web.pages_fees import estimates_by_claim

    return estimates_by_claim(
        s, paths, names, str(form.get("payer") or "") or None, str(form.get("as_of") or "") or None
    )

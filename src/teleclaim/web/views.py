"""The pages of the web UI (see ``teleclaim.web``). Each view calls the same library functions as
the matching ``/v1`` endpoint and renders a template; errors render the common error object."""

from __future__ import annotations

import collections
import datetime as dt
import hmac
import json
import secrets
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from teleclaim.errors import InputError, NotFoundError, TeleclaimError

HERE = files("teleclaim.web")
KINDS = [
    ("home_health_visit", "Home-health visit"),
    ("home_health_telecom", "Home-health telecommunication (audio-video, audio-only, remote monitoring)"),
    ("telehealth_em", "Professional telehealth E/M visit"),
    ("e_visits", "E-visits (patient-initiated portal messages)"),
    ("virtual_check_in", "Virtual check-in"),
    ("remote_evaluation", "Remote evaluation of recorded images or video"),
    ("rpm", "Remote physiologic monitoring (RPM) month"),
    ("rtm", "Remote therapeutic monitoring (RTM) month"),
]
DISCIPLINES = ["RN", "LPN", "PT", "PTA", "OT", "OTA", "SLP", "MSW", "aide"]
CLINICIANS = ["physician", "NPP", "PT", "OT", "SLP", "LCSW", "psychologist"]


def F(name: str, label: str, type_: str = "text", options: list[str] | None = None, required: bool = False,
      help: str = "") -> dict[str, Any]:
    return {"name": name, "label": label, "type": type_, "options": options or [], "required": required,
            "help": help}


def fields(kind: str, payers: list[str]) -> list[dict[str, Any]]:
    payer = F("payer", "Payer profile", "select", payers)
    if kind == "home_health_visit":
        return [F("date", "Date of the visit", "date", required=True),
                F("discipline", "Discipline", "select", DISCIPLINES, True),
                F("purpose", "Purpose", "select", ["direct_care", "observation_assessment", "training_education",
                                                   "management_evaluation", "maintenance"]),
                F("minutes", "Minutes in the home", "number", required=True)]
    if kind == "home_health_telecom":
        return [F("date", "Date", "date", required=True), F("discipline", "Discipline", "select", DISCIPLINES, True),
                F("mode", "Mode", "select", ["audio_video", "audio_only", "remote_monitoring"], True),
                F("days", "Days of monitoring (remote monitoring)", "number")]
    if kind == "telehealth_em":
        return [F("date", "Date of service", "date", required=True),
                F("patient", "Patient", "select", ["established", "new"], True),
                F("mode", "Technology", "select", ["audio_video", "audio_only"], True),
                F("patient_location", "Patient was", "select", ["home", "other"], True), payer,
                F("setting", "Practice setting", "select", ["office", "rhc_fqhc", "hospital_outpatient"]),
                F("mdm", "Medical decision making", "select", ["straightforward", "low", "moderate", "high"]),
                F("minutes", "Total practitioner minutes on the date", "number"),
                F("behavioral", "Behavioral / mental health service", "checkbox")]
    if kind == "e_visits":
        return [F("clinician", "Clinician", "select", CLINICIANS, True), payer,
                F("interactions", "Interactions", "textarea", required=True,
                  help="One per line: timestamp and minutes, e.g. 2026-03-02T08:15 6")]
    if kind in ("virtual_check_in", "remote_evaluation"):
        return [F("date", "Date", "date", required=True), F("clinician", "Clinician", "select", CLINICIANS, True),
                F("minutes", "Minutes", "number"), payer]
    out = [F("month", "Month (YYYY-MM)", "text", required=True), F("period_start", "Device period start", "date"),
           F("days_with_data", "Days with data", "number", required=True),
           F("management_minutes", "Management minutes in the month", "number", required=True),
           F("interactive", "Interactive communication with the patient", "checkbox"), payer]
    if kind == "rtm":
        out.insert(1, F("device", "Device", "select", ["respiratory", "musculoskeletal", "cbt"], True))
    return out


def encounter_from_form(kind: str, form: dict[str, str], spec: list[dict[str, Any]]) -> dict[str, Any]:
    enc: dict[str, Any] = {"kind": kind}
    for f in spec:
        v = (form.get(f["name"]) or "").strip()
        if f["type"] == "checkbox":
            enc[f["name"]] = v == "true"
        elif not v:
            continue
        elif f["type"] == "number":
            try:
                enc[f["name"]] = int(v)
            except ValueError:
                raise InputError(f"{f['label']}: {v!r} is not a whole number.", code="invalid_encounter") from None
        elif f["name"] == "interactions":
            items = []
            for i, line in enumerate(v.splitlines(), 1):
                parts = line.split()
                if not parts:
                    continue
                if len(parts) != 2 or not parts[1].isdigit():
                    raise InputError(f"interactions line {i}: write a timestamp and minutes, e.g. "
                                     "2026-03-02T08:15 6", code="invalid_encounter")
                items.append({"at": parts[0], "minutes": int(parts[1])})
            enc["interactions"] = items
        else:
            enc[f["name"]] = v
    return enc


def mount(app: FastAPI) -> None:
    svc = app.state.service
    settings = svc.settings
    secret = settings.get("server.secret") or secrets.token_hex(32)
    secure = str(settings.get("server.secure_cookies", "true")).lower() not in ("0", "false", "no", "off")
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="teleclaim_session", max_age=8 * 3600,
                       same_site="strict", https_only=secure)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    reports: collections.OrderedDict[str, tuple[str, dict[str, Any], dict[str, Any]]] = collections.OrderedDict()

    def csrf(request: Request) -> str:
        tok = request.session.get("csrf")
        if not tok:
            tok = request.session["csrf"] = secrets.token_urlsafe(24)
        return tok

    def csrf_ok(request: Request, form: Any) -> bool:
        want = request.session.get("csrf") or ""
        return bool(want) and hmac.compare_digest(want, str(form.get("csrf") or ""))

    def signed_in(request: Request) -> str | None:
        name = request.session.get("key")
        if name and not svc.keys.is_active(name):
            request.session.pop("key", None)
            return None
        return name

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

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str | None = None, system: str | None = None, on: str | None = None) -> Response:
        from teleclaim.refdata.systems import SYSTEMS

        results = None
        if q:
            try:
                day = dt.date.fromisoformat(on) if on else None
                res = svc.reference.search(q, system=system or None, on=day, limit=20)
            except (TeleclaimError, ValueError) as exc:
                err = exc if isinstance(exc, TeleclaimError) else InputError(
                    f"on={on!r}: not a date; use YYYY-MM-DD", parameter="on", value=on)
                return error_page(request, err, "Search")
            if wants_json(request):
                from teleclaim.api.deps import answer

                return answer(res)
            results = res["results"]
        return page(request, "home.html", q=q, system=system, on=on, results=results, systems=list(SYSTEMS))

    @app.get("/codes/{code}", response_class=HTMLResponse, include_in_schema=False)
    def code_page(request: Request, code: str, on: str | None = None, system: str | None = None) -> Response:
        try:
            day = dt.date.fromisoformat(on) if on else None
            e = svc.reference.lookup(code, system=system or None, on=day)
        except ValueError:
            return error_page(request, InputError(f"on={on!r}: not a date; use YYYY-MM-DD", parameter="on",
                                                  value=on), code)
        except TeleclaimError as exc:
            return error_page(request, exc, f"{code}: not found")
        if wants_json(request):
            from teleclaim.api.deps import answer

            return answer(e)
        from urllib.parse import quote, urlencode

        query = urlencode([(k, v) for k, v in (("system", e.get("system") if system else None),  # as asked
                                               ("on", e.get("on"))) if v])
        return page(request, "code.html", e=e, json_href=f"/v1/codes/{quote(str(e['code']))}" + (f"?{query}" if query else ""))

    @app.get("/rules", response_class=HTMLResponse, include_in_schema=False)
    def rules_page(request: Request) -> Response:
        from teleclaim.rules.docs import catalog_object

        if wants_json(request):
            from teleclaim.api.deps import answer

            return answer(catalog_object())
        return page(request, "rules.html", rules=catalog_object()["rules"])

    @app.get("/rules/{code}", response_class=HTMLResponse, include_in_schema=False)
    def rule_page(request: Request, code: str) -> Response:
        from teleclaim.rules.docs import rule_object
        from teleclaim.rules.registry import find_rule

        try:
            r = rule_object(find_rule(code))
        except TeleclaimError as exc:
            return error_page(request, exc, f"{code}: no such rule", is_rule=True)
        if wants_json(request):
            from teleclaim.api.deps import answer

            return answer(r)
        return page(request, "rule.html", r=r)

    @app.get("/suggest", response_class=HTMLResponse, include_in_schema=False)
    def suggest_index(request: Request) -> Response:
        return page(request, "suggest_index.html", kinds=KINDS)

    async def _suggest(request: Request, kind: str) -> Response:
        labels = dict(KINDS)
        if kind not in labels:
            return error_page(request, NotFoundError(f"no encounter kind {kind!r}; see /suggest"), "Not found")
        spec = fields(kind, svc.profiles().names())
        ctx: dict[str, Any] = {"kind": kind, "label": labels[kind], "fields": spec, "values": {}, "csrf": csrf(request)}
        if request.method == "POST":
            form = await request.form()
            ctx["values"] = {k: str(v) for k, v in form.items()}
            if not csrf_ok(request, form):
                ctx["error"] = "the form expired (missing or wrong CSRF token); reload the page and submit again"
                return page(request, "suggest.html", 403, **ctx)
            try:
                enc = encounter_from_form(kind, ctx["values"], spec)
                from teleclaim.select import suggest
                from teleclaim.select._payer import use_profiles

                with use_profiles(svc.profiles()):
                    ctx["answer"] = suggest(enc)
                ctx["encounter_json"] = json.dumps(enc)
            except TeleclaimError as exc:
                ctx["error"] = exc.message
                return page(request, "suggest.html", 422, **ctx)
        return page(request, "suggest.html", **ctx)

    app.add_api_route("/suggest/{kind}", _suggest, methods=["GET", "POST"], include_in_schema=False,
                      response_class=HTMLResponse)

    @app.get("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_form(request: Request) -> Response:
        return page(request, "signin.html", csrf=csrf(request))

    @app.post("/signin", response_class=HTMLResponse, include_in_schema=False)
    async def signin(request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request, form):
            return page(request, "signin.html", 403, csrf=csrf(request),
                        error="the form expired (CSRF token); reload the page and sign in again")
        check = svc.keys.verify(str(form.get("key") or "").strip())
        svc.keys.audit(check.name, "web sign-in", 200 if check.ok else 401, None if check.ok else f"key {check.reason}")
        if not check.ok:
            return page(request, "signin.html", 401, csrf=csrf(request),
                        error=f"sign-in refused: the API key is {check.reason or 'not valid'}")
        request.session.clear()
        request.session["key"] = check.name
        return RedirectResponse("/check", status_code=303)

    @app.post("/signout", include_in_schema=False)
    async def signout(request: Request) -> Response:
        form = await request.form()
        if csrf_ok(request, form):
            request.session.clear()
        return RedirectResponse("/", status_code=303)

    def check_ctx(request: Request, **ctx: Any) -> dict[str, Any]:
        return {"csrf": csrf(request), "payers": svc.profiles().names(), **ctx}

    @app.get("/check", response_class=HTMLResponse, include_in_schema=False)
    def check_form(request: Request) -> Response:
        if not signed_in(request):
            return RedirectResponse("/signin", status_code=303)
        return page(request, "check.html", **check_ctx(request))

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_upload(request: Request) -> Response:
        who = signed_in(request)
        if not who:
            svc.keys.audit(None, "web check", 401, "not signed in")
            return page(request, "signin.html", 401, csrf=csrf(request), error="sign in with an API key to check claims")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > svc.max_body:
            return page(request, "check.html", 413, **check_ctx(
                request, error=f"the upload is larger than {svc.max_body:,} bytes; split the files"))
        form = await request.form()
        if not csrf_ok(request, form):
            return page(request, "check.html", 403, **check_ctx(request, error="the form expired (CSRF token); reload"))
        uploads = [u for u in form.getlist("files") if hasattr(u, "filename") and u.filename]
        if not uploads:
            return page(request, "check.html", 422, **check_ctx(request, error="choose at least one file"))
        tmpdir = tempfile.TemporaryDirectory(prefix="teleclaim-web-")
        try:
            paths, names = [], []
            for i, up in enumerate(uploads):
                name = Path(up.filename).name
                p = Path(tmpdir.name) / f"{i}{Path(name).suffix.lower()}"
                with p.open("wb") as fh:
                    while chunk := await up.read(1 << 20):
                        fh.write(chunk)
                paths.append(p)
                names.append(name)
            as_of = str(form.get("as_of") or "") or None
            payer = str(form.get("payer") or "") or None
            estimates: dict[Any, Any] = {}

            def run() -> Any:
                from teleclaim.checking import make_engine, run_check

                engine = make_engine(svc.settings, as_of=dt.date.fromisoformat(as_of) if as_of else None,
                                     payer=payer)
                rep = run_check(paths, engine, names=names)
                from teleclaim.web.pages_fees import estimates_by_claim  # the estimate beside the findings

                estimates.update(estimates_by_claim(svc, paths, names, payer, as_of))
                return rep

            from teleclaim.api.deps import with_timeout

            report = await with_timeout(svc, run)
        except (TeleclaimError, ValueError) as exc:
            msg = exc.message if isinstance(exc, TeleclaimError) else f"as of: {exc}"
            status = getattr(exc, "status", 422)
            svc.keys.audit(who, "web check", status, "error")
            return page(request, "check.html", status, **check_ctx(request, error=msg))
        finally:
            tmpdir.cleanup()
        from teleclaim.api.deps import _jsonable
        from teleclaim.report.json import render
        from teleclaim.report.sarif import render as sarif
        from teleclaim.rules.registry import catalog

        data = _jsonable(render(report))
        rid = secrets.token_urlsafe(12)
        reports[rid] = (who, data, _jsonable(sarif(report, catalog())))
        while len(reports) > 20:
            reports.popitem(last=False)
        s = report.summary()
        svc.keys.audit(who, "web check", 200, f"claims={s['claims']} findings={s['findings']}")
        groups: dict[str, dict[Any, list[Any]]] = {}
        for f in data["findings"]:
            groups.setdefault(f.get("file") or "upload", {}).setdefault(f.get("claim_id"), []).append(f)
        return page(request, "check.html", **check_ctx(
            request, report=data, report_id=rid, groups=[(k, list(v.items())) for k, v in groups.items()],
            estimates=estimates))

    @app.get("/check/report/{rid}.{ext}", include_in_schema=False)
    def download(request: Request, rid: str, ext: str) -> Response:
        who = signed_in(request)
        item = reports.get(rid)
        if not who or item is None or item[0] != who or ext not in ("json", "sarif"):
            return JSONResponse(NotFoundError("no such report (reports are kept for your session only)",
                                              code="not_found").to_dict(), status_code=404)
        body = item[1] if ext == "json" else item[2]
        from teleclaim import __version__

        if ext == "json":
            body = {"teleclaim_version": __version__, **body}
        return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="teleclaim-check.{ext}"'})

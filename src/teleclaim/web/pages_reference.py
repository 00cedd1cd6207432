"""Reference pages: search (``/``), one code (``/codes/{code}``), the rules catalog and rule pages.
Each has a JSON twin (``?format=json``: the ``/v1`` answer)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from teleclaim.api.deps import answer
from teleclaim.errors import InputError, TeleclaimError
from teleclaim.service import rules as rule_service
from teleclaim.service.reference import parse_date, systems
from teleclaim.web.common import error_page, page, svc, wants_json

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, q: str | None = None, system: str | None = None, on: str | None = None) -> Response:
    results = None
    if q:
        try:
            res = svc(request).reference.search(q, system=system or None, on=parse_date(on, "on"), limit=20)
        except TeleclaimError as exc:
            return error_page(request, exc, "Search")
        if wants_json(request):
            return answer(res)
        results = res["results"]
    return page(request, "home.html", q=q, system=system, on=on, results=results, systems=systems())


@router.get("/codes/{code}")
def code_page(request: Request, code: str, on: str | None = None, system: str | None = None) -> Response:
    try:
        day = parse_date(on, "on")
    except InputError as exc:
        return error_page(request, exc, code)
    try:
        e = svc(request).reference.lookup(code, system=system or None, on=day)
    except TeleclaimError as exc:
        return error_page(request, exc, f"{code}: not found")
    if wants_json(request):
        return answer(e)
    query = urlencode(
        [
            (k, v)
            for k, v in (
                ("system", e.get("system") if system else None),  # as asked
                ("on", e.get("on")),
            )
            if v
        ]
    )
    return page(
        request, "code.html", e=e, json_href=f"/v1/codes/{quote(str(e['code']))}" + (f"?{query}" if query else "")
    )


@router.get("/rules")
def rules_page(request: Request) -> Response:
    cat = rule_service.catalog_object()
    if wants_json(request):
        return answer(cat)
    return page(request, "rules.html", rules=cat["rules"])


@router.get("/rules/{code}")
def rule_page(request: Request, code: str) -> Response:
    try:
        r = rule_service.rule_object(code)
    except TeleclaimError as exc:
        return error_page(request, exc, f"{code}: no such rule", is_rule=True)
    if wants_json(request):
        return answer(r)
    return page(request, "rule.html", r=r)

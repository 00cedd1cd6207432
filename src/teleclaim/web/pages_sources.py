"""``/sources`` and ``/sources/{id}``: the sources teleclaim cites, each with its link and the rules
citing it. JSON twins: ``?format=json`` answers as ``/v1/sources`` (errors as the API's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from teleclaim.errors import NotFoundError

HERE = Path(__file__).resolve().parent


def mount(app: FastAPI) -> None:
    from teleclaim.api.deps import answer
    from teleclaim.service.sources import source_object, sources_object

    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key") if "session" in request.scope else None)
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request) -> Response:
        obj = sources_object()
        if request.query_params.get("format") == "json":
            return answer(obj)
        return page(request, "sources_list.html", sources=obj["sources"])

    @app.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, source_id: str) -> Response:
        try:
            obj = source_object(source_id)
        except NotFoundError as exc:
            if request.query_params.get("format") == "json":
                return JSONResponse(exc.to_dict(), status_code=404)
            return page(
                request,
                "error.html",
                404,
                title=f"{source_id}: no such source",
                error={k: v for k, v in exc.to_dict()["error"].items() if k != "suggestions"},
                is_rule=False,
            )
        if request.query_params.get("format") == "json":
            return answer(obj)
        return page(request, "sources_one.html", s=obj["source"])

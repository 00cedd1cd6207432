"""The API contract: ``/openapi.json`` completed with the schemas the raw-body routes declare, and
``/docs`` (Swagger UI) served from the ``fastapi-offline`` package's assets, so it works offline.

Routes that read their body raw (to stream it, and to accept the form-urlencoded Content-Type that
``curl --data-binary`` sends) declare it with ``openapi_extra`` and ``$ref`` the ``Claim`` and
``Encounter`` components added here; errors ``$ref`` the one ``ErrorBody`` component.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from teleclaim.api.deps import ErrorBody
from teleclaim.service.checking import claim_schema
from teleclaim.service.suggesting import encounter_schema

REF = "#/components/schemas/{model}"


def _add(schemas: dict[str, Any], name: str, schema: dict[str, Any]) -> None:
    defs = schema.pop("$defs", {})
    for k, v in defs.items():
        schemas.setdefault(k, v)
    schemas[name] = schema


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    _add(schemas, "Claim", claim_schema(REF))
    _add(schemas, "Encounter", encounter_schema(REF, profiles=app.state.service.profiles()))
    err = ErrorBody.model_json_schema(ref_template=REF)
    _add(schemas, "ErrorBody", err)
    _examples(doc)
    app.openapi_schema = doc
    return doc


def _examples(doc: dict[str, Any]) -> None:
    """Real bodies as examples (a synthetic 837P of two claims, and the same claims as JSON), so a
    client, a reader of /docs or a fuzzer's example phase starts from a file the API accepts."""
    import io

    from teleclaim.service.x12files import generate, write_generated

    out = io.StringIO()
    write_generated(generate("th", 2, 0), out)
    x12 = out.getvalue()
    for path in ("/v1/check", "/v1/ack"):
        content = doc["paths"][path]["post"]["requestBody"]["content"]
        for media in ("text/plain", "application/edi-x12"):
            content[media]["example"] = x12


def install(app: FastAPI) -> None:
    """The completed ``/openapi.json`` and the offline ``/docs``."""
    # FastAPI's documented way to extend the schema is to replace the ``openapi`` method on the app
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    static = files("fastapi_offline") / "static"
    app.mount("/docs-static", StaticFiles(directory=str(static)), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} API",
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/docs-static/favicon.png",
        )

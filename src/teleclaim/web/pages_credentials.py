"""Web pages of the roster (issue 15): ``/clinicians`` (status chips and what lapses in the next 60
days) and ``/clinicians/{npi}`` (a tile-grid map of the 50 states + DC where the clinician may treat
on a chosen date, license vs compact, with its table twin). The roster is internal data: both pages
need a signed-in session. Each page has a JSON twin (``?format=json``), the same object as the API.

The map is inline SVG (works offline): Okabe-Ito blue for a license, orange with hatching for a
compact basis, pale grey for none; every tile also carries a letter (L, C or -), so colour is never
the only cue.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from teleclaim.errors import InputError, NotFoundError, TeleclaimError

#: (column, row) of each state in the tile grid
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0),
    "ME": (11, 0),
    "VT": (10, 1),
    "NH": (11, 1),
    "WA": (0, 2),
    "ID": (1, 2),
    "MT": (2, 2),
    "ND": (3, 2),
    "MN": (4, 2),
    "IL": (5, 2),
    "WI": (6, 2),
    "MI": (7, 2),
    "NY": (8, 2),
    "RI": (9, 2),
    "MA": (10, 2),
    "OR": (0, 3),
    "NV": (1, 3),
    "WY": (2, 3),
    "SD": (3, 3),
    "IA": (4, 3),
    "IN": (5, 3),
    "OH": (6, 3),
    "PA": (7, 3),
    "NJ": (8, 3),
    "CT": (9, 3),
    "CA": (0, 4),
    "UT": (1, 4),
    "CO": (2, 4),
    "NE": (3, 4),
    "MO": (4, 4),
    "KY": (5, 4),
    "WV": (6, 4),
    "VA": (7, 4),
    "MD": (8, 4),
    "DE": (9, 4),
    "AZ": (1, 5),
    "NM": (2, 5),
    "KS": (3, 5),
    "AR": (4, 5),
    "TN": (5, 5),
    "NC": (6, 5),
    "SC": (7, 5),
    "DC": (8, 5),
    "OK": (3, 6),
    "LA": (4, 6),
    "MS": (5, 6),
    "AL": (6, 6),
    "GA": (7, 6),
    "HI": (0, 7),
    "TX": (3, 7),
    "FL": (8, 7),
}
FILL = {"license": "#0072B2", "compact": "#E69F00", "none": "#E8E8E8"}
LETTER = {"license": "L", "compact": "C", "none": "–"}


def tiles(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for s in states:
        col, row = TILES[s["state"]]
        how = s["how"] if s["allowed"] else "none"
        out.append(
            {
                "state": s["state"],
                "x": col * 52 + 2,
                "y": row * 52 + 2,
                "how": how,
                "fill": FILL[how],
                "letter": LETTER[how],
                "ink": "#ffffff" if how == "license" else "#000000",
                "warn": bool(s["warnings"]),
            }
        )
    return out


def mount(app: FastAPI) -> None:
    svc = app.state.service
    templates = Jinja2Templates(directory=str(files("teleclaim.web") / "templates"))

    from teleclaim.web.common import signed_in  # one session helper for every page

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("signed_in", request.session.get("key"))
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def error(request: Request, exc: TeleclaimError, title: str) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 422
        if request.query_params.get("format") == "json":
            return JSONResponse(exc.to_dict(), status_code=status)
        return render(request, "error.html", status, title=title, error=exc.to_dict()["error"], is_rule=False)

    def day_of(on: str | None) -> dt.date | None:
        if not on:
            return None
        try:
            return dt.date.fromisoformat(on)
        except ValueError:
            raise InputError(f"on={on!r}: not a date; use YYYY-MM-DD.", parameter="on", value=on) from None

    def refuse(request: Request) -> Response:
        if request.query_params.get("format") == "json":
            return JSONResponse(
                {"error": {"code": "unauthorized", "message": "sign in with an API key: the roster is internal data"}},
                status_code=401,
            )
        return RedirectResponse("/signin", status_code=303)

    @app.get("/clinicians", response_class=HTMLResponse, include_in_schema=False)
    def roster_page(request: Request, on: str | None = None) -> Response:
        if not signed_in(request):
            return refuse(request)
        from teleclaim.service.credentials import list_clinicians

        try:
            res = list_clinicians(svc.settings, day_of(on))
        except TeleclaimError as exc:
            return error(request, exc, "Clinicians")
        if request.query_params.get("format") == "json":
            from teleclaim.api.deps import answer

            return answer(res)
        return render(request, "credentials_roster.html", r=res)

    @app.get("/clinicians/{npi}", response_class=HTMLResponse, include_in_schema=False)
    def clinician_page(
        request: Request, npi: str, on: str | None = None, mode: str = "telehealth", payer: str | None = None
    ) -> Response:
        if not signed_in(request):
            return refuse(request)
        from teleclaim.service.credentials import show_clinician, today, treat_map, validate_mode

        try:
            day = day_of(on) or today()
            validate_mode(mode)
            shown = show_clinician(svc.settings, npi, day)
            m = treat_map(svc.settings, npi, day, mode=mode, payer=payer or None)
        except TeleclaimError as exc:
            return error(request, exc, f"Clinician {npi}")
        if request.query_params.get("format") == "json":
            from teleclaim.api.deps import answer

            return answer({**shown, "map": m})
        counts = {k: sum(1 for s in tiles(m["states"]) if s["how"] == k) for k in FILL}
        return render(
            request,
            "credentials_clinician.html",
            c=shown["clinician"],
            s=shown["summary"],
            audit=shown["audit"],
            m=m,
            tiles=tiles(m["states"]),
            counts=counts,
            fill=FILL,
            payers=svc.profiles().names(),
        )

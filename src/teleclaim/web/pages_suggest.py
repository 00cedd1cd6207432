"""Code selection pages: ``/suggest`` (the encounter kinds) and ``/suggest/{kind}`` (a form per kind).

The kinds, their labels, the fields and every value list come from the encounter schema
(``service.suggesting.form_fields``), so the form offers exactly what ``POST /v1/suggest`` accepts.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from teleclaim.errors import InputError, NotFoundError, TeleclaimError
from teleclaim.service.suggesting import encounter_kinds, form_fields, suggest
from teleclaim.text import digits
from teleclaim.web.common import csrf, csrf_ok, error_page, page, svc

router = APIRouter(include_in_schema=False)

#: how a fact is labelled on the form (facts not listed are labelled from their name)
LABELS = {
    "date": "Date of service",
    "discipline": "Discipline",
    "purpose": "Purpose",
    "minutes": "Minutes",
    "location": "Place of the visit",
    "payer": "Payer profile",
    "mode": "Mode",
    "days": "Days of monitoring (remote monitoring)",
    "patient": "Patient",
    "patient_location": "Patient was",
    "setting": "Practice setting",
    "behavioral": "Behavioral / mental health service",
    "mdm": "Medical decision making",
    "clinician": "Clinician",
    "interactions": "Interactions",
    "month": "Month (YYYY-MM)",
    "period_start": "Device period start",
    "days_with_data": "Days with data",
    "management_minutes": "Management minutes in the month",
    "interactive": "Interactive communication with the patient",
    "device": "Device",
    "related_em_within_7_days": "Related E/M in the 7 days before",
    "leads_to_em_soon": "Leads to an E/M soon",
    "setup": "Device set-up and education in this episode",
}
#: labels that depend on the kind
KIND_LABELS = {
    ("home_health_visit", "date"): "Date of the visit",
    ("home_health_visit", "minutes"): "Minutes in the home",
    ("telehealth_em", "patient_location"): "Patient was",
    ("telehealth_em", "mode"): "Technology",
    ("telehealth_em", "minutes"): "Total practitioner minutes on the date",
    ("virtual_check_in", "minutes"): "Discussion minutes",
}
HELP = {"interactions": "One per line: timestamp and minutes, e.g. 2026-03-02T08:15 6"}


def fields(kind: str, payers: list[str]) -> list[dict[str, Any]]:
    out = []
    for f in form_fields(kind, payers):
        label = KIND_LABELS.get((kind, f["name"])) or LABELS.get(f["name"]) or f["name"].replace("_", " ").capitalize()
        out.append({**f, "label": label, "help": HELP.get(f["name"], f.get("help") or "")})
    return out


def _interactions(v: str) -> list[dict[str, Any]]:
    items = []
    for i, line in enumerate(v.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or not digits(parts[1]):
            raise InputError(
                f"interactions line {i}: write a timestamp and minutes, e.g. 2026-03-02T08:15 6",
                code="invalid_encounter",
            )
        items.append({"at": parts[0], "minutes": int(parts[1])})
    return items


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
            enc["interactions"] = _interactions(v)
        else:
            enc[f["name"]] = v
    return enc


@router.get("/suggest")
def suggest_index(request: Request) -> Response:
    return page(request, "suggest_index.html", kinds=encounter_kinds())


@router.api_route("/suggest/{kind}", methods=["GET", "POST"])
async def suggest_page(request: Request, kind: str) -> Response:
    labels = dict(encounter_kinds())
    if kind not in labels:
        return error_page(request, NotFoundError(f"no encounter kind {kind!r}; see /suggest"), "Not found")
    profiles = svc(request).profiles()
    spec = fields(kind, profiles.names())
    ctx: dict[str, Any] = {"kind": kind, "label": labels[kind], "fields": spec, "values": {}, "csrf": csrf(request)}
    if request.method == "POST":
        form = await request.form()
        ctx["values"] = {k: str(v) for k, v in form.items()}
        if not csrf_ok(request, form):
            ctx["error"] = "the form expired (missing or wrong CSRF token); reload the page and submit again"
            return page(request, "suggest.html", 403, **ctx)
        try:
            enc = encounter_from_form(kind, ctx["values"], spec)
            ctx["answer"] = suggest(enc, profiles=profiles)
            ctx["encounter_json"] = json.dumps(enc)
        except TeleclaimError as exc:
            ctx["error"] = exc.message
            return page(request, "suggest.html", 422, **ctx)
    return page(request, "suggest.html", **ctx)

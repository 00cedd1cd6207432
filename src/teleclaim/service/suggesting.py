"""Code selection for an encounter, judged with the user's payer profiles (``teleclaim suggest``,
``POST /v1/suggest``, the web suggest pages).

``suggest(encounter, settings)`` returns the answer object of ``teleclaim.select.suggest``; the
profiles come from ``service.payers`` (the same ones ``check`` uses, so a suggested line passes
the check). ``claim_from_suggestions`` and ``placeholders`` build a claim in the JSON claim form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teleclaim.refdata.payers import Profiles
from teleclaim.select import claim_from_suggestions
from teleclaim.select._payer import use_profiles
from teleclaim.select.claim import placeholders
from teleclaim.service.payers import profiles_from

if TYPE_CHECKING:
    from teleclaim.credentials.treat import RosterIndex
    from teleclaim.settings import Settings

__all__ = [
    "suggest",
    "claim_from_suggestions",
    "placeholders",
    "encounter_schema",
    "encounter_kinds",
    "form_fields",
    "fact_values",
]


def suggest(
    encounter: Any,
    settings: Settings | None = None,
    *,
    profiles: Profiles | None = None,
    roster: RosterIndex | None = None,
) -> dict[str, Any]:
    """The suggestion for one encounter (an object) or a list of them, with the profiles in force
    (``profiles``, else those of ``settings``, else the shipped ones). ``roster`` (a
    ``credentials.RosterIndex``) lets encounters with ``npi`` and ``patient_state`` say whether the
    clinician may treat there."""
    from teleclaim.select import suggest as select_suggest

    if profiles is None and settings is not None:
        profiles = profiles_from(settings)
    with use_profiles(profiles):
        return select_suggest(encounter, roster=roster)


def encounter_schema(ref_template: str = "#/$defs/{model}", *, profiles: Profiles | None = None) -> dict[str, Any]:
    """JSON Schema of the encounter object (one of the kinds, told apart by ``kind``); with
    ``ref_template`` its definitions can live elsewhere (the API puts them in OpenAPI components).
    With ``profiles``, ``payer`` lists the profile names (and aliases) those profiles accept."""
    from pydantic import TypeAdapter

    from teleclaim.select._payer import accepted_names
    from teleclaim.select.encounters import Encounter

    schema = TypeAdapter(Encounter).json_schema(mode="validation", ref_template=ref_template)
    if profiles is not None:
        with use_profiles(profiles):
            names = accepted_names()
        for model in schema.get("$defs", {}).values():
            payer = model.get("properties", {}).get("payer")
            if payer is not None:
                payer.pop("pattern", None)
                payer["enum"] = names
    return schema


# -- the encounter form, generated from the schema (web form fields, CLI help) -----------------------
#: facts a form does not ask for (echoed ids, the judging date, lists of other visits' dates, zones)
_NOT_ON_FORMS = {"id", "as_of", "kind", "related_em_dates", "other_em_dates", "timezone"}


def _kind_schemas() -> dict[str, dict[str, Any]]:
    schema = encounter_schema()
    defs = schema["$defs"]
    from teleclaim.select.encounters import KINDS

    out = {}
    for ref in schema["discriminator"]["mapping"].values():
        model = defs[ref.rsplit("/", 1)[-1]]
        out[model["properties"]["kind"]["const"]] = model
    return {k: out[k] for k in sorted(out, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))}


def encounter_kinds() -> list[tuple[str, str]]:
    """``(kind, label)`` of every encounter kind, in the schema's order (labels: the models' docstrings)."""
    return [(k, m.get("description") or k) for k, m in _kind_schemas().items()]


def _field(name: str, prop: dict[str, Any], required: bool, payers: list[str]) -> dict[str, Any] | None:
    alts = [a for a in prop.get("anyOf", [prop]) if a.get("type") != "null"]
    p = {**prop, **alts[0]} if alts else prop
    spec: dict[str, Any] = {
        "name": name,
        "required": required,
        "options": [],
        "help": prop.get("description", ""),
        "default": prop.get("default"),
    }
    if name == "payer":
        spec.update(type="select", options=payers)
    elif "enum" in p:
        spec.update(type="select", options=list(p["enum"]))
    elif p.get("type") == "boolean":
        spec.update(type="checkbox")
    elif p.get("type") == "integer":
        spec.update(type="number", minimum=p.get("minimum"), maximum=p.get("maximum"))
    elif p.get("type") == "string" and p.get("format") == "date":
        spec.update(type="date")
    elif p.get("type") == "string":
        spec.update(type="text", pattern=p.get("pattern"))
    elif p.get("type") == "array" and name == "interactions":
        spec.update(type="textarea")
    else:
        return None
    return spec


def form_fields(kind: str, payers: list[str] | None = None) -> list[dict[str, Any]]:
    """The facts of one encounter kind as form fields (``name``, ``type``: select, checkbox, number,
    date, text or textarea, ``options``, ``required``, ``help``), from the encounter schema."""
    from teleclaim.errors import NotFoundError

    model = _kind_schemas().get(kind)
    if model is None:
        raise NotFoundError(f"no encounter kind {kind!r}", code="not_found", value=kind)
    required = set(model.get("required", ()))
    if payers is None:
        from teleclaim.select._payer import profiles

        payers = profiles()
    out = []
    for name, prop in model["properties"].items():
        if name in _NOT_ON_FORMS:
            continue
        spec = _field(name, prop, name in required, payers)
        if spec is not None:
            out.append(spec)
    return out


def fact_values(name: str) -> list[str]:
    """Every value the encounter schema allows for the fact ``name``, over all kinds (for help texts)."""
    seen: list[str] = []
    for model in _kind_schemas().values():
        prop = model["properties"].get(name)
        if prop is None:
            continue
        for alt in prop.get("anyOf", [prop]):
            for v in alt.get("enum", ()):
                if v not in seen:
                    seen.append(v)
    return seen

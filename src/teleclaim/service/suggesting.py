"""Code selection for an encounter, judged with the user's payer profiles (``teleclaim suggest``,
``POST /v1/suggest``, the web suggest pages).

``suggest(encounter, settings)`` returns the answer object of ``teleclaim.select.suggest``; the
profiles come from ``service.payers`` (the same ones ``check`` uses, so a suggested line passes
the check). ``claim_from_suggestions`` and ``placeholders`` build a claim in the JSON claim form.
"""

from __future__ import annotations

from typing import Any

from teleclaim.refdata.payers import Profiles
from teleclaim.select import claim_from_suggestions
from teleclaim.select._payer import use_profiles
from teleclaim.select.claim import placeholders
from teleclaim.service.payers import profiles_from

__all__ = ["suggest", "claim_from_suggestions", "placeholders"]


def suggest(encounter: Any, settings: Any = None, *, profiles: Profiles | None = None) -> dict[str, Any]:
    """The suggestion for one encounter (an object) or a list of them, with the profiles in force
    (``profiles``, else those of ``settings``, else the shipped ones)."""
    from teleclaim.select import suggest as select_suggest

    if profiles is None and settings is not None:
        profiles = profiles_from(settings)
    with use_profiles(profiles):
        return select_suggest(encounter)


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

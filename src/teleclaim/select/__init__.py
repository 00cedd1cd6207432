"""Code selection: encounter facts -> billable lines with reasons and authorities (issue 6).

``suggest(encounter)`` takes the JSON object ``teleclaim suggest`` reads (``kind`` and its facts;
see ``encounters``) and returns the JSON object it prints (without ``teleclaim_version``, which the
CLI and API faces add): ``lines`` (``code``, ``units``, ``modifiers``, ``pos``, ``revenue_code``,
``date``, ``reason``, ``authority`` ... and ``explain``: the reason and authority of each value),
``rejected`` (``code``, ``why``, ``authority``), ``billable`` and, when nothing is billable, ``reason``.
A JSON list of encounters gives ``{"suggestions": [...], "billable": ...}``.

``claim_from_suggestions(answers)`` builds a claim in the JSON claim form (placeholder charges and
parties) from the suggested lines; ``teleclaim check`` finds no error on it.

One module per encounter kind: ``homehealth_visit``, ``homehealth_telecom``, ``telehealth_em``,
``evisits``, ``ctbs`` (virtual check-in, remote evaluation), ``monitoring`` (RPM/RTM). Payer
decisions live in ``_payer`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from teleclaim.errors import InputError
from teleclaim.select._result import Answer
from teleclaim.select.encounters import KINDS, parse_encounter

__all__ = ["suggest", "suggest_one", "claim_from_suggestions", "KINDS", "parse_encounter"]


def _selector(kind: str) -> Callable[[Any, Answer], None]:
    if kind == "home_health_visit":
        from teleclaim.select.homehealth_visit import select
    elif kind == "home_health_telecom":
        from teleclaim.select.homehealth_telecom import select
    elif kind == "telehealth_em":
        from teleclaim.select.telehealth_em import select
    elif kind == "e_visits":
        from teleclaim.select.evisits import select
    elif kind == "virtual_check_in":
        from teleclaim.select.ctbs import select_check_in as select
    elif kind == "remote_evaluation":
        from teleclaim.select.ctbs import select_remote_evaluation as select
    else:
        from teleclaim.select.monitoring import select
    return select


def suggest_one(encounter: dict[str, Any], where: str = "encounter") -> dict[str, Any]:
    enc = parse_encounter(encounter, where=where)
    if getattr(enc, "payer", None) is not None:
        from teleclaim.select._payer import profile

        profile(enc.payer)  # an unknown profile is refused for every kind, not only where it is consulted
    facts = enc.model_dump(mode="json", exclude_none=True)
    ans = Answer(enc.kind, getattr(enc, "payer", None), facts)
    _selector(enc.kind)(enc, ans)
    out = ans.to_dict()
    if enc.id is not None:
        out["id"] = enc.id
    return out


def suggest(encounter: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    """The suggestion for one encounter (a dict), or for a list of encounters."""
    if isinstance(encounter, list):
        if not encounter:
            raise InputError("encounter: the list of encounters is empty.", code="invalid_encounter", pointer="/")
        items = [suggest_one(e, where=f"encounter /{i}") for i, e in enumerate(encounter)]
        return {"suggestions": items, "billable": any(s["billable"] for s in items)}
    return suggest_one(encounter)


def claim_from_suggestions(answers: dict[str, Any] | list[dict[str, Any]], claim_id: str | None = None) -> dict[str, Any]:
    from teleclaim.select.claim import build_claim

    if isinstance(answers, dict):
        answers = answers["suggestions"] if "suggestions" in answers else [answers]
    return build_claim(answers, claim_id=claim_id)

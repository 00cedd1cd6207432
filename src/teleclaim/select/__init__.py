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


def suggest_one(encounter: dict[str, Any], where: str = "encounter", roster: Any = None) -> dict[str, Any]:
    enc = parse_encounter(encounter, where=where)
    if getattr(enc, "payer", None) is not None:
        from teleclaim.select._payer import profile

        profile(enc.payer)  # an unknown profile is refused for every kind, not only where it is consulted
    facts = enc.model_dump(mode="json", exclude_none=True)
    ans = Answer(enc.kind, getattr(enc, "payer", None), facts)
    _selector(enc.kind)(enc, ans)
    out = ans.to_dict()
    if enc.npi and enc.patient_state:
        out["may_treat"] = _may_treat(enc, ans, roster)
        out["notes"] = ans.notes
    if enc.id is not None:
        out["id"] = enc.id
    return out


def _may_treat(enc: Any, ans: Answer, roster: Any) -> dict[str, Any] | None:
    """The can-treat answer for the encounter's clinician and patient state (issue 15), with a note
    when the clinician may not treat there; None (and a note) without a roster."""
    if roster is None:
        ans.note(
            "npi and patient_state given but no clinician roster: licensure not judged (import one with "
            "`teleclaim clinicians import`)"
        )
        return None
    from teleclaim.clock import today
    from teleclaim.credentials import can_treat

    day = (
        getattr(enc, "date", None)
        or getattr(enc, "period_start", None)
        or (enc.month_start if hasattr(enc, "month_start") else None)
        or (enc.interactions[0].at.date() if getattr(enc, "interactions", None) else None)
        or enc.as_of
        or today()
    )
    mode = "in_person" if enc.kind == "home_health_visit" else "telehealth"
    a = can_treat(roster, enc.npi, enc.patient_state.upper(), day, payer=getattr(enc, "payer", None), mode=mode)
    if not a["allowed"]:
        ans.note(
            f"the clinician (NPI {enc.npi}) may not treat a patient in {enc.patient_state.upper()} on {day}: "
            + "; ".join(p["message"] for p in a["problems"])
        )
    return a


def suggest(encounter: dict[str, Any] | list[dict[str, Any]], roster: Any = None) -> dict[str, Any]:
    """The suggestion for one encounter (a dict), or for a list of encounters. ``roster`` (a
    ``teleclaim.credentials.RosterIndex``) lets encounters with ``npi`` and ``patient_state`` say
    whether the clinician may treat there (``may_treat``)."""
    if isinstance(encounter, list):
        if not encounter:
            raise InputError("encounter: the list of encounters is empty.", code="invalid_encounter", pointer="/")
        items = [suggest_one(e, where=f"encounter /{i}", roster=roster) for i, e in enumerate(encounter)]
        return {"suggestions": items, "billable": any(s["billable"] for s in items)}
    return suggest_one(encounter, roster=roster)


def claim_from_suggestions(
    answers: dict[str, Any] | list[dict[str, Any]], claim_id: str | None = None
) -> dict[str, Any]:
    from teleclaim.select.claim import build_claim

    items: list[dict[str, Any]] = answers.get("suggestions", [answers]) if isinstance(answers, dict) else answers
    return build_claim(items, claim_id=claim_id)

"""``teleclaim suggest``: encounter facts -> the codes to bill, with reasons and authorities.

A thin face over ``teleclaim.select.suggest`` (the same function behind ``POST /v1/suggest``): the
encounter comes from a JSON file (``ENCOUNTER.json``, ``--input FILE`` or ``-`` for stdin) and/or
options (``--kind``, ``--date`` ...; options override the file's facts). ``--claim`` prints a claim
in the JSON claim form built from the suggested lines (placeholder charges and parties) for
``teleclaim check``. Exit 0 when something is billable, 1 when nothing is (the reason is printed),
2 when the input cannot be used.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, echo, emit_json, output_options, resolve_format
from teleclaim.errors import InputError


def _one_of(fact: str) -> str:
    """The values the encounter schema allows for ``fact`` (the one source of every value list)."""
    from teleclaim.service.suggesting import fact_values

    return ", ".join(fact_values(fact))


def _kinds() -> str:
    from teleclaim.service.suggesting import encounter_kinds

    return ", ".join(k for k, _ in encounter_kinds())


#: option name -> encounter field (all optional; they override the file's facts)
_FACT_OPTIONS: list[tuple[str, str, Any, str]] = [
    ("--kind", "kind", str, f"Encounter kind: {_kinds()}."),
    ("--date", "date", DATE, "Date of service (YYYY-MM-DD)."),
    ("--discipline", "discipline", str, f"Home-health discipline: {_one_of('discipline')}."),
    ("--purpose", "purpose", str, f"Home-health visit purpose: {_one_of('purpose')}."),
    ("--minutes", "minutes", int, "Minutes (visit length, practitioner time, discussion time)."),
    ("--mode", "mode", str, f"{_one_of('mode')} (remote_monitoring: home-health telecom only)."),
    ("--days", "days", int, "Days monitored (home-health remote monitoring)."),
    ("--patient", "patient", str, f"{_one_of('patient')}."),
    ("--patient-location", "patient_location", str, f"{_one_of('patient_location')}."),
    (
        "--payer",
        "payer",
        str,
        "Payer profile: medicare (default), commercial, medicaid_example or one of "
        "[profiles] in teleclaim.toml (`teleclaim payers`).",
    ),
    ("--setting", "setting", str, f"{_one_of('setting')}."),
    ("--clinic", "clinic", str, "rhc_fqhc setting: rhc (rural health clinic, TOB 71X; default) or fqhc (TOB 77X)."),
    ("--mdm", "mdm", str, f"Medical decision making: {_one_of('mdm')}."),
    ("--clinician", "clinician", str, f"{_one_of('clinician')}."),
    ("--month", "month", str, "RPM/RTM calendar month (YYYY-MM)."),
    ("--period-start", "period_start", DATE, "RPM/RTM first day of the 30-day device period."),
    ("--days-with-data", "days_with_data", int, "RPM/RTM days with device data in the 30-day period."),
    ("--management-minutes", "management_minutes", int, "RPM/RTM treatment-management minutes in the month."),
    ("--device", "device", str, f"RTM device: {_one_of('device')}."),
    ("--as-of", "as_of", DATE, "Judge the rules as known on this date (default today)."),
]


_FACT_KEYS = {dest for _, dest, _, _ in _FACT_OPTIONS} | {"behavioral", "interactive", "campus"}


def _fact_options(fn: Any) -> Any:
    for opt, dest, typ, help_ in reversed(_FACT_OPTIONS):
        fn = click.option(opt, dest, type=typ, default=None, help=help_)(fn)
    fn = click.option(
        "--behavioral/--not-behavioral",
        "behavioral",
        default=None,
        help="Mental/behavioral health service (telehealth E/M).",
    )(fn)
    fn = click.option(
        "--campus/--off-campus",
        "campus",
        default=None,
        help="hospital_outpatient setting: on-campus department (POS 22); default off campus (POS 19).",
    )(fn)
    fn = click.option(
        "--interactive/--no-interactive",
        "interactive",
        default=None,
        help="RPM/RTM: at least one real-time interactive communication in the month.",
    )(fn)
    return fn


def _read(source: str) -> Any:
    if source == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        p = Path(source)
        if not p.is_file():
            raise InputError(
                f"{source}: no such file; give an encounter JSON file, or - for stdin.",
                code="file_not_found",
                file=source,
            )
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"{source}: cannot read it ({type(exc).__name__}); give a UTF-8 JSON file.",
                code="unreadable_file",
                file=source,
            ) from None
        name = source
    if not text.strip():
        raise InputError(
            f"{name}: empty input; give an encounter JSON object with 'kind' and its facts.",
            code="invalid_json",
            file=name,
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            code="invalid_json",
            file=name,
            line=exc.lineno,
        ) from None


def _auth_text(auths: list[dict[str, Any]]) -> str:
    """Sources by id and title (``teleclaim sources ID`` shows the link)."""
    seen: list[str] = []
    out: list[str] = []
    for a in auths:
        key = a.get("source") or a.get("title") or ""
        if key and key not in seen:
            seen.append(key)
            out.append(f"{a['source']} {a['title']}" if a.get("source") else str(a.get("title")))
    return "; ".join(out)


def _text(ans: dict[str, Any]) -> None:
    enc = ans["encounter"]
    facts = ", ".join(f"{k}={v}" for k, v in enc.items() if k not in ("kind", "interactions"))
    if "interactions" in enc:
        facts += f", {len(enc['interactions'])} interaction(s)"
    echo(f"{ans['kind']}: {facts}")
    if ans["lines"]:
        echo("Bill:")
        for ln in ans["lines"]:
            bits = [ln["code"], f"units {ln['units']}"]
            if ln["modifiers"]:
                bits.append("modifiers " + ",".join(ln["modifiers"]))
            if ln["pos"]:
                bits.append(f"POS {ln['pos']}")
            if ln["revenue_code"]:
                bits.append(f"revenue {ln['revenue_code']}")
            bits.append(ln["date"] + (f"..{ln['date_to']}" if ln.get("date_to") else ""))
            echo("  " + "  ".join(bits) + (f"  ({ln['description']})" if ln.get("description") else ""))
            ex = ln["explain"]
            for key in ("code", "units", "revenue_code", "pos"):
                if key in ex:
                    echo(f"    {key.replace('_', ' ')}: {ex[key]['reason']}  [{_auth_text(ex[key]['authority'])}]")
            for m in ex.get("modifiers", []):
                echo(f"    modifier {m['value']}: {m['reason']}  [{_auth_text(m['authority'])}]")
    else:
        echo(f"Nothing billable: {ans['reason']}  [{_auth_text(ans.get('reason_authority') or [])}]")
    if ans["rejected"]:
        echo("Rejected:")
        for r in ans["rejected"]:
            echo(f"  {r['code']}: {r['why']}")
    for n in ans["notes"]:
        echo(f"Note: {n}")


@click.command("suggest")
@click.argument("encounter", required=False, metavar="[ENCOUNTER.json|-]")
@click.option("--input", "-i", "input_", metavar="FILE", help="Encounter JSON file (or - for stdin).")
@_fact_options
@click.option(
    "--claim",
    "as_claim",
    is_flag=True,
    help="Print a claim in the JSON claim form built from the suggested lines (placeholder charges).",
)
@output_options()
def suggest(encounter: str | None, input_: str | None, as_claim: bool, fmt: str, as_json: bool, **opts: Any) -> int:
    """Suggest the codes to bill for an encounter, with reasons, authorities and rejected alternatives.

    \b
    Examples:
      teleclaim suggest --kind home_health_visit --date 2024-03-02 --discipline RN --minutes 23
      teleclaim suggest --format json examples/encounters/telehealth_em_medicare_home.json
      teleclaim suggest --claim visit.json > claim.json && teleclaim check claim.json
    """
    from teleclaim.service.suggesting import claim_from_suggestions, placeholders
    from teleclaim.service.suggesting import suggest as do_suggest

    fmt = resolve_format(fmt, as_json)
    if encounter and input_:
        raise InputError("give the encounter once: as the argument or with --input, not both.", code="usage_error")
    source = encounter or input_
    facts = {k: v for k, v in opts.items() if k in _FACT_KEYS and v is not None}
    for k, v in list(facts.items()):
        if isinstance(v, dt.date):
            facts[k] = v.isoformat()
    if source is None and not facts.get("kind") and not sys.stdin.isatty():
        source = "-"
    if source is not None:
        obj = _read(source)
        if facts:
            if not isinstance(obj, dict):
                raise InputError(
                    "options can only add facts to one encounter object, not to a list.", code="usage_error"
                )
            obj = {**obj, **facts}
    elif facts:
        obj = facts
    else:
        raise InputError(
            "no encounter: give ENCOUNTER.json, --input FILE, - for stdin, or --kind and its facts "
            "(see teleclaim suggest --help).",
            code="usage_error",
        )
    from teleclaim.settings import load_settings

    settings = load_settings()
    roster = None
    if '"npi"' in json.dumps(obj):  # the clinician may-treat answer needs the roster (issue 15)
        from teleclaim.service.credentials import load_index

        roster = load_index(settings)
    ans = do_suggest(obj, settings, roster=roster)
    if as_claim:
        if not ans["billable"]:
            reasons = [ans["reason"]] if "reason" in ans else [s["reason"] for s in ans["suggestions"]]
            click.echo("teleclaim: nothing billable, no claim: " + "; ".join(r for r in reasons if r), err=True)
            return EXIT_NEGATIVE
        claim = claim_from_suggestions(ans)
        click.echo(
            "teleclaim: the claim carries placeholders (replace before use): " + "; ".join(placeholders()), err=True
        )
        emit_json(claim)
        return EXIT_OK
    if fmt == "json":
        emit_json(ans)
    elif "suggestions" in ans:
        for i, one in enumerate(ans["suggestions"]):
            if i:
                echo()
            _text(one)
    else:
        _text(ans)
    return EXIT_OK if ans["billable"] else EXIT_NEGATIVE

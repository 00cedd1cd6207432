"""``teleclaim clinicians import|list|show|expiring`` (the roster in the store) and ``teleclaim
can-treat NPI --state ST --on DATE`` (may this clinician treat a patient there, that day?).

can-treat exits 0 when allowed, 1 when not (each problem says why), 2 when it could not run (no
roster, bad option). The JSON of can-treat is a contract (issue 15): extend, never rename.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, echo, emit_json, output_options, resolve_format


def _settings(config_file: Path | None = None) -> Any:
    from teleclaim.settings import load_settings

    return load_settings(config_file)


@click.group("clinicians")
def clinicians() -> None:
    """The clinician roster: licenses, compact privileges, payer enrollments (kept in the store)."""


@clinicians.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@output_options()
def import_(path: Path, fmt: str, as_json: bool) -> int:
    """Import a roster file (JSON form or CSV form) into the store; re-import replaces each
    clinician's entry (an audit row keeps the previous one). A file with any bad row imports nothing."""
    from teleclaim.service.credentials import import_roster

    fmt = resolve_format(fmt, as_json)
    res = import_roster(_settings(), path)
    if fmt == "json":
        emit_json(res)
    else:
        echo(
            f"Imported {res['clinicians']} clinician{'s' if res['clinicians'] != 1 else ''} from {res['source']}: "
            f"{res['added']} added, {res['replaced']} replaced."
        )
    return EXIT_OK


@clinicians.command("list")
@click.option("--on", "on", type=DATE, default=None, help="Status as on this day (default: today).")
@output_options()
def list_(on: dt.date | None, fmt: str, as_json: bool) -> int:
    """List the clinicians of the roster with their status and what lapses in the next 60 days."""
    from teleclaim.service.credentials import list_clinicians

    fmt = resolve_format(fmt, as_json)
    res = list_clinicians(_settings(), on)
    if fmt == "json":
        emit_json(res)
        return EXIT_OK
    for c in res["clinicians"]:
        nxt = c["next_lapse"]
        echo(
            f"{c['npi']}  {c['name'][:28]:<28} {c['profession']:<28} {c['status']:<10} "
            f"{','.join(c['licensed_states']) or '-':<14}"
            + (f" next lapse: {nxt['what']} {nxt['date']}" if nxt else "")
        )
    echo(
        f"{res['count']} clinician{'s' if res['count'] != 1 else ''} on {res['on']}; "
        f"{len(res['lapsing'])} item{'s' if len(res['lapsing']) != 1 else ''} lapse within 60 days."
    )
    return EXIT_OK


@clinicians.command("show")
@click.argument("npi")
@click.option("--on", "on", type=DATE, default=None, help="Status as on this day (default: today).")
@output_options()
def show(npi: str, on: dt.date | None, fmt: str, as_json: bool) -> int:
    """Show one clinician's roster entry, status and import history."""
    from teleclaim.service.credentials import show_clinician

    fmt = resolve_format(fmt, as_json)
    res = show_clinician(_settings(), npi, on)
    if fmt == "json":
        emit_json(res)
        return EXIT_OK
    c, s = res["clinician"], res["summary"]
    echo(f"{c['npi']}  {c['name']}  ({c['profession']}; taxonomy {', '.join(c['taxonomy']) or '-'})")
    echo(f"  status: {s['status']}; licensed in {', '.join(s['licensed_states']) or 'no state'}")
    for lic in c["licenses"]:
        echo(
            f"  license    {lic['state']} {lic.get('number') or '-'}  {lic.get('issued') or '?'}..{lic.get('expires') or 'open'}"
            f"  {lic['status']}"
            + ("  multistate (NLC)" if lic["multistate"] else "")
            + (f"  via {lic['compact']}" if lic.get("compact") else "")
        )
    for p in c["compact_privileges"]:
        where = f"home {p['home_state']}" if p.get("home_state") else ""
        echo(
            f"  privilege  {p['compact']} {p.get('kind') or ''} {where} {';'.join(p['states'])}  "
            f"{p.get('issued') or '?'}..{p.get('expires') or 'open'}  {p['status']}"
        )
    for e in c["enrollments"]:
        echo(
            f"  enrollment {e['payer']} {e['status']}  {e.get('effective_from') or '?'}..{e.get('effective_to') or 'open'}"
            f"  telehealth {'yes' if e['telehealth'] else 'no'}"
            + (f"  revalidation due {e['revalidation_due']}" if e.get("revalidation_due") else "")
        )
    for o in c["medicare_opt_out"]:
        echo(f"  Medicare opt-out {o['from']}..{o.get('to') or 'open'}")
    if c.get("caqh_attested"):
        echo(f"  CAQH attested {c['caqh_attested']}")
    if res["imported"]:
        echo(
            f"  imported {res['imported']['imported_at']} from {res['imported']['source']}; "
            f"{len(res['audit'])} import{'s' if len(res['audit']) != 1 else ''} on record"
        )
    return EXIT_OK


@clinicians.command("expiring")
@click.option("--within", "within", type=int, required=True, metavar="DAYS", help="Look this many days ahead.")
@click.option("--on", "on", type=DATE, default=None, help="Count from this day (default: today).")
@output_options()
def expiring_(within: int, on: dt.date | None, fmt: str, as_json: bool) -> int:
    """Licenses, privileges, enrollments, Medicare revalidation and CAQH attestation (older than 120
    days) that lapse within DAYS of the day (lapsed ones inside the same window back are listed too)."""
    from teleclaim.service.credentials import expiring_items

    fmt = resolve_format(fmt, as_json)
    res = expiring_items(_settings(), within, on)
    if fmt == "json":
        emit_json(res)
        return EXIT_OK
    for it in res["items"]:
        left = it["days_left"]
        when = f"in {left} days" if left > 0 else "today" if left == 0 else f"{-left} days ago"
        echo(f"{it['date']}  {when:<14} {it['npi']}  {it['name'][:24]:<24} {it['what']}")
    echo(f"{len(res['items'])} item{'s' if len(res['items']) != 1 else ''} within {within} days of {res['on']}.")
    return EXIT_OK


@click.command("can-treat")
@click.argument("npi")
@click.option("--state", "state", required=True, metavar="ST", help="The patient's state (USPS code).")
@click.option("--on", "on", type=DATE, default=None, help="Date of service (default: today).")
@click.option(
    "--payer",
    "payer",
    default=None,
    metavar="PROFILE",
    help="Also judge the enrollment with this payer profile or payer id (and Medicare opt-out).",
)
@click.option(
    "--mode",
    "mode",
    type=click.Choice(["telehealth", "in_person"]),
    default="telehealth",
    show_default=True,
    help="Telehealth or in person (PSYPACT APIT vs TAP).",
)
@click.option(
    "--roster",
    "roster",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Roster file (JSON or CSV) instead of the store's roster.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="teleclaim.toml to use (compact overrides in [credentials.compacts]).",
)
@output_options()
def can_treat(
    npi: str,
    state: str,
    on: dt.date | None,
    payer: str | None,
    mode: str,
    roster: Path | None,
    config_file: Path | None,
    fmt: str,
    as_json: bool,
) -> int:
    """May clinician NPI treat a patient located in --state on --on (for --payer)? Exit 0 yes, 1 no."""
    from teleclaim.service.credentials import can_treat_answer, today

    fmt = resolve_format(fmt, as_json)
    ans = can_treat_answer(
        _settings(config_file), npi, state, on or today(), payer=payer, mode=mode, roster_file=roster
    )
    if fmt == "json":
        emit_json(ans)
    else:
        who = f"{ans['npi']}" + (f" ({ans['name']})" if ans.get("name") else "")
        verdict = "may treat" if ans["allowed"] else "may NOT treat"
        echo(
            f"{who} {verdict} a patient in {ans['state']} on {ans['on']} ({ans['mode']}"
            + (f", payer {ans['payer']}" if ans["payer"] else "")
            + ")"
        )
        for b in ans["basis"]:
            echo("  basis:   " + ", ".join(f"{k} {v}" for k, v in b.items() if v is not None))
        for p in ans["problems"]:
            echo(f"  problem: {p['code']}: {p['message']}")
        for w in ans["warnings"]:
            echo(f"  warning: {w['code']}: {w['message']}")
    return EXIT_OK if ans["allowed"] else EXIT_NEGATIVE


#: main.COMMANDS names commands by module attribute: the command's own (hyphenated) name.
globals()["can-treat"] = can_treat


def import_order_referring_cmd(path: Path, fmt: str) -> int:
    """``teleclaim data import`` of the CMS Order and Referring file (recognised by its header)."""
    from teleclaim.service.credentials import import_order_referring

    res = import_order_referring(_settings(), path)
    if fmt == "json":
        emit_json(res)
    else:
        echo(
            f"Loaded the CMS Order and Referring file {res['source']}"
            + (
                f" (release {res['released']})"
                if res["released"]
                else " (release date unknown: judged by the day it was loaded)"
            )
            + f": {res['records']} NPIs, {res['hha']} eligible to certify home health."
        )
    return EXIT_OK

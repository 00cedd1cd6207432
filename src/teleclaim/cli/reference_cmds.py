"""``teleclaim code`` and ``teleclaim search``: the code reference on the command line."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, echo, emit_json, output_options, resolve_format


def _reference() -> Any:
    from teleclaim.service.reference import open_reference

    return open_reference()


@click.command()
@click.argument("code")
@click.option("--system", "-s", help="Code system (hcpcs, cpt, modifier, pos, tob, revenue, condition, ...).")
@click.option("--on", "on", type=DATE, help="Date of service to check validity on (YYYY-MM-DD).")
@output_options()
def code(code: str, system: str | None, on: dt.date | None, fmt: str, as_json: bool) -> int:
    """Show what CODE means, its validity (on a date), rules that travel with it, and sources."""
    fmt = resolve_format(fmt, as_json)
    result = _reference().lookup(code, system=system, on=on)
    if fmt == "json":
        emit_json(result)
    elif result.get("ambiguous"):
        echo(f"{result['code']} exists in {len(result['matches'])} code sets (choose one with --system):\n")
        for m in result["matches"]:
            print_entry(m)
            echo("")
    else:
        print_entry(result)
    if on and not result.get("ambiguous") and result.get("valid_on") is False:
        return EXIT_NEGATIVE
    return EXIT_OK


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(str(text).split()), width=96, initial_indent=indent, subsequent_indent=indent)


def print_entry(e: dict[str, Any]) -> None:
    """One code's look-up answer as text (``teleclaim code``, the demo)."""
    echo(f"{e['code']}  [{e['system']}]  {e.get('name') or ''}")
    mark = {"valid": "VALID", "active": "ACTIVE", "ended": "ENDED", "not_yet_valid": "NOT YET VALID"}.get(
        e["status"], e["status"]
    )
    echo(f"  Status: {mark} - {e['status_text']}")
    echo(
        f"  Effective: {e.get('effective_from') or 'long-standing'} to {e.get('effective_to') or 'open'}"
        f"   (validity from {e['validity_source']})"
    )
    conf = e.get("confidence")
    if conf and conf != "V":
        echo(
            "  Confidence: "
            + {
                "V2": "V2 (from secondary sources)",
                "I": "I (inferred, not verified: treat as a configurable default)",
            }.get(conf, conf)
        )
    d = e.get("descriptions") or {}
    if d.get("plain"):
        echo("\nWhat it means")
        echo(_wrap(d["plain"]))
    if d.get("long") or d.get("short"):
        echo("\nOfficial descriptor" + (f" ({e['official']['release']})" if e.get("official") else ""))
        if d.get("long"):
            echo(_wrap(d["long"]))
        if d.get("short"):
            echo(f"  Short: {d['short']}")
    if e.get("official") and (
        e["official"].get("effective_from") != e.get("effective_from")
        or e["official"].get("effective_to") != e.get("effective_to")
    ):
        o = e["official"]
        echo(
            f"  HCPCS file dates: added {o.get('added') or '-'}, terminated {o.get('termination') or '-'}"
            "  (billing validity above follows the billing instruction)"
        )
    if e.get("pfs"):
        _print_pfs(e["pfs"])
    if e.get("billing_context"):
        echo("\nBilling")
        echo(_wrap(e["billing_context"]))
    if e.get("companion"):
        echo("\nGoes with")
        for k, v in e["companion"].items():
            v = ", ".join(map(str, v)) if isinstance(v, list) else v
            echo(f"  {k.replace('_', ' ')}: {v}")
    if e.get("admin"):
        echo("\nAdministrative fields")
        for k, v in e["admin"].items():
            items = v if isinstance(v, list) else [v]
            for it in items:
                if isinstance(it, dict):
                    echo(f"  {k.replace('_', ' ')}: {it.get('value')} - {it.get('meaning')}")
                else:
                    echo(f"  {k.replace('_', ' ')}: {it}")
    if e.get("notes"):
        echo("\nNotes")
        for n in e["notes"]:
            echo(_wrap("- " + n))
    if e.get("synonyms"):
        echo("\nAlso called: " + "; ".join(e["synonyms"]))
    if e.get("related"):
        echo(
            "Related: " + ", ".join(f"{r['code']}" + (f" ({r['name']})" if r.get("name") else "") for r in e["related"])
        )
    if e.get("sources"):
        echo("\nSources")
        for s in e["sources"]:
            echo(
                f"  [{s.get('id')}] {s.get('title') or ''}"
                + (f" - {s['section']}" if s.get("section") else "")
                + (f"\n      {s['url']}" if s.get("url") else "")
            )


def _print_pfs(p: dict[str, Any]) -> None:
    """The Medicare PFS part of a code's answer (status, RVUs, conversion factor, national amount)."""
    r = p["rvus"]
    echo(f"\nMedicare PFS ({p['release']}, effective {p['effective']})" + (f" - {p['note']}" if p.get("note") else ""))
    echo(
        f"  Status: {p['status']} - {p['status_meaning']}"
        + ("; RVUs published but not used for Medicare payment" if p["not_used_for_payment"] else "")
    )
    echo(f"  Global days: {p['global_days'] or '-'}   PC/TC indicator: {p['pctc'] or '-'}")
    echo(
        f"  RVUs: work {r['work']}, PE non-facility {r['pe_nonfacility'] or 'NA'}, PE facility "
        f"{r['pe_facility'] or 'NA'}, MP {r['mp']} (totals {r['total_nonfacility']} / {r['total_facility']})"
    )
    echo(
        f"  Conversion factor: {p['conversion_factor']}"
        + (f" (QP {p['qp_conversion_factor']})" if p["qp_conversion_factor"] != p["conversion_factor"] else "")
    )
    if p.get("national_amount"):
        n = p["national_amount"]
        echo(
            f"  National amount: facility {n['facility'] or '-'}, non-facility {n['non_facility'] or '-'}"
            "  (`teleclaim price CODE --on DATE --zip ZIP5` for a locality)"
        )


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--system", "-s", help="Only this code system.")
@click.option("--on", "on", type=DATE, help="Only codes valid on this date (YYYY-MM-DD).")
@click.option("--limit", "-n", type=int, default=10, show_default=True, help="How many results.")
@output_options()
def search(query: tuple[str, ...], system: str | None, on: dt.date | None, limit: int, fmt: str, as_json: bool) -> int:
    """Find codes by code, words, synonyms or lay terms (typos tolerated)."""
    fmt = resolve_format(fmt, as_json)
    result = _reference().search(" ".join(query), system=system, on=on, limit=limit)
    if fmt == "json":
        emit_json(result)
    else:
        if not result["results"]:
            echo(f"No code matches {result['query']!r}" + (f" in {system}" if system else "") + ".")
        for r in result["results"]:
            flag = "" if r["valid_on"] in (None, True) else "  (not valid on that date)"
            echo(f"{r['score']:6.1f}  {r['code']:<8} {r['system']:<15} {r.get('name') or ''}{flag}")
    return EXIT_OK if result["results"] else EXIT_NEGATIVE

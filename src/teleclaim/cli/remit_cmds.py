"""``teleclaim remit FILES...`` (835 remittances: payments, balancing, denials traced to rules) and
``teleclaim status FILES...`` (277CA / 277 claim acknowledgments, explained).

remit: exit 0 when every file balances, 1 when a balancing (or reading) problem is found, 2 when a
file cannot be read (a file that is not an 835 exits 2 saying what it is).
status: exit 0 when every file was read, 2 when one could not be.
The use cases are in ``teleclaim.service.remit``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, echo, emit_json, output_options, resolve_format


def _engine(config_file: Path | None, as_of: Any) -> tuple[Any, Any]:
    from teleclaim.service.checking import make_engine
    from teleclaim.settings import load_settings

    settings = load_settings(config_file)
    return settings, make_engine(settings, as_of=as_of, history=False)


@click.command("remit")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--claims",
    "claims",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The submitted claims (837 or JSON claims) to match by claim id (CLP01 = CLM01); repeatable.",
)
@click.option("--as-of", type=DATE, default=None, help="Check the submitted claims as on this day (default: today).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.",
)
@output_options(formats=("text", "json", "csv"))
def remit(
    files: tuple[Path, ...], claims: tuple[Path, ...], as_of: Any, config_file: Path | None, fmt: str, as_json: bool
) -> int:
    """Read 835 remittances: payments, claims, balancing, and denials traced to the rules that prevent them.

    With --claims, each remitted claim is matched to its submission and the report says whether
    teleclaim's checks caught the cause of a denial before it was sent. Without --claims, the claim
    ledger (`check --record`) is used when it holds claims.
    """
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.remit import remit as run

    settings, engine = _engine(config_file, as_of)
    result = run(
        list(files),
        [str(f) for f in files],
        claims=list(claims) or None,
        claim_names=[str(c) for c in claims] or None,
        engine=engine,
        denial_map_file=settings.get("remit.denial_map"),
        ledger_settings=settings,
    )
    out = result.to_dict()
    if fmt == "json":
        emit_json(out)
    elif fmt == "csv":
        _csv(out)
    else:
        _text(out)
    return EXIT_OK if result.balanced else EXIT_NEGATIVE


def _csv(out: dict[str, Any]) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(
        [
            "file",
            "payer",
            "trace",
            "payment_date",
            "claim_id",
            "status",
            "charge",
            "paid",
            "patient_responsibility",
            "adjustments",
            "denied",
            "reasons",
            "preventable",
            "rules",
            "caught_at_submission",
            "expected",
        ]
    )
    for p in out["payments"]:
        for c in p["claims"]:
            den = c.get("denial") or {}
            adjs = list(c["adjustments"]) + [a for ln in c["lines"] for a in ln["adjustments"]]
            w.writerow(
                [
                    p["file"],
                    p["payer"],
                    p["trace"],
                    p["date"],
                    c["claim_id"],
                    c["status"],
                    c["charge"],
                    c["paid"],
                    c["patient_responsibility"] or "",
                    " ".join(f"{a['group']}-{a['reason']}:{a['amount']}" for a in adjs),
                    "yes" if c["denied"] else "no",
                    " ".join(den.get("reasons", [])),
                    "" if not c["denied"] else ("yes" if den.get("preventable") else "no"),
                    " ".join(den.get("rules", []) + den.get("planned_rules", [])),
                    "" if den.get("caught_at_submission") is None else ("yes" if den["caught_at_submission"] else "no"),
                    c["expected"] or "",
                ]
            )


def _text(out: dict[str, Any]) -> None:
    for p in out["payments"]:
        echo(
            f"{p['file']}: {p['payer'] or '(payer?)'} paid {p['amount']} by {p['method'] or '?'}"
            f"{' on ' + p['date'] if p['date'] else ''} (trace {p['trace'] or '-'}) to "
            f"{p['payee'] or '?'}{' NPI ' + p['payee_npi'] if p['payee_npi'] else ''}"
        )
        for c in p["claims"]:
            tag = (
                "REVERSAL"
                if c["reversal"]
                else "DENIED"
                if c["denied"]
                else c["status_meaning"] or f"status {c['status']}"
            )
            extra = ""
            if c["matched"] is not None:
                extra = "  matched" if c["matched"] else "  not in --claims"
                if c["matched"]:
                    extra += f", expected {c['expected'] or 'n/a'}"
            echo(f"  claim {c['claim_id']:<20} charge {c['charge']:>10} paid {c['paid']:>10}  [{tag}]{extra}")
            den = c.get("denial")
            if den:
                for e in den["explained"]:
                    echo(f"      {e}")
                for r in den["remarks_explained"]:
                    echo(f"      {r}")
                if den["preventable"]:
                    rules = ", ".join(den["rules"] + [f"{r} (planned)" for r in den["planned_rules"]])
                    caught = ""
                    if den["caught_at_submission"] is not None:
                        caught = (
                            "; teleclaim flagged it at submission (" + ", ".join(den["fired"]) + ")"
                            if den["caught_at_submission"]
                            else "; not flagged at submission"
                        )
                    echo(f"      preventable by {rules}{caught}")
                    echo(f"      fix: {den['fix']}")
                else:
                    echo("      no teleclaim rule maps to this reason")
        for a in p["provider_adjustments"]:
            echo(f"  provider adjustment {a['reason']} {a['reference'] or ''} {a['amount']}")
    if out["problems"]:
        echo(f"\n{len(out['problems'])} problem{'s' if len(out['problems']) != 1 else ''}:")
        for pr in out["problems"]:
            echo(f"  {pr['severity']} {pr['kind']}: {pr['message']}")
    d = out["denials"]
    echo(
        f"\nbalanced: {'yes' if out['balanced'] else 'no'}; denied claims {d['claims']}, denied lines {d['lines']}, "
        f"reversals {d['reversals']}; preventable {d['preventable']}"
        + (f", caught at submission {d['caught_at_submission']}" if d["caught_at_submission"] is not None else "")
    )
    if d["by_reason"]:
        echo("by reason: " + ", ".join(f"{k} {v}" for k, v in d["by_reason"].items()))
        echo("by payer: " + ", ".join(f"{k} {v}" for k, v in d["by_payer"].items()))


@click.command("status")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@output_options()
def status(files: tuple[Path, ...], fmt: str, as_json: bool) -> int:
    """Read 277CA claim acknowledgments (and 277 status responses): each claim accepted or rejected, explained."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.remit import status as run

    out = run(list(files), [str(f) for f in files])
    if fmt == "json":
        emit_json(out)
        return EXIT_OK
    for rep in out["reports"]:
        echo(
            f"{rep['file']}: 277 {rep['version']} from {rep['payer'] or '?'} "
            f"(control {rep['control_number']}{', ' + rep['date'] if rep['date'] else ''})"
        )
        for b in rep["batch"]:
            for e in b["explained"]:
                echo(f"  batch: {e}")
        for c in rep["claims"]:
            echo(
                f"  claim {c['claim_id'] or '?':<20} {c['status'].upper():<9} "
                f"{'charge ' + c['charge'] if c['charge'] else ''}"
            )
            for e in c["explained"]:
                echo(f"      {e}")
    echo(f"\n{out['claims']} claims: {out['accepted']} accepted, {out['rejected']} rejected")
    return EXIT_OK


def ack_277ca_cmd(file: Path, output: Path | None, fmt: str) -> int:
    """``teleclaim ack --277ca FILE.837``: the 277CA text (or JSON with the verdicts and totals)."""
    from teleclaim.service.remit import ack_277ca

    settings, engine = _engine(None, None)
    result = ack_277ca(file, engine, str(file), denial_map_file=settings.get("remit.denial_map"))
    if output is not None:
        output.write_text(result.text, encoding="utf-8")
    if fmt == "json":
        emit_json(
            {
                "file": str(file),
                "format": "277ca",
                "accepted": result.all_accepted,
                "claims": [v.to_dict() for v in result.verdicts],
                "totals": result.totals(),
                "output": str(output) if output is not None else None,
                "ack": result.text,
            }
        )
    elif output is None:
        sys.stdout.write(result.text)
    else:
        t = result.totals()
        echo(
            f"wrote a 277CA to {output}: {t['claims']} claims, {t['accepted']} accepted "
            f"({t['accepted_amount']}), {t['rejected']} rejected ({t['rejected_amount']})"
        )
    return EXIT_OK if result.all_accepted else EXIT_NEGATIVE

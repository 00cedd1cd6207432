"""``teleclaim price CODE`` (one code's fee schedule amount) and ``teleclaim estimate FILES...``
(what claims should be allowed, line by line). Thin: the use cases are ``service.fees``."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_OK, echo, emit_json, output_options, resolve_format

_CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.",
)


@click.command("price")
@click.argument("code")
@click.option(
    "--modifier", default=None, help="26 or TC (their own rows), 53; other modifiers do not change the price."
)
@click.option("--on", "on", type=DATE, required=True, help="Date of service (the PFS release in force then).")
@click.option("--locality", default=None, metavar="MAC-NN", help="MAC and locality number, e.g. 01112-05.")
@click.option("--zip", "zip5", default=None, metavar="ZIP5", help="ZIP code: its locality from the CMS ZIP5 file.")
@click.option("--pos", default=None, metavar="PP", help="Place of service: picks the facility or non-facility rate.")
@click.option("--payer", default=None, metavar="PROFILE", help="Price by this payer profile's fee schedule.")
@_CONFIG
@output_options()
def price(
    code: str,
    modifier: str | None,
    on: dt.date,
    locality: str | None,
    zip5: str | None,
    pos: str | None,
    payer: str | None,
    config_file: Path | None,
    fmt: str,
    as_json: bool,
) -> int:
    """The Medicare physician fee schedule amount of CODE on a date, by locality and place of service.

    Exit 0 when answered (payable or not), 1 when the code is not in the fee schedule, 2 when it could
    not answer (no release for the date, unknown locality).
    """
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.fees import price as do_price
    from teleclaim.settings import load_settings

    r = do_price(
        code,
        on=on,
        modifier=modifier,
        locality=locality,
        zip5=zip5,
        pos=pos,
        payer=payer,
        settings=load_settings(config_file),
    )
    if fmt == "json":
        emit_json(r)
        return EXIT_OK
    loc = r["locality"]
    where = f"MAC {loc['mac']} locality {loc['number']} {loc['name']} ({loc['state']})" if loc else "national (GPCIs 1)"
    echo(f"{r['code']}{' ' + r['modifier'] if r['modifier'] else ''} on {r['on']}  release {r['release']}  {where}")
    echo(f"status {r['status']['code']}: {r['status']['meaning']}" + ("" if r["payable"] else "  (not payable)"))
    rv = r["rvu"]
    pe = (
        rv["pe"]
        if rv["pe"] is not None
        else f"{rv.get('pe_facility')} facility / {rv.get('pe_non_facility')} non-facility"
    )
    echo(
        f"RVUs work {rv['work']}  PE {pe}  MP {rv['mp']}   GPCIs {r['gpci']['work']} / {r['gpci']['pe']} / "
        f"{r['gpci']['mp']}   CF {r['conversion_factor']}   global {r['global_days'] or '-'}"
    )
    if r["pos"]:
        echo(f"POS {r['pos']} ({r['setting'].replace('_', '-')}): allowed {r['allowed'] or '-'}")
    else:
        by = r["by_setting"]
        echo(f"facility: {by['facility'] or '-'}   non-facility: {by['non_facility'] or '-'}")
    if r.get("schedule"):
        echo(f"schedule: {r['schedule']['label']}")
    for why in r["reasons"]:
        echo(f"  - {why}")
    return EXIT_OK


@click.command("estimate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--payer", default=None, metavar="PROFILE", help="Estimate every claim by this payer profile.")
@click.option("--as-of", type=DATE, default=None, help="Run the edits as on this day (default: today).")
@_CONFIG
@output_options(formats=("text", "json", "csv"))
def estimate(
    files: tuple[Path, ...], payer: str | None, as_of: dt.date | None, config_file: Path | None, fmt: str, as_json: bool
) -> int:
    """Estimate what claims (837P, 837I, JSON claims) should be allowed: PFS prices per line, PDGM/LUPA
    for home health periods; work RVUs per rendering clinician. Exit 0 when estimated (even partly)."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.fees import CSV_COLUMNS, csv_rows, estimate_files
    from teleclaim.settings import load_settings

    r = estimate_files(list(files), payer=payer, settings=load_settings(config_file), as_of=as_of)
    if fmt == "json":
        emit_json(r)
    elif fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        w.writerows(csv_rows(r))
    else:
        _text(r)
    return EXIT_OK


def _text(r: dict[str, Any]) -> None:
    for c in r["claims"]:
        exp = f"  expected payment {c['expected_payment']}" if c.get("expected_payment") else ""
        echo(f"{c['claim_id']} ({c['kind']}, {c['payer']}, {c['method']}): estimate {c['estimate'] or '-'}{exp}")
        for ln in c["lines"]:
            echo(
                f"  line {ln['line']:>2} {ln['code'] or '':<6} x{ln['units'] or '-':<4} allowed {ln['allowed'] or '-':>9}"
                f"  wRVU {ln['work_rvu'] or '-':<6} {ln['reason']}"
            )
        for n in c["notes"]:
            echo(f"  note: {n}")
    s = r["summary"]
    echo(f"\n{s['claims']} claims, estimate total {s['estimate_total']}")
    for b in s["by_clinician"]:
        echo(f"  NPI {b['npi']}: work RVUs {b['work_rvu']}, estimate {b['estimate']}")

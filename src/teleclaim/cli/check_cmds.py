"""``teleclaim check FILE...`` (lint claims) and ``teleclaim rules [CODE]`` (the catalog).

check: reads 837 files (X12) or the JSON claim form (``.json`` one claim or a list, ``.jsonl`` one
per line), runs every selected edit, prints the findings grouped by claim (text, JSON or SARIF).
Exit 0 when no finding reaches ``--fail-on`` (default error), 1 when one does, 2 when it could not
run (an unreadable file raises an ``InputError``, rendered by ``main``).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
from pathlib import Path

import click

from teleclaim.checking import make_engine, run_check  # the runner is shared with the API
from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, dumps, echo, emit_json, output_options, resolve_format

log = logging.getLogger(__name__)


def spool_stdin(folder: Path) -> Path:
    """Standard input (``-``) copied to a file in ``folder``; the checker reads it by its content
    (837, JSON lines or one JSON document), as any file."""
    path = folder / "stdin"
    with path.open("wb") as fh:
        while chunk := sys.stdin.buffer.read(1 << 20):
            fh.write(chunk)
    return path


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@output_options(formats=("text", "json", "sarif"))
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules: codes, names or prefixes (HH, X12), comma-separated or repeated.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (as --select).")
@click.option("--as-of", type=DATE, default=None, help="Check as on this day (default: today).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.")
@click.option("--payer", "payer", metavar="PROFILE", default=None,
              help="Judge every claim by this payer profile (medicare, commercial, medicaid_example or one "
                   "of [profiles] in teleclaim.toml) instead of the payer-id mapping and SBR09.")
@click.option("--history/--no-history", "history", default=None,
              help="Also judge the cross-claim edits against earlier runs kept in the store, and keep this "
                   "run's records (default: the [history] enabled setting, off).")
@click.option("--record/--no-record", "record", default=None,
              help="Keep each checked claim and its findings in the claim ledger for `teleclaim report "
                   "utilization --from-store` (default: the [ledger] enabled setting, off).")
def check(files: tuple[Path, ...], fmt: str, as_json: bool, fail_on: str, select: tuple[str, ...],
          ignore: tuple[str, ...], as_of: dt.date | None, config_file: Path | None, payer: str | None,
          history: bool | None, record: bool | None) -> int:
    """Check claims (837 files or JSON claims) against the edit catalog; print the findings.

    FILES may be - for standard input (an 837 or JSON claims).
    """
    fmt = resolve_format(fmt, as_json)
    from teleclaim.settings import load_settings

    settings = load_settings(config_file)
    engine = make_engine(settings, select=select, ignore=ignore, as_of=as_of, payer=payer, history=history,
                         payer_option="--payer")
    paths, names = list(files), [str(f) for f in files]
    with tempfile.TemporaryDirectory(prefix="teleclaim-stdin-") as tmp:
        if any(str(f) == "-" for f in files):
            stdin = spool_stdin(Path(tmp))
            paths = [stdin if str(f) == "-" else f for f in files]
            names = ["<stdin>" if str(f) == "-" else n for f, n in zip(files, names)]
        from teleclaim.service.reports import ledger_recorder

        report = run_check(paths, engine, names=names, observer=ledger_recorder(settings, engine, record))
    if fmt == "json":
        from teleclaim.report.json import render

        emit_json(render(report))
    elif fmt == "sarif":
        from teleclaim.report.sarif import render as render_sarif
        from teleclaim.rules.registry import catalog

        click.echo(dumps(render_sarif(report, catalog())))
    else:
        from teleclaim.report.text import render as render_text

        click.echo(render_text(report), nl=False)
    return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK


@click.command("rules")
@click.argument("rule", required=False)
@output_options(formats=("text", "json", "markdown"))
def rules(rule: str | None, fmt: str, as_json: bool) -> int:
    """List the edit catalog (or the rules of a prefix: HH, TH, X12), or show one rule's page."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.rules import docs as rdocs
    from teleclaim.rules.registry import catalog

    prefix = rule.strip().upper() if rule else ""
    if prefix and prefix.isalnum() and prefix not in catalog() and any(
            c.startswith(prefix) for c in catalog()) and sum(c.startswith(prefix) for c in catalog()) > 1:
        cat = {c: m for c, m in catalog().items() if c.startswith(prefix)}
        if fmt == "json":
            emit_json({"rules": [r for r in rdocs.catalog_object()["rules"] if r["code"] in cat]})
        else:
            for m in cat.values():
                echo(f"{m.code:<7} {m.severity:<8} {m.confidence:<3} {m.name:<45} {m.summary}")
            echo(f"\n{len(cat)} {prefix} rules. `teleclaim rules CODE` shows one rule's page.")
        return EXIT_OK
    if rule:
        from teleclaim.rules.registry import find_rule

        meta = find_rule(rule)
        if fmt == "json":
            emit_json(rdocs.rule_object(meta))
        else:
            echo(rdocs.render_page(meta).rstrip())
        return EXIT_OK
    cat = catalog()
    if fmt == "json":
        emit_json(rdocs.catalog_object())
    elif fmt == "markdown":
        echo(rdocs.render_index().rstrip())
    else:
        for m in cat.values():
            echo(f"{m.code:<7} {m.severity:<8} {m.confidence:<3} {m.name:<45} {m.summary}")
        echo(f"\n{len(cat)} rules. `teleclaim rules CODE` shows one rule's page.")
    return EXIT_OK

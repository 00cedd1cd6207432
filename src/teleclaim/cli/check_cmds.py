"""``teleclaim check FILE...`` (lint claims) and ``teleclaim rules [CODE]`` (the catalog).

check: reads 837 files (X12) or the JSON claim form (``.json`` one claim or a list, ``.jsonl`` one
per line), runs every selected edit, prints the findings grouped by claim (text, JSON or SARIF).
Exit 0 when no finding reaches ``--fail-on`` (default error), 1 when one does, 2 when it could not
run (an unreadable file raises an ``InputError``, rendered by ``main``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import click

from teleclaim.checking import make_engine  # shared with the API
from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, dumps, echo, emit_json, output_options, resolve_format
from teleclaim.cli.progress import RichProgress, quiet_option, stderr_is_terminal, stdout_is_terminal

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
@output_options(formats=("text", "json", "jsonl", "sarif"))
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
@quiet_option
def check(files: tuple[Path, ...], fmt: str, as_json: bool, fail_on: str, select: tuple[str, ...],
          ignore: tuple[str, ...], as_of: dt.date | None, config_file: Path | None, payer: str | None,
          history: bool | None, quiet: bool) -> int:
    """Check claims (837 files or JSON claims) against the edit catalog; print the findings.

    FILES may be - for standard input (an 837 or JSON claims). --format json and jsonl write the
    findings as they are found (memory stays flat however many there are): json as one object
    (findings in reading order, cross-claim findings last, then the summary), jsonl one finding a
    line. On a terminal a progress bar shows on standard error (--quiet: none).
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
        progress = None
        if not quiet and stderr_is_terminal():
            progress = RichProgress([p for p in paths if str(p) != "-"])
        if fmt in ("json", "jsonl"):
            with progress or contextlib.nullcontext():
                tally, failed = _stream_json(paths, engine, names, fmt, progress)
            if failed is not None:
                return failed
            return EXIT_NEGATIVE if tally.reaches(fail_on) else EXIT_OK
        with progress or contextlib.nullcontext():
            report = _buffered(paths, engine, names, progress)
        if fmt == "sarif":  # while a standard-input spool still exists: regions need the file
            from teleclaim.report.positions import locate
            from teleclaim.report.sarif import render as render_sarif
            from teleclaim.rules.registry import catalog

            positions = locate(dict(zip(names, paths)), {(f.file, f.claim_id, f.segment) for f in report.findings
                                                         if f.segment is not None and f.claim_id})
            click.echo(dumps(render_sarif(report, catalog(), positions)))
            return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK
    from teleclaim.report.text import render as render_text

    click.echo(render_text(report), nl=False)
    return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK


def _buffered(paths: list[Path], engine: Any, names: list[str], progress: Any) -> Any:
    """The whole report (text and SARIF group findings by claim), read through the stream."""
    from teleclaim.report import CheckReport
    from teleclaim.service.check_stream import CheckTally, order_findings, stream_check

    tally = CheckTally(claim_order={})
    found = list(stream_check(paths, engine, names, tally=tally, progress=progress))
    return CheckReport(files=tally.files, claims=tally.claims,
                       findings=order_findings(found, tally.files, tally.claim_order))


def _stream_json(paths: list[Path], engine: Any, names: list[str], fmt: str, progress: Any) -> tuple[Any, int | None]:
    """Write the findings as they come: one JSON object (findings, then summary) or JSON lines.

    An error before the first finding goes to ``main``'s handler as usual (nothing written yet).
    An error after findings went out ends the document validly: the JSON object gets an ``error``
    member (JSON lines: a last ``{"error": ...}`` line), the message goes to standard error, exit 2.
    """
    from teleclaim import __version__
    from teleclaim.errors import TeleclaimError
    from teleclaim.service.check_stream import CheckTally, stream_check

    out = sys.stdout
    tally = CheckTally()
    found = stream_check(paths, engine, names, tally=tally, progress=progress)
    first = next(found, None)  # errors of the first file surface here, before anything is written
    rest = itertools.chain([first], found) if first is not None else iter(())
    if fmt == "json":
        out.write("{\n" + f'  "teleclaim_version": {dumps(__version__)},\n  "findings": [')
    sep = "\n"
    try:
        for f in rest:
            if fmt == "jsonl":
                out.write(dumps(f.to_dict(), indent=None) + "\n")
            else:
                out.write(sep + textwrap.indent(dumps(f.to_dict()), "    "))
                sep = ",\n"
    except TeleclaimError as exc:
        click.echo(f"teleclaim: {exc.message}", err=True)
        if fmt == "jsonl":
            out.write(dumps(exc.to_dict(), indent=None) + "\n")
        else:
            out.write(("\n  " if sep != "\n" else "") + "],\n  \"error\": "
                      + dumps(exc.to_dict()["error"]).replace("\n", "\n  ") + "\n}\n")
        return tally, exc.exit_code
    if fmt == "json":
        out.write(("\n  " if sep != "\n" else "") + "],\n  \"summary\": "
                  + dumps(tally.summary()).replace("\n", "\n  ") + "\n}\n")
    return tally, None


def _print_markdown(text: str) -> None:
    """A rule page for reading: rendered by rich on a terminal (headings, tables, emphasis); in a
    pipe the Markdown source, as ``--format markdown`` gives it."""
    if not stdout_is_terminal():
        echo(text.rstrip())
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console(file=sys.stdout, force_terminal=True).print(Markdown(text, hyperlinks=False))


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
        elif fmt == "markdown":
            echo(rdocs.render_page(meta).rstrip())
        else:
            _print_markdown(rdocs.render_page(meta))
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

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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from teleclaim.cli.common import (
    DATE,
    EXIT_NEGATIVE,
    EXIT_OK,
    config_option,
    dumps,
    echo,
    emit_json,
    engine_options,
    output_options,
    resolve_format,
    with_options,
)
from teleclaim.cli.progress import RichProgress, quiet_option, stderr_is_terminal, stdout_is_terminal
from teleclaim.service.checking import make_engine  # shared with the API

if TYPE_CHECKING:
    from teleclaim.model.finding import Finding

log = logging.getLogger(__name__)


def spool_stdin(folder: Path) -> Path:
    """Standard input (``-``) copied to a file in ``folder``; the checker reads it by its content
    (837, JSON lines or one JSON document), as any file."""
    from teleclaim.service.uploads import spool_stream, stdin_chunks

    return spool_stream(stdin_chunks(), folder=folder, suffix=".stdin")


CHECK_OPTIONS = (
    output_options(formats=("text", "json", "jsonl", "sarif")),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning"]),
        default="error",
        show_default=True,
        help="Exit 1 when a finding reaches this severity.",
    ),
    click.option(
        "--select",
        multiple=True,
        metavar="RULES",
        help="Run only these rules: codes, names or prefixes (HH, X12), comma-separated or repeated.",
    ),
    click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (as --select)."),
    click.option("--as-of", type=DATE, default=None, help="Check as on this day (default: today)."),
    config_option(),
    click.option(
        "--payer",
        "payer",
        metavar="PROFILE",
        default=None,
        help="Judge every claim by this payer profile (medicare, commercial, medicaid_example or one "
        "of [profiles] in teleclaim.toml) instead of the payer-id mapping and SBR09.",
    ),
    click.option(
        "--history/--no-history",
        "history",
        default=None,
        help="Also judge the cross-claim edits against earlier runs kept in the store, and keep this "
        "run's records (default: the [history] enabled setting, off).",
    ),
    click.option(
        "--roster",
        "roster",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Clinician roster (JSON or CSV) for the credential edits CR002-CR008, without importing it "
        "(default: the roster in the store, if any).",
    ),
    engine_options(
        "With --engine spark: also write the findings as Parquet (DIR/findings, _SUCCESS) and "
        "DIR/summary.json; DIR may be any URI Spark writes."
    ),
    click.option(
        "--record/--no-record",
        "record",
        default=None,
        help="Keep each checked claim and its findings in the claim ledger for `teleclaim report "
        "utilization --from-store` (default: the [ledger] enabled setting, off).",
    ),
    quiet_option,
)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@with_options(*CHECK_OPTIONS)
def check(
    files: tuple[str, ...],
    fmt: str,
    as_json: bool,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    as_of: dt.date | None,
    config_file: Path | None,
    payer: str | None,
    history: bool | None,
    quiet: bool,
    roster: Path | None = None,
    engine_name: str = "local",
    master: str | None = None,
    output_dir: str | None = None,
    record: bool | None = None,
) -> int:
    """Check claims (837 files or JSON claims) against the edit catalog; print the findings.

    FILES may be - for standard input (an 837 or JSON claims). --format json and jsonl write the
    findings as they are found (memory stays flat however many there are): json as one object
    (findings in reading order, cross-claim findings last, then the summary), jsonl one finding a
    line. On a terminal a progress bar shows on standard error (--quiet: none).
    """
    fmt = resolve_format(fmt, as_json)
    from teleclaim.settings import load_settings

    settings = load_settings(config_file)
    on_spark = engine_name == "spark" or master or output_dir
    with tempfile.TemporaryDirectory(prefix="teleclaim-stdin-") as tmp:
        progress = None
        if on_spark:
            _no_record_on_spark(settings, record)
            paths, names = [Path(f) for f in files], list(files)
            tally, found = _check_on_spark(
                files, settings, engine_name, select, ignore, as_of, payer, history, master, output_dir, roster
            )
        else:
            engine = make_engine(
                settings,
                select=select,
                ignore=ignore,
                as_of=as_of,
                payer=payer,
                history=history,
                payer_option="--payer",
                roster=roster,
            )
            paths, names = _inputs(files, Path(tmp))
            if not quiet and stderr_is_terminal():
                progress = RichProgress([p for p in paths if str(p) != "-"])
            from teleclaim.service.reports import ledger_recorder

            tally, found = _local(paths, engine, names, progress, ledger_recorder(settings, engine, record))
        return _emit(tally, found, fmt, fail_on, progress, names, paths)


def _inputs(files: tuple[str, ...], tmp: Path) -> tuple[list[Path], list[str]]:
    """The paths to read and the names to print; standard input (-) is spooled into ``tmp`` first."""
    if "-" not in files:
        return [Path(f) for f in files], list(files)
    stdin = spool_stdin(tmp)
    return [stdin if f == "-" else Path(f) for f in files], ["<stdin>" if f == "-" else f for f in files]


def _emit(tally: Any, found: Any, fmt: str, fail_on: str, progress: Any, names: list[str], paths: list[Path]) -> int:
    """Print the findings in ``fmt`` (json/jsonl as they come; text and SARIF grouped by claim)."""
    if fmt in ("json", "jsonl"):
        with progress or contextlib.nullcontext():
            failed = _stream_json(tally, found, fmt)
        if failed is not None:
            return failed
        return EXIT_NEGATIVE if tally.reaches(fail_on) else EXIT_OK
    with progress or contextlib.nullcontext():
        report = _buffered(tally, found)
    if fmt == "sarif":  # while a standard-input spool still exists: regions need the file
        from teleclaim.report.positions import locate
        from teleclaim.report.sarif import render as render_sarif
        from teleclaim.service.rules import catalog

        local_files = {n: p for n, p in zip(names, paths, strict=False) if p.is_file()}
        positions = locate(
            local_files,
            {
                (f.file, f.claim_id, f.segment)
                for f in report.findings
                if f.segment is not None and f.claim_id and f.file in local_files
            },
        )
        click.echo(dumps(render_sarif(report, catalog(), positions)))
        return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK
    from teleclaim.report.text import render as render_text

    click.echo(render_text(report), nl=False)
    return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK


def _local(paths: list[Path], engine: Any, names: list[str], progress: Any, observer: Any = None) -> tuple[Any, Any]:
    """The in-process engine: a tally and the findings as they are found (a lazy iterator); the
    ledger, when on, is the ``observer``."""
    from teleclaim.service.check_stream import CheckTally, stream_check

    tally = CheckTally(claim_order={})
    return tally, stream_check(paths, engine, names, tally=tally, progress=progress, observer=observer)


def _no_record_on_spark(settings: Any, record: bool | None) -> None:
    from teleclaim.errors import InputError
    from teleclaim.service.reports import ledger_enabled

    if ledger_enabled(settings, record):
        raise InputError(
            "--record (the claim ledger) runs with the local engine only for now: check without "
            "--engine spark, or with --no-record.",
            code="usage_error",
        )


def _check_on_spark(
    files: tuple[str, ...],
    settings: Any,
    engine: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    as_of: dt.date | None,
    payer: str | None,
    history: bool | None,
    master: str | None,
    output_dir: str | None,
    roster: Path | None = None,
) -> tuple[Any, Any]:
    """The Spark engine: the same tally and findings, in the same order, as ``_local``."""
    from teleclaim.errors import InputError

    if engine != "spark":
        raise InputError("--master and --output go with --engine spark.", code="usage_error")
    if "-" in files:
        raise InputError(
            "--engine spark reads files, paths, globs or URIs, not standard input (-).", code="usage_error"
        )
    from teleclaim.service.checking import run_check_spark

    return run_check_spark(
        list(files),
        settings,
        select=select,
        ignore=ignore,
        as_of=as_of,
        payer=payer,
        history=history,
        master=master,
        output=output_dir,
        roster=roster,
    )


def _buffered(tally: Any, found: Any) -> Any:
    """The whole report (text and SARIF group findings by claim), read through the stream."""
    from teleclaim.report import CheckReport
    from teleclaim.service.check_stream import order_findings

    found = list(found)
    return CheckReport(
        files=tally.files, claims=tally.claims, findings=order_findings(found, tally.files, tally.claim_order)
    )


def _stream_json(tally: Any, found: Iterable[Finding], fmt: str) -> int | None:
    """Write the findings as they come: one JSON object (findings, then summary) or JSON lines.

    An error before the first finding goes to ``main``'s handler as usual (nothing written yet).
    An error after findings went out ends the document validly: the JSON object gets an ``error``
    member (JSON lines: a last ``{"error": ...}`` line), the message goes to standard error, exit 2.
    """
    from teleclaim._version import __version__
    from teleclaim.errors import TeleclaimError
    from teleclaim.service.encoding import dumps_line, dumps_object

    out = sys.stdout
    stream = iter(found)
    first = next(stream, None)  # errors of the first file surface here, before anything is written
    rest: Iterator[Finding] = itertools.chain([first], stream) if first is not None else iter(())
    if fmt == "json":
        out.write("{\n" + f'  "teleclaim_version": {dumps(__version__)},\n  "findings": [')
    sep = "\n"
    try:
        for f in rest:
            if fmt == "jsonl":
                out.write(dumps_line(f.to_dict()) + "\n")
            else:
                out.write(sep + dumps_object(f.to_dict(), "    "))
                sep = ",\n"
    except TeleclaimError as exc:
        click.echo(f"teleclaim: {exc.message}", err=True)
        if fmt == "jsonl":
            out.write(dumps(exc.to_dict(), indent=None) + "\n")
        else:
            out.write(
                ("\n  " if sep != "\n" else "")
                + '],\n  "error": '
                + dumps(exc.to_dict()["error"]).replace("\n", "\n  ")
                + "\n}\n"
            )
        return exc.exit_code
    if fmt == "json":
        out.write(
            ("\n  " if sep != "\n" else "")
            + '],\n  "summary": '
            + dumps(tally.summary()).replace("\n", "\n  ")
            + "\n}\n"
        )
    return None


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
    from teleclaim.service import rules as rdocs
    from teleclaim.service.rules import catalog

    prefix = rule.strip().upper() if rule else ""
    cat = rdocs.with_prefix(prefix) if prefix else None
    if cat:
        if fmt == "json":
            emit_json({"rules": [r for r in rdocs.catalog_object()["rules"] if r["code"] in cat]})
        else:
            for m in cat.values():
                echo(f"{m.code:<7} {m.severity:<8} {m.confidence:<3} {m.name:<45} {m.summary}")
            echo(f"\n{len(cat)} {prefix} rules. `teleclaim rules CODE` shows one rule's page.")
        return EXIT_OK
    if rule:
        meta = rdocs.find(rule)
        if fmt == "json":
            emit_json(rdocs.rule_object(meta))
        elif fmt == "markdown":
            echo(rdocs.rule_page(meta).rstrip())
        else:
            _print_markdown(rdocs.rule_page(meta))
        return EXIT_OK
    cat = catalog()
    if fmt == "json":
        emit_json(rdocs.catalog_object())
    elif fmt == "markdown":
        echo(rdocs.index_page().rstrip())
    else:
        for m in cat.values():
            echo(f"{m.code:<7} {m.severity:<8} {m.confidence:<3} {m.name:<45} {m.summary}")
        echo(f"\n{len(cat)} rules. `teleclaim rules CODE` shows one rule's page.")
    return EXIT_OK

"""``teleclaim report utilization`` (the practice's telehealth and home-health picture) and
``teleclaim ledger`` (the opt-in claim ledger that ``check --record`` fills).

Thin: the use cases are in ``teleclaim.service.reports``; renderers in ``teleclaim.report``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import (
    DATE,
    EXIT_OK,
    dumps,
    echo,
    emit_json,
    engine_options,
    output_options,
    resolve_format,
    with_options,
)
from teleclaim.errors import InputError


@click.group("report")
def report() -> None:
    """Reports over claim files or the claim ledger."""


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"-o {out}: cannot write ({exc.strerror}).", code="invalid_option", option="-o", value=str(out)
        ) from None


def _csv(result: dict) -> str:
    import csv
    import io

    from teleclaim.report.utilization import MONTHLY_COLUMNS, monthly_rows

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(MONTHLY_COLUMNS), lineterminator="\n")
    w.writeheader()
    for r in monthly_rows(result):
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return buf.getvalue()


def _parquet(result: dict, folder: Path) -> Path:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise InputError("--output needs pyarrow (pip install pyarrow).", code="missing_dependency") from None
    from teleclaim.report.utilization import MONTHLY_COLUMNS, monthly_rows

    rows = monthly_rows(result)
    text_cols = {"month", "work_rvu", "estimated_allowed"}
    schema = pa.schema([(c, pa.string() if c in text_cols else pa.int64()) for c in MONTHLY_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "utilization_monthly.parquet"
        pq.write_table(table, path)
    except OSError as exc:
        raise InputError(
            f"--output {folder}: cannot write ({exc.strerror}).",
            code="invalid_option",
            option="--output",
            value=str(folder),
        ) from None
    return path


UTILIZATION_OPTIONS = (
    click.option("--from-store", is_flag=True, help="Report over the claim ledger (claims kept by check --record)."),
    click.option("--since", type=DATE, default=None, help="First service date to count (YYYY-MM-DD)."),
    click.option("--until", type=DATE, default=None, help="Last service date to count (YYYY-MM-DD)."),
    output_options(formats=("text", "json", "html", "csv")),
    click.option(
        "-o",
        "out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write the report to this file (default: standard output).",
    ),
    engine_options(
        "Also write the monthly table as Parquet (utilization_monthly.parquet) into this folder; with "
        "--engine spark it is written by Spark (any URI Spark writes, with _SUCCESS) beside summary.json."
    ),
    click.option("--as-of", type=DATE, default=None, help="Run the checks as on this day (default: today)."),
    click.option("--payer", default=None, metavar="PROFILE", help="Judge every claim by this payer profile."),
    click.option(
        "--record/--no-record",
        "record",
        default=None,
        help="Also keep the claims read in the claim ledger (default: the [ledger] enabled setting).",
    ),
    click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.",
    ),
)


@report.command("utilization")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@with_options(*UTILIZATION_OPTIONS)
def utilization(
    files: tuple[str, ...],
    from_store: bool,
    since: dt.date | None,
    until: dt.date | None,
    fmt: str,
    as_json: bool,
    out: Path | None,
    engine_name: str,
    master: str | None,
    output_dir: str | None,
    as_of: dt.date | None,
    payer: str | None,
    record: bool | None,
    config_file: Path | None,
) -> int:
    """Telehealth share, modalities, kinds, clinicians, home-health periods and findings, by month.

    FILES are 837 files or JSON claims (- for standard input); --from-store reads the ledger instead.
    With --engine spark, FILES may also be globs or URIs Spark reads (hdfs://, s3a://).
    """
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service import reports
    from teleclaim.settings import load_settings

    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}.", code="invalid_option", option="--since")
    if bool(files) == from_store:
        raise InputError(
            "give claim FILES or --from-store (the claim ledger), not both and not neither.",
            code="invalid_option",
            option="--from-store",
        )
    settings = load_settings(config_file)
    if engine_name == "spark" or master:
        result = _on_spark(
            files, from_store, settings, since, until, as_of, payer, record, engine_name, master, output_dir
        )
        _render(result, fmt, out)
        return EXIT_OK
    if from_store:
        result = reports.utilization_from_ledger(settings, since=since, until=until)
    else:
        from teleclaim.cli.check_cmds import spool_stdin

        with tempfile.TemporaryDirectory(prefix="teleclaim-stdin-") as tmp:
            paths = [Path(f) for f in files]
            names = [str(p) for p in paths]
            if any(str(f) == "-" for f in files):
                stdin = spool_stdin(Path(tmp))
                paths = [stdin if str(f) == "-" else Path(f) for f in files]
                names = ["<stdin>" if str(f) == "-" else n for f, n in zip(files, names, strict=False)]
            result = reports.utilization_from_files(
                paths, settings, names=names, since=since, until=until, as_of=as_of, payer=payer, record=record
            )
    if output_dir is not None:
        _parquet(result, Path(output_dir))
    _render(result, fmt, out)
    return EXIT_OK


def _on_spark(
    files: tuple[str, ...],
    from_store: bool,
    settings: Any,
    since: dt.date | None,
    until: dt.date | None,
    as_of: dt.date | None,
    payer: str | None,
    record: bool | None,
    engine_name: str,
    master: str | None,
    output_dir: str | None,
) -> dict[str, Any]:
    """``report utilization --engine spark``: the same report, read and summed on Spark."""
    from teleclaim.service import reports

    if engine_name != "spark":
        raise InputError("--master goes with --engine spark.", code="usage_error", option="--master")
    if from_store:
        raise InputError(
            "--from-store reads the claim ledger with SQL; --engine spark reads claim files.",
            code="usage_error",
            option="--engine",
        )
    if any(str(f) == "-" for f in files):
        raise InputError(
            "--engine spark reads files, paths, globs or URIs, not standard input (-).", code="usage_error"
        )
    if reports.ledger_enabled(settings, record):
        raise InputError(
            "--record (the claim ledger) runs with the local engine only for now: report without "
            "--engine spark, or with --no-record.",
            code="usage_error",
        )
    return reports.utilization_spark(
        [str(f) for f in files],
        settings,
        since=since,
        until=until,
        as_of=as_of,
        payer=payer,
        master=master,
        output=output_dir,
    )


def _render(result: dict[str, Any], fmt: str, out: Path | None) -> None:
    """Write the report in ``fmt`` (json, csv, html or text) to ``out`` or standard output."""
    if fmt == "json":
        from teleclaim._version import __version__

        _write(dumps({"teleclaim_version": __version__, **result}) + "\n", out)
    elif fmt == "csv":
        _write(_csv(result), out)
    elif fmt == "html":
        from teleclaim.report.utilization_html import render_html

        _write(render_html(result), out)
    else:
        from teleclaim.report.utilization import render_text

        _write(render_text(result), out)


@click.group("ledger")
def ledger() -> None:
    """The claim ledger: claims kept by check --record (or [ledger] enabled = true)."""


@ledger.command("status")
@output_options()
def status(fmt: str, as_json: bool) -> int:
    """How many claims and lines the ledger holds."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service import reports
    from teleclaim.settings import load_settings

    n = reports.ledger_status(load_settings())
    if fmt == "json":
        emit_json(n)
    else:
        echo(f"The claim ledger holds {n['claims']} claims, {n['lines']} lines.")
    return EXIT_OK


@ledger.command("purge")
@click.option("--before", type=DATE, required=True, help="Delete the claims whose latest date is before this day.")
@output_options()
def purge(before: dt.date, fmt: str, as_json: bool) -> int:
    """Delete the ledger's claims (and their lines and findings) whose latest date is before a day."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service import reports
    from teleclaim.settings import load_settings

    n = reports.ledger_purge(load_settings(), before)
    if fmt == "json":
        emit_json(n)
    else:
        echo(f"Purged {n['claims']} claims ({n['lines']} lines) dated before {before}.")
    return EXIT_OK

"""Conventions shared by every command (now and later).

- ``@output_options``: ``--format text|json`` (text default) and ``--json`` as shorthand; commands
  with more formats pass ``formats=(...)``.
- ``emit_json(obj)``: prints one JSON object that carries ``teleclaim_version``.
- Errors are converted to messages in ONE place (``main.main``): commands raise
  ``TeleclaimError``; in JSON mode the error prints as ``{"error": {"code", "message", ...}}``.
- Exit codes: 0 success, 1 the answer is negative (not found, findings), 2 could not run.
- Dates on the command line are ISO ``YYYY-MM-DD`` (``DATE`` param type).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from teleclaim._version import __version__
from teleclaim.errors import InputError

EXIT_OK, EXIT_NEGATIVE, EXIT_FAILED = 0, 1, 2


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            opt = f"--{param.name.replace('_', '-')}" if param and param.name else "date"
            raise InputError(
                f"{opt} {value!r}: not a date; write it as YYYY-MM-DD (e.g. 2026-01-15).",
                code="invalid_option",
                option=opt,
                value=str(value),
            ) from None


DATE = IsoDate()


def output_options(formats: tuple[str, ...] = ("text", "json")) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --format/--json and resolve them into a single ``fmt`` keyword argument."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")(fn)
        fn = click.option(
            "--format",
            "fmt",
            type=click.Choice(formats, case_sensitive=False),
            default="text",
            show_default=True,
            help="Output format.",
        )(fn)
        return fn

    return deco


def with_options(*decorators: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Callable[..., Any]:
    """Apply a command's option decorators, listed top to bottom as they would be stacked."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        for d in reversed(decorators):
            fn = d(fn)
        return fn

    return deco


def config_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--config FILE, passed as ``config_file`` (a Path or None)."""
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.",
    )


def engine_options(output_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--engine local|spark, --master URL and --output DIR (passed as engine_name, master, output_dir)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("--output", "output_dir", default=None, metavar="DIR", help=output_help)(fn)
        fn = click.option(
            "--master", default=None, metavar="URL", help="Spark master with --engine spark (default local[*])."
        )(fn)
        fn = click.option(
            "--engine",
            "engine_name",
            type=click.Choice(["local", "spark"]),
            default="local",
            show_default=True,
            help="Where the rules run: in this process, or on Apache Spark (pip install 'teleclaim[spark]'); "
            "the results are the same, in the same order.",
        )(fn)
        return fn

    return deco


def resolve_format(fmt: str, as_json: bool) -> str:
    fmt = "json" if as_json else fmt.lower()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.find_root().meta["teleclaim.format"] = fmt
    return fmt


def dumps(obj: Any, indent: int | None = 2) -> str:
    """JSON text through the one encoder of the service layer (Decimal money as strings, ISO dates)."""
    from teleclaim.service.encoding import dumps as service_dumps

    return service_dumps(obj, indent=indent)


def emit_json(obj: dict[str, Any], stream: Any = None) -> None:
    out = {"teleclaim_version": __version__, **obj}
    (stream or sys.stdout).write(dumps(out) + "\n")


def check_output_path(path: Path, option: str = "-o/--output") -> Path:
    """``path`` if a file can be written there, else an ``InputError`` naming it (before any work)."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(
            f"{option} {path}: is a directory; name a file to write.",
            code="invalid_option",
            option=option,
            file=str(path),
        )
    if not parent.is_dir():
        raise InputError(
            f"{option} {path}: folder {parent} does not exist; create it or write elsewhere.",
            code="invalid_option",
            option=option,
            file=str(path),
        )
    if not os.access(parent, os.W_OK):
        raise InputError(
            f"{option} {path}: folder {parent} is not writable; write elsewhere.",
            code="invalid_option",
            option=option,
            file=str(path),
        )
    return path


def echo(text: str = "") -> None:
    click.echo(text)

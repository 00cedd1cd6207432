"""The ``teleclaim`` command: one click group, commands registered from their modules.

Errors become messages HERE and nowhere else: a ``TeleclaimError`` prints its message (or the JSON
error object under ``--format json``) and exits with its exit code; anything unexpected prints a
one-line internal-error message (the traceback only with ``TELECLAIM_DEBUG=1``) and exits 2.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from teleclaim._version import __version__
from teleclaim.errors import TeleclaimError

#: (module, attribute) of every command: adding a command touches one line here.
COMMANDS: list[tuple[str, str]] = [
    ("teleclaim.cli.reference_cmds", "code"),
    ("teleclaim.cli.reference_cmds", "search"),
    ("teleclaim.cli.data_cmds", "data"),
    ("teleclaim.cli.demo_cmd", "demo"),
    ("teleclaim.cli.check_cmds", "check"),
    ("teleclaim.cli.check_cmds", "rules"),
    ("teleclaim.cli.x12_write_cmds", "write"),
    ("teleclaim.cli.x12_write_cmds", "ack"),
    ("teleclaim.cli.x12_write_cmds", "generate"),
    ("teleclaim.cli.suggest_cmd", "suggest"),
    ("teleclaim.cli.read_cmds", "read"),
    ("teleclaim.cli.read_cmds", "schema"),
    ("teleclaim.cli.payers_cmd", "payers"),
    ("teleclaim.cli.sources_cmd", "sources"),
    ("teleclaim.cli.serve_cmds", "serve"),
    ("teleclaim.cli.serve_cmds", "keys"),
    ("teleclaim.cli.store_cmds", "store"),
    ("teleclaim.cli.remit_cmds", "remit"),
    ("teleclaim.cli.remit_cmds", "status"),
    ("teleclaim.cli.credentials_cmds", "clinicians"),
    ("teleclaim.cli.credentials_cmds", "can-treat"),
    ("teleclaim.cli.report_cmds", "report"),
    ("teleclaim.cli.report_cmds", "ledger"),
    ("teleclaim.cli.fees_cmds", "price"),
    ("teleclaim.cli.fees_cmds", "estimate"),
]


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (start-up stays fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({attr for _, attr in COMMANDS} | set(self.commands))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "."
            raise TeleclaimError(
                f"no command {name!r}{hint} `teleclaim --help` lists the commands.", code="usage_error", value=name
            )
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        for module, attr in COMMANDS:
            if attr == name:
                return getattr(importlib.import_module(module), attr)
        return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teleclaim")
def cli() -> None:
    """teleclaim: telehealth and home-health billing codes, code selection and claim checks."""


def _wants_json(argv: list[str]) -> bool:
    if "--json" in argv:
        return True
    for i, a in enumerate(argv):
        if a == "--format" and i + 1 < len(argv) and argv[i + 1].lower() in ("json", "jsonl", "sarif"):
            return True
        if a.startswith("--format=") and a.split("=", 1)[1].lower() in ("json", "jsonl", "sarif"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        rv = cli.main(args=argv, prog_name="teleclaim", standalone_mode=False)
        return int(rv or 0) if isinstance(rv, int) else 0
    except TeleclaimError as exc:
        _report(exc, argv)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except click.ClickException as exc:
        err = TeleclaimError(exc.format_message(), code="usage_error")
        _report(err, argv)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a file the command had to read or write: name it, never "internal error"
        if os.environ.get("TELECLAIM_DEBUG"):
            raise
        where = exc.filename or "input/output"
        err = TeleclaimError(
            f"{where}: {exc.strerror or type(exc).__name__}; check the path and its permissions.",
            code="io_error",
            file=str(exc.filename) if exc.filename else None,
        )
        _report(err, argv)
        return 2
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are turned into a message
        if os.environ.get("TELECLAIM_DEBUG"):
            raise
        err = TeleclaimError(
            f"internal error ({type(exc).__name__}); please report it. Set TELECLAIM_DEBUG=1 to see the traceback.",
            code="internal_error",
        )
        _report(err, argv)
        return 2


def _report(exc: TeleclaimError, argv: list[str]) -> None:
    if _wants_json(argv):
        from teleclaim.cli.common import emit_json

        emit_json(exc.to_dict())
    else:
        click.echo(f"teleclaim: {exc.message}", err=True)
        sugg = exc.details.get("suggestions")
        if sugg and "did you mean" not in exc.message.lower():  # say it once
            click.echo(
                "Did you mean: "
                + ", ".join(s["code"] + (f" ({s['system']})" if s.get("system") else "") for s in sugg)
                + "?",
                err=True,
            )


def run() -> None:  # pragma: no cover - console entry
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()

"""``teleclaim store``: what operators ask of the store (which backend, which schema, how much)."""

from __future__ import annotations

from typing import Any

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format


@click.group("store")
def store() -> None:
    """The store: SQLite (embedded default) or PostgreSQL (store.url / TELECLAIM_STORE_URL)."""


def _status() -> dict[str, Any]:
    from teleclaim.service.store import status

    return status()


@store.command("status")
@output_options()
def store_status_cmd(fmt: str, as_json: bool) -> int:
    """Backend, location (never a password), schema version and row counts."""
    fmt = resolve_format(fmt, as_json)
    st = _status()
    if fmt == "json":
        emit_json({"store": st})
        return EXIT_OK
    behind = st["latest_version"] - st["schema_version"]
    echo(f"backend: {st['backend']}  ({st['where']})")
    echo(
        f"schema:  version {st['schema_version']}"
        + (f" ({behind} migration(s) pending: run `teleclaim store migrate`)" if behind > 0 else " (up to date)")
    )
    for table, n in st["counts"].items():
        echo(f"  {table:<16} {n:>10,}")
    if "reference" in st:
        echo(f"reference data: sqlite ({st['reference']['where']}), schema version {st['reference']['schema_version']}")
    return EXIT_OK


@store.command("migrate")
@output_options()
def store_migrate(fmt: str, as_json: bool) -> int:
    """Apply the pending migrations (opening the store does it too; this says what it did)."""
    from teleclaim.service.store import migrate

    fmt = resolve_format(fmt, as_json)
    out = migrate()
    version = out["schema_version"]
    if fmt == "json":
        emit_json({"store": out})
    else:
        echo(f"{out['backend']} store at {out['where']}: schema version {version}, up to date")
    return EXIT_OK

"""``teleclaim serve`` (the REST API and web UI on uvicorn) and ``teleclaim keys`` (API keys).

Keys live hashed in the store; ``keys create NAME`` prints the new key alone on one line (the only
time it is shown). The server logs requests without claim contents; put it behind a TLS-terminating
reverse proxy for anything beyond localhost (README: "Running the service").
"""

from __future__ import annotations

import datetime as dt
import errno
import logging

import click

from teleclaim.cli.common import DATE, EXIT_OK, echo, emit_json, output_options, resolve_format


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (each opens the store; SQLite serves several readers).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="Server log level.",
)
def serve(host: str, port: int, workers: int, log_level: str) -> int:
    """Run the REST API (/v1, /docs) and the web UI on the embedded store."""
    import uvicorn

    from teleclaim.service.store import check_reachable
    from teleclaim.settings import load_settings

    load_settings()  # a bad setting (file or TELECLAIM_* variable) stops here, named, before "serving on"
    _check_port_free(host, port)
    check_reachable()  # a store that cannot be reached (PostgreSQL down, wrong password) is exit 2 now
    if not _is_loopback(host):
        click.echo(
            f"teleclaim: warning: --host {host} serves plain HTTP beyond this machine; claims and API keys "
            "travel unencrypted. Put a TLS-terminating reverse proxy in front (README: "
            '"Running the service").',
            err=True,
        )
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    echo(f"teleclaim: serving on http://{host}:{port}  (API docs: /docs, web UI: /)")
    uvicorn.run(
        "teleclaim.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        server_header=False,
    )
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    """Bind the address once (as uvicorn will) so a busy port or a bad host is said before serving."""
    import socket

    from teleclaim.errors import InputError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(
            f"--host {host}: cannot be resolved ({exc.strerror}).", code="invalid_option", option="--host", value=host
        ) from None
    family, socktype, proto, _, addr = infos[0]
    with socket.socket(family, socktype, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            busy = exc.errno in (errno.EADDRINUSE, errno.EACCES)
            what = (
                "is already in use (another `teleclaim serve` or program listens there); stop it or pick another --port"
                if exc.errno == errno.EADDRINUSE
                else f"cannot be opened ({exc.strerror}); pick another --port or --host"
            )
            raise InputError(
                f"{host}:{port} {what}.",
                code="port_unavailable" if busy else "invalid_option",
                option="--port",
                value=str(port),
            ) from None


def _keys():
    from teleclaim.service.keys import key_store

    return key_store()


@click.group("keys")
def keys() -> None:
    """Manage the API keys that the service requires for claim uploads (stored hashed)."""


@keys.command("create")
@click.argument("name")
@click.option("--expires", type=DATE, default=None, help="Last day the key works (YYYY-MM-DD); default: never.")
@output_options()
def keys_create(name: str, expires: dt.date | None, fmt: str, as_json: bool) -> int:
    """Create a key and print it alone on one line (it is not shown again).

    With --format json: {"name", "key", "expires"} (the key is still shown only this once).
    """
    fmt = resolve_format(fmt, as_json)
    if expires is not None and expires < dt.date.today():
        click.echo(
            f"teleclaim: warning: --expires {expires.isoformat()} has passed; requests with this key get 401.", err=True
        )
    key = _keys().create(name, expires)
    if fmt == "json":
        emit_json({"name": name, "key": key, "expires": expires.isoformat() if expires else None})
    else:
        click.echo(key)
    return EXIT_OK


@keys.command("list")
@output_options()
def keys_list(fmt: str, as_json: bool) -> int:
    """List the keys (names, prefixes, dates, status; never the keys)."""
    fmt = resolve_format(fmt, as_json)
    rows = _keys().list()
    if fmt == "json":
        emit_json({"keys": rows})
    elif not rows:
        echo("no API keys; create one with `teleclaim keys create NAME`")
    else:
        for r in rows:
            echo(
                f"{r['name']:<24} {r['prefix']}…  {r['status']:<8} created {r['created_at'][:10]}"
                + (f", expires {r['expires_at'][:10]}" if r["expires_at"] else "")
                + (f", revoked {r['revoked_at'][:10]}" if r["revoked_at"] else "")
            )
    return EXIT_OK


@keys.command("revoke")
@click.argument("name")
@output_options()
def keys_revoke(name: str, fmt: str, as_json: bool) -> int:
    """Revoke a key: requests with it get 401 from now on."""
    fmt = resolve_format(fmt, as_json)
    row = _keys().revoke(name)
    if fmt == "json":
        emit_json({"key": row})
    else:
        echo(f"revoked {name}")
    return EXIT_OK

"""``teleclaim payers [NAME]``: the payer profiles in force (shipped plus teleclaim.toml) and the
payer-id mapping; with NAME, every setting of that profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import EXIT_OK, emit_json, output_options, resolve_format


def _scalar(v: Any) -> str:
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def _lines(key: str, v: Any, indent: int = 2) -> list[str]:
    """One setting as readable lines: scalars inline, short plain lists joined, tables and lists of
    tables indented below their key (never a Python dict or list literal)."""
    pad = " " * indent
    label = key  # the key as written in [profiles.NAME] of teleclaim.toml
    if isinstance(v, dict):
        if set(v) <= {"from", "to"}:
            return [
                f"{pad}{label}: {_scalar(v.get('from')) if v.get('from') else 'always'} to "
                f"{_scalar(v.get('to')) if v.get('to') else 'open'}"
            ]
        out = [f"{pad}{label}:"]
        for k, x in v.items():
            out += _lines(k, x, indent + 2)
        return out
    if isinstance(v, list):
        if not v:
            return [f"{pad}{label}: none"]
        if all(not isinstance(x, (dict, list)) for x in v):
            return [f"{pad}{label}: " + ", ".join(_scalar(x) for x in v)]
        out = [f"{pad}{label}:"]
        for x in v:
            sub = (
                _lines("-", x, indent + 2)
                if not isinstance(x, dict)
                else [ln for k, y in x.items() for ln in _lines(k, y, indent + 4)]
            )
            if isinstance(x, dict) and sub:
                sub[0] = " " * (indent + 2) + "- " + sub[0].lstrip()
            out += sub
        return out
    return [f"{pad}{label}: {_scalar(v)}"]


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


@click.command("payers")
@click.argument("name", required=False)
@output_options()
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.",
)
def payers(name: str | None, fmt: str, as_json: bool, config_file: Path | None) -> int:
    """List the payer profiles the telehealth edits and code selection use (or show one)."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.payers import mapping as payer_mapping
    from teleclaim.service.payers import profile_named, profile_rows, profiles_from
    from teleclaim.settings import load_settings

    ps = profiles_from(load_settings(config_file))
    if name:
        from teleclaim.errors import InputError, NotFoundError

        try:
            p = profile_named(ps, name, where="teleclaim payers")
        except InputError as exc:
            raise NotFoundError(
                str(exc), code="not_found", value=name, suggestions=exc.details.get("suggestions")
            ) from None
        data = _plain(p.to_dict())
        if fmt == "json":
            emit_json({"profile": data})
        else:
            click.echo(f"{p.name}: {p.label}" + ("  [EXAMPLE]" if p.example else ""))
            for k, v in data.items():
                if k not in ("name", "label"):
                    for ln in _lines(k, v):
                        click.echo(ln)
        return EXIT_OK
    rows = profile_rows(ps)
    mapping = payer_mapping(ps)
    if fmt == "json":
        emit_json({"profiles": rows, "mapping": mapping})
    else:
        for r in rows:
            extends = ps.profile(r["name"]).data.get("extends")
            click.echo(
                f"{r['name']:<18} {r['label']}"
                + (f"  (extends {extends})" if extends else "")
                + ("  [EXAMPLE]" if r["example"] else "")
            )
        click.echo(f"\ndefault profile: {ps.default}")
        for pid, prof in ps.by_payer.items():
            click.echo(f"payer id {pid} -> {prof}")
        click.echo("claim filing indicator (SBR09): " + ", ".join(f"{k}->{v}" for k, v in ps.filing.items()))
    return EXIT_OK
